package io.privatevault.components;

import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.lb.Listener;
import com.pulumi.aws.lb.ListenerArgs;
import com.pulumi.aws.lb.LoadBalancer;
import com.pulumi.aws.lb.LoadBalancerArgs;
import com.pulumi.aws.lb.TargetGroup;
import com.pulumi.aws.lb.TargetGroupArgs;
import com.pulumi.aws.lb.inputs.ListenerDefaultActionArgs;
import com.pulumi.aws.lb.inputs.TargetGroupHealthCheckArgs;
import com.pulumi.aws.lb.inputs.TargetGroupTargetHealthStateArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.nlb.VaultHealthCheck;

import javax.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An internal Network Load Balancer in front of Vault: TCP passthrough (Vault terminates TLS), HTTPS health
 * checks that admit only active and standby nodes, fast removal of dead ones, and its own security group
 * (AWS only lets an NLB have security groups if it is created with one). See nlb/README.md.
 */
public final class InternalNlb extends ComponentResource {
    @Export(name = "dnsName", refs = {String.class})
    public final Output<String> dnsName;
    /** The NLB's canonical hosted zone, for alias records. */
    @Export(name = "zoneId", refs = {String.class})
    public final Output<String> zoneId;
    @Export(name = "loadBalancerArn", refs = {String.class})
    public final Output<String> loadBalancerArn;
    @Export(name = "targetGroupArn", refs = {String.class})
    public final Output<String> targetGroupArn;
    @Export(name = "securityGroupId", refs = {String.class})
    public final Output<String> securityGroupId;
    @Export(name = "listenerArn", refs = {String.class})
    public final Output<String> listenerArn;
    /** Seconds from a node's death to its removal from the pool, from the health-check settings. */
    @Export(name = "worstCaseRemovalSeconds", refs = {Integer.class})
    public final Output<Integer> worstCaseRemovalSeconds;

    public InternalNlb(String name, InternalNlbArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:InternalNlb", name, null, ComponentLifecycle.validated(args.validate(), options));
        var child = CustomResourceOptions.builder().parent(this).build();
        int port = args.port();

        var group = new SecurityGroup(name + "-nlb", SecurityGroupArgs.builder()
                .vpcId(args.vpcId())
                .description("Vault NLB " + name + ": clients in on " + port + ", out to the targets on " + port)
                .revokeRulesOnDelete(true)
                .tags(args.tags())
                .build(), child);
        int i = 0;
        for (String cidr : args.clientCidrs()) {
            new SecurityGroupIngressRule(name + "-client-cidr-" + i++, SecurityGroupIngressRuleArgs.builder()
                    .securityGroupId(group.id()).ipProtocol("tcp").fromPort(port).toPort(port)
                    .cidrIpv4(cidr).description("Vault clients " + cidr).build(), child);
        }
        i = 0;
        for (var client : args.clientSecurityGroups()) {
            new SecurityGroupIngressRule(name + "-client-sg-" + i++, SecurityGroupIngressRuleArgs.builder()
                    .securityGroupId(group.id()).ipProtocol("tcp").fromPort(port).toPort(port)
                    .referencedSecurityGroupId(client.securityGroupId()).description(client.description()).build(), child);
        }
        // Traffic and health checks to the targets, on the Vault port only.
        new SecurityGroupEgressRule(name + "-to-targets", SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(group.id()).ipProtocol("tcp").fromPort(port).toPort(port)
                .cidrIpv4(args.targetCidr()).description("Vault targets and health checks").build(), child);

        var balancer = new LoadBalancer(name + "-nlb", LoadBalancerArgs.builder()
                .loadBalancerType("network")
                .internal(true)
                .ipAddressType("ipv4")
                .subnets(args.subnetIds())
                .securityGroups(group.id().applyValue(List::of))
                .enableCrossZoneLoadBalancing(true)
                .enableDeletionProtection(args.deletionProtection())
                .enforceSecurityGroupInboundRulesOnPrivateLinkTraffic("on")
                .tags(args.tags())
                .build(), child);

        var targets = TargetGroupArgs.builder()
                .vpcId(args.vpcId())
                .port(port)
                .protocol("TCP")
                .targetType(args.targetType())
                .deregistrationDelay(VaultHealthCheck.DEREGISTRATION_DELAY_SECONDS)
                .connectionTermination(true)
                .targetHealthStates(TargetGroupTargetHealthStateArgs.builder().enableUnhealthyConnectionTermination(true).build())
                .healthCheck(TargetGroupHealthCheckArgs.builder()
                        .enabled(true)
                        .protocol("HTTPS")
                        .port("traffic-port")
                        .path(VaultHealthCheck.PATH)
                        .matcher(VaultHealthCheck.MATCHER)
                        .interval(VaultHealthCheck.INTERVAL_SECONDS)
                        .timeout(VaultHealthCheck.TIMEOUT_SECONDS)
                        .healthyThreshold(VaultHealthCheck.HEALTHY_THRESHOLD)
                        .unhealthyThreshold(VaultHealthCheck.UNHEALTHY_THRESHOLD)
                        .build())
                .tags(args.tags());
        // Set on both target types: the default differs (on for instance, off for ip targets over TCP).
        targets.preserveClientIp(String.valueOf(args.preserveClientIp()));
        var targetGroup = new TargetGroup(name + "-vault", targets.build(), child);

        var listener = new Listener(name + "-vault", ListenerArgs.builder()
                .loadBalancerArn(balancer.arn())
                .port(port)
                .protocol("TCP")
                .defaultActions(ListenerDefaultActionArgs.builder().type("forward").targetGroupArn(targetGroup.arn()).build())
                .tags(args.tags())
                .build(), child);

        this.dnsName = balancer.dnsName();
        this.zoneId = balancer.zoneId();
        this.loadBalancerArn = balancer.arn();
        this.targetGroupArn = targetGroup.arn();
        this.securityGroupId = group.id();
        this.listenerArn = listener.arn();
        this.worstCaseRemovalSeconds = Output.of(VaultHealthCheck.worstCaseRemovalSeconds());
        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("dnsName", dnsName);
        outputs.put("zoneId", zoneId);
        outputs.put("loadBalancerArn", loadBalancerArn);
        outputs.put("targetGroupArn", targetGroupArn);
        outputs.put("securityGroupId", securityGroupId);
        outputs.put("listenerArn", listenerArn);
        outputs.put("worstCaseRemovalSeconds", worstCaseRemovalSeconds);
        registerOutputs(outputs);
    }
}
