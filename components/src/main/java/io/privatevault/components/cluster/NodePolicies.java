package io.privatevault.components.cluster;

import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

import java.util.ArrayList;
import java.util.List;

/**
 * The Vault node role's permissions, one statement per need, each on the narrowest resource AWS supports.
 * Where AWS has no resource-level permission ({@code ec2:DescribeInstances}, {@code cloudwatch:PutMetricData})
 * the statement is {@code *} with a condition where one exists. The seal key is not here: its key policy grants
 * the role the key (kms/KeyPolicies), the one place that decides who may unseal.
 */
public final class NodePolicies {
    private NodePolicies() {
    }

    /**
     * @param accountId          this account
     * @param artifactObjectsArn {@code arn:aws:s3:::bucket/prefix/*} when Vault is installed from an artifact bucket, else null
     * @param groupNamePrefix    how the Auto Scaling group's (generated) name starts: the group is created after this
     *                           policy (its nodes must never boot without it), so the policy cannot name it
     */
    public static PolicyDocument node(String accountId, NodeSpec spec, Ec2Node node, String artifactObjectsArn, String groupNamePrefix) {
        String region = spec.region();
        var snapshots = spec.snapshots();
        var statements = new ArrayList<Statement>();
        statements.add(Statement.allow("RaftAutoJoinDiscovery")
                .actions("ec2:DescribeInstances").resources("*").build());
        statements.add(Statement.allow("ReadNodeTlsBundle")
                .actions("secretsmanager:GetSecretValue").resources(node.tlsSecretArn()).build());
        // Create it once; read who holds it; take it over from a holder that is gone, and mark it done (init.sh).
        statements.add(Statement.allow("InitLock")
                .actions("secretsmanager:CreateSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue")
                // Secrets Manager appends '-' and six characters to a secret's name in its ARN.
                .resources("arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + node.initLockSecretName() + "-??????")
                .build());
        statements.add(Statement.allow("StoreRecoveryMaterial")
                .actions("secretsmanager:PutSecretValue").resources(spec.bootstrap().recoverySecretArn()).build());
        statements.add(Statement.allow("DataKeyThroughSecretsManagerAndS3")
                .actions("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")
                .resources(snapshots.kmsKeyArn())
                .condition("StringEquals", "kms:ViaService", "secretsmanager." + region + ".amazonaws.com",
                        "s3." + region + ".amazonaws.com")
                .build());
        statements.add(Statement.allow("UploadSnapshots")
                .actions("s3:PutObject").resources(snapshots.bucketArn() + "/" + snapshots.prefix() + "*").build());
        statements.add(Statement.allow("ListSnapshots")
                .actions("s3:ListBucket").resources(snapshots.bucketArn())
                .condition("StringLike", "s3:prefix", snapshots.prefix() + "*")
                .build());
        if (artifactObjectsArn != null) {
            statements.add(Statement.allow("DownloadVaultRelease")
                    .actions("s3:GetObject").resources(artifactObjectsArn).build());
        }
        statements.add(Statement.allow("ShipLogs")
                .actions("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams")
                .resources(List.of(node.serverLogGroup(), node.auditLogGroup(), node.metricsLogGroup()).stream()
                        .map(n -> "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + n + ":*")
                        .toList())
                .build());
        // The CloudWatch agent resolves ${aws:AutoScalingGroupName} from the instance's tags.
        statements.add(Statement.allow("AgentReadsInstanceTags")
                .actions("ec2:DescribeTags").resources("*").build());
        // lifecycle.sh: find its group and its launch template version, and whether a refresh runs (no resource-level
        // permissions exist for these) ...
        statements.add(Statement.allow("ReadOwnAutoScalingGroup")
                .actions("autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeAutoScalingGroups",
                        "autoscaling:DescribeInstanceRefreshes")
                .resources("*").build());
        // ... and act on its own group only: release a lifecycle hook, protect the active node from the refresh, and
        // start the refresh that replaces the active node last. The group carries the cluster's auto-join tag.
        statements.add(Statement.allow("NodeLifecycleInOwnGroup")
                .actions("autoscaling:CompleteLifecycleAction", "autoscaling:SetInstanceProtection", "autoscaling:StartInstanceRefresh")
                .resources("arn:aws:autoscaling:" + region + ":" + accountId + ":autoScalingGroup:*:autoScalingGroupName/" + groupNamePrefix + "*")
                .condition("StringEquals", "autoscaling:ResourceTag/" + node.autoJoinTagKey(), spec.clusterName())
                .build());
        statements.add(Statement.allow("PublishMetrics")
                .actions("cloudwatch:PutMetricData").resources("*")
                .condition("StringEquals", "cloudwatch:namespace", snapshots.metricNamespace())
                .build());
        return new PolicyDocument(List.copyOf(statements));
    }

    /**
     * Session Manager on a node, when it is turned on, and nothing more: the agent's registration and its data
     * channels (AWS's minimal set, the managed AWSCloud9SSMInstanceProfile policy: the four {@code ssmmessages}
     * channel actions and {@code ssm:UpdateInstanceInformation}) and the session log stream in {@code sessionLogGroup}
     * ({@code logs:DescribeLogGroups} too: with {@code cloudWatchEncryptionEnabled} the agent checks the group is
     * encrypted before it streams). Not AmazonSSMManagedInstanceCore, which adds {@code ssm:GetParameter*} on every
     * parameter, Run Command and inventory.
     */
    public static PolicyDocument sessionManager(String accountId, String region, String sessionLogGroup) {
        return PolicyDocument.of(
                Statement.allow("SessionManagerChannels")
                        .actions("ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                                "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel")
                        .resources("*").build(),
                Statement.allow("SessionManagerRegistration").actions("ssm:UpdateInstanceInformation")
                        .resources("arn:aws:ec2:" + region + ":" + accountId + ":instance/*").build(),
                Statement.allow("SessionLogs").actions("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams")
                        .resources("arn:aws:logs:" + region + ":" + accountId + ":log-group:" + sessionLogGroup + ":*").build(),
                Statement.allow("SessionLogEncryptionCheck").actions("logs:DescribeLogGroups")
                        .resources("arn:aws:logs:" + region + ":" + accountId + ":log-group:*").build());
    }

    /** Only EC2 may assume the node role (a trust policy: principals, no Resource element). */
    public static PolicyDocument assumeByEc2() {
        return PolicyDocument.of(Statement.assumeRoleBy("Ec2Instances", "ec2.amazonaws.com").build());
    }
}
