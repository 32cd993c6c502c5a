package io.privatevault.stack;

import io.privatevault.components.support.Checks;
import io.privatevault.components.support.Cidr;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.vpn.ClientCsr;
import io.privatevault.components.vpn.VpnKeyType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The stack's settings, typed, defaulted per environment and validated as a whole. This is the only code that
 * reads configuration; {@link #load} either returns settings that every component accepts or throws
 * {@link InvalidSettingsException} listing every problem — before a single resource is registered.
 */
public record StackSettings(
        String project,
        String stack,
        Environment environment,
        String region,
        Map<String, String> tags,
        Network network,
        Kms kms,
        Backup backup,
        Cluster cluster,
        Dns dns,
        Vpn vpn,
        VaultConfig vaultConfig,
        List<PolicySuppression> policySuppressions,
        Platform platform) {

    public enum Environment {
        DEV, PROD;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Network(String vpcCidr, String existingVpcId, List<String> existingPrivateSubnetIds,
                          List<String> existingRouteTableIds, List<String> availabilityZones, String natGateways,
                          List<AttachedVpc> attachedVpcs,
                          List<String> allowedClientCidrs, int logRetentionDays) {
    }

    /** An application VPC reaching Vault through peering ({@code vpcId}) or a transit gateway. */
    public record AttachedVpc(String name, String cidr, String vpcId, String peerAccountId, String peerRegion,
                              String transitGatewayId) {
    }

    public record Kms(int deletionWindowDays, List<String> adminArns) {
    }

    public record Backup(int snapshotIntervalMinutes, int retentionDays, String replicaRegion) {
    }

    public record Cluster(int nodeCount, String instanceType, String vaultVersion, String vaultSha256, String vaultArtifactUrl,
                          int dataVolumeSizeGb,
                          int dataVolumeIops, int dataVolumeThroughput, int recoveryShares, int recoveryThreshold,
                          List<String> alarmEmails) {
    }

    public record Dns(String zone, String recordName, List<String> associatedVpcIds,
                      List<CrossAccountVpc> crossAccountVpcs, boolean deletionProtection) {
        public String vaultFqdn() {
            return recordName + "." + zone;
        }
    }

    public record CrossAccountVpc(String vpcId, String region, String accountId) {
    }

    public record Vpn(boolean enabled, String clientCidr, int subnetCount, int sessionTimeoutHours, String banner,
                      int certValidityHours, List<Engineer> engineers, List<RevokedEngineer> revokedEngineers) {
    }

    /** A former engineer: the connect handler denies the name, the CRL lists the serials. */
    public record RevokedEngineer(String name, List<String> serialNumbers) {
    }

    /** An engineer with VPN access; {@code csrPem} is set in csr mode only. */
    public record Engineer(String name, String mode, String csrPem) {
    }

    /**
     * The configuration layer. Secret values are {@code null} when the stack holds them encrypted and they
     * cannot be decrypted here (offline plan): present, secret, unknown.
     */
    public record VaultConfig(boolean enabled, String provisionerRoleArn, List<String> adminRoleArns, String bootstrapToken,
                              List<Tenant> tenants, List<KubernetesCluster> kubernetesClusters, Oidc oidc) {
    }

    /** An application cluster whose workloads log in to Vault; {@code kubeconfig} is secret. */
    public record KubernetesCluster(String name, String apiHost, String caCertPem, String reviewerNamespace, String kubeconfig) {
    }

    /** A team or application served by Vault. */
    public record Tenant(String name, String auth, String cluster, List<String> namespaces, List<String> serviceAccounts,
                         List<String> cidrs, List<String> roleArns, Postgres postgres, boolean transit,
                         List<AwsSecretRole> awsSecretRoles, Duration tokenTtl, Duration tokenMaxTtl) {
    }

    /** A tenant's PostgreSQL database for dynamic credentials; {@code password} (its admin user's) is secret. */
    public record Postgres(String host, int port, String database, String username, String sslMode, String password) {
    }

    /** A role of the AWS secrets engine: {@code iam_user} (with a policy) or {@code assumed_role} (with role ARNs). */
    public record AwsSecretRole(String name, String credentialType, String policyDocument, List<String> roleArns) {
    }

    /** Human login through OIDC; {@code clientSecret} is secret. */
    public record Oidc(String discoveryUrl, String clientId, List<String> allowedRedirectUris,
                       Map<String, List<String>> groupPolicies, String groupsClaim, String userClaim, String clientSecret) {
    }

    /** Where Vault runs: {@code ec2} or {@code kubernetes} (then {@code kubernetes} is set, else null). */
    public record Platform(String kind, KubernetesPlatform kubernetes) {
        public boolean onKubernetes() {
            return "kubernetes".equals(kind);
        }
    }

    /**
     * The EKS cluster Vault runs on with platform kubernetes. {@code kubeconfig} is secret: {@code null} when the
     * stack holds it encrypted and it cannot be decrypted here (offline plan).
     */
    public record KubernetesPlatform(String oidcProviderArn, String oidcIssuerUrl, String namespace, String chartVersion,
                                     Map<String, String> nodeSelector, List<Toleration> tolerations,
                                     Map<String, String> requests, Map<String, String> limits, List<String> nlbSubnetCidrs,
                                     String kubeconfig) {
    }

    /** A toleration of the Vault pods for the taints of their dedicated nodes. */
    public record Toleration(String key, String operator, String value, String effect) {
    }

    /** An accepted finding of the plan's policy pack: one rule on one resource, with the reason shown in reports. */
    public record PolicySuppression(String rule, String urn, String reason) {
    }

    /** Commercial AWS regions (2026); anything else is a typo or a partition this project does not target. */
    static final Set<String> REGIONS = Set.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1",
            "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
            "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2",
            "eu-north-1", "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1");
    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern TGW_ID = Pattern.compile("tgw-[0-9a-f]{17}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern IAM_ARN = Pattern.compile("arn:aws:(iam|sts)::\\d{12}:[A-Za-z0-9+=,.@_/-]+");
    private static final Set<String> AUTH_KINDS = Set.of("kubernetes", "approle", "aws");
    private static final Set<String> VPN_SESSION_HOURS = Set.of(8, 10, 12, 24).stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());

    /** Reads and validates the settings of {@code stack}; throws {@link InvalidSettingsException} listing every problem. */
    public static StackSettings load(ProjectDefinition project, ConfigSource source, String stack) {
        return new Loader(project, source, stack).load();
    }

    /** The declared settings that {@link #load} reads (a test checks it reads every one Pulumi.yaml declares). */
    static java.util.Set<String> keysRead(ProjectDefinition project, ConfigSource source, String stack) {
        var loader = new Loader(project, source, stack);
        loader.load();
        return loader.config.readKeys();
    }

    /** Collects problems so a user sees all of them in one run. */
    private static final class Loader {
        private final ConfigReader config;
        private final String stack;
        private final String project;
        private final List<String> problems = new ArrayList<>();

        Loader(ProjectDefinition project, ConfigSource source, String stack) {
            this.config = new ConfigReader(project, source);
            this.stack = stack;
            this.project = project.name();
        }

        /** Runs {@code read}; a failure is recorded and {@code fallback} returned so checking can go on. */
        private <T> T attempt(Supplier<T> read, T fallback) {
            try {
                return read.get();
            } catch (InvalidSettingException e) {
                problems.add(e.getMessage());
                return fallback;
            }
        }

        private void check(Runnable rule) {
            attempt(() -> {
                rule.run();
                return null;
            }, null);
        }

        private String key(String name) {
            return config.full(name);
        }

        StackSettings load() {
            config.unknownKeys().forEach(e -> problems.add(e.getMessage()));

            Environment environment = attempt(() -> {
                String value = config.string("environment");
                Checks.require(value.equals("dev") || value.equals("prod"), key("environment"), value, "dev or prod");
                return Environment.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            }, Environment.DEV);
            boolean prod = environment == Environment.PROD;

            String region = attempt(() -> {
                String value = source("aws:region");
                Checks.require(value != null && REGIONS.contains(value), "aws:region", value,
                        "an AWS commercial region such as eu-west-1 or us-east-1 (set it with `pulumi config set aws:region <region>`)");
                return value;
            }, "us-east-1");

            Map<String, String> tags = attempt(() -> {
                var extra = config.stringMap("tags");
                for (String reserved : List.of("Project", "Environment", "ManagedBy")) {
                    Checks.require(!extra.containsKey(reserved), key("tags") + "." + reserved, extra.get(reserved),
                            "left out: Project, Environment and ManagedBy are set by the program");
                }
                var all = new LinkedHashMap<String, String>();
                all.put("Project", project);
                all.put("Environment", stack);
                all.put("ManagedBy", "pulumi");
                all.putAll(extra);
                return java.util.Collections.unmodifiableMap(all);
            }, Map.of());

            check(() -> Checks.require(Checks.isSafeName(stack) && (project + "-" + stack).length() <= 40, "stack name", stack,
                    "lower-case letters, digits and '-', short enough that <project>-<stack> has at most 40 characters (IAM role and alias names derive from it)"));
            Network network = network(region, prod);
            Kms kms = attempt(() -> new Kms(
                    Checks.between(key("kmsDeletionWindowDays"), config.integer("kmsDeletionWindowDays", prod ? 30 : 7), 7, 30),
                    iamArns("kmsAdminArns")), null);
            Backup backup = attempt(() -> {
                String replica = config.string("backupReplicaRegion");
                Checks.require(replica.isEmpty() || (REGIONS.contains(replica) && !replica.equals(region)),
                        key("backupReplicaRegion"), replica, "empty or an AWS region other than " + region);
                return new Backup(
                        Checks.between(key("snapshotIntervalMinutes"), config.integer("snapshotIntervalMinutes"), 5, 1440),
                        Checks.between(key("snapshotRetentionDays"), config.integer("snapshotRetentionDays", prod ? 90 : 14), 1, 3650),
                        replica);
            }, null);
            Cluster cluster = cluster(prod, network);
            Dns dns = dns(prod);
            Vpn vpn = vpn(prod, network);
            VaultConfig vaultConfig = vaultConfig();
            if (vpn.enabled() == false) {
                check(() -> Checks.require(!network.attachedVpcs().isEmpty() || !network.allowedClientCidrs().isEmpty(),
                        key("vpnEnabled"), false, "true, or attachedVpcs / allowedClientCidrs set: otherwise nothing can reach Vault"));
            }
            List<PolicySuppression> suppressions = attempt(() -> {
                var result = new ArrayList<PolicySuppression>();
                for (var o : config.objects("policySuppressions")) {
                    String rule = o.string("rule", null);
                    String urn = o.string("urn", null);
                    String reason = o.string("reason", null);
                    o.finish();
                    Checks.require(urn.startsWith("urn:pulumi:") && !urn.contains("*"), o.path("urn"), urn, "one resource URN (no wildcards)");
                    Checks.require(reason.trim().length() >= 10, o.path("reason"), reason, "a written reason (at least 10 characters)");
                    result.add(new PolicySuppression(rule, urn, reason));
                }
                return List.copyOf(result);
            }, List.of());

            Platform platform = platform(network, backup);

            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(stack, problems);
            }
            return new StackSettings(project, stack, environment, region, tags, network, kms, backup, cluster, dns, vpn, vaultConfig,
                    suppressions, platform);
        }

        private String source(String fullKey) {
            return config.rawSource(fullKey);
        }

        private List<String> iamArns(String name) {
            var arns = config.strings(name);
            for (String arn : arns) {
                Checks.require(IAM_ARN.matcher(arn).matches(), key(name), arn, "IAM ARNs such as arn:aws:iam::123456789012:role/platform-admin");
            }
            return arns;
        }

        private Network network(String region, boolean prod) {
            String vpcCidr = attempt(() -> {
                String value = config.string("vpcCidr");
                Cidr cidr = Cidr.parse(key("vpcCidr"), value);
                Checks.require(cidr.prefix() >= 16 && cidr.prefix() <= 24, key("vpcCidr"), value, "a CIDR between /16 and /24");
                Checks.require(isPrivate(cidr), key("vpcCidr"), value, "inside private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)");
                return value;
            }, null);
            List<String> zones = attempt(() -> {
                var configured = config.strings("availabilityZones");
                var list = configured.isEmpty() ? List.of(region + "a", region + "b", region + "c") : configured;
                Checks.unique(key("availabilityZones"), list);
                for (String zone : list) {
                    Checks.require(zone.matches(Pattern.quote(region) + "[a-z]"), key("availabilityZones"), zone,
                            "zones of region " + region + " such as " + region + "a");
                }
                Checks.require(list.size() >= 3 && list.size() <= 6, key("availabilityZones"), list,
                        "3 to 6 distinct zones (Raft quorum must survive the loss of a zone)");
                return list;
            }, List.of());
            String existingVpcId = attempt(() -> {
                String value = config.string("existingVpcId");
                Checks.require(value.isEmpty() || VPC_ID.matcher(value).matches(), key("existingVpcId"), value, "empty or a VPC id such as vpc-0a1b2c3d4e5f67890");
                return value;
            }, "");
            List<String> subnets = attempt(() -> {
                var list = config.strings("existingPrivateSubnetIds");
                for (String id : list) {
                    Checks.require(SUBNET_ID.matcher(id).matches(), key("existingPrivateSubnetIds"), id, "subnet ids such as subnet-0a1b2c3d4e5f67890");
                }
                Checks.unique(key("existingPrivateSubnetIds"), list);
                if (!existingVpcId.isEmpty()) {
                    Checks.require(list.size() == zones.size(), key("existingPrivateSubnetIds"), list,
                            "one subnet per availability zone (" + zones.size() + ") when existingVpcId is set");
                } else {
                    Checks.require(list.isEmpty(), key("existingPrivateSubnetIds"), list, "empty unless existingVpcId is set");
                }
                return list;
            }, List.of());
            List<String> routeTables = attempt(() -> {
                var list = config.strings("existingRouteTableIds");
                list.forEach(id -> Checks.require(id.matches("rtb-[0-9a-f]{8}([0-9a-f]{9})?"), key("existingRouteTableIds"), id,
                        "route table ids such as rtb-0a1b2c3d4e5f67890"));
                Checks.require(existingVpcId.isEmpty() ? list.isEmpty() : !list.isEmpty(), key("existingRouteTableIds"), list,
                        existingVpcId.isEmpty() ? "empty unless existingVpcId is set" : "the private route tables of the adopted VPC");
                return list;
            }, List.of());
            String nat = attempt(() -> {
                String value = config.string("natGateways");
                Checks.require(Set.of("none", "single", "perAz").contains(value), key("natGateways"), value, "none, single or perAz");
                Checks.require(existingVpcId.isEmpty() || value.equals("none"), key("natGateways"), value,
                        "none when existingVpcId adopts a VPC (its egress is the VPC owner's)");
                return value;
            }, "none");
            List<AttachedVpc> attached = attempt(this::attachedVpcs, List.of());
            List<String> allowed = attempt(() -> {
                var list = config.strings("allowedClientCidrs");
                for (String c : list) {
                    Cidr cidr = Cidr.parse(key("allowedClientCidrs"), c);
                    Checks.require(isPrivate(cidr), key("allowedClientCidrs"), c, "private client ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10), never the internet");
                }
                Checks.unique(key("allowedClientCidrs"), list);
                return list;
            }, List.of());
            if (vpcCidr != null) {
                Cidr own = Cidr.parse(vpcCidr);
                for (AttachedVpc vpc : attached) {
                    check(() -> Checks.require(!Cidr.parse(vpc.cidr()).overlaps(own), key("attachedVpcs") + "[" + vpc.name() + "].cidr",
                            vpc.cidr(), "a CIDR that does not overlap the Vault VPC " + vpcCidr));
                }
            }
            int retention = attempt(() -> {
                int days = config.integer("logRetentionDays", prod ? 365 : 30);
                Checks.require(LOG_RETENTION_DAYS.contains(days), key("logRetentionDays"), days,
                        "a CloudWatch retention period: " + LOG_RETENTION_DAYS);
                return days;
            }, 30);
            return new Network(vpcCidr, existingVpcId, subnets, routeTables, zones, nat, attached, allowed, retention);
        }

        private List<AttachedVpc> attachedVpcs() {
            var result = new ArrayList<AttachedVpc>();
            for (var o : config.objects("attachedVpcs")) {
                String name = Checks.safeName(o.path("name"), o.string("name", null));
                String cidr = o.string("cidr", null);
                Cidr.parse(o.path("cidr"), cidr);
                String vpcId = o.string("vpcId", "");
                String tgw = o.string("transitGatewayId", "");
                String peerAccount = o.string("peerAccountId", "");
                String peerRegion = o.string("peerRegion", "");
                o.finish();
                Checks.require(vpcId.isEmpty() != tgw.isEmpty(), o.path("vpcId"), vpcId.isEmpty() ? tgw : vpcId,
                        "exactly one of vpcId (peering) or transitGatewayId");
                Checks.require(vpcId.isEmpty() || VPC_ID.matcher(vpcId).matches(), o.path("vpcId"), vpcId, "a VPC id such as vpc-0a1b2c3d4e5f67890");
                Checks.require(tgw.isEmpty() || TGW_ID.matcher(tgw).matches(), o.path("transitGatewayId"), tgw, "a transit gateway id such as tgw-0a1b2c3d4e5f67890");
                Checks.require(peerAccount.isEmpty() || ACCOUNT_ID.matcher(peerAccount).matches(), o.path("peerAccountId"), peerAccount, "empty or a 12-digit account id");
                Checks.require(peerRegion.isEmpty() || REGIONS.contains(peerRegion), o.path("peerRegion"), peerRegion, "empty or an AWS region");
                result.add(new AttachedVpc(name, cidr, vpcId, peerAccount, peerRegion, tgw));
            }
            Checks.unique(key("attachedVpcs") + " names", result.stream().map(AttachedVpc::name).toList());
            for (int i = 0; i < result.size(); i++) {
                for (int j = i + 1; j < result.size(); j++) {
                    Checks.require(!Cidr.parse(result.get(i).cidr()).overlaps(Cidr.parse(result.get(j).cidr())),
                            key("attachedVpcs") + "[" + result.get(j).name() + "].cidr", result.get(j).cidr(),
                            "a CIDR that does not overlap attached VPC " + result.get(i).name() + " (" + result.get(i).cidr() + ")");
                }
            }
            return List.copyOf(result);
        }

        private Cluster cluster(boolean prod, Network network) {
            int nodes = attempt(() -> {
                int n = config.integer("nodeCount", prod ? 5 : 3);
                Checks.require(n % 2 == 1 && n >= (prod ? 5 : 3) && n <= 7, key("nodeCount"), n,
                        prod ? "odd and between 5 and 7 in prod" : "odd and between 3 and 7");
                return n;
            }, 3);
            String instanceType = attempt(() -> {
                String t = config.string("instanceType", prod ? "m6i.large" : "t3.medium");
                Checks.require(INSTANCE_TYPE.matcher(t).matches(), key("instanceType"), t, "an EC2 instance type such as m6i.large");
                return t;
            }, null);
            String version = attempt(() -> {
                String v = config.string("vaultVersion");
                Checks.require(VERSION.matcher(v).matches(), key("vaultVersion"), v, "a Vault release number x.y.z such as 1.20.4");
                return v;
            }, null);
            String sha = attempt(() -> {
                String v = config.string("vaultSha256");
                Checks.require(v.matches("[0-9a-f]{64}"), key("vaultSha256"), v, "64 lower-case hex digits (the SHA-256 from HashiCorp's SHA256SUMS)");
                return v;
            }, null);
            String artifactUrl = attempt(() -> {
                String url = config.string("vaultArtifactUrl");
                // Only EC2 nodes download the release; Kubernetes pods run HashiCorp's image.
                boolean ec2 = !"kubernetes".equals(config.string("platform"));
                Checks.require(url.isEmpty() ? !ec2 || !network.natGateways().equals("none") : url.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9._/-]*)?"),
                        key("vaultArtifactUrl"), url, url.isEmpty()
                                ? "an s3://bucket/prefix holding the Vault zip when natGateways is none (nodes have no internet route)"
                                : "empty (download from HashiCorp through NAT) or s3://bucket/prefix");
                return url;
            }, "");
            int size = attempt(() -> Checks.between(key("dataVolumeSizeGb"), config.integer("dataVolumeSizeGb"), 20, 16384), 100);
            int iops = attempt(() -> {
                int value = Checks.between(key("dataVolumeIops"), config.integer("dataVolumeIops"), 3000, 16000);
                Checks.require(value <= 500L * size, key("dataVolumeIops"), value, "at most 500 per GiB of dataVolumeSizeGb (gp3), here " + 500L * size);
                return value;
            }, 3000);
            int throughput = attempt(() -> Checks.between(key("dataVolumeThroughput"), config.integer("dataVolumeThroughput"), 125, 1000), 125);
            int shares = attempt(() -> Checks.between(key("recoveryShares"), config.integer("recoveryShares"), 1, 10), 5);
            int threshold = attempt(() -> {
                int t = config.integer("recoveryThreshold");
                Checks.require(t >= 1 && t <= shares, key("recoveryThreshold"), t, "between 1 and recoveryShares (" + shares + ")");
                return t;
            }, 3);
            List<String> emails = attempt(() -> {
                var list = config.strings("alarmEmails");
                list.forEach(e -> Checks.require(EMAIL.matcher(e).matches(), key("alarmEmails"), e, "email addresses"));
                Checks.unique(key("alarmEmails"), list);
                return list;
            }, List.of());
            return new Cluster(nodes, instanceType, version, sha, artifactUrl, size, iops, throughput, shares, threshold, emails);
        }

        private Dns dns(boolean prod) {
            String zone = attempt(() -> Checks.dnsName(key("dnsZone"), config.string("dnsZone")), null);
            String record = attempt(() -> Checks.dnsLabel(key("vaultRecordName"), config.string("vaultRecordName")), null);
            List<String> vpcs = attempt(() -> {
                var list = config.strings("dnsAssociatedVpcIds");
                list.forEach(v -> Checks.require(VPC_ID.matcher(v).matches(), key("dnsAssociatedVpcIds"), v, "VPC ids such as vpc-0a1b2c3d4e5f67890"));
                Checks.unique(key("dnsAssociatedVpcIds"), list);
                return list;
            }, List.of());
            List<CrossAccountVpc> crossAccount = attempt(() -> {
                var result = new ArrayList<CrossAccountVpc>();
                for (var o : config.objects("dnsCrossAccountVpcs")) {
                    String vpcId = o.string("vpcId", null);
                    String vpcRegion = o.string("region", null);
                    String accountId = o.string("accountId", null);
                    o.finish();
                    Checks.require(ACCOUNT_ID.matcher(accountId).matches(), o.path("accountId"), accountId, "a 12-digit AWS account id");
                    Checks.require(VPC_ID.matcher(vpcId).matches(), o.path("vpcId"), vpcId, "a VPC id such as vpc-0a1b2c3d4e5f67890");
                    Checks.require(REGIONS.contains(vpcRegion), o.path("region"), vpcRegion, "an AWS region");
                    result.add(new CrossAccountVpc(vpcId, vpcRegion, accountId));
                }
                return List.copyOf(result);
            }, List.of());
            boolean protection = attempt(() -> {
                boolean on = config.bool("deletionProtection", prod);
                Checks.require(on || !prod, key("deletionProtection"), false, "true in prod");
                return on;
            }, prod);
            return new Dns(zone, record, vpcs, crossAccount, protection);
        }

        private Vpn vpn(boolean prod, Network network) {
            boolean enabled = attempt(() -> config.bool("vpnEnabled"), true);
            String clientCidr = attempt(() -> {
                String value = config.string("vpnClientCidr");
                Cidr cidr = Cidr.parse(key("vpnClientCidr"), value);
                Checks.require(cidr.prefix() >= 12 && cidr.prefix() <= 22, key("vpnClientCidr"), value,
                        "a CIDR between /12 and /22 (AWS Client VPN limits)");
                if (network.vpcCidr() != null) {
                    Checks.require(!cidr.overlaps(Cidr.parse(network.vpcCidr())), key("vpnClientCidr"), value,
                            "a CIDR that does not overlap the Vault VPC " + network.vpcCidr());
                }
                for (AttachedVpc vpc : network.attachedVpcs()) {
                    Checks.require(!cidr.overlaps(Cidr.parse(vpc.cidr())), key("vpnClientCidr"), value,
                            "a CIDR that does not overlap attached VPC " + vpc.name() + " (" + vpc.cidr() + ")");
                }
                return value;
            }, null);
            int subnetCount = attempt(() -> {
                int n = config.integer("vpnSubnetCount", prod ? 2 : 1);
                int zones = Math.max(1, network.availabilityZones().size());
                int max = Math.min(zones, 3);
                Checks.require(n >= 1 && n <= max, key("vpnSubnetCount"), n, "between 1 and " + max + " (one association per availability zone, at most 3)");
                return n;
            }, 1);
            int timeout = attempt(() -> {
                int hours = config.integer("vpnSessionTimeoutHours");
                Checks.require(VPN_SESSION_HOURS.contains(String.valueOf(hours)), key("vpnSessionTimeoutHours"), hours, "8, 10, 12 or 24 (AWS Client VPN)");
                return hours;
            }, 8);
            String banner = attempt(() -> {
                String text = config.string("vpnBanner");
                Checks.require(!text.isBlank() && text.length() <= 1400, key("vpnBanner"), text.length() + " characters", "1 to 1400 characters");
                return text;
            }, "");
            // Longer than the 7-day early-renewal window, or every `pulumi up` would reissue every certificate.
            int validity = attempt(() -> Checks.between(key("vpnCertValidityHours"), config.integer("vpnCertValidityHours"), 336, 8760), 720);
            List<Engineer> engineers = attempt(() -> {
                var result = new ArrayList<Engineer>();
                for (var o : config.objects("engineers")) {
                    String name = Checks.safeName(o.path("name"), o.string("name", null));
                    String mode = o.string("mode", "csr");
                    String csr = o.string("csr", "");
                    o.finish();
                    Checks.require(mode.equals("csr") || mode.equals("generated"), o.path("mode"), mode, "csr or generated");
                    Checks.require(!mode.equals("csr") || csr.contains("-----BEGIN CERTIFICATE REQUEST-----"), o.path("csr"),
                            csr.isEmpty() ? null : csr.lines().findFirst().orElse(""), "a PEM certificate signing request in csr mode");
                    Checks.require(!mode.equals("generated") || csr.isEmpty(), o.path("csr"), "(a CSR)", "absent in generated mode");
                    if (mode.equals("csr")) {
                        ClientCsr.parse(o.path("csr"), csr).requireFor(o.path("csr"), name, VpnKeyType.parse(o.path("csr"), "RSA_2048"));
                    }
                    result.add(new Engineer(name, mode, mode.equals("csr") ? csr : null));
                }
                Checks.unique(key("engineers") + " names", result.stream().map(Engineer::name).toList());
                return List.copyOf(result);
            }, List.of());
            List<RevokedEngineer> revoked = attempt(() -> {
                var result = new ArrayList<RevokedEngineer>();
                for (var o : config.objects("revokedEngineers")) {
                    String name = Checks.safeName(o.path("name"), o.string("name", null));
                    var serials = o.strings("serialNumbers");
                    o.finish();
                    serials.forEach(serial -> Checks.require(serial.matches("[0-9a-fA-F]{1,40}"), o.path("serialNumbers"), serial,
                            "certificate serial numbers in hex (at most 40 digits, as the clientCertificateSerials output shows them)"));
                    result.add(new RevokedEngineer(name, serials));
                }
                Checks.unique(key("revokedEngineers") + " names", result.stream().map(RevokedEngineer::name).toList());
                return List.copyOf(result);
            }, List.of());
            for (RevokedEngineer r : revoked) {
                check(() -> Checks.require(engineers.stream().noneMatch(e -> e.name().equals(r.name())), key("revokedEngineers"), r.name(),
                        "names no longer in engineers (remove the engineer first)"));
            }
            return new Vpn(enabled, clientCidr, subnetCount, timeout, banner, validity, engineers, revoked);
        }

        private VaultConfig vaultConfig() {
            boolean enabled = attempt(() -> config.bool("vaultConfigEnabled"), false);
            String provisioner = attempt(() -> {
                String arn = config.string("vaultProvisionerRoleArn");
                Checks.require(arn.isEmpty() ? !enabled : IAM_ARN.matcher(arn).matches(), key("vaultProvisionerRoleArn"), arn,
                        "the IAM role ARN the configuration run uses (required when vaultConfigEnabled)");
                return arn;
            }, "");
            List<String> admins = attempt(() -> iamArns("vaultAdminRoleArns"), List.of());
            String bootstrap = attempt(() -> config.secretString("vaultBootstrapToken"), "");
            Map<String, String> kubeconfigs = attempt(() -> config.secretStringMap("kubeconfigs"), Map.of());
            Map<String, String> dbPasswords = attempt(() -> config.secretStringMap("databasePasswords"), Map.of());
            List<KubernetesCluster> clusters = attempt(() -> {
                var result = new ArrayList<KubernetesCluster>();
                for (var o : config.objects("kubernetesClusters")) {
                    String name = Checks.safeName(o.path("name"), o.string("name", null));
                    String apiHost = o.string("apiHost", null);
                    String ca = o.string("caCertPem", null);
                    String namespace = Checks.safeName(o.path("reviewerNamespace"), o.string("reviewerNamespace", "vault-auth"));
                    o.finish();
                    Checks.require(apiHost.matches("https://[A-Za-z0-9.-]+(:\\d+)?"), o.path("apiHost"), apiHost,
                            "the cluster API URL without a path (https://host[:port])");
                    Checks.require(ca.contains("-----BEGIN CERTIFICATE-----"), o.path("caCertPem"), "(not PEM)",
                            "the cluster's CA certificate as PEM (aws eks describe-cluster --query cluster.certificateAuthority.data | base64 -d)");
                    String kubeconfig = kubeconfigs == null ? null : kubeconfigs.get(name);
                    Checks.require(!enabled || kubeconfigs == null || kubeconfig != null, key("kubeconfigs") + "." + name, null,
                            "set (secret) for every Kubernetes cluster when vaultConfigEnabled");
                    result.add(new KubernetesCluster(name, apiHost, ca, namespace, kubeconfig));
                }
                Checks.unique(key("kubernetesClusters") + " names", result.stream().map(KubernetesCluster::name).toList());
                return List.copyOf(result);
            }, List.of());
            List<Tenant> tenants = attempt(() -> {
                var result = new ArrayList<Tenant>();
                for (var o : config.objects("tenants")) {
                    result.add(tenant(o, clusters, dbPasswords, enabled));
                }
                Checks.unique(key("tenants") + " names", result.stream().map(Tenant::name).toList());
                return List.copyOf(result);
            }, List.of());
            Oidc oidc = attempt(() -> {
                var o = config.object("oidc");
                if (o.isEmpty()) {
                    return null;
                }
                String url = o.string("discoveryUrl", null);
                String clientId = o.string("clientId", null);
                var redirects = o.strings("allowedRedirectUris");
                var groups = o.stringListMap("groupPolicies");
                String groupsClaim = o.string("groupsClaim", "groups");
                String userClaim = o.string("userClaim", "email");
                o.finish();
                Checks.require(url.startsWith("https://"), o.path("discoveryUrl"), url, "the issuer URL (https://...)");
                Checks.nonEmpty(o.path("clientId"), clientId);
                Checks.require(!redirects.isEmpty(), o.path("allowedRedirectUris"), redirects, "at least one redirect URI");
                redirects.forEach(uri -> Checks.require(uri.startsWith("https://") || uri.startsWith("http://localhost:"),
                        o.path("allowedRedirectUris"), uri, "https:// URIs (or http://localhost:<port> for the CLI login)"));
                Checks.require(!groups.isEmpty(), o.path("groupPolicies"), groups, "at least one IdP group mapped to Vault policies");
                String secret = config.secretString("oidcClientSecret");
                Checks.require(secret == null || !secret.isEmpty(), key("oidcClientSecret"), "", "set (secret) when oidc is configured");
                return new Oidc(url, clientId, redirects, groups, groupsClaim, userClaim, secret);
            }, null);
            if (oidc == null) {
                attempt(() -> config.secretString("oidcClientSecret"), null);
            }
            return new VaultConfig(enabled, provisioner, admins, bootstrap, tenants, clusters, oidc);
        }

        private Tenant tenant(ConfigReader.ObjectReader o, List<KubernetesCluster> clusters, Map<String, String> dbPasswords,
                              boolean enabled) {
            String name = Checks.safeName(o.path("name"), o.string("name", null));
            Checks.require(!RESERVED_TENANT_NAMES.contains(name), o.path("name"), name, "a name other than the built-in policies " + RESERVED_TENANT_NAMES);
            String auth = o.string("auth", null);
            Checks.require(AUTH_KINDS.contains(auth), o.path("auth"), auth, "one of kubernetes, approle, aws");
            String cluster = o.string("cluster", "");
            var namespaces = o.strings("namespaces");
            var serviceAccounts = o.strings("serviceAccounts");
            var cidrs = o.strings("cidrs");
            var roleArns = o.strings("roleArns");
            var pg = o.object("postgres");
            boolean transit = o.bool("transit", false);
            var awsRoles = new ArrayList<AwsSecretRole>();
            for (var r : o.objects("awsSecretRoles")) {
                String roleName = Checks.safeName(r.path("name"), r.string("name", null));
                String type = r.string("credentialType", null);
                String policy = r.string("policyDocument", "");
                var arns = r.strings("roleArns");
                r.finish();
                Checks.require(type.equals("iam_user") || type.equals("assumed_role"), r.path("credentialType"), type, "iam_user or assumed_role");
                Checks.require(!type.equals("iam_user") || !policy.isEmpty(), r.path("policyDocument"), null, "an IAM policy JSON for iam_user");
                Checks.require(!type.equals("assumed_role") || !arns.isEmpty(), r.path("roleArns"), arns, "the role ARNs to assume for assumed_role");
                Checks.require(!type.equals("iam_user") || arns.isEmpty(), r.path("roleArns"), arns, "empty for iam_user (the policy document decides)");
                arns.forEach(a -> Checks.require(IAM_ARN.matcher(a).matches(), r.path("roleArns"), a, "IAM role ARNs"));
                awsRoles.add(new AwsSecretRole(roleName, type, policy, arns));
            }
            String ttlText = o.string("tokenTtl", "15m");
            String maxText = o.string("tokenMaxTtl", "1h");
            Duration ttl = duration(o.path("tokenTtl"), ttlText);
            Duration maxTtl = duration(o.path("tokenMaxTtl"), maxText);
            o.finish();
            Postgres postgres = null;
            if (pg != null) {
                String host = pg.string("host", null);
                int port = pg.integer("port", 5432);
                String database = pg.string("database", null);
                String username = pg.string("username", "vault_admin");
                String sslMode = pg.string("sslMode", "verify-full");
                pg.finish();
                Checks.require(Set.of("require", "verify-ca", "verify-full").contains(sslMode), pg.path("sslMode"), sslMode,
                        "require, verify-ca or verify-full (credentials never cross the network in clear)");
                Checks.require(port > 0 && port < 65536, pg.path("port"), port, "a TCP port");
                String password = dbPasswords == null ? null : dbPasswords.get(name);
                Checks.require(!enabled || dbPasswords == null || password != null, key("databasePasswords") + "." + name, null,
                        "set (secret) for every tenant with postgres when vaultConfigEnabled");
                postgres = new Postgres(host, port, database, username, sslMode, password);
            }
            Checks.require(ttl.toSeconds() >= 60, o.path("tokenTtl"), ttlText, "at least 60s");
            Checks.require(maxTtl.toHours() <= 24 && maxTtl.toSeconds() <= 86400, o.path("tokenMaxTtl"), maxText, "at most 24h (tenant tokens are short-lived)");
            Checks.require(ttl.compareTo(maxTtl) <= 0, o.path("tokenTtl"), ttlText, "no longer than tokenMaxTtl (" + maxText + ")");
            switch (auth) {
                case "kubernetes" -> {
                    Checks.require(clusters.stream().anyMatch(c -> c.name().equals(cluster)), o.path("cluster"), cluster,
                            "one of the kubernetesClusters names " + clusters.stream().map(KubernetesCluster::name).toList());
                    Checks.require(!namespaces.isEmpty(), o.path("namespaces"), namespaces, "at least one namespace for kubernetes auth");
                    Checks.require(!serviceAccounts.isEmpty(), o.path("serviceAccounts"), serviceAccounts, "at least one service account for kubernetes auth");
                    namespaces.forEach(n -> Checks.dnsLabel(o.path("namespaces"), n));
                    serviceAccounts.forEach(n -> Checks.require(n.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?"), o.path("serviceAccounts"), n,
                            "Kubernetes service account names (no wildcards)"));
                }
                case "approle" -> {
                    Checks.require(!cidrs.isEmpty(), o.path("cidrs"), cidrs, "at least one CIDR that may use the AppRole secret id");
                    cidrs.forEach(c -> Cidr.parse(o.path("cidrs"), c));
                }
                default -> {
                    Checks.require(!roleArns.isEmpty(), o.path("roleArns"), roleArns, "at least one IAM role ARN for aws auth");
                    roleArns.forEach(a -> Checks.require(IAM_ARN.matcher(a).matches() && a.contains(":role/"), o.path("roleArns"), a,
                            "IAM role ARNs (arn:aws:iam::<account>:role/<name>)"));
                }
            }
            return new Tenant(name, auth, cluster, namespaces, serviceAccounts, cidrs, roleArns, postgres, transit,
                    List.copyOf(awsRoles), ttl, maxTtl);
        }

        /** platform, kubernetesPlatform and vaultClusterKubeconfig, read and checked together. */
        private Platform platform(Network network, Backup backup) {
            String kind = attempt(() -> {
                String value = config.string("platform");
                Checks.require(value.equals("ec2") || value.equals("kubernetes"), key("platform"), value, "ec2 or kubernetes");
                return value;
            }, "ec2");
            String kubeconfig = attempt(() -> config.secretString("vaultClusterKubeconfig"), "");
            var o = attempt(() -> config.object("kubernetesPlatform"), null);
            if (!kind.equals("kubernetes")) {
                check(() -> Checks.require(o == null || o.isEmpty(), key("kubernetesPlatform"), "(set)", "empty unless platform is kubernetes"));
                check(() -> Checks.require("".equals(kubeconfig), key("vaultClusterKubeconfig"), "(set)", "empty unless platform is kubernetes"));
                return new Platform(kind, null);
            }
            check(() -> Checks.require(kubeconfig == null || !kubeconfig.isEmpty(), key("vaultClusterKubeconfig"), "",
                    "set (secret) when platform is kubernetes"));
            // IP targets must be addresses of the NLB's VPC: the EKS cluster's VPC is adopted, not created.
            check(() -> Checks.require(!network.existingVpcId().isEmpty(), key("existingVpcId"), "",
                    "the EKS cluster's VPC when platform is kubernetes (the NLB registers pod IPs, which must be in its VPC)"));
            if (backup != null) {
                int m = backup.snapshotIntervalMinutes();
                check(() -> Checks.require(m < 60 ? 60 % m == 0 : m % 60 == 0 && 1440 % m == 0, key("snapshotIntervalMinutes"), m,
                        "a divisor of 60 (5, 6, 10, 12, 15, 20, 30) or of 1440 in whole hours (60, 120, 180, 240, 360, 480, 720, 1440) when platform is kubernetes (a CronJob schedule)"));
            }
            return attempt(() -> {
                Checks.require(o != null && !o.isEmpty(), key("kubernetesPlatform"), null,
                        "set when platform is kubernetes ({oidcProviderArn, oidcIssuerUrl, ...})");
                String issuer = o.string("oidcIssuerUrl", null);
                String provider = o.string("oidcProviderArn", null);
                String namespace = o.string("namespace", "vault");
                String chartVersion = o.string("chartVersion", io.privatevault.components.cluster.k8s.Chart.DEFAULT_VERSION);
                var nodeSelector = o.stringMap("nodeSelector");
                var tolerations = new ArrayList<Toleration>();
                for (var t : o.objects("tolerations")) {
                    String tKey = t.string("key", null);
                    String operator = t.string("operator", "Equal");
                    String value = t.string("value", "");
                    String effect = t.string("effect", "NoSchedule");
                    t.finish();
                    Checks.require(Set.of("Equal", "Exists").contains(operator), t.path("operator"), operator, "Equal or Exists");
                    Checks.require(operator.equals("Exists") == value.isEmpty(), t.path("value"), value,
                            "a value for Equal, none for Exists");
                    Checks.require(Set.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect), t.path("effect"), effect,
                            "NoSchedule, PreferNoSchedule or NoExecute");
                    tolerations.add(new Toleration(tKey, operator, value, effect));
                }
                var nlbCidrs = o.strings("nlbSubnetCidrs");
                for (String cidr : nlbCidrs) {
                    Cidr parsed = Cidr.parse(o.path("nlbSubnetCidrs"), cidr);
                    if (network.vpcCidr() != null) {
                        Checks.require(Cidr.parse(network.vpcCidr()).contains(parsed), o.path("nlbSubnetCidrs"), cidr,
                                "subnets of the Vault VPC " + network.vpcCidr());
                    }
                }
                var resources = o.object("resources");
                var requests = quantities(resources, "requests", "1", "4Gi");
                var limits = quantities(resources, "limits", "2", "4Gi");
                if (resources != null) {
                    resources.finish();
                }
                o.finish();
                Checks.require(issuer.matches("https://[A-Za-z0-9.-]+(/[A-Za-z0-9._-]+)*"), o.path("oidcIssuerUrl"), issuer,
                        "the cluster's OIDC issuer URL (aws eks describe-cluster --query cluster.identity.oidc.issuer)");
                String host = issuer.substring("https://".length());
                Checks.require(provider.matches("arn:aws:iam::\\d{12}:oidc-provider/" + Pattern.quote(host)), o.path("oidcProviderArn"), provider,
                        "the IAM OIDC provider of oidcIssuerUrl, arn:aws:iam::<account>:oidc-provider/" + host);
                Checks.dnsLabel(o.path("namespace"), namespace);
                Checks.require(VERSION.matcher(chartVersion).matches(), o.path("chartVersion"), chartVersion, "a chart version x.y.z such as 0.31.0");
                return new Platform(kind, new KubernetesPlatform(provider, issuer, namespace, chartVersion, nodeSelector,
                        List.copyOf(tolerations), requests, limits, nlbCidrs, kubeconfig));
            }, new Platform(kind, null));
        }

        private static Map<String, String> quantities(ConfigReader.ObjectReader resources, String field, String cpu, String memory) {
            var o = resources == null ? null : resources.object(field);
            String c = o == null ? cpu : o.string("cpu", cpu);
            String m = o == null ? memory : o.string("memory", memory);
            if (o != null) {
                o.finish();
            }
            String path = resources == null ? field : resources.path(field);
            Checks.require(c.matches(io.privatevault.components.cluster.k8s.Chart.CPU_QUANTITY), path + ".cpu", c, "a CPU quantity such as 500m or 2");
            Checks.require(m.matches(io.privatevault.components.cluster.k8s.Chart.MEMORY_QUANTITY), path + ".memory", m,
                    "a memory quantity such as 512Mi or 4Gi");
            var out = new LinkedHashMap<String, String>();
            out.put("cpu", c);
            out.put("memory", m);
            return java.util.Collections.unmodifiableMap(out);
        }

        private static Duration duration(String path, String text) {
            var m = DURATION.matcher(text);
            Checks.require(m.matches() && Long.parseLong(m.group(1)) > 0, path, text, "a positive duration such as 90s, 15m, 1h or 7d");
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
    }

    /** Tenant names that would collide with the built-in personas' policies. */
    static final Set<String> RESERVED_TENANT_NAMES = io.privatevault.components.vaultconfig.Personas.RESERVED;

    private static boolean isPrivate(Cidr cidr) {
        return java.util.stream.Stream.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
                .anyMatch(range -> Cidr.parse(range).contains(cidr));
    }

    /** Retention periods CloudWatch Logs accepts. */
    static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
}
