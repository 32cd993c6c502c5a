package io.privatevault.plan.insights;

/**
 * The one place that knows the Pulumi AWS provider (6.83.0) type tokens and input property names the insights
 * read. Each nested class is one resource type: {@code TYPE} is its token, every other constant a dotted input
 * path ({@code *} = any list element). {@code AwsSchemaConformanceTest} walks every path through the provider's
 * {@code @Import}-annotated Args classes, so a renamed property fails the build instead of silently passing a rule.
 */
public final class AwsSchema {
    private AwsSchema() {
    }

    public static final class LaunchTemplate {
        public static final String TYPE = "aws:ec2/launchTemplate:LaunchTemplate";
        public static final String NAME = "name";
        public static final String INSTANCE_TYPE = "instanceType";
        public static final String HTTP_TOKENS = "metadataOptions.httpTokens";
        public static final String HOP_LIMIT = "metadataOptions.httpPutResponseHopLimit";
        public static final String PUBLIC_IP = "networkInterfaces.*.associatePublicIpAddress";
        public static final String BLOCK_DEVICES = "blockDeviceMappings";
        public static final String EBS_ENCRYPTED = "ebs.encrypted";
        public static final String EBS_KMS_KEY = "ebs.kmsKeyId";
        public static final String EBS_SIZE = "ebs.volumeSize";
        public static final String EBS_TYPE = "ebs.volumeType";
        public static final String EBS_IOPS = "ebs.iops";
        public static final String EBS_THROUGHPUT = "ebs.throughput";
        public static final String USER_DATA = "userData";
        public static final String INSTANCE_PROFILE_ARN = "iamInstanceProfile.arn";
        private LaunchTemplate() {
        }
    }

    public static final class Subnet {
        public static final String TYPE = "aws:ec2/subnet:Subnet";
        public static final String AZ = "availabilityZone";
        public static final String AZ_ID = "availabilityZoneId";
        public static final String MAP_PUBLIC_IP = "mapPublicIpOnLaunch";
        private Subnet() {
        }
    }

    public static final class SecurityGroup {
        public static final String TYPE = "aws:ec2/securityGroup:SecurityGroup";
        public static final String NAME = "name";
        public static final String VPC = "vpcId";
        public static final String INGRESS = "ingress";
        public static final String INGRESS_CIDRS = "ingress.*.cidrBlocks";
        public static final String INGRESS_IPV6_CIDRS = "ingress.*.ipv6CidrBlocks";
        public static final String INGRESS_FROM_PORT = "ingress.*.fromPort";
        public static final String INGRESS_TO_PORT = "ingress.*.toPort";
        public static final String INGRESS_SELF = "ingress.*.self";
        public static final String INGRESS_GROUPS = "ingress.*.securityGroups";
        private SecurityGroup() {
        }
    }

    public static final class IngressRule {
        public static final String TYPE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
        public static final String CIDR_V4 = "cidrIpv4";
        public static final String CIDR_V6 = "cidrIpv6";
        public static final String FROM_PORT = "fromPort";
        public static final String TO_PORT = "toPort";
        public static final String PROTOCOL = "ipProtocol";
        public static final String REFERENCED_GROUP = "referencedSecurityGroupId";
        public static final String PREFIX_LIST = "prefixListId";
        public static final String GROUP = "securityGroupId";
        private IngressRule() {
        }
    }

    public static final class LoadBalancer {
        public static final String TYPE = "aws:lb/loadBalancer:LoadBalancer";
        public static final String NAME = "name";
        public static final String INTERNAL = "internal";
        public static final String DELETION_PROTECTION = "enableDeletionProtection";
        public static final String LB_TYPE = "loadBalancerType";
        private LoadBalancer() {
        }
    }

    public static final class TargetGroup {
        public static final String TYPE = "aws:lb/targetGroup:TargetGroup";
        public static final String NAME = "name";
        public static final String INTERVAL = "healthCheck.interval";
        public static final String HEALTHY = "healthCheck.healthyThreshold";
        public static final String UNHEALTHY = "healthCheck.unhealthyThreshold";
        public static final String PROTOCOL = "healthCheck.protocol";
        public static final String PATH = "healthCheck.path";
        public static final String MATCHER = "healthCheck.matcher";
        public static final String TARGET_PROTOCOL = "protocol";
        public static final String DEREGISTRATION_DELAY = "deregistrationDelay";
        private TargetGroup() {
        }
    }

    public static final class AutoScalingGroup {
        public static final String TYPE = "aws:autoscaling/group:Group";
        public static final String NAME = "name";
        public static final String MIN = "minSize";
        public static final String MAX = "maxSize";
        public static final String DESIRED = "desiredCapacity";
        public static final String SUBNETS = "vpcZoneIdentifiers";
        public static final String AZS = "availabilityZones";
        public static final String LAUNCH_TEMPLATE_ID = "launchTemplate.id";
        public static final String HEALTH_CHECK_TYPE = "healthCheckType";
        public static final String TARGET_GROUPS = "targetGroupArns";
        public static final String SERVICE_LINKED_ROLE = "serviceLinkedRoleArn";
        private AutoScalingGroup() {
        }
    }

