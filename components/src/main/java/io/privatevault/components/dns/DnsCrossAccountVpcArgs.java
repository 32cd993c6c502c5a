package io.privatevault.components.dns;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

/**
 * A VPC in another AWS account that may associate itself with the private zone. This account only authorises;
 * the other account completes the association with its own credentials (see dns/README.md).
 */
public final class DnsCrossAccountVpcArgs extends ResourceArgs {
    /** Required. The other account's VPC id. */
    @Import(name = "vpcId", required = true)
    private Output<String> vpcId;

    /** Required. The VPC's region (Route 53 needs it for a VPC it cannot see). */
    @Import(name = "vpcRegion", required = true)
    private String vpcRegion;

    /** Required. The VPC owner's 12-digit account id (recorded for review; Route 53 derives it from the VPC). */
    @Import(name = "accountId", required = true)
    private String accountId;

    private DnsCrossAccountVpcArgs() {
    }

    public static DnsCrossAccountVpcArgs of(Output<String> vpcId, String vpcRegion, String accountId) {
        var args = new DnsCrossAccountVpcArgs();
        args.vpcId = vpcId;
        args.vpcRegion = vpcRegion;
        args.accountId = accountId;
        return args;
    }

    public Output<String> vpcId() {
        return vpcId;
    }

    public String vpcRegion() {
        return vpcRegion;
    }

    public String accountId() {
        return accountId;
    }
}
