package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Amazon EC2 Auto Scaling ... launches instances to meet the desired capacity" as soon as the group exists (EC2 Auto
 * Scaling User Guide, Auto Scaling groups); the engine creates a resource once everything it depends on exists (Pulumi
 * docs, Resource options: dependsOn). So the plan's dependency graph is the boot order.
 */
class BootOrderRuleTest {
    private final BootOrderRule rule = new BootOrderRule();

    private static PolicyContext context(List<RecordedResource> resources) {
        return new PolicyContext(resources, java.util.Map.of(), java.util.Map.of(), "dev");
    }

    @Test
    void quietOnEveryShippedPlatformStack() {
        for (String stack : List.of("dev", "prod", "k8s")) {
            assertEquals(List.of(), rule.evaluate(context(TestStacks.plan(stack).resources())), stack);
        }
        assertTrue(PolicyPack.standard().rules().stream().anyMatch(r -> r.id().equals("boot-order")), "part of the policy pack");
    }

    /** A group wired without the network's endpoints, its egress rules, its role's policies or its TLS bundle. */
    @Test
    void firesOnAGroupThatCanBootBeforeItsNetworkPermissionsAndSecrets() {
        var resources = TestStacks.plan("dev").resources();
        var group = resources.stream().filter(r -> r.type().equals(BootOrderRule.GROUP)).findFirst().orElseThrow();
        Set<String> cut = new HashSet<>();
        resources.stream().filter(r -> List.of(BootOrderRule.VPC_ENDPOINT, BootOrderRule.EGRESS_RULE, BootOrderRule.ROLE_POLICY,
                BootOrderRule.SECRET_VERSION, BootOrderRule.ROUTE).contains(r.type())).forEach(r -> cut.add(r.urn()));
        // What the network component outputs (the endpoints' ids) reaches the group through the component too.
        resources.stream().filter(r -> !r.custom()).forEach(r -> cut.add(r.urn()));
        var broken = resources.stream().map(r -> r == group ? new RecordedResource(r.urn(), r.type(), r.name(), r.parentUrn(), r.custom(),
                r.inputs(), r.dependencies().stream().filter(d -> !cut.contains(d)).collect(java.util.stream.Collectors.toSet()),
                r.options(), r.id(), r.arn()) : r).toList();
        var findings = rule.evaluate(context(broken));
        assertEquals(1, findings.size(), findings.toString());
        var finding = findings.get(0);
        assertEquals(group.urn(), finding.urn());
        assertEquals(Severity.HIGH, finding.severity());
        for (String expected : List.of(BootOrderRule.VPC_ENDPOINT, BootOrderRule.EGRESS_RULE, BootOrderRule.ROLE_POLICY,
                BootOrderRule.SECRET_VERSION)) {
            assertTrue(finding.message().contains(expected), expected + " in " + finding.message());
        }
        assertFalse(finding.message().contains("LogGroup"), "only what boot needs is named");
    }
}
