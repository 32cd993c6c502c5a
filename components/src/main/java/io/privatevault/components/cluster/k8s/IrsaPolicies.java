package io.privatevault.components.cluster.k8s;

import io.privatevault.components.cluster.NodeSpec;
import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

/**
 * IAM for Vault on Kubernetes through IRSA: a role only the cluster's OIDC provider can hand out, and only to the
 * Vault service account's tokens for STS; and the same narrow statements as the EC2 node role minus what pods do
 * not need (EC2 discovery, TLS from Secrets Manager, the init lock, CloudWatch Logs). The seal key is granted by
 * its key policy, as on EC2.
 */
public final class IrsaPolicies {
    private IrsaPolicies() {
    }

    /** {@code system:serviceaccount:<namespace>:<name>}, the {@code sub} claim of that account's tokens. */
    public static String subject(String namespace, String serviceAccount) {
        return "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }

    public static PolicyDocument trust(String oidcProviderArn, String issuerHost, String namespace, String serviceAccount) {
        return PolicyDocument.of(Statement.allow("VaultServiceAccount")
                .principal("Federated", oidcProviderArn)
                .actions("sts:AssumeRoleWithWebIdentity")
                // StringEquals, not StringLike: exactly this account, no other pod of the cluster.
                .condition("StringEquals", issuerHost + ":sub", subject(namespace, serviceAccount))
                .condition("StringEquals", issuerHost + ":aud", "sts.amazonaws.com")
                .build());
    }

    public static PolicyDocument permissions(NodeSpec spec) {
        String region = spec.region();
        var snapshots = spec.snapshots();
        return PolicyDocument.of(
                Statement.allow("StoreRecoveryMaterial")
                        .actions("secretsmanager:PutSecretValue").resources(spec.bootstrap().recoverySecretArn()).build(),
                Statement.allow("DataKeyThroughSecretsManagerAndS3")
                        .actions("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")
                        .resources(snapshots.kmsKeyArn())
                        .condition("StringEquals", "kms:ViaService", "secretsmanager." + region + ".amazonaws.com",
                                "s3." + region + ".amazonaws.com")
                        .build(),
                Statement.allow("UploadSnapshots")
                        .actions("s3:PutObject").resources(snapshots.bucketArn() + "/" + snapshots.prefix() + "*").build(),
                Statement.allow("ListSnapshots")
                        .actions("s3:ListBucket").resources(snapshots.bucketArn())
                        .condition("StringLike", "s3:prefix", snapshots.prefix() + "*")
                        .build(),
                Statement.allow("PublishMetrics")
                        .actions("cloudwatch:PutMetricData").resources("*")
                        .condition("StringEquals", "cloudwatch:namespace", snapshots.metricNamespace())
                        .build());
    }
}
