package io.privatevault.stack;

import com.pulumi.core.Output;
import io.privatevault.components.BackupBucketArgs;
import io.privatevault.components.ClientVpcAttachmentArgs;
import io.privatevault.components.ClientVpnArgs;
import io.privatevault.components.InternalNlbArgs;
import io.privatevault.components.KmsSealArgs;
import io.privatevault.components.PrivateDnsZoneArgs;
import io.privatevault.components.PrivateVaultNetworkArgs;
import io.privatevault.components.VaultAwsSecretRoleArgs;
import io.privatevault.components.VaultBaselineArgs;
import io.privatevault.components.VaultKubernetesClusterArgs;
import io.privatevault.components.VaultKubernetesPlatformArgs;
import io.privatevault.components.VaultKubernetesTolerationArgs;
import io.privatevault.components.VaultOidcArgs;
import io.privatevault.components.VaultPostgresArgs;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.VaultTenantArgs;
import io.privatevault.components.dns.DnsCrossAccountVpcArgs;
import io.privatevault.components.dns.DnsVpcAssociationArgs;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.support.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every component's Args, built from the settings and the outputs of the components registered before it. Pure:
 * building registers nothing, so the composition builds them all first with placeholder outputs (the values the
 * settings decide are the real ones) to collect every problem, and again with the real outputs to register.
 * One builder per component, used by both passes, so the two can never disagree.
 */
final class ComponentArgs {
    /** Outputs of KmsSeal that later components take. */
    record Kms(Output<String> keyArn, Output<String> dataKeyArn) {
    }

    /** Outputs of PrivateVaultNetwork that later components take. */
    record Network(Output<String> vpcId, Output<List<String>> privateSubnetIds, Output<String> cidr, Output<String> resolverAddress,
                   Output<String> s3PrefixListId) {
    }

    /** Outputs of BackupBucket that the cluster takes. */
    record Backups(Output<String> bucketName, Output<String> bucketArn, Output<String> snapshotPrefix) {
    }

    /** Outputs of InternalNlb that the zone, cluster and VPN take. */
    record Nlb(Output<String> securityGroupId, Output<String> targetGroupArn, Output<String> loadBalancerArn,
               Output<String> dnsName, Output<String> zoneId) {
    }

    private final StackSettings s;
    private final Nested nested;

    /**
     * @param nested builds a nested Args object (a tenant, a cluster, ...) that validates on its own: the pure pass
     *               records its problems under the parent's path and goes on without it; the real pass just builds.
     */
    private ComponentArgs(StackSettings settings, Nested nested) {
        this.s = settings;
        this.nested = nested;
    }

    /** The Args the composition registers (every problem was found before; a failure here is a defect). */
    static ComponentArgs forRegistration(StackSettings settings) {
        return new ComponentArgs(settings, new Nested() {
            @Override
            public <T> T build(String path, String argsClass, Supplier<T> build) {
                return build.get();
            }
        });
    }

