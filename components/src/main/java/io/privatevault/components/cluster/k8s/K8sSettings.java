package io.privatevault.components.cluster.k8s;

import java.util.List;
import java.util.Map;

/**
 * Everything the Helm values and manifests need, as resolved plain values (names, ARNs, numbers; never a secret).
 *
 * @param clusterName             Vault cluster name
 * @param namespace               namespace of the release, jobs and policies
 * @param region                  AWS region (seal, CLI calls)
 * @param replicas                Raft voters (pods)
 * @param quorum                  Raft majority
 * @param minQuorum               autopilot min_quorum
 * @param vaultImage              repository of the Vault image
 * @param vaultVersion            Vault image tag
 * @param awsCliImage             image of the init and snapshot jobs' AWS CLI container (with tag)
 * @param sealKeyArn              awskms seal key
 * @param dataKeyArn              key for the recovery secret and snapshots
 * @param storageKmsKeyArn        key encrypting the EBS volumes of the StorageClass
 * @param roleArn                 IRSA role of the Vault service account
 * @param recoverySecretArn       Secrets Manager secret receiving recovery keys and the root token
 * @param snapshotBucket          backup bucket name
 * @param snapshotPrefix          key prefix of snapshots, ending in '/'
 * @param targetGroupArn          InternalNlb target group (target type ip)
 * @param nlbSecurityGroupId      the NLB's security group (the controller opens 8200 from it on the pods)
 * @param nlbSubnetCidrs          NLB subnets: health checks and traffic come from these addresses
 * @param leaderTlsServerName     name Raft joins verify
 * @param iamServerIdHeader       Vault AWS auth server id header (vault.zone), as on EC2
 * @param recoveryShares          recovery key shares
 * @param recoveryThreshold       recovery key threshold
 * @param snapshotIntervalMinutes minutes between snapshots (divides the hour or the day)
 * @param metricNamespace         CloudWatch namespace of SnapshotAgeSeconds
 * @param logLevel                Vault log level
 * @param dataVolumeGiB           Raft volume size
 * @param dataVolumeIops          gp3 IOPS
 * @param dataVolumeThroughput    gp3 MiB/s
 * @param auditVolumeGiB          audit volume size
 * @param nodeSelector            labels of the nodes dedicated to Vault
 * @param tolerations             tolerations for their taints (pod-spec form)
 * @param requests                resource requests (cpu, memory)
 * @param limits                  resource limits (cpu, memory)
 */
public record K8sSettings(String clusterName, String namespace, String region, int replicas, int quorum, int minQuorum,
                          String vaultImage, String vaultVersion, String awsCliImage, String sealKeyArn, String dataKeyArn,
                          String storageKmsKeyArn, String roleArn, String recoverySecretArn, String snapshotBucket,
                          String snapshotPrefix, String targetGroupArn, String nlbSecurityGroupId, List<String> nlbSubnetCidrs,
                          String leaderTlsServerName, String iamServerIdHeader, int recoveryShares, int recoveryThreshold,
                          int snapshotIntervalMinutes, String metricNamespace, String logLevel, int dataVolumeGiB,
                          int dataVolumeIops, int dataVolumeThroughput, int auditVolumeGiB, Map<String, String> nodeSelector,
                          List<Map<String, Object>> tolerations, Map<String, String> requests, Map<String, String> limits) {
    /** Helm release name; with the chart named {@code vault} it is also the chart's fullname (StatefulSet, services). */
    public static final String RELEASE = "vault";
    public static final String SERVICE_ACCOUNT = "vault";
    public static final String TLS_SECRET = "vault-tls";
    public static final String SCRIPTS_CONFIG_MAP = "vault-ops";
    /** The UID/GID the official image's {@code vault} user has; fixed so file ownership and policies can rely on it. */
    public static final int UID = 100;
    public static final int GID = 1000;
    public static final String TLS_DIR = "/vault/userconfig/" + TLS_SECRET;
    public static final String OPS_LABEL = "vault-ops";

    /** The StorageClass is cluster-scoped: one per Vault cluster. */
    public String storageClassName() {
        return clusterName + "-vault-gp3";
    }

    /** Labels the chart puts on the server pods (selector of the policies, PDB and spread constraints). */
    public static Map<String, String> serverLabels() {
        return Map.of("app.kubernetes.io/name", "vault", "app.kubernetes.io/instance", RELEASE, "component", "server");
    }

    /** Internal (headless) service of the StatefulSet: pod i is {@code vault-i.vault-internal}. */
    public static String podAddress(int i) {
        return "https://" + RELEASE + "-" + i + "." + RELEASE + "-internal:8200";
    }

    /** Service selecting the active node only (labelled through service registration). */
    public String activeAddress() {
        return "https://" + RELEASE + "-active." + namespace + ".svc:8200";
    }
}
