package io.privatevault.components;

import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.aws.route53.VpcAssociationAuthorization;
import com.pulumi.aws.route53.VpcAssociationAuthorizationArgs;
import com.pulumi.aws.route53.Zone;
import com.pulumi.aws.route53.ZoneArgs;
import com.pulumi.aws.route53.ZoneAssociation;
import com.pulumi.aws.route53.ZoneAssociationArgs;
import com.pulumi.aws.route53.inputs.RecordAliasArgs;
import com.pulumi.aws.route53.inputs.ZoneVpcArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import javax.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A Route 53 private hosted zone with {@code vault.<zone>} aliased to the internal NLB, associated with more
 * VPCs in this account and authorised for VPCs in other accounts. See dns/README.md.
 */
public final class PrivateDnsZone extends ComponentResource {
    @Export(name = "zoneId", refs = {String.class})
    public final Output<String> zoneId;
    @Export(name = "zoneName", refs = {String.class})
    public final Output<String> zoneName;
    /** {@code vault.<zone>}. */
    @Export(name = "vaultFqdn", refs = {String.class})
    public final Output<String> vaultFqdn;

    public PrivateDnsZone(String name, PrivateDnsZoneArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:PrivateDnsZone", name, null, ComponentLifecycle.validated(args.validate(), options));
        var child = CustomResourceOptions.builder().parent(this).build();

        var zone = new Zone(name + "-zone", ZoneArgs.builder()
                .name(args.zoneName())
                .comment("Private zone for Vault (" + name + ")")
                .vpcs(args.vpcId().applyValue(id -> List.of(ZoneVpcArgs.builder().vpcId(id).build())))
                .forceDestroy(args.forceDestroy())
                .tags(args.tags())
                .build(),
                // Further VPCs are separate ZoneAssociation resources; the provider requires the zone to ignore them.
                CustomResourceOptions.builder().parent(this).ignoreChanges("vpcs").build());

        new Record(name + "-vault", RecordArgs.builder()
                .zoneId(zone.zoneId())
                .name(args.vaultFqdn())
                .type("A")
                .aliases(Output.tuple(args.nlbDnsName(), args.nlbZoneId()).applyValue(t -> List.of(RecordAliasArgs.builder()
                        .name(t.t1).zoneId(t.t2)
                        // Route 53 answers only while the NLB has a healthy target in some zone.
                        .evaluateTargetHealth(true)
                        .build())))
                .build(), child);

        int i = 0;
        for (var vpc : args.additionalVpcs()) {
            var association = ZoneAssociationArgs.builder().zoneId(zone.zoneId()).vpcId(vpc.vpcId());
            if (vpc.vpcRegion() != null) {
                association.vpcRegion(vpc.vpcRegion());
            }
            new ZoneAssociation(name + "-vpc-" + i++, association.build(), child);
        }
        i = 0;
        for (var vpc : args.crossAccountVpcs()) {
            new VpcAssociationAuthorization(name + "-authorize-" + vpc.accountId() + "-" + i++,
                    VpcAssociationAuthorizationArgs.builder()
                            .zoneId(zone.zoneId()).vpcId(vpc.vpcId()).vpcRegion(vpc.vpcRegion()).build(), child);
        }

        this.zoneId = zone.zoneId();
        this.zoneName = Output.of(args.zoneName());
        this.vaultFqdn = Output.of(args.vaultFqdn());
        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("zoneId", zoneId);
        outputs.put("zoneName", zoneName);
        outputs.put("vaultFqdn", vaultFqdn);
        registerOutputs(outputs);
    }
}
