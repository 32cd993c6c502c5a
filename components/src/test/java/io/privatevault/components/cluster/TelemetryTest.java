package io.privatevault.components.cluster;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.components.testing.ExternalTools;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.testing.UsesTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Vault's own telemetry in CloudWatch, end to end on paper: Vault serves it on a loopback listener, the agent scrapes
 * and keeps exactly the declared series, publishes them in the cluster's namespace with the one cluster dimension, and
 * every alarm and graph reads a metric something publishes. The agent's configuration and the dashboard body are judged
 * by JSON Schemas written from AWS's documentation (quoted in the schemas), with ajv.
 */
class TelemetryTest {
    static MockRun.Result dev;
    static Map<String, String> files;

    @BeforeAll
    static void plan() {
        dev = ClusterFixture.run(ClusterFixture.args());
        assertFalse(dev.failed(), dev.errors().toString());
        files = ClusterFixture.renderedFiles(dev);
    }

    /**
     * Vault (telemetry stanza, listener {@code telemetry}): "unauthenticated_metrics_access ... If set to true, allows
     * unauthenticated access to the /v1/sys/metrics endpoint." Only the loopback listener sets it.
     */
    @Test
    @UsesTools
    void vaultServesMetricsWithoutATokenOnLoopbackOnly(@TempDir Path dir) throws IOException {
        Path hcl = dir.resolve("vault.hcl");
        Files.writeString(hcl, files.get("node/vault.hcl"));
        var config = JsonParser.parseString(ExternalTools.hclToJson(hcl)).getAsJsonObject().getAsJsonObject(hcl.toString());
        var listeners = new ArrayList<JsonObject>();
        JsonElement blocks = config.get("listener");
        for (JsonElement block : blocks.isJsonArray() ? blocks.getAsJsonArray() : List.of(blocks)) {
            block.getAsJsonObject().getAsJsonArray("tcp").forEach(t -> listeners.add(t.getAsJsonObject()));
        }
        assertEquals(2, listeners.size(), config.toString());
        for (var listener : listeners) {
            String address = listener.get("address").getAsString();
            boolean open = listener.getAsJsonArray("telemetry").get(0).getAsJsonObject().get("unauthenticated_metrics_access").getAsBoolean();
            assertEquals(address.startsWith("127.0.0.1:"), open, address + " unauthenticated_metrics_access");
            assertEquals("tls12", listener.get("tls_min_version").getAsString());
            assertFalse(listener.has("tls_disable"));
        }
        var loopback = listeners.get(1);
        assertEquals("127.0.0.1:" + VaultTelemetry.LISTENER_PORT, loopback.get("address").getAsString());
        assertEquals("127.0.0.1:" + VaultTelemetry.LISTENER_CLUSTER_PORT, loopback.get("cluster_address").getAsString());
        var telemetry = config.getAsJsonArray("telemetry").get(0).getAsJsonObject();
        assertEquals("60s", telemetry.get("prometheus_retention_time").getAsString());
        assertTrue(telemetry.get("disable_hostname").getAsBoolean());
    }