    public static final class KmsKey {
        public static final String TYPE = "aws:kms/key:Key";
        public static final String ROTATION = "enableKeyRotation";
        public static final String SPEC = "customerMasterKeySpec";
        public static final String USAGE = "keyUsage";
        public static final String POLICY = "policy";
        public static final String MULTI_REGION = "multiRegion";
        private KmsKey() {
        }
    }

    public static final class KmsReplicaKey {
        public static final String TYPE = "aws:kms/replicaKey:ReplicaKey";
        public static final String POLICY = "policy";
        public static final String PRIMARY_KEY_ARN = "primaryKeyArn";
        private KmsReplicaKey() {
        }
    }

    public static final class Bucket {
        public static final String TYPE = "aws:s3/bucketV2:BucketV2";
        public static final String NAME = "bucket";
        private Bucket() {
        }
    }

    public static final class BucketPublicAccessBlock {
        public static final String TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
        public static final String BLOCK_PUBLIC_ACLS = "blockPublicAcls";
        public static final String BLOCK_PUBLIC_POLICY = "blockPublicPolicy";
        public static final String IGNORE_PUBLIC_ACLS = "ignorePublicAcls";
        public static final String RESTRICT_PUBLIC_BUCKETS = "restrictPublicBuckets";
        private BucketPublicAccessBlock() {
        }
    }

    public static final class BucketVersioning {
        public static final String TYPE = "aws:s3/bucketVersioningV2:BucketVersioningV2";
        public static final String STATUS = "versioningConfiguration.status";
        private BucketVersioning() {
        }
    }

    public static final class BucketPolicy {
        public static final String TYPE = "aws:s3/bucketPolicy:BucketPolicy";
        public static final String POLICY = "policy";
        public static final String BUCKET = "bucket";
        private BucketPolicy() {
        }
    }

    public static final class BucketEncryption {
        public static final String TYPE = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
        public static final String ALGORITHM = "rules.*.applyServerSideEncryptionByDefault.sseAlgorithm";
        public static final String KMS_KEY = "rules.*.applyServerSideEncryptionByDefault.kmsMasterKeyId";
        public static final String BUCKET = "bucket";
        private BucketEncryption() {
        }
    }

    public static final class BucketReplication {
        public static final String TYPE = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
        public static final String DESTINATION_BUCKET = "rules.*.destination.bucket";
        private BucketReplication() {
        }
    }

    public static final class LogGroup {
        public static final String TYPE = "aws:cloudwatch/logGroup:LogGroup";
        public static final String KMS_KEY = "kmsKeyId";
        public static final String RETENTION = "retentionInDays";
        public static final String NAME = "name";
        private LogGroup() {
        }
    }

    public static final class MetricAlarm {
        public static final String TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm";
        public static final String ALARM_ACTIONS = "alarmActions";
        public static final String OK_ACTIONS = "okActions";
        public static final String NAME = "name";
        private MetricAlarm() {
        }
    }

    public static final class Dashboard {
        public static final String TYPE = "aws:cloudwatch/dashboard:Dashboard";
        public static final String BODY = "dashboardBody";
        public static final String NAME = "dashboardName";
        private Dashboard() {
        }
    }

    public static final class SsmDocument {
        public static final String TYPE = "aws:ssm/document:Document";
        public static final String NAME = "name";
        private SsmDocument() {
        }
    }

    public static final class EventRule {
        public static final String TYPE = "aws:cloudwatch/eventRule:EventRule";
        private EventRule() {
        }
    }

    public static final class EventTarget {
        public static final String TYPE = "aws:cloudwatch/eventTarget:EventTarget";
        public static final String ARN = "arn";
        public static final String RULE = "rule";
        private EventTarget() {
        }
    }

    public static final class SecretsManagerSecret {
        public static final String TYPE = "aws:secretsmanager/secret:Secret";
        public static final String KMS_KEY = "kmsKeyId";
        public static final String NAME_PREFIX = "namePrefix";
        public static final String NAME = "name";
        public static final String POLICY = "policy";
        private SecretsManagerSecret() {
        }
    }

    public static final class SecretPolicy {
        public static final String TYPE = "aws:secretsmanager/secretPolicy:SecretPolicy";
        public static final String SECRET_ARN = "secretArn";
        public static final String POLICY = "policy";
        private SecretPolicy() {
        }
    }

