package io.privatevault.plan.insights;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.testing.UsesTools;
import io.privatevault.plan.PlanReport;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key-use check, judged by the IAM policy simulator: quiet on every shipped platform stack (and not vacuously: it
 * judged uses that must be allowed and uses that must be refused), firing when a key policy opens a side door or
 * closes a service path, and reported as not run, never passed, without the simulator.
 */
class KeyUseRuleTest {
    private static final KeyUseRule RULE = new KeyUseRule();

    private static PolicyContext context(String stack, List<RecordedResource> resources) {
        PlanReport plan = TestStacks.plan(stack);
        return new PolicyContext(resources, plan.renderedFiles(), plan.outputs(), plan.settings().environment().id());
    }

    private static PolicyContext context(String stack) {
        return context(stack, TestStacks.plan(stack).resources());
    }

    /** The plan of {@code stack} with the policy of the key named {@code keyName} rewritten by {@code edit}. */
    private static PolicyContext withKeyPolicy(String stack, String keyName, UnaryOperator<JsonObject> edit) {
        var resources = TestStacks.plan(stack).resources().stream().map(r -> {
            if (!r.type().equals(AwsSchema.KmsKey.TYPE) || !r.name().equals(keyName)) {
                return r;
            }
            var policy = JsonParser.parseString((String) r.input(AwsSchema.KmsKey.POLICY)).getAsJsonObject();
            var inputs = new HashMap<>(r.inputs());
            inputs.put(AwsSchema.KmsKey.POLICY, edit.apply(policy).toString());
            return r.withInputs(inputs);
        }).toList();
        return context(stack, resources);
    }

