package io.privatevault.components.cluster;

import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.VaultRaftClusterArgs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The alarm topic (KMS-encrypted), its e-mail subscribers, and the alarms both platforms share: healthy NLB
 * targets, quorum, snapshot age. With an Auto Scaling group (EC2) also in-service instances and the seal-key check
 * the node timer publishes.
 */
public final class ClusterAlarms {
    private ClusterAlarms() {
    }

    public static Topic create(String name, String cluster, VaultRaftClusterArgs args, Optional<Output<String>> autoScalingGroupName,
                               Map<String, String> tags, CustomResourceOptions child) {
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
                .applyValue(t -> Map.of("TargetGroup", arnSuffix(t.t1, ":"), "LoadBalancer", arnSuffix(t.t2, ":loadbalancer/")));
        int n = args.nodeCount();
        int period = args.snapshotIntervalMinutes() * 60;
        alarm(name + "-healthy-targets", "Fewer than " + n + " healthy Vault targets behind the NLB", actions,
                b -> b.namespace("AWS/NetworkELB").metricName("HealthyHostCount").dimensions(targets).statistic("Minimum")
                        .period(60).evaluationPeriods(5).datapointsToAlarm(5)
                        .comparisonOperator("LessThanThreshold").threshold((double) n).treatMissingData("breaching"), tags, child);
        alarm(name + "-quorum", "CRITICAL: fewer than " + args.quorum() + " healthy Vault nodes, Raft has lost quorum", actions,
                b -> b.namespace("AWS/NetworkELB").metricName("HealthyHostCount").dimensions(targets).statistic("Minimum")
                        .period(60).evaluationPeriods(2).datapointsToAlarm(2)
                        .comparisonOperator("LessThanThreshold").threshold((double) args.quorum()).treatMissingData("breaching"), tags, child);
        alarm(name + "-snapshot-age", "No Raft snapshot for more than twice the interval (" + 2 * args.snapshotIntervalMinutes()
                        + " minutes)", actions,
                b -> b.namespace(args.metricNamespace()).metricName("SnapshotAgeSeconds")
                        .dimensions(Map.of("ClusterName", cluster)).statistic("Maximum")
                        .period(period).evaluationPeriods(2).datapointsToAlarm(2)
                        .comparisonOperator("GreaterThanThreshold").threshold((double) 2 * period)
                        // No data means no node published an age: snapshots are not being taken.
                        .treatMissingData("breaching"), tags, child);
        autoScalingGroupName.ifPresent(group -> {
            alarm(name + "-in-service", "Fewer than " + n + " Vault instances in service", actions,
                    b -> b.namespace("AWS/AutoScaling").metricName("GroupInServiceInstances")
                            .dimensions(group.applyValue(g -> Map.of("AutoScalingGroupName", g))).statistic("Minimum")
                            .period(60).evaluationPeriods(5).datapointsToAlarm(5)
                            .comparisonOperator("LessThanThreshold").threshold((double) n).treatMissingData("breaching"), tags, child);
            alarm(name + "-seal-key", "The KMS seal key is not enabled: nodes cannot unseal after a restart", actions,
                    b -> b.namespace(args.metricNamespace()).metricName("SealKeyEnabled")
                            .dimensions(Map.of("ClusterName", cluster)).statistic("Minimum")
                            .period(300).evaluationPeriods(2).datapointsToAlarm(2)
                            .comparisonOperator("LessThanThreshold").threshold(1.0).treatMissingData("breaching"), tags, child);
        });
        return topic;
    }

    private static void alarm(String name, String description, Output<List<String>> actions, Consumer<MetricAlarmArgs.Builder> metric,
                              Map<String, String> tags, CustomResourceOptions child) {
        var b = MetricAlarmArgs.builder().alarmDescription(description).alarmActions(actions).okActions(actions).tags(tags);
        metric.accept(b);
        new MetricAlarm(name, b.build(), child);
    }

    /** CloudWatch's dimension value for an ELB ARN: everything after {@code marker}'s last occurrence, e.g. {@code targetgroup/x/123}. */
    static String arnSuffix(String arn, String marker) {
        return arn.substring(arn.lastIndexOf(marker) + marker.length());
    }
}
