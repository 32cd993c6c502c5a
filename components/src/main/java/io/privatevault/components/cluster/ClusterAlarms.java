package io.privatevault.components.cluster;

import com.pulumi.aws.cloudwatch.Dashboard;
import com.pulumi.aws.cloudwatch.DashboardArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.VaultRaftClusterArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The alarm topic (KMS-encrypted), its e-mail subscribers, the alarms and the on-call dashboard. Both platforms: healthy
 * NLB targets, quorum, snapshot age and snapshot verification. With an Auto Scaling group (EC2) also in-service
 * instances, the seal-key and certificate checks the node timers publish, and Vault's own telemetry the CloudWatch
 * agent collects ({@link VaultTelemetry}): no active node, autopilot unhealthy, fault tolerance 0, audit device
 * failures and Raft commit latency. Where silence means trouble (a node or agent that publishes nothing), missing
 * data counts as breaching; where a series exists only when something happens (audit failures, commits), it does not.
 */
public final class ClusterAlarms {
    /** Raft commit time (99th percentile, ms) above which the storage is too slow for a healthy cluster. */
    public static final double RAFT_COMMIT_P99_MS = 100;
    /** Days before the served certificate expires at which the alarm fires. */
    public static final int CERTIFICATE_DAYS = 30;
    /*
     * How long (in one-minute datapoints) each telemetry condition must hold before it alarms. The Kubernetes
     * platform's PrometheusRule alerts (cluster/k8s/PrometheusAlerts) read the same numbers.
     */
    /** Minutes without an active node. */
    public static final int NO_ACTIVE_NODE_MINUTES = 2;
    /** Minutes autopilot reports the cluster unhealthy. */
    public static final int AUTOPILOT_UNHEALTHY_MINUTES = 3;
    /** Minutes the cluster tolerates no further voter failure. */
    public static final int FAULT_TOLERANCE_MINUTES = 5;
    /** Minutes, out of {@link #RAFT_COMMIT_WINDOW_MINUTES}, the commit time is above {@link #RAFT_COMMIT_P99_MS}. */
    public static final int RAFT_COMMIT_BREACHING_MINUTES = 3;
    public static final int RAFT_COMMIT_WINDOW_MINUTES = 5;

    private ClusterAlarms() {
    }

