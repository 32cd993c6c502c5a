package io.privatevault.plan.insights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.AwsSchema.AutoScalingGroup;
import io.privatevault.plan.insights.AwsSchema.Bucket;
import io.privatevault.plan.insights.AwsSchema.BucketEncryption;
import io.privatevault.plan.insights.AwsSchema.BucketPolicy;
import io.privatevault.plan.insights.AwsSchema.BucketPublicAccessBlock;
import io.privatevault.plan.insights.AwsSchema.BucketVersioning;
import io.privatevault.plan.insights.AwsSchema.ClientVpnAuthorization;
import io.privatevault.plan.insights.AwsSchema.ClientVpnEndpoint;
import io.privatevault.plan.insights.AwsSchema.IngressRule;
import io.privatevault.plan.insights.AwsSchema.KmsKey;
import io.privatevault.plan.insights.AwsSchema.LaunchTemplate;
import io.privatevault.plan.insights.AwsSchema.LoadBalancer;
import io.privatevault.plan.insights.AwsSchema.LogGroup;
import io.privatevault.plan.insights.AwsSchema.Role;
import io.privatevault.plan.insights.AwsSchema.RolePolicy;
import io.privatevault.plan.insights.AwsSchema.SecretsManagerSecret;
import io.privatevault.plan.insights.AwsSchema.SecurityGroup;
import io.privatevault.plan.insights.AwsSchema.Subnet;
import io.privatevault.plan.insights.AwsSchema.TargetGroup;
import io.privatevault.plan.insights.AwsSchema.Topic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.privatevault.components.support.JsonValues.strings;
import static io.privatevault.components.support.JsonValues.text;

/**
 * The security rules of the offline plan. Each reads only registered inputs (via {@link AwsSchema}) and rendered files,
 * so the same rules run under the offline plan and in tests. Inputs only known after deployment never fire a
 * rule on their own: they are treated as "set" where the rule asks for presence (e.g. a KMS key ARN).
 */
public final class SecurityRules {
    /** Decided health-check settings (ARCHITECTURE.md section 3). */
    public static final long HEALTH_INTERVAL_SECONDS = 5;
    public static final long HEALTH_THRESHOLD = 2;
    public static final long DEREGISTRATION_DELAY_SECONDS = 15;
    public static final int RAFT_PORT = 8201;
    public static final int MIN_AZS = 3;

    private SecurityRules() {
    }

    /** Emits findings for one rule. */
    @FunctionalInterface
    interface Check {
        void run(PolicyContext context, Emitter emit);
    }

    @FunctionalInterface
    interface Emitter {
        void at(String urn, String message);
    }

    record SimpleRule(String id, Severity severity, String rationale, String fix, List<String> resourceTypes, Check check)
            implements Rule {
        @Override
        public List<Finding> evaluate(PolicyContext context) {
            List<Finding> findings = new ArrayList<>();
            check.run(context, (urn, message) -> findings.add(new Finding(severity, id, urn, message)));
            return findings;
        }
    }

    /** Every rule of the pack: these, then Vault's, resource policies', protection's and exposure's. */
    public static List<Rule> all() {
        var all = new ArrayList<>(base());
        all.addAll(VaultRules.all());
        all.addAll(ResourcePolicyRules.all());
        all.addAll(ProtectionRules.all());
        all.addAll(ExposureRules.all());
        return List.copyOf(all);
    }

