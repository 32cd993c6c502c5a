package io.privatevault.components;

import com.google.gson.GsonBuilder;
import com.pulumi.aws.autoscaling.Group;
import com.pulumi.aws.autoscaling.GroupArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshPreferencesArgs;
import com.pulumi.aws.autoscaling.inputs.GroupLaunchTemplateArgs;
import com.pulumi.aws.autoscaling.inputs.GroupTagArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingEbsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateIamInstanceProfileArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMonitoringArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateNetworkInterfaceArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateTagSpecificationArgs;
import com.pulumi.aws.iam.InstanceProfile;
import com.pulumi.aws.iam.InstanceProfileArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.cluster.NodeFiles;
import io.privatevault.components.cluster.NodePolicies;
import io.privatevault.components.cluster.NodeSettings;
import io.privatevault.components.cluster.RecoverySecret;
import io.privatevault.components.cluster.NodeTls;
import io.privatevault.components.cluster.VaultServerConfig;
import io.privatevault.components.cluster.k8s.KubernetesPlatform;
import io.privatevault.components.support.AwsEnvironment;
import io.privatevault.components.support.InvalidSettingException;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Vault cluster on Raft integrated storage, on an EC2 Auto Scaling group over three availability zones.
 * Nodes install a pinned Vault release, fetch their TLS material from Secrets Manager, auto-unseal with KMS,
 * join each other through EC2 tags, and one of them initialises the cluster, storing the recovery material in
 * Secrets Manager. A timer on every node ships Raft snapshots from the active node to S3. See cluster/README.md.
 *
 * <p>With {@code platform: kubernetes} the same cluster (CA, seal, recovery secret, snapshots, alarms, NLB) runs
 * from HashiCorp's Helm chart on an existing EKS cluster instead of an Auto Scaling group; see cluster/k8s/README.md.
 */
public final class VaultRaftCluster extends ComponentResource {
    /** EC2 tag key Raft auto-join looks for; its value is the cluster name. */
    public static final String AUTO_JOIN_TAG = "VaultCluster";

    @Export(name = "asgName", refs = {String.class})
    public final Output<String> asgName;
    @Export(name = "securityGroupId", refs = {String.class})
    public final Output<String> securityGroupId;
    @Export(name = "roleArn", refs = {String.class})
    public final Output<String> roleArn;
    @Export(name = "roleName", refs = {String.class})
    public final Output<String> roleName;
    @Export(name = "launchTemplateId", refs = {String.class})
    public final Output<String> launchTemplateId;
    /** The private CA's certificate (public): clients and the Vault provider trust Vault through it. */
    @Export(name = "caCertPem", refs = {String.class})
    public final Output<String> caCertPem;
    /** The rendered {@code vault.hcl} (per-node values as tokens). */
    @Export(name = "nodeConfig", refs = {String.class})
    public final Output<String> nodeConfig;
    /** Every file a node gets, relative path to content; none holds a secret. */
    @Export(name = "renderedFiles", refs = {Map.class, String.class, String.class}, tree = "[0,1,2]")
    public final Output<Map<String, String>> renderedFiles;
    @Export(name = "tlsSecretArn", refs = {String.class})
    public final Output<String> tlsSecretArn;
    /** Secrets Manager secret the initialising node writes the recovery keys and root token to. */
    @Export(name = "recoverySecretArn", refs = {String.class})
    public final Output<String> recoverySecretArn;
    @Export(name = "alarmTopicArn", refs = {String.class})
    public final Output<String> alarmTopicArn;
    @Export(name = "serverLogGroupName", refs = {String.class})
    public final Output<String> serverLogGroupName;
    @Export(name = "auditLogGroupName", refs = {String.class})
    public final Output<String> auditLogGroupName;
    /** {@code https://vault.<zone>:8200}. */
    @Export(name = "vaultAddress", refs = {String.class})
    public final Output<String> vaultAddress;

