package io.privatevault.components.dns;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

/** Another VPC in this account that resolves the private zone. */
public final class DnsVpcAssociationArgs extends ResourceArgs {
    /** Required. The VPC id. */
    @Import(name = "vpcId", required = true)
    private Output<String> vpcId;

    /** The VPC's region. Default: the provider's region. */
    @Import(name = "vpcRegion")
    private String vpcRegion;

    private DnsVpcAssociationArgs() {
    }

    public static DnsVpcAssociationArgs of(Output<String> vpcId, String vpcRegion) {
        var args = new DnsVpcAssociationArgs();
        args.vpcId = vpcId;
        args.vpcRegion = vpcRegion;
        return args;
    }

    public Output<String> vpcId() {
        return vpcId;
    }

    public String vpcRegion() {
        return vpcRegion;
    }
}