    /** Builds every component's Args with placeholder outputs and returns every problem, in composition order. */
    static List<SettingsProblems.ArgsProblem> problems(StackSettings settings) {
        var found = new ArrayList<SettingsProblems.ArgsProblem>();
        var component = new String[1];
        var args = new ComponentArgs(settings, new Nested() {
            @Override
            public <T> T build(String path, String argsClass, Supplier<T> build) {
                try {
                    return build.get();
                } catch (InvalidSettingException e) {
                    e.problems().forEach(p -> found.add(ArgsOrigins.map(component[0], rebase(p, argsClass, path), settings)));
                    return null;
                }
            }
        });
        Output<String> text = Output.of("placeholder");
        var kms = new Kms(text, text);
        var network = new Network(text, Output.of(List.of()), text, text, text);
        var backups = new Backups(text, text, text);
        var nlb = new Nlb(text, text, text, text, text);

        var built = new PrivateVaultNetworkArgs[1];
        collect(found, component, "KmsSeal", settings, () -> args.kms(text));
        collect(found, component, "PrivateVaultNetwork", settings, () -> built[0] = args.network(kms));
        List<String> vaultSubnets = args.vaultSubnetCidrs(built[0]);
        collect(found, component, "BackupBucket", settings, () -> args.backups(kms));
        collect(found, component, "InternalNlb", settings, () -> args.nlb(network));
        collect(found, component, "PrivateDnsZone", settings, () -> args.dns(network, nlb));
        collect(found, component, "VaultRaftCluster", settings, () -> args.cluster(kms, network, backups, nlb, vaultSubnets));
        if (settings.vpn().enabled()) {
            collect(found, component, "ClientVpn", settings, () -> args.vpn(kms, network, nlb, text, vaultSubnets));
        }
        // Checked even while the layer is off, so that turning it on never surprises; what it needs only when on
        // (the provisioner role, kubeconfigs, passwords) is required only then.
        collect(found, component, "VaultBaseline", settings, () -> args.baseline(text, text, settings.vaultConfig().enabled()));
        return found;
    }

    private static void collect(List<SettingsProblems.ArgsProblem> found, String[] component, String name, StackSettings settings,
                                Supplier<Object> build) {
        component[0] = name;
        try {
            build.get();
        } catch (InvalidSettingException e) {
            e.problems().forEach(p -> found.add(ArgsOrigins.map(name, p, settings)));
        }
    }

    /** A nested Args class's problem under its parent's path: {@code VaultTenantArgs.name} at tenants[0]. */
    private static Problem rebase(Problem p, String argsClass, String path) {
        Function<String, String> move = setting -> setting.startsWith(argsClass) ? path + setting.substring(argsClass.length()) : setting;
        return new Problem(move.apply(p.setting()), p.value(), p.allowed(), p.comparedWith().stream().map(move).toList());
    }

    interface Nested {
        <T> T build(String path, String argsClass, Supplier<T> build);
    }

    // ---- one builder per component ---------------------------------------------------------------------------------

    String nodeRoleName() {
        return s.project() + "-" + s.stack() + "-vault-node";
    }

    KmsSealArgs kms(Output<String> nodeRoleArn) {
        return KmsSealArgs.builder()
                .sealPrincipalArns(nodeRoleArn.applyValue(List::of))
                .adminPrincipalArns(s.kms().adminArns().isEmpty() ? null : Output.of(s.kms().adminArns()))
                .deletionWindowDays(s.kms().deletionWindowDays())
                .aliasPrefix("alias/" + s.project() + "-" + s.stack())
                .tags(s.tags())
                .build();
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
                .tags(s.tags());
        if (net.adoptsVpc()) {
            args.existingVpc(net.existingVpcId(), net.existingPrivateSubnetIds(), net.existingRouteTableIds());
        }
        return args.build();
    }

    /**
     * What engineers may reach: the Vault/NLB subnets; an adopted VPC's subnets are not known here, so its CIDR.
     * Without valid network Args (pure pass only), the VPC CIDR as written.
     */
    List<String> vaultSubnetCidrs(PrivateVaultNetworkArgs network) {
        var net = s.network();
        return net.adoptsVpc() || network == null ? List.of(net.vpcCidr())
                : network.subnetPlan().privateSubnets().stream().map(Object::toString).toList();
    }

    BackupBucketArgs backups(Kms kms) {
        var args = BackupBucketArgs.builder()
                .kmsKeyArn(kms.dataKeyArn())
                .snapshotExpirationDays(s.backup().retentionDays())
                .noncurrentVersionExpirationDays(s.backup().retentionDays())
                .tags(s.tags());
        if (!s.backup().replicaRegion().isEmpty()) {
            args.replica(s.backup().replicaRegion(), (String) null);
        }
        return args.build();
    }