    private static List<Rule> base() {
        return List.of(
                new SimpleRule("no-public-ip", Severity.HIGH,
                        "Vault has no public address; an instance with one is reachable from the internet if any rule opens.",
                        "Set associatePublicIpAddress false on launch template network interfaces and mapPublicIpOnLaunch false on subnets.",
                        List.of(LaunchTemplate.TYPE, Subnet.TYPE),
                        SecurityRules::noPublicIp),
                new SimpleRule("imdsv2-required", Severity.HIGH,
                        "IMDSv1 lets an SSRF read the node role's credentials; hop limit 1 keeps containers off the metadata service.",
                        "Set metadataOptions.httpTokens = required and httpPutResponseHopLimit = 1.",
                        List.of(LaunchTemplate.TYPE),
                        SecurityRules::imdsv2),
                new SimpleRule("cmk-encryption", Severity.HIGH,
                        "Data at rest (Raft volumes, logs, recovery keys, snapshots, alarms) must be encrypted with a key we control and audit.",
                        "Set encrypted + kmsKeyId (EBS), kmsKeyId (log groups, secrets), kmsMasterKeyId (SNS), SSE-KMS with a key id (buckets).",
                        List.of(LaunchTemplate.TYPE, LogGroup.TYPE, SecretsManagerSecret.TYPE, Topic.TYPE, Bucket.TYPE, BucketEncryption.TYPE),
                        SecurityRules::cmkEncryption),
                new SimpleRule("no-world-ingress", Severity.HIGH,
                        "Nothing in a private platform should accept traffic from the whole internet.",
                        "Use the declared client CIDRs or a referenced security group instead of 0.0.0.0/0 or ::/0.",
                        List.of(IngressRule.TYPE, SecurityGroup.TYPE),
                        SecurityRules::noWorldIngress),
                new SimpleRule("raft-port-self-only", Severity.HIGH,
                        "Port 8201 carries Raft replication and request forwarding; only cluster members may reach it.",
                        "Allow 8201 only with referencedSecurityGroupId = the rule's own securityGroupId (self).",
                        List.of(IngressRule.TYPE, SecurityGroup.TYPE),
                        SecurityRules::raftPortSelfOnly),
                new SimpleRule("lb-internal", Severity.HIGH,
                        "The load balancer is the only way into Vault; an internet-facing one publishes it.",
                        "Set internal = true.",
                        List.of(LoadBalancer.TYPE),
                        SecurityRules::lbInternal),
                new SimpleRule("lb-deletion-protection-prod", Severity.MEDIUM,
                        "Deleting the prod NLB cuts every client off and changes its DNS name.",
                        "Set enableDeletionProtection = true in prod.",
                        List.of(LoadBalancer.TYPE),
                        SecurityRules::lbDeletionProtection),
                new SimpleRule("kms-rotation", Severity.MEDIUM,
                        "Yearly rotation limits how much data one key version protects; AWS rotates for free.",
                        "Set enableKeyRotation = true on every symmetric key.",
                        List.of(KmsKey.TYPE),
                        SecurityRules::kmsRotation),
                new SimpleRule("bucket-public-access-block", Severity.HIGH,
                        "Snapshots hold the whole Vault state; no ACL or policy mistake may make them public.",
                        "Attach a BucketPublicAccessBlock with all four settings true.",
                        List.of(Bucket.TYPE, BucketPublicAccessBlock.TYPE),
                        SecurityRules::bucketPublicAccessBlock),
                new SimpleRule("bucket-versioning", Severity.MEDIUM,
                        "Versioning keeps an overwritten or deleted snapshot recoverable.",
                        "Attach a BucketVersioningV2 with versioningConfiguration.status = Enabled.",
                        List.of(Bucket.TYPE, BucketVersioning.TYPE),
                        SecurityRules::bucketVersioning),
                new SimpleRule("bucket-tls-only", Severity.HIGH,
                        "Snapshots must never travel in clear text.",
                        "Attach a bucket policy that denies s3:* when aws:SecureTransport is false.",
                        List.of(Bucket.TYPE, BucketPolicy.TYPE),
                        SecurityRules::bucketTlsOnly),
                new SimpleRule("vpn-split-tunnel", Severity.MEDIUM,
                        "Full tunnel routes engineers' internet traffic through the VPC, which has no path out and should not.",
                        "Set splitTunnel = true.",
                        List.of(ClientVpnEndpoint.TYPE),
                        SecurityRules::vpnSplitTunnel),
                new SimpleRule("vpn-connection-logging", Severity.MEDIUM,
                        "Who connected when is the audit trail for engineer access.",
                        "Set connectionLogOptions.enabled = true with a CloudWatch log group.",
                        List.of(ClientVpnEndpoint.TYPE),
                        SecurityRules::vpnLogging),
                new SimpleRule("vpn-no-world-authorisation", Severity.HIGH,
                        "Authorising 0.0.0.0/0 lets VPN users reach everything routable, not just Vault.",
                        "Authorise only the Vault subnets / NLB CIDRs.",
                        List.of(ClientVpnAuthorization.TYPE),
                        SecurityRules::vpnNoWorldAuthorisation),
                new SimpleRule("iam-wildcard-action", Severity.HIGH,
                        "A * action grants every present and future API of a service.",
                        "List the exact actions the node needs.",
                        List.of(RolePolicy.TYPE, Role.TYPE),
                        SecurityRules::iamWildcardAction),
                new SimpleRule("iam-wildcard-resource", Severity.MEDIUM,
                        "Resource * lets the role act on every resource of the account where an ARN could narrow it.",
                        "Name the resource ARNs; only actions without resource-level permissions (iam-wildcard-resource-exceptions.json) may use *.",
                        List.of(RolePolicy.TYPE, Role.TYPE),
                        SecurityRules::iamWildcardResource),
                new SimpleRule("health-check-decided", Severity.MEDIUM,
                        "Interval 5 s and thresholds 2/2 over HTTPS /v1/sys/health take a dead node out in ~10 s and keep unjoined ones out.",
                        "Set healthCheck interval 5, healthyThreshold 2, unhealthyThreshold 2, protocol HTTPS, path /v1/sys/health?..., deregistrationDelay 15.",
                        List.of(TargetGroup.TYPE),
                        SecurityRules::healthCheck),
                new SimpleRule("raft-odd-nodes-three-azs", Severity.HIGH,
                        "Raft needs a majority: an even count adds no fault tolerance, fewer than 3 AZs lose quorum with one AZ.",
                        "Use an odd node count >= 3 (min = desired) over subnets in at least 3 availability zones.",
                        List.of(AutoScalingGroup.TYPE, Subnet.TYPE),
                        SecurityRules::oddNodesAcrossAzs),
                new SimpleRule("no-plaintext-secret", Severity.HIGH,
                        "A secret in a plain input or output is stored unencrypted in state and printed by previews.",
                        "Wrap the value with Output.ofSecret / additionalSecretOutputs, or keep it out of Pulumi entirely.",
                        List.of(),
                        SecurityRules::noPlaintextSecret),
                new SimpleRule("vault-listener-tls", Severity.HIGH,
                        "Vault terminates TLS end to end (the NLB passes TCP through); anything below TLS 1.2 is broken.",
                        "In every listener \"tcp\" set tls_min_version = \"tls12\" (or tls13) and remove tls_disable.",
                        List.of(),
                        SecurityRules::vaultListenerTls),
                new SimpleRule("break-glass-left-open", Severity.MEDIUM,
                        "enable_unauthenticated_access lets anyone who reaches 8200 start or cancel a root token generation without a token; it is for break glass only (a quorum of recovery shares still finishes it).",
                        "Set breakGlassGenerateRoot back to false (VaultRaftClusterArgs.breakGlassGenerateRoot) once the root token is generated and revoked.",
                        List.of(),
                        SecurityRules::breakGlassLeftOpen));
    }

