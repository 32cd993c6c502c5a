package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.ConfigurationPlan;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A rule about a resource type the program never registers can never fire on a real plan: it only looks like
 * coverage. Every type a rule reads must be registered by at least one shipped stack, platform or configuration.
 */
class RuleResourceTypesTest {
    /**
     * Types a rule reads to keep a removed construct from coming back: the nodes' AmazonSSMManagedInstanceCore
     * attachment (a RolePolicyAttachment), replaced by a minimal inline policy that only Session Manager stacks get.
     */
    private static final Map<String, Set<String>> REGRESSION_GUARDS = Map.of(
            "node-role-managed-policy", Set.of(AwsSchema.RolePolicyAttachment.TYPE));

    @Test
    void everyRuleReadsOnlyTypesTheShippedStacksRegister() throws Exception {
        Set<String> registered = new TreeSet<>();
        for (String stack : TestStacks.shippedStacks()) {
            var plan = stack.endsWith("-config")
                    ? ConfigurationPlan.planStackFile(TestStacks.project(), TestStacks.projectDir().resolve("Pulumi." + stack + ".yaml"), stack)
                    : TestStacks.plan(stack);
            plan.resources().stream().map(RecordedResource::type).forEach(registered::add);
        }
        Map<String, Set<String>> unregistered = new TreeMap<>();
        for (Rule rule : PolicyPack.standard().rules()) {
            var missing = rule.resourceTypes().stream().filter(t -> !registered.contains(t))
                    .filter(t -> !REGRESSION_GUARDS.getOrDefault(rule.id(), Set.of()).contains(t))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty()) {
                unregistered.put(rule.id(), missing);
            }
        }
        assertEquals(Map.of(), unregistered, "rules over resource types no shipped stack registers");
        assertFalse(registered.isEmpty());
    }
}
