package io.privatevault.components.cluster.k8s;

/** Facts about HashiCorp's chart and Kubernetes quantities the Args check against (Args may not hold static fields). */
public final class Chart {
    /** The chart version the values model and the documented-values list were checked against (appVersion 1.20.4). */
    public static final String DEFAULT_VERSION = "0.31.0";
    public static final String CPU_QUANTITY = "[1-9][0-9]*m|[0-9]+(\\.[0-9]+)?";
    public static final String MEMORY_QUANTITY = "[1-9][0-9]*(Mi|Gi)";

    private Chart() {
    }
}
