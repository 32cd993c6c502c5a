package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Boot order: an Auto Scaling group starts instances the moment it exists, and their first boot calls AWS (packages
 * from S3, the TLS bundle from Secrets Manager, the KMS seal, CloudWatch Logs) with the permissions of their role and
 * through their security group's egress rules. So the group must come after, directly or through what it depends on:
 * every VPC endpoint and every route to a NAT gateway of the stack (how the private subnets reach AWS), every egress
 * rule of the security groups its launch template names, every policy of the role its instance profile carries, and
 * the value (secret version) of every secret its launch template names. Judged from the plan's dependency graph
 * (explicit dependsOn and every input taken from another resource), which is the order the engine creates them in.
 */
final class BootOrderRule extends DescribedRule {
    static final String ID = "boot-order";
    static final String GROUP = AwsSchema.AutoScalingGroup.TYPE;
    static final String LAUNCH_TEMPLATE = AwsSchema.LaunchTemplate.TYPE;
    static final String INSTANCE_PROFILE = "aws:iam/instanceProfile:InstanceProfile";
    static final String ROLE = AwsSchema.Role.TYPE;
    static final String ROLE_POLICY = AwsSchema.RolePolicy.TYPE;
    static final String SECURITY_GROUP = AwsSchema.SecurityGroup.TYPE;
    static final String EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    static final String SECRET = AwsSchema.SecretsManagerSecret.TYPE;
    static final String SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
    static final String VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    static final String ROUTE = "aws:ec2/route:Route";

    BootOrderRule() {
        super(ID, Severity.HIGH,
                "Instances that boot before their endpoints, egress rules, permissions or secrets exist fail cloud-init and the KMS seal, and sit dead until replaced.",
                "Make the Auto Scaling group depend on them (VaultRaftClusterArgs.bootDependencies = PrivateVaultNetwork.egressIds; the cluster adds its own).",
                List.of(GROUP, LAUNCH_TEMPLATE, INSTANCE_PROFILE, ROLE, ROLE_POLICY, SECURITY_GROUP,
                EGRESS_RULE, SECRET, SECRET_VERSION, VPC_ENDPOINT, ROUTE));
    }

    @Override
    public List<Finding> evaluate(PolicyContext ctx) {
        var findings = new ArrayList<Finding>();
        for (var group : ctx.ofType(GROUP)) {
            Set<String> before = closure(ctx, group);
            var needed = new ArrayList<RecordedResource>();
            needed.addAll(ctx.ofType(VPC_ENDPOINT));
            ctx.ofType(ROUTE).stream().filter(r -> Inputs.present(r.input("natGatewayId"))).forEach(needed::add);
            for (var template : within(ctx, before, LAUNCH_TEMPLATE)) {
                Set<String> templateNeeds = closure(ctx, template);
                for (var sg : within(ctx, templateNeeds, SECURITY_GROUP)) {
                    needed.addAll(ctx.dependents(sg, EGRESS_RULE));
                }
                for (var profile : within(ctx, templateNeeds, INSTANCE_PROFILE)) {
                    for (var role : within(ctx, closure(ctx, profile), ROLE)) {
                        needed.addAll(ctx.dependents(role, ROLE_POLICY));
                    }
                }
                for (var secret : within(ctx, templateNeeds, SECRET)) {
                    needed.addAll(ctx.dependents(secret, SECRET_VERSION));
                }
            }
            var missing = needed.stream().filter(r -> !before.contains(r.urn())).map(r -> r.type() + " " + r.name())
                    .distinct().sorted().toList();
            if (!missing.isEmpty()) {
                findings.add(new Finding(severity(), ID, group.urn(),
                        "the group can start instances before what their first boot needs exists: " + String.join(", ", missing)));
            }
        }
        return findings;
    }

    /** Every resource {@code start} waits for, directly or through others. */
    private static Set<String> closure(PolicyContext ctx, RecordedResource start) {
        var seen = new HashSet<String>();
        var queue = new ArrayDeque<>(start.dependencies());
        while (!queue.isEmpty()) {
            String urn = queue.pop();
            if (seen.add(urn)) {
                var r = ctx.byUrn(urn);
                if (r != null) {
                    queue.addAll(r.dependencies());
                }
            }
        }
        return seen;
    }

    private static List<RecordedResource> within(PolicyContext ctx, Set<String> urns, String type) {
        return ctx.ofType(type).stream().filter(r -> urns.contains(r.urn())).toList();
    }
}
