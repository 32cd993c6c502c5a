package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.nlb.NlbClientSecurityGroupArgs;
import io.privatevault.components.support.Problems;

import java.util.List;
import java.util.Map;

/**
 * Inputs of {@link InternalNlb}. Every field is optional unless marked required; a missing field takes the
 * default documented on it (also when the component is constructed from another Pulumi language).
 */
public final class InternalNlbArgs extends ResourceArgs {
    /** Required. VPC of the load balancer and its targets. */
    @Import(name = "vpcId", required = true)
    private Output<String> vpcId;

    /** Required. Private subnets (one per AZ) the load balancer gets an address in. */
    @Import(name = "subnetIds", required = true)
    private Output<List<String>> subnetIds;

    /** Required. Where the targets live: the NLB may send traffic and health checks there on the Vault port only. */
    @Import(name = "targetCidr", required = true)
    private Output<String> targetCidr;

    /**
     * CIDRs allowed in on the Vault port: client VPCs and attached VPCs. Default none: the NLB then admits nothing
     * until a rule is added to its security group (ClientVpn adds its own; the group id is an output).
     */
    @Import(name = "clientCidrs")
    private List<String> clientCidrs;

    /** Security groups allowed in on the Vault port (e.g. the Client VPN endpoint's). Default none. */
    @Import(name = "clientSecurityGroups")
    private List<NlbClientSecurityGroupArgs> clientSecurityGroups;

    /** Listener and target port. Default 8200 (Vault's API). */
    @Import(name = "port")
    private Integer port;

    /** Deletion protection. Default true (secure by default; development stacks opt out to allow destroy). */
    @Import(name = "deletionProtection")
    private Boolean deletionProtection;

    /** {@code instance} (EC2 Auto Scaling) or {@code ip} (pods on Kubernetes). Default {@code instance}. */
    @Import(name = "targetType")
    private String targetType;

    /**
     * Whether targets see the client's address instead of the NLB's. Default true: Vault's audit log then names the
     * real caller, and AppRole and token CIDR bindings can work. AWS turns it on by default only for instance
     * targets; for ip targets it must be set, and it needs the targets in the NLB's VPC, reached directly.
     */
    @Import(name = "preserveClientIp")
    private Boolean preserveClientIp;

    /** Tags for every resource. Default none. */
    @Import(name = "tags")
    private Map<String, String> tags;

    private InternalNlbArgs() {
    }

    public Output<String> vpcId() { return vpcId; }
    public Output<List<String>> subnetIds() { return subnetIds; }
    public Output<String> targetCidr() { return targetCidr; }
    public List<String> clientCidrs() { return clientCidrs == null ? List.of() : clientCidrs; }
    public List<NlbClientSecurityGroupArgs> clientSecurityGroups() { return clientSecurityGroups == null ? List.of() : clientSecurityGroups; }
    public int port() { return port == null ? 8200 : port; }
    public boolean deletionProtection() { return deletionProtection == null || deletionProtection; }
    public String targetType() { return targetType == null ? "instance" : targetType; }
    public boolean preserveClientIp() { return preserveClientIp == null || preserveClientIp; }
    public Map<String, String> tags() { return tags == null ? Map.of() : tags; }

    InternalNlbArgs validate() {
        var p = Problems.of("InternalNlbArgs");
        p.require(vpcId != null, "vpcId", null, "set");
        p.require(subnetIds != null, "subnetIds", null, "set");
        p.require(targetCidr != null, "targetCidr", null, "set");
        for (String cidr : clientCidrs()) {
            if (p.cidr("clientCidrs", cidr) != null) {
                p.require(!cidr.equals("0.0.0.0/0"), "clientCidrs", cidr, "private client ranges, never 0.0.0.0/0");
            }
        }
        p.unique("clientCidrs", clientCidrs());
        for (var group : clientSecurityGroups()) {
            p.require(group != null && group.securityGroupId() != null, "clientSecurityGroups", null,
                    "entries with a securityGroupId");
        }
        p.between("port", port(), 1, 65535);
        p.require(List.of("instance", "ip").contains(targetType()), "targetType", targetType(), "instance or ip");
        p.orThrow();
        return this;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final InternalNlbArgs a = new InternalNlbArgs();

        public Builder vpcId(Output<String> v) { a.vpcId = v; return this; }
        public Builder subnetIds(Output<List<String>> v) { a.subnetIds = v; return this; }
        public Builder targetCidr(Output<String> v) { a.targetCidr = v; return this; }
        public Builder clientCidrs(List<String> v) { a.clientCidrs = List.copyOf(v); return this; }
        public Builder clientSecurityGroups(List<NlbClientSecurityGroupArgs> v) { a.clientSecurityGroups = List.copyOf(v); return this; }
        public Builder port(int v) { a.port = v; return this; }
        public Builder deletionProtection(boolean v) { a.deletionProtection = v; return this; }
        public Builder targetType(String v) { a.targetType = v; return this; }
        public Builder preserveClientIp(boolean v) { a.preserveClientIp = v; return this; }
        public Builder tags(Map<String, String> v) { a.tags = Map.copyOf(v); return this; }

        public InternalNlbArgs build() {
            return a.validate();
        }
    }
}
