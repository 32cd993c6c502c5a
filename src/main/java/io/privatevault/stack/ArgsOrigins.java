package io.privatevault.stack;

import io.privatevault.components.support.Problem;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each component argument the composition sets comes from: a problem with
 * {@code VaultRaftClusterArgs.nodeCount} is reported as {@code private-vault:nodeCount}, one with
 * {@code VaultBaselineArgs.tenants[2].secretIdBoundCidrs} as {@code private-vault:tenants[2].cidrs}. Arguments the
 * program derives from the stack's name report on it. An argument with no origin here is the program's own
 * (a defect if it is ever refused), reported as it is.
 */
final class ArgsOrigins {
    private ArgsOrigins() {
    }

    /** Arguments set straight from one setting (or derived from it). */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("KmsSealArgs.deletionWindowDays", "kmsDeletionWindowDays"),
            Map.entry("KmsSealArgs.aliasPrefix", StackSettings.STACK_NAME),
            Map.entry("KmsSealArgs.replicaRegion", "backupReplicaRegion"),
            Map.entry("KmsSealArgs.multiRegion", "sealKeyMultiRegion"),
            Map.entry("KmsSealArgs.autoScalingVolumes", "platform"),
            Map.entry("KmsSealArgs.adminPrincipalArns", "kmsAdminArns"),
            Map.entry("KmsSealArgs.restorePrincipalArns", "backupRestoreRoleArn"),
            Map.entry("KmsSealArgs.breakGlassPrincipalArns", "breakGlassRoleArn"),
            Map.entry("KmsSealArgs.ebsCsiPrincipalArns", "kubernetesPlatform.ebsCsiRoleArn"),
            Map.entry("PrivateVaultNetworkArgs.cidr", "vpcCidr"),
            Map.entry("PrivateVaultNetworkArgs.subnetNewBits", "vpcCidr"),
            Map.entry("PrivateVaultNetworkArgs.availabilityZones", "availabilityZones"),
            Map.entry("PrivateVaultNetworkArgs.natGateways", "natGateways"),
            Map.entry("PrivateVaultNetworkArgs.existingTransitGatewayIds", "existingTransitGatewayIds"),
            Map.entry("PrivateVaultNetworkArgs.endpointServices", "existingVpcEndpoints"),
            Map.entry("PrivateVaultNetworkArgs.s3GatewayEndpoint", "existingVpcEndpoints"),
            Map.entry("PrivateVaultNetworkArgs.endpointZoneCount", "vpcEndpointZoneCount"),
            Map.entry("PrivateVaultNetworkArgs.existingVpcId", "existingVpcId"),
            Map.entry("PrivateVaultNetworkArgs.existingPrivateSubnetIds", "existingPrivateSubnetIds"),
            Map.entry("PrivateVaultNetworkArgs.existingRouteTableIds", "existingRouteTableIds"),
            Map.entry("PrivateVaultNetworkArgs.flowLogRetentionDays", "logRetentionDays"),
            Map.entry("PrivateVaultNetworkArgs.attachments.name", "attachedVpcs names"),
            Map.entry("BackupBucketArgs.snapshotExpirationDays", "snapshotRetentionDays"),
            Map.entry("BackupBucketArgs.noncurrentVersionExpirationDays", "snapshotRetentionDays"),
            Map.entry("BackupBucketArgs.replicaRegion", "backupReplicaRegion"),
            Map.entry("BackupBucketArgs.readerPrincipalArns", "backupRestoreRoleArn"),
            Map.entry("BackupBucketArgs.kmsAdminPrincipalArns", "kmsAdminArns"),
            Map.entry("BackupBucketArgs.replicationRoleName", StackSettings.STACK_NAME),
            Map.entry("PrivateDnsZoneArgs.zoneName", "dnsZone"),
            Map.entry("PrivateDnsZoneArgs.recordName", "vaultRecordName"),
            Map.entry("VaultRaftClusterArgs.dnsZoneName", "dnsZone"),
            Map.entry("VaultRaftClusterArgs.recordName", "vaultRecordName"),
            Map.entry("VaultRaftClusterArgs.leaderTlsServerName", "dnsZone"),
            Map.entry("VaultRaftClusterArgs.vaultVersion", "vaultVersion"),
            Map.entry("VaultRaftClusterArgs.vaultSha256", "vaultSha256"),
            Map.entry("VaultRaftClusterArgs.auditVolumeSizeGiB", "auditVolumeSizeGb"),
            Map.entry("VaultRaftClusterArgs.vaultDownloadUrl", "vaultArtifactUrl"),
            Map.entry("VaultRaftClusterArgs.internetEgress", "natGateways"),
            Map.entry("VaultRaftClusterArgs.additionalDnsNames", "vaultAdditionalDnsNames"),
            Map.entry("VaultRaftClusterArgs.integrationEgress", "vaultIntegrationEgress"),
            Map.entry("VaultRaftClusterArgs.clusterName", StackSettings.STACK_NAME),
            Map.entry("VaultRaftClusterArgs.nodeRoleName", StackSettings.STACK_NAME),
            Map.entry("VaultRaftClusterArgs.provisionerRoleArn", "vaultProvisionerRoleArn"),
            Map.entry("VaultRaftClusterArgs.certificateAuthorityArn", "vaultCertificateAuthorityArn"),
            Map.entry("VaultRaftClusterArgs.nodeCount", "nodeCount"),
            Map.entry("VaultRaftClusterArgs.instanceType", "instanceType"),
            Map.entry("VaultRaftClusterArgs.dataVolumeSizeGiB", "dataVolumeSizeGb"),
            Map.entry("VaultRaftClusterArgs.dataVolumeIops", "dataVolumeIops"),
            Map.entry("VaultRaftClusterArgs.dataVolumeThroughput", "dataVolumeThroughput"),
            Map.entry("VaultRaftClusterArgs.recoveryShares", "recoveryShares"),
            Map.entry("VaultRaftClusterArgs.recoveryThreshold", "recoveryThreshold"),
            Map.entry("VaultRaftClusterArgs.recoveryPgpKeys", "recoveryPgpKeys"),
            Map.entry("VaultRaftClusterArgs.snapshotIntervalMinutes", "snapshotIntervalMinutes"),
            Map.entry("VaultRaftClusterArgs.alarmEmails", "alarmEmails"),
            Map.entry("VaultRaftClusterArgs.breakGlassPrincipalArns", "breakGlassRoleArn"),
            Map.entry("VaultRaftClusterArgs.ssmSessions", "ssmSessionsEnabled"),
            Map.entry("VaultRaftClusterArgs.breakGlassGenerateRoot", "breakGlassGenerateRoot"),
            Map.entry("VaultRaftClusterArgs.logRetentionDays", "logRetentionDays"),
            Map.entry("VaultRaftClusterArgs.platform", "platform"),
            Map.entry("VaultRaftClusterArgs.kubernetes", "kubernetesPlatform"),
            Map.entry("VaultRaftClusterArgs.kubernetes.kubeconfig", "vaultClusterKubeconfig"),
            Map.entry("VaultRaftClusterArgs.kubernetes.oidcIssuerUrl", "kubernetesPlatform.oidcIssuerUrl"),
            Map.entry("VaultRaftClusterArgs.kubernetes.oidcProviderArn", "kubernetesPlatform.oidcProviderArn"),
            Map.entry("VaultRaftClusterArgs.kubernetes.ebsCsiRoleArn", "kubernetesPlatform.ebsCsiRoleArn"),
            Map.entry("VaultRaftClusterArgs.kubernetes.namespace", "kubernetesPlatform.namespace"),
            Map.entry("VaultRaftClusterArgs.kubernetes.chartVersion", "kubernetesPlatform.chartVersion"),
            Map.entry("VaultRaftClusterArgs.kubernetes.nlbSubnetCidrs", "edgeSubnetCidrs"),
            Map.entry("VaultRaftClusterArgs.kubernetes.serviceCidr", "kubernetesPlatform.serviceCidr"),
            Map.entry("PrivateVaultNetworkArgs.edgeSubnetCidrs", "edgeSubnetCidrs"),
            Map.entry("VaultRaftClusterArgs.kubernetes.nodeSelector", "kubernetesPlatform.nodeSelector"),
            Map.entry("VaultRaftClusterArgs.kubernetes.cpuRequest", "kubernetesPlatform.resources.requests.cpu"),
            Map.entry("VaultRaftClusterArgs.kubernetes.memoryRequest", "kubernetesPlatform.resources.requests.memory"),
            Map.entry("VaultRaftClusterArgs.kubernetes.cpuLimit", "kubernetesPlatform.resources.limits.cpu"),
            Map.entry("VaultRaftClusterArgs.kubernetes.memoryLimit", "kubernetesPlatform.resources.limits.memory"),
            Map.entry("VaultRaftClusterArgs.kubernetes.prometheusOperator", "kubernetesPlatform.prometheusOperator"),
            Map.entry("VaultRaftClusterArgs.kubernetes.prometheusNamespace", "kubernetesPlatform.prometheusNamespace"),
            Map.entry("ClientVpnArgs.clientCidr", "vpnClientCidr"),
            Map.entry("ClientVpnArgs.serverName", "dnsZone"),
            Map.entry("ClientVpnArgs.authorizedCidrs", "vpcCidr"),
            Map.entry("ClientVpnArgs.attachedCidrs", "attachedVpcs"),
            Map.entry("ClientVpnArgs.associationCount", "vpnSubnetCount"),
            Map.entry("ClientVpnArgs.clientValidityHours", "vpnCertValidityHours"),
            Map.entry("ClientVpnArgs.certificateAuthorityArn", "vpnCertificateAuthorityArn"),
            Map.entry("ClientVpnArgs.clientEarlyRenewalHours", "vpnCertValidityHours"),
            Map.entry("ClientVpnArgs.sessionTimeoutHours", "vpnSessionTimeoutHours"),
            Map.entry("ClientVpnArgs.loginBanner", "vpnBanner"),
            Map.entry("ClientVpnArgs.logRetentionDays", "logRetentionDays"),
            Map.entry("ClientVpnArgs.engineers[].name", "engineers names"),
            Map.entry("ClientVpnArgs.revoked[].name", "revokedEngineers names"),
            Map.entry("VaultBaselineArgs.kubernetesClusters", "kubernetesClusters"),
            Map.entry("VaultBaselineArgs.kubernetesClusters.name", "kubernetesClusters names"),
            Map.entry("VaultBaselineArgs.tenants.name", "tenants names"),
            Map.entry("VaultBaselineArgs.tenants.kvPrefix (KV path secret/<kvPrefix>/)", "tenants names"),
            Map.entry("VaultBaselineArgs.oidc.clientSecret", "oidcClientSecret"));

    /** Tenant arguments named differently in the stack file. */
    private static final Map<String, String> TENANT_FIELDS = Map.of(
            "authType", "auth", "kubernetesCluster", "cluster", "serviceAccountNames", "serviceAccounts",
            "secretIdBoundCidrs", "cidrs", "tokenBoundCidrs", "cidrs", "boundIamPrincipalArns", "roleArns",
            "tokenTtlSeconds", "tokenTtl", "tokenMaxTtlSeconds", "tokenMaxTtl", "transitKey", "transit", "kvPrefix", "name");

    /** Arguments of list entries: the pattern's groups are the entry's index (or name) and the rest of the path. */
    private static final List<Route> ROUTES = List.of(
            new Route("PrivateVaultNetworkArgs\\.attachments\\[(\\d+)](.*)", (m, s) ->
                    "attachedVpcs[" + m.group(1) + "]" + m.group(2).replace(".peerVpcId", ".vpcId")),
            // The zone's VPCs are the same-account attached VPCs first, then dnsAssociatedVpcIds (ComponentArgs.zoneVpcs).
            new Route("PrivateDnsZoneArgs\\.additionalVpcs\\[(\\d+)](.*)", (m, layer) -> {
                if (!(layer instanceof StackSettings s)) {
                    return "dnsAssociatedVpcIds";
                }
                var attached = s.network().attachedVpcs().stream()
                        .filter(v -> v.peerAccountId() == null || v.peerAccountId().isEmpty()).toList();
                int i = Integer.parseInt(m.group(1));
                if (i < attached.size()) {
                    int index = s.network().attachedVpcs().indexOf(attached.get(i));
                    return "attachedVpcs[" + index + "]" + (m.group(2).equals(".vpcRegion") ? ".peerRegion" : ".vpcId");
                }
                return m.group(2).equals(".vpcRegion") ? "aws:region" : "dnsAssociatedVpcIds";
            }),
            new Route("VaultRaftClusterArgs\\.integrationEgress\\[(\\d+)](.*)", (m, s) ->
                    "vaultIntegrationEgress[" + m.group(1) + "]" + m.group(2)),
            new Route("PrivateDnsZoneArgs\\.crossAccountVpcs\\[(\\d+)](.*)", (m, s) ->
                    "dnsCrossAccountVpcs[" + m.group(1) + "]" + m.group(2).replace(".vpcRegion", ".region")),
            new Route("VaultRaftClusterArgs\\.recoveryPgpKeys\\[(\\d+)]", (m, s) -> "recoveryPgpKeys[" + m.group(1) + "]"),
            new Route("VaultRaftClusterArgs\\.kubernetes\\.(nodeSelector\\..*|tolerations\\[.*)", (m, s) -> "kubernetesPlatform." + m.group(1)),
            new Route("ClientVpnArgs\\.engineers\\[([^]]+)](.*)", (m, s) ->
                    "engineers[" + index(m.group(1), platform(s).vpn().engineers().stream().map(StackSettings.Engineer::name).toList()) + "]"
                            + m.group(2).replace(".csrPem", ".csr")),
            new Route("ClientVpnArgs\\.revoked\\[([^]]+)](.*)", (m, s) ->
                    "revokedEngineers[" + index(m.group(1), platform(s).vpn().revokedEngineers().stream().map(StackSettings.RevokedEngineer::name).toList())
                            + "]" + m.group(2)),
            new Route("VaultBaselineArgs\\.kubernetesClusters\\[(\\d+)]\\.kubeconfig", (m, s) ->
                    "kubeconfigs." + vault(s).kubernetesClusters().get(Integer.parseInt(m.group(1))).name()),
            new Route("VaultBaselineArgs\\.kubernetesClusters\\[(\\d+)](.*)", (m, s) -> "kubernetesClusters[" + m.group(1) + "]" + m.group(2)),
            new Route("VaultBaselineArgs\\.tenants\\[(\\d+)]\\.postgres\\.password", (m, s) ->
                    "databasePasswords." + vault(s).tenants().get(Integer.parseInt(m.group(1))).name()),
            new Route("VaultBaselineArgs\\.tenants\\[(\\d+)]\\.postgres\\.(defaultTtl|maxTtl)Seconds", (m, s) ->
                    "tenants[" + m.group(1) + "].postgres." + m.group(2)),
            new Route("VaultBaselineArgs\\.tenants\\[(\\d+)]\\.(\\w+)(.*)", (m, s) ->
                    "tenants[" + m.group(1) + "]." + TENANT_FIELDS.getOrDefault(m.group(2), m.group(2)) + m.group(3)),
            new Route("VaultBaselineArgs\\.oidc\\.groupPolicies key", (m, s) -> "oidc.groupPolicies"),
            new Route("VaultBaselineArgs\\.oidc\\.(.*)", (m, s) -> "oidc." + m.group(1)));

    private record Route(Pattern pattern, java.util.function.BiFunction<Matcher, StackLayer, String> key) {
        Route(String regex, java.util.function.BiFunction<Matcher, StackLayer, String> key) {
            this(Pattern.compile(regex), key);
        }
    }

    /** The platform components' arguments come from a platform stack's settings. */
    private static StackSettings platform(StackLayer s) {
        return (StackSettings) s;
    }

    /** VaultBaseline's arguments come from a configuration stack's settings. */
    private static VaultConfigSettings vault(StackLayer s) {
        return ((ConfigurationSettings) s).vault();
    }

    /** {@code problem} of {@code component} reported on the setting its argument came from. */
    static SettingsProblems.ArgsProblem map(String component, Problem problem, StackLayer s) {
        Function<String, String> where = setting -> origin(setting, problem.value(), s);
        return new SettingsProblems.ArgsProblem(component, problem.on(where.apply(problem.setting())),
                problem.comparedWith().stream().map(where).toList());
    }

    /** The stack path an argument came from, or the argument's own path when the program set it. */
    static String origin(String argsPath, Object value, StackLayer s) {
        String key = FIELDS.get(argsPath);
        if (key == null && (argsPath.equals("InternalNlbArgs.clientCidrs") || argsPath.equals("VaultRaftClusterArgs.kubernetes.clientCidrs"))) {
            key = platform(s).network().allowedClientCidrs().contains(String.valueOf(value)) ? "allowedClientCidrs" : "attachedVpcs";
        }
        if (key == null) {
            for (Route route : ROUTES) {
                Matcher m = route.pattern().matcher(argsPath);
                if (m.matches()) {
                    key = route.key().apply(m, s);
                    break;
                }
            }
        }
        if (key == null) {
            return argsPath;
        }
        return key.equals(StackSettings.STACK_NAME) || key.contains(":") ? key : s.project() + ":" + key;
    }

    /** The position of an entry named {@code selector} (or the index itself). */
    private static String index(String selector, List<String> names) {
        if (selector.matches("\\d+")) {
            return selector;
        }
        int i = names.indexOf(selector);
        return i < 0 ? selector : String.valueOf(i);
    }
}
