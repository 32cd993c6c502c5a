package io.privatevault.components.cluster;

/**
 * What only an EC2 node needs besides the {@link NodeSpec}: its TLS bundle and init lock in Secrets Manager, its
 * log groups, the Vault release it installs, and the tag it joins its peers by.
 *
 * @param tlsSecretArn       Secrets Manager secret holding the node TLS bundle
 * @param initLockSecretName name of the create-only init-lock secret
 * @param serverLogGroup     CloudWatch log group of the server log
 * @param auditLogGroup      CloudWatch log group of the audit log
 * @param metricsLogGroup    CloudWatch log group of the agent's embedded-metric events (Vault's telemetry)
 * @param release            the pinned Vault release
 * @param autoJoinTagKey     EC2 tag key whose value is the cluster name
 * @param nodeCount          the Auto Scaling group's desired size (the refresh a node starts itself keeps to it)
 */
public record Ec2Node(String tlsSecretArn, String initLockSecretName, String serverLogGroup, String auditLogGroup,
                      String metricsLogGroup, Release release, String autoJoinTagKey, int nodeCount) {
    /**
     * @param version     Vault version
     * @param sha256      SHA-256 of the release archive for {@code arch}
     * @param arch        amd64 or arm64
     * @param downloadUrl https://releases.hashicorp.com/vault or s3://bucket/prefix (same layout)
     */
    public record Release(String version, String sha256, String arch, String downloadUrl) {
    }
}
