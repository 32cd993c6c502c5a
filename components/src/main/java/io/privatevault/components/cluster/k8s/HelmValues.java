package io.privatevault.components.cluster.k8s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values for HashiCorp's {@code vault} chart, as a typed model: each record is one decision, and {@link #toMap()}
 * is the only place that knows the chart's value names (listed, with the chart version, in the test resource
 * {@code vault-chart-values.txt}).
 */
public record HelmValues(Image image, Pod pod, Placement placement, Storage data, Storage audit, Ha ha, String roleArn,
                         Map<String, String> environment) {

    public record Image(String repository, String tag) {
    }

    /** Resources, and the container hardening: non-root fixed UID, read-only root, no capability but IPC_LOCK. */
    public record Pod(Map<String, String> requests, Map<String, String> limits, int uid, int gid) {
        Map<String, Object> podSecurityContext() {
            return map("runAsNonRoot", true, "runAsUser", uid, "runAsGroup", gid, "fsGroup", gid,
                    "seccompProfile", map("type", "RuntimeDefault"));
        }

        Map<String, Object> containerSecurityContext() {
            return map("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true, "runAsNonRoot", true,
                    "capabilities", map("drop", List.of("ALL"), "add", List.of("IPC_LOCK")));
        }
    }

    /** One pod per node (required), spread over zones (required), on the dedicated nodes only. */
    public record Placement(Map<String, String> nodeSelector, List<Map<String, Object>> tolerations) {
        Map<String, Object> affinity() {
            return map("podAntiAffinity", map("requiredDuringSchedulingIgnoredDuringExecution", List.of(
                    map("labelSelector", map("matchLabels", K8sSettings.serverLabels()), "topologyKey", "kubernetes.io/hostname"))));
        }

        List<Map<String, Object>> topologySpreadConstraints() {
            return List.of(map("maxSkew", 1, "topologyKey", "topology.kubernetes.io/zone", "whenUnsatisfiable", "DoNotSchedule",
                    "labelSelector", map("matchLabels", K8sSettings.serverLabels())));
        }
    }

    public record Storage(int sizeGiB, String storageClass, String mountPath) {
        Map<String, Object> toMap() {
            return map("enabled", true, "size", sizeGiB + "Gi", "storageClass", storageClass, "accessMode", "ReadWriteOnce",
                    "mountPath", mountPath);
        }
    }

    /** HA with Raft; the budget lets one pod go at a time, so voluntary evictions never cost quorum. */
    public record Ha(int replicas, String raftConfig) {
    }

    public static HelmValues from(K8sSettings s) {
        var env = new LinkedHashMap<String, String>();
        env.put("VAULT_CACERT", K8sSettings.TLS_DIR + "/ca.crt");
        env.put("AWS_REGION", s.region());
        return new HelmValues(new Image(s.vaultImage(), s.vaultVersion()),
                new Pod(s.requests(), s.limits(), K8sSettings.UID, K8sSettings.GID),
                new Placement(s.nodeSelector(), s.tolerations()),
                new Storage(s.dataVolumeGiB(), s.storageClassName(), "/vault/data"),
                new Storage(s.auditVolumeGiB(), s.storageClassName(), "/vault/audit"),
                new Ha(s.replicas(), K8sServerConfig.render(s)), s.roleArn(), env);
    }

    public Map<String, Object> toMap() {
        var server = new LinkedHashMap<String, Object>();
        server.put("image", map("repository", image.repository(), "tag", image.tag()));
        // OnDelete: the operator replaces standbys first and the active node last (see the runbook).
        server.put("updateStrategyType", "OnDelete");
        server.put("logFormat", "json");
        server.put("resources", map("requests", pod.requests(), "limits", pod.limits()));
        server.put("statefulSet", map("securityContext", map("pod", pod.podSecurityContext(), "container", pod.containerSecurityContext())));
        server.put("affinity", placement.affinity());
        server.put("topologySpreadConstraints", placement.topologySpreadConstraints());
        server.put("nodeSelector", placement.nodeSelector());
        server.put("tolerations", placement.tolerations());
        server.put("extraEnvironmentVars", environment);
        server.put("volumes", List.of(
                map("name", K8sSettings.TLS_SECRET, "secret", map("secretName", K8sSettings.TLS_SECRET, "defaultMode", 0440)),
                // The chart copies its config to /tmp; with a read-only root that needs a writable (memory) /tmp.
                map("name", "tmp", "emptyDir", map("medium", "Memory", "sizeLimit", "16Mi")),
                map("name", "entrypoint", "configMap", map("name", K8sSettings.SCRIPTS_CONFIG_MAP, "defaultMode", 0555,
                        "items", List.of(map("key", "entrypoint.sh", "path", "entrypoint.sh"))))));
        server.put("volumeMounts", List.of(
                map("name", K8sSettings.TLS_SECRET, "mountPath", K8sSettings.TLS_DIR, "readOnly", true),
                map("name", "tmp", "mountPath", "/tmp"),
                // Replaces the image's entrypoint, which the chart calls last: it sets RLIMIT_CORE to 0 and execs Vault,
                // so Vault runs as PID 1 (the chart's sh -c execs its last command) without core dumps.
                map("name", "entrypoint", "mountPath", Manifests.ENTRYPOINT_PATH, "subPath", "entrypoint.sh", "readOnly", true)));
        server.put("dataStorage", data.toMap());
        server.put("auditStorage", audit.toMap());
        server.put("serviceAccount", map("create", true, "name", K8sSettings.SERVICE_ACCOUNT,
                "annotations", map("eks.amazonaws.com/role-arn", roleArn),
                // The component's own Role grants exactly what service registration needs.
                "serviceDiscovery", map("enabled", false)));
        // No TokenReview rights: nothing in this cluster logs in to this Vault with Kubernetes auth.
        server.put("authDelegator", map("enabled", false));
        server.put("ha", map("enabled", true, "replicas", ha.replicas(),
                "raft", map("enabled", true, "setNodeId", true, "config", ha.raftConfig()),
                "disruptionBudget", map("enabled", true, "maxUnavailable", 1)));
        server.put("networkPolicy", map("enabled", false));

        var values = new LinkedHashMap<String, Object>();
        // TLS end to end: the pods serve HTTPS; nothing terminates TLS before them.
        values.put("global", map("enabled", true, "tlsDisable", false));
        values.put("injector", map("enabled", false));
        values.put("csi", map("enabled", false));
        values.put("ui", map("enabled", false));
        values.put("server", server);
        return values;
    }

    /** An insertion-ordered map from alternating keys and values (stable YAML output). */
    static Map<String, Object> map(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
