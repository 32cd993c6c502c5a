package io.privatevault.components.cluster;

import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;

import java.util.Map;

/**
 * The secret that receives Vault's recovery keys and initial root token, for either platform. Pulumi creates it
 * empty, so its value never enters state; only the initialiser (a node, or the init Job) writes it.
 */
public final class RecoverySecret {
    private RecoverySecret() {
    }

    public static Secret create(String name, String cluster, String writer, Output<String> kmsKeyArn,
                                Map<String, String> tags, CustomResourceOptions options) {
        return new Secret(name + "-recovery", SecretArgs.builder()
                .namePrefix("private-vault/" + cluster + "/recovery-")
                .description("Vault recovery keys and initial root token for " + cluster + " (written by " + writer + ")")
                .kmsKeyId(kmsKeyArn)
                .recoveryWindowInDays(30)
                .tags(tags)
                .build(), options);
    }
}
