package io.privatevault.components.construct;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the cloud providers answer the engine when a custom resource is created or a data source is invoked, for
 * the resource types the components use: ids and ARNs in AWS's formats, auto-names with the provider's random
 * suffix, NLB DNS names and hosted-zone ids, a service-account token in a Kubernetes token secret, real TLS
 * material ({@link TlsAnswers}). The components read these (a key policy embeds the account id, a node policy the
 * secret ARN, the VPN's revocation list is signed with the CA key), so a plausible value, not a placeholder, is what
 * lets their applies run as they do against AWS.
 *
 * <p>This is provider behaviour, not component behaviour: a component that starts using a new resource type works
 * with the generic answer ({@code id}, an {@code arn} for AWS types, the inputs echoed back); a type whose computed
 * outputs a component reads gets an entry in {@link #SHAPES}. Values derive from the resource's URN, so every run
 * answers the same.
 */
final class CloudAnswers {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "111122223333";
    /** Canonical hosted-zone id of Network Load Balancers in eu-west-1 (AWS "Elastic Load Balancing endpoints and quotas"). */
    static final String NLB_ZONE_ID = "Z2IFOLAFXWLO4F";

    /** Types whose {@code name} AWS (or the provider's auto-naming) assigns when the program gives none. */
    private static final Set<String> AUTONAMED = Set.of(
            "aws:iam/role:Role", "aws:iam/instanceProfile:InstanceProfile", "aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy",
            "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/launchTemplate:LaunchTemplate", "aws:autoscaling/group:Group",
            "aws:cloudwatch/logGroup:LogGroup", "aws:cloudwatch/logStream:LogStream", "aws:cloudwatch/metricAlarm:MetricAlarm",
            "aws:sns/topic:Topic", "aws:secretsmanager/secret:Secret", "aws:lb/loadBalancer:LoadBalancer",
            "aws:lb/targetGroup:TargetGroup", "aws:lambda/function:Function", "aws:route53/zone:Zone");

    private CloudAnswers() {
    }

    /** The answer to a data-source invoke with these arguments, or null when no provider here knows the token. */
    static Map<String, Object> invoke(String token, Map<String, Object> args) {
        return switch (token) {
            case "aws:acmpca/getCertificateAuthority:getCertificateAuthority" -> TlsAnswers.PRIVATE_CAS.describe(String.valueOf(args.get("arn")));
            case "aws:index/getCallerIdentity:getCallerIdentity" -> Map.of("accountId", ACCOUNT, "id", ACCOUNT,
                    "arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/deployer/pulumi", "userId", "AROAEXAMPLEDEPLOYER:pulumi");
            case "aws:index/getRegion:getRegion" -> Map.of("name", REGION, "id", REGION,
                    "description", "Europe (Ireland)", "endpoint", "ec2." + REGION + ".amazonaws.com");
            case "aws:index/getPartition:getPartition" -> Map.of("partition", "aws", "id", "aws",
                    "dnsSuffix", "amazonaws.com", "reverseDnsPrefix", "com.amazonaws");
            default -> null;
        };
    }

    /**
     * Computed outputs of a created custom resource, including {@code id}: what the provider adds to the inputs it
     * echoes back. {@code inputs} are known (an update, not a preview).
     */
    static Map<String, Object> create(String type, String name, String urn, Map<String, Object> inputs) {
        if (TlsAnswers.handles(type)) {
            return TlsAnswers.create(type, urn, inputs);
        }
        var ids = new Ids(urn);
        var out = new LinkedHashMap<String, Object>();
        if (AUTONAMED.contains(type)) {
            out.put("name", physicalName(name, inputs, ids));
        }
        var shape = SHAPES.get(type);
        if (shape != null) {
            out.putAll(shape.apply(new Created(type, name, inputs, ids, (String) out.getOrDefault("name", name))));
        } else if (type.startsWith("aws:")) {
            String service = type.substring(4, type.indexOf('/'));
            String id = (String) out.getOrDefault("name", name + "-" + ids.hex(8));
            out.put("id", id);
            out.put("arn", arn(service, type.substring(type.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT) + "/" + id));
        } else if (type.startsWith("kubernetes:")) {
            out.putAll(kubernetes(type, name, inputs, ids));
        } else {
            Object path = inputs.getOrDefault("path", inputs.getOrDefault("name", inputs.get("role")));
            out.put("id", path instanceof String s ? s : name + "-" + ids.hex(8));
        }
        out.putIfAbsent("id", ids.hex(16));
        return out;
    }

    /**
     * What a preview of the create shows: every computed output unknown (the provider has not created anything),
     * except an auto-name, which the provider assigns while checking inputs and so is known already; the id stays
     * unknown. Unknown values are {@link PropertyValues#UNKNOWN}.
     */
    static Map<String, Object> preview(String type, String name, String urn, Map<String, Object> inputs) {
        var out = new LinkedHashMap<String, Object>();
        if (TlsAnswers.handles(type)) {
            TlsAnswers.computedOutputs(type).forEach(k -> out.put(k, PropertyValues.UNKNOWN));
            return out;
        }
        if (type.equals(TlsAnswers.PRIVATE_CA_CERTIFICATE)) {
            // The CSR may itself be unknown in a preview: nothing is issued yet.
            List.of("id", "arn", "certificate", "certificateChain").forEach(k -> out.put(k, PropertyValues.UNKNOWN));
            return out;
        }
        create(type, name, urn, inputs).forEach((k, v) -> out.put(k,
                k.equals("name") && AUTONAMED.contains(type) && !String.valueOf(v).contains(PropertyValues.UNKNOWN) ? v : PropertyValues.UNKNOWN));
        return out;
    }

    /** Output properties the provider itself marks secret (beyond inputs that were secret and additionalSecretOutputs). */
    static Set<String> secretOutputs(String type) {
        return switch (type) {
            case "kubernetes:core/v1:Secret" -> Set.of("data", "stringData");
            case "aws:secretsmanager/secretVersion:SecretVersion" -> Set.of("secretString", "secretBinary");
            default -> Set.of();
        };
    }

    private record Created(String type, String name, Map<String, Object> in, Ids ids, String physicalName) {
        String input(String key, String fallback) {
            return in.get(key) instanceof String s ? s : fallback;
        }
    }

    private static final Map<String, Function<Created, Map<String, Object>>> SHAPES = new HashMap<>();

    static {
        SHAPES.put("aws:ec2/vpc:Vpc", c -> ec2(c, "vpc", "vpc", Map.of("defaultRouteTableId", "rtb-" + c.ids.hex(17, "main"),
                "mainRouteTableId", "rtb-" + c.ids.hex(17, "main"), "defaultSecurityGroupId", "sg-" + c.ids.hex(17, "default"),
                "defaultNetworkAclId", "acl-" + c.ids.hex(17), "ownerId", ACCOUNT)));
        SHAPES.put("aws:ec2/subnet:Subnet", c -> ec2(c, "subnet", "subnet", Map.of("ownerId", ACCOUNT)));
        SHAPES.put("aws:ec2/routeTable:RouteTable", c -> ec2(c, "rtb", "route-table", Map.of("ownerId", ACCOUNT)));
        SHAPES.put("aws:ec2/routeTableAssociation:RouteTableAssociation", c -> Map.of("id", "rtbassoc-" + c.ids.hex(17)));
        SHAPES.put("aws:ec2/route:Route", c -> Map.of("id", "r-" + c.input("routeTableId", "rtb") + c.ids.hex(10)));
        SHAPES.put("aws:ec2/securityGroup:SecurityGroup", c -> ec2(c, "sg", "security-group", Map.of("ownerId", ACCOUNT)));
        SHAPES.put("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", c -> ec2(c, "sg", "security-group", Map.of("ownerId", ACCOUNT)));
        SHAPES.put("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", c -> securityGroupRule(c));
        SHAPES.put("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", c -> securityGroupRule(c));
        SHAPES.put("aws:ec2/internetGateway:InternetGateway", c -> ec2(c, "igw", "internet-gateway", Map.of("ownerId", ACCOUNT)));
        SHAPES.put("aws:ec2/eip:Eip", c -> Map.of("id", "eipalloc-" + c.ids.hex(17), "allocationId", "eipalloc-" + c.ids.hex(17),
                "publicIp", "203.0.113." + (c.ids.number() % 250 + 1)));
        SHAPES.put("aws:ec2/natGateway:NatGateway", c -> Map.of("id", "nat-" + c.ids.hex(17), "networkInterfaceId", "eni-" + c.ids.hex(17)));
        SHAPES.put("aws:ec2/flowLog:FlowLog", c -> ec2(c, "fl", "vpc-flow-log", Map.of()));
        SHAPES.put("aws:ec2/vpcEndpoint:VpcEndpoint", c -> ec2(c, "vpce", "vpc-endpoint", Map.of("prefixListId", "pl-" + c.ids.hex(8),
                "ownerId", ACCOUNT, "state", "available")));
        SHAPES.put("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", c -> ec2(c, "pcx", "vpc-peering-connection",
                Map.of("acceptStatus", "pending-acceptance")));
        SHAPES.put("aws:ec2transitgateway/vpcAttachment:VpcAttachment", c -> ec2(c, "tgw-attach", "transit-gateway-attachment",
                Map.of("vpcOwnerId", ACCOUNT)));
        SHAPES.put("aws:ec2/launchTemplate:LaunchTemplate", c -> ec2(c, "lt", "launch-template", Map.of("latestVersion", 1, "defaultVersion", 1)));
        SHAPES.put("aws:autoscaling/group:Group", c -> Map.of("id", c.physicalName, "arn", arn("autoscaling",
                "autoScalingGroup:" + c.ids.uuid() + ":autoScalingGroupName/" + c.physicalName)));
        SHAPES.put("aws:kms/key:Key", c -> {
            String keyId = c.ids.uuid();
            return Map.of("id", keyId, "keyId", keyId, "arn", arn("kms", "key/" + keyId));
        });
        SHAPES.put("aws:kms/alias:Alias", c -> {
            String alias = c.input("name", "alias/" + c.name);
            return Map.of("id", alias, "arn", arn("kms", alias), "targetKeyArn", arn("kms", "key/" + c.input("targetKeyId", c.ids.uuid())));
        });
        SHAPES.put("aws:s3/bucketV2:BucketV2", c -> {
            String bucket = c.input("bucket", (c.input("bucketPrefix", c.name + "-")) + c.ids.hex(12)).toLowerCase(Locale.ROOT);
            return Map.of("id", bucket, "bucket", bucket, "arn", "arn:aws:s3:::" + bucket, "region", REGION,
                    "bucketDomainName", bucket + ".s3.amazonaws.com", "bucketRegionalDomainName", bucket + ".s3." + REGION + ".amazonaws.com",
                    "hostedZoneId", "Z1BKCTXD74EZPE");
        });
        SHAPES.put("aws:iam/role:Role", c -> Map.of("id", c.physicalName, "arn", iamArn("role/" + c.physicalName),
                "uniqueId", "AROA" + c.ids.upper(17)));
        SHAPES.put("aws:iam/instanceProfile:InstanceProfile", c -> Map.of("id", c.physicalName,
                "arn", iamArn("instance-profile/" + c.physicalName), "uniqueId", "AIPA" + c.ids.upper(17)));
        SHAPES.put("aws:iam/policy:Policy", c -> Map.of("id", iamArn("policy/" + c.physicalName), "arn", iamArn("policy/" + c.physicalName),
                "policyId", "ANPA" + c.ids.upper(17)));
        SHAPES.put("aws:iam/rolePolicy:RolePolicy", c -> Map.of("id", c.input("role", "role") + ":" + c.physicalName));
        SHAPES.put("aws:iam/rolePolicyAttachment:RolePolicyAttachment", c -> Map.of("id", c.input("role", "role") + "-" + c.ids.hex(26)));
        SHAPES.put("aws:cloudwatch/logGroup:LogGroup", c -> Map.of("id", c.physicalName, "arn", arn("logs", "log-group:" + c.physicalName)));
        SHAPES.put("aws:cloudwatch/logStream:LogStream", c -> Map.of("id", c.physicalName,
                "arn", arn("logs", "log-group:" + c.input("logGroupName", "group") + ":log-stream:" + c.physicalName)));
        SHAPES.put("aws:cloudwatch/metricAlarm:MetricAlarm", c -> Map.of("id", c.physicalName, "arn", arn("cloudwatch", "alarm:" + c.physicalName)));
        SHAPES.put("aws:sns/topic:Topic", c -> Map.of("id", arn("sns", c.physicalName), "arn", arn("sns", c.physicalName), "owner", ACCOUNT));
        SHAPES.put("aws:sns/topicSubscription:TopicSubscription", c -> {
            String arn = c.input("topic", arn("sns", "topic")) + ":" + c.ids.uuid();
            return Map.of("id", arn, "arn", arn, "pendingConfirmation", "email".equals(c.in.get("protocol")));
        });
        SHAPES.put("aws:secretsmanager/secret:Secret", c -> {
            String arn = arn("secretsmanager", "secret:" + c.physicalName + "-" + c.ids.alnum(6));
            return Map.of("id", arn, "arn", arn);
        });
        SHAPES.put("aws:secretsmanager/secretVersion:SecretVersion", c -> {
            String version = c.ids.uuid();
            return Map.of("id", c.input("secretId", "secret") + "|" + version, "arn", c.input("secretId", "secret"), "versionId", version);
        });
        SHAPES.put("aws:lb/loadBalancer:LoadBalancer", c -> {
            String suffix = "net/" + c.physicalName + "/" + c.ids.hex(16);
            return Map.of("id", arn("elasticloadbalancing", "loadbalancer/" + suffix), "arn", arn("elasticloadbalancing", "loadbalancer/" + suffix),
                    "arnSuffix", suffix, "dnsName", c.physicalName + "-" + c.ids.hex(16) + ".elb." + REGION + ".amazonaws.com",
                    "zoneId", NLB_ZONE_ID);
        });
        SHAPES.put("aws:lb/targetGroup:TargetGroup", c -> {
            String suffix = "targetgroup/" + c.physicalName + "/" + c.ids.hex(16);
            return Map.of("id", arn("elasticloadbalancing", suffix), "arn", arn("elasticloadbalancing", suffix), "arnSuffix", suffix);
        });
        SHAPES.put("aws:lb/listener:Listener", c -> {
            String arn = arn("elasticloadbalancing", "listener/net/" + c.name + "/" + c.ids.hex(16) + "/" + c.ids.hex(16, "listener"));
            return Map.of("id", arn, "arn", arn);
        });
        SHAPES.put("aws:route53/zone:Zone", c -> {
            String zoneId = "Z" + c.ids.upper(20);
            return Map.of("id", zoneId, "zoneId", zoneId, "arn", "arn:aws:route53:::hostedzone/" + zoneId,
                    "nameServers", java.util.List.of("ns-0.awsdns-00.com."), "primaryNameServer", "ns-0.awsdns-00.com.");
        });
        SHAPES.put("aws:route53/record:Record", c -> Map.of("id", c.input("zoneId", "Z") + "_" + c.input("name", c.name) + "_" + c.input("type", "A"),
                "fqdn", c.input("name", c.name)));
        SHAPES.put("aws:route53/zoneAssociation:ZoneAssociation", c -> Map.of("id", c.input("zoneId", "Z") + ":" + c.input("vpcId", "vpc"),
                "owningAccount", ACCOUNT));
        SHAPES.put("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
                c -> Map.of("id", c.input("zoneId", "Z") + ":" + c.input("vpcId", "vpc")));
        SHAPES.put("aws:ec2clientvpn/endpoint:Endpoint", c -> {
            String id = "cvpn-endpoint-" + c.ids.hex(17);
            return Map.of("id", id, "arn", arn("ec2", "client-vpn-endpoint/" + id),
                    "dnsName", "*." + id + ".prod.clientvpn." + REGION + ".amazonaws.com", "status", "pending-associate");
        });
        SHAPES.put("aws:ec2clientvpn/networkAssociation:NetworkAssociation", c -> Map.of("id", "cvpn-assoc-" + c.ids.hex(17),
                "associationId", "cvpn-assoc-" + c.ids.hex(17), "vpcId", "vpc-" + c.ids.hex(17, "vpc")));
        SHAPES.put("aws:ec2clientvpn/authorizationRule:AuthorizationRule", c -> Map.of("id",
                c.input("clientVpnEndpointId", "cvpn-endpoint") + "," + c.input("targetNetworkCidr", "0.0.0.0/0")));
        SHAPES.put("aws:acm/certificate:Certificate", c -> {
            String arn = arn("acm", "certificate/" + c.ids.uuid());
            return Map.of("id", arn, "arn", arn, "status", "ISSUED", "type", c.in.get("certificateAuthorityArn") != null ? "PRIVATE" : "IMPORTED");
        });
        SHAPES.put(TlsAnswers.PRIVATE_CA_CERTIFICATE, c -> TlsAnswers.PRIVATE_CAS.issue(c.name, c.in, c.ids.hex(32)));
        SHAPES.put("aws:lambda/function:Function", c -> {
            String arn = arn("lambda", "function:" + c.physicalName);
            return Map.of("id", c.physicalName, "arn", arn, "qualifiedArn", arn + ":$LATEST", "version", "$LATEST",
                    "invokeArn", "arn:aws:apigateway:" + REGION + ":lambda:path/2015-03-31/functions/" + arn + "/invocations");
        });
    }

    private static Map<String, Object> ec2(Created c, String prefix, String kind, Map<String, Object> more) {
        String id = prefix + "-" + c.ids.hex(17);
        var out = new HashMap<String, Object>(more);
        out.put("id", id);
        out.put("arn", arn("ec2", kind + "/" + id));
        return out;
    }

    private static Map<String, Object> securityGroupRule(Created c) {
        String id = "sgr-" + c.ids.hex(17);
        return Map.of("id", id, "securityGroupRuleId", id, "arn", arn("ec2", "security-group-rule/" + id));
    }

    /**
     * The Kubernetes provider echoes the object with the API server's additions: a generated name when none was
     * given (logical name plus a random suffix), a uid, and for a {@code kubernetes.io/service-account-token}
     * secret the token controller's {@code data} (token, CA, namespace), base64 like all secret data.
     */
    private static Map<String, Object> kubernetes(String type, String name, Map<String, Object> inputs, Ids ids) {
        var out = new LinkedHashMap<String, Object>();
        if (type.startsWith("kubernetes:helm.sh/")) {
            String release = inputs.get("name") instanceof String s ? s : name + "-" + ids.alnum(8);
            out.put("name", release);
            out.put("status", Map.of("name", release, "namespace", inputs.getOrDefault("namespace", "default"),
                    "status", "deployed", "revision", 1, "chart", inputs.getOrDefault("chart", ""), "version", inputs.getOrDefault("version", "")));
            out.put("id", inputs.getOrDefault("namespace", "default") + "/" + release);
            return out;
        }
        var metadata = new LinkedHashMap<String, Object>();
        if (inputs.get("metadata") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> metadata.put(String.valueOf(k), v));
        }
        metadata.putIfAbsent("name", name + "-" + ids.alnum(8));
        metadata.put("uid", ids.uuid());
        metadata.put("resourceVersion", String.valueOf(ids.number() % 100000));
        out.put("metadata", metadata);
        out.put("id", (metadata.containsKey("namespace") ? metadata.get("namespace") + "/" : "") + metadata.get("name"));
        if (type.equals("kubernetes:core/v1:Secret") && "kubernetes.io/service-account-token".equals(inputs.get("type"))) {
            String jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9." + ids.hex(48) + "." + ids.hex(64, "signature");
            out.put("data", Map.of("token", base64(jwt), "ca.crt", base64(TlsAnswers.caCertPem("kubernetes")),
                    "namespace", base64(String.valueOf(metadata.getOrDefault("namespace", "default")))));
        }
        return out;
    }

    private static String physicalName(String logicalName, Map<String, Object> inputs, Ids ids) {
        if (inputs.get("name") instanceof String explicit && !explicit.isEmpty() && !PropertyValues.UNKNOWN.equals(explicit)) {
            return explicit;
        }
        if (inputs.get("namePrefix") instanceof String prefix && !prefix.isEmpty()) {
            return prefix + ids.hex(26); // the AWS provider appends a 26-character unique suffix to a prefix
        }
        return logicalName + "-" + ids.hex(7); // and a 7-character random suffix to a logical name
    }

    static String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
    }

    private static String iamArn(String resource) {
        return "arn:aws:iam::" + ACCOUNT + ":" + resource;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Identifiers derived from a resource's URN, so the same construct gives the same answers every run. */
    static final class Ids {
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

        String hex(int length) {
            return hex(length, "");
        }

        String hex(int length, String salt) {
            var hex = new StringBuilder();
            while (hex.length() < length) {
                hex.append(HexFormat.of().formatHex(digest(salt + hex.length())));
            }
            return hex.substring(0, length);
        }

        String upper(int length) {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            byte[] bytes = digest("upper");
            var out = new StringBuilder();
            for (int i = 0; i < length; i++) {
                out.append(alphabet.charAt((bytes[i % bytes.length] & 0xff) % alphabet.length()));
            }
            return out.toString();
        }

        String alnum(int length) {
            return upper(length).toLowerCase(Locale.ROOT);
        }

        String uuid() {
            return UUID.nameUUIDFromBytes(digest("uuid")).toString();
        }

        int number() {
            byte[] bytes = digest("number");
            return ((bytes[0] & 0x7f) << 16) | ((bytes[1] & 0xff) << 8) | (bytes[2] & 0xff);
        }
    }
}