    // ---- network exposure ----

    private static void noPublicIp(PolicyContext ctx, Emitter emit) {
        for (var lt : ctx.ofType(LaunchTemplate.TYPE)) {
            if (Inputs.all(lt, LaunchTemplate.PUBLIC_IP).stream().anyMatch(Inputs::isTrue)) {
                emit.at(lt.urn(), "a network interface sets associatePublicIpAddress = true");
            }
        }
        for (var subnet : ctx.ofType(Subnet.TYPE)) {
            if (Inputs.isTrue(subnet.input(Subnet.MAP_PUBLIC_IP))) {
                emit.at(subnet.urn(), "mapPublicIpOnLaunch = true gives every instance launched here a public IP");
            }
        }
    }

    private static void imdsv2(PolicyContext ctx, Emitter emit) {
        for (var host : ctx.ofType(LaunchTemplate.TYPE)) {
            Object tokens = host.input(LaunchTemplate.HTTP_TOKENS);
            if (!"required".equals(tokens) && !Inputs.unknown(tokens)) {
                emit.at(host.urn(), "metadataOptions.httpTokens is " + (tokens == null ? "unset (IMDSv1 allowed)" : tokens)
                        + ", must be required");
            }
            Long hops = Inputs.asLong(host.input(LaunchTemplate.HOP_LIMIT));
            if (hops != null && hops > 1) {
                emit.at(host.urn(), "metadataOptions.httpPutResponseHopLimit is " + hops + ", must be 1");
            }
        }
    }

    private static boolean worldCidr(Object cidr) {
        return "0.0.0.0/0".equals(cidr) || "::/0".equals(cidr);
    }

    private static void noWorldIngress(PolicyContext ctx, Emitter emit) {
        for (var rule : ctx.ofType(IngressRule.TYPE)) {
            for (String path : List.of(IngressRule.CIDR_V4, IngressRule.CIDR_V6)) {
                if (worldCidr(rule.input(path))) {
                    emit.at(rule.urn(), path + " = " + rule.input(path) + " " + ports(rule.input(IngressRule.FROM_PORT),
                            rule.input(IngressRule.TO_PORT)));
                }
            }
        }
        for (var group : ctx.ofType(SecurityGroup.TYPE)) {
            for (String path : List.of(SecurityGroup.INGRESS_CIDRS, SecurityGroup.INGRESS_IPV6_CIDRS)) {
                Inputs.all(group, path).stream().flatMap(v -> Inputs.strings(v).stream()).filter(SecurityRules::worldCidr)
                        .distinct().forEach(c -> emit.at(group.urn(), "inline ingress allows " + c));
            }
        }
    }