    /** Applications reach 8200 from attached VPCs and declared CIDRs; the VPN adds its own security group. */
    InternalNlbArgs nlb(Network network) {
        var clientCidrs = new ArrayList<String>();
        s.network().attachedVpcs().forEach(v -> clientCidrs.add(v.cidr()));
        clientCidrs.addAll(s.network().allowedClientCidrs());
        return InternalNlbArgs.builder()
                .vpcId(network.vpcId())
                .subnetIds(network.privateSubnetIds())
                .targetCidr(network.cidr())
                .clientCidrs(clientCidrs)
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
                .additionalVpcs(s.dns().associatedVpcIds().stream()
                        .map(id -> DnsVpcAssociationArgs.of(Output.of(id), s.region())).toList())
                .crossAccountVpcs(s.dns().crossAccountVpcs().stream()
                        .map(v -> DnsCrossAccountVpcArgs.of(Output.of(v.vpcId()), v.region(), v.accountId())).toList())
                .tags(s.tags())
                .build();
    }

    VaultRaftClusterArgs cluster(Kms kms, Network network, Backups backups, Nlb nlb, List<String> vaultSubnetCidrs) {
        var c = s.cluster();
        var args = VaultRaftClusterArgs.builder()
                .vpcId(network.vpcId())
                .subnetIds(network.privateSubnetIds())
                .vpcCidr(network.cidr())
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
                .vaultSha256(c.vaultSha256())
                .clusterName(s.project() + "-" + s.stack())
                .nodeRoleName(nodeRoleName())
                .nodeCount(c.nodeCount())
                .instanceType(c.instanceType())
                .dataVolumeSizeGiB(c.dataVolumeSizeGb())
                .dataVolumeIops(c.dataVolumeIops())
                .dataVolumeThroughput(c.dataVolumeThroughput())
                .recoveryShares(c.recoveryShares())
                .recoveryThreshold(c.recoveryThreshold())
                .snapshotIntervalMinutes(s.backup().snapshotIntervalMinutes())
                .alarmEmails(c.alarmEmails())
                .logRetentionDays(s.network().logRetentionDays())
                .tags(s.tags());
        if (!c.vaultArtifactUrl().isEmpty()) {
            args.vaultDownloadUrl(c.vaultArtifactUrl()).s3PrefixListId(network.s3PrefixListId());
        }
        if (s.platform().onKubernetes()) {
            args.platform("kubernetes").kubernetes(kubernetesPlatform(vaultSubnetCidrs));
        }
        return args.build();
    }

    /** Vault on the tooling EKS cluster; 8200 reaches the pods only from the NLB subnets (default: the Vault subnets/VPC). */
    private VaultKubernetesPlatformArgs kubernetesPlatform(List<String> vaultSubnetCidrs) {
        var k = s.platform().eks();
        String kubeconfig = s.platform().kubeconfig();
        var args = VaultKubernetesPlatformArgs.builder()
                .kubeconfig(kubeconfig != null && kubeconfig.isEmpty() ? null : VaultPlatform.secret(kubeconfig));
        if (k == null) {
            return args.nlbSubnetCidrs(Output.of(vaultSubnetCidrs)).build();
        }
        args.oidcProviderArn(k.oidcProviderArn())
                .oidcIssuerUrl(k.oidcIssuerUrl())
                .nlbSubnetCidrs(Output.of(k.nlbSubnetCidrs().isEmpty() ? vaultSubnetCidrs : k.nlbSubnetCidrs()))
                .namespace(k.namespace())
                .chartVersion(k.chartVersion())
                .nodeSelector(k.nodeSelector())
                .tolerations(k.tolerations().stream()
                        .map(t -> VaultKubernetesTolerationArgs.of(t.key(), t.operator(), t.value(), t.effect())).toList())
                .cpuRequest(k.resources().requests().cpu())
                .memoryRequest(k.resources().requests().memory())
                .cpuLimit(k.resources().limits().cpu())
                .memoryLimit(k.resources().limits().memory());
        return args.build();
    }

