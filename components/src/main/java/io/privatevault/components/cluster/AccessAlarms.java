package io.privatevault.components.cluster;

import com.google.gson.GsonBuilder;
import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventRuleArgs;
import com.pulumi.aws.cloudwatch.EventTarget;
import com.pulumi.aws.cloudwatch.EventTargetArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicPolicy;
import com.pulumi.aws.sns.TopicPolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alarms on access, not on metrics: every read or change of the recovery secret, and every key-policy change, grant
 * or deletion of the seal and data keys, goes to the alarm topic the moment CloudTrail records it. They need
 * CloudTrail: EventBridge receives {@code AWS API Call via CloudTrail} events only while a trail logs the account's
 * management events (an organisation trail counts); without one, nothing arrives and these alarms stay silent
 * (cluster/README.md says how to check).
 */
public final class AccessAlarms {
    /** Everything that reads, replaces or re-points the recovery secret's value, or changes who may. */
    static final List<String> SECRET_EVENTS = List.of("GetSecretValue", "PutSecretValue", "UpdateSecret",
            "UpdateSecretVersionStage", "RotateSecret", "CancelRotateSecret", "DeleteSecret", "RestoreSecret",
            "PutResourcePolicy", "DeleteResourcePolicy");
    /** Management events that change who may use a key, or end it. */
    static final List<String> KEY_EVENTS = List.of("PutKeyPolicy", "ScheduleKeyDeletion", "DisableKey", "DisableKeyRotation",
            "ReplicateKey", "UpdatePrimaryRegion");
    /** CloudTrail's detail type for API calls (EventBridge user guide, "Events from AWS services"). */
    static final String CLOUDTRAIL = "AWS API Call via CloudTrail";

    private AccessAlarms() {
    }

    /**
     * @param recoverySecretArn the recovery secret
     * @param sealKeyArn        the seal key (its grants alarm too: nothing legitimate creates one)
     * @param dataKeyArn        the data key (EBS creates grants on it at every launch, so only policy changes alarm)
     */
    public static void create(String name, Output<String> recoverySecretArn, Output<String> sealKeyArn, Output<String> dataKeyArn,
                              Topic topic, Map<String, String> tags, CustomResourceOptions child) {
        var secretRule = new EventRule(name + "-recovery-access", EventRuleArgs.builder()
                .description("Every read or change of the Vault recovery secret (CloudTrail management events, read-only included)")
                .eventPattern(recoverySecretArn.applyValue(AccessAlarms::secretPattern))
                // GetSecretValue is a read-only management event: only this state lets the rule match it.
                .state("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
                .tags(tags)
                .build(), child);
        var keyRule = new EventRule(name + "-key-changes", EventRuleArgs.builder()
                .description("Key-policy changes, grants, replication and deletion of the Vault seal and data keys")
                .eventPattern(Output.tuple(sealKeyArn, dataKeyArn).applyValue(t -> keyPattern(t.t1, t.t2)))
                .tags(tags)
                .build(), child);
        new EventTarget(name + "-recovery-access", EventTargetArgs.builder().rule(secretRule.name()).arn(topic.arn()).build(), child);
        new EventTarget(name + "-key-changes", EventTargetArgs.builder().rule(keyRule.name()).arn(topic.arn()).build(), child);
        new TopicPolicy(name + "-alarms", TopicPolicyArgs.builder()
                .arn(topic.arn())
                .policy(Output.tuple(topic.arn(), secretRule.arn(), keyRule.arn())
                        .applyValue(t -> topicPolicy(t.t1, List.of(t.t2, t.t3)).toJson()))
                .build(), child);
    }

    /**
     * The secret by every form {@code SecretId} takes (Secrets Manager API: "the ARN or name of the secret"; a partial
     * ARN without the random suffix also resolves). BatchGetSecretValue is covered: it "generates CloudTrail
     * GetSecretValue log entries for each secret you request" (Secrets Manager API reference).
     */
    static String secretPattern(String secretArn) {
        String partialArn = secretArn.substring(0, secretArn.length() - 7);
        String name = partialArn.substring(partialArn.indexOf(":secret:") + ":secret:".length());
        var detail = new LinkedHashMap<String, Object>();
        detail.put("eventSource", List.of("secretsmanager.amazonaws.com"));
        detail.put("eventName", SECRET_EVENTS);
        detail.put("requestParameters", Map.of("secretId", List.of(secretArn, partialArn, name)));
        return json(pattern("aws.secretsmanager", detail));
    }

    /** KMS events name the key in {@code resources} by ARN, whatever alias or id the caller used. */
    static String keyPattern(String sealKeyArn, String dataKeyArn) {
        var changes = new LinkedHashMap<String, Object>();
        changes.put("eventName", KEY_EVENTS);
        changes.put("resources", Map.of("ARN", List.of(sealKeyArn, dataKeyArn)));
        var sealGrants = new LinkedHashMap<String, Object>();
        sealGrants.put("eventName", List.of("CreateGrant"));
        sealGrants.put("resources", Map.of("ARN", List.of(sealKeyArn)));
        var detail = new LinkedHashMap<String, Object>();
        detail.put("eventSource", List.of("kms.amazonaws.com"));
        detail.put("$or", List.of(changes, sealGrants));
        return json(pattern("aws.kms", detail));
    }

    /**
     * A topic policy replaces SNS's default one, so it keeps the owner's management and says who publishes: CloudWatch
     * alarms of this account, and these rules ("the SNS topic's resource-based policy must allow EventBridge",
     * EventBridge user guide, "Permissions for Amazon SNS targets").
     */
    static PolicyDocument topicPolicy(String topicArn, List<String> ruleArns) {
        String account = topicArn.split(":")[4];
        String region = topicArn.split(":")[3];
        return PolicyDocument.of(
                Statement.allow("OwnerManages").principal("AWS", "arn:aws:iam::" + account + ":root")
                        .actions("SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
                                "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish")
                        .resources(topicArn).build(),
                Statement.allow("CloudWatchAlarmsPublish").principal("Service", "cloudwatch.amazonaws.com")
                        .actions("sns:Publish").resources(topicArn)
                        .condition("ArnLike", "aws:SourceArn", "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:*")
                        .condition("StringEquals", "aws:SourceAccount", account).build(),
                Statement.allow("AccessAlarmsPublish").principal("Service", "events.amazonaws.com")
                        .actions("sns:Publish").resources(topicArn)
                        .condition("ArnEquals", "aws:SourceArn", ruleArns).build());
    }

    /** Insertion-ordered: {@code Map.of} iterates in a per-JVM order, which would change the rule's input run to run. */
    private static Map<String, Object> pattern(String source, Map<String, Object> detail) {
        var pattern = new LinkedHashMap<String, Object>();
        pattern.put("source", List.of(source));
        pattern.put("detail-type", List.of(CLOUDTRAIL));
        pattern.put("detail", detail);
        return pattern;
    }

    private static String json(Object value) {
        return new GsonBuilder().disableHtmlEscaping().create().toJson(value);
    }
}