    private static String ports(Object from, Object to) {
        return from == null ? "(all ports)" : "(ports " + from + "-" + to + ")";
    }

    private static boolean coversPort(Object protocol, Object from, Object to, int port) {
        if ("-1".equals(String.valueOf(protocol)) || "all".equals(protocol)) {
            return true;
        }
        Long f = Inputs.asLong(from);
        Long t = Inputs.asLong(to);
        return f != null && t != null && f <= port && port <= t;
    }

    private static void raftPortSelfOnly(PolicyContext ctx, Emitter emit) {
        for (var rule : ctx.ofType(IngressRule.TYPE)) {
            if (!coversPort(rule.input(IngressRule.PROTOCOL), rule.input(IngressRule.FROM_PORT), rule.input(IngressRule.TO_PORT), RAFT_PORT)) {
                continue;
            }
            Object group = rule.input(IngressRule.GROUP);
            Object referenced = rule.input(IngressRule.REFERENCED_GROUP);
            boolean self = referenced != null && (referenced.equals(group) || Inputs.unknown(referenced) && Inputs.unknown(group));
            if (!self) {
                String source = Inputs.present(rule.input(IngressRule.CIDR_V4)) ? "CIDR " + rule.input(IngressRule.CIDR_V4)
                        : Inputs.present(rule.input(IngressRule.CIDR_V6)) ? "CIDR " + rule.input(IngressRule.CIDR_V6)
                        : Inputs.present(rule.input(IngressRule.PREFIX_LIST)) ? "prefix list " + rule.input(IngressRule.PREFIX_LIST)
                        : "security group " + referenced;
                emit.at(rule.urn(), "port " + RAFT_PORT + " is open to " + source + ", not only to its own group " + group);
            }
        }
        for (var group : ctx.ofType(SecurityGroup.TYPE)) {
            for (Object ingress : Inputs.all(group, SecurityGroup.INGRESS + ".*")) {
                if (!(ingress instanceof Map<?, ?> entry)) {
                    continue;
                }
                if (coversPort(entry.get("protocol"), entry.get("fromPort"), entry.get("toPort"), RAFT_PORT)
                        && (!Inputs.strings(entry.get("cidrBlocks")).isEmpty() || !Inputs.strings(entry.get("ipv6CidrBlocks")).isEmpty()
                        || !Inputs.strings(entry.get("securityGroups")).isEmpty() || !Inputs.isTrue(entry.get("self")))) {
                    emit.at(group.urn(), "inline ingress opens " + RAFT_PORT + " to sources other than the group itself");
                }
            }
        }
    }

    private static void lbInternal(PolicyContext ctx, Emitter emit) {
        for (var lb : ctx.ofType(LoadBalancer.TYPE)) {
            if (!Inputs.isTrue(lb.input(LoadBalancer.INTERNAL)) && !Inputs.unknown(lb.input(LoadBalancer.INTERNAL))) {
                emit.at(lb.urn(), "internal is " + lb.input(LoadBalancer.INTERNAL) + "; the load balancer would be internet-facing");
            }
        }
    }

    private static void lbDeletionProtection(PolicyContext ctx, Emitter emit) {
        if (!ctx.production()) {
            return;
        }
        for (var lb : ctx.ofType(LoadBalancer.TYPE)) {
            if (!Inputs.isTrue(lb.input(LoadBalancer.DELETION_PROTECTION))) {
                emit.at(lb.urn(), "enableDeletionProtection is " + lb.input(LoadBalancer.DELETION_PROTECTION) + " in " + ctx.environment());
            }
        }
    }

    // ---- encryption ----

    /** Keys AWS manages for us (alias/aws/...) are encryption, but not a customer key we control. */
    private static boolean customerKey(Object keyId) {
        if (!Inputs.present(keyId)) {
            return false;
        }
        String key = String.valueOf(keyId);
        return !key.startsWith("alias/aws/") && !key.contains(":alias/aws/");
    }