    public static Topic create(String name, String cluster, VaultRaftClusterArgs args, Optional<Output<String>> autoScalingGroupName,
                                Output<String> region, Map<String, String> tags, CustomResourceOptions child) {
        var topic = new Topic(name + "-alarms", TopicArgs.builder()
                .kmsMasterKeyId(args.dataKeyArn())
                .displayName("Vault " + cluster + " alarms")
                .tags(tags)
                .build(), child);
        int i = 0;
        for (String email : args.alarmEmails()) {
            new TopicSubscription(name + "-alarms-" + i++, TopicSubscriptionArgs.builder()
                    .topic(topic.arn()).protocol("email").endpoint(email).build(), child);
        }
        Output<List<String>> actions = topic.arn().applyValue(List::of);
        Output<Map<String, String>> targets = Output.tuple(args.targetGroupArn(), args.loadBalancerArn())
                .applyValue(t -> {
                    // Insertion-ordered: the dashboard lists the dimensions in this order, Map.of's varies per JVM.
                    var dimensions = new java.util.LinkedHashMap<String, String>();
                    dimensions.put("TargetGroup", arnSuffix(t.t1, ":"));
                    dimensions.put("LoadBalancer", arnSuffix(t.t2, ":loadbalancer/"));
                    return (Map<String, String>) dimensions;
                });
        var clusterDimension = Map.of(VaultTelemetry.DIMENSION, cluster);
        String ns = args.metricNamespace();
        int n = args.nodeCount();
        int period = args.snapshotIntervalMinutes() * 60;
        var alarms = new ArrayList<MetricAlarm>();
        alarms.add(alarm(name + "-healthy-targets", "Fewer than " + n + " healthy Vault targets behind the NLB", actions,
                b -> b.namespace("AWS/NetworkELB").metricName("HealthyHostCount").dimensions(targets).statistic("Minimum")
                        .period(60).evaluationPeriods(5).datapointsToAlarm(5)
                        .comparisonOperator("LessThanThreshold").threshold((double) n).treatMissingData("breaching"), tags, child));
        alarms.add(alarm(name + "-quorum", "CRITICAL: fewer than " + args.quorum() + " healthy Vault nodes, Raft has lost quorum", actions,
                b -> b.namespace("AWS/NetworkELB").metricName("HealthyHostCount").dimensions(targets).statistic("Minimum")
                        .period(60).evaluationPeriods(2).datapointsToAlarm(2)
                        .comparisonOperator("LessThanThreshold").threshold((double) args.quorum()).treatMissingData("breaching"), tags, child));
        alarms.add(alarm(name + "-snapshot-age", "No Raft snapshot for more than twice the interval (" + 2 * args.snapshotIntervalMinutes()
                        + " minutes)", actions,
                b -> b.namespace(ns).metricName(VaultTelemetry.SNAPSHOT_AGE)
                        .dimensions(clusterDimension).statistic("Maximum")
                        .period(period).evaluationPeriods(2).datapointsToAlarm(2)
                        .comparisonOperator("GreaterThanThreshold").threshold((double) 2 * period)
                        // No data means no node published an age: snapshots are not being taken.
                        .treatMissingData("breaching"), tags, child));
        alarms.add(alarm(name + "-snapshot-verify", "The last Raft snapshot did not inspect as a snapshot (not uploaded), or none was"
                        + " checked for twice the interval", actions,
                b -> b.namespace(ns).metricName(VaultTelemetry.SNAPSHOT_VERIFIED)
                        .dimensions(clusterDimension).statistic("Minimum")
                        // Two intervals: the timer's randomised start may move one run past a period boundary.
                        .period(2 * period).evaluationPeriods(1).datapointsToAlarm(1)
                        .comparisonOperator("LessThanThreshold").threshold(1.0).treatMissingData("breaching"), tags, child));
        autoScalingGroupName.ifPresent(group -> {
            alarms.add(alarm(name + "-in-service", "Fewer than " + n + " Vault instances in service", actions,
                    b -> b.namespace("AWS/AutoScaling").metricName("GroupInServiceInstances")
                            .dimensions(group.applyValue(g -> Map.of("AutoScalingGroupName", g))).statistic("Minimum")
                            .period(60).evaluationPeriods(5).datapointsToAlarm(5)
                            .comparisonOperator("LessThanThreshold").threshold((double) n).treatMissingData("breaching"), tags, child));
            alarms.add(alarm(name + "-seal-key", "The KMS seal key is not enabled: nodes cannot unseal after a restart", actions,
                    b -> b.namespace(ns).metricName(VaultTelemetry.SEAL_KEY_ENABLED)
                            .dimensions(clusterDimension).statistic("Minimum")
                            .period(300).evaluationPeriods(2).datapointsToAlarm(2)
                            .comparisonOperator("LessThanThreshold").threshold(1.0).treatMissingData("breaching"), tags, child));
            alarms.addAll(telemetryAlarms(name, args, clusterDimension, actions, tags, child));
        });
        new Dashboard(name + "-dashboard", DashboardArgs.builder()
                .dashboardName(cluster)
                .dashboardBody(Output.tuple(region, targets, Output.all(alarms.stream().map(MetricAlarm::arn).toList()),
                                autoScalingGroupName.orElse(Output.of("")))
                        .applyValue(t -> OnCallDashboard.body(t.t1, cluster, ns, t.t2, t.t4.isEmpty() ? null : t.t4, t.t3, args)))
                .build(), child);
        return topic;
    }