    ClientVpnArgs vpn(Kms kms, Network network, Nlb nlb, Output<String> vaultFqdn, List<String> authorizedCidrs) {
        var v = s.vpn();
        var attached = new ArrayList<String>();
        s.network().attachedVpcs().forEach(a -> attached.add(a.cidr()));
        int associations = v.subnetCount();
        // Associations go to the first zones' subnets, one per zone: the list is ordered like availabilityZones.
        Output<List<String>> subnets = network.privateSubnetIds().applyValue(ids -> ids.subList(0, Math.min(associations, ids.size())));
        return ClientVpnArgs.builder()
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
                .tags(s.tags())
                .build();
    }

    /**
     * The configuration layer. With {@code on} false (pure pass of a stack whose layer is off) the values it needs
     * only when on are placeholders, so only the rules about the layer's own settings apply.
     */
    VaultBaselineArgs baseline(Output<String> vaultUrl, Output<String> caCertPem, boolean on) {
        var vc = s.vaultConfig();
        Output<String> placeholder = Output.of("placeholder");
        var clusters = new ArrayList<VaultKubernetesClusterArgs>();
        for (int i = 0; i < vc.kubernetesClusters().size(); i++) {
            var k = vc.kubernetesClusters().get(i);
            String kubeconfig = vc.kubeconfig(k.name());
            Output<String> secret = kubeconfig != null && kubeconfig.isEmpty() ? (on ? null : placeholder) : VaultPlatform.secret(kubeconfig);
            var built = nested.build("VaultBaselineArgs.kubernetesClusters[" + i + "]", "VaultKubernetesClusterArgs",
                    () -> VaultKubernetesClusterArgs.builder()
                            .name(k.name())
                            .apiHost(k.apiHost())
                            .caCertPem(Output.of(k.caCertPem()))
                            .reviewerNamespace(k.reviewerNamespace())
                            .kubeconfig(secret)
                            .build());
            if (built != null) {
                clusters.add(built);
            }
        }
        var tenants = new ArrayList<VaultTenantArgs>();
        for (int i = 0; i < vc.tenants().size(); i++) {
            var built = tenant("VaultBaselineArgs.tenants[" + i + "]", vc.tenants().get(i), on);
            if (built != null) {
                tenants.add(built);
            }
        }
        boolean provisionerSet = !vc.provisionerRoleArn().isEmpty();
        var args = VaultBaselineArgs.builder()
                .address(vaultUrl)
                .caCertPem(caCertPem)
                // Required when the layer is on: a rule of the settings, which see both values.
                .provisionerRoleArn(provisionerSet ? Output.of(vc.provisionerRoleArn()) : placeholder)
                .adminRoleArns(vc.adminRoleArns().isEmpty() ? null : Output.of(vc.adminRoleArns()))
                .awsRegion(Output.of(s.region() == null ? "" : s.region()))
                .kubernetesClusters(clusters)
                .tenants(tenants);
        if (vc.bootstrapToken() == null || !vc.bootstrapToken().isEmpty()) {
            args.bootstrapToken(VaultPlatform.secret(vc.bootstrapToken()));
        }
        if (vc.oidc() != null) {
            var o = vc.oidc();
            String secret = vc.oidcClientSecret();
            var oidc = nested.build("VaultBaselineArgs.oidc", "VaultOidcArgs", () -> {
                var b = VaultOidcArgs.builder()
                        .discoveryUrl(o.discoveryUrl())
                        .clientId(o.clientId())
                        .clientSecret(secret != null && secret.isEmpty() ? (on ? null : placeholder) : VaultPlatform.secret(secret))
                        .groupsClaim(o.groupsClaim())
                        .userClaim(o.userClaim());
                if (o.allowedRedirectUris() != null) {
                    b.allowedRedirectUris(o.allowedRedirectUris());
                }
                if (o.groupPolicies() != null) {
                    b.groupPolicies(o.groupPolicies());
                }
                return b.build();
            });
            if (oidc != null) {
                args.oidc(oidc);
            }
        }
        return args.build();
    }