    private static void cmkEncryption(PolicyContext ctx, Emitter emit) {
        for (var lt : ctx.ofType(LaunchTemplate.TYPE)) {
            List<Object> mappings = Inputs.all(lt, LaunchTemplate.BLOCK_DEVICES + ".*");
            if (mappings.isEmpty()) {
                emit.at(lt.urn(), "no blockDeviceMappings: the AMI's volumes are launched with its (possibly unencrypted) defaults");
            }
            for (Object mapping : mappings) {
                Object device = mapping instanceof Map<?, ?> m ? m.get("deviceName") : "?";
                if (!Inputs.isTrue(Inputs.all(mapping, LaunchTemplate.EBS_ENCRYPTED).stream().findFirst().orElse(null))) {
                    emit.at(lt.urn(), "EBS volume " + device + " is not encrypted");
                } else if (!customerKey(Inputs.all(mapping, LaunchTemplate.EBS_KMS_KEY).stream().findFirst().orElse(null))) {
                    emit.at(lt.urn(), "EBS volume " + device + " has no customer-managed kmsKeyId");
                }
            }
        }
        keyed(ctx, emit, LogGroup.TYPE, LogGroup.KMS_KEY, "log group");
        keyed(ctx, emit, SecretsManagerSecret.TYPE, SecretsManagerSecret.KMS_KEY, "secret (else aws/secretsmanager is used)");
        keyed(ctx, emit, Topic.TYPE, Topic.KMS_KEY, "SNS topic");
        for (var bucket : ctx.ofType(Bucket.TYPE)) {
            var configs = attached(ctx, bucket, BucketEncryption.TYPE);
            boolean kms = configs.stream().anyMatch(c ->
                    Inputs.all(c, BucketEncryption.ALGORITHM).stream().anyMatch(a -> String.valueOf(a).startsWith("aws:kms"))
                            && Inputs.all(c, BucketEncryption.KMS_KEY).stream().anyMatch(SecurityRules::customerKey));
            if (!kms) {
                emit.at(bucket.urn(), "no server-side encryption configuration with aws:kms and a customer-managed kmsMasterKeyId");
            }
        }
    }

    private static void keyed(PolicyContext ctx, Emitter emit, String type, String property, String what) {
        for (var resource : ctx.ofType(type)) {
            if (!customerKey(resource.input(property))) {
                emit.at(resource.urn(), what + " has no customer-managed " + property
                        + (resource.input(property) == null ? "" : " (got " + resource.input(property) + ")"));
            }
        }
    }

    private static void kmsRotation(PolicyContext ctx, Emitter emit) {
        for (var key : ctx.ofType(KmsKey.TYPE)) {
            Object spec = key.input(KmsKey.SPEC);
            boolean symmetric = spec == null || "SYMMETRIC_DEFAULT".equals(spec);
            if (symmetric && !Inputs.isTrue(key.input(KmsKey.ROTATION))) {
                emit.at(key.urn(), "enableKeyRotation is " + key.input(KmsKey.ROTATION));
            }
        }
    }

    // ---- buckets ----

    /**
     * Settings resources attached to a bucket: they depend on its URN (the bucket id flows into {@code bucket}),
     * or name the same explicit bucket.
     */
    static List<RecordedResource> attached(PolicyContext ctx, RecordedResource bucket, String type) {
        Object name = bucket.input("bucket");
        return ctx.ofType(type).stream().filter(r -> r.dependencies().contains(bucket.urn())
                || name != null && name.equals(r.input("bucket"))).toList();
    }

    private static void bucketPublicAccessBlock(PolicyContext ctx, Emitter emit) {
        for (var bucket : ctx.ofType(Bucket.TYPE)) {
            var blocks = attached(ctx, bucket, BucketPublicAccessBlock.TYPE);
            if (blocks.isEmpty()) {
                emit.at(bucket.urn(), "no BucketPublicAccessBlock");
                continue;
            }
            for (var block : blocks) {
                for (String setting : List.of(BucketPublicAccessBlock.BLOCK_PUBLIC_ACLS, BucketPublicAccessBlock.BLOCK_PUBLIC_POLICY,
                        BucketPublicAccessBlock.IGNORE_PUBLIC_ACLS, BucketPublicAccessBlock.RESTRICT_PUBLIC_BUCKETS)) {
                    if (!Inputs.isTrue(block.input(setting))) {
                        emit.at(bucket.urn(), "public access block " + block.name() + " has " + setting + " = " + block.input(setting));
                    }
                }
            }
        }
    }

