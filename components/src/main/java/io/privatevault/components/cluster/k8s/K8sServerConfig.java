package io.privatevault.components.cluster.k8s;

import io.privatevault.components.support.Hcl;
import io.privatevault.components.cluster.VaultServerConfig;

import java.util.List;

/**
 * Vault's server configuration for the chart's {@code server.ha.raft.config}, from the same {@link Hcl} model as
 * on EC2. Per-pod values come from the chart's environment: {@code VAULT_API_ADDR}, {@code VAULT_CLUSTER_ADDR} and
 * {@code VAULT_RAFT_NODE_ID} (= pod name, {@code setNodeId}). Nothing here may contain the chart's sed tokens
 * (HOSTNAME, POD_IP, HOST_IP, API_ADDR, TRANSIT_ADDR, RAFT_ADDR): the chart rewrites them in place.
 */
public final class K8sServerConfig {
    static final List<String> CHART_TOKENS = List.of("HOSTNAME", "POD_IP", "HOST_IP", "API_ADDR", "TRANSIT_ADDR", "RAFT_ADDR");

    private K8sServerConfig() {
    }

    public static Hcl.Body toHcl(K8sSettings s) {
        var raft = Hcl.body()
                .attr("path", "/vault/data")
                // 1 = the tightest (production) Raft timing, as on EC2.
                .attr("performance_multiplier", 1);
        for (int i = 0; i < s.replicas(); i++) {
            // Every pod, over HTTPS, verifying the shared server name against the private CA.
            raft.block("retry_join", Hcl.body()
                    .attr("leader_api_addr", K8sSettings.podAddress(i))
                    .attr("leader_tls_servername", s.leaderTlsServerName())
                    .attr("leader_ca_cert_file", K8sSettings.TLS_DIR + "/ca.crt")
                    .build());
        }
        return Hcl.body()
                .attr("cluster_name", s.clusterName())
                // Raft memory-maps BoltDB; HashiCorp: disable mlock with integrated storage (IPC_LOCK stays for the rest).
                .attr("disable_mlock", true)
                .attr("ui", true)
                .attr("log_level", s.logLevel())
                .block("listener", List.of("tcp"), Hcl.body()
                        .attr("address", "[::]:" + VaultServerConfig.API_PORT)
                        .attr("cluster_address", "[::]:" + VaultServerConfig.CLUSTER_PORT)
                        .attr("tls_cert_file", K8sSettings.TLS_DIR + "/tls.crt")
                        .attr("tls_key_file", K8sSettings.TLS_DIR + "/tls.key")
                        .attr("tls_min_version", VaultServerConfig.TLS_MIN_VERSION)
                        .block("telemetry", Hcl.body().attr("unauthenticated_metrics_access", false).build())
                        .build())
                .block("storage", List.of("raft"), raft.build())
                .block("seal", List.of("awskms"), Hcl.body()
                        .attr("region", s.region())
                        .attr("kms_key_id", s.sealKeyArn())
                        .build())
                // Labels the pods vault-active=true|false, which the vault-active service selects.
                .block("service_registration", List.of("kubernetes"), Hcl.body().build())
                .block("telemetry", Hcl.body()
                        .attr("prometheus_retention_time", "60s")
                        .attr("disable_hostname", true)
                        .build())
                .build();
    }

    public static String render(K8sSettings s) {
        String hcl = toHcl(s).render();
        for (String token : CHART_TOKENS) {
            if (hcl.contains(token)) {
                throw new IllegalArgumentException("the Vault config contains '" + token + "', which the chart would rewrite");
            }
        }
        return hcl;
    }
}