    public VaultRaftCluster(String name, VaultRaftClusterArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:VaultRaftCluster", name, null, ComponentLifecycle.validated(args.validate(), options));
        var env = AwsEnvironment.of(this);
        var child = CustomResourceOptions.builder().parent(this).build();
        String cluster = args.clusterName(name);
        int n = args.nodeCount();
        // Sorted: the tags feed the launch template and the group's tag list, which must not reorder between runs.
        var tags = new TreeMap<>(args.tags());
        tags.put(AUTO_JOIN_TAG, cluster);
        Output<String> snapshotPrefix = args.snapshotPrefix(cluster);

        if (args.onKubernetes()) {
            // Same private CA, seal, recovery secret, snapshots and alarms; pods instead of instances (cluster/k8s/README.md).
            var k8s = KubernetesPlatform.create(this, name, cluster, args, tags);
            var topic = alarms(name, cluster, args, null, tags, child);
            // No Auto Scaling group, launch template, security group, TLS secret in Secrets Manager or log groups here:
            // those outputs are empty strings (the multi-language schema has one set of outputs for both platforms).
            this.asgName = Output.of("");
            this.securityGroupId = Output.of("");
            this.roleArn = k8s.roleArn();
            this.roleName = k8s.roleName();
            this.launchTemplateId = Output.of("");
            this.caCertPem = k8s.caCertPem();
            this.nodeConfig = k8s.serverConfig();
            this.renderedFiles = k8s.renderedFiles();
            this.tlsSecretArn = Output.of("");
            this.recoverySecretArn = k8s.recoverySecretArn();
            this.alarmTopicArn = topic.arn();
            this.serverLogGroupName = Output.of("");
            this.auditLogGroupName = Output.of("");
            this.vaultAddress = Output.of("https://" + args.vaultFqdn() + ":" + VaultServerConfig.API_PORT);
            registerAll();
            return;
        }

        // Logs: one group for the server log, one for the audit log; encrypted, retained.
        String serverLogs = "/private-vault/" + cluster + "/server";
        String auditLogs = "/private-vault/" + cluster + "/audit";
        var serverLogGroup = logGroup(name + "-server-logs", serverLogs, args, child);
        var auditLogGroup = logGroup(name + "-audit-logs", auditLogs, args, child);

        // TLS: private CA and node certificate; the bundle (without the CA key) goes to Secrets Manager.
        var tls = NodeTls.create(name, cluster, args, child);
        var tlsSecret = new Secret(name + "-tls", SecretArgs.builder()
                .namePrefix("private-vault/" + cluster + "/tls-")
                .description("Vault node TLS bundle (CA certificate, node certificate and key) for " + cluster)
                .kmsKeyId(args.dataKeyArn())
                .recoveryWindowInDays(7)
                .tags(tags)
                .build(), child);
        new SecretVersion(name + "-tls", SecretVersionArgs.builder()
                .secretId(tlsSecret.id())
                .secretString(Output.tuple(tls.caCertPem(), tls.nodeCertPem(), tls.nodeKeyPem())
                        .applyValue(t -> tlsBundle(t.t1, t.t2, t.t3)).asSecret())
                .build(), child);
        // Written by the initialising node only; Pulumi creates it empty so its value never enters state.
        var recoverySecret = RecoverySecret.create(name, cluster, "the initialising node", args.dataKeyArn(), tags, child);
        // The lock is named after the recovery secret, so a re-created cluster never finds an old lock.
        Output<String> initLockName = recoverySecret.name().applyValue(r -> r + "/init-lock");

        // IAM: a role only EC2 can assume, with one scoped statement per need.
        var roleArgs = RoleArgs.builder();
        if (args.nodeRoleName() != null) {
            roleArgs.name(args.nodeRoleName());
        }
        var role = new Role(name + "-node", roleArgs
                .description("Vault Raft node " + cluster)
                .assumeRolePolicy(NodePolicies.assumeByEc2().toJson())
                .tags(tags)
                .build(), child);
        String artifactObjects = args.downloadsThroughNat() ? null : "arn:aws:s3:::" + args.vaultDownloadUrl().substring("s3://".length()) + "/*";
        var nodePolicy = new RolePolicy(name + "-node", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.all(List.of(env.accountId(), env.region(), args.dataKeyArn(),
                                tlsSecret.arn(), recoverySecret.arn(), initLockName, args.backupBucketArn(), snapshotPrefix))
                        .applyValue(v -> NodePolicies.node(new NodePolicies.Inputs(v.get(0), v.get(1), v.get(2), v.get(3),
                                v.get(4), v.get(5), v.get(6), v.get(7), List.of(serverLogs, auditLogs),
                                args.metricNamespace(), artifactObjects)).toJson()))
                .build(), child);
        var ssm = new RolePolicyAttachment(name + "-ssm", RolePolicyAttachmentArgs.builder()
                .role(role.name()).policyArn(NodePolicies.SSM_CORE).build(), child);
        var profile = new InstanceProfile(name + "-node", InstanceProfileArgs.builder()
                .role(role.name()).tags(tags).build(), child);

