package io.privatevault.components.cluster;

import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.privatevault.components.VaultRaftClusterArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The EC2 nodes' security group and its rules, one rule resource each (the group itself has no inline rules).
 * 8200 from the NLB's security group, the declared client CIDRs and the group itself; 8201 only within the group.
 * Egress: 443 to the VPC (interface endpoints) and the S3 prefix list, 8200/8201 within the group, each declared
 * integration (VaultRaftClusterArgs.integrationEgress) on its port, and 443 anywhere only when Vault is downloaded
 * through NAT.
 *
 * @param group the security group
 * @param rules every ingress and egress rule: a node needs its egress before it boots, so whoever launches nodes can
 *              depend on these
 */
public record NodeSecurityGroup(SecurityGroup group, List<Resource> rules) {

    public Output<String> id() {
        return group.id();
    }

    public static NodeSecurityGroup create(String name, String cluster, VaultRaftClusterArgs args, Map<String, String> tags,
                                           CustomResourceOptions child) {
        var nameTags = new TreeMap<>(tags);
        nameTags.put("Name", cluster + "-nodes");
        var group = new SecurityGroup(name + "-nodes", SecurityGroupArgs.builder()
                .vpcId(args.vpcId())
                .description("Vault Raft nodes " + cluster)
                .revokeRulesOnDelete(true)
                .tags(nameTags)
                .build(), child);
        var rules = new ArrayList<Resource>();
        Output<String> self = group.id();
        int api = VaultServerConfig.API_PORT;
        int raft = VaultServerConfig.CLUSTER_PORT;
        rules.add(ingress(name + "-api-from-nlb", group, api, "Vault API from the NLB", b -> b.referencedSecurityGroupId(args.nlbSecurityGroupId()), child));
        rules.add(ingress(name + "-api-from-nodes", group, api, "Vault API between nodes (Raft joins)", b -> b.referencedSecurityGroupId(self), child));
        rules.add(ingress(name + "-cluster-from-nodes", group, raft, "Raft and request forwarding", b -> b.referencedSecurityGroupId(self), child));
        int i = 0;
        for (String cidr : args.clientCidrs()) {
            rules.add(ingress(name + "-api-from-client-" + i++, group, api, "Vault API from client " + cidr, b -> b.cidrIpv4(cidr), child));
        }
        rules.add(egress(name + "-https-to-vpc", group, 443, "AWS interface endpoints", b -> b.cidrIpv4(args.vpcCidr()), child));
        rules.add(egress(name + "-api-to-nodes", group, api, "Vault API between nodes", b -> b.referencedSecurityGroupId(self), child));
        rules.add(egress(name + "-cluster-to-nodes", group, raft, "Raft and request forwarding", b -> b.referencedSecurityGroupId(self), child));
        if (args.s3PrefixListId() != null) {
            rules.add(egress(name + "-https-to-s3", group, 443, "S3 gateway endpoint", b -> b.prefixListId(args.s3PrefixListId()), child));
        }
        // Each declared integration (Kubernetes API, PostgreSQL, OIDC provider, ...) on its own port only.
        for (var integration : args.integrationEgress()) {
            rules.add(egress(name + "-to-" + integration.name(), group, integration.port(), "Vault calls " + integration.name(),
                    b -> b.cidrIpv4(integration.cidr()), child));
        }
        if (args.downloadsThroughNat()) {
            rules.add(egress(name + "-https-to-internet", group, 443, "Vault release download through NAT", b -> b.cidrIpv4("0.0.0.0/0"), child));
        }
        return new NodeSecurityGroup(group, List.copyOf(rules));
    }

    private static Resource ingress(String name, SecurityGroup group, int port, String description,
                                    Consumer<SecurityGroupIngressRuleArgs.Builder> source, CustomResourceOptions child) {
        var b = SecurityGroupIngressRuleArgs.builder().securityGroupId(group.id()).ipProtocol("tcp")
                .fromPort(port).toPort(port).description(description);
        source.accept(b);
        return new SecurityGroupIngressRule(name, b.build(), child);
    }

    private static Resource egress(String name, SecurityGroup group, int port, String description,
                                   Consumer<SecurityGroupEgressRuleArgs.Builder> destination, CustomResourceOptions child) {
        var b = SecurityGroupEgressRuleArgs.builder().securityGroupId(group.id()).ipProtocol("tcp")
                .fromPort(port).toPort(port).description(description);
        destination.accept(b);
        return new SecurityGroupEgressRule(name, b.build(), child);
    }
}
