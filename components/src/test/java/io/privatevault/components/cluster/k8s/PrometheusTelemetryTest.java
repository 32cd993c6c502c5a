package io.privatevault.components.cluster.k8s;

import io.privatevault.components.cluster.ClusterAlarms;
import io.privatevault.components.cluster.VaultTelemetry;
import io.privatevault.components.testing.MockRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static io.privatevault.components.cluster.k8s.KubernetesPlatformTest.at;
import static io.privatevault.components.cluster.k8s.KubernetesPlatformTest.yaml;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Vault's telemetry on Kubernetes through the chart's ServiceMonitor and PrometheusRule (vault-helm 0.34.1,
 * {@code templates/prometheus-servicemonitor.yaml}, {@code templates/prometheus-prometheusrules.yaml}): off unless the
 * cluster runs the Prometheus Operator; on, the same conditions, metrics and thresholds as the EC2 CloudWatch alarms.
 */
class PrometheusTelemetryTest {
    static Map<String, Object> values;
    static Map<String, String> files;
    static Map<String, Object> defaults;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void runOnce() {
        MockRun.Result run = K8sFixture.run(K8sFixture.args().kubernetes(K8sFixture.platform().prometheusOperator(true).build()));
        assertFalse(run.failed(), run.errors().toString());
        files = (Map<String, String>) run.outputs().get("renderedFiles");
        values = (Map<String, Object>) yaml(files.get("k8s/values.yaml"));
        MockRun.Result off = K8sFixture.run(K8sFixture.args());
        assertFalse(off.failed(), off.errors().toString());
        defaults = (Map<String, Object>) yaml(((Map<String, String>) off.outputs().get("renderedFiles")).get("k8s/values.yaml"));
    }

    /** Values with the Prometheus Operator on, for the chart-names test. */
    static Map<String, Object> values() {
        if (values == null) {
            runOnce();
        }
        return values;
    }

    @Test
    void offByDefaultBecauseTheChartFailsWithoutTheOperatorsCrds() {
        // values.yaml: "The Prometheus operator *must* be installed before enabling this feature, if not the chart will
        // fail to install due to missing CustomResourceDefinitions provided by the operator."
        var off = defaults;
        assertEquals(Map.of("serviceMonitor", Map.of("enabled", false), "prometheusRules", Map.of("enabled", false)),
                at(off, "serverTelemetry"));
    }

