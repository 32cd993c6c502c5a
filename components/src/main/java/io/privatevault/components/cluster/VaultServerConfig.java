package io.privatevault.components.cluster;

import io.privatevault.components.support.Hcl;

import java.util.List;

/**
 * Vault's server configuration ({@code vault.hcl}) as one typed model, rendered the same way for both platforms:
 * the EC2 nodes get it as a file, the Kubernetes chart as {@code server.ha.raft.config}. The decided settings (TLS
 * 1.2+, Raft over HTTPS with a pinned server name, production Raft timing, mlock off because Raft memory-maps
 * BoltDB, authenticated metrics) are fixed here, not options. How nodes join and learn their own addresses is the
 * one difference, and it is the {@link RaftMembership}'s.
 *
 * @param clusterName          Vault {@code cluster_name}
 * @param logLevel             Vault log level
 * @param sealRegion           region of the seal key
 * @param sealKeyArn           KMS key of {@code seal "awskms"}
 * @param leaderTlsServerName  name every node's certificate carries; Raft joins verify it
 * @param files                where the node keeps its data and TLS material
 * @param membership           how the platform's nodes find each other and learn their addresses
 * @param loopbackMetrics      a second listener on 127.0.0.1 that serves {@code /v1/sys/metrics} without a token, for the
 *                             CloudWatch agent on the same host ({@link VaultTelemetry}); the main listener keeps
 *                             requiring one
 * @param unauthenticatedGenerateRoot {@code enable_unauthenticated_access = ["generate-root"]}: break glass only. Since
 *                             Vault 2.0 {@code sys/generate-root} needs "seal/recovery key fragments and a valid Vault
 *                             token" unless this lists it (Vault docs, "Important changes", 2.0.0)
 */
public record VaultServerConfig(String clusterName, String logLevel, String sealRegion, String sealKeyArn,
                                String leaderTlsServerName, Files files, RaftMembership membership, boolean loopbackMetrics,
                                boolean unauthenticatedGenerateRoot) {
    public static final int API_PORT = 8200;
    public static final int CLUSTER_PORT = 8201;
    public static final String TLS_MIN_VERSION = "tls12";

    /** Paths on the node (EC2) or in the pod (Kubernetes). */
    public record Files(String dataDir, String certFile, String keyFile, String caFile) {
    }

    /** The endpoint family {@code enable_unauthenticated_access} names for break glass. */
    public static final String GENERATE_ROOT = "generate-root";

    /** This configuration with the loopback metrics listener. */
    public VaultServerConfig withLoopbackMetrics() {
        return new VaultServerConfig(clusterName, logLevel, sealRegion, sealKeyArn, leaderTlsServerName, files, membership, true,
                unauthenticatedGenerateRoot);
    }

    public Hcl.Body toHcl() {
        var raft = Hcl.body()
                .attr("path", files.dataDir())
                .attr("node_id", membership.nodeId())
                // 1 = the tightest (production) Raft timing; the default 5 is for development.
                .attr("performance_multiplier", 1);
        // No autopilot_redundancy_zone: redundancy zones are Vault Enterprise ("This feature requires Vault Enterprise",
        // Vault docs, Redundancy zones), and Community Edition only logs a warning for the setting
        // (physical/raft/config.go: emitEntWarning(logger, "autopilot_redundancy_zone")).
        for (Hcl.Body target : membership.joinTargets()) {
            raft.block("retry_join", Hcl.body()
                    .all(target)
                    // Over HTTPS, verifying the shared server name against the private CA.
                    .attr("leader_tls_servername", leaderTlsServerName)
                    .attr("leader_ca_cert_file", files.caFile())
                    .build());
        }
        String host = membership.advertisedHost();
        var config = Hcl.body();
        if (membership.note() != null) {
            config.comment(membership.note());
        }
        config.attr("cluster_name", clusterName)
                .attr("api_addr", host == null ? null : "https://" + host + ":" + API_PORT)
                .attr("cluster_addr", host == null ? null : "https://" + host + ":" + CLUSTER_PORT)
                // Raft memory-maps its BoltDB files; mlock would pin them. HashiCorp: disable mlock, turn swap off.
                .attr("disable_mlock", true)
                .attr("ui", true)
                .attr("log_level", logLevel)
                .attr("enable_unauthenticated_access", unauthenticatedGenerateRoot ? List.of(GENERATE_ROOT) : null)
                .block("storage", List.of("raft"), raft.build())
                .block("listener", List.of("tcp"), Hcl.body()
                        .attr("address", membership.listenHost() + ":" + API_PORT)
                        .attr("cluster_address", membership.listenHost() + ":" + CLUSTER_PORT)
                        .attr("tls_cert_file", files.certFile())
                        .attr("tls_key_file", files.keyFile())
                        .attr("tls_min_version", TLS_MIN_VERSION)
                        .block("telemetry", Hcl.body().attr("unauthenticated_metrics_access", false).build())
                        .build());
        if (loopbackMetrics) {
            // Reachable from this host only: the CloudWatch agent scrapes Vault's metrics here without a token.
            config.block("listener", List.of("tcp"), Hcl.body()
                    .attr("address", "127.0.0.1:" + VaultTelemetry.LISTENER_PORT)
                    .attr("cluster_address", "127.0.0.1:" + VaultTelemetry.LISTENER_CLUSTER_PORT)
                    .attr("tls_cert_file", files.certFile())
                    .attr("tls_key_file", files.keyFile())
                    .attr("tls_min_version", TLS_MIN_VERSION)
                    .block("telemetry", Hcl.body().attr("unauthenticated_metrics_access", true).build())
                    .build());
        }
        config
                .block("seal", List.of("awskms"), Hcl.body()
                        .attr("region", sealRegion)
                        .attr("kms_key_id", sealKeyArn)
                        .build());
        if (membership.registersWithKubernetes()) {
            // Labels the pods vault-active=true|false, which the vault-active service selects.
            config.block("service_registration", List.of("kubernetes"), Hcl.body().build());
        }
        return config.block("telemetry", Hcl.body()
                        // Metrics at /v1/sys/metrics; one series per cluster, not per host.
                        .attr("prometheus_retention_time", "60s")
                        .attr("disable_hostname", true)
                        .build())
                .build();
    }

    public String render() {
        String hcl = toHcl().render();
        membership.check(hcl);
        return hcl;
    }
}
