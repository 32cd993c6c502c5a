package io.privatevault.plan.insights;

import com.pulumi.Context;
import com.pulumi.aws.iam.Policy;
import com.pulumi.aws.iam.PolicyArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.resources.CustomResourceOptions;

import java.util.function.Consumer;

/**
 * SYNTHETIC STAND-IN for the benchmark's self-test only: registers one key, a policy per tenant and a secret per
 * engineer, so the harness's self-test runs in a fraction of a second. It says nothing about the real plan's speed.
 */
public final class SyntheticStandInProgram implements BenchmarkProgram {
    @Override
    public Consumer<Context> program(int tenants, int engineers) {
        return ctx -> {
            var key = new Key("standin-key", KeyArgs.builder().enableKeyRotation(true).build());
            var child = CustomResourceOptions.builder().dependsOn(key).build();
            for (int t = 0; t < tenants; t++) {
                new Policy("standin-tenant-" + t, PolicyArgs.builder()
                        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"arn:aws:kms:us-east-1:123456789012:key/x\"}]}")
                        .build(), child);
            }
            for (int e = 0; e < engineers; e++) {
                new Secret("standin-engineer-" + e, SecretArgs.builder().kmsKeyId(key.arn()).build());
            }
            ctx.export("keyArn", key.arn());
        };
    }
}
