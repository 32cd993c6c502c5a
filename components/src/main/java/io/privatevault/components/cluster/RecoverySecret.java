package io.privatevault.components.cluster;

import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretPolicy;
import com.pulumi.aws.secretsmanager.SecretPolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The secret that receives Vault's recovery keys, for either platform. Pulumi creates it empty, so its value never
 * enters state; only the initialiser (a node, or the init Job) writes it. Its resource policy lets the node role write
 * it and the break-glass roles read it, and denies both to everyone else, whatever their IAM policy says; the data
 * key's policy fences it the same way (kms/KeyPolicies); every access raises an alarm (AccessAlarms). It is protected:
 * Pulumi refuses to delete or replace it.
 */
public final class RecoverySecret {
    /** Writes of the value (and ways to change which version is current). */
    static final String[] WRITE_ACTIONS = {"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage",
            "secretsmanager:RotateSecret"};

    private RecoverySecret() {
    }

    /** {@code private-vault/<cluster>/recovery-}: the name prefix (the provider appends a unique suffix). */
    public static String namePrefix(String cluster) {
        return "private-vault/" + cluster + "/recovery-";
    }

    /** Whether {@code namePrefix} (a secret's input) is a recovery secret's, of any cluster. */
    public static boolean isRecoveryNamePrefix(Object namePrefix) {
        // namePrefix(cluster) with any one-segment cluster name
        return namePrefix instanceof String p && p.matches("private-vault/[^/]+/recovery-");
    }

    /**
     * Every recovery secret of this naming in the account and Region (and the init lock named after it): what the
     * data key's policy fences off. Secrets Manager appends {@code -} and six characters to a secret's name in its ARN.
     */
    public static String arnPattern(String region, String accountId) {
        return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + namePrefix("*") + "*";
    }

    public static Secret create(String name, String cluster, String writer, Output<String> kmsKeyArn,
                                Map<String, String> tags, CustomResourceOptions options) {
        return new Secret(name + "-recovery", SecretArgs.builder()
                .namePrefix(namePrefix(cluster))
                .description("Vault recovery keys for " + cluster + " (written by " + writer + ")")
                .kmsKeyId(kmsKeyArn)
                .recoveryWindowInDays(30)
                .tags(tags)
                .build(), CustomResourceOptions.merge(options, CustomResourceOptions.builder().protect(true).build()));
    }

    /** The resource policy: the nodes write, the break-glass roles read, nobody else does either. */
    public static SecretPolicy restrict(String name, Secret secret, Output<String> nodeRoleArn, Output<List<String>> breakGlass,
                                        CustomResourceOptions options) {
        return new SecretPolicy(name + "-recovery", SecretPolicyArgs.builder()
                .secretArn(secret.arn())
                .policy(Output.tuple(nodeRoleArn, breakGlass).applyValue(t -> policy(t.t1, t.t2).toJson()))
                // Secrets Manager refuses a policy that grants broad access (its Zelkova check).
                .blockPublicPolicy(true)
                .build(), options);
    }

    /**
     * Explicit denies, so no identity policy (an account administrator's {@code secretsmanager:*} on {@code *}
     * included) can read or overwrite the value; with no break-glass role, nobody reads it until one is named.
     */
    static PolicyDocument policy(String nodeRoleArn, List<String> breakGlass) {
        var read = Statement.deny("OnlyBreakGlassReads").principal("AWS", "*").actions("secretsmanager:GetSecretValue").resources("*");
        if (!breakGlass.isEmpty()) {
            read.condition("ArnNotEquals", "aws:PrincipalArn", breakGlass);
        }
        var statements = new ArrayList<Statement>();
        statements.add(read.build());
        statements.add(Statement.deny("OnlyNodesWrite").principal("AWS", "*").actions(WRITE_ACTIONS).resources("*")
                .condition("ArnNotEquals", "aws:PrincipalArn", nodeRoleArn).build());
        return new PolicyDocument(List.copyOf(statements));
    }

    /** What a break-glass role's IAM policy needs to read the secret (its value, and the data key through Secrets Manager). */
    public static PolicyDocument readerPolicy(String secretArn, String dataKeyArn, String region) {
        return PolicyDocument.of(
                Statement.allow("ReadRecoveryMaterial").actions("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")
                        .resources(secretArn).build(),
                Statement.allow("DecryptRecoveryMaterial").actions("kms:Decrypt").resources(dataKeyArn)
                        .condition("StringEquals", "kms:ViaService", "secretsmanager." + region + ".amazonaws.com").build());
    }
}