    @Test
    void theActivePodIsScrapedOverVerifiedTlsWithAToken() {
        assertEquals(true, at(values, "serverTelemetry.serviceMonitor.enabled"));
        assertEquals(VaultTelemetry.SCRAPE_INTERVAL_SECONDS + "s", at(values, "serverTelemetry.serviceMonitor.interval"));
        // Without tlsConfig the chart renders insecureSkipVerify: true; ours verifies with the cluster CA the pods serve
        // (the TLS Secret's ca.crt) and the active service's name, which the node certificate carries.
        assertEquals(Map.of("secret", Map.of("name", Chart.TLS_SECRET, "key", "ca.crt")), at(values, "serverTelemetry.serviceMonitor.tlsConfig.ca"));
        String serverName = (String) at(values, "serverTelemetry.serviceMonitor.tlsConfig.serverName");
        assertTrue(KubernetesPlatform.extraDnsNames("vault").contains(serverName), serverName);
        assertNull(at(values, "serverTelemetry.serviceMonitor.tlsConfig.insecureSkipVerify"));
        // SafeAuthorization: type Bearer (the default), credentials from a Secret in the ServiceMonitor's namespace.
        assertEquals("Bearer", at(values, "serverTelemetry.serviceMonitor.authorization.type"));
        assertEquals(Map.of("name", Chart.METRICS_TOKEN_SECRET, "key", "token"), at(values, "serverTelemetry.serviceMonitor.authorization.credentials"));
        // So the API listener, which the NLB's clients reach, keeps requiring a token for sys/metrics.
        String hcl = (String) at(values, "server.ha.raft.config");
        assertTrue(hcl.contains("unauthenticated_metrics_access = false"), hcl);
        assertFalse(hcl.contains("unauthenticated_metrics_access = true"), hcl);
        assertTrue(hcl.contains("prometheus_retention_time"), "Vault serves the Prometheus format only with a retention: " + hcl);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusPodsOfTheirNamespaceAlone() {
        var np = (Map<String, Object>) yaml(files.get(Manifests.NETWORK_POLICY.file()));
        var rules = (List<Map<String, Object>>) at(np, "spec.ingress");
        var withNamespace = rules.stream().filter(r -> ((List<Map<String, Object>>) r.get("from")).stream()
                .anyMatch(s -> s.containsKey("namespaceSelector"))).toList();
        assertEquals(1, withNamespace.size(), rules.toString());
        var rule = withNamespace.get(0);
        assertEquals(List.of(Map.of("protocol", "TCP", "port", 8200)), rule.get("ports"));
        // One peer with both selectors is their intersection (two peers would be their union).
        var peer = ((List<Map<String, Object>>) rule.get("from"));
        assertEquals(1, peer.size());
        assertEquals(Map.of("kubernetes.io/metadata.name", "monitoring"), at(peer.get(0), "namespaceSelector.matchLabels"));
        assertEquals(Map.of("app.kubernetes.io/name", "prometheus"), at(peer.get(0), "podSelector.matchLabels"));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        assertEquals(true, at(values, "serverTelemetry.prometheusRules.enabled"));
        return (List<Map<String, Object>>) at(values, "serverTelemetry.prometheusRules.rules");
    }

    private static final Pattern STRINGS = Pattern.compile("\"[^\"]*\"");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    /** PromQL functions, aggregations and keywords the rules use; any other identifier outside braces is a metric name. */
    private static final Set<String> PROMQL = Set.of("absent", "max", "min", "sum", "count_over_time", "by", "without", "or", "and", "unless");

    /** Metric names of an expression: identifiers outside label matchers, strings and range/subquery durations. */
    static Set<String> metricNames(String expr) {
        String bare = STRINGS.matcher(expr).replaceAll("").replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "");
        var names = new TreeSet<String>();
        var m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (!PROMQL.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    @Test
    void everyRuleReadsOnlyMetricsVaultEmitsAndEveryEc2TelemetryMetricHasARule() {
        var emitted = VaultTelemetry.COLLECTED.stream().map(VaultTelemetry.Metric::prometheus).toList();
        var used = new LinkedHashSet<String>();
        for (var rule : rules()) {
            String expr = (String) rule.get("expr");
            var names = metricNames(expr);
            assertFalse(names.isEmpty(), "reads a metric: " + expr);
            assertTrue(emitted.containsAll(names), "Vault emits " + emitted + "; " + rule.get("alert") + " reads " + names);
            used.addAll(names);
            // Every selector is this Vault's (Prometheus's target label), never all Vaults the Prometheus scrapes.
            var selectors = Pattern.compile("vault_[A-Za-z_]+\\{([^}]*)}").matcher(expr);
            int count = 0;
            while (selectors.find()) {
                count++;
                assertTrue(selectors.group(1).contains("namespace=\"vault\""), expr);
            }
            assertEquals(names.size(), count, "every metric has a selector: " + expr);
            assertEquals(count(expr, '('), count(expr, ')'), expr);
            assertTrue(Set.of("critical", "warning").contains(at(rule, "labels.severity")), rule.toString());
            assertInstanceOf(String.class, at(rule, "annotations.summary"));
        }
        assertEquals(new LinkedHashSet<>(emitted), used, "each EC2 telemetry alarm's metric is alerted on here too");
        assertTrue(metricNames("absent(max(vault_core_active{namespace=\"vault\"}) >= 1)").contains("vault_core_active"),
                "the extraction finds metric names");
        assertEquals(Set.of("vault_x"), metricNames("count_over_time((max(vault_x{quantile=\"0.99\"}) > 100)[5m:1m]) >= 3"));
    }

    private static long count(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> rule(String alert) {
        return rules().stream().filter(r -> alert.equals(r.get("alert"))).findFirst().orElseThrow(() -> new AssertionError(alert));
    }

    @Test
    void theConditionsAndDurationsAreTheEc2Alarms() {
        String ns = "{namespace=\"vault\"}";
        // Missing data breaching: the absence of a healthy value alerts (no active pod, a failing scrape).
        assertEquals("absent(max(vault_core_active" + ns + ") >= 1)", rule("VaultNoActiveNode").get("expr"));
        assertEquals(ClusterAlarms.NO_ACTIVE_NODE_MINUTES + "m", rule("VaultNoActiveNode").get("for"));
        assertEquals("critical", at(rule("VaultNoActiveNode"), "labels.severity"));
        assertEquals("absent(min(vault_autopilot_healthy" + ns + ") >= 1)", rule("VaultAutopilotUnhealthy").get("expr"));
        assertEquals(ClusterAlarms.AUTOPILOT_UNHEALTHY_MINUTES + "m", rule("VaultAutopilotUnhealthy").get("for"));
        assertEquals("absent(min(vault_autopilot_failure_tolerance" + ns + ") >= 1)", rule("VaultFaultToleranceZero").get("expr"));
        assertEquals(ClusterAlarms.FAULT_TOLERANCE_MINUTES + "m", rule("VaultFaultToleranceZero").get("for"));
        // A present audit-failure series is a failure within prometheus_retention_time: alert at once.
        assertEquals("sum(vault_audit_log_request_failure" + ns + ") > 0", rule("VaultAuditRequestFailures").get("expr"));
        assertNull(rule("VaultAuditRequestFailures").get("for"));
        assertEquals("sum(vault_audit_log_response_failure" + ns + ") > 0", rule("VaultAuditResponseFailures").get("expr"));
        // M of N one-minute datapoints above the EC2 threshold.
        assertEquals("count_over_time((max(vault_raft_commitTime{namespace=\"vault\",quantile=\"0.99\"}) > "
                        + (long) ClusterAlarms.RAFT_COMMIT_P99_MS + ")[" + ClusterAlarms.RAFT_COMMIT_WINDOW_MINUTES + "m:1m]) >= "
                        + ClusterAlarms.RAFT_COMMIT_BREACHING_MINUTES,
                rule("VaultRaftCommitSlow").get("expr"));
        assertEquals(6, rules().size());
    }
}
