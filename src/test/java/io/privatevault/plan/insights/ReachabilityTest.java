package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.PlanRunner;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS rules the reachability check models:
 * <ul>
 *   <li>"Security groups are stateful. For example, if you send a request from an instance, the response traffic for
 *   that request is allowed to reach the instance regardless of the inbound security group rules." (Amazon VPC User
 *   Guide, "Security groups", https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html). Routes are
 *   not: the reply to an attached VPC's client leaves Vault's subnets by their route tables, so each flow needs the
 *   security group rule in its direction and a route both ways (the attached VPC's own routes are outside the stack).</li>
 *   <li>"If your target type is an instance ... the client IP address is preserved by default ... For Network Load
 *   Balancers with security groups, you can control client access in the load balancer's security group" (AWS
 *   re:Post knowledge center, https://repost.aws/knowledge-center/security-group-load-balancer): clients are admitted
 *   by the NLB's security group, and the targets admit the NLB's security group by reference.</li>
 *   <li>"If you enable private DNS for the endpoint, you can make requests to the service using its default DNS name"
 *   (AWS PrivateLink Guide, "Access an AWS service using an interface VPC endpoint",
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html); the endpoint's network
 *   interfaces carry its security group, which must admit 443 from the callers.</li>
 *   <li>"To get an answer from a private hosted zone you also have to be running an EC2 instance in one of the
 *   associated VPCs (or have an inbound endpoint from a hybrid setup.)": a VPC not associated with the zone does not
 *   resolve its records (Amazon Route 53 Developer Guide, "Working with private hosted zones",
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zones-private.html).</li>
 *   <li>Client VPN: "Authorization rules act as firewall rules that grant access to networks", and client traffic to
 *   the VPC leaves from the endpoint's network interface in the associated subnet with the endpoint's security groups
 *   (AWS Client VPN Administrator Guide, "Authorization rules" and "Security groups",
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-rules.html).</li>
 * </ul>
 */
class ReachabilityTest {
    private final Reachability rule = new Reachability();

    private static PolicyContext context(String stack, List<RecordedResource> resources) {
        return new PolicyContext(resources, Map.of(), Map.of(), stack.equals("dev") ? "dev" : "prod",
                PlanRunner.networkIntent(TestStacks.settings(stack)));
    }

    private static List<RecordedResource> without(String stack, Predicate<RecordedResource> drop) {
        var resources = TestStacks.plan(stack).resources();
        var kept = resources.stream().filter(drop.negate()).toList();
        assertEquals(resources.size() - 1, kept.size(), "exactly one resource dropped");
        return kept;
    }

    private static Predicate<RecordedResource> named(String type, String name) {
        return r -> r.type().equals(type) && r.name().equals(name);
    }

    private List<Finding> findings(String stack, List<RecordedResource> resources) {
        var findings = rule.evaluate(context(stack, resources));
        assertTrue(findings.stream().allMatch(f -> f.rule().equals(Reachability.ID) && f.severity() == Severity.HIGH));
        return findings;
    }

    @Test
    void quietOnEveryShippedPlatformStackAndReportsEachFlow() {
        assertTrue(PolicyPack.standard().rules().stream().anyMatch(r -> r.id().equals(Reachability.ID)), "part of the policy pack");
        for (String stack : List.of("dev", "prod", "k8s")) {
            var ctx = context(stack, TestStacks.plan(stack).resources());
            assertEquals(List.of(), rule.evaluate(ctx), stack);
            var flows = Reachability.flows(ctx);
            assertTrue(flows.stream().noneMatch(f -> f.status() == Reachability.Status.IMPOSSIBLE), stack + ": " + flows);
            assertEquals(flows, TestStacks.plan(stack).insights().flows(), stack + ": the plan reports the same flows");
        }
    }

    @Test
    void everyDeclaredFlowOfDevIsPossibleAndNamed() {
        var flows = Reachability.flows(context("dev", TestStacks.plan("dev").resources()));
        var names = flows.stream().map(f -> f.from() + " -> " + f.to() + ":" + f.port()).toList();
        // 1 attached VPC, the VPN, NLB -> nodes, nodes <-> nodes on 8200 and 8201, 10 AWS services (Session Manager on), 2 integrations.
        assertEquals(17, flows.size(), String.join("\n", names));
        assertTrue(flows.stream().allMatch(f -> f.status() == Reachability.Status.POSSIBLE), flows.toString());
        assertTrue(names.contains("attached VPC apps-dev (10.60.0.0/16) -> NLB:8200"), names.toString());
        assertTrue(names.contains("nodes -> integration payments-postgres (10.60.0.0/16):5432"), names.toString());
        assertTrue(names.contains("nodes -> AWS ssmmessages:443"), names.toString());
    }

    /** The text plan prints each flow with its hops; the JSON plan lists them under {@code flows} (docs/plan-json.md). */
    @Test
    void thePlanShowsTheFlowsAsTextAndJson() {
        var plan = TestStacks.plan("dev");
        String text = plan.insights().toText();
        assertTrue(text.contains("network flows: 17 possible, 0 impossible, 0 with hops outside the model"), text);
        assertTrue(text.contains("nodes -> AWS kms:443 POSSIBLE"), text);
        var json = com.google.gson.JsonParser.parseString(io.privatevault.plan.JsonRenderer.render(plan, false)).getAsJsonObject();
        var flows = json.getAsJsonArray("flows");
        assertEquals(17, flows.size());
        var first = flows.get(0).getAsJsonObject();
        assertEquals("attached VPC apps-dev (10.60.0.0/16)", first.get("from").getAsString());
        assertEquals("POSSIBLE", first.get("status").getAsString());
        assertFalse(first.getAsJsonArray("hops").isEmpty());
    }

    @Test
    void kubernetesJudgesTheClientsAndSaysWhichHopsAreOutsideTheModel() {
        var flows = Reachability.flows(context("k8s", TestStacks.plan("k8s").resources()));
        var toNlb = flows.stream().filter(f -> f.to().equals("NLB")).toList();
        assertFalse(toNlb.isEmpty());
        assertTrue(toNlb.stream().allMatch(f -> f.hops().stream().anyMatch(h -> h.status() == Reachability.Status.POSSIBLE
                && h.what().startsWith("NLB security group admits"))), toNlb.toString());
        var podFlows = flows.stream().filter(f -> f.from().equals("Vault pods")).toList();
        assertFalse(podFlows.isEmpty());
        assertTrue(podFlows.stream().allMatch(f -> f.status() == Reachability.Status.OUTSIDE_MODEL), podFlows.toString());
        assertTrue(podFlows.get(0).hops().get(0).what().contains("NetworkPolicy"), podFlows.get(0).toString());
    }

    /** k8s's plan with its NetworkPolicy's {@code spec} rewritten by {@code edit} (a deep copy: lists and maps are mutable). */
    @SuppressWarnings("unchecked")
    private static List<RecordedResource> k8sWithPolicy(java.util.function.Consumer<Map<String, Object>> edit) {
        var resources = new ArrayList<>(TestStacks.plan("k8s").resources());
        for (int i = 0; i < resources.size(); i++) {
            var r = resources.get(i);
            if (r.type().equals(Reachability.NETWORK_POLICY) && r.name().equals("vault-cluster-networkpolicy")) {
                var spec = (Map<String, Object>) deepCopy(r.input("spec"));
                edit.accept(spec);
                resources.set(i, RuleAssertions.change(r, "spec", spec));
            }
        }
        return resources;
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            var copy = new java.util.LinkedHashMap<String, Object>();
            m.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l.stream().map(ReachabilityTest::deepCopy).toList());
        }
        return value;
    }

    /**
     * With client IP preservation the pods see each caller's address: "IP type target groups (TCP, TLS): Disabled" by
     * default, and once enabled "targets receive" the "Client IPv4 address" (ELB, "Edit target group attributes for your
     * Network Load Balancer"); the Client VPN's callers arrive from its interfaces in its associated subnets. So Vault's
     * NetworkPolicy must admit the attached VPC itself, the VPN's subnets and the NLB's (health checks).
     */
    @Test
    @SuppressWarnings("unchecked")
    void firesWhenTheNetworkPolicyNoLongerAdmitsAPreservedCaller() {
        var findings = findings("k8s", k8sWithPolicy(spec -> {
            var first = ((List<Map<String, Object>>) spec.get("ingress")).get(0);
            ((List<Object>) first.get("from")).removeIf(peer -> peer.toString().contains("10.70.0.0/16"));
        }));
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("attached VPC apps-prod") && findings.get(0).message().contains("does not admit 10.70.0.0/16"),
                findings.get(0).message());
        assertTrue(findings.get(0).urn().endsWith("NetworkPolicy::vault-cluster-networkpolicy"), findings.get(0).urn());
    }

    @Test
    @SuppressWarnings("unchecked")
    void firesWhenThePodsMayNoLongerCallTheVpcOrEachOther() {
        var noHttps = findings("k8s", k8sWithPolicy(spec -> ((List<Object>) spec.get("egress"))
                .removeIf(rule -> ((Map<String, Object>) rule).toString().contains("port=443"))));
        assertTrue(noHttps.stream().anyMatch(f -> f.message().contains("Vault pods -> AWS kms:443") && f.message().contains("does not let 443 out to 10.44.0.0/16")),
                noHttps.toString());
        var noRaft = findings("k8s", k8sWithPolicy(spec -> ((List<Object>) spec.get("ingress"))
                .removeIf(rule -> ((Map<String, Object>) rule).toString().contains("port=8201"))));
        assertTrue(noRaft.stream().anyMatch(f -> f.message().contains("Vault pods -> Vault pods:8201") && f.message().contains("does not admit 8201")),
                noRaft.toString());
    }

    /** Without client IP preservation only the NLB's subnets reach the pods: admitting an attached VPC is a path nobody declared. */
    @Test
    void withoutClientIpPreservationAnAdmittedClientNetworkIsUndeclared() {
        var resources = new ArrayList<>(TestStacks.plan("k8s").resources());
        resources.replaceAll(r -> r.type().equals(Reachability.TARGET_GROUP) ? RuleAssertions.change(r, "preserveClientIp", "false") : r);
        var findings = findings("k8s", resources);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().startsWith("undeclared open path: NetworkPolicy vault-cluster-networkpolicy admits 8200 from 10.70.0.0/16"),
                findings.get(0).message());
        var attached = Reachability.flows(context("k8s", resources)).get(0);
        assertTrue(attached.hops().stream().anyMatch(h -> h.what().contains("the NLB's subnets (client IP not preserved)")), attached.toText());
    }

    @Test
    void firesWhenTheNlbNoLongerAdmitsAnAttachedVpc() {
        var findings = findings("dev", without("dev", named(Reachability.INGRESS, "vault-nlb-client-cidr-0")));
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("attached VPC apps-dev") && findings.get(0).message().contains("no ingress on 8200 from 10.60.0.0/16"),
                findings.get(0).message());
        assertTrue(findings.get(0).urn().contains("vault-nlb-nlb"), "on the NLB's security group: " + findings.get(0).urn());
    }

    @Test
    void firesWhenAnEndpointTheNodesCallIsDropped() {
        var findings = findings("dev", without("dev", named(Reachability.ENDPOINT, "vault-network-kms")));
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("nodes -> AWS kms:443") && findings.get(0).message().contains("no interface endpoint for kms"),
                findings.get(0).message());
    }

    @Test
    void firesWhenAnAttachedVpcLosesItsZoneAssociation() {
        var findings = findings("prod", without("prod", r -> r.type().equals(Reachability.ZONE_ASSOCIATION)
                && "vpc-0a1b2c3d4e5f60004".equals(r.input("vpcId"))));
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("does not resolve from vpc-0a1b2c3d4e5f60004"), findings.get(0).message());
    }

    @Test
    void firesWhenAnIntegrationLosesItsEgressRule() {
        var findings = findings("dev", without("dev", named(Reachability.EGRESS, "vault-cluster-to-payments-postgres")));
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("payments-postgres") && findings.get(0).message().contains("no egress on 5432"),
                findings.get(0).message());
    }

    @Test
    void firesWhenAnAttachedVpcLosesItsRoute() {
        var findings = findings("prod", without("prod", named(Reachability.TGW_ATTACHMENT, "vault-network-tgw-0a1b2c3d4e5f67890")));
        assertFalse(findings.isEmpty());
        assertTrue(findings.stream().allMatch(f -> f.message().contains("apps-prod") && f.message().contains("no VPC attachment")), findings.toString());
    }

    @Test
    void firesOnAnUndeclaredWideEgressAndAnUndeclaredClient() {
        var resources = new ArrayList<>(TestStacks.plan("prod").resources());
        var nodeEgress = resources.stream().filter(named(Reachability.EGRESS, "vault-cluster-https-to-vpc")).findFirst().orElseThrow();
        var wide = RuleAssertions.change(nodeEgress, "cidrIpv4", "0.0.0.0/0");
        resources.add(new RecordedResource(wide.urn() + "-wide", wide.type(), "vault-cluster-https-to-anywhere", wide.parentUrn(),
                true, wide.inputs(), wide.dependencies(), wide.options(), "sgr-wide", null));
        var nlbIngress = resources.stream().filter(named(Reachability.INGRESS, "vault-nlb-client-cidr-0")).findFirst().orElseThrow();
        var stranger = RuleAssertions.change(nlbIngress, "cidrIpv4", "10.99.0.0/16");
        resources.add(new RecordedResource(stranger.urn() + "-stranger", stranger.type(), "vault-nlb-client-stranger", stranger.parentUrn(),
                true, stranger.inputs(), stranger.dependencies(), stranger.options(), "sgr-stranger", null));
        var findings = findings("prod", resources);
        assertEquals(2, findings.size(), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.urn().endsWith("-wide") && f.message().contains("tcp 443 to 0.0.0.0/0")
                && f.message().contains("only when Vault downloads through NAT")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.urn().endsWith("-stranger") && f.message().contains("10.99.0.0/16")), findings.toString());
    }

    @Test
    void configurationStacksAndHandBuiltContextsDeclareNothing() {
        assertEquals(List.of(), rule.evaluate(PolicyContext.of(TestStacks.plan("dev").resources(), "dev")));
        assertEquals(List.of(), Reachability.flows(PolicyContext.of(TestStacks.plan("dev").resources(), "dev")));
    }

    @Test
    void cidrContainment() {
        assertTrue(Reachability.Cidr.contains("10.42.0.0/16", "10.42.32.0/19"));
        assertTrue(Reachability.Cidr.contains("0.0.0.0/0", "10.60.0.0/16"));
        assertTrue(Reachability.Cidr.contains("10.60.0.0/16", "10.60.0.0/16"));
        assertFalse(Reachability.Cidr.contains("10.42.0.0/19", "10.42.0.0/16"));
        assertFalse(Reachability.Cidr.contains("10.42.0.0/16", "10.43.0.0/16"));
        assertFalse(Reachability.Cidr.contains("", "10.43.0.0/16"));
        assertFalse(Reachability.Cidr.contains("10.0.0.256/8", "10.43.0.0/16"));
    }
}