    @Test
    @UsesTools
    void theAgentConfigurationPassesItsDocumentedSchema(@TempDir Path dir) throws IOException {
        Path schema = resource(dir, "cloudwatch-agent.schema.json");
        Path good = dir.resolve("agent.json");
        Files.writeString(good, files.get("node/amazon-cloudwatch-agent.json"));
        var run = ExternalTools.ajv(schema, good);
        assertEquals(0, run.exitCode(), run.all());
        // The schema is a judge: a misspelt key and a unit CloudWatch does not know are refused.
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, files.get("node/amazon-cloudwatch-agent.json").replace("\"metric_selectors\"", "\"metric_selector\"")
                .replace("\"Milliseconds\"", "\"ms\""));
        var refused = ExternalTools.ajv(schema, bad);
        assertNotEquals(0, refused.exitCode(), refused.all());
        assertTrue(refused.all().contains("metric_selector") && refused.all().contains("must be equal to one of the allowed values"),
                refused.all());
    }

    /** The scrape keeps what the agent declares, and the agent declares every collected metric exactly once. */
    @Test
    void theScrapeKeepsAndTheAgentPublishesExactlyTheCollectedMetrics() {
        @SuppressWarnings("unchecked")
        var scrape = (Map<String, Object>) new Yaml().load(files.get("node/prometheus.yaml"));
        @SuppressWarnings("unchecked")
        var job = ((List<Map<String, Object>>) scrape.get("scrape_configs")).get(0);
        assertEquals("https", job.get("scheme"));
        assertEquals("/v1/sys/metrics", job.get("metrics_path"));
        assertEquals(Map.of("format", List.of("prometheus")), job.get("params"));
        assertEquals(Map.of("ca_file", "/opt/vault/tls/ca.pem", "server_name", "vault.tooling.internal"), job.get("tls_config"));
        assertEquals(List.of(Map.of("targets", List.of("127.0.0.1:8202"))), job.get("static_configs"));
        @SuppressWarnings("unchecked")
        var keep = ((List<Map<String, Object>>) job.get("metric_relabel_configs")).get(0);
        assertEquals("keep", keep.get("action"));
        Pattern kept = Pattern.compile((String) keep.get("regex"));
        var collected = VaultTelemetry.COLLECTED.stream().map(VaultTelemetry.Metric::prometheus).toList();
        collected.forEach(m -> assertTrue(kept.matcher(m).matches(), m));
        for (String dropped : List.of("vault_core_handle_request", "vault_raft_commitTime_sum", "vault_runtime_alloc_bytes", "vault_core_active_x")) {
            assertFalse(kept.matcher(dropped).matches(), dropped);
        }

        var prometheus = agent().getAsJsonObject("logs").getAsJsonObject("metrics_collected").getAsJsonObject("prometheus");
        assertEquals("test-dev-vault", prometheus.get("cluster_name").getAsString());
        assertEquals("/private-vault/test-dev-vault/metrics", prometheus.get("log_group_name").getAsString());
        var emf = prometheus.getAsJsonObject("emf_processor");
        assertEquals("PrivateVault", emf.get("metric_namespace").getAsString());
        for (String name : collected) {
            var series = VaultTelemetry.COLLECTED.stream().filter(m -> m.prometheus().equals(name)).findFirst().orElseThrow();
            int matching = 0;
            for (JsonElement d : emf.getAsJsonArray("metric_declaration")) {
                var declaration = d.getAsJsonObject();
                boolean selected = false;
                for (JsonElement selector : declaration.getAsJsonArray("metric_selectors")) {
                    selected |= Pattern.compile(selector.getAsString()).matcher(name).find();
                }
                if (!selected) {
                    continue;
                }
                matching++;
                assertEquals("[[\"ClusterName\"]]", declaration.get("dimensions").toString(), name);
                // The label values the agent joins with ';' must match for the series (job, and the quantile of a summary).
                var labels = new ArrayList<String>();
                declaration.getAsJsonArray("source_labels").forEach(l -> labels.add(l.getAsString()));
                String values = String.join(";", labels.stream().map(l -> l.equals("job") ? VaultTelemetry.JOB : series.quantile()).toList());
                assertTrue(Pattern.compile(declaration.get("label_matcher").getAsString()).matcher(values).find(), name + " " + values);
            }
            assertEquals(1, matching, name + " is declared once");
            assertEquals(series.unit(), emf.getAsJsonObject("metric_unit").get(name).getAsString());
        }
    }

    /**
     * Every alarm on a custom metric reads one that the agent or a node script publishes, in the namespace and with the
     * dimension they publish it with; missing data is breaching exactly where silence means trouble.
     */
    @Test
    void everyAlarmReadsAPublishedMetricAndTreatsSilenceAsDocumented() {
        Set<String> published = new HashSet<>(VaultTelemetry.COLLECTED.stream().map(VaultTelemetry.Metric::cloudWatchName).toList());
        // From the node scripts: put-metric-data --metric-name ... in the rendered scripts.
        for (String script : NodeFiles.SCRIPTS) {
            var m = Pattern.compile("--metric-name (\\w+)|metric (\\w+) ").matcher(files.get("node/" + script));
            while (m.find()) {
                published.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        var expectedMissing = Map.ofEntries(
                Map.entry("vault-no-active-node", "breaching"), Map.entry("vault-autopilot-unhealthy", "breaching"),
                Map.entry("vault-fault-tolerance", "breaching"), Map.entry("vault-audit-request-failures", "notBreaching"),
                Map.entry("vault-audit-response-failures", "notBreaching"), Map.entry("vault-raft-commit-time", "notBreaching"),
                Map.entry("vault-certificate-expiry", "breaching"), Map.entry("vault-snapshot-verify", "breaching"),
                Map.entry("vault-snapshot-age", "breaching"), Map.entry("vault-seal-key", "breaching"));
        for (RecordedResource alarm : dev.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
            String namespace = (String) alarm.input("namespace");
            if (namespace.startsWith("AWS/")) {
                continue;
            }
            assertEquals("PrivateVault", namespace, alarm.name());
            assertTrue(published.contains((String) alarm.input("metricName")), alarm.name() + " reads " + alarm.input("metricName")
                    + ", which nothing publishes (" + new TreeSet<>(published) + ")");
            assertEquals(Map.of("ClusterName", "test-dev-vault"), alarm.input("dimensions"), alarm.name());
            assertEquals(expectedMissing.get(alarm.name()), alarm.input("treatMissingData"), alarm.name());
            assertTrue(((String) alarm.input("alarmActions.0")).contains(":sns:"), alarm.name());
        }
        var noLeader = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-no-active-node");
        assertEquals("vault_core_active", noLeader.input("metricName"));
        assertEquals("Maximum", noLeader.input("statistic"));
        assertEquals("LessThanThreshold", noLeader.input("comparisonOperator"));
        assertEquals(1.0, ((Number) noLeader.input("threshold")).doubleValue());
        var tolerance = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-fault-tolerance");
        assertEquals("vault_autopilot_failure_tolerance", tolerance.input("metricName"));
        assertEquals(1.0, ((Number) tolerance.input("threshold")).doubleValue());
        var audit = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-audit-request-failures");
        assertEquals("vault_audit_log_request_failure", audit.input("metricName"));
        assertEquals("GreaterThanThreshold", audit.input("comparisonOperator"));
        assertEquals(0.0, ((Number) audit.input("threshold")).doubleValue());
        var certificate = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-certificate-expiry");
        assertEquals(30.0, ((Number) certificate.input("threshold")).doubleValue());
        assertEquals("Minimum", certificate.input("statistic"));
        var verify = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-snapshot-verify");
        assertEquals("SnapshotVerified", verify.input("metricName"));
        assertEquals(7200L, ((Number) verify.input("period")).longValue(), "two snapshot intervals");
    }

    @Test
    @UsesTools
    void theDashboardBodyPassesItsDocumentedSchemaAndGraphsOnlyPublishedMetrics(@TempDir Path dir) throws IOException {
        var dashboard = dev.one("aws:cloudwatch/dashboard:Dashboard");
        assertEquals("test-dev-vault", dashboard.input("dashboardName"));
        String body = (String) dashboard.input("dashboardBody");
        Path schema = resource(dir, "cloudwatch-dashboard.schema.json");
        Path file = dir.resolve("dashboard.json");
        Files.writeString(file, body);
        var run = ExternalTools.ajv(schema, file);
        assertEquals(0, run.exitCode(), run.all() + "\n" + body);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, body.replace("\"width\":12", "\"width\":25").replace("\"period\":60", "\"period\":45"));
        assertNotEquals(0, ExternalTools.ajv(schema, bad).exitCode(), "the schema refuses a widget wider than the grid");

        var json = JsonParser.parseString(body).getAsJsonObject();
        JsonArray widgets = json.getAsJsonArray("widgets");
        var alarm = widgets.get(0).getAsJsonObject();
        assertEquals("alarm", alarm.get("type").getAsString());
        assertEquals(dev.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").size(),
                alarm.getAsJsonObject("properties").getAsJsonArray("alarms").size(), "every alarm's state is on the first row");
        var graphed = new TreeSet<String>();
        var cells = new HashSet<String>();
        for (JsonElement w : widgets) {
            var widget = w.getAsJsonObject();
            int x = widget.get("x").getAsInt();
            int width = widget.get("width").getAsInt();
            assertTrue(x + width <= 24, "inside the 24-column grid: " + widget);
            for (int col = x; col < x + width; col++) {
                for (int row = widget.get("y").getAsInt(); row < widget.get("y").getAsInt() + widget.get("height").getAsInt(); row++) {
                    assertTrue(cells.add(col + "," + row), "widgets overlap at " + col + "," + row);
                }
            }
            var properties = widget.getAsJsonObject("properties");
            if (!properties.has("metrics")) {
                continue;
            }
            for (JsonElement m : properties.getAsJsonArray("metrics")) {
                var parts = m.getAsJsonArray();
                if (parts.get(0).isJsonPrimitive() && parts.get(0).getAsString().equals("PrivateVault")) {
                    graphed.add(parts.get(1).getAsString());
                    assertEquals("ClusterName", parts.get(2).getAsString());
                    assertEquals("test-dev-vault", parts.get(3).getAsString());
                }
            }
        }
        var expected = new TreeSet<>(VaultTelemetry.COLLECTED.stream().map(VaultTelemetry.Metric::cloudWatchName).toList());
        expected.addAll(List.of("SnapshotAgeSeconds", "SnapshotVerified", "SnapshotIndex", "SealKeyEnabled", "CertificateDaysToExpiry"));
        assertEquals(expected, graphed, "every published metric is on the dashboard (and priced through it)");
        assertEquals(VaultTelemetry.customMetricCount(true), graphed.size());
        assertTrue(body.contains("AutoScalingGroupName=\\\"" + dev.outputs().get("asgName") + "\\\""), "the disk search is this cluster's");
    }

    private static JsonObject agent() {
        return JsonParser.parseString(files.get("node/amazon-cloudwatch-agent.json")).getAsJsonObject();
    }

    static Path resource(Path dir, String name) throws IOException {
        try (InputStream in = TelemetryTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            Path file = dir.resolve(name);
            Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return file;
        }
    }
}
