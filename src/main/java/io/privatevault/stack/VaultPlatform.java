package io.privatevault.stack;

import com.pulumi.Context;
import com.pulumi.core.Output;
import io.privatevault.components.BackupBucket;
import io.privatevault.components.ClientVpn;
import io.privatevault.components.InternalNlb;
import io.privatevault.components.KmsSeal;
import io.privatevault.components.PrivateDnsZone;
import io.privatevault.components.PrivateVaultNetwork;
import io.privatevault.components.VaultRaftCluster;
import io.privatevault.components.support.AwsEnvironment;
import io.privatevault.components.testing.SdkInternals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform stack's composition: one validated {@link StackSettings} in, every component wired to the others'
 * outputs, stack outputs out (among them what the configuration stack reads, {@link PlatformStackOutputs}). Both
 * {@code pulumi up} and the offline plan run exactly this code.
 *
 * <p>Every component's Args are built first ({@link ComponentArgs}, pure, with placeholder outputs): a problem any
 * component finds is reported on the stack key it came from and nothing is registered. Only then are the components
 * registered, each with Args built by the same builders from the real outputs.
 *
 * <p>Order: keys, network and backups first; the NLB before the cluster (the cluster registers its nodes in the
 * NLB's target group); the zone on the NLB; the VPN on the network, NLB and zone. Nothing of Vault's configuration:
 * no Vault provider, no {@code vault:*} resource (that is {@link VaultConfiguration}, in the configuration stack), so
 * a preview or update of the platform never needs to reach Vault.
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

    /**
     * Every problem the components find in the Args built from {@code settings}, reported on the stack keys they came
     * from; building them registers nothing. {@link StackSettings#load} lists these with the settings' own problems.
     */
    static List<SettingsProblems.ArgsProblem> argsProblems(StackSettings settings) {
        return ComponentArgs.problems(settings);
    }

    private void compose(Context ctx, StackSettings s) {
        // Every Args first, registering nothing: a stack some component refuses creates nothing at all.
        SettingsProblems.throwIfAny(s, argsProblems(s));
        var args = ComponentArgs.forRegistration(s);
        // Decided once here: the key policies name the node and replication roles before anything creates them.
        var account = AwsEnvironment.of(null).accountId();

        var kms = new KmsSeal(NAME + "-kms", args.kms(account), null);
        var kmsOut = new ComponentArgs.Kms(kms.keyArn, kms.dataKeyArn);

        var networkArgs = args.network(kmsOut);
        var network = new PrivateVaultNetwork(NAME + "-network", networkArgs, null);
        var networkOut = new ComponentArgs.Network(network.vpcId, network.privateSubnetIds, network.edgeSubnetIds, network.cidr,
                network.resolverAddress, network.s3PrefixListId, network.egressIds);
        List<String> frontSubnetCidrs = args.frontSubnetCidrs(networkArgs);

        var backups = new BackupBucket(NAME + "-backups", args.backups(kmsOut, account), null);

        var nlb = new InternalNlb(NAME + "-nlb", args.nlb(networkOut), null);
        var nlbOut = new ComponentArgs.Nlb(nlb.securityGroupId, nlb.targetGroupArn, nlb.loadBalancerArn, nlb.dnsName, nlb.zoneId);

        var dns = new PrivateDnsZone(NAME + "-dns", args.dns(networkOut, nlbOut), null);

        var cluster = new VaultRaftCluster(NAME + "-cluster", args.cluster(kmsOut, networkOut,
                new ComponentArgs.Backups(backups.bucketName, backups.bucketArn, backups.snapshotPrefix), nlbOut, frontSubnetCidrs), null);
        renderedFiles.put("cluster", cluster.renderedFiles);

        ctx.export("environment", Output.of(s.environment().id()));
        ctx.export(PlatformStackOutputs.REGION, Output.of(s.region()));
        ctx.export("vpcId", network.vpcId);
        ctx.export("privateSubnetIds", network.privateSubnetIds);
        ctx.export("sealKeyArn", kms.keyArn);
        ctx.export("dataKeyArn", kms.dataKeyArn);
        ctx.export("backupBucket", backups.bucketName);
        ctx.export("backupSnapshotPrefix", backups.snapshotPrefix);
        // What an operator attaches to the roles the settings name (their IAM side of the key and bucket policies).
        ctx.export("restoreRolePolicyJson", backups.readerPolicyJson);
        if (s.backup().replicates()) {
            ctx.export("backupReplicaBucket", backups.replicaBucketName);
            ctx.export("backupReplicaKeyArn", backups.replicaKmsKeyArn);
        }
        if (s.kms().sealKeyMultiRegion() && s.backup().replicates()) {
            ctx.export("sealReplicaKeyArn", kms.sealReplicaKeyArn);
        }
        if (s.platform().onKubernetes()) {
            ctx.export("ebsCsiPolicyJson", kms.ebsCsiPolicyJson);
        }
        ctx.export("nlbDnsName", nlb.dnsName);
        ctx.export(PlatformStackOutputs.VAULT_URL, cluster.vaultAddress);
        ctx.export(PlatformStackOutputs.VAULT_CA_CERT_PEM, cluster.caCertPem);
        ctx.export("nodeRoleArn", cluster.roleArn);
        ctx.export("recoverySecretArn", cluster.recoverySecretArn);
        ctx.export("breakGlassPolicyJson", cluster.recoveryReaderPolicyJson);
        if (s.cluster().ssmSessions()) {
            ctx.export("sessionOperatorPolicyJson", cluster.sessionOperatorPolicyJson);
        }
        ctx.export("alarmTopicArn", cluster.alarmTopicArn);
        ctx.export(PlatformStackOutputs.PROVISIONER_ROLE_ARN, Output.of(s.cluster().provisionerRoleArn()));
        ctx.export(PlatformStackOutputs.PROVISIONER_AUTH_MOUNT, cluster.provisionerAuthMount);
        ctx.export(PlatformStackOutputs.PROVISIONER_AUTH_ROLE, cluster.provisionerAuthRole);
        ctx.export(PlatformStackOutputs.AUDIT_LOG_PATH, cluster.auditLogPath);
        ctx.export(PlatformStackOutputs.AUDIT_SECOND_DEVICE, cluster.auditSecondDevice);

        if (s.vpn().enabled()) {
            var vpn = new ClientVpn(NAME + "-vpn", args.vpn(kmsOut, networkOut, nlbOut, dns.vaultFqdn, frontSubnetCidrs), null);
            renderedFiles.put("vpn", vpn.renderedFiles);
            ctx.export("vpnEndpointId", vpn.endpointId);
            ctx.export("vpnClientConfigs", vpn.clientConfigs);
            ctx.export("vpnClientCertificateSerials", vpn.clientCertificateSerials);
            ctx.export("vpnRevocationListPem", vpn.revocationListPem);
            ctx.export("vpnRevocationListImportCommand", vpn.revocationListImportCommand);
        }
    }

    /**
     * A secret setting as a secret output; {@code null} (encrypted in the stack file, not decryptable in the
     * offline plan) becomes an unknown secret, exactly what a preview shows for a value computed later.
     */
    static Output<String> secret(String value) {
        return value == null ? SdkInternals.unknownSecret() : Output.ofSecret(value);
    }
}