    private VaultTenantArgs tenant(String path, VaultConfigSettings.Tenant t, boolean on) {
        VaultPostgresArgs postgres = null;
        if (t.postgres() != null) {
            var pg = t.postgres();
            String password = s.vaultConfig().databasePassword(t.name());
            postgres = nested.build(path + ".postgres", "VaultPostgresArgs", () -> {
                var b = VaultPostgresArgs.builder()
                        .host(pg.host()).database(pg.database()).username(pg.usernameOrDefault()).sslMode(pg.sslMode())
                        .password(password != null && password.isEmpty() ? (on ? null : Output.of("placeholder")) : VaultPlatform.secret(password));
                if (pg.port() != null) {
                    b.port(pg.port());
                }
                return b.build();
            });
            if (postgres == null) {
                return null;
            }
        }
        var roles = new ArrayList<VaultAwsSecretRoleArgs>();
        for (int j = 0; j < t.awsSecretRoles().size(); j++) {
            var r = t.awsSecretRoles().get(j);
            var built = nested.build(path + ".awsSecretRoles[" + j + "]", "VaultAwsSecretRoleArgs", () -> {
                var role = VaultAwsSecretRoleArgs.builder().name(r.name()).credentialType(r.credentialType());
                if (r.policyDocument() != null && !r.policyDocument().isEmpty()) {
                    role.policyDocument(r.policyDocument());
                }
                if (!r.roleArns().isEmpty()) {
                    role.roleArns(r.roleArns());
                }
                return role.build();
            });
            if (built == null) {
                return null;
            }
            roles.add(built);
        }
        VaultPostgresArgs pg = postgres;
        return nested.build(path, "VaultTenantArgs", () -> {
            var args = VaultTenantArgs.builder()
                    .name(t.name())
                    .authType(t.auth())
                    .transitKey(Boolean.TRUE.equals(t.transit()));
            if (t.tokenTtl() != null) {
                args.tokenTtlSeconds((int) Math.min(Integer.MAX_VALUE, t.tokenTtl().toSeconds()));
            }
            if (t.tokenMaxTtl() != null) {
                args.tokenMaxTtlSeconds((int) Math.min(Integer.MAX_VALUE, t.tokenMaxTtl().toSeconds()));
            }
            switch (t.auth()) {
                case "kubernetes" -> args.kubernetesCluster(t.cluster()).namespaces(t.namespaces()).serviceAccountNames(t.serviceAccounts());
                case "approle" -> args.secretIdBoundCidrs(t.cidrs()).tokenBoundCidrs(t.cidrs());
                case "aws" -> args.boundIamPrincipalArns(t.roleArns());
                default -> {
                }
            }
            if (pg != null) {
                args.postgres(pg);
            }
            if (!roles.isEmpty()) {
                args.awsSecretRoles(roles);
            }
            return args.build();
        });
    }

    private static ClientVpcAttachmentArgs attachment(StackSettings.AttachedVpc vpc) {
        var args = ClientVpcAttachmentArgs.builder().name(vpc.name()).cidr(vpc.cidr());
        if (vpc.vpcId() != null && !vpc.vpcId().isEmpty()) {
            args.peerVpcId(vpc.vpcId());
            if (vpc.peerAccountId() != null && !vpc.peerAccountId().isEmpty()) {
                args.peerAccountId(vpc.peerAccountId());
            }
            if (vpc.peerRegion() != null && !vpc.peerRegion().isEmpty()) {
                args.peerRegion(vpc.peerRegion());
            }
        } else if (vpc.transitGatewayId() != null && !vpc.transitGatewayId().isEmpty()) {
            args.transitGatewayId(vpc.transitGatewayId());
        }
        return args.build();
    }
}
