package io.privatevault.components.testing;

import com.pulumi.test.Mocks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Mock provider responses shaped like AWS's: ids with the right prefixes ({@code vpc-}, {@code sg-},
 * {@code cvpn-endpoint-}), ARNs with the right service, region and account, NLB DNS names and hosted-zone ids.
 * Ids are derived from type and name, so the same program gives the same plan every time.
 */
public class AwsMocks implements Mocks {
    /** NLB canonical hosted-zone ids per region (AWS "Elastic Load Balancing endpoints and quotas"). */
    private static final Map<String, String> NLB_ZONE_IDS = Map.of(
            "us-east-1", "Z26RNL4JYFTOTI", "us-east-2", "ZLMOA37VPKANP", "us-west-2", "Z18D5FSROUN65G",
            "eu-west-1", "Z2IFOLAFXWLO4F", "eu-central-1", "Z3F0SRJ5LGBH90", "eu-west-2", "ZD4D7Y8KGAS4G",
            "ap-southeast-2", "ZCT6FZBF4DROD");

    private final String region;
    private final String accountId;
    private final Map<String, BiFunction<Mocks.ResourceArgs, Ids, Map<String, Object>>> shapes = new HashMap<>();
    /** Regions of explicit aws providers by their id: a resource created through one gets ARNs in its region. */
    private final Map<String, String> providerRegions = new java.util.concurrent.ConcurrentHashMap<>();
    /** The region of the resource being answered (shapes run synchronously in the calling thread). */
    private final ThreadLocal<String> callRegion = new ThreadLocal<>();
    private final PrivateCaMocks privateCas;

    public AwsMocks(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
        registerShapes();
        // Real, deterministic key material: components parse certificates (serials, CRLs) even in a plan.
        var tls = TlsMocks.deterministic();
        tls.install(this);
        privateCas = new PrivateCaMocks(tls);
        shapes.put(PrivateCaMocks.CERTIFICATE, (a, ids) -> privateCas.issue(a.name, a.inputs, ids.hex(32)));
    }

