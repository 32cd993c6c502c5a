package io.privatevault.components.support;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.inputs.GetCallerIdentityArgs;
import com.pulumi.aws.inputs.GetRegionArgs;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.Resource;

/** Account and region of the provider a component's children use (looked up once per component). */
public record AwsEnvironment(Output<String> accountId, Output<String> region) {
    public static AwsEnvironment of(Resource parent) {
        var options = InvokeOptions.builder().parent(parent).build();
        return new AwsEnvironment(
                AwsFunctions.getCallerIdentity(GetCallerIdentityArgs.Empty, options).applyValue(r -> r.accountId()),
                AwsFunctions.getRegion(GetRegionArgs.Empty, options).applyValue(r -> r.name()));
    }

    /** {@code arn:aws:iam::<account>:root}: the account itself as a principal (IAM policies then decide). */
    public Output<String> accountRootArn() {
        return accountId.applyValue(id -> "arn:aws:iam::" + id + ":root");
    }
}
