package io.privatevault.stack;

import com.pulumi.core.Output;
import io.privatevault.components.BackupBucketArgs;
import io.privatevault.components.ClientVpcAttachmentArgs;
import io.privatevault.components.ClientVpnArgs;
import io.privatevault.components.VaultEgressArgs;
import io.privatevault.components.network.EndpointCatalog;
import io.privatevault.components.InternalNlbArgs;
import io.privatevault.components.KmsSealArgs;
import io.privatevault.components.PrivateDnsZoneArgs;
import io.privatevault.components.PrivateVaultNetworkArgs;
import io.privatevault.components.VaultKubernetesPlatformArgs;
import io.privatevault.components.VaultKubernetesTolerationArgs;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.dns.DnsCrossAccountVpcArgs;
import io.privatevault.components.dns.DnsVpcAssociationArgs;
import io.privatevault.components.support.InvalidSettingException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every platform component's Args, built from the settings and the outputs of the components registered before it
 * (the configuration stack's are {@link ConfigurationArgs}). Pure:
 * building registers nothing, so the composition builds them all first with placeholder outputs (the values the
 * settings decide are the real ones) to collect every problem, and again with the real outputs to register.
 * One builder per component, used by both passes, so the two can never disagree.
 */
final class ComponentArgs {
    /** Outputs of KmsSeal that later components take. */
    record Kms(Output<String> keyArn, Output<String> dataKeyArn) {
    }

    /** Outputs of PrivateVaultNetwork that later components take. */
    record Network(Output<String> vpcId, Output<List<String>> privateSubnetIds, Output<List<String>> edgeSubnetIds, Output<String> cidr,
                   Output<String> resolverAddress, Output<String> s3PrefixListId, Output<List<String>> egressIds) {
    }

    /** Outputs of BackupBucket that the cluster takes. */
    record Backups(Output<String> bucketName, Output<String> bucketArn, Output<String> snapshotPrefix) {
    }

    /** Outputs of InternalNlb that the zone, cluster and VPN take. */
    record Nlb(Output<String> securityGroupId, Output<String> targetGroupArn, Output<String> loadBalancerArn,
               Output<String> dnsName, Output<String> zoneId) {
    }

    private final StackSettings s;

    private ComponentArgs(StackSettings settings) {
        this.s = settings;
    }

    /** The Args the composition registers (every problem was found before; a failure here is a defect). */
    static ComponentArgs forRegistration(StackSettings settings) {
        return new ComponentArgs(settings);
    }

    /** Builds every component's Args with placeholder outputs and returns every problem, in composition order. */
    static List<SettingsProblems.ArgsProblem> problems(StackSettings settings) {
        var found = new ArrayList<SettingsProblems.ArgsProblem>();
        var args = new ComponentArgs(settings);
        Output<String> text = Output.of("placeholder");
        var kms = new Kms(text, text);
        var network = new Network(text, Output.of(List.of()), Output.of(List.of()), text, text, text, Output.of(List.of()));
        var backups = new Backups(text, text, text);
        var nlb = new Nlb(text, text, text, text, text);

        var built = new PrivateVaultNetworkArgs[1];
        collect(found, "KmsSeal", settings, () -> args.kms(Output.of("123456789012")));
        collect(found, "PrivateVaultNetwork", settings, () -> built[0] = args.network(kms));
        List<String> frontSubnets = args.frontSubnetCidrs(built[0]);
        collect(found, "BackupBucket", settings, () -> args.backups(kms, Output.of("123456789012")));
        collect(found, "InternalNlb", settings, () -> args.nlb(network));
        collect(found, "PrivateDnsZone", settings, () -> args.dns(network, nlb));
        collect(found, "VaultRaftCluster", settings, () -> args.cluster(kms, network, backups, nlb, frontSubnets));
        if (settings.vpn().enabled()) {
            collect(found, "ClientVpn", settings, () -> args.vpn(kms, network, nlb, text, frontSubnets));
        }
        return found;
    }

    /** Builds one component's Args, recording its problems on the stack keys they came from. */
    static void collect(List<SettingsProblems.ArgsProblem> found, String name, StackLayer settings, Supplier<Object> build) {
        try {
            build.get();
        } catch (InvalidSettingException e) {
            e.problems().forEach(p -> found.add(ArgsOrigins.map(name, p, settings)));
        }
    }

    // ---- one builder per component ---------------------------------------------------------------------------------

    String nodeRoleName() {
        return s.project() + "-" + s.stack() + "-vault-node";
    }

    /** The snapshot bucket's replication role: named up front, so the data key's policy can name it before it exists. */
    String replicationRoleName() {
        return s.project() + "-" + s.stack() + "-snapshot-replication";
    }

    private static Output<List<String>> role(Output<String> accountId, String name) {
        return accountId.applyValue(id -> List.of("arn:aws:iam::" + id + ":role/" + name));
    }

    /** A role setting as a one-element list, or none when it is empty. */
    private static Output<List<String>> named(String arn) {
        return Output.of(arn.isEmpty() ? List.of() : List.of(arn));
    }

    /**
     * The keys, with every role that uses them named: the node role (seal; data key through Secrets Manager and S3), the
     * restore and break-glass roles, the replication role, and whoever creates the volumes (Auto Scaling on EC2, the
     * EBS CSI driver on Kubernetes).
     */
    KmsSealArgs kms(Output<String> accountId) {
        var args = KmsSealArgs.builder()
                .sealPrincipalArns(role(accountId, nodeRoleName()))
                .adminPrincipalArns(s.kms().adminArns().isEmpty() ? null : Output.of(s.kms().adminArns()))
                .restorePrincipalArns(named(s.backup().restoreRoleArn()))
                .breakGlassPrincipalArns(named(s.cluster().breakGlassRoleArn()))
                .autoScalingVolumes(!s.platform().onKubernetes())
                .multiRegion(s.kms().sealKeyMultiRegion())
                .deletionWindowDays(s.kms().deletionWindowDays())
                .aliasPrefix("alias/" + s.project() + "-" + s.stack())
                .tags(s.tags());
        if (s.backup().replicates()) {
            args.replicaRegion(s.backup().replicaRegion()).replicationPrincipalArns(role(accountId, replicationRoleName()));
        }
        if (s.platform().onKubernetes() && s.platform().eks() != null) {
            args.ebsCsiPrincipalArns(named(s.platform().eks().ebsCsiRoleArn()));
        }
        return args.build();
    }

    PrivateVaultNetworkArgs network(Kms kms) {
        var net = s.network();
        var args = PrivateVaultNetworkArgs.builder()
                .cidr(net.vpcCidr())
                .availabilityZones(net.availabilityZones())
                .natGateways(net.natGateways())
                .flowLogKmsKeyArn(kms.dataKeyArn())
                .flowLogRetentionDays(net.logRetentionDays())
                .attachments(net.attachedVpcs().stream().map(ComponentArgs::attachment).toList())
                .endpointZoneCount(net.endpointZoneCount())
                .edgeSubnetCidrs(net.edgeSubnetCidrs())
                // Session Manager's endpoints only when sessions are on (nothing else on the nodes calls them), and
                // never one an adopted VPC has already.
                .endpointServices(EndpointCatalog.DEFAULTS.stream()
                        .filter(e -> s.cluster().ssmSessions() || !EndpointCatalog.SESSION_MANAGER.contains(e))
                        .filter(e -> !net.existingVpcEndpoints().contains(e)).toList())
                .tags(s.tags());
        if (net.adoptsVpc()) {
            args.existingVpc(net.existingVpcId(), net.existingPrivateSubnetIds(), net.existingRouteTableIds())
                    .s3GatewayEndpoint(!net.existingVpcEndpoints().contains("s3"))
                    .existingTransitGatewayIds(net.existingTransitGatewayIds());
        }
        return args.build();
    }

    /**
     * Where the NLB and the Client VPN sit, which engineers may reach and Vault's NetworkPolicy admits: the edge subnets
     * when set, else the private subnets; an adopted VPC's subnets are not known here, so its CIDR. Without valid network
     * Args (pure pass only), the VPC CIDR as written.
     */
    List<String> frontSubnetCidrs(PrivateVaultNetworkArgs network) {
        var net = s.network();
        if (!net.edgeSubnetCidrs().isEmpty()) {
            return net.edgeSubnetCidrs();
        }
        return net.adoptsVpc() || network == null ? List.of(net.vpcCidr())
                : network.subnetPlan().privateSubnets().stream().map(Object::toString).toList();
    }

    /** The subnets of {@link #frontSubnetCidrs}. */
    private Output<List<String>> frontSubnetIds(Network network) {
        return s.network().edgeSubnetCidrs().isEmpty() ? network.privateSubnetIds() : network.edgeSubnetIds();
    }

    /** Callers the NLB admits by address (and passes through with it): attached VPCs and the declared client ranges. */
    private List<String> nlbClientCidrs() {
        var clientCidrs = new ArrayList<String>();
        s.network().attachedVpcs().forEach(v -> clientCidrs.add(v.cidr()));
        clientCidrs.addAll(s.network().allowedClientCidrs());
        return clientCidrs;
    }

    /** Snapshots written by the node role only and read by the restore role only (nobody, while none is named). */
    BackupBucketArgs backups(Kms kms, Output<String> accountId) {
        var args = BackupBucketArgs.builder()
                .kmsKeyArn(kms.dataKeyArn())
                .snapshotExpirationDays(s.backup().retentionDays())
                .noncurrentVersionExpirationDays(s.backup().retentionDays())
                .writerPrincipalArns(role(accountId, nodeRoleName()))
                .readerPrincipalArns(named(s.backup().restoreRoleArn()))
                .kmsAdminPrincipalArns(s.kms().adminArns().isEmpty() ? null : Output.of(s.kms().adminArns()))
                .tags(s.tags());
        if (s.backup().replicates()) {
            args.replica(s.backup().replicaRegion(), (String) null).replicationRoleName(replicationRoleName());
        }
        return args.build();
    }

    /** Applications reach 8200 from attached VPCs and declared CIDRs; the VPN adds its own security group. */
    InternalNlbArgs nlb(Network network) {
        return InternalNlbArgs.builder()
                .vpcId(network.vpcId())
                .subnetIds(frontSubnetIds(network))
                .targetCidr(network.cidr())
                .clientCidrs(nlbClientCidrs())
                .deletionProtection(s.dns().deletionProtection())
                .targetType(s.platform().onKubernetes() ? "ip" : "instance")
                .tags(s.tags())
                .build();
    }

    PrivateDnsZoneArgs dns(Network network, Nlb nlb) {
        return PrivateDnsZoneArgs.builder()
                .zoneName(s.dns().zone())
                .recordName(s.dns().recordName())
                .vpcId(network.vpcId())
                .nlbDnsName(nlb.dnsName())
                .nlbZoneId(nlb.zoneId())
                .additionalVpcs(zoneVpcs())
                .crossAccountVpcs(crossAccountZoneVpcs())
                .tags(s.tags())
                .build();
    }

    /** VPCs of this account resolving the zone: every attached VPC (in its own Region) and dnsAssociatedVpcIds. */
    private List<DnsVpcAssociationArgs> zoneVpcs() {
        var vpcs = new ArrayList<DnsVpcAssociationArgs>();
        for (var attached : s.network().attachedVpcs()) {
            if (!isEmpty(attached.vpcId()) && isEmpty(attached.peerAccountId())) {
                vpcs.add(DnsVpcAssociationArgs.of(Output.of(attached.vpcId()), isEmpty(attached.peerRegion()) ? s.region() : attached.peerRegion()));
            }
        }
        s.dns().associatedVpcIds().forEach(id -> vpcs.add(DnsVpcAssociationArgs.of(Output.of(id), s.region())));
        return vpcs;
    }

    /** VPCs of other accounts: attached ones (their account completes the association) and dnsCrossAccountVpcs. */
    private List<DnsCrossAccountVpcArgs> crossAccountZoneVpcs() {
        var vpcs = new ArrayList<DnsCrossAccountVpcArgs>();
        for (var attached : s.network().attachedVpcs()) {
            if (!isEmpty(attached.vpcId()) && !isEmpty(attached.peerAccountId())) {
                vpcs.add(DnsCrossAccountVpcArgs.of(Output.of(attached.vpcId()),
                        isEmpty(attached.peerRegion()) ? s.region() : attached.peerRegion(), attached.peerAccountId()));
            }
        }
        s.dns().crossAccountVpcs().forEach(v -> vpcs.add(DnsCrossAccountVpcArgs.of(Output.of(v.vpcId()), v.region(), v.accountId())));
        return vpcs;
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    VaultRaftClusterArgs cluster(Kms kms, Network network, Backups backups, Nlb nlb, List<String> frontSubnetCidrs) {
        var c = s.cluster();
        var args = VaultRaftClusterArgs.builder()
                .vpcId(network.vpcId())
                .subnetIds(network.privateSubnetIds())
                .vpcCidr(network.cidr())
                // No node boots before the endpoints (and NAT routes) it calls at boot exist.
                .bootDependencies(network.egressIds())
                .sealKeyArn(kms.keyArn())
                .dataKeyArn(kms.dataKeyArn())
                .ebsKmsKeyArn(kms.dataKeyArn())
                .backupBucketName(backups.bucketName())
                .backupBucketArn(backups.bucketArn())
                .snapshotPrefix(backups.snapshotPrefix())
                .nlbSecurityGroupId(nlb.securityGroupId())
                .targetGroupArn(nlb.targetGroupArn())
                .loadBalancerArn(nlb.loadBalancerArn())
                .dnsZoneName(s.dns().zone())
                .recordName(s.dns().recordName())
                .vaultVersion(c.vaultVersion())
                .vaultSha256(c.vaultSha256ForInstanceType())
                .internetEgress(!s.network().natGateways().equals("none"))
                .additionalDnsNames(s.dns().additionalNames())
                .integrationEgress(s.network().integrationEgress().stream()
                        .map(e -> VaultEgressArgs.of(e.name(), e.cidr(), e.port() == null ? 0 : e.port())).toList())
                .clusterName(s.project() + "-" + s.stack())
                .nodeRoleName(nodeRoleName())
                .provisionerRoleArn(c.provisionerRoleArn())
                .nodeCount(c.nodeCount())
                .instanceType(c.instanceType())
                .dataVolumeSizeGiB(c.dataVolumeSizeGb())
                .auditVolumeSizeGiB(c.auditVolumeSizeGb())
                .dataVolumeIops(c.dataVolumeIops())
                .dataVolumeThroughput(c.dataVolumeThroughput())
                .recoveryShares(c.recoveryShares())
                .recoveryThreshold(c.recoveryThreshold())
                .recoveryPgpKeys(c.recoveryPgpKeys())
                .snapshotIntervalMinutes(s.backup().snapshotIntervalMinutes())
                .alarmEmails(c.alarmEmails())
                .breakGlassPrincipalArns(named(c.breakGlassRoleArn()))
                .ssmSessions(c.ssmSessions())
                .breakGlassGenerateRoot(c.breakGlassGenerateRoot())
                .logRetentionDays(s.network().logRetentionDays())
                .tags(s.tags());
        if (!c.certificateAuthorityArn().isEmpty()) {
            args.certificateAuthorityArn(c.certificateAuthorityArn());
        }
        if (!c.vaultArtifactUrl().isEmpty()) {
            args.vaultDownloadUrl(c.vaultArtifactUrl()).s3PrefixListId(network.s3PrefixListId());
        }
        if (s.platform().onKubernetes()) {
            args.platform("kubernetes").kubernetes(kubernetesPlatform(frontSubnetCidrs));
        }
        return args.build();
    }

    /** Vault on the tooling EKS cluster; 8200 reaches the pods only from the NLB's subnets and the callers it passes through. */
    private VaultKubernetesPlatformArgs kubernetesPlatform(List<String> frontSubnetCidrs) {
        var k = s.platform().eks();
        String kubeconfig = s.platform().kubeconfig();
        var args = VaultKubernetesPlatformArgs.builder()
                .kubeconfig(kubeconfig != null && kubeconfig.isEmpty() ? null : VaultPlatform.secret(kubeconfig));
        if (k == null) {
            return args.nlbSubnetCidrs(Output.of(frontSubnetCidrs)).clientCidrs(nlbClientCidrs()).build();
        }
        args.oidcProviderArn(k.oidcProviderArn())
                .oidcIssuerUrl(k.oidcIssuerUrl())
                .ebsCsiRoleArn(k.ebsCsiRoleArn())
                .nlbSubnetCidrs(Output.of(frontSubnetCidrs))
                .clientCidrs(nlbClientCidrs())
                .serviceCidr(k.serviceCidr())
                .namespace(k.namespace())
                .chartVersion(k.chartVersion())
                .nodeSelector(k.nodeSelector())
                .tolerations(k.tolerations().stream()
                        .map(t -> VaultKubernetesTolerationArgs.of(t.key(), t.operator(), t.value(), t.effect())).toList())
                .cpuRequest(k.resources().requests().cpu())
                .memoryRequest(k.resources().requests().memory())
                .cpuLimit(k.resources().limits().cpu())
                .memoryLimit(k.resources().limits().memory())
                .prometheusOperator(k.prometheusOperator())
                .prometheusNamespace(k.prometheusNamespace());
        return args.build();
    }

    ClientVpnArgs vpn(Kms kms, Network network, Nlb nlb, Output<String> vaultFqdn, List<String> authorizedCidrs) {
        var v = s.vpn();
        var attached = new ArrayList<String>();
        s.network().attachedVpcs().forEach(a -> attached.add(a.cidr()));
        int associations = v.subnetCount();
        // Associations go to the first zones' subnets, one per zone: the list is ordered like availabilityZones.
        Output<List<String>> subnets = frontSubnetIds(network).applyValue(ids -> ids.subList(0, Math.min(associations, ids.size())));
        var args = ClientVpnArgs.builder()
                .vpcId(network.vpcId())
                .vpcCidr(network.cidr())
                .subnetIds(subnets)
                .resolverAddress(network.resolverAddress())
                .nlbSecurityGroupId(nlb.securityGroupId())
                .manageNlbIngress(true)
                .logKmsKeyArn(kms.dataKeyArn())
                .clientCidr(v.clientCidr())
                .serverName("vpn." + s.dns().zone())
                .vaultFqdn(vaultFqdn)
                .associationCount(associations)
                .attachedCidrs(attached)
                .authorizedCidrs(authorizedCidrs)
                .engineers(v.engineers().stream().map(e -> e.generated()
                        ? ClientVpnArgs.EngineerArgs.generated(e.name())
                        : ClientVpnArgs.EngineerArgs.csr(e.name(), e.csr())).toList())
                .revoked(v.revokedEngineers().stream().map(r -> ClientVpnArgs.RevokedEngineerArgs.of(r.name(),
                        r.serialNumbers().toArray(new String[0]))).toList())
                .clientValidityHours(v.certValidityHours())
                .sessionTimeoutHours(v.sessionTimeoutHours())
                .loginBanner(v.banner())
                .logRetentionDays(s.network().logRetentionDays())
                .tags(s.tags());
        if (!v.certificateAuthorityArn().isEmpty()) {
            args.certificateAuthorityArn(v.certificateAuthorityArn());
        }
        return args.build();
    }

    /** Through the transit gateway when one is named (vpcId then names the VPC for the zone), else by peering. */
    private static ClientVpcAttachmentArgs attachment(StackSettings.AttachedVpc vpc) {
        var args = ClientVpcAttachmentArgs.builder().name(vpc.name()).cidr(vpc.cidr());
        if (!isEmpty(vpc.transitGatewayId())) {
            args.transitGatewayId(vpc.transitGatewayId());
        } else if (vpc.vpcId() != null && !vpc.vpcId().isEmpty()) {
            args.peerVpcId(vpc.vpcId());
            if (vpc.peerAccountId() != null && !vpc.peerAccountId().isEmpty()) {
                args.peerAccountId(vpc.peerAccountId());
            }
            if (vpc.peerRegion() != null && !vpc.peerRegion().isEmpty()) {
                args.peerRegion(vpc.peerRegion());
            }
        }
        return args.build();
    }
}