    private static JsonObject statement(JsonObject policy, String sid) {
        for (var s : policy.getAsJsonArray("Statement")) {
            if (s.getAsJsonObject().has("Sid") && s.getAsJsonObject().get("Sid").getAsString().equals(sid)) {
                return s.getAsJsonObject();
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    private static JsonObject withoutStatements(JsonObject policy, String... sids) {
        var kept = new JsonArray();
        for (var s : policy.getAsJsonArray("Statement")) {
            var sid = s.getAsJsonObject().get("Sid");
            if (sid == null || !List.of(sids).contains(sid.getAsString())) {
                kept.add(s);
            }
        }
        assertEquals(policy.getAsJsonArray("Statement").size() - sids.length, kept.size(), "statements to remove " + List.of(sids));
        policy.add("Statement", kept);
        return policy;
    }

    @UsesTools
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "k8s"})
    void everyShippedStackPassesAndTheCheckJudgedBothWays(String stack) {
        var ctx = context(stack);
        var derived = KeyUseCases.derive(ctx);
        assertEquals(List.of(), derived.missing());
        assertTrue(derived.cases().stream().filter(KeyUseCases.Case::mustBeAllowed).count() >= 20, derived.cases().size() + " cases");
        assertTrue(derived.cases().stream().filter(c -> !c.mustBeAllowed()).count() >= 20, derived.cases().size() + " cases");
        assertEquals(List.of(), RULE.evaluate(ctx));
        // The plan itself ran the check: it is not among the checks not run.
        assertEquals(List.of(), TestStacks.plan(stack).insights().findings().notRun());
    }

    /**
     * Issue 15's "key administrators can use the seal key": an admin statement with {@code kms:Create*} includes
     * {@code kms:CreateGrant} (AWS KMS developer guide, "Allows key administrators to administer the KMS key" warns that
     * the default key administrator permissions let them create grants), and a grant hands the key to anyone.
     */
    @UsesTools
    @Test
    void firesWhenKeyAdministratorsMayCreateGrantsOnTheSealKey() {
        var ctx = withKeyPolicy("prod", "vault-kms-seal", p -> {
            statement(p, "KeyAdministration").getAsJsonArray("Action").add("kms:Create*");
            return p;
        });
        var findings = RULE.evaluate(ctx);
        assertFalse(findings.isEmpty());
        assertTrue(findings.stream().allMatch(f -> f.rule().equals(KeyUseRule.ID) && f.severity() == Severity.HIGH));
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("allowed, but must not be: key administrator")
                && f.message().contains("kms:CreateGrant")), findings.toString());
    }

    /**
     * The data key with AWS's default key policy ("Enable IAM User Permissions": the account root, kms:*) lets any role
     * whose IAM policy allows KMS decrypt the snapshots and the recovery secret outside any service path.
     */
    @UsesTools
    @Test
    void firesWhenTheDataKeyTrustsTheWholeAccount() {
        var ctx = withKeyPolicy("dev", "vault-kms-data", p -> {
            var root = new JsonObject();
            root.addProperty("Sid", "Enable IAM User Permissions");
            root.addProperty("Effect", "Allow");
            var principal = new JsonObject();
            principal.addProperty("AWS", "arn:aws:iam::123456789012:root");
            root.add("Principal", principal);
            root.addProperty("Action", "kms:*");
            root.addProperty("Resource", "*");
            p.getAsJsonArray("Statement").add(root);
            return p;
        });
        var findings = RULE.evaluate(ctx);
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("allowed, but must not be: an unrelated")
                || f.message().startsWith("allowed, but must not be: a ")), findings.toString());
    }

    /**
     * Issue 14 item 3: on Kubernetes EBS creates Vault's volumes for the CSI driver through EC2; without the key
     * policy's EC2 path for the driver role no IAM policy can grant it (IAM cannot exceed the key policy).
     */
    @UsesTools
    @Test
    void firesWhenTheCsiDriverCannotUseTheStorageClassKey() {
        var ctx = withKeyPolicy("k8s", "vault-kms-data", p -> withoutStatements(p, "EbsCsiDriverVolumes", "EbsCsiDriverVolumeGrants"));
        var findings = RULE.evaluate(ctx);
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("denied, but needed: the EBS CSI driver role")
                && f.urn().contains("StorageClass")), findings.toString());
    }

    /** Issue 14 item 11: the Auto Scaling service-linked role needs the data key on EC2 (and only there). */
    @UsesTools
    @Test
    void firesWhenAutoScalingCannotUseTheVolumeKey() {
        var ctx = withKeyPolicy("dev", "vault-kms-data", p -> withoutStatements(p, "AutoScalingEncryptedVolumes", "AutoScalingVolumeGrants"));
        var findings = RULE.evaluate(ctx);
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("denied, but needed: the Auto Scaling service-linked role")),
                findings.toString());
        var k8sData = TestStacks.plan("k8s").resources().stream()
                .filter(r -> r.type().equals(AwsSchema.KmsKey.TYPE) && r.name().equals("vault-kms-data")).findFirst().orElseThrow();
        assertFalse(((String) k8sData.input(AwsSchema.KmsKey.POLICY)).contains("AWSServiceRoleForAutoScaling"),
                "no Auto Scaling group on Kubernetes: the data key must not name its role");
    }

    /**
     * Issue 15: the data key let any account principal decrypt through Secrets Manager, so account-wide
     * {@code secretsmanager:GetSecretValue} was Vault's recovery material. The key fences the recovery secret by its
     * {@code kms:EncryptionContext:SecretARN} (Secrets Manager user guide, "Secret encryption and decryption": the
     * encryption context is the secret's ARN); without that condition an account administrator decrypts it.
     */
    @UsesTools
    @Test
    void firesWhenTheDataKeyNoLongerFencesTheRecoverySecret() {
        var ctx = withKeyPolicy("prod", "vault-kms-data", p -> {
            var statement = statement(p, "SecretsThroughSecretsManager");
            statement.getAsJsonObject("Condition").remove("ArnNotLike");
            return p;
        });
        var findings = RULE.evaluate(ctx);
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("allowed, but must not be:")
                && f.message().contains("kms:Decrypt") && f.urn().contains("secretsmanager/secret:Secret")), findings.toString());
    }

    /**
     * Issue 15: snapshots were readable by any account role with S3 read. The bucket policy's explicit deny keeps every
     * principal but the restore role from reading objects, whatever its IAM policy (S3 user guide, "Bucket policy
     * examples": an explicit Deny in a bucket policy overrides any Allow); without it an unrelated administrator
     * downloads a snapshot.
     */
    @UsesTools
    @Test
    void firesWhenTheBucketPolicyNoLongerFencesSnapshotReads() {
        var resources = TestStacks.plan("prod").resources().stream().map(r -> {
            if (!r.type().equals(AwsSchema.BucketPolicy.TYPE) || !r.name().equals("vault-backups")) {
                return r;
            }
            var policy = JsonParser.parseString((String) r.input("policy")).getAsJsonObject();
            var inputs = new HashMap<>(r.inputs());
            inputs.put("policy", withoutStatements(policy, "OnlyRestoreRolesRead").toString());
            return r.withInputs(inputs);
        }).toList();
        var findings = RULE.evaluate(context("prod", resources));
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("allowed, but must not be:")
                && f.message().contains("download a snapshot")), findings.toString());
    }

    /**
     * Issue 15: the recovery secret had no resource policy, so account-wide {@code secretsmanager:GetSecretValue} read
     * it. Without its resource policy an account administrator reads it through Secrets Manager, even though the data
     * key still refuses to decrypt for them: both must refuse.
     */
    @UsesTools
    @Test
    void firesWhenTheRecoverySecretLosesItsResourcePolicy() {
        var resources = TestStacks.plan("prod").resources().stream()
                .filter(r -> !r.type().equals(AwsSchema.SecretPolicy.TYPE)).toList();
        var findings = RULE.evaluate(context("prod", resources));
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("allowed, but must not be:")
                && f.message().contains("secretsmanager:GetSecretValue")), findings.toString());
    }

    @Test
    void withoutTheSimulatorTheCheckIsReportedAsNotRunNeverAsPassed() {
        var nowhere = Path.of("/nonexistent-private-vault");
        var noNode = assertThrows(NotJudgedException.class, () -> IamSimulator.locate(Map.of("PATH", ""), List.of(nowhere)));
        assertTrue(noNode.getMessage().contains("Node.js is not installed"), noNode.getMessage());
        var noPackage = assertThrows(NotJudgedException.class, () -> IamSimulator.locate(
                Map.of("PATH", "", "PRIVATEVAULT_NODE", "/bin/sh"), List.of(nowhere)));
        assertTrue(noPackage.getMessage().contains("npm ci --prefix tools/validators"), noPackage.getMessage());

        var rule = new KeyUseRule(() -> IamSimulator.locate(Map.of("PATH", ""), List.of(nowhere)));
        var report = new PolicyPack(List.of(rule)).evaluate(context("dev"));
        assertEquals(List.of(), report.findings());
        assertEquals(1, report.notRun().size());
        assertEquals(KeyUseRule.ID, report.notRun().get(0).rule());
        assertTrue(report.toText().contains("NOT RUN kms-key-use: Node.js is not installed"), report.toText());
    }
}
