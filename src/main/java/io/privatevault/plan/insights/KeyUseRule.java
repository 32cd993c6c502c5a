package io.privatevault.plan.insights;

import io.privatevault.plan.insights.AwsSchema.AutoScalingGroup;
import io.privatevault.plan.insights.AwsSchema.Bucket;
import io.privatevault.plan.insights.AwsSchema.BucketEncryption;
import io.privatevault.plan.insights.AwsSchema.BucketPolicy;
import io.privatevault.plan.insights.AwsSchema.BucketReplication;
import io.privatevault.plan.insights.AwsSchema.EventRule;
import io.privatevault.plan.insights.AwsSchema.EventTarget;
import io.privatevault.plan.insights.AwsSchema.InstanceProfile;
import io.privatevault.plan.insights.AwsSchema.KmsKey;
import io.privatevault.plan.insights.AwsSchema.KmsReplicaKey;
import io.privatevault.plan.insights.AwsSchema.LaunchTemplate;
import io.privatevault.plan.insights.AwsSchema.LogGroup;
import io.privatevault.plan.insights.AwsSchema.MetricAlarm;
import io.privatevault.plan.insights.AwsSchema.Role;
import io.privatevault.plan.insights.AwsSchema.RolePolicy;
import io.privatevault.plan.insights.AwsSchema.SecretPolicy;
import io.privatevault.plan.insights.AwsSchema.SecretsManagerSecret;
import io.privatevault.plan.insights.AwsSchema.Topic;
import io.privatevault.plan.insights.AwsSchema.TopicPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The key-use check: for every KMS key, each service that must use it can (the key policy together with the caller's
 * IAM policy and the resource's own policy), and nobody else can, judged by an IAM policy simulator
 * ({@link IamSimulator}) over the requests {@link KeyUseCases} derives from the plan. Without the simulator the rule
 * does not judge: the plan lists it under "checks not run" with what to install.
 */
final class KeyUseRule extends DescribedRule {
    static final String ID = "kms-key-use";
    private final Supplier<IamSimulator> simulator;

    KeyUseRule() {
        this(IamSimulator::locate);
    }

    /** With the simulator {@code simulator} finds (it throws {@link NotJudgedException} when there is none). */
    KeyUseRule(Supplier<IamSimulator> simulator) {
        super(ID, Severity.HIGH,
                "A key that a service cannot use breaks it at runtime (volumes never created, logs or alarms dropped, "
                + "secrets unreadable); a key others can use is a side door to Vault's data, recovery material or unseal.",
                "Grant each service path in the key policy (and the caller's IAM policy) as AWS documents it, to the named roles only; "
                + "never grant use or CreateGrant to administrators or the account at large.",
                List.of(KmsKey.TYPE, KmsReplicaKey.TYPE, LogGroup.TYPE, Topic.TYPE, TopicPolicy.TYPE, MetricAlarm.TYPE, EventRule.TYPE,
                EventTarget.TYPE, SecretsManagerSecret.TYPE, SecretPolicy.TYPE, Bucket.TYPE, BucketEncryption.TYPE, BucketPolicy.TYPE,
                BucketReplication.TYPE, RolePolicy.TYPE, Role.TYPE, InstanceProfile.TYPE, LaunchTemplate.TYPE, AutoScalingGroup.TYPE,
                KeyUseCases.STORAGE_CLASS_TYPE, KeyUseCases.HELM_RELEASE_TYPE));
        this.simulator = simulator;
    }

    @Override
    public List<Finding> evaluate(PolicyContext context) {
        var derived = KeyUseCases.derive(context);
        var findings = new ArrayList<Finding>();
        derived.missing().forEach(m -> findings.add(new Finding(severity(), ID, m.urn(), m.message())));
        if (derived.cases().isEmpty()) {
            return findings;
        }
        var verdicts = simulator.get().run(derived.cases().stream().map(KeyUseCases.Case::request).toList());
        for (int i = 0; i < verdicts.size(); i++) {
            var c = derived.cases().get(i);
            var verdict = verdicts.get(i);
            if (verdict.error()) {
                findings.add(new Finding(severity(), ID, c.urn(), "the simulator cannot evaluate " + c.who() + ": " + c.what()
                        + " (" + String.join("; ", verdict.errors()) + ")"));
            } else if (verdict.allowed() != c.mustBeAllowed()) {
                findings.add(new Finding(severity(), ID, c.urn(), (c.mustBeAllowed() ? "denied, but needed: " : "allowed, but must not be: ")
                        + c.who() + ", " + c.what() + " (simulator: " + verdict.result() + ")"));
            }
        }
        return findings;
    }
}
