package io.privatevault.stack;

import com.pulumi.Context;
import com.pulumi.core.Output;
import io.privatevault.components.BackupBucket;
import io.privatevault.components.BackupBucketArgs;
import io.privatevault.components.ClientVpcAttachmentArgs;
import io.privatevault.components.ClientVpn;
import io.privatevault.components.ClientVpnArgs;
import io.privatevault.components.InternalNlb;
import io.privatevault.components.InternalNlbArgs;
import io.privatevault.components.KmsSeal;
import io.privatevault.components.KmsSealArgs;
import io.privatevault.components.PrivateDnsZone;
import io.privatevault.components.PrivateDnsZoneArgs;
import io.privatevault.components.PrivateVaultNetwork;
import io.privatevault.components.PrivateVaultNetworkArgs;
import io.privatevault.components.VaultAwsSecretRoleArgs;
import io.privatevault.components.VaultBaseline;
import io.privatevault.components.VaultBaselineArgs;
import io.privatevault.components.VaultKubernetesClusterArgs;
import io.privatevault.components.VaultKubernetesPlatformArgs;
import io.privatevault.components.VaultKubernetesTolerationArgs;
import io.privatevault.components.VaultOidcArgs;
import io.privatevault.components.VaultPostgresArgs;
import io.privatevault.components.VaultRaftCluster;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.VaultTenantArgs;
import io.privatevault.components.dns.DnsCrossAccountVpcArgs;
import io.privatevault.components.dns.DnsVpcAssociationArgs;
import io.privatevault.components.nlb.NlbClientSecurityGroupArgs;
import io.privatevault.components.support.AwsEnvironment;
import io.privatevault.components.testing.SdkInternals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composition: one validated {@link StackSettings} in, every component wired to the others' outputs,
 * stack outputs out. Both {@code pulumi up} and the offline plan run exactly this code.
 *
 * <p>Order: keys, network and backups first; the NLB before the cluster (the cluster registers its nodes in the
 * NLB's target group); the zone on the NLB; the VPN on the network, NLB and zone; the configuration layer last,
 * and only when the stack enables it, so previews of the infrastructure never need to reach Vault.
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

    private void compose(Context ctx, StackSettings s) {
        var tags = s.tags();
        // Decided once here: the seal key policy names the node role before the cluster creates it.
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
        var builtNetworkArgs = networkArgs.build();
        var network = new PrivateVaultNetwork(NAME + "-network", builtNetworkArgs, null);
        // Engineers may reach only the Vault/NLB subnets; an adopted VPC's subnets are not known here, so its CIDR.
        List<String> vaultSubnetCidrs = net.existingVpcId().isEmpty()
                ? builtNetworkArgs.subnetPlan().privateSubnets().stream().map(Object::toString).toList()
                : List.of(net.vpcCidr());

        var backupArgs = BackupBucketArgs.builder()
                .kmsKeyArn(kms.dataKeyArn)
                .snapshotExpirationDays(s.backup().retentionDays())
                .noncurrentVersionExpirationDays(s.backup().retentionDays())
                .tags(tags);
        if (!s.backup().replicaRegion().isEmpty()) {
            backupArgs.replica(s.backup().replicaRegion(), (String) null);
        }
        var backups = new BackupBucket(NAME + "-backups", backupArgs.build(), null);

        // Applications reach 8200 from attached VPCs and declared CIDRs; the VPN adds its own security group.
        var clientCidrs = new ArrayList<String>();
        net.attachedVpcs().forEach(v -> clientCidrs.add(v.cidr()));
        clientCidrs.addAll(net.allowedClientCidrs());
        var nlbArgs = InternalNlbArgs.builder()
                .vpcId(network.vpcId)
                .subnetIds(network.privateSubnetIds)
                .targetCidr(network.cidr)
                .clientCidrs(clientCidrs)
                .deletionProtection(s.dns().deletionProtection())
                .targetType(s.platform().onKubernetes() ? "ip" : "instance")
                .tags(tags);
        var nlb = new InternalNlb(NAME + "-nlb", nlbArgs.build(), null);

        var dns = new PrivateDnsZone(NAME + "-dns", PrivateDnsZoneArgs.builder()
                .zoneName(s.dns().zone())
                .recordName(s.dns().recordName())
                .vpcId(network.vpcId)
                .nlbDnsName(nlb.dnsName)
                .nlbZoneId(nlb.zoneId)
                .additionalVpcs(s.dns().associatedVpcIds().stream()
                        .map(id -> DnsVpcAssociationArgs.of(Output.of(id), s.region())).toList())
                .crossAccountVpcs(s.dns().crossAccountVpcs().stream()
                        .map(v -> DnsCrossAccountVpcArgs.of(Output.of(v.vpcId()), v.region(), v.accountId())).toList())
                .tags(tags)
                .build(), null);

        var c = s.cluster();
        var clusterArgs = VaultRaftClusterArgs.builder()
                .vpcId(network.vpcId)
                .subnetIds(network.privateSubnetIds)
                .vpcCidr(network.cidr)
                .sealKeyArn(kms.keyArn)
                .dataKeyArn(kms.dataKeyArn)
                .ebsKmsKeyArn(kms.dataKeyArn)
                .backupBucketName(backups.bucketName)
                .backupBucketArn(backups.bucketArn)
                .snapshotPrefix(backups.snapshotPrefix)
                .nlbSecurityGroupId(nlb.securityGroupId)
                .targetGroupArn(nlb.targetGroupArn)
                .loadBalancerArn(nlb.loadBalancerArn)
                .dnsZoneName(s.dns().zone())
                .recordName(s.dns().recordName())
                .vaultVersion(c.vaultVersion())
                .vaultSha256(c.vaultSha256())
                .clusterName(s.project() + "-" + s.stack())
                .nodeRoleName(nodeRoleName)
                .nodeCount(c.nodeCount())
                .instanceType(c.instanceType())
                .dataVolumeSizeGiB(c.dataVolumeSizeGb())
                .dataVolumeIops(c.dataVolumeIops())
                .dataVolumeThroughput(c.dataVolumeThroughput())
                .recoveryShares(c.recoveryShares())
                .recoveryThreshold(c.recoveryThreshold())
                .snapshotIntervalMinutes(s.backup().snapshotIntervalMinutes())
                .alarmEmails(c.alarmEmails())
                .logRetentionDays(net.logRetentionDays())
                .tags(tags);
        if (!c.vaultArtifactUrl().isEmpty()) {
            clusterArgs.vaultDownloadUrl(c.vaultArtifactUrl()).s3PrefixListId(network.s3PrefixListId);
        }
        if (s.platform().onKubernetes()) {
            clusterArgs.platform("kubernetes").kubernetes(kubernetesPlatform(s.platform().kubernetes(), vaultSubnetCidrs));
        }
        var cluster = new VaultRaftCluster(NAME + "-cluster", clusterArgs.build(), null);
        renderedFiles.put("cluster", cluster.renderedFiles);

        ctx.export("environment", Output.of(s.environment().id()));
        ctx.export("region", Output.of(s.region()));
        ctx.export("vpcId", network.vpcId);
        ctx.export("privateSubnetIds", network.privateSubnetIds);
        ctx.export("sealKeyArn", kms.keyArn);
        ctx.export("backupBucket", backups.bucketName);
        ctx.export("nlbDnsName", nlb.dnsName);
        ctx.export("vaultUrl", dns.vaultFqdn.applyValue(fqdn -> "https://" + fqdn + ":8200"));
        ctx.export("vaultCaCertPem", cluster.caCertPem);
        ctx.export("nodeRoleArn", cluster.roleArn);
        ctx.export("recoverySecretArn", cluster.recoverySecretArn);
        ctx.export("alarmTopicArn", cluster.alarmTopicArn);

        if (s.vpn().enabled()) {
            var vpn = clientVpn(s, network, nlb, dns, kms, vaultSubnetCidrs);
            renderedFiles.put("vpn", vpn.renderedFiles);
            ctx.export("vpnEndpointId", vpn.endpointId);
            ctx.export("vpnClientConfigs", vpn.clientConfigs);
            ctx.export("vpnClientCertificateSerials", vpn.clientCertificateSerials);
            ctx.export("vpnRevocationListPem", vpn.revocationListPem);
            ctx.export("vpnRevocationListImportCommand", vpn.revocationListImportCommand);
        }

        if (s.vaultConfig().enabled()) {
            var baseline = baseline(s, dns, cluster);
            renderedFiles.put("vault", baseline.renderedFiles);
            ctx.export("vaultKvMount", baseline.kvMountPath);
            ctx.export("vaultTenantLogins", baseline.tenantLogins);
        }
    }

    /** Vault on the tooling EKS cluster; 8200 reaches the pods only from the NLB subnets (default: the Vault subnets/VPC). */
    private static VaultKubernetesPlatformArgs kubernetesPlatform(StackSettings.KubernetesPlatform k, List<String> vaultSubnetCidrs) {
        return VaultKubernetesPlatformArgs.builder()
                .kubeconfig(secret(k.kubeconfig()))
                .oidcProviderArn(k.oidcProviderArn())
                .oidcIssuerUrl(k.oidcIssuerUrl())
                .nlbSubnetCidrs(Output.of(k.nlbSubnetCidrs().isEmpty() ? vaultSubnetCidrs : k.nlbSubnetCidrs()))
                .namespace(k.namespace())
                .chartVersion(k.chartVersion())
                .nodeSelector(k.nodeSelector())
                .tolerations(k.tolerations().stream()
                        .map(t -> VaultKubernetesTolerationArgs.of(t.key(), t.operator(), t.value(), t.effect())).toList())
                .cpuRequest(k.requests().get("cpu"))
                .memoryRequest(k.requests().get("memory"))
                .cpuLimit(k.limits().get("cpu"))
                .memoryLimit(k.limits().get("memory"))
                .build();
    }

    private static ClientVpn clientVpn(StackSettings s, PrivateVaultNetwork network, InternalNlb nlb, PrivateDnsZone dns, KmsSeal kms,
                                       List<String> authorizedCidrs) {
        var v = s.vpn();
        var attached = new ArrayList<String>();
        s.network().attachedVpcs().forEach(a -> attached.add(a.cidr()));
        // Associations go to the first zones' subnets, one per zone: the list is ordered like availabilityZones.
        Output<List<String>> subnets = network.privateSubnetIds.applyValue(ids -> ids.subList(0, v.subnetCount()));
        return new ClientVpn(NAME + "-vpn", ClientVpnArgs.builder()
                .vpcId(network.vpcId)
                .vpcCidr(network.cidr)
                .subnetIds(subnets)
                .resolverAddress(network.resolverAddress)
                .nlbSecurityGroupId(nlb.securityGroupId)
                .manageNlbIngress(true)
                .logKmsKeyArn(kms.dataKeyArn)
                .clientCidr(v.clientCidr())
                .serverName("vpn." + s.dns().zone())
                .vaultFqdn(dns.vaultFqdn)
                .associationCount(v.subnetCount())
                .attachedCidrs(attached)
                .authorizedCidrs(authorizedCidrs)
                .engineers(v.engineers().stream().map(e -> e.mode().equals("csr")
                        ? ClientVpnArgs.EngineerArgs.csr(e.name(), e.csrPem())
                        : ClientVpnArgs.EngineerArgs.generated(e.name())).toList())
                .revoked(v.revokedEngineers().stream().map(r -> ClientVpnArgs.RevokedEngineerArgs.of(r.name(),
                        r.serialNumbers().toArray(new String[0]))).toList())
                .clientValidityHours(v.certValidityHours())
                .sessionTimeoutHours(v.sessionTimeoutHours())
                .loginBanner(v.banner())
                .logRetentionDays(s.network().logRetentionDays())
                .tags(s.tags())
                .build(), null);
    }

    private static VaultBaseline baseline(StackSettings s, PrivateDnsZone dns, VaultRaftCluster cluster) {
        var vc = s.vaultConfig();
        var args = VaultBaselineArgs.builder()
                .address(dns.vaultFqdn.applyValue(fqdn -> "https://" + fqdn + ":8200"))
                .caCertPem(cluster.caCertPem)
                .provisionerRoleArn(Output.of(vc.provisionerRoleArn()))
                .nodeRoleArn(cluster.roleArn)
                .adminRoleArns(vc.adminRoleArns().isEmpty() ? null : Output.of(vc.adminRoleArns()))
                .awsRegion(Output.of(s.region()))
                .nodeCount(s.cluster().nodeCount())
                .kubernetesClusters(vc.kubernetesClusters().stream().map(k -> VaultKubernetesClusterArgs.builder()
                        .name(k.name())
                        .apiHost(k.apiHost())
                        .caCertPem(Output.of(k.caCertPem()))
                        .reviewerNamespace(k.reviewerNamespace())
                        .kubeconfig(secret(k.kubeconfig()))
                        .build()).toList())
                .tenants(vc.tenants().stream().map(VaultPlatform::tenant).toList());
        if (vc.bootstrapToken() == null || !vc.bootstrapToken().isEmpty()) {
            args.bootstrapToken(secret(vc.bootstrapToken()));
        }
        if (vc.oidc() != null) {
            var o = vc.oidc();
            args.oidc(VaultOidcArgs.builder()
                    .discoveryUrl(o.discoveryUrl())
                    .clientId(o.clientId())
                    .clientSecret(secret(o.clientSecret()))
                    .allowedRedirectUris(o.allowedRedirectUris())
                    .groupPolicies(o.groupPolicies())
                    .groupsClaim(o.groupsClaim())
                    .userClaim(o.userClaim())
                    .build());
        }
        return new VaultBaseline(NAME + "-config", args.build(), null);
    }

    private static VaultTenantArgs tenant(StackSettings.Tenant t) {
        var args = VaultTenantArgs.builder()
                .name(t.name())
                .authType(t.auth())
                .tokenTtlSeconds((int) t.tokenTtl().toSeconds())
                .tokenMaxTtlSeconds((int) t.tokenMaxTtl().toSeconds())
                .transitKey(t.transit());
        switch (t.auth()) {
            case "kubernetes" -> args.kubernetesCluster(t.cluster()).namespaces(t.namespaces()).serviceAccountNames(t.serviceAccounts());
            case "approle" -> args.secretIdBoundCidrs(t.cidrs()).tokenBoundCidrs(t.cidrs());
            default -> args.boundIamPrincipalArns(t.roleArns());
        }
        if (t.postgres() != null) {
            var pg = t.postgres();
            args.postgres(VaultPostgresArgs.builder()
                    .host(pg.host()).port(pg.port()).database(pg.database()).username(pg.username()).sslMode(pg.sslMode())
                    .password(secret(pg.password()))
                    .build());
        }
        if (!t.awsSecretRoles().isEmpty()) {
            args.awsSecretRoles(t.awsSecretRoles().stream().map(r -> {
                var role = VaultAwsSecretRoleArgs.builder().name(r.name()).credentialType(r.credentialType());
                if (!r.policyDocument().isEmpty()) {
                    role.policyDocument(r.policyDocument());
                }
                if (!r.roleArns().isEmpty()) {
                    role.roleArns(r.roleArns());
                }
                return role.build();
            }).toList());
        }
        return args.build();
    }

    /**
     * A secret setting as a secret output; {@code null} (encrypted in the stack file, not decryptable in the
     * offline plan) becomes an unknown secret, exactly what a preview shows for a value computed later.
     */
    static Output<String> secret(String value) {
        return value == null ? SdkInternals.unknownSecret() : Output.ofSecret(value);
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
}
