package io.privatevault.stack;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.privatevault.components.cluster.InstanceArchitecture;
import io.privatevault.components.support.Checks;
import io.privatevault.components.support.Cidr;
import io.privatevault.components.support.PrivateCa;
import io.privatevault.components.support.InvalidSettingException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A platform stack's settings, typed and defaulted per environment; with {@link ConfigurationSettings} (a
 * configuration stack's), the only code that reads configuration.
 *
 * <p>What is checked where: reading binds every value to its declared type and shape (unknown keys and fields,
 * wrong types, missing required fields); the components' Args check every rule about their own arguments (the
 * composition builds them all first, registering nothing, and reports each problem on the key it came from); the
 * settings add only what is theirs: environment policy (prod: 5+ nodes, deletion protection) and rules across
 * settings that no single component sees (the VPN client range against the Vault VPC, zones of the stack's
 * region). {@link #load} throws {@link InvalidSettingsException} listing every problem of all three before a
 * single resource is registered.
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
        List<PolicySuppression> policySuppressions,
        Platform platform) implements StackLayer {

    public enum Environment {
        DEV, PROD;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Network(String vpcCidr, String existingVpcId, List<String> existingPrivateSubnetIds,
                          List<String> existingRouteTableIds, List<String> availabilityZones, String natGateways,
                          List<AttachedVpc> attachedVpcs, List<String> allowedClientCidrs, int logRetentionDays,
                          List<IntegrationEgress> integrationEgress, List<String> existingVpcEndpoints,
                          List<String> existingTransitGatewayIds, int endpointZoneCount, List<String> edgeSubnetCidrs) {
        public boolean adoptsVpc() {
            return !existingVpcId.isEmpty();
        }
    }

    /** An application VPC reaching Vault through peering ({@code vpcId}) or a transit gateway. */
    public record AttachedVpc(@JsonProperty(required = true) String name, @JsonProperty(required = true) String cidr,
                              String vpcId, String peerAccountId, String peerRegion, String transitGatewayId) {
    }

    /** A destination Vault calls (Kubernetes API, PostgreSQL, OIDC provider, ...): an egress rule on the nodes. */
    public record IntegrationEgress(@JsonProperty(required = true) String name, @JsonProperty(required = true) String cidr,
                                    @JsonProperty(required = true) Integer port) {
    }

    /** The keys: who administers them, how long a deleted one waits, and whether the seal key is multi-Region. */
    public record Kms(int deletionWindowDays, List<String> adminArns, boolean sealKeyMultiRegion) {
    }

    /** Snapshots: how often, how long, where they are copied, and the one role that may read them back. */
    public record Backup(int snapshotIntervalMinutes, int retentionDays, String replicaRegion, String restoreRoleArn) {
        public boolean replicates() {
            return !replicaRegion.isEmpty();
        }
    }

    public record Cluster(int nodeCount, String instanceType, String vaultVersion, String vaultSha256, String vaultArtifactUrl,
                          int dataVolumeSizeGb, int dataVolumeIops, int dataVolumeThroughput, int recoveryShares,
                          int recoveryThreshold, List<String> recoveryPgpKeys, List<String> alarmEmails, String provisionerRoleArn,
                          String breakGlassRoleArn, boolean ssmSessions, String vaultSha256Arm64, int auditVolumeSizeGb,
                          String certificateAuthorityArn, boolean breakGlassGenerateRoot) {
        /** The digest of the archive the nodes download: {@code vault_<version>_linux_<arch>.zip} for the instance type. */
        public String vaultSha256ForInstanceType() {
            return InstanceArchitecture.of(instanceType).equals(InstanceArchitecture.ARM64) ? vaultSha256Arm64 : vaultSha256;
        }
    }

    public record Dns(String zone, String recordName, List<String> associatedVpcIds,
                      List<CrossAccountVpc> crossAccountVpcs, boolean deletionProtection, List<String> additionalNames) {
        public String vaultFqdn() {
            return recordName + "." + zone;
        }
    }

    public record CrossAccountVpc(@JsonProperty(required = true) String vpcId, @JsonProperty(required = true) String region,
                                  @JsonProperty(required = true) String accountId) {
    }

    /** The VPN; {@code certificateAuthorityArn} empty means its own CA. */
    public record Vpn(boolean enabled, String clientCidr, int subnetCount, int sessionTimeoutHours, String banner,
                      int certValidityHours, List<Engineer> engineers, List<RevokedEngineer> revokedEngineers,
                      String certificateAuthorityArn) {
    }

    /** A former engineer: the connect handler denies the name, the CRL lists the serials. */
    public record RevokedEngineer(@JsonProperty(required = true) String name, List<String> serialNumbers) {
        public RevokedEngineer {
            serialNumbers = serialNumbers == null ? List.of() : List.copyOf(serialNumbers);
        }
    }

    /** An engineer with VPN access: {@code mode} csr (the default; {@code csr} is their PEM request) or generated. */
    public record Engineer(@JsonProperty(required = true) String name, String mode, String csr) {
        public boolean generated() {
            return "generated".equals(mode);
        }
    }

    /** Where Vault runs: {@code ec2} or {@code kubernetes} (then {@code eks} is set, else null). */
    public record Platform(String kind, EksSettings eks, String kubeconfig) {
        public boolean onKubernetes() {
            return "kubernetes".equals(kind);
        }
    }

    /** An accepted finding of the plan's policy pack: one rule on one resource, with the reason shown in reports. */
    public record PolicySuppression(@JsonProperty(required = true) String rule, @JsonProperty(required = true) String urn,
                                    @JsonProperty(required = true) String reason) {
    }

    /**
     * Commercial AWS regions (2026): the partition this program targets (the components also accept the GovCloud
     * and ISO partitions). Anything else is a typo or a partition the program does not plan for.
     */
    static final Set<String> REGIONS = Set.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1",
            "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
            "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2",
            "eu-north-1", "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1");
    static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8}([0-9a-f]{9})?");
    static final Pattern IAM_ARN = Pattern.compile("arn:aws:(iam|sts)::\\d{12}:[A-Za-z0-9+=,.@_/-]+");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    /** The pseudo-key of problems with the stack's name (IAM role, alias and cluster names derive from it). */
    static final String STACK_NAME = "stack name";

    /** How platform stacks' settings are read: {@link SettingsReader#load} and {@link SettingsReader#keysRead} with these. */
    private static final SettingsReader.Kind<StackSettings> KIND = new SettingsReader.Kind<>(StackSettings::read, VaultPlatform::argsProblems, StackSettings::rules);

    /**
     * Reads and validates the settings of {@code stack}, including the Args built from them; throws
     * {@link InvalidSettingsException} listing every problem.
     */
    public static StackSettings load(ProjectDefinition project, ConfigSource source, String stack) {
        return SettingsReader.load(KIND, project, source, stack);
    }

    /** The declared settings {@link #load} reads. */
    static Set<String> keysRead(ProjectDefinition project, ConfigSource source, String stack) {
        return SettingsReader.keysRead(KIND, project, source, stack);
    }

    /** Settings the AWS provider reads ({@code aws:<key>}): the getters of its SDK's configuration class. */
    static Set<String> awsProviderKeys() {
        var keys = new TreeSet<String>();
        // Loaded without initialising it: its static initialiser reads the running deployment's configuration.
        Arrays.stream(com.pulumi.aws.Config.class.getDeclaredMethods())
                .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers()) && !java.lang.reflect.Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0)
                .forEach(m -> keys.add(m.getName()));
        return keys;
    }

    /** Binds every setting; problems and fallbacks are left in {@code r}. */
    private static StackSettings read(SettingsReader r, String project, String stack) {
        r.unknownKeys(awsProviderKeys()).forEach(p -> r.problem(p.setting(), p.value(), p.allowed()));
        r.otherLayersKeys(SettingsLayer.PLATFORM, key -> "absent from a platform stack: it configures Vault itself and belongs in its"
                + " configuration stack's file (e.g. Pulumi." + stack + "-config.yaml, which sets private-vault:platformStack: " + stack + ")")
                .forEach(p -> r.problem(p.setting(), p.value(), p.allowed()));
        if (!Checks.isSafeName(stack) || (project + "-" + stack).length() > 40) {
            r.problem(STACK_NAME, stack, "lower-case letters, digits and '-', short enough that <project>-<stack> has at most 40 characters"
                    + " (IAM role and alias names derive from it)");
        }

        String environmentName = r.string("environment", null);
        Environment environment = Environment.DEV;
        if ("prod".equals(environmentName)) {
            environment = Environment.PROD;
        } else if (!"dev".equals(environmentName)) {
            r.problem(r.full("environment"), environmentName, "dev or prod");
        }
        boolean prod = environment == Environment.PROD;

        String region = r.other("aws:region");
        if (region == null || !REGIONS.contains(region)) {
            r.problem("aws:region", region, "an AWS commercial region such as eu-west-1 or us-east-1 (set it with `pulumi config set aws:region <region>`)");
            region = null;
        }

        var tags = tags(r, project, stack);

        String kind = r.string("platform", null);
        if (!"ec2".equals(kind) && !"kubernetes".equals(kind)) {
            r.problem(r.full("platform"), kind, "ec2 or kubernetes");
            kind = "ec2";
        }

        var network = network(r, region, prod);
        var backup = new Backup(r.integer("snapshotIntervalMinutes", null, 60), r.integer("snapshotRetentionDays", prod ? 90 : 14, 90),
                r.string("backupReplicaRegion", null), r.string("backupRestoreRoleArn", null));
        // Multi-Region by default exactly when snapshots are copied to another Region: the copy must be unsealable there.
        var kms = new Kms(r.integer("kmsDeletionWindowDays", prod ? 30 : 7, 30), r.strings("kmsAdminArns"),
                r.bool("sealKeyMultiRegion", backup.replicates(), backup.replicates()));
        var cluster = new Cluster(r.integer("nodeCount", prod ? 5 : 3, 3), r.string("instanceType", prod ? "m6i.large" : "t3.medium"),
                r.string("vaultVersion", null), r.string("vaultSha256", null), r.string("vaultArtifactUrl", null),
                r.integer("dataVolumeSizeGb", null, 100), r.integer("dataVolumeIops", null, 3000), r.integer("dataVolumeThroughput", null, 125),
                r.integer("recoveryShares", null, 5), r.integer("recoveryThreshold", null, 3), r.strings("recoveryPgpKeys"),
                r.strings("alarmEmails"),
                r.string("vaultProvisionerRoleArn", null), r.string("breakGlassRoleArn", null), r.bool("ssmSessionsEnabled", null, false),
                r.string("vaultSha256Arm64", null), r.integer("auditVolumeSizeGb", null, 50),
                r.string("vaultCertificateAuthorityArn", null), r.bool("breakGlassGenerateRoot", null, false));
        var dns = new Dns(r.string("dnsZone", null), r.string("vaultRecordName", null), r.strings("dnsAssociatedVpcIds"),
                r.objects("dnsCrossAccountVpcs", CrossAccountVpc.class), r.bool("deletionProtection", prod, prod),
                r.strings("vaultAdditionalDnsNames"));
        var vpn = vpn(r, prod);
        var suppressions = r.objects("policySuppressions", PolicySuppression.class);
        var platform = platform(r, kind);
        return new StackSettings(project, stack, environment, region, tags, network, kms, backup, cluster, dns, vpn, suppressions, platform);
    }

    /** Project, Environment (the stack) and ManagedBy, then the stack's own {@code tags}; a setting of both kinds of stack. */
    static Map<String, String> tags(SettingsReader r, String project, String stack) {
        var tags = new LinkedHashMap<String, String>();
        tags.put("Project", project);
        tags.put("Environment", stack);
        tags.put("ManagedBy", "pulumi");
        for (var tag : r.stringMap("tags").entrySet()) {
            if (tags.containsKey(tag.getKey())) {
                r.problem(r.full("tags") + "." + tag.getKey(), tag.getValue(), "left out: Project, Environment and ManagedBy are set by the program");
            } else {
                tags.put(tag.getKey(), tag.getValue());
            }
        }
        return java.util.Collections.unmodifiableMap(tags);
    }

    private static Network network(SettingsReader r, String region, boolean prod) {
        var zones = r.strings("availabilityZones");
        if (zones.isEmpty()) {
            if (region != null) {
                zones = List.of(region + "a", region + "b", region + "c");
            } else {
                // Derived from a region that is not known: nothing more to say about it.
                r.unknown(r.full("availabilityZones"));
            }
        }
        return new Network(r.string("vpcCidr", null), r.string("existingVpcId", null), r.strings("existingPrivateSubnetIds"),
                r.strings("existingRouteTableIds"), zones, r.string("natGateways", null), r.objects("attachedVpcs", AttachedVpc.class),
                r.strings("allowedClientCidrs"), r.integer("logRetentionDays", prod ? 365 : 30, 30),
                r.objects("vaultIntegrationEgress", IntegrationEgress.class), r.strings("existingVpcEndpoints"),
                r.strings("existingTransitGatewayIds"), r.integer("vpcEndpointZoneCount", zones.size(), zones.size()),
                r.strings("edgeSubnetCidrs"));
    }

    private static Vpn vpn(SettingsReader r, boolean prod) {
        String ca = r.string("vpnCertificateAuthorityArn", null);
        var engineers = r.objects("engineers", Engineer.class);
        for (int i = 0; i < engineers.size(); i++) {
            var e = engineers.get(i);
            String at = r.full("engineers") + "[" + i + "]";
            // The mode picks how the composition builds the engineer; the CSR itself is the component's to judge.
            if (e.mode() != null && !e.mode().equals("csr") && !e.mode().equals("generated")) {
                r.problem(at + ".mode", e.mode(), "csr or generated");
                r.unknown(at);
            } else if (e.generated() && e.csr() != null) {
                r.problem(at + ".csr", "(a CSR)", "absent in generated mode");
                r.unknown(at);
            } else if (e.generated() && prod) {
                // A generated key is written to Pulumi state and the rendered .ovpn: nobody's private key belongs there in prod.
                r.problem(at + ".mode", e.mode(), "csr in prod (the engineer makes the key and sends a CSR; a generated key"
                        + " would live in Pulumi state)");
                r.unknown(at);
            } else if (e.generated() && !ca.isEmpty()) {
                r.problem(at + ".mode", e.mode(), "csr when vpnCertificateAuthorityArn is set (" + ca
                        + " issues certificates from CSRs only; the engineer keeps the key)");
                r.unknown(at);
            }
        }
        return new Vpn(r.bool("vpnEnabled", null, true), r.string("vpnClientCidr", null), r.integer("vpnSubnetCount", prod ? 2 : 1, 1),
                r.integer("vpnSessionTimeoutHours", null, 8), r.string("vpnBanner", null), r.integer("vpnCertValidityHours", null, 720),
                engineers, r.objects("revokedEngineers", RevokedEngineer.class), ca);
    }

    /** platform, kubernetesPlatform and vaultClusterKubeconfig, read together. */
    private static Platform platform(SettingsReader r, String kind) {
        String kubeconfig = r.secret("vaultClusterKubeconfig");
        boolean set = r.isSetObject("kubernetesPlatform");
        EksSettings eks = r.object("kubernetesPlatform", EksSettings.class);
        if (!kind.equals("kubernetes")) {
            if (set) {
                r.problem(r.full("kubernetesPlatform"), "(set)", "empty unless platform is kubernetes");
            }
            if (!"".equals(kubeconfig)) {
                r.problem(r.full("vaultClusterKubeconfig"), "(set)", "empty unless platform is kubernetes");
            }
            return new Platform(kind, null, null);
        }
        if (!set) {
            r.problem(r.full("kubernetesPlatform"), null, "set when platform is kubernetes ({oidcProviderArn, oidcIssuerUrl, ...})");
        }
        return new Platform(kind, eks, kubeconfig);
    }

    /**
     * The settings' own rules: environment policy and rules across settings. Each names the settings it needs to be
     * valid; it is skipped while any of them has a problem, so it never judges a fallback or a value already refused.
     */
    private static void rules(StackSettings s, SettingsProblems p) {
        String k = s.project() + ":";
        boolean prod = s.environment() == Environment.PROD;
        var net = s.network();

        // Environment policy.
        if (prod) {
            p.rule(s.cluster().nodeCount() >= 5, k + "nodeCount", s.cluster().nodeCount(), "odd and between 5 and 7 in prod", k + "nodeCount");
            p.rule(s.dns().deletionProtection(), k + "deletionProtection", false, "true in prod", k + "deletionProtection");
            // Who holds the keys, the recovery material and the backups is named in prod, never "the account".
            p.rule(!s.kms().adminArns().isEmpty(), k + "kmsAdminArns", List.of(),
                    "at least one IAM role ARN in prod, including the role that runs `pulumi up` (no account-root fallback)", k + "kmsAdminArns");
            p.rule(!s.cluster().breakGlassRoleArn().isEmpty(), k + "breakGlassRoleArn", "",
                    "the IAM role ARN that may read the recovery secret, required in prod", k + "breakGlassRoleArn");
            p.rule(!s.backup().restoreRoleArn().isEmpty(), k + "backupRestoreRoleArn", "",
                    "the IAM role ARN that may read snapshots, required in prod", k + "backupRestoreRoleArn");
            // One read of the recovery secret must never yield a quorum of shares in prod.
            p.rule(!s.cluster().recoveryPgpKeys().isEmpty(), k + "recoveryPgpKeys", "(none)",
                    "the recovery key holders' PGP public keys in prod, one per recovery share", k + "recoveryPgpKeys");
            // The lean levers that trade a zone's outage for cost are for non-production only.
            p.rule(net.endpointZoneCount() == net.availabilityZones().size(), k + "vpcEndpointZoneCount", net.endpointZoneCount(),
                    "every availabilityZone (" + net.availabilityZones().size() + ") in prod: an outage of the zones holding the"
                            + " endpoints would cut every node off KMS, Secrets Manager and STS", k + "vpcEndpointZoneCount", k + "availabilityZones");
            p.rule(!s.vpn().enabled() || s.vpn().subnetCount() >= 2, k + "vpnSubnetCount", s.vpn().subnetCount(),
                    "at least 2 in prod (one association's zone outage would lock engineers out)", k + "vpnSubnetCount", k + "vpnEnabled");
        }
        // A release other than the pinned one needs its own digest for the architecture the nodes run: the default
        // digests are those of the pinned release's archives, which a node would refuse for any other release.
        var project = ProjectDefinition.bundled().settings();
        String arch = InstanceArchitecture.of(s.cluster().instanceType());
        String shaKey = arch.equals(InstanceArchitecture.ARM64) ? "vaultSha256Arm64" : "vaultSha256";
        p.rule(s.cluster().vaultSha256Arm64().matches("[0-9a-f]{64}"), k + "vaultSha256Arm64", s.cluster().vaultSha256Arm64(),
                "the 64 lower-case hex digits of vault_<vaultVersion>_linux_arm64.zip's SHA-256", k + "vaultSha256Arm64");
        p.rule(s.platform().onKubernetes() || s.cluster().vaultVersion().equals(project.get("vaultVersion").defaultValue())
                        || !s.cluster().vaultSha256ForInstanceType().equals(project.get(shaKey).defaultValue()),
                k + shaKey, s.cluster().vaultSha256ForInstanceType(), "the SHA-256 of vault_" + s.cluster().vaultVersion() + "_linux_"
                        + arch + ".zip (from HashiCorp's SHA256SUMS) when vaultVersion is not the pinned "
                        + project.get("vaultVersion").defaultValue() + "; the default is that release's digest",
                k + shaKey, k + "vaultVersion", k + "instanceType");
        p.rule(net.availabilityZones().size() >= 3, k + "availabilityZones", net.availabilityZones(),
                "3 to 6 distinct zones (Raft quorum must survive the loss of a zone)", k + "availabilityZones");

        // The region this program plans for, and what must be in it.
        if (s.region() != null) {
            for (String zone : net.availabilityZones()) {
                p.rule(zone.matches(Pattern.quote(s.region()) + "[a-z]"), k + "availabilityZones", zone,
                        "zones of region " + s.region() + " such as " + s.region() + "a", "aws:region");
            }
            String replica = s.backup().replicaRegion();
            p.rule(replica.isEmpty() || (REGIONS.contains(replica) && !replica.equals(s.region())), k + "backupReplicaRegion", replica,
                    "empty or an AWS region other than " + s.region(), "aws:region");
        }
        for (int i = 0; i < net.attachedVpcs().size(); i++) {
            var attached = net.attachedVpcs().get(i);
            String peer = attached.peerRegion();
            p.rule(peer == null || REGIONS.contains(peer), k + "attachedVpcs[" + i + "].peerRegion", peer, "empty or an AWS region");
            // Its applications resolve Vault's name only once the VPC is associated with the private zone.
            p.rule(attached.vpcId() != null && VPC_ID.matcher(attached.vpcId()).matches(), k + "attachedVpcs[" + i + "].vpcId",
                    attached.vpcId(), "the application VPC's id such as vpc-0a1b2c3d4e5f67890 (also with transitGatewayId):"
                            + " the private zone is associated with it so its applications resolve " + s.dns().vaultFqdn());
            p.rule(attached.vpcId() == null || !s.dns().associatedVpcIds().contains(attached.vpcId()), k + "dnsAssociatedVpcIds",
                    attached.vpcId(), "VPCs other than attachedVpcs' (those are associated with the zone already)");
        }
        for (int i = 0; i < s.dns().crossAccountVpcs().size(); i++) {
            var vpc = s.dns().crossAccountVpcs().get(i);
            p.rule(REGIONS.contains(vpc.region()), k + "dnsCrossAccountVpcs[" + i + "].region", vpc.region(), "an AWS region");
            // The component takes VPC ids as outputs, so their form is checked here.
            p.rule(VPC_ID.matcher(vpc.vpcId()).matches(), k + "dnsCrossAccountVpcs[" + i + "].vpcId", vpc.vpcId(), "a VPC id such as vpc-0a1b2c3d4e5f67890");
        }
        for (String id : s.dns().associatedVpcIds()) {
            p.rule(VPC_ID.matcher(id).matches(), k + "dnsAssociatedVpcIds", id, "VPC ids such as vpc-0a1b2c3d4e5f67890");
        }
        p.rule(new java.util.HashSet<>(s.dns().associatedVpcIds()).size() == s.dns().associatedVpcIds().size(), k + "dnsAssociatedVpcIds",
                s.dns().associatedVpcIds(), "unique values");
        for (String arn : s.kms().adminArns()) {
            p.rule(IAM_ARN.matcher(arn).matches(), k + "kmsAdminArns", arn, "IAM ARNs such as arn:aws:iam::123456789012:role/platform-admin");
        }
        for (String[] role : List.of(new String[]{"breakGlassRoleArn", s.cluster().breakGlassRoleArn()},
                new String[]{"backupRestoreRoleArn", s.backup().restoreRoleArn()})) {
            p.rule(role[1].isEmpty() || ROLE_ARN.matcher(role[1]).matches(), k + role[0], role[1],
                    "empty or an IAM role ARN such as arn:aws:iam::123456789012:role/vault-break-glass");
        }

        // Private CAs: well-formed, and never one CA for both. Its default template gives every certificate server and
        // client auth and copies the CSR's names, so a node certificate would open the VPN and an engineer's CSR naming
        // Vault would yield a certificate Vault's clients trust.
        String vpnCa = s.vpn().certificateAuthorityArn();
        String vaultCa = s.cluster().certificateAuthorityArn();
        for (String[] ca : List.of(new String[]{"vpnCertificateAuthorityArn", vpnCa}, new String[]{"vaultCertificateAuthorityArn", vaultCa})) {
            boolean shaped = ca[1].isEmpty() || PrivateCa.isArn(ca[1]);
            p.rule(shaped, k + ca[0], ca[1], "empty (a CA of the program's own) or " + PrivateCa.ARN_SHAPE);
            if (shaped && !ca[1].isEmpty() && s.region() != null) {
                // Private CAs are Regional: the stack's certificates are issued through its own Region's endpoint.
                p.rule(ca[1].split(":")[3].equals(s.region()), k + ca[0], ca[1], "a private CA in the stack's region " + s.region()
                        + " (private CAs are Regional resources; create or choose one there)", k + ca[0], "aws:region");
            }
        }
        p.rule(vpnCa.isEmpty() || !vpnCa.equals(vaultCa), k + "vpnCertificateAuthorityArn", vpnCa,
                "a different CA from vaultCertificateAuthorityArn: the CA's certificates carry server and client auth, so a Vault"
                        + " node certificate would authenticate to the VPN and an engineer's certificate could pose as Vault",
                k + "vpnCertificateAuthorityArn", k + "vaultCertificateAuthorityArn");

        // Adopting a VPC: the subnets and route tables only mean something with it.
        if (!net.adoptsVpc()) {
            p.rule(net.existingPrivateSubnetIds().isEmpty(), k + "existingPrivateSubnetIds", net.existingPrivateSubnetIds(), "empty unless existingVpcId is set");
            p.rule(net.existingRouteTableIds().isEmpty(), k + "existingRouteTableIds", net.existingRouteTableIds(), "empty unless existingVpcId is set");
        }

        // Clients: private ranges no wider than a VPC (the NLB itself refuses only 0.0.0.0/0).
        for (String c : net.allowedClientCidrs()) {
            clientRange(p, k + "allowedClientCidrs", c);
        }
        if (!s.vpn().enabled()) {
            p.rule(!net.attachedVpcs().isEmpty() || !net.allowedClientCidrs().isEmpty(), k + "vpnEnabled", false,
                    "true, or attachedVpcs / allowedClientCidrs set: otherwise nothing can reach Vault");
        }

        // An adopted VPC's own endpoints: AWS allows one private-DNS interface endpoint per service and one S3 gateway route.
        var services = new java.util.ArrayList<>(io.privatevault.components.network.EndpointCatalog.names());
        services.add("s3");
        for (String service : net.existingVpcEndpoints()) {
            p.rule(services.contains(service), k + "existingVpcEndpoints", service, "one of " + String.join(", ", services));
        }
        p.rule(net.existingVpcEndpoints().isEmpty() || net.adoptsVpc(), k + "existingVpcEndpoints", net.existingVpcEndpoints(),
                "left out unless existingVpcId is set", k + "existingVpcId");
        p.rule(!net.existingVpcEndpoints().contains("s3") || s.platform().onKubernetes() || s.cluster().vaultArtifactUrl().isEmpty(),
                k + "existingVpcEndpoints", "s3", "without s3 when vaultArtifactUrl is s3:// on EC2 (the nodes' egress rule names the"
                        + " gateway endpoint's prefix list, which this stack then does not create)", k + "vaultArtifactUrl");

        // Vault's own download: an S3 mirror or, through NAT, HashiCorp's releases site.
        String url = s.cluster().vaultArtifactUrl();
        p.rule(url.isEmpty() || url.startsWith("s3://"), k + "vaultArtifactUrl", url, "empty (download from HashiCorp through NAT) or s3://bucket/prefix");
        if (!s.platform().onKubernetes()) {
            p.rule(!url.isEmpty() || !net.natGateways().equals("none"), k + "vaultArtifactUrl", url,
                    "an s3://bucket/prefix holding the Vault zip when natGateways is none (nodes have no internet route)", k + "natGateways");
        }

        // The VPN: its client range must stay clear of the Vault VPC, its associations fit the zones.
        if (s.vpn().enabled()) {
            Cidr client = parseOrNull(s.vpn().clientCidr());
            Cidr vpc = parseOrNull(net.vpcCidr());
            p.rule(client == null || vpc == null || !client.overlaps(vpc), k + "vpnClientCidr", s.vpn().clientCidr(),
                    "a CIDR that does not overlap the Vault VPC " + net.vpcCidr(), k + "vpnClientCidr", k + "vpcCidr");
            p.rule(s.vpn().subnetCount() <= net.availabilityZones().size(), k + "vpnSubnetCount", s.vpn().subnetCount(),
                    "at most the number of availabilityZones (" + net.availabilityZones().size() + "; one association per zone)",
                    k + "vpnSubnetCount", k + "availabilityZones");
            // Longer than twice the 7-day early-renewal window, or every `pulumi up` would reissue every certificate.
            p.rule(s.vpn().certValidityHours() >= 336 && s.vpn().certValidityHours() <= 8760, k + "vpnCertValidityHours",
                    s.vpn().certValidityHours(), "between 336 and 8760", k + "vpnCertValidityHours");
        }

        // Kubernetes: the NLB registers pod IPs, which must be addresses of its VPC, adopted from the EKS cluster.
        if (s.platform().onKubernetes()) {
            p.rule(net.adoptsVpc(), k + "existingVpcId", "",
                    "the EKS cluster's VPC when platform is kubernetes (the NLB registers pod IPs, which must be in its VPC)");
            // Vault's NetworkPolicy admits the NLB's and the VPN's addresses: in the cluster's own subnets that is every pod.
            p.rule(!net.edgeSubnetCidrs().isEmpty(), k + "edgeSubnetCidrs", net.edgeSubnetCidrs(),
                    "one small subnet per availability zone (a /24 to /27 of the EKS VPC holding no pod) when platform is kubernetes:"
                            + " the NLB and the Client VPN sit there, and Vault's NetworkPolicy admits them without admitting the cluster's pods");
        }
        // The NLB and the Client VPN share the edge subnets: both need free addresses there at once.
        if (s.vpn().enabled()) {
            for (String edge : net.edgeSubnetCidrs()) {
                Cidr cidr = parseOrNull(edge);
                p.rule(cidr == null || cidr.size() - AWS_RESERVED_ADDRESSES >= VPN_FREE_ADDRESSES + NLB_FREE_ADDRESSES, k + "edgeSubnetCidrs", edge,
                        "a /26 or larger block while the Client VPN shares it with the NLB (AWS keeps " + AWS_RESERVED_ADDRESSES
                                + " addresses of every subnet, a Client VPN association needs " + VPN_FREE_ADDRESSES
                                + " available at all times and the NLB " + NLB_FREE_ADDRESSES + ")", k + "vpnEnabled");
            }
        }

        suppressionRules(s.project(), s.policySuppressions(), p);
    }

    /** An accepted finding names one resource and says why; a rule of both kinds of stack. */
    static void suppressionRules(String project, List<PolicySuppression> suppressions, SettingsProblems p) {
        for (int i = 0; i < suppressions.size(); i++) {
            var sup = suppressions.get(i);
            String at = project + ":policySuppressions[" + i + "]";
            p.rule(sup.urn().startsWith("urn:pulumi:") && !sup.urn().contains("*"), at + ".urn", sup.urn(), "one resource URN (no wildcards)");
            p.rule(sup.reason().trim().length() >= 10, at + ".reason", sup.reason(), "a written reason (at least 10 characters)");
        }
    }

    /**
     * Addresses of a subnet edge subnets must leave free. AWS: "The first four IP addresses and the last IP address in
     * each subnet CIDR block are not available for your use" (Amazon VPC user guide, "Subnet CIDR blocks"); a Client VPN
     * target network "must also have at least 20 available IP addresses at all times" (Client VPN administrator guide,
     * "Target networks"); an NLB's subnet needs "at least 8 available IP addresses" when AWS picks its address (ELB user
     * guide, "Availability Zones for your Network Load Balancer").
     */
    static final int AWS_RESERVED_ADDRESSES = 5;
    static final int VPN_FREE_ADDRESSES = 20;
    static final int NLB_FREE_ADDRESSES = 8;

    static Cidr parseOrNull(String text) {
        try {
            return text == null ? null : Cidr.parse(text);
        } catch (InvalidSettingException e) {
            return null;
        }
    }

    /** A range that admits clients: {@link Cidr#clientRangeProblem}, the rule the components apply too. */
    private static void clientRange(SettingsProblems p, String key, String text) {
        Cidr cidr = parseOrNull(text);
        String problem = cidr == null ? null : cidr.clientRangeProblem();
        p.rule(problem == null, key, text, Cidr.CLIENT_RANGE_ALLOWED + "; this one is " + problem, key);
    }
}
