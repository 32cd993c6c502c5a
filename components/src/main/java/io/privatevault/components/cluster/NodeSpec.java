package io.privatevault.components.cluster;

import com.pulumi.core.Output;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.vaultconfig.AclPolicy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Vault node as both platforms run it, derived once from {@link VaultRaftClusterArgs} and the resolved ARNs:
 * the server configuration (listener, seal, telemetry, Raft), the autopilot settings, the bootstrap (recovery
 * material, the snapshot and provisioner logins, the root token's revocation) and the snapshot job. The EC2
 * platform renders it into cloud-init files ({@link NodeFiles}), the Kubernetes platform into chart values and Jobs
 * (k8s/Manifests); what only one platform
 * has (instance metadata, pod addresses, paths) comes from that platform. Plain values only, never a secret.
 *
 * @param clusterName         Vault {@code cluster_name}
 * @param region              AWS region of the seal key, the recovery secret, STS and the snapshot bucket
 * @param logLevel            Vault log level
 * @param leaderTlsServerName the name every node's certificate carries; Raft joins verify it
 * @param iamServerIdHeader   value of Vault's AWS auth {@code X-Vault-AWS-IAM-Server-ID} header (the Vault host name)
 * @param sealKeyArn          KMS key of {@code seal "awskms"}
 * @param nodeRoleArn         the nodes' AWS identity (instance profile role, or the pods' IRSA role)
 * @param provisionerRoleArn  the IAM role the configuration layer runs as ({@link ProvisionerLogin})
 * @param autopilot           set by the bootstrap, once
 * @param bootstrap           what the initialiser does after {@code operator init}
 * @param snapshots           the snapshot job
 * @param breakGlassGenerateRoot {@link VaultRaftClusterArgs#breakGlassGenerateRoot()}
 */
public record NodeSpec(String clusterName, String region, String logLevel, String leaderTlsServerName,
                       String iamServerIdHeader, String sealKeyArn, String nodeRoleArn, String provisionerRoleArn, Autopilot autopilot,
                       Bootstrap bootstrap, SnapshotJob snapshots, boolean breakGlassGenerateRoot) {

    /**
     * Raft autopilot, configured by the node bootstrap before any configuration run (the only writer).
     *
     * @param minQuorum {@link VaultRaftClusterArgs#minQuorum()}
     */
    public record Autopilot(int minQuorum) {
        /**
         * Autopilot removes a server that has not been in contact for this long (HashiCorp's default is 24h; the
         * minimum is 1m). Short, so that a node that died without leaving (the EC2 lifecycle hook lets a healthy one
         * leave itself) stops counting as a voter soon.
         */
        public static final String DEAD_SERVER_THRESHOLD = "2m";
        /** How long a new server must be healthy before it becomes a voter (HashiCorp's default). */
        public static final String SERVER_STABILIZATION_TIME = "10s";
    }

    /**
     * @param recoverySecretArn the secret that receives the recovery keys (never the root token, which the bootstrap
     *                          revokes when it is done)
     * @param recoveryShares    recovery key shares
     * @param recoveryThreshold recovery key threshold
     * @param recoveryPgpKeys   the holders' OpenPGP public keys, one per share; empty when the shares are stored in the clear
     */
    public record Bootstrap(String recoverySecretArn, int recoveryShares, int recoveryThreshold, List<String> recoveryPgpKeys) {
        public Bootstrap {
            recoveryPgpKeys = List.copyOf(recoveryPgpKeys);
        }

        /** File name -> key, one file per holder in share order, as {@code -recovery-pgp-keys} takes them. */
        public Map<String, String> recoveryPgpKeyFiles() {
            var files = new LinkedHashMap<String, String>();
            for (int i = 0; i < recoveryPgpKeys.size(); i++) {
                files.put("recovery-holder-" + (i + 1) + ".asc", recoveryPgpKeys.get(i).strip() + "\n");
            }
            return files;
        }
    }

    /**
     * @param bucket          snapshot bucket
     * @param bucketArn       its ARN (the node role's upload permission)
     * @param prefix          key prefix, ending in '/'
     * @param kmsKeyArn       SSE-KMS key of the uploads (the data key)
     * @param metricNamespace CloudWatch namespace of {@code SnapshotAgeSeconds}
     * @param intervalMinutes minutes between snapshots
     */
    public record SnapshotJob(String bucket, String bucketArn, String prefix, String kmsKeyArn, String metricNamespace,
                              int intervalMinutes) {
    }

    /** The spec for {@code args}, once the ARNs other resources produce are known. */
    public static Output<NodeSpec> of(String clusterName, VaultRaftClusterArgs args, Output<String> region,
                                      Output<String> recoverySecretArn, Output<String> nodeRoleArn) {
        Output<SnapshotJob> snapshots = Output.tuple(args.backupBucketName(), args.backupBucketArn(),
                        args.snapshotPrefix(clusterName), args.dataKeyArn())
                .applyValue(t -> new SnapshotJob(t.t1, t.t2, t.t3, t.t4, args.metricNamespace(), args.snapshotIntervalMinutes()));
        Output<Bootstrap> bootstrap = recoverySecretArn.applyValue(arn ->
                new Bootstrap(arn, args.recoveryShares(), args.recoveryThreshold(), args.recoveryPgpKeys()));
        return Output.tuple(region, args.sealKeyArn(), nodeRoleArn, bootstrap, snapshots)
                .applyValue(t -> new NodeSpec(clusterName, t.t1, args.logLevel(), args.leaderTlsServerName(),
                        args.vaultFqdn(), t.t2, t.t3, args.provisionerRoleArn(), new Autopilot(args.minQuorum()), t.t4, t.t5,
                        args.breakGlassGenerateRoot()));
    }

    /** The server configuration, with the platform's way of joining and its file locations. */
    public VaultServerConfig serverConfig(RaftMembership membership, VaultServerConfig.Files files) {
        return new VaultServerConfig(clusterName, logLevel, region, sealKeyArn, leaderTlsServerName, files, membership, false,
                breakGlassGenerateRoot);
    }

    /** The policy the snapshot job's token gets (written by the bootstrap). */
    public AclPolicy snapshotPolicy() {
        return SnapshotLogin.policy();
    }

    /** The policy the configuration layer's token gets (written by the bootstrap). */
    public AclPolicy provisionerPolicy() {
        return ProvisionerLogin.policy();
    }

    /** Both policies the bootstrap writes, with the environment variable that names each one's file. */
    public Map<String, AclPolicy> bootstrapPolicies() {
        var policies = new LinkedHashMap<String, AclPolicy>();
        policies.put("SNAPSHOT_POLICY_FILE", snapshotPolicy());
        policies.put("PROVISIONER_POLICY_FILE", provisionerPolicy());
        return policies;
    }

    /**
     * The comma-separated paths of the holders' keys in {@code dir} ({@code RECOVERY_PGP_KEY_FILES}), empty when the
     * shares are not encrypted.
     */
    public String recoveryPgpKeyPaths(String dir) {
        return String.join(",", bootstrap.recoveryPgpKeyFiles().keySet().stream().map(f -> dir + "/" + f).toList());
    }

    /** What bootstrap.sh reads, besides the platform's VAULT_ADDR, VAULT_CACERT and the policy and key files' locations. */
    public Map<String, String> bootstrapEnvironment() {
        var env = new LinkedHashMap<String, String>();
        env.put("AWS_REGION", region);
        env.put("RECOVERY_SECRET_ID", bootstrap.recoverySecretArn());
        env.put("RECOVERY_SHARES", String.valueOf(bootstrap.recoveryShares()));
        env.put("RECOVERY_THRESHOLD", String.valueOf(bootstrap.recoveryThreshold()));
        env.put("AUTOPILOT_MIN_QUORUM", String.valueOf(autopilot.minQuorum()));
        env.put("AUTOPILOT_DEAD_SERVER_THRESHOLD", Autopilot.DEAD_SERVER_THRESHOLD);
        env.put("AUTOPILOT_SERVER_STABILIZATION_TIME", Autopilot.SERVER_STABILIZATION_TIME);
        env.put("NODE_ROLE_ARN", nodeRoleArn);
        env.putAll(snapshotLoginEnvironment());
        env.put("SNAPSHOT_POLICY", SnapshotLogin.POLICY_NAME);
        env.put("SNAPSHOT_TOKEN_TTL", SnapshotLogin.TOKEN_TTL);
        env.put("SNAPSHOT_TOKEN_MAX_TTL", SnapshotLogin.TOKEN_MAX_TTL);
        env.put("PROVISIONER_ROLE_ARN", provisionerRoleArn);
        env.put("PROVISIONER_AUTH_MOUNT", ProvisionerLogin.MOUNT);
        env.put("PROVISIONER_AUTH_ROLE", ProvisionerLogin.ROLE);
        env.put("PROVISIONER_POLICY", ProvisionerLogin.POLICY_NAME);
        env.put("PROVISIONER_TOKEN_TTL", ProvisionerLogin.TOKEN_TTL);
        env.put("PROVISIONER_TOKEN_MAX_TTL", ProvisionerLogin.TOKEN_MAX_TTL);
        return env;
    }

    /** What snapshot-upload.sh reads, besides the platform's VAULT_ADDR, VAULT_CACERT and VAULT_SNAPSHOT_DIR. */
    public Map<String, String> snapshotEnvironment() {
        var env = new LinkedHashMap<String, String>();
        env.put("AWS_REGION", region);
        env.put("VAULT_CLUSTER_NAME", clusterName);
        env.put("SNAPSHOT_BUCKET", snapshots.bucket());
        env.put("SNAPSHOT_PREFIX", snapshots.prefix());
        env.put("DATA_KEY_ARN", snapshots.kmsKeyArn());
        env.put("METRIC_NAMESPACE", snapshots.metricNamespace());
        env.putAll(snapshotLoginEnvironment());
        return env;
    }

    private Map<String, String> snapshotLoginEnvironment() {
        var env = new LinkedHashMap<String, String>();
        env.put("SNAPSHOT_AUTH_MOUNT", SnapshotLogin.MOUNT);
        env.put("SNAPSHOT_AUTH_ROLE", SnapshotLogin.ROLE);
        env.put("IAM_SERVER_ID_HEADER", iamServerIdHeader);
        return env;
    }
}