    private static void bucketVersioning(PolicyContext ctx, Emitter emit) {
        for (var bucket : ctx.ofType(Bucket.TYPE)) {
            boolean enabled = attached(ctx, bucket, BucketVersioning.TYPE).stream()
                    .anyMatch(v -> "Enabled".equals(v.input(BucketVersioning.STATUS)));
            if (!enabled) {
                emit.at(bucket.urn(), "no BucketVersioningV2 with status Enabled");
            }
        }
    }

    private static void bucketTlsOnly(PolicyContext ctx, Emitter emit) {
        for (var bucket : ctx.ofType(Bucket.TYPE)) {
            boolean denied = attached(ctx, bucket, BucketPolicy.TYPE).stream()
                    .map(p -> p.input(BucketPolicy.POLICY))
                    .anyMatch(policy -> Inputs.unknown(policy) || policy instanceof String json && deniesInsecureTransport(json));
            if (!denied) {
                emit.at(bucket.urn(), "no bucket policy denying requests with aws:SecureTransport = false");
            }
        }
    }

    private static boolean deniesInsecureTransport(String json) {
        for (JsonObject statement : statements(json)) {
            if (!"Deny".equals(text(statement, "Effect")) || !statement.has("Condition")) {
                continue;
            }
            JsonElement bool = statement.getAsJsonObject("Condition").get("Bool");
            if (bool != null && bool.isJsonObject() && bool.getAsJsonObject().has("aws:SecureTransport")
                    && strings(bool.getAsJsonObject().get("aws:SecureTransport")).contains("false")
                    && strings(statement.get("Action")).stream().anyMatch(a -> a.equals("s3:*") || a.equals("*"))) {
                return true;
            }
        }
        return false;
    }

    // ---- client VPN ----

    private static void vpnSplitTunnel(PolicyContext ctx, Emitter emit) {
        for (var endpoint : ctx.ofType(ClientVpnEndpoint.TYPE)) {
            if (!Inputs.isTrue(endpoint.input(ClientVpnEndpoint.SPLIT_TUNNEL))) {
                emit.at(endpoint.urn(), "splitTunnel is " + endpoint.input(ClientVpnEndpoint.SPLIT_TUNNEL));
            }
        }
    }

    private static void vpnLogging(PolicyContext ctx, Emitter emit) {
        for (var endpoint : ctx.ofType(ClientVpnEndpoint.TYPE)) {
            if (!Inputs.isTrue(endpoint.input(ClientVpnEndpoint.LOGGING))) {
                emit.at(endpoint.urn(), "connectionLogOptions.enabled is " + endpoint.input(ClientVpnEndpoint.LOGGING));
            }
        }
    }

    private static void vpnNoWorldAuthorisation(PolicyContext ctx, Emitter emit) {
        for (var rule : ctx.ofType(ClientVpnAuthorization.TYPE)) {
            if (worldCidr(rule.input(ClientVpnAuthorization.TARGET_CIDR))) {
                emit.at(rule.urn(), "targetNetworkCidr = " + rule.input(ClientVpnAuthorization.TARGET_CIDR));
            }
        }
    }

    // ---- IAM ----

    private static Set<String> resourceWildcardExceptions;

