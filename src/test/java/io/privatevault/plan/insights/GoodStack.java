package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.AwsSchema.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.privatevault.plan.insights.Fixtures.KEY_ARN;
import static io.privatevault.plan.insights.Fixtures.res;

/** A compliant stack in the shape the components register it: every rule must stay quiet on it. */
final class GoodStack {
    static final String NODE_SG = "sg-0123456789abcdef0";
    static final String NLB_SG = "sg-0fedcba9876543210";

    private GoodStack() {
    }

    static final RecordedResource CLUSTER = res("private-vault:index:VaultRaftCluster", "vault").component().build();
    static final RecordedResource KEY = res(KmsKey.TYPE, "seal-seal").in("enableKeyRotation", true)
            .in("customerMasterKeySpec", "SYMMETRIC_DEFAULT").in("deletionWindowInDays", 30L).protect().arn(KEY_ARN)
            .in("policy", """
                    {"Version":"2012-10-17","Statement":[
                      {"Sid":"Administration","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/key-admin"},
                       "Action":["kms:Describe*","kms:Enable*","kms:List*","kms:Put*","kms:Update*","kms:Disable*","kms:Get*",
                                 "kms:ScheduleKeyDeletion","kms:CancelKeyDeletion","kms:TagResource","kms:UntagResource"],"Resource":"*"},
                      {"Sid":"Seal","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt","kms:DescribeKey"],
                       "Resource":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/vault-node"}}},
                      {"Sid":"Logs","Effect":"Allow","Principal":{"Service":"logs.us-east-1.amazonaws.com"},
                       "Action":["kms:Encrypt*","kms:Decrypt*","kms:ReEncrypt*","kms:GenerateDataKey*","kms:Describe*"],"Resource":"*",
                       "Condition":{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:us-east-1:123456789012:log-group:*"}}}]}
                    """).build();
    static final RecordedResource SUBNET_A = subnet("a");
    static final RecordedResource SUBNET_B = subnet("b");
    static final RecordedResource SUBNET_C = subnet("c");
    static final RecordedResource NODE_GROUP = res(SecurityGroup.TYPE, "vault-nodes").parent(CLUSTER).in("vpcId", "vpc-1").build();
    static final RecordedResource LAUNCH_TEMPLATE = res(LaunchTemplate.TYPE, "vault-lt").parent(CLUSTER)
            .in("instanceType", "t3.small")
            .in("metadataOptions", Map.of("httpTokens", "required", "httpPutResponseHopLimit", 1L, "httpEndpoint", "enabled"))
            .in("networkInterfaces", List.of(Map.of("associatePublicIpAddress", "false", "deviceIndex", 0L)))
            .in("blockDeviceMappings", List.of(
                    Map.of("deviceName", "/dev/xvda", "ebs", Map.of("encrypted", "true", "kmsKeyId", KEY_ARN, "volumeSize", 20L, "volumeType", "gp3")),
                    Map.of("deviceName", "/dev/xvdf", "ebs", Map.of("encrypted", "true", "kmsKeyId", KEY_ARN, "volumeSize", 50L,
                            "volumeType", "gp3", "iops", 3000L, "throughput", 125L))))
            .dep(KEY, NODE_GROUP).build();
    static final RecordedResource ASG = res(AutoScalingGroup.TYPE, "vault-asg").parent(CLUSTER)
            .in("minSize", 3L).in("maxSize", 3L).in("desiredCapacity", 3L)
            .in("vpcZoneIdentifiers", List.of("subnet-a", "subnet-b", "subnet-c"))
            .in("launchTemplate", Map.of("id", "lt-1", "version", "1"))
            .dep(LAUNCH_TEMPLATE, SUBNET_A, SUBNET_B, SUBNET_C).build();
    static final RecordedResource RAFT_RULE = res(IngressRule.TYPE, "vault-raft").parent(CLUSTER)
            .in("securityGroupId", NODE_SG).in("referencedSecurityGroupId", NODE_SG)
            .in("fromPort", 8201L).in("toPort", 8201L).in("ipProtocol", "tcp").dep(NODE_GROUP).build();
    static final RecordedResource API_RULE = res(IngressRule.TYPE, "vault-api-from-nlb").parent(CLUSTER)
            .in("securityGroupId", NODE_SG).in("referencedSecurityGroupId", NLB_SG)
            .in("fromPort", 8200L).in("toPort", 8200L).in("ipProtocol", "tcp").dep(NODE_GROUP).build();
    static final RecordedResource CLIENT_RULE = res(IngressRule.TYPE, "vault-api-clients").parent(CLUSTER)
            .in("securityGroupId", NODE_SG).in("cidrIpv4", "10.20.0.0/16")
            .in("fromPort", 8200L).in("toPort", 8200L).in("ipProtocol", "tcp").dep(NODE_GROUP).build();
    static final RecordedResource ROLE_POLICY = res(RolePolicy.TYPE, "vault-node-policy").parent(CLUSTER)
            .in("role", "vault-node")
            .in("policy", """
                    {"Version":"2012-10-17","Statement":[
                      {"Sid":"AutoJoin","Effect":"Allow","Action":["ec2:DescribeInstances","ec2:DescribeTags"],"Resource":"*"},
                      {"Sid":"Seal","Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt","kms:DescribeKey"],"Resource":"%s"},
                      {"Sid":"DenyOthers","Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:ViaAWSService":"false"}}}]}
                    """.formatted(KEY_ARN)).build();
    static final RecordedResource LOG_GROUP = res(LogGroup.TYPE, "vault-audit").parent(CLUSTER)
            .in("kmsKeyId", KEY_ARN).in("retentionInDays", 365L).build();
    static final RecordedResource SECRET = res(SecretsManagerSecret.TYPE, "vault-recovery").parent(CLUSTER)
            .in("kmsKeyId", KEY_ARN).protect().build();
    static final RecordedResource TOPIC = res(Topic.TYPE, "vault-alarms").in("kmsMasterKeyId", KEY_ARN).build();
    static final RecordedResource NLB = res(LoadBalancer.TYPE, "vault-nlb").in("internal", true)
            .in("loadBalancerType", "network").in("enableDeletionProtection", true).build();
    static final RecordedResource TARGET_GROUP = res(TargetGroup.TYPE, "vault-tg")
            .in("port", 8200L).in("protocol", "TCP").in("deregistrationDelay", 15L)
            .in("healthCheck", Map.of("interval", 5L, "healthyThreshold", 2L, "unhealthyThreshold", 2L, "protocol", "HTTPS",
                    "path", "/v1/sys/health?standbyok=true&perfstandbyok=true")).build();
    static final RecordedResource BUCKET = res(Bucket.TYPE, "snapshots").in("bucketPrefix", "vault-snapshots-").protect().build();
    static final RecordedResource PAB = res(BucketPublicAccessBlock.TYPE, "snapshots-pab").in("bucket", "vault-snapshots-x")
            .in("blockPublicAcls", true).in("blockPublicPolicy", true).in("ignorePublicAcls", true)
            .in("restrictPublicBuckets", true).dep(BUCKET).build();
    static final RecordedResource VERSIONING = res(BucketVersioning.TYPE, "snapshots-versioning")
            .in("bucket", "vault-snapshots-x").in("versioningConfiguration", Map.of("status", "Enabled")).dep(BUCKET).build();
    static final RecordedResource BUCKET_POLICY = res(BucketPolicy.TYPE, "snapshots-policy").in("bucket", "vault-snapshots-x")
            .in("policy", """
                    {"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*",
                     "Resource":["arn:aws:s3:::vault-snapshots-x","arn:aws:s3:::vault-snapshots-x/*"],
                     "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
                     {"Sid":"OnlyNamedReaders","Effect":"Deny","Principal":"*","Action":["s3:GetObject","s3:GetObjectVersion"],
                      "Resource":"arn:aws:s3:::vault-snapshots-x/*",
                      "Condition":{"ArnNotEquals":{"aws:PrincipalArn":["arn:aws:iam::123456789012:role/vault-node","arn:aws:iam::123456789012:role/vault-restore"]}}}]}
                    """).dep(BUCKET).build();
    static final RecordedResource BUCKET_SSE = res(BucketEncryption.TYPE, "snapshots-sse").in("bucket", "vault-snapshots-x")
            .in("rules", List.of(Map.of("applyServerSideEncryptionByDefault",
                    Map.of("sseAlgorithm", "aws:kms", "kmsMasterKeyId", KEY_ARN), "bucketKeyEnabled", true)))
            .dep(BUCKET, KEY).build();
    static final RecordedResource VPN = res(ClientVpnEndpoint.TYPE, "vpn").in("splitTunnel", true)
            .in("clientCidrBlock", "10.100.0.0/22")
            .in("connectionLogOptions", Map.of("enabled", true, "cloudwatchLogGroup", "vpn-connections"))
            .in("serverCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/abc").build();
    static final RecordedResource VPN_AUTH = res(ClientVpnAuthorization.TYPE, "vpn-auth-vault")
            .in("targetNetworkCidr", "10.0.0.0/20").in("authorizeAllGroups", true).dep(VPN).build();
    static final RecordedResource VPN_ASSOC = res(ClientVpnAssociation.TYPE, "vpn-assoc-a").in("subnetId", "subnet-a").dep(VPN, SUBNET_A).build();