    /** Declares an AWS Private CA the program reads (undeclared ones are RSA 2048 roots publishing a CRL to S3). */
    public AwsMocks privateCa(String arn, PrivateCaMocks.Authority authority) {
        privateCas.authority(arn, authority);
        return this;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** Adds or replaces the computed outputs for one resource type (used by tests that need real material). */
    public AwsMocks shape(String type, BiFunction<Mocks.ResourceArgs, Ids, Map<String, Object>> outputs) {
        shapes.put(type, outputs);
        return this;
    }

    /** A resource known by its physical name: id and name are that name, arn is {@code arnOf(name)}. */
    private BiFunction<Mocks.ResourceArgs, Ids, Map<String, Object>> named(java.util.function.Function<String, String> arnOf) {
        return (a, ids) -> {
            String name = physicalName(a, ids);
            return Map.of("id", name, "name", name, "arn", arnOf.apply(name));
        };
    }

    /**
     * Answers a {@code StackReference} to {@code stack} with that stack's {@code outputs} (a finished run's stack
     * outputs: {@link Secret} values stay secret and are listed in {@code secretOutputNames}, {@link Unknown} stays
     * unknown), as the engine answers a reference to a deployed stack. A reference to any other stack fails.
     */
    public AwsMocks stackReference(String stack, Map<String, Object> outputs) {
        return shape("pulumi:pulumi:StackReference", (a, ids) -> {
            if (!stack.equals(a.id)) {
                throw new IllegalArgumentException("no stack " + a.id + " to reference (this plan knows " + stack + ")");
            }
            var secretNames = outputs.entrySet().stream().filter(e -> e.getValue() instanceof Secret).map(Map.Entry::getKey).sorted().toList();
            return Map.of("id", stack, "outputs", StructDecoder.encode(outputs), "secretOutputNames", secretNames);
        });
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        var ids = new Ids(args.type + "/" + args.name);
        Map<String, Object> state = new HashMap<>(args.inputs == null ? Map.of() : args.inputs);
        var shape = shapes.get(args.type);
        callRegion.set(regionOf(args));
        Map<String, Object> computed;
        try {
            computed = shape != null ? shape.apply(args, ids) : generic(args, ids);
        } finally {
            callRegion.remove();
        }
        if ("pulumi:providers:aws".equals(args.type) && args.inputs != null && args.inputs.get("region") instanceof String r) {
            providerRegions.put(String.valueOf(computed.getOrDefault("id", args.name)), r);
        }
        state.putAll(computed);
        String id = String.valueOf(state.getOrDefault("id", ids.hex(12)));
        state.remove("id");
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        if ("aws:index/getCallerIdentity:getCallerIdentity".equals(args.token)) {
            return CompletableFuture.completedFuture(Map.of("accountId", accountId, "arn",
                    "arn:aws:iam::" + accountId + ":user/plan", "userId", "AIDAPLAN", "id", accountId));
        }
        if ("aws:index/getRegion:getRegion".equals(args.token)) {
            return CompletableFuture.completedFuture(Map.of("name", region, "id", region));
        }
        if ("aws:index/getPartition:getPartition".equals(args.token)) {
            return CompletableFuture.completedFuture(Map.of("partition", "aws", "dnsSuffix", "amazonaws.com", "id", "aws"));
        }
        if (PrivateCaMocks.DATA_SOURCE.equals(args.token)) {
            return CompletableFuture.completedFuture(privateCas.describe(String.valueOf(arguments(args).get("arn"))));
        }
        return CompletableFuture.completedFuture(Map.of());
    }

    /** An invoke's arguments; read reflectively because the field's type (Guava's ImmutableMap) is not on the program's compile path. */
    private static Map<?, ?> arguments(CallArgs args) {
        try {
            return (Map<?, ?>) CallArgs.class.getField("args").get(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the SDK's Mocks.CallArgs has no args field", e);
        }
    }

    private String arn(String service, String resource) {
        String r = callRegion.get();
        return "arn:aws:" + service + ":" + (r == null ? region : r) + ":" + accountId + ":" + resource;
    }

    /** The region of the explicit provider {@code args} names ({@code <provider urn>::<id>}), else the stack's. */
    private String regionOf(Mocks.ResourceArgs args) {
        if (args.provider == null || args.provider.isEmpty()) {
            return region;
        }
        String id = args.provider.substring(args.provider.lastIndexOf("::") + 2);
        return providerRegions.getOrDefault(id, region);
    }

    private String iamArn(String resource) {
        return "arn:aws:iam::" + accountId + ":" + resource;
    }

    /** The physical name AWS would get: the explicit {@code name} input, else {@code namePrefix} or the logical name plus a suffix. */
    private static String physicalName(Mocks.ResourceArgs args, Ids ids) {
        Object explicit = args.inputs == null ? null : args.inputs.get("name");
        Object prefix = args.inputs == null ? null : args.inputs.get("namePrefix");
        if (!(explicit instanceof String) && prefix instanceof String p && !p.isEmpty()) {
            return p + ids.hex(26); // the provider appends a 26-character unique suffix to a namePrefix
        }
        return explicit instanceof String s && !s.isEmpty() ? s : args.name + "-" + ids.hex(7);
    }

    private Map<String, Object> ec2(String prefix, String kind, Ids ids) {
        String id = prefix + "-" + ids.hex(17);
        return Map.of("id", id, "arn", arn("ec2", kind + "/" + id));
    }

    private void registerShapes() {
        shapes.put("aws:ec2/vpc:Vpc", (a, ids) -> {
            var out = new HashMap<>(ec2("vpc", "vpc", ids));
            out.put("defaultRouteTableId", "rtb-" + ids.hex(17, "main"));
            out.put("mainRouteTableId", "rtb-" + ids.hex(17, "main"));
            out.put("defaultSecurityGroupId", "sg-" + ids.hex(17, "default"));
            out.put("ownerId", accountId);
            return out;
        });
        shapes.put("aws:ec2/subnet:Subnet", (a, ids) -> ec2("subnet", "subnet", ids));
        shapes.put("aws:ec2/routeTable:RouteTable", (a, ids) -> ec2("rtb", "route-table", ids));
        shapes.put("aws:ec2/securityGroup:SecurityGroup", (a, ids) -> ec2("sg", "security-group", ids));
        shapes.put("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", (a, ids) -> ec2("sgr", "security-group-rule", ids));
        shapes.put("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", (a, ids) -> ec2("sgr", "security-group-rule", ids));
        shapes.put("aws:ec2/internetGateway:InternetGateway", (a, ids) -> ec2("igw", "internet-gateway", ids));
        shapes.put("aws:ec2/natGateway:NatGateway", (a, ids) -> Map.of("id", "nat-" + ids.hex(17)));
        shapes.put("aws:ec2/eip:Eip", (a, ids) -> Map.of("id", "eipalloc-" + ids.hex(17), "allocationId", "eipalloc-" + ids.hex(17)));
        shapes.put("aws:ec2/flowLog:FlowLog", (a, ids) -> ec2("fl", "vpc-flow-log", ids));
        shapes.put("aws:ec2/vpcEndpoint:VpcEndpoint", (a, ids) -> {
            var out = new HashMap<>(ec2("vpce", "vpc-endpoint", ids));
            out.put("prefixListId", "pl-" + ids.hex(8));
            return out;
        });
        shapes.put("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", (a, ids) -> ec2("pcx", "vpc-peering-connection", ids));
        shapes.put("aws:ec2transitgateway/vpcAttachment:VpcAttachment", (a, ids) -> ec2("tgw-attach", "transit-gateway-attachment", ids));
        shapes.put("aws:ec2/launchTemplate:LaunchTemplate", (a, ids) -> {
            var out = new HashMap<>(ec2("lt", "launch-template", ids));
            out.put("latestVersion", 1);
            out.put("defaultVersion", 1);
            return out;
        });
        shapes.put("aws:kms/key:Key", (a, ids) -> {
            // Multi-Region keys' ids start with mrk- (AWS KMS developer guide, "Multi-Region key identifiers").
            String keyId = Boolean.TRUE.equals(a.inputs.get("multiRegion")) ? "mrk-" + ids.hex(32) : ids.uuid();
            return Map.of("id", keyId, "keyId", keyId, "arn", arn("kms", "key/" + keyId));
        });
        shapes.put("aws:kms/replicaKey:ReplicaKey", (a, ids) -> {
            // A replica shares its primary's key id; only the Region in its ARN differs.
            Object primary = a.inputs.get("primaryKeyArn");
            String keyId = primary instanceof String p && p.contains(":key/") ? p.substring(p.indexOf(":key/") + 5) : "mrk-" + ids.hex(32);
            return Map.of("id", keyId, "keyId", keyId, "arn", arn("kms", "key/" + keyId));
        });
        shapes.put("aws:cloudwatch/eventRule:EventRule", named(name -> arn("events", "rule/" + name)));
        shapes.put("aws:ssm/document:Document", named(name -> arn("ssm", "document/" + name)));
        shapes.put("aws:kms/alias:Alias", (a, ids) -> {
            String name = String.valueOf(a.inputs.get("name"));
            return Map.of("id", name, "arn", arn("kms", name), "targetKeyArn", a.inputs.getOrDefault("targetKeyId", ""));
        });
        shapes.put("aws:s3/bucketV2:BucketV2", (a, ids) -> {
            Object prefix = a.inputs.get("bucketPrefix");
            String bucket = a.inputs.get("bucket") instanceof String s ? s
                    : (prefix instanceof String p ? p : a.name + "-") + ids.hex(12);
            return Map.of("id", bucket, "bucket", bucket, "arn", "arn:aws:s3:::" + bucket,
                    "bucketDomainName", bucket + ".s3.amazonaws.com",
                    "bucketRegionalDomainName", bucket + ".s3." + region + ".amazonaws.com", "region", region);
        });
        shapes.put("aws:iam/role:Role", (a, ids) -> {
            String name = physicalName(a, ids);
            return Map.of("id", name, "name", name, "arn", iamArn("role/" + name), "uniqueId", "AROA" + ids.upper(17));
        });
        shapes.put("aws:iam/instanceProfile:InstanceProfile", named(name -> iamArn("instance-profile/" + name)));
        shapes.put("aws:iam/policy:Policy", (a, ids) -> {
            String name = physicalName(a, ids);
            return Map.of("id", iamArn("policy/" + name), "name", name, "arn", iamArn("policy/" + name));
        });
        shapes.put("aws:cloudwatch/logGroup:LogGroup", named(name -> arn("logs", "log-group:" + name)));
        shapes.put("aws:cloudwatch/metricAlarm:MetricAlarm", named(name -> arn("cloudwatch", "alarm:" + name)));
        shapes.put("aws:sns/topic:Topic", (a, ids) -> {
            String name = physicalName(a, ids);
            return Map.of("id", arn("sns", name), "name", name, "arn", arn("sns", name));
        });
        shapes.put("aws:secretsmanager/secret:Secret", (a, ids) -> {
            String name = physicalName(a, ids);
            String arn = arn("secretsmanager", "secret:" + name + "-" + ids.alnum(6));
            return Map.of("id", arn, "name", name, "arn", arn);
        });
        shapes.put("aws:lb/loadBalancer:LoadBalancer", (a, ids) -> {
            String name = physicalName(a, ids);
            String hex = ids.hex(16);
            return Map.of("id", arn("elasticloadbalancing", "loadbalancer/net/" + name + "/" + hex),
                    "arn", arn("elasticloadbalancing", "loadbalancer/net/" + name + "/" + hex),
                    "arnSuffix", "net/" + name + "/" + hex,
                    "dnsName", name + "-" + hex + ".elb." + region + ".amazonaws.com",
                    "zoneId", NLB_ZONE_IDS.getOrDefault(region, "Z2IFOLAFXWLO4F"));
        });
        shapes.put("aws:lb/targetGroup:TargetGroup", (a, ids) -> {
            String name = physicalName(a, ids);
            String arn = arn("elasticloadbalancing", "targetgroup/" + name + "/" + ids.hex(16));
            return Map.of("id", arn, "arn", arn, "arnSuffix", "targetgroup/" + name + "/" + ids.hex(16), "name", name);
        });
        shapes.put("aws:lb/listener:Listener", (a, ids) -> {
            String arn = arn("elasticloadbalancing", "listener/net/" + a.name + "/" + ids.hex(16) + "/" + ids.hex(16, "l"));
            return Map.of("id", arn, "arn", arn);
        });
        shapes.put("aws:route53/zone:Zone", (a, ids) -> {
            String zoneId = "Z" + ids.upper(20);
            return Map.of("id", zoneId, "zoneId", zoneId, "arn", "arn:aws:route53:::hostedzone/" + zoneId);
        });
        shapes.put("aws:route53/record:Record", (a, ids) -> Map.of("id", a.inputs.getOrDefault("zoneId", "Z") + "_"
                + a.inputs.getOrDefault("name", a.name) + "_" + a.inputs.getOrDefault("type", "A"),
                "fqdn", a.inputs.getOrDefault("name", a.name)));
        shapes.put("aws:autoscaling/group:Group", (a, ids) -> {
            String name = physicalName(a, ids);
            return Map.of("id", name, "name", name, "arn", arn("autoscaling",
                    "autoScalingGroup:" + ids.uuid() + ":autoScalingGroupName/" + name));
        });
        shapes.put("aws:ec2clientvpn/endpoint:Endpoint", (a, ids) -> {
            String id = "cvpn-endpoint-" + ids.hex(17);
            return Map.of("id", id, "arn", arn("ec2", "client-vpn-endpoint/" + id),
                    "dnsName", "*." + id + ".prod.clientvpn." + region + ".amazonaws.com");
        });
        shapes.put("aws:acm/certificate:Certificate", (a, ids) -> {
            String arn = arn("acm", "certificate/" + ids.uuid());
            return Map.of("id", arn, "arn", arn);
        });
        shapes.put("aws:lambda/function:Function", (a, ids) -> {
            String name = physicalName(a, ids);
            return Map.of("id", name, "name", name, "arn", arn("lambda", "function:" + name),
                    "invokeArn", "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/"
                            + arn("lambda", "function:" + name) + "/invocations");
        });
    }

    private Map<String, Object> generic(Mocks.ResourceArgs args, Ids ids) {
        String[] token = args.type.split(":");
        String service = token.length > 1 ? token[1].split("/")[0] : "unknown";
        String name = physicalName(args, ids);
        if (token[0].equals("aws")) {
            return Map.of("id", name, "arn", arn(service, name));
        }
        return Map.of("id", name);
    }

    /** Deterministic identifiers derived from a seed (resource type and name). */
    public static final class Ids {
        private final String seed;

        Ids(String seed) {
            this.seed = seed;
        }

        private byte[] digest(String salt) {
            try {
                return MessageDigest.getInstance("SHA-256").digest((seed + "#" + salt).getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public String hex(int length) {
            return hex(length, "");
        }

        public String hex(int length, String salt) {
            return HexFormat.of().formatHex(digest(salt)).substring(0, length);
        }

        public String upper(int length) {
            var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            var bytes = digest("upper");
            var sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt((bytes[i % bytes.length] & 0xff) % alphabet.length()));
            }
            return sb.toString();
        }

        public String alnum(int length) {
            return upper(length).toLowerCase(java.util.Locale.ROOT);
        }

        public String uuid() {
            return UUID.nameUUIDFromBytes(digest("uuid")).toString();
        }
    }
}