    /** Actions without resource-level permissions, from the data file (lower-cased). */
    static synchronized Set<String> resourceWildcardExceptions() {
        if (resourceWildcardExceptions == null) {
            try (InputStream in = SecurityRules.class.getResourceAsStream("iam-wildcard-resource-exceptions.json")) {
                if (in == null) {
                    throw new IllegalStateException("iam-wildcard-resource-exceptions.json missing from the classpath");
                }
                var actions = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .getAsJsonObject().getAsJsonObject("actions");
                Set<String> set = new HashSet<>();
                actions.keySet().forEach(a -> set.add(a.toLowerCase(Locale.ROOT)));
                resourceWildcardExceptions = Set.copyOf(set);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return resourceWildcardExceptions;
    }

    /** (urn, policy JSON) of every IAM identity policy; KMS key and bucket policies are resource policies, not checked here. */
    private static List<String[]> identityPolicies(PolicyContext ctx) {
        List<String[]> policies = new ArrayList<>();
        for (var r : ctx.ofType(RolePolicy.TYPE)) {
            if (r.input(RolePolicy.POLICY) instanceof String json) {
                policies.add(new String[]{r.urn(), json});
            }
        }
        for (var role : ctx.ofType(Role.TYPE)) {
            Inputs.all(role, Role.INLINE_POLICIES).stream().filter(p -> p instanceof String)
                    .forEach(p -> policies.add(new String[]{role.urn(), (String) p}));
        }
        return policies;
    }

    private static void iamWildcardAction(PolicyContext ctx, Emitter emit) {
        for (String[] policy : identityPolicies(ctx)) {
            for (JsonObject statement : statements(policy[1])) {
                if (!"Allow".equals(text(statement, "Effect"))) {
                    continue;
                }
                if (statement.has("NotAction")) {
                    emit.at(policy[0], sid(statement) + "Allow with NotAction grants everything else");
                }
                strings(statement.get("Action")).stream().filter(a -> a.equals("*") || a.endsWith(":*"))
                        .forEach(a -> emit.at(policy[0], sid(statement) + "allows action " + a));
            }
        }
    }

    private static void iamWildcardResource(PolicyContext ctx, Emitter emit) {
        Set<String> exceptions = resourceWildcardExceptions();
        for (String[] policy : identityPolicies(ctx)) {
            for (JsonObject statement : statements(policy[1])) {
                if (!"Allow".equals(text(statement, "Effect"))) {
                    continue;
                }
                if (statement.has("NotResource")) {
                    emit.at(policy[0], sid(statement) + "Allow with NotResource grants every other resource");
                }
                if (!strings(statement.get("Resource")).contains("*")) {
                    continue;
                }
                var narrowable = new TreeSet<String>();
                strings(statement.get("Action")).stream().filter(a -> !exceptions.contains(a.toLowerCase(Locale.ROOT)))
                        .forEach(narrowable::add);
                if (!narrowable.isEmpty()) {
                    emit.at(policy[0], sid(statement) + "Resource * for actions that support resource ARNs: " + narrowable);
                }
            }
        }
    }

    private static String sid(JsonObject statement) {
        String sid = text(statement, "Sid");
        return sid == null ? "" : "statement " + sid + ": ";
    }

    /** Statements of a policy document (object or array form); malformed JSON yields none (AWS would reject it anyway). */
    static List<JsonObject> statements(String json) {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject() || !root.getAsJsonObject().has("Statement")) {
                return List.of();
            }
            JsonElement statement = root.getAsJsonObject().get("Statement");
            List<JsonObject> result = new ArrayList<>();
            if (statement.isJsonArray()) {
                statement.getAsJsonArray().forEach(s -> {
                    if (s.isJsonObject()) {
                        result.add(s.getAsJsonObject());
                    }
                });
            } else if (statement.isJsonObject()) {
                result.add(statement.getAsJsonObject());
            }
            return result;
        } catch (JsonParseException | IllegalStateException e) {
            return List.of();
        }
    }



    // ---- availability ----

    private static void healthCheck(PolicyContext ctx, Emitter emit) {
        for (var group : ctx.ofType(TargetGroup.TYPE)) {
            // Unset values mean the AWS defaults (interval 30, thresholds 3/3), which are outside the decided ones.
            Long interval = Inputs.asLong(group.input(TargetGroup.INTERVAL));
            Long healthy = Inputs.asLong(group.input(TargetGroup.HEALTHY));
            Long unhealthy = Inputs.asLong(group.input(TargetGroup.UNHEALTHY));
            if (interval == null || interval > HEALTH_INTERVAL_SECONDS) {
                emit.at(group.urn(), "healthCheck.interval is " + interval + ", decided " + HEALTH_INTERVAL_SECONDS);
            }
            if (healthy == null || healthy > HEALTH_THRESHOLD) {
                emit.at(group.urn(), "healthCheck.healthyThreshold is " + healthy + ", decided " + HEALTH_THRESHOLD);
            }
            if (unhealthy == null || unhealthy > HEALTH_THRESHOLD) {
                emit.at(group.urn(), "healthCheck.unhealthyThreshold is " + unhealthy + ", decided " + HEALTH_THRESHOLD);
            }
            if (!"HTTPS".equals(group.input(TargetGroup.PROTOCOL))) {
                emit.at(group.urn(), "healthCheck.protocol is " + group.input(TargetGroup.PROTOCOL) + ", decided HTTPS");
            }
            // Unset means AWS's 300 s: a dead node's connections would linger for five minutes.
            Long delay = Inputs.asLong(group.input(TargetGroup.DEREGISTRATION_DELAY));
            if (delay == null || delay > DEREGISTRATION_DELAY_SECONDS) {
                emit.at(group.urn(), "deregistrationDelay is " + delay + ", decided " + DEREGISTRATION_DELAY_SECONDS);
            }
            Object path = group.input(TargetGroup.PATH);
            if (!(path instanceof String p && p.startsWith("/v1/sys/health"))) {
                emit.at(group.urn(), "healthCheck.path is " + path + ", decided /v1/sys/health with standby query parameters");
            }
        }
    }

