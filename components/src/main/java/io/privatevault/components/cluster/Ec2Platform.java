package io.privatevault.components.cluster;

import com.google.gson.GsonBuilder;
import com.pulumi.aws.autoscaling.Group;
import com.pulumi.aws.autoscaling.GroupArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshPreferencesArgs;
import com.pulumi.aws.autoscaling.inputs.GroupLaunchTemplateArgs;
import com.pulumi.aws.autoscaling.LifecycleHook;
import com.pulumi.aws.autoscaling.LifecycleHookArgs;
import com.pulumi.aws.autoscaling.inputs.GroupTagArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
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
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.support.AwsEnvironment;
import io.privatevault.components.support.InvalidSettingException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Vault on an EC2 Auto Scaling group over three availability zones: log groups, the private CA and the node TLS
 * bundle in Secrets Manager, the recovery secret, the node role, the security group ({@link NodeSecurityGroup}), and a launch template whose
 * cloud-config carries every file of {@link NodeFiles}. Every child is parented to the VaultRaftCluster component.
 */
public final class Ec2Platform {
    private Ec2Platform() {
    }

    /** @param tags the component's tags, with the auto-join tag ({@code autoJoinTagKey} = cluster name) */
    public static PlatformOutputs create(ComponentResource parent, String name, String cluster, VaultRaftClusterArgs args,
                                         String autoJoinTagKey, Map<String, String> tags) {
        var env = AwsEnvironment.of(parent);
        var child = CustomResourceOptions.builder().parent(parent).build();

        // Logs: one group for the server log, one for the audit log; encrypted, retained.
        String serverLogs = "/private-vault/" + cluster + "/server";
        String auditLogs = "/private-vault/" + cluster + "/audit";
        var serverLogGroup = logGroup(name + "-server-logs", serverLogs, args, child);
        var auditLogGroup = logGroup(name + "-audit-logs", auditLogs, args, child);
        // The CloudWatch agent's embedded-metric events (Vault's telemetry): they only back the metrics, kept briefly.
        String metricsLogs = "/private-vault/" + cluster + "/metrics";
        var metricsLogGroup = new LogGroup(name + "-metrics-logs", LogGroupArgs.builder()
                .name(metricsLogs)
                .kmsKeyId(args.dataKeyArn())
                .retentionInDays(VaultTelemetry.EVENT_RETENTION_DAYS)
                .tags(args.tags())
                .build(), child);

        // TLS: private CA and node certificate; the bundle (without the CA key) goes to Secrets Manager.
        var tls = NodeTls.create(name, cluster, args, child);
        var tlsSecret = new Secret(name + "-tls", SecretArgs.builder()
                .namePrefix("private-vault/" + cluster + "/tls-")
                .description("Vault node TLS bundle (CA certificate, node certificate and key) for " + cluster)
                .kmsKeyId(args.dataKeyArn())
                .recoveryWindowInDays(7)
                .tags(tags)
                .build(), child);
        var tlsVersion = new SecretVersion(name + "-tls", SecretVersionArgs.builder()
                .secretId(tlsSecret.id())
                .secretString(Output.tuple(tls.caCertPem(), tls.nodeCertPem(), tls.nodeKeyPem())
                        .applyValue(t -> tlsBundle(t.t1, t.t2, t.t3)).asSecret())
                .build(), child);
        // Written by the initialising node only; Pulumi creates it empty so its value never enters state.
        var recoverySecret = RecoverySecret.create(name, cluster, "the initialising node", args.dataKeyArn(), tags, child);
        // The lock is named after the recovery secret, so a re-created cluster never finds an old lock.
        Output<String> initLockName = recoverySecret.name().applyValue(r -> r + "/init-lock");

        // IAM: a role only EC2 can assume, with one scoped statement per need (the seal key's policy grants the key).
        var roleArgs = RoleArgs.builder();
        if (args.nodeRoleName() != null) {
            roleArgs.name(args.nodeRoleName());
        }
        var role = new Role(name + "-node", roleArgs
                .description("Vault Raft node " + cluster)
                .assumeRolePolicy(NodePolicies.assumeByEc2().toJson())
                .tags(tags)
                .build(), child);

        // The node, rendered once from resolved (non-secret) values.
        Output<NodeSpec> spec = NodeSpec.of(cluster, args, env.region(), recoverySecret.arn(), role.arn());
        var release = new Ec2Node.Release(args.vaultVersion(), args.vaultSha256(), args.architecture(), args.vaultDownloadUrl());
        Output<Ec2Node> node = Output.tuple(tlsSecret.arn(), initLockName)
                .applyValue(t -> new Ec2Node(t.t1, t.t2, serverLogs, auditLogs, metricsLogs, release, autoJoinTagKey, args.nodeCount()));
        Output<NodeFiles> files = Output.tuple(spec, node).applyValue(t -> new NodeFiles(t.t1, t.t2));

        String artifactObjects = args.downloadsThroughNat() ? null : "arn:aws:s3:::" + args.vaultDownloadUrl().substring("s3://".length()) + "/*";
        var nodePolicy = new RolePolicy(name + "-node", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(env.accountId(), spec, node)
                        // Pulumi names the group "<resource name>-<random suffix>".
                        .applyValue(t -> NodePolicies.node(t.t1, t.t2, t.t3, artifactObjects, name + "-nodes-").toJson()))
                .build(), child);
        RecoverySecret.restrict(name, recoverySecret, role.arn(), args.breakGlassPrincipalArns(), child);
        // Session Manager only when asked for, with a minimal policy and logged sessions (no managed policy).
        var sessions = SessionManager.create(name, cluster, args, role, env, tags, child);
        var profile = new InstanceProfile(name + "-node", InstanceProfileArgs.builder()
                .role(role.name()).tags(tags).build(), child);

