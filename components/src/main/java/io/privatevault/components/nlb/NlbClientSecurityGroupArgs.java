package io.privatevault.components.nlb;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

/** A security group whose members may reach the NLB on the Vault port (e.g. the Client VPN endpoint's). */
public final class NlbClientSecurityGroupArgs extends ResourceArgs {
    /** Required. The security group id. */
    @Import(name = "securityGroupId", required = true)
    private Output<String> securityGroupId;

    /** Shown on the rule. Default {@code Vault clients}. */
    @Import(name = "description")
    private String description;

    private NlbClientSecurityGroupArgs() {
    }

    public static NlbClientSecurityGroupArgs of(Output<String> securityGroupId, String description) {
        var args = new NlbClientSecurityGroupArgs();
        args.securityGroupId = securityGroupId;
        args.description = description;
        return args;
    }

    public Output<String> securityGroupId() {
        return securityGroupId;
    }

    public String description() {
        return description == null ? "Vault clients" : description;
    }
}