    private static void oddNodesAcrossAzs(PolicyContext ctx, Emitter emit) {
        for (var asg : ctx.ofType(AutoScalingGroup.TYPE)) {
            Long min = Inputs.asLong(asg.input(AutoScalingGroup.MIN));
            Long desired = Inputs.asLong(asg.input(AutoScalingGroup.DESIRED));
            Long nodes = desired != null ? desired : min;
            if (nodes == null || nodes < 3 || nodes % 2 == 0) {
                emit.at(asg.urn(), "node count " + nodes + " must be odd and >= 3");
            }
            if (min != null && nodes != null && !min.equals(nodes)) {
                emit.at(asg.urn(), "minSize " + min + " differs from desiredCapacity " + nodes + "; scale-in could leave an even cluster");
            }
            int zones = zones(ctx, asg);
            if (zones >= 0 && zones < MIN_AZS) {
                emit.at(asg.urn(), "nodes span " + zones + " availability zone(s), need >= " + MIN_AZS);
            }
        }
    }

    /** Distinct AZs of the group's subnets (from the subnet resources it depends on), else of its subnet ids; -1 if unknown. */
    private static int zones(PolicyContext ctx, RecordedResource asg) {
        Set<String> azs = new TreeSet<>();
        for (String dep : asg.dependencies()) {
            RecordedResource subnet = ctx.byUrn(dep);
            if (subnet != null && Subnet.TYPE.equals(subnet.type())) {
                Object az = subnet.input(Subnet.AZ) != null ? subnet.input(Subnet.AZ) : subnet.input(Subnet.AZ_ID);
                if (az instanceof String s) {
                    azs.add(s);
                }
            }
        }
        if (!azs.isEmpty()) {
            return azs.size();
        }
        List<String> ids = Inputs.strings(asg.input(AutoScalingGroup.SUBNETS));
        if (ids.isEmpty()) {
            ids = Inputs.strings(asg.input(AutoScalingGroup.AZS));
        }
        if (ids.isEmpty()) {
            Object raw = asg.input(AutoScalingGroup.SUBNETS);
            return raw == null || Inputs.unknown(raw) ? (raw == null ? 0 : -1) : 0;
        }
        return new HashSet<>(ids).size();
    }

    // ---- secrets and rendered config ----

    private static void noPlaintextSecret(PolicyContext ctx, Emitter emit) {
        for (var resource : ctx.resources()) {
            for (String[] hit : SecretScanner.scanTree("", resource.inputs())) {
                emit.at(resource.urn(), hit[1] + " in plain input " + hit[0]);
            }
        }
        ctx.stackOutputs().forEach((name, value) -> SecretScanner.scanTree(name, value)
                .forEach(hit -> emit.at("output:" + name, hit[1] + " in plain stack output " + hit[0])));
        ctx.renderedFiles().forEach((path, content) -> SecretScanner.scan(content)
                .forEach(kind -> emit.at("file:" + path, kind + " in rendered file")));
    }

    private static void breakGlassLeftOpen(PolicyContext ctx, Emitter emit) {
        ctx.renderedFiles().forEach((path, content) -> {
            if (path.endsWith("vault.hcl")) {
                String open = VaultListeners.topLevel(content).get("enable_unauthenticated_access");
                if (open != null) {
                    emit.at("file:" + path, "enable_unauthenticated_access = " + open + ": Vault endpoints answer without a token");
                }
            }
        });
    }

    private static void vaultListenerTls(PolicyContext ctx, Emitter emit) {
        ctx.renderedFiles().forEach((path, content) -> {
            boolean vaultConfig = path.endsWith("vault.hcl");
            if (!path.endsWith(".hcl")) {
                return;
            }
            var listeners = VaultListeners.parse(content);
            if (vaultConfig && listeners.isEmpty()) {
                emit.at("file:" + path, "no listener \"tcp\" block");
            }
            for (int i = 0; i < listeners.size(); i++) {
                var listener = listeners.get(i);
                String where = "listener \"tcp\" #" + (i + 1) + ": ";
                if (listener.containsKey("tls_disable")) {
                    emit.at("file:" + path, where + "tls_disable = " + listener.get("tls_disable") + " must be absent");
                }
                String min = listener.get("tls_min_version");
                if (!"tls12".equals(min) && !"tls13".equals(min)) {
                    emit.at("file:" + path, where + "tls_min_version is " + min + ", must be tls12 or tls13");
                }
            }
        });
    }
}