        var securityGroup = NodeSecurityGroup.create(name, cluster, args, tags, child);
        var launchTemplate = launchTemplate(name, cluster, args, profile, securityGroup, files, tags, child);
        // Boot order: no instance starts before what its first boot calls exists. The launch template already waits
        // for the profile, the group and the secrets it names; the group also waits for the role's permissions, the
        // egress rules, the TLS bundle's value, the log groups, and (bootDependencies) the network's endpoints and NAT routes.
        var bootPrerequisites = bootPermissions(nodePolicy, sessions);
        bootPrerequisites.addAll(List.of(tlsVersion, serverLogGroup, auditLogGroup, metricsLogGroup));
        bootPrerequisites.addAll(securityGroup.rules());
        var group = autoScalingGroup(name, cluster, args, launchTemplate, tags,
                CustomResourceOptions.builder().parent(parent).dependsOn(bootPrerequisites).build());
        // Separate resources, not the group's initialLifecycleHooks: the provider replaces the whole group when those
        // change (every node at once), while PutLifecycleHook updates a hook in place. A new group's first nodes
        // therefore launch before the hooks exist; the node scripts take "no lifecycle action" as nothing to hold.
        // A node that never becomes a healthy voter is never counted in service (ABANDON terminates it); a leaving
        // node that cannot finish is terminated anyway (CONTINUE), and autopilot removes its peer.
        lifecycleHook(name + "-launching", group, LifecycleHooks.LAUNCH_HOOK, "autoscaling:EC2_INSTANCE_LAUNCHING",
                LifecycleHooks.LAUNCH_TIMEOUT_SECONDS, "ABANDON", child);
        lifecycleHook(name + "-terminating", group, LifecycleHooks.TERMINATE_HOOK, "autoscaling:EC2_INSTANCE_TERMINATING",
                LifecycleHooks.TERMINATE_TIMEOUT_SECONDS, "CONTINUE", child);

