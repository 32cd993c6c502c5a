package io.privatevault.components.cluster;

import io.privatevault.components.support.Hcl;

import java.util.List;

/**
 * Vault's server configuration ({@code vault.hcl}) as a typed model. Per-node values are {@link NodeFact}
 * tokens filled in on the instance. The defaults that are decided (TLS 1.2+, Raft over HTTPS with a pinned
 * server name, mlock off because Raft memory-maps BoltDB) are fixed here, not options.
 *
 * @param clusterName          Vault {@code cluster_name}, also the auto-join tag value
 * @param region               AWS region (seal and auto-join)
 * @param sealKeyArn           KMS key for {@code seal "awskms"}
 * @param autoJoinTagKey       EC2 tag key that marks this cluster's instances
 * @param leaderTlsServerName  name every node's certificate carries; Raft joins verify it
 * @param paths                file locations on the node
 * @param logLevel             Vault log level
 */
public record VaultServerConfig(String clusterName, String region, String sealKeyArn, String autoJoinTagKey,
                                String leaderTlsServerName, NodePaths paths, String logLevel) {
    public static final int API_PORT = 8200;
    public static final int CLUSTER_PORT = 8201;
    public static final String TLS_MIN_VERSION = "tls12";

    /** go-discover's AWS provider string: instances tagged for this cluster, by private address. */
    public String autoJoin() {
        return "provider=aws region=" + region + " tag_key=" + autoJoinTagKey + " tag_value=" + clusterName
                + " addr_type=private_v4";
    }

    public Hcl.Body toHcl() {
        String ip = NodeFact.PRIVATE_IP.token();
        return Hcl.body()
                .attr("cluster_name", clusterName)
                .attr("api_addr", "https://" + ip + ":" + API_PORT)
                .attr("cluster_addr", "https://" + ip + ":" + CLUSTER_PORT)
                // Raft memory-maps its BoltDB files; mlock would pin them. HashiCorp: disable mlock, turn swap off.
                .attr("disable_mlock", true)
                .attr("ui", true)
                .attr("log_level", logLevel)
                .block("storage", List.of("raft"), Hcl.body()
                        .attr("path", paths.raftData())
                        .attr("node_id", NodeFact.INSTANCE_ID.token())
                        // 1 = the tightest (production) Raft timing; the default 5 is for development.
                        .attr("performance_multiplier", 1)
                        .attr("autopilot_redundancy_zone", NodeFact.AVAILABILITY_ZONE.token())
                        .block("retry_join", Hcl.body()
                                .attr("auto_join", autoJoin())
                                .attr("auto_join_scheme", "https")
                                .attr("auto_join_port", API_PORT)
                                .attr("leader_tls_servername", leaderTlsServerName)
                                .attr("leader_ca_cert_file", paths.caCert())
                                .build())
                        .build())
                .block("listener", List.of("tcp"), Hcl.body()
                        .attr("address", "0.0.0.0:" + API_PORT)
                        .attr("cluster_address", "0.0.0.0:" + CLUSTER_PORT)
                        .attr("tls_cert_file", paths.nodeCert())
                        .attr("tls_key_file", paths.nodeKey())
                        .attr("tls_min_version", TLS_MIN_VERSION)
                        .block("telemetry", Hcl.body().attr("unauthenticated_metrics_access", false).build())
                        .build())
                .block("seal", List.of("awskms"), Hcl.body()
                        .attr("region", region)
                        .attr("kms_key_id", sealKeyArn)
                        .build())
                .block("telemetry", Hcl.body()
                        // Metrics at /v1/sys/metrics (token required); one series per cluster, not per host.
                        .attr("prometheus_retention_time", "60s")
                        .attr("disable_hostname", true)
                        .build())
                .build();
    }

    public String render() {
        return "# Rendered by private-vault (VaultRaftCluster). " + tokensNote() + "\n" + toHcl().render();
    }

    private static String tokensNote() {
        var tokens = new StringBuilder();
        for (NodeFact fact : NodeFact.values()) {
            tokens.append(tokens.isEmpty() ? "" : ", ").append(fact.token());
        }
        return "prepare.sh replaces " + tokens + " from instance metadata.";
    }
}
