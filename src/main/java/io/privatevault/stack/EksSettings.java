package io.privatevault.stack;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The {@code kubernetesPlatform} setting: the EKS cluster Vault runs on with platform kubernetes, as the stack
 * file writes it. Fields left out take the defaults of {@code VaultKubernetesPlatformArgs} (namespace vault, the
 * chart version the component pins, 1/2 CPU and 4Gi requests/limits). Its kubeconfig is a separate secret setting
 * ({@code vaultClusterKubeconfig}). {@code ebsCsiRoleArn} is the cluster's EBS CSI driver role: the data key, which
 * encrypts Vault's volumes, admits it through EC2, so it is required. {@code serviceCidr} is the cluster's Service
 * range, where Vault's pods reach DNS and the Kubernetes API. {@code prometheusOperator} (default false) installs
 * the chart's ServiceMonitor and PrometheusRule, whose CRDs the cluster must have.
 */
public record EksSettings(@JsonProperty(required = true) String oidcProviderArn, @JsonProperty(required = true) String oidcIssuerUrl,
                          @JsonProperty(required = true) String ebsCsiRoleArn, String namespace, String chartVersion, Map<String, String> nodeSelector, List<Toleration> tolerations,
                          Resources resources, @JsonProperty(required = true) String serviceCidr, Boolean prometheusOperator,
                          String prometheusNamespace) {
    public EksSettings {
        nodeSelector = nodeSelector == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodeSelector));
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        resources = resources == null ? new Resources(null, null) : resources;
    }

    /** A toleration of the Vault pods for the taints of their dedicated nodes. */
    public record Toleration(@JsonProperty(required = true) String key, String operator, String value, String effect) {
    }

    /** Pod requests and limits; what is left out takes the component's default. */
    public record Resources(Quantities requests, Quantities limits) {
        public Resources {
            requests = requests == null ? new Quantities(null, null) : requests;
            limits = limits == null ? new Quantities(null, null) : limits;
        }
    }

    public record Quantities(String cpu, String memory) {
    }
}
