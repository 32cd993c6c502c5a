package io.privatevault.components.cluster;

import java.util.List;

/**
 * Which of Vault's own metrics reach CloudWatch, and how. The one place that names them: the CloudWatch agent's
 * Prometheus scrape (what it keeps, what becomes a CloudWatch metric), the alarms and the dashboard all read this.
 *
 * <p>Vault serves its metrics at {@code /v1/sys/metrics?format=prometheus} ("Vault telemetry", Prometheus sink: dots
 * become underscores, so {@code vault.core.active} is {@code vault_core_active}, with {@code disable_hostname} no host
 * prefix). The endpoint needs a token unless the listener's {@code telemetry} stanza sets
 * {@code unauthenticated_metrics_access}; so the EC2 nodes get a second listener bound to 127.0.0.1 only
 * ({@link #LISTENER_PORT}) that allows it, and the main listener keeps requiring a token. Only processes on the node
 * (the agent runs as root) reach the loopback address.
 */
public final class VaultTelemetry {
    /** The loopback listener the agent scrapes; nothing outside the host reaches it. */
    public static final int LISTENER_PORT = 8202;
    /**
     * Its cluster address. Vault opens a cluster listener for every tcp listener (default: its port + 1); named here so
     * the reader sees it, and so it is loopback too.
     */
    public static final int LISTENER_CLUSTER_PORT = 8203;
    /** Prometheus job name; the agent's metric declarations match on it. */
    public static final String JOB = "vault";
    /** Seconds between scrapes: one datapoint per node per minute, CloudWatch's standard resolution. */
    public static final int SCRAPE_INTERVAL_SECONDS = 60;
    /** Days the agent's raw EMF events are kept: they only back the metrics, which CloudWatch keeps 15 months. */
    public static final int EVENT_RETENTION_DAYS = 14;

    /**
     * One of Vault's documented metrics.
     *
     * @param vaultName  the name in Vault's telemetry reference
     * @param doc        the reference page that documents it
     * @param prometheus the series name on {@code /v1/sys/metrics?format=prometheus}
     * @param quantile   for a summary, the one quantile collected (its {@code quantile} label), else null
     * @param unit       CloudWatch unit
     */
    public record Metric(String vaultName, String doc, String prometheus, String quantile, String unit) {
        /** The CloudWatch metric name: the Prometheus series name, as the agent publishes it. */
        public String cloudWatchName() {
            return prometheus;
        }
    }

    private static final String DOCS = "https://developer.hashicorp.com/vault/docs/internals/telemetry/metrics/";

    /** "gauge, boolean: Indicates whether the Vault node is active" (1 active, 0 standby); every node emits it. */
    public static final Metric CORE_ACTIVE = new Metric("vault.core.active", DOCS + "core-system", "vault_core_active", null, "Count");
    /** Autopilot's view of the cluster (1 healthy); emitted by the active node only. */
    public static final Metric AUTOPILOT_HEALTHY = new Metric("vault.autopilot.healthy", DOCS + "raft", "vault_autopilot_healthy", null, "Count");
    /** How many voters the cluster can lose and keep quorum; emitted by the active node only. */
    public static final Metric AUTOPILOT_FAILURE_TOLERANCE = new Metric("vault.autopilot.failure_tolerance", DOCS + "raft",
            "vault_autopilot_failure_tolerance", null, "Count");
    /**
     * "counter: The number of audit log request failures across all devices ... Any increase in this counter indicates
     * that all the configured audit devices failed to log a request ... the original request will fail." The agent
     * publishes counters as the increase since the last scrape; the series exists only after the first failure.
     */
    public static final Metric AUDIT_REQUEST_FAILURE = new Metric("vault.audit.log_request_failure", DOCS + "audit",
            "vault_audit_log_request_failure", null, "Count");
    /** The same for responses. */
    public static final Metric AUDIT_RESPONSE_FAILURE = new Metric("vault.audit.log_response_failure", DOCS + "audit",
            "vault_audit_log_response_failure", null, "Count");
    /** "summary, ms: Time required to commit a new entry to the raft log on the leader node"; its 99th percentile. */
    public static final Metric RAFT_COMMIT_TIME = new Metric("vault.raft.commitTime", DOCS + "raft", "vault_raft_commitTime", "0.99",
            "Milliseconds");

    public static final List<Metric> COLLECTED = List.of(CORE_ACTIVE, AUTOPILOT_HEALTHY, AUTOPILOT_FAILURE_TOLERANCE,
            AUDIT_REQUEST_FAILURE, AUDIT_RESPONSE_FAILURE, RAFT_COMMIT_TIME);

    /** Published by the node scripts themselves (put-metric-data), not by Vault. */
    public static final String SNAPSHOT_AGE = "SnapshotAgeSeconds";
    public static final String SNAPSHOT_VERIFIED = "SnapshotVerified";
    public static final String SNAPSHOT_INDEX = "SnapshotIndex";
    public static final String SEAL_KEY_ENABLED = "SealKeyEnabled";
    public static final String CERTIFICATE_DAYS_LEFT = "CertificateDaysToExpiry";
    /** The one dimension of every metric above: series of all nodes meet in one metric, read with Minimum/Maximum/Sum. */
    public static final String DIMENSION = "ClusterName";

    private VaultTelemetry() {
    }

    /** The Prometheus series the agent keeps (everything else is dropped at the scrape, before it costs anything). */
    public static String keptSeriesRegex() {
        return "(" + String.join("|", COLLECTED.stream().map(Metric::prometheus).toList()) + ")";
    }

    /** How many CloudWatch custom metrics the nodes publish for one cluster (each metric name with its one dimension). */
    public static int customMetricCount(boolean ec2) {
        int fromScripts = ec2 ? 5 : 3; // seal key and certificate checks run on EC2 nodes only
        return (ec2 ? COLLECTED.size() : 0) + fromScripts;
    }
}
