package io.privatevault.components.cluster.k8s;

import io.privatevault.components.cluster.ClusterAlarms;
import io.privatevault.components.cluster.VaultTelemetry;

import java.util.List;
import java.util.Map;

import static io.privatevault.components.cluster.k8s.HelmValues.map;

/**
 * Vault's telemetry alerts on Kubernetes: the chart's ServiceMonitor lets the cluster's Prometheus scrape
 * {@code /v1/sys/metrics?format=prometheus} on the active pod (the {@code vault-active} service), and these rules, which
 * the chart installs as a PrometheusRule, raise in the cluster's Alertmanager the conditions EC2 alarms on in CloudWatch
 * ({@link ClusterAlarms}): the same metrics ({@link VaultTelemetry}), thresholds and durations, one datapoint a minute.
 *
 * <p>Where CloudWatch treats missing data as breaching, the rule alerts on the absence of a healthy value
 * ({@code absent(... >= 1)}): no active pod (so no endpoint behind {@code vault-active}) and a scrape that fails (an
 * expired metrics token, a NetworkPolicy that blocks Prometheus) alert instead of going quiet. Vault's Prometheus sink
 * drops a series not updated within {@code prometheus_retention_time}, so an audit-failure series that is present
 * means a failure within the last minute, as the agent's per-scrape increase does on EC2.
 *
 * <p>Not here: the certificate-expiry alarm. On EC2 a node timer publishes the days left; Vault itself emits no metric
 * for its listener certificate, and the pods run no such timer.
 *
 * @param namespace Vault's namespace: Prometheus labels every scraped series with its target's namespace
 */
public record PrometheusAlerts(String namespace) {
    /** Alert severities, as the label kube-prometheus-stack's Alertmanager routes on. */
    static final String CRITICAL = "critical";
    static final String WARNING = "warning";

    /** The series of this Vault: Prometheus's {@code namespace} target label, never one Vault exports itself. */
    String series(VaultTelemetry.Metric metric) {
        String quantile = metric.quantile() == null ? "" : ",quantile=\"" + metric.quantile() + "\"";
        return metric.prometheus() + "{namespace=\"" + namespace + "\"" + quantile + "}";
    }

    /** No series at or above 1: the condition, or nothing reported at all (missing data breaching). */
    private String belowOne(String aggregate, VaultTelemetry.Metric metric) {
        return "absent(" + aggregate + "(" + series(metric) + ") >= 1)";
    }

    /** The rules, in the chart's {@code serverTelemetry.prometheusRules.rules} form (Prometheus alerting rules). */
    public List<Map<String, Object>> rules() {
        String auditRequest = "sum(" + series(VaultTelemetry.AUDIT_REQUEST_FAILURE) + ") > 0";
        String auditResponse = "sum(" + series(VaultTelemetry.AUDIT_RESPONSE_FAILURE) + ") > 0";
        // CloudWatch's "M of N datapoints": minutes above the threshold, one sample a minute, over the window.
        String commit = "count_over_time((max(" + series(VaultTelemetry.RAFT_COMMIT_TIME) + ") > " + (long) ClusterAlarms.RAFT_COMMIT_P99_MS
                + ")[" + ClusterAlarms.RAFT_COMMIT_WINDOW_MINUTES + "m:1m]) >= " + ClusterAlarms.RAFT_COMMIT_BREACHING_MINUTES;
        return List.of(
                rule("VaultNoActiveNode", belowOne("max", VaultTelemetry.CORE_ACTIVE), ClusterAlarms.NO_ACTIVE_NODE_MINUTES, CRITICAL,
                        "No Vault pod is active (leadership lost and not re-established), or Prometheus cannot scrape the active pod"),
                rule("VaultAutopilotUnhealthy", belowOne("min", VaultTelemetry.AUTOPILOT_HEALTHY), ClusterAlarms.AUTOPILOT_UNHEALTHY_MINUTES,
                        WARNING, "Autopilot reports the Raft cluster unhealthy (or no active pod reports it)"),
                rule("VaultFaultToleranceZero", belowOne("min", VaultTelemetry.AUTOPILOT_FAILURE_TOLERANCE),
                        ClusterAlarms.FAULT_TOLERANCE_MINUTES, WARNING,
                        "The Raft cluster tolerates no further voter failure (autopilot failure tolerance 0)"),
                rule("VaultAuditRequestFailures", auditRequest, 0, CRITICAL,
                        "Every audit device failed to log a request; Vault fails the requests it cannot audit"),
                rule("VaultAuditResponseFailures", auditResponse, 0, CRITICAL,
                        "Every audit device failed to log a response; Vault fails the requests it cannot audit"),
                rule("VaultRaftCommitSlow", commit, 0, WARNING,
                        "Raft commits take more than " + (long) ClusterAlarms.RAFT_COMMIT_P99_MS + " ms (99th percentile) in "
                                + ClusterAlarms.RAFT_COMMIT_BREACHING_MINUTES + " of the last " + ClusterAlarms.RAFT_COMMIT_WINDOW_MINUTES
                                + " minutes: storage or network too slow"));
    }

    private Map<String, Object> rule(String alert, String expr, int forMinutes, String severity, String summary) {
        var rule = map("alert", alert, "expr", expr);
        if (forMinutes > 0) {
            rule.put("for", forMinutes + "m");
        }
        rule.put("labels", map("severity", severity, "namespace", namespace));
        rule.put("annotations", map("summary", summary));
        return rule;
    }
}
