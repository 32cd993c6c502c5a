package io.privatevault.components.cluster;

/**
 * Everything the node files need, as resolved plain values (ARNs, names, numbers; never a secret).
 *
 * @param clusterName              Vault cluster name and auto-join tag value
 * @param region                   AWS region
 * @param sealKeyArn               awskms seal key
 * @param dataKeyArn               key for secrets and snapshots
 * @param tlsSecretArn             Secrets Manager secret holding the node TLS bundle
 * @param recoverySecretArn        Secrets Manager secret receiving recovery keys and the root token
 * @param initLockSecretName       name of the create-only init lock secret
 * @param nodeRoleArn              the nodes' IAM role (bound to the snapshot AWS auth role)
 * @param snapshotBucket           backup bucket name
 * @param snapshotPrefix           key prefix for snapshots, ending in '/'
 * @param metricNamespace          CloudWatch namespace for the custom metrics
 * @param leaderTlsServerName      TLS name Raft joins verify
 * @param iamServerIdHeader        value of Vault's AWS auth X-Vault-AWS-IAM-Server-ID header
 * @param recoveryShares           recovery key shares
 * @param recoveryThreshold        recovery key threshold
 * @param minQuorum                autopilot min_quorum
 * @param snapshotIntervalMinutes  snapshot timer interval
 * @param vaultVersion             pinned Vault version
 * @param vaultSha256              SHA-256 of the release archive for {@code vaultArch}
 * @param vaultArch                amd64 or arm64
 * @param vaultDownloadUrl         https://releases.hashicorp.com/vault or s3://bucket/prefix (same layout)
 * @param serverLogGroup           CloudWatch log group for the server log
 * @param auditLogGroup            CloudWatch log group for the audit log
 * @param logLevel                 Vault log level
 * @param autoJoinTagKey           EC2 tag key for auto-join
 */
public record NodeSettings(String clusterName, String region, String sealKeyArn, String dataKeyArn,
                           String tlsSecretArn, String recoverySecretArn, String initLockSecretName,
                           String nodeRoleArn, String snapshotBucket, String snapshotPrefix, String metricNamespace,
                           String leaderTlsServerName, String iamServerIdHeader, int recoveryShares,
                           int recoveryThreshold, int minQuorum, int snapshotIntervalMinutes, String vaultVersion,
                           String vaultSha256, String vaultArch, String vaultDownloadUrl, String serverLogGroup,
                           String auditLogGroup, String logLevel, String autoJoinTagKey) {
    /** AWS auth role the snapshot timer logs in with. */
    public static final String SNAPSHOT_AUTH_ROLE = "vault-node-snapshot";
    /**
     * Autopilot removes a server that has not been in contact for this long (HashiCorp's default is 24h; the
     * minimum is 1m). Short, so that during a rolling replacement the terminated node leaves the Raft
     * configuration before the next one is terminated; the configuration layer sets the same value.
     */
    public static final String DEAD_SERVER_THRESHOLD = "2m";
    /**
     * Seconds the instance refresh waits after a replacement is in service before terminating the next node:
     * longer than {@link #DEAD_SERVER_THRESHOLD} plus autopilot's 10 s stabilisation, or two dead voters could
     * sit in a 3-node configuration at once and quorum would be lost.
     */
    public static final int INSTANCE_WARMUP_SECONDS = 300;
}
