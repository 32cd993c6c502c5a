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
    /** The AWS-managed policy Session Manager needs; nodes have no SSH key, so this is the only shell. */
    public static final String SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

    private NodePolicies() {
    }

    /**
     * @param accountId            this account
     * @param artifactObjectsArn   {@code arn:aws:s3:::bucket/prefix/*} when Vault is installed from an artifact bucket, else null
     */
    public record Inputs(String accountId, String region, String dataKeyArn, String tlsSecretArn,
                         String recoverySecretArn, String initLockSecretName, String backupBucketArn,
                         String snapshotPrefix, List<String> logGroupNames, String metricNamespace,
                         String artifactObjectsArn) {
    }

    public static PolicyDocument node(Inputs in) {
        var statements = new ArrayList<Statement>();
        statements.add(Statement.allow("RaftAutoJoinDiscovery")
                .actions("ec2:DescribeInstances").resources("*").build());
        statements.add(Statement.allow("ReadNodeTlsBundle")
                .actions("secretsmanager:GetSecretValue").resources(in.tlsSecretArn()).build());
        statements.add(Statement.allow("CreateInitLock")
                .actions("secretsmanager:CreateSecret", "secretsmanager:GetSecretValue")
                // Secrets Manager appends '-' and six characters to a secret's name in its ARN.
                .resources("arn:aws:secretsmanager:" + in.region() + ":" + in.accountId() + ":secret:"
                        + in.initLockSecretName() + "-??????")
                .build());
        statements.add(Statement.allow("StoreRecoveryMaterial")
                .actions("secretsmanager:PutSecretValue").resources(in.recoverySecretArn()).build());
        statements.add(Statement.allow("DataKeyThroughSecretsManagerAndS3")
                .actions("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")
                .resources(in.dataKeyArn())
                .condition("StringEquals", "kms:ViaService", "secretsmanager." + in.region() + ".amazonaws.com",
                        "s3." + in.region() + ".amazonaws.com")
                .build());
        String bucketArn = in.backupBucketArn();
        statements.add(Statement.allow("UploadSnapshots")
                .actions("s3:PutObject").resources(bucketArn + "/" + in.snapshotPrefix() + "*").build());
        statements.add(Statement.allow("ListSnapshots")
                .actions("s3:ListBucket").resources(bucketArn)
                .condition("StringLike", "s3:prefix", in.snapshotPrefix() + "*")
                .build());
        if (in.artifactObjectsArn() != null) {
            statements.add(Statement.allow("DownloadVaultRelease")
                    .actions("s3:GetObject").resources(in.artifactObjectsArn()).build());
        }
        statements.add(Statement.allow("ShipLogs")
                .actions("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams")
                .resources(in.logGroupNames().stream()
                        .map(n -> "arn:aws:logs:" + in.region() + ":" + in.accountId() + ":log-group:" + n + ":*")
                        .toList())
                .build());
        statements.add(Statement.allow("PublishMetrics")
                .actions("cloudwatch:PutMetricData").resources("*")
                .condition("StringEquals", "cloudwatch:namespace", in.metricNamespace())
                .build());
        return new PolicyDocument(List.copyOf(statements));
    }

    /** Only EC2 may assume the node role (a trust policy: principals, no Resource element). */
    public static PolicyDocument assumeByEc2() {
        return PolicyDocument.of(Statement.assumeRoleBy("Ec2Instances", "ec2.amazonaws.com").build());
    }
}
