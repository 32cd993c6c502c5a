package io.privatevault.components.cluster;

import com.google.gson.GsonBuilder;
import io.privatevault.components.VaultRaftClusterArgs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch dashboard an on-call engineer opens first: every alarm's state, then one graph per question (is there
 * a leader, is Raft healthy and fast, do audit devices write, are snapshots taken and readable, when does the served
 * certificate expire, are the disks filling). The body follows CloudWatch's "Dashboard Body Structure and Syntax": a
 * {@code widgets} array of objects with {@code type}, {@code x}, {@code y}, {@code width}, {@code height} (a 24-column
 * grid) and {@code properties}; metric widgets list {@code [namespace, name, dimension, value, {rendering}]}.
 */
public final class OnCallDashboard {
    static final int COLUMNS = 24;
    private static final int HALF = COLUMNS / 2;
    private static final int HEIGHT = 6;

    private OnCallDashboard() {
    }

    /**
     * @param region    the stack's region (metric widgets must name one)
     * @param targets   the NLB target group and load balancer dimensions
     * @param group     the Auto Scaling group on EC2, where the EC2-only metrics (Vault telemetry, seal key, certificate,
     *                  disks) exist; null on Kubernetes
     * @param alarmArns every alarm of the cluster
     */
    public static String body(String region, String cluster, String namespace, Map<String, String> targets, String group,
                              List<String> alarmArns, VaultRaftClusterArgs args) {
        boolean ec2 = group != null;
        var widgets = new ArrayList<Map<String, Object>>();
        widgets.add(widget("alarm", 0, 0, COLUMNS, 4, ordered("title", "Alarms", "alarms", alarmArns, "sortBy", "stateUpdatedTimestamp")));
        var graphs = new ArrayList<Map<String, Object>>();
        var nlb = new ArrayList<Object>(List.of("AWS/NetworkELB", "HealthyHostCount"));
        targets.forEach((k, v) -> {
            nlb.add(k);
            nlb.add(v);
        });
        nlb.add(ordered("stat", "Minimum", "label", "healthy NLB targets"));
        if (ec2) {
            graphs.add(graph(region, "Leadership: active nodes and healthy targets", List.of(
                    metric(namespace, VaultTelemetry.CORE_ACTIVE.cloudWatchName(), cluster, "Maximum", "active node (1 = a leader exists)"),
                    nlb), annotation(1, "no leader below")));
            graphs.add(graph(region, "Raft autopilot: healthy and failure tolerance", List.of(
                    metric(namespace, VaultTelemetry.AUTOPILOT_HEALTHY.cloudWatchName(), cluster, "Minimum", "healthy (1)"),
                    metric(namespace, VaultTelemetry.AUTOPILOT_FAILURE_TOLERANCE.cloudWatchName(), cluster, "Minimum", "failure tolerance")),
                    annotation(1, "no failure tolerated below")));
            graphs.add(graph(region, "Raft commit time, 99th percentile (ms)", List.of(
                    metric(namespace, VaultTelemetry.RAFT_COMMIT_TIME.cloudWatchName(), cluster, "Maximum", "commit p99")),
                    annotation(ClusterAlarms.RAFT_COMMIT_P99_MS, "alarm")));
            graphs.add(graph(region, "Audit devices: failed requests and responses", List.of(
                    metric(namespace, VaultTelemetry.AUDIT_REQUEST_FAILURE.cloudWatchName(), cluster, "Sum", "requests not audited"),
                    metric(namespace, VaultTelemetry.AUDIT_RESPONSE_FAILURE.cloudWatchName(), cluster, "Sum", "responses not audited")),
                    null));
        } else {
            graphs.add(graph(region, "Healthy NLB targets", List.of(nlb), annotation(args.quorum(), "quorum")));
        }
        int interval = args.snapshotIntervalMinutes() * 60;
        graphs.add(graph(region, "Snapshots: age of the newest (s)", List.of(
                metric(namespace, VaultTelemetry.SNAPSHOT_AGE, cluster, "Maximum", "age")), annotation(2 * interval, "alarm")));
        graphs.add(graph(region, "Snapshots: verified (1) and Raft index", List.of(
                metric(namespace, VaultTelemetry.SNAPSHOT_VERIFIED, cluster, "Minimum", "verified"),
                withAxis(metric(namespace, VaultTelemetry.SNAPSHOT_INDEX, cluster, "Maximum", "Raft index"), "right")), null));
        if (ec2) {
            graphs.add(graph(region, "Days until the served certificate expires", List.of(
                    metric(namespace, VaultTelemetry.CERTIFICATE_DAYS_LEFT, cluster, "Minimum", "days left (worst node)"),
                    metric(namespace, VaultTelemetry.SEAL_KEY_ENABLED, cluster, "Minimum", "seal key enabled (1)")),
                    annotation(ClusterAlarms.CERTIFICATE_DAYS, "alarm")));
            graphs.add(graph(region, "Disk used % (root, Raft data, logs) per node", List.of(List.of(ordered(
                    "expression", "SEARCH('{" + namespace + ",AutoScalingGroupName,InstanceId,device,fstype,path} "
                            + "MetricName=\"disk_used_percent\" AutoScalingGroupName=\"" + group + "\"', 'Maximum', 300)",
                    "id", "disks", "label", ""))), annotation(80, "80 %")));
        }
        for (int i = 0; i < graphs.size(); i++) {
            widgets.add(widget("metric", (i % 2) * HALF, 4 + (i / 2) * HEIGHT, HALF, HEIGHT, graphs.get(i)));
        }
        var body = ordered("start", "-PT12H", "periodOverride", "auto", "widgets", widgets);
        return new GsonBuilder().disableHtmlEscaping().create().toJson(body);
    }

    private static Map<String, Object> widget(String type, int x, int y, int width, int height, Map<String, Object> properties) {
        return ordered("type", type, "x", x, "y", y, "width", width, "height", height, "properties", properties);
    }

    private static Map<String, Object> graph(String region, String title, List<?> metrics, Map<String, Object> annotations) {
        var p = ordered("title", title, "region", region, "view", "timeSeries", "stacked", false, "period", 60, "metrics", metrics);
        if (annotations != null) {
            p.put("annotations", annotations);
        }
        return p;
    }

    private static List<Object> metric(String namespace, String name, String cluster, String stat, String label) {
        return new ArrayList<>(List.of(namespace, name, VaultTelemetry.DIMENSION, cluster, ordered("stat", stat, "label", label)));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> withAxis(List<Object> metric, String axis) {
        ((Map<String, Object>) metric.get(metric.size() - 1)).put("yAxis", axis);
        return metric;
    }

    private static Map<String, Object> annotation(double value, String label) {
        return ordered("horizontal", List.of(ordered("value", value, "label", label)));
    }

    private static Map<String, Object> ordered(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