    /** Vault's own telemetry, which the CloudWatch agent on every EC2 node publishes (see {@link VaultTelemetry}). */
    private static List<MetricAlarm> telemetryAlarms(String name, VaultRaftClusterArgs args, Map<String, String> cluster,
                                                     Output<List<String>> actions, Map<String, String> tags, CustomResourceOptions child) {
        String ns = args.metricNamespace();
        var out = new ArrayList<MetricAlarm>();
        // Every node reports vault.core.active (1 active, 0 standby) each minute: the maximum over the cluster is 0 when
        // no node leads, which the quorum alarm (healthy targets) does not see, since standbys pass standbyok.
        out.add(alarm(name + "-no-active-node", "CRITICAL: no Vault node is active (leadership lost and not re-established)", actions,
                b -> b.namespace(ns).metricName(VaultTelemetry.CORE_ACTIVE.cloudWatchName()).dimensions(cluster).statistic("Maximum")
                        .period(60).evaluationPeriods(NO_ACTIVE_NODE_MINUTES).datapointsToAlarm(NO_ACTIVE_NODE_MINUTES)
                        .comparisonOperator("LessThanThreshold").threshold(1.0)
                        // No node (or no agent) reporting at all is the same emergency.
                        .treatMissingData("breaching"), tags, child));
        out.add(alarm(name + "-autopilot-unhealthy", "Autopilot reports the Raft cluster unhealthy", actions,
                b -> b.namespace(ns).metricName(VaultTelemetry.AUTOPILOT_HEALTHY.cloudWatchName()).dimensions(cluster).statistic("Minimum")
                        .period(60).evaluationPeriods(AUTOPILOT_UNHEALTHY_MINUTES).datapointsToAlarm(AUTOPILOT_UNHEALTHY_MINUTES)
                        .comparisonOperator("LessThanThreshold").threshold(1.0)
                        // Only the active node reports autopilot: no value means no leader, or a broken collection.
                        .treatMissingData("breaching"), tags, child));
        out.add(alarm(name + "-fault-tolerance", "The Raft cluster tolerates no further voter failure (autopilot failure tolerance 0)",
                actions,
                b -> b.namespace(ns).metricName(VaultTelemetry.AUTOPILOT_FAILURE_TOLERANCE.cloudWatchName()).dimensions(cluster)
                        .statistic("Minimum").period(60).evaluationPeriods(FAULT_TOLERANCE_MINUTES).datapointsToAlarm(FAULT_TOLERANCE_MINUTES)
                        .comparisonOperator("LessThanThreshold").threshold(1.0).treatMissingData("breaching"), tags, child));
        for (var metric : List.of(VaultTelemetry.AUDIT_REQUEST_FAILURE, VaultTelemetry.AUDIT_RESPONSE_FAILURE)) {
            String what = metric == VaultTelemetry.AUDIT_REQUEST_FAILURE ? "request" : "response";
            out.add(alarm(name + "-audit-" + what + "-failures", "CRITICAL: every audit device failed to log a " + what
                            + "; Vault fails the requests it cannot audit", actions,
                    b -> b.namespace(ns).metricName(metric.cloudWatchName()).dimensions(cluster).statistic("Sum")
                            .period(60).evaluationPeriods(1).datapointsToAlarm(1)
                            .comparisonOperator("GreaterThanThreshold").threshold(0.0)
                            // The series appears with the first failure: no data is the healthy state.
                            .treatMissingData("notBreaching"), tags, child));
        }
        out.add(alarm(name + "-raft-commit-time", "Raft commits take more than " + (int) RAFT_COMMIT_P99_MS
                        + " ms (99th percentile): storage or network too slow", actions,
                b -> b.namespace(ns).metricName(VaultTelemetry.RAFT_COMMIT_TIME.cloudWatchName()).dimensions(cluster).statistic("Maximum")
                        .period(60).evaluationPeriods(RAFT_COMMIT_WINDOW_MINUTES).datapointsToAlarm(RAFT_COMMIT_BREACHING_MINUTES)
                        .comparisonOperator("GreaterThanThreshold").threshold(RAFT_COMMIT_P99_MS)
                        // Only the leader commits, and only when something is written.
                        .treatMissingData("notBreaching"), tags, child));
        out.add(alarm(name + "-certificate-expiry", "The certificate a Vault node serves expires within " + CERTIFICATE_DAYS
                        + " days (or no node reported it): the renewal did not reach the nodes", actions,
                b -> b.namespace(ns).metricName(VaultTelemetry.CERTIFICATE_DAYS_LEFT).dimensions(cluster).statistic("Minimum")
                        .period(NodeFiles.CERT_CHECK_INTERVAL_MINUTES * 60).evaluationPeriods(2).datapointsToAlarm(2)
                        .comparisonOperator("LessThanThreshold").threshold((double) CERTIFICATE_DAYS)
                        .treatMissingData("breaching"), tags, child));
        return out;
    }

    private static MetricAlarm alarm(String name, String description, Output<List<String>> actions, Consumer<MetricAlarmArgs.Builder> metric,
                                     Map<String, String> tags, CustomResourceOptions child) {
        var b = MetricAlarmArgs.builder().alarmDescription(description).alarmActions(actions).okActions(actions).tags(tags);
        metric.accept(b);
        return new MetricAlarm(name, b.build(), child);
    }

    /** CloudWatch's dimension value for an ELB ARN: everything after {@code marker}'s last occurrence, e.g. {@code targetgroup/x/123}. */
    static String arnSuffix(String arn, String marker) {
        return arn.substring(arn.lastIndexOf(marker) + marker.length());
    }
}