        var securityGroup = securityGroup(name, cluster, args, tags, child);

        // Node files, rendered once from resolved (non-secret) values.
        Output<NodeSettings> settings = Output.all(List.of(env.region(), args.sealKeyArn(), args.dataKeyArn(),
                        tlsSecret.arn(), recoverySecret.arn(), initLockName, role.arn(), args.backupBucketName(), snapshotPrefix))
                .applyValue(v -> new NodeSettings(cluster, v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5),
                        v.get(6), v.get(7), v.get(8), args.metricNamespace(), args.leaderTlsServerName(), args.vaultFqdn(),
                        args.recoveryShares(), args.recoveryThreshold(), args.minQuorum(), args.snapshotIntervalMinutes(),
                        args.vaultVersion(), args.vaultSha256(), args.architecture(), args.vaultDownloadUrl(),
                        serverLogs, auditLogs, args.logLevel(), AUTO_JOIN_TAG));
        Output<NodeFiles> files = settings.applyValue(NodeFiles::new);

        var launchTemplate = new LaunchTemplate(name + "-node", LaunchTemplateArgs.builder()
                .description("Vault Raft node " + cluster)
                .imageId(args.amiId())
                .instanceType(args.instanceType())
                .iamInstanceProfile(LaunchTemplateIamInstanceProfileArgs.builder().arn(profile.arn()).build())
                // No key pair: shell access is SSM Session Manager only.
                .networkInterfaces(LaunchTemplateNetworkInterfaceArgs.builder()
                        .deviceIndex(0)
                        .associatePublicIpAddress("false")
                        .deleteOnTermination("true")
                        .securityGroups(securityGroup.id().applyValue(List::of))
                        .build())
                .metadataOptions(LaunchTemplateMetadataOptionsArgs.builder()
                        .httpEndpoint("enabled")
                        .httpTokens("required")
                        .httpPutResponseHopLimit(1)
                        .instanceMetadataTags("disabled")
                        .build())
                .monitoring(LaunchTemplateMonitoringArgs.builder().enabled(true).build())
                .ebsOptimized("true")
                .blockDeviceMappings(
                        volume("/dev/xvda", args.rootVolumeSizeGiB(), null, null, args),
                        volume(NodeFiles.RAFT_DEVICE, args.dataVolumeSizeGiB(), args.dataVolumeIops(), args.dataVolumeThroughput(), args),
                        volume(NodeFiles.AUDIT_DEVICE, args.auditVolumeSizeGiB(), null, null, args))
                .userData(files.applyValue(f -> f.cloudConfig().userData()))
                .updateDefaultVersion(true)
                .tagSpecifications(
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("instance").tags(nameTag(tags, cluster + "-node")).build(),
                        LaunchTemplateTagSpecificationArgs.builder().resourceType("volume").tags(nameTag(tags, cluster + "-node")).build())
                .tags(tags)
                .build(), child);

        Output<List<String>> subnets = args.subnetIds().applyValue(VaultRaftCluster::checkSubnets);
        var groupTags = new ArrayList<GroupTagArgs>();
        nameTag(tags, cluster + "-node").forEach((k, v) ->
                groupTags.add(GroupTagArgs.builder().key(k).value(v).propagateAtLaunch(true).build()));
        var group = new Group(name + "-nodes", GroupArgs.builder()
                .minSize(n).maxSize(n).desiredCapacity(n)
                .vpcZoneIdentifiers(subnets)
                .launchTemplate(GroupLaunchTemplateArgs.builder()
                        .id(launchTemplate.id())
                        // The version number, not $Latest: a new template version changes this input and starts a refresh.
                        .version(launchTemplate.latestVersion().applyValue(String::valueOf))
                        .build())
                .targetGroupArns(args.targetGroupArn().applyValue(List::of))
                // ELB health: a node that is sealed, uninitialised or removed from Raft is replaced.
                .healthCheckType("ELB")
                .healthCheckGracePeriod(args.healthCheckGracePeriodSeconds())
                .instanceRefresh(GroupInstanceRefreshArgs.builder()
                        .strategy("Rolling")
                        .preferences(GroupInstanceRefreshPreferencesArgs.builder()
                                .minHealthyPercentage(args.refreshMinHealthyPercentage())
                                .maxHealthyPercentage(100)
                                .instanceWarmup(String.valueOf(NodeSettings.INSTANCE_WARMUP_SECONDS))
                                .skipMatching(true)
                                .build())
                        .build())
                .enabledMetrics("GroupDesiredCapacity", "GroupInServiceInstances", "GroupTotalInstances")
                .tags(groupTags)
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(nodePolicy, ssm).build());

        var topic = alarms(name, cluster, args, group, tags, child);

        this.asgName = group.name();
        this.securityGroupId = securityGroup.id();
        this.roleArn = role.arn();
        this.roleName = role.name();
        this.launchTemplateId = launchTemplate.id();
        this.caCertPem = tls.caCertPem();
        this.nodeConfig = files.applyValue(f -> f.serverConfig().render());
        this.renderedFiles = files.applyValue(NodeFiles::rendered);
        this.tlsSecretArn = tlsSecret.arn();
        this.recoverySecretArn = recoverySecret.arn();
        this.alarmTopicArn = topic.arn();
        this.serverLogGroupName = serverLogGroup.name();
        this.auditLogGroupName = auditLogGroup.name();
        this.vaultAddress = Output.of("https://" + args.vaultFqdn() + ":" + VaultServerConfig.API_PORT);
        registerAll();
    }

    private void registerAll() {
        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("asgName", asgName);
        outputs.put("securityGroupId", securityGroupId);
        outputs.put("roleArn", roleArn);
        outputs.put("roleName", roleName);
        outputs.put("launchTemplateId", launchTemplateId);
        outputs.put("caCertPem", caCertPem);
        outputs.put("nodeConfig", nodeConfig);
        outputs.put("renderedFiles", renderedFiles);
        outputs.put("tlsSecretArn", tlsSecretArn);
        outputs.put("recoverySecretArn", recoverySecretArn);
        outputs.put("alarmTopicArn", alarmTopicArn);
        outputs.put("serverLogGroupName", serverLogGroupName);
        outputs.put("auditLogGroupName", auditLogGroupName);
        outputs.put("vaultAddress", vaultAddress);
        registerOutputs(outputs);
    }

    static List<String> checkSubnets(List<String> ids) {
        if (ids.size() < 3 || new HashSet<>(ids).size() != ids.size()) {
            throw new InvalidSettingException("VaultRaftClusterArgs.subnetIds", ids,
                    "at least 3 distinct private subnets, one per availability zone");
        }
        return ids;
    }

    static String tlsBundle(String ca, String cert, String key) {
        var bundle = new LinkedHashMap<String, String>();
        bundle.put("ca_pem", ca);
        bundle.put("cert_pem", cert);
        bundle.put("key_pem", key);
        return new GsonBuilder().disableHtmlEscaping().create().toJson(bundle);
    }

    private static Map<String, String> nameTag(Map<String, String> tags, String value) {
        var out = new TreeMap<>(tags);
        out.put("Name", value);
        return out;
    }

    private static LogGroup logGroup(String resourceName, String groupName, VaultRaftClusterArgs args, CustomResourceOptions child) {
        return new LogGroup(resourceName, LogGroupArgs.builder()
                .name(groupName)
                .kmsKeyId(args.dataKeyArn())
                .retentionInDays(args.logRetentionDays())
                .tags(args.tags())
                .build(), child);
    }

    private static LaunchTemplateBlockDeviceMappingArgs volume(String device, int sizeGiB, Integer iops, Integer throughput,
                                                               VaultRaftClusterArgs args) {
        var ebs = LaunchTemplateBlockDeviceMappingEbsArgs.builder()
                .volumeType("gp3").volumeSize(sizeGiB).encrypted("true").deleteOnTermination("true");
        if (iops != null) {
            ebs.iops(iops).throughput(throughput);
        }
        if (args.ebsKmsKeyArn() != null) {
            ebs.kmsKeyId(args.ebsKmsKeyArn());
        }
        return LaunchTemplateBlockDeviceMappingArgs.builder().deviceName(device).ebs(ebs.build()).build();
    }

    /**
     * 8200 from the NLB's security group, the declared client CIDRs and the group itself; 8201 only within the
     * group. Egress: 443 to the VPC (interface endpoints) and the S3 prefix list, 8200/8201 within the group, and
     * 443 anywhere only when Vault is downloaded through NAT.
     */
    private SecurityGroup securityGroup(String name, String cluster, VaultRaftClusterArgs args, Map<String, String> tags,
                                        CustomResourceOptions child) {
        var group = new SecurityGroup(name + "-nodes", SecurityGroupArgs.builder()
                .vpcId(args.vpcId())
                .description("Vault Raft nodes " + cluster)
                .revokeRulesOnDelete(true)
                .tags(nameTag(tags, cluster + "-nodes"))
                .build(), child);
        Output<String> self = group.id();
        ingress(name + "-api-from-nlb", group, VaultServerConfig.API_PORT, "Vault API from the NLB",
                b -> b.referencedSecurityGroupId(args.nlbSecurityGroupId()), child);
        ingress(name + "-api-from-nodes", group, VaultServerConfig.API_PORT, "Vault API between nodes (Raft joins)",
                b -> b.referencedSecurityGroupId(self), child);
        ingress(name + "-cluster-from-nodes", group, VaultServerConfig.CLUSTER_PORT, "Raft and request forwarding",
                b -> b.referencedSecurityGroupId(self), child);
        int i = 0;
        for (String cidr : args.clientCidrs()) {
            ingress(name + "-api-from-client-" + i++, group, VaultServerConfig.API_PORT, "Vault API from client " + cidr,
                    b -> b.cidrIpv4(cidr), child);
        }
        egress(name + "-https-to-vpc", group, 443, "AWS interface endpoints", b -> b.cidrIpv4(args.vpcCidr()), child);
        egress(name + "-api-to-nodes", group, VaultServerConfig.API_PORT, "Vault API between nodes",
                b -> b.referencedSecurityGroupId(self), child);
        egress(name + "-cluster-to-nodes", group, VaultServerConfig.CLUSTER_PORT, "Raft and request forwarding",
                b -> b.referencedSecurityGroupId(self), child);
        if (args.s3PrefixListId() != null) {
            egress(name + "-https-to-s3", group, 443, "S3 gateway endpoint", b -> b.prefixListId(args.s3PrefixListId()), child);
        }
        if (args.downloadsThroughNat()) {
            egress(name + "-https-to-internet", group, 443, "Vault release download through NAT",
                    b -> b.cidrIpv4("0.0.0.0/0"), child);
        }
        return group;
    }

    private static void ingress(String name, SecurityGroup group, int port, String description,
                                java.util.function.Consumer<SecurityGroupIngressRuleArgs.Builder> source, CustomResourceOptions child) {
        var b = SecurityGroupIngressRuleArgs.builder().securityGroupId(group.id()).ipProtocol("tcp")
                .fromPort(port).toPort(port).description(description);
        source.accept(b);
        new SecurityGroupIngressRule(name, b.build(), child);
    }

    private static void egress(String name, SecurityGroup group, int port, String description,
                               java.util.function.Consumer<SecurityGroupEgressRuleArgs.Builder> destination, CustomResourceOptions child) {
        var b = SecurityGroupEgressRuleArgs.builder().securityGroupId(group.id()).ipProtocol("tcp")
                .fromPort(port).toPort(port).description(description);
        destination.accept(b);
        new SecurityGroupEgressRule(name, b.build(), child);
    }

    /**
     * The alarm topic (KMS-encrypted), its e-mail subscribers, and the alarms: five on EC2; on Kubernetes
     * ({@code group} null) the same minus in-service instances and the seal-key check (the node timer publishes it).
     */
    private Topic alarms(String name, String cluster, VaultRaftClusterArgs args, @Nullable Group group, Map<String, String> tags,
                         CustomResourceOptions child) {
        var topic = new Topic(name + "-alarms", TopicArgs.builder()
                .kmsMasterKeyId(args.dataKeyArn())
                .displayName("Vault " + cluster + " alarms")
                .tags(tags)
                .build(), child);
        int i = 0;
        for (String email : args.alarmEmails()) {
            new TopicSubscription(name + "-alarms-" + i++, TopicSubscriptionArgs.builder()
                    .topic(topic.arn()).protocol("email").endpoint(email).build(), child);
        }
        Output<List<String>> actions = topic.arn().applyValue(List::of);
        Output<Map<String, String>> targets = Output.tuple(args.targetGroupArn(), args.loadBalancerArn())
                .applyValue(t -> Map.of("TargetGroup", arnSuffix(t.t1, ":"), "LoadBalancer", arnSuffix(t.t2, ":loadbalancer/")));
        int n = args.nodeCount();
        int period = args.snapshotIntervalMinutes() * 60;
        alarm(name + "-healthy-targets", "Fewer than " + n + " healthy Vault targets behind the NLB", actions,
                b -> b.namespace("AWS/NetworkELB").metricName("HealthyHostCount").dimensions(targets).statistic("Minimum")
                        .period(60).evaluationPeriods(5).datapointsToAlarm(5)
                        .comparisonOperator("LessThanThreshold").threshold((double) n).treatMissingData("breaching"), tags, child);
        alarm(name + "-quorum", "CRITICAL: fewer than " + args.quorum() + " healthy Vault nodes, Raft has lost quorum", actions,
                b -> b.namespace("AWS/NetworkELB").metricName("HealthyHostCount").dimensions(targets).statistic("Minimum")
                        .period(60).evaluationPeriods(2).datapointsToAlarm(2)
                        .comparisonOperator("LessThanThreshold").threshold((double) args.quorum()).treatMissingData("breaching"), tags, child);
        alarm(name + "-snapshot-age", "No Raft snapshot for more than twice the interval (" + 2 * args.snapshotIntervalMinutes()
                        + " minutes)", actions,
                b -> b.namespace(args.metricNamespace()).metricName("SnapshotAgeSeconds")
                        .dimensions(Map.of("ClusterName", cluster)).statistic("Maximum")
                        .period(period).evaluationPeriods(2).datapointsToAlarm(2)
                        .comparisonOperator("GreaterThanThreshold").threshold((double) 2 * period)
                        // No data means no node published an age: snapshots are not being taken.
                        .treatMissingData("breaching"), tags, child);
        if (group == null) {
            return topic;
        }
        alarm(name + "-in-service", "Fewer than " + n + " Vault instances in service", actions,
                b -> b.namespace("AWS/AutoScaling").metricName("GroupInServiceInstances")
                        .dimensions(group.name().applyValue(g -> Map.of("AutoScalingGroupName", g))).statistic("Minimum")
                        .period(60).evaluationPeriods(5).datapointsToAlarm(5)
                        .comparisonOperator("LessThanThreshold").threshold((double) n).treatMissingData("breaching"), tags, child);
        alarm(name + "-seal-key", "The KMS seal key is not enabled: nodes cannot unseal after a restart", actions,
                b -> b.namespace(args.metricNamespace()).metricName("SealKeyEnabled")
                        .dimensions(Map.of("ClusterName", cluster)).statistic("Minimum")
                        .period(300).evaluationPeriods(2).datapointsToAlarm(2)
                        .comparisonOperator("LessThanThreshold").threshold(1.0).treatMissingData("breaching"), tags, child);
        return topic;
    }

    private static void alarm(String name, String description, Output<List<String>> actions,
                              java.util.function.Consumer<MetricAlarmArgs.Builder> metric, Map<String, String> tags,
                              CustomResourceOptions child) {
        var b = MetricAlarmArgs.builder().alarmDescription(description).alarmActions(actions).okActions(actions).tags(tags);
        metric.accept(b);
        new MetricAlarm(name, b.build(), child);
    }

    /** CloudWatch's dimension value for an ELB ARN: everything after {@code marker}'s last occurrence, e.g. {@code targetgroup/x/123}. */
    static String arnSuffix(String arn, String marker) {
        return arn.substring(arn.lastIndexOf(marker) + marker.length());
    }
}
