package io.privatevault.stack;

import com.pulumi.Context;
import com.pulumi.core.Output;
import io.privatevault.components.BackupBucket;
import io.privatevault.components.BackupBucketArgs;
import io.privatevault.components.ClientVpcAttachmentArgs;
import io.privatevault.components.KmsSeal;
import io.privatevault.components.KmsSealArgs;
import io.privatevault.components.PrivateVaultNetwork;
import io.privatevault.components.PrivateVaultNetworkArgs;
import io.privatevault.components.support.AwsEnvironment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composition: one validated {@link StackSettings} in, every component wired to the others' outputs,
 * stack outputs out. Both {@code pulumi up} and the offline plan run exactly this code.
 */
public final class VaultPlatform {
    /** Logical name prefix of every top-level component. */
    static final String NAME = "vault";

    private final Map<String, Output<Map<String, String>>> renderedFiles = new LinkedHashMap<>();

    private VaultPlatform() {
    }

    /** Registers the platform for {@code settings} and exports its stack outputs. */
    public static VaultPlatform define(Context ctx, StackSettings settings) {
        var platform = new VaultPlatform();
        platform.compose(ctx, settings);
        return platform;
    }

    /** Every file the components rendered, by relative path (what {@code plan --artifacts} writes). */
    public Output<Map<String, String>> renderedFiles() {
        List<Output<Map<String, String>>> all = List.copyOf(renderedFiles.values());
        if (all.isEmpty()) {
            return Output.of(Map.of());
        }
        return Output.all(all).applyValue(maps -> {
            var merged = new java.util.TreeMap<String, String>();
            maps.forEach(merged::putAll);
            return java.util.Collections.unmodifiableMap(merged);
        });
    }

    private static ClientVpcAttachmentArgs attachment(StackSettings.AttachedVpc vpc) {
        var args = ClientVpcAttachmentArgs.builder().name(vpc.name()).cidr(vpc.cidr());
        if (!vpc.vpcId().isEmpty()) {
            args.peerVpcId(vpc.vpcId());
            if (!vpc.peerAccountId().isEmpty()) {
                args.peerAccountId(vpc.peerAccountId());
            }
            if (!vpc.peerRegion().isEmpty()) {
                args.peerRegion(vpc.peerRegion());
            }
        } else {
            args.transitGatewayId(vpc.transitGatewayId());
        }
        return args.build();
    }

    private void compose(Context ctx, StackSettings s) {
        var tags = s.tags();
        // The node role's name is decided here once: the seal key policy names it before the role exists.
        String nodeRoleName = s.project() + "-" + s.stack() + "-vault-node";
        var account = AwsEnvironment.of(null).accountId();
        Output<String> nodeRoleArn = account.applyValue(id -> "arn:aws:iam::" + id + ":role/" + nodeRoleName);

        var kms = new KmsSeal(NAME + "-kms", KmsSealArgs.builder()
                .sealPrincipalArns(nodeRoleArn.applyValue(List::of))
                .adminPrincipalArns(s.kms().adminArns().isEmpty() ? null : Output.of(s.kms().adminArns()))
                .deletionWindowDays(s.kms().deletionWindowDays())
                .aliasPrefix("alias/" + s.project() + "-" + s.stack())
                .tags(tags)
                .build(), null);

        var net = s.network();
        var networkArgs = PrivateVaultNetworkArgs.builder()
                .cidr(net.vpcCidr())
                .availabilityZones(net.availabilityZones())
                .natGateways(net.natGateways())
                .flowLogKmsKeyArn(kms.dataKeyArn)
                .flowLogRetentionDays(net.logRetentionDays())
                .attachments(net.attachedVpcs().stream().map(VaultPlatform::attachment).toList())
                .tags(tags);
        if (!net.existingVpcId().isEmpty()) {
            networkArgs.existingVpc(net.existingVpcId(), net.existingPrivateSubnetIds(), net.existingRouteTableIds());
        }
        var network = new PrivateVaultNetwork(NAME + "-network", networkArgs.build(), null);

        var backupArgs = BackupBucketArgs.builder()
                .kmsKeyArn(kms.dataKeyArn)
                .snapshotExpirationDays(s.backup().retentionDays())
                .noncurrentVersionExpirationDays(s.backup().retentionDays())
                .tags(tags);
        if (!s.backup().replicaRegion().isEmpty()) {
            backupArgs.replica(s.backup().replicaRegion(), (String) null);
        }
        var backups = new BackupBucket(NAME + "-backups", backupArgs.build(), null);

        ctx.export("environment", Output.of(s.environment().id()));
        ctx.export("backupBucket", backups.bucketName);
        ctx.export("vpcId", network.vpcId);
        ctx.export("privateSubnetIds", network.privateSubnetIds);
        ctx.export("region", Output.of(s.region()));
        ctx.export("sealKeyArn", kms.keyArn);
        ctx.export("vaultUrl", Output.of("https://" + s.dns().vaultFqdn() + ":8200"));
    }
}