        return new PlatformOutputs(role.arn(), role.name(), tls.caCertPem(),
                files.applyValue(f -> f.serverConfig().render()), files.applyValue(NodeFiles::rendered), recoverySecret.arn(),
                AuditDevices.ec2(), Optional.of(new PlatformOutputs.Ec2Outputs(group.name(), securityGroup.id(), launchTemplate.id(), tlsSecret.arn(),
                        serverLogGroup.name(), auditLogGroup.name())));
    }

    /** What a booting node calls with its role: the node policy, and Session Manager's when it is on. */
    private static ArrayList<Resource> bootPermissions(RolePolicy nodePolicy, List<Resource> sessions) {
        var all = new ArrayList<Resource>();
        all.add(nodePolicy);
        all.addAll(sessions);
        return all;
    }

    private static LaunchTemplate launchTemplate(String name, String cluster, VaultRaftClusterArgs args, InstanceProfile profile,
                                                 NodeSecurityGroup securityGroup, Output<NodeFiles> files, Map<String, String> tags,
                                                 CustomResourceOptions child) {
        return new LaunchTemplate(name + "-node", LaunchTemplateArgs.builder()
                .description("Vault Raft node " + cluster)
                .imageId(args.amiId())
                .instanceType(args.instanceType())
                .iamInstanceProfile(LaunchTemplateIamInstanceProfileArgs.builder().arn(profile.arn()).build())
                // No key pair: the only shell is SSM Session Manager, and only when ssmSessions is on.
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
    }

    private static Group autoScalingGroup(String name, String cluster, VaultRaftClusterArgs args, LaunchTemplate launchTemplate,
                                          Map<String, String> tags, CustomResourceOptions options) {
        int n = args.nodeCount();
        var groupTags = new ArrayList<GroupTagArgs>();
        nameTag(tags, cluster + "-node").forEach((k, v) ->
                groupTags.add(GroupTagArgs.builder().key(k).value(v).propagateAtLaunch(true).build()));
        // bootDependencies flow into an input, so the engine creates the group only after the resources they come from.
        Output<List<String>> subnets = Output.tuple(args.subnetIds(), args.bootDependencies())
                .applyValue(t -> checkSubnets(t.t1));
        return new Group(name + "-nodes", GroupArgs.builder()
                // One node more than the cluster's size only while an instance refresh replaces a node (new node first).
                .minSize(n).maxSize(n + 1).desiredCapacity(n)
                .vpcZoneIdentifiers(subnets)
                .launchTemplate(GroupLaunchTemplateArgs.builder()
                        .id(launchTemplate.id())
                        // The version number, not $Latest: a new template version changes this input and starts a refresh.
                        .version(launchTemplate.latestVersion().applyValue(String::valueOf))
                        .build())
                .targetGroupArns(args.targetGroupArn().applyValue(List::of))
                // EC2 health: the group replaces an instance that fails, never one that is merely sealed, leaderless or
                // uninitialised. Those are cluster states (the NLB pool, autopilot and systemd handle them), and
                // replacing their nodes would throw away Raft data exactly when quorum is at risk.
                .healthCheckType("EC2")
                .healthCheckGracePeriod(args.healthCheckGracePeriodSeconds())
                .instanceRefresh(GroupInstanceRefreshArgs.builder()
                        .strategy("Rolling")
                        .preferences(GroupInstanceRefreshPreferencesArgs.builder()
                                .minHealthyPercentage(LifecycleHooks.MIN_HEALTHY_PERCENTAGE)
                                .maxHealthyPercentage(LifecycleHooks.maxHealthyPercentage(n))
                                .instanceWarmup(String.valueOf(LifecycleHooks.INSTANCE_WARMUP_SECONDS))
                                .skipMatching(true)
                                .scaleInProtectedInstances(LifecycleHooks.SCALE_IN_PROTECTED_INSTANCES)
                                .standbyInstances("Ignore")
                                .build())
                        .build())
                .enabledMetrics("GroupDesiredCapacity", "GroupInServiceInstances", "GroupTotalInstances")
                .tags(groupTags)
                .build(), options);
    }

    private static void lifecycleHook(String resourceName, Group group, String hookName, String transition, int timeoutSeconds,
                                      String defaultResult, CustomResourceOptions child) {
        new LifecycleHook(resourceName, LifecycleHookArgs.builder()
                .autoscalingGroupName(group.name())
                .name(hookName)
                .lifecycleTransition(transition)
                .heartbeatTimeout(timeoutSeconds)
                .defaultResult(defaultResult)
                .build(), child);
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
}
