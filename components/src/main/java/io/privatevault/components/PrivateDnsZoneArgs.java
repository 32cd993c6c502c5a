package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.dns.DnsCrossAccountVpcArgs;
import io.privatevault.components.dns.DnsVpcAssociationArgs;
import io.privatevault.components.support.Problems;

import java.util.List;
import java.util.Map;

/**
 * Inputs of {@link PrivateDnsZone}. Every field is optional unless marked required; a missing field takes the
 * default documented on it (also when the component is constructed from another Pulumi language).
 */
public final class PrivateDnsZoneArgs extends ResourceArgs {
    /** Required. Zone name, e.g. {@code tooling.internal}. */
    @Import(name = "zoneName", required = true)
    private String zoneName;

    /** Required. The Vault VPC; the zone is created associated with it (a private zone needs one VPC). */
    @Import(name = "vpcId", required = true)
    private Output<String> vpcId;

    /** Required. InternalNlb.dnsName. */
    @Import(name = "nlbDnsName", required = true)
    private Output<String> nlbDnsName;

    /** Required. InternalNlb.zoneId (the NLB's canonical hosted zone). */
    @Import(name = "nlbZoneId", required = true)
    private Output<String> nlbZoneId;

    /** Label of the Vault record. Default {@code vault}, giving {@code vault.<zone>} (the name on the certificate). */
    @Import(name = "recordName")
    private String recordName;

    /** More VPCs in this account that resolve the zone (client VPCs). Default none. */
    @Import(name = "additionalVpcs")
    private List<DnsVpcAssociationArgs> additionalVpcs;

    /** VPCs in other accounts authorised to associate with the zone. Default none. */
    @Import(name = "crossAccountVpcs")
    private List<DnsCrossAccountVpcArgs> crossAccountVpcs;

    /** Delete records Pulumi does not manage when the zone is destroyed. Default false (keep the zone's content safe). */
    @Import(name = "forceDestroy")
    private Boolean forceDestroy;

    /** Tags for the zone. Default none. */
    @Import(name = "tags")
    private Map<String, String> tags;

    private PrivateDnsZoneArgs() {
    }

    public String zoneName() { return zoneName; }
    public Output<String> vpcId() { return vpcId; }
    public Output<String> nlbDnsName() { return nlbDnsName; }
    public Output<String> nlbZoneId() { return nlbZoneId; }
    public String recordName() { return recordName == null ? "vault" : recordName; }
    public String vaultFqdn() { return recordName() + "." + zoneName; }
    public List<DnsVpcAssociationArgs> additionalVpcs() { return additionalVpcs == null ? List.of() : additionalVpcs; }
    public List<DnsCrossAccountVpcArgs> crossAccountVpcs() { return crossAccountVpcs == null ? List.of() : crossAccountVpcs; }
    public boolean forceDestroy() { return forceDestroy != null && forceDestroy; }
    public Map<String, String> tags() { return tags == null ? Map.of() : tags; }

    PrivateDnsZoneArgs validate() {
        var p = Problems.of("PrivateDnsZoneArgs");
        p.dnsName("zoneName", zoneName);
        p.require(vpcId != null, "vpcId", null, "set");
        p.require(nlbDnsName != null, "nlbDnsName", null, "set");
        p.require(nlbZoneId != null, "nlbZoneId", null, "set");
        p.dnsLabel("recordName", recordName());
        for (int i = 0; i < additionalVpcs().size(); i++) {
            var vpc = additionalVpcs().get(i);
            String at = "additionalVpcs[" + i + "]";
            if (p.require(vpc != null && vpc.vpcId() != null, at, null, "an entry with a vpcId") && vpc.vpcRegion() != null) {
                p.require(vpc.vpcRegion().matches("[a-z]{2}(-[a-z]+)+-\\d"), at + ".vpcRegion", vpc.vpcRegion(), "an AWS region such as eu-west-1");
            }
        }
        for (int i = 0; i < crossAccountVpcs().size(); i++) {
            var vpc = crossAccountVpcs().get(i);
            String at = "crossAccountVpcs[" + i + "]";
            if (p.require(vpc != null && vpc.vpcId() != null, at, null, "an entry with a vpcId")) {
                p.require(vpc.vpcRegion() != null && vpc.vpcRegion().matches("[a-z]{2}(-[a-z]+)+-\\d"),
                        at + ".vpcRegion", vpc.vpcRegion(), "an AWS region such as eu-west-1");
                p.require(vpc.accountId() != null && vpc.accountId().matches("\\d{12}"), at + ".accountId",
                        vpc.accountId(), "a 12-digit AWS account id");
            }
        }
        p.orThrow();
        return this;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final PrivateDnsZoneArgs a = new PrivateDnsZoneArgs();

        public Builder zoneName(String v) { a.zoneName = v; return this; }
        public Builder vpcId(Output<String> v) { a.vpcId = v; return this; }
        public Builder nlbDnsName(Output<String> v) { a.nlbDnsName = v; return this; }
        public Builder nlbZoneId(Output<String> v) { a.nlbZoneId = v; return this; }
        public Builder recordName(String v) { a.recordName = v; return this; }
        public Builder additionalVpcs(List<DnsVpcAssociationArgs> v) { a.additionalVpcs = List.copyOf(v); return this; }
        public Builder crossAccountVpcs(List<DnsCrossAccountVpcArgs> v) { a.crossAccountVpcs = List.copyOf(v); return this; }
        public Builder forceDestroy(boolean v) { a.forceDestroy = v; return this; }
        public Builder tags(Map<String, String> v) { a.tags = Map.copyOf(v); return this; }

        public PrivateDnsZoneArgs build() {
            return a.validate();
        }
    }
}
