package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.PlanReport;
import io.privatevault.plan.PlanRunner;
import io.privatevault.stack.StackSettings;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two stacks of the project deploy side by side in one account and Region: the per-stack rule
 * ({@code explicit-name-carries-stack}) and the cross-stack check ({@code coexistence}) stay quiet on every shipped
 * stack and fire on deliberately broken ones.
 *
 * <p>AWS documents the namespaces: "The name of the Lambda function ... must be unique within the Region" (Lambda
 * CreateFunction, FunctionName); "Log group names must be unique within a Region for an AWS account" (CloudWatch Logs
 * CreateLogGroup); "The alias name must be unique in the AWS account and Region" (KMS CreateAlias); IAM role names are
 * unique within the account (IAM identifiers); Route 53 refuses to associate a VPC with a second private hosted zone of
 * the same name (ConflictingDomainExists, AssociateVPCWithHostedZone).
 */
class CoexistenceTest {
    private static Coexistence.StackNames names(String stack, PlanReport report) {
        return new Coexistence.StackNames(stack, PlanRunner.PLAN_ACCOUNT_ID, report.settings().region(), report.resources());
    }

    @Test
    void everyShippedStackCoexistsWithEveryOther() throws Exception {
        var plans = new ArrayList<Coexistence.StackNames>();
        for (String stack : TestStacks.shippedStacks()) {
            var report = TestStacks.plan(stack);
            plans.add(names(stack, report));
            assertEquals(List.of(), Coexistence.RULE.evaluate(new PolicyContext(report.resources(), Map.of(), Map.of(),
                    report.settings().environment().id())), stack);
        }
        assertEquals(List.of(), Coexistence.across(plans));
        // It compared something: the VPN's function and log groups, the node role, the KMS aliases, the zone in each VPC.
        var dev = plans.get(TestStacks.shippedStacks().indexOf("dev")).names();
        assertTrue(dev.stream().anyMatch(n -> n.kind().equals("Lambda function") && n.value().equals("AWSClientVPN-private-vault-dev-vault-vpn-connect")), dev.toString());
        assertTrue(dev.stream().anyMatch(n -> n.kind().equals("CloudWatch log group") && n.value().equals("/aws/clientvpn/private-vault-dev-vault-vpn")), dev.toString());
        assertTrue(dev.stream().anyMatch(n -> n.kind().equals("private hosted zone")), dev.toString());
    }

    /** The names main shipped: one Lambda and two log groups of the same name in dev, prod and k8s. */
    @Test
    void aNameWithoutTheStackFiresInEveryStackAndAcrossThem() {
        var broken = new ArrayList<Coexistence.StackNames>();
        for (String stack : List.of("dev", "prod")) {
            var report = TestStacks.plan(stack);
            var resources = report.resources().stream().map(CoexistenceTest::formerVpnNames).toList();
            var own = Coexistence.RULE.evaluate(new PolicyContext(resources, Map.of(), Map.of(), "dev"));
            assertEquals(3, own.size(), own.toString());
            assertTrue(own.get(0).message().contains("does not contain 'private-vault-" + stack + "'"), own.get(0).message());
            broken.add(new Coexistence.StackNames(stack, PlanRunner.PLAN_ACCOUNT_ID, report.settings().region(), resources));
        }
        var findings = Coexistence.across(broken);
        assertEquals(6, findings.size(), findings.toString());
        var lambda = findings.stream().filter(f -> f.message().startsWith("Lambda function 'AWSClientVPN-vault-vpn-connect'")).toList();
        assertEquals(2, lambda.size(), findings.toString());
        assertTrue(lambda.get(0).message().contains("in account 123456789012 eu-west-1 is also registered by stack prod"), lambda.get(0).message());
    }

    /**
     * The same stack's plan registered twice in one account: every explicit name collides, the dashboard too, which
     * AWS would not refuse but overwrite ("If a dashboard with this name already exists, this call modifies that
     * dashboard, replacing its current contents", CloudWatch API reference, PutDashboard), and the Session Manager
     * document ("Document names must be unique within an AWS account and Region", SSM API reference, CreateDocument).
     */
    @Test
    void dashboardsAndDocumentsAreComparedToo() {
        var report = TestStacks.plan("dev");
        var twice = List.of(new Coexistence.StackNames("dev", PlanRunner.PLAN_ACCOUNT_ID, report.settings().region(), report.resources()),
                new Coexistence.StackNames("dev-copy", PlanRunner.PLAN_ACCOUNT_ID, report.settings().region(), report.resources()));
        var findings = Coexistence.across(twice);
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("CloudWatch dashboard 'private-vault-dev'")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("SSM document 'private-vault-dev-vault-shell'")), findings.toString());
    }

    /** Both stacks associate their tooling.internal zone with the same application VPC: Route 53 refuses the second. */
    @Test
    void twoStacksAssociatingOneVpcWithZonesOfOneNameFire() {
        String shared = "vpc-0a1b2c3d4e5f60003";
        var dev = TestStacks.settings("dev", Map.of("dnsAssociatedVpcIds", List.of(shared)));
        var prod = TestStacks.settings("prod");
        var findings = Coexistence.across(List.of(names("dev", PlanRunner.run(dev)), names("prod", TestStacks.plan("prod"))));
        assertEquals(2, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().startsWith("private hosted zone 'tooling.internal' in VPC " + shared
                + " is also registered by stack prod"), findings.get(0).message());
        assertTrue(findings.get(0).urn().contains("ZoneAssociation"), findings.get(0).urn());
        // The zones' own VPCs are created by each stack: the same mock id in both plans is not a shared VPC.
        assertTrue(findings.stream().noneMatch(f -> f.message().contains("created by stack")), findings.toString());
    }

    /** A second Kubernetes stack on the same EKS cluster: namespace vault, its objects and the StorageClass's name clash. */
    @Test
    void twoKubernetesStacksOnOneClusterFire() {
        StackSettings blue = StackSettings.load(TestStacks.project(), TestStacks.config("k8s", Map.of()), "k8s-blue");
        var findings = Coexistence.across(List.of(names("k8s", TestStacks.plan("k8s")), names("k8s-blue", PlanRunner.run(blue))));
        assertTrue(findings.stream().anyMatch(f -> f.message().startsWith("Kubernetes Namespace 'vault' in Kubernetes cluster vault-cluster-k8s")),
                findings.toString());
        // Names that carry the stack (the StorageClass private-vault-<stack>-vault-gp3, roles, aliases) do not clash.
        assertTrue(findings.stream().noneMatch(f -> f.message().contains("StorageClass")), findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.message().startsWith("IAM role")), findings.toString());
    }

    private static RecordedResource formerVpnNames(RecordedResource r) {
        var inputs = new HashMap<>(r.inputs());
        if (r.type().equals(AwsSchema.LambdaFunction.TYPE)) {
            inputs.put("name", "AWSClientVPN-vault-vpn-connect");
        } else if (r.type().equals(AwsSchema.LogGroup.TYPE) && String.valueOf(r.input("name")).startsWith("/aws/lambda/")) {
            inputs.put("name", "/aws/lambda/AWSClientVPN-vault-vpn-connect");
        } else if (r.type().equals(AwsSchema.LogGroup.TYPE) && String.valueOf(r.input("name")).startsWith("/aws/clientvpn/")) {
            inputs.put("name", "/aws/clientvpn/vault-vpn");
        } else {
            return r;
        }
        return r.withInputs(inputs);
    }
}