    public static final class Topic {
        public static final String TYPE = "aws:sns/topic:Topic";
        public static final String KMS_KEY = "kmsMasterKeyId";
        public static final String NAME = "name";
        private Topic() {
        }
    }

    public static final class TopicPolicy {
        public static final String TYPE = "aws:sns/topicPolicy:TopicPolicy";
        public static final String ARN = "arn";
        public static final String POLICY = "policy";
        private TopicPolicy() {
        }
    }

    public static final class RolePolicy {
        public static final String TYPE = "aws:iam/rolePolicy:RolePolicy";
        public static final String POLICY = "policy";
        public static final String ROLE = "role";
        private RolePolicy() {
        }
    }

    public static final class InstanceProfile {
        public static final String TYPE = "aws:iam/instanceProfile:InstanceProfile";
        public static final String ROLE = "role";
        public static final String NAME = "name";
        private InstanceProfile() {
        }
    }

    public static final class Role {
        public static final String TYPE = "aws:iam/role:Role";
        public static final String INLINE_POLICIES = "inlinePolicies.*.policy";
        public static final String MANAGED_POLICY_ARNS = "managedPolicyArns";
        public static final String TRUST_POLICY = "assumeRolePolicy";
        public static final String NAME = "name";
        private Role() {
        }
    }

    public static final class ClientVpnEndpoint {
        public static final String TYPE = "aws:ec2clientvpn/endpoint:Endpoint";
        public static final String SPLIT_TUNNEL = "splitTunnel";
        public static final String LOGGING = "connectionLogOptions.enabled";
        public static final String LOG_GROUP = "connectionLogOptions.cloudwatchLogGroup";
        private ClientVpnEndpoint() {
        }
    }

    public static final class ClientVpnAuthorization {
        public static final String TYPE = "aws:ec2clientvpn/authorizationRule:AuthorizationRule";
        public static final String TARGET_CIDR = "targetNetworkCidr";
        public static final String ALL_GROUPS = "authorizeAllGroups";
        private ClientVpnAuthorization() {
        }
    }

    public static final class ClientVpnAssociation {
        public static final String TYPE = "aws:ec2clientvpn/networkAssociation:NetworkAssociation";
        private ClientVpnAssociation() {
        }
    }

    public static final class NatGateway {
        public static final String TYPE = "aws:ec2/natGateway:NatGateway";
        public static final String CONNECTIVITY = "connectivityType";
        private NatGateway() {
        }
    }

    public static final class Eip {
        public static final String TYPE = "aws:ec2/eip:Eip";
        private Eip() {
        }
    }

    public static final class VpcEndpoint {
        public static final String TYPE = "aws:ec2/vpcEndpoint:VpcEndpoint";
        public static final String ENDPOINT_TYPE = "vpcEndpointType";
        public static final String SUBNETS = "subnetIds";
        public static final String SERVICE = "serviceName";
        private VpcEndpoint() {
        }
    }

    public static final class TransitGatewayAttachment {
        public static final String TYPE = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
        private TransitGatewayAttachment() {
        }
    }

    public static final class RolePolicyAttachment {
        public static final String TYPE = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
        public static final String POLICY_ARN = "policyArn";
        public static final String ROLE = "role";
        private RolePolicyAttachment() {
        }
    }

    public static final class ReplicaKey {
        public static final String TYPE = "aws:kms/replicaKey:ReplicaKey";
        public static final String PRIMARY_KEY_ARN = "primaryKeyArn";
        private ReplicaKey() {
        }
    }

    public static final class HostedZone {
        public static final String TYPE = "aws:route53/zone:Zone";
        public static final String NAME = "name";
        public static final String VPCS = "vpcs.*.vpcId";
        private HostedZone() {
        }
    }

    // ---- explicit physical names (coexistence) ----

    public static final class LambdaFunction {
        public static final String TYPE = "aws:lambda/function:Function";
        public static final String NAME = "name";
        private LambdaFunction() {
        }
    }

    public static final class KmsAlias {
        public static final String TYPE = "aws:kms/alias:Alias";
        public static final String NAME = "name";
        private KmsAlias() {
        }
    }

    public static final class IamPolicy {
        public static final String TYPE = "aws:iam/policy:Policy";
        public static final String NAME = "name";
        private IamPolicy() {
        }
    }

    public static final class ZoneAssociation {
        public static final String TYPE = "aws:route53/zoneAssociation:ZoneAssociation";
        public static final String ZONE = "zoneId";
        public static final String VPC = "vpcId";
        public static final String VPC_REGION = "vpcRegion";
        private ZoneAssociation() {
        }
    }

    public static final class ZoneAuthorization {
        public static final String TYPE = "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization";
        public static final String ZONE = "zoneId";
        public static final String VPC = "vpcId";
        public static final String VPC_REGION = "vpcRegion";
        private ZoneAuthorization() {
        }
    }
}
