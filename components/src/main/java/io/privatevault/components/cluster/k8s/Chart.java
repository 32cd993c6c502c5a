package io.privatevault.components.cluster.k8s;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Facts about HashiCorp's chart as this component installs it (release and object names, the image's user, where
 * TLS material is mounted), and the Kubernetes quantities the Args check against (Args may not hold static fields).
 */
public final class Chart {
    /**
     * The chart version the values model and the documented-values list were checked against: the newest release of
     * hashicorp/vault-helm (0.34.1, 2026-08-13, appVersion 2.0.4, "Tested with Vault v2.0.4, v1.21.9, v1.20.14,
     * v1.19.20" in its CHANGELOG). The image tag is the cluster's {@code vaultVersion}, not the chart's appVersion.
     */
    public static final String DEFAULT_VERSION = "0.34.1";
    public static final String REPOSITORY = "https://helm.releases.hashicorp.com";
    public static final String CPU_QUANTITY = "[1-9][0-9]*m|[0-9]+(\\.[0-9]+)?";
    public static final String MEMORY_QUANTITY = "[1-9][0-9]*(Mi|Gi)";

    /** Helm release name; with the chart named {@code vault} it is also the chart's fullname (StatefulSet, services). */
    public static final String RELEASE = "vault";
    public static final String SERVICE_ACCOUNT = "vault";
    public static final String TLS_SECRET = "vault-tls";
    public static final String SCRIPTS_CONFIG_MAP = "vault-ops";
    /** Secret (key {@code token}) with the Vault token Prometheus presents to read {@code sys/metrics}; the operator creates it. */
    public static final String METRICS_TOKEN_SECRET = "vault-metrics-token";
    /** The UID/GID the official image's {@code vault} user has; fixed so file ownership and policies can rely on it. */
    public static final int UID = 100;
    public static final int GID = 1000;
    public static final String TLS_DIR = "/vault/userconfig/" + TLS_SECRET;
    public static final String DATA_DIR = "/vault/data";
    public static final String AUDIT_DIR = "/vault/audit";
    public static final String OPS_LABEL = "vault-ops";

    private Chart() {
    }

    /** Labels the chart puts on the server pods (selector of the policies, PDB and spread constraints), in a fixed order. */
    public static Map<String, String> serverLabels() {
        var labels = new LinkedHashMap<String, String>();
        labels.put("app.kubernetes.io/name", "vault");
        labels.put("app.kubernetes.io/instance", RELEASE);
        labels.put("component", "server");
        return labels;
    }
}