    static RecordedResource subnet(String az) {
        return res(Subnet.TYPE, "net-private-" + az).in("availabilityZone", "us-east-1" + az)
                .in("cidrBlock", "10.0." + (az.charAt(0) - 'a') + ".0/24").in("mapPublicIpOnLaunch", false).build();
    }

    static List<RecordedResource> resources() {
        return new ArrayList<>(List.of(CLUSTER, KEY, SUBNET_A, SUBNET_B, SUBNET_C, NODE_GROUP, LAUNCH_TEMPLATE, ASG, RAFT_RULE, API_RULE,
                CLIENT_RULE, ROLE_POLICY, LOG_GROUP, SECRET, TOPIC, NLB, TARGET_GROUP, BUCKET, PAB, VERSIONING, BUCKET_POLICY,
                BUCKET_SSE, VPN, VPN_AUTH, VPN_ASSOC));
    }

    static final String VAULT_HCL = """
            ui            = true
            disable_mlock = true  # Raft + mmap: see ARCHITECTURE.md
            cluster_addr  = "https://{{ GetPrivateIP }}:8201"

            storage "raft" {
              path    = "/opt/vault/data"
              retry_join {
                auto_join             = "provider=aws tag_key=vault-cluster tag_value=vault"
                leader_tls_servername = "vault.tooling.internal"
              }
            }

            listener "tcp" {
              address         = "0.0.0.0:8200"
              cluster_address = "0.0.0.0:8201"
              tls_cert_file   = "/opt/vault/tls/node.crt"
              tls_key_file    = "/opt/vault/tls/node.key"
              tls_min_version = "tls12"
              telemetry {
                unauthenticated_metrics_access = false
              }
            }

            seal "awskms" {
              kms_key_id = "alias/vault-seal"
            }
            """;

    static Map<String, String> renderedFiles() {
        return Map.of("vault/etc/vault.d/vault.hcl", VAULT_HCL);
    }

    static PolicyContext context(List<RecordedResource> resources, String environment) {
        return new PolicyContext(resources, renderedFiles(), Map.of("vaultUrl", "https://vault.tooling.internal:8200",
                "clientConfigs", Fixtures.secret(Map.of("alice", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"))), environment);
    }
}
