package io.privatevault.components.cluster.k8s;

import io.privatevault.components.cluster.NodeSpec;
import io.privatevault.components.cluster.RaftMembership;
import io.privatevault.components.cluster.VaultServerConfig;
import io.privatevault.components.cluster.VaultTelemetry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values for HashiCorp's {@code vault} chart, from the node spec and the deployment: {@link #toMap()} is the only
 * place that knows the chart's value names (listed, with the chart version, in the test resource
 * {@code vault-chart-values.txt}).
 *
 * @param deployment   namespace, replicas, image, storage, placement and resources
 * @param storageClass the StorageClass of both volumes
 * @param serverConfig the same server configuration as on EC2, with the chart's pods joining each other
 * @param roleArn      the IRSA role of the service account
 * @param region       AWS region (the seal and the CLI)
 */
public record HelmValues(KubernetesDeployment deployment, String storageClass, VaultServerConfig serverConfig, String roleArn,
                         String region) {

    public static HelmValues from(NodeSpec spec, KubernetesDeployment k) {
        return new HelmValues(k, k.storageClassName(spec.clusterName()), serverConfig(spec, k), spec.nodeRoleArn(), spec.region());
    }

    /** The node spec's server configuration with the chart's addressing and the TLS secret's mount. */
    public static VaultServerConfig serverConfig(NodeSpec spec, KubernetesDeployment k) {
        return spec.serverConfig(new RaftMembership.ChartPods(Chart.RELEASE, k.replicas()),
                new VaultServerConfig.Files(Chart.DATA_DIR, Chart.TLS_DIR + "/tls.crt", Chart.TLS_DIR + "/tls.key",
                        Chart.TLS_DIR + "/ca.crt"));
    }

    /** Non-root with a fixed UID, seccomp RuntimeDefault. */
    static Map<String, Object> podSecurityContext() {
        return map("runAsNonRoot", true, "runAsUser", Chart.UID, "runAsGroup", Chart.GID, "fsGroup", Chart.GID,
                "seccompProfile", map("type", "RuntimeDefault"));
    }

    /** Read-only root, no privilege escalation, no capability but IPC_LOCK. */
    static Map<String, Object> containerSecurityContext() {
        return map("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true, "runAsNonRoot", true,
                "capabilities", map("drop", List.of("ALL"), "add", List.of("IPC_LOCK")));
    }

    /** One pod per node (required). */
    static Map<String, Object> affinity() {
        return map("podAntiAffinity", map("requiredDuringSchedulingIgnoredDuringExecution", List.of(
                map("labelSelector", map("matchLabels", Chart.serverLabels()), "topologyKey", "kubernetes.io/hostname"))));
    }

    /** Spread over zones (required). */
    static List<Map<String, Object>> topologySpreadConstraints() {
        return List.of(map("maxSkew", 1, "topologyKey", "topology.kubernetes.io/zone", "whenUnsatisfiable", "DoNotSchedule",
                "labelSelector", map("matchLabels", Chart.serverLabels())));
    }

    private Map<String, Object> storage(int sizeGiB, String mountPath) {
        return map("enabled", true, "size", sizeGiB + "Gi", "storageClass", storageClass, "accessMode", "ReadWriteOnce",
                "mountPath", mountPath);
    }

    /**
     * Off unless the cluster runs the Prometheus Operator (its CRDs must exist). On: the active pod is scraped over TLS,
     * verified with the cluster CA for the {@code vault-active} name its certificate carries, with a bearer token: the API
     * listener keeps {@code unauthenticated_metrics_access = false}, because the NLB's clients reach the same port.
     */
    Map<String, Object> serverTelemetry() {
        var monitoring = deployment.monitoring();
        if (!monitoring.prometheusOperator()) {
            return map("serviceMonitor", map("enabled", false), "prometheusRules", map("enabled", false));
        }
        return map(
                "serviceMonitor", map("enabled", true,
                        "interval", VaultTelemetry.SCRAPE_INTERVAL_SECONDS + "s",
                        "tlsConfig", map("ca", map("secret", map("name", Chart.TLS_SECRET, "key", "ca.crt")),
                                "serverName", Chart.RELEASE + "-active." + deployment.namespace() + ".svc"),
                        "authorization", map("type", "Bearer",
                                "credentials", map("name", Chart.METRICS_TOKEN_SECRET, "key", "token"))),
                "prometheusRules", map("enabled", true, "rules", new PrometheusAlerts(deployment.namespace()).rules()));
    }

    public Map<String, Object> toMap() {
        var k = deployment;
        var environment = new LinkedHashMap<String, String>();
        environment.put("VAULT_CACERT", Chart.TLS_DIR + "/ca.crt");
        environment.put("AWS_REGION", region);
        // STS through the VPC's regional endpoint: the global one has public addresses, which the egress policy refuses.
        environment.put("AWS_STS_REGIONAL_ENDPOINTS", "regional");
        var server = new LinkedHashMap<String, Object>();
        server.put("image", map("repository", k.vault().repository(), "tag", k.vault().tag()));
        // OnDelete: the operator replaces standbys first and the active node last (see the runbook).
        server.put("updateStrategyType", "OnDelete");
        server.put("logFormat", "json");
        server.put("resources", map("requests", k.resources().requests(), "limits", k.resources().limits()));
        server.put("statefulSet", map("securityContext", map("pod", podSecurityContext(), "container", containerSecurityContext())));
        server.put("affinity", affinity());
        server.put("topologySpreadConstraints", topologySpreadConstraints());
        server.put("nodeSelector", k.placement().nodeSelector());
        server.put("tolerations", k.placement().tolerations());
        server.put("extraEnvironmentVars", environment);
        server.put("volumes", List.of(
                map("name", Chart.TLS_SECRET, "secret", map("secretName", Chart.TLS_SECRET, "defaultMode", 0440)),
                // The chart copies its config to /tmp; with a read-only root that needs a writable (memory) /tmp.
                map("name", "tmp", "emptyDir", map("medium", "Memory", "sizeLimit", "16Mi")),
                map("name", "entrypoint", "configMap", map("name", Chart.SCRIPTS_CONFIG_MAP, "defaultMode", 0555,
                        "items", List.of(map("key", "entrypoint.sh", "path", "entrypoint.sh"))))));
        server.put("volumeMounts", List.of(
                map("name", Chart.TLS_SECRET, "mountPath", Chart.TLS_DIR, "readOnly", true),
                map("name", "tmp", "mountPath", "/tmp"),
                // Replaces the image's entrypoint, which the chart calls last: it sets RLIMIT_CORE to 0 and execs Vault,
                // so Vault runs as PID 1 (the chart's sh -c execs its last command) without core dumps.
                map("name", "entrypoint", "mountPath", Manifests.ENTRYPOINT_PATH, "subPath", "entrypoint.sh", "readOnly", true)));
        server.put("dataStorage", storage(k.storage().dataGiB(), Chart.DATA_DIR));
        server.put("auditStorage", storage(k.storage().auditGiB(), Chart.AUDIT_DIR));
        server.put("serviceAccount", map("create", true, "name", Chart.SERVICE_ACCOUNT,
                "annotations", map("eks.amazonaws.com/role-arn", roleArn),
                // The component's own Role grants exactly what service registration needs.
                "serviceDiscovery", map("enabled", false)));
        // No TokenReview rights: nothing in this cluster logs in to this Vault with Kubernetes auth.
        server.put("authDelegator", map("enabled", false));
        // HA with Raft; the budget lets one pod go at a time, so voluntary evictions never cost quorum.
        server.put("ha", map("enabled", true, "replicas", k.replicas(),
                "raft", map("enabled", true, "setNodeId", true, "config", serverConfig.render()),
                "disruptionBudget", map("enabled", true, "maxUnavailable", 1)));
        server.put("networkPolicy", map("enabled", false));

        var values = new LinkedHashMap<String, Object>();
        // TLS end to end: the pods serve HTTPS; nothing terminates TLS before them.
        values.put("global", map("enabled", true, "tlsDisable", false));
        values.put("injector", map("enabled", false));
        values.put("csi", map("enabled", false));
        values.put("ui", map("enabled", false));
        values.put("server", server);
        values.put("serverTelemetry", serverTelemetry());
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
