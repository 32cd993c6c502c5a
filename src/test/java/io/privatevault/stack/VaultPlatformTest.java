package io.privatevault.stack;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.PlanReport;
import io.privatevault.plan.PlanRunner;
import io.privatevault.plan.insights.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The composed platform of the shipped stacks: what the components promise holds once they are wired together. */
class VaultPlatformTest {
    static PlanReport plan(String stack, Map<String, Object> overrides) {
        return overrides.isEmpty() ? TestStacks.plan(stack) : PlanRunner.run(TestStacks.settings(stack, overrides));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shippedStacksHaveNoHighFindings(String stack) {
        var report = plan(stack, Map.of());
        assertEquals(0, report.insights().findings().count(Severity.HIGH), report.insights().findings().toText());
    }

    @Test
    void nodeCountsAndVpnAssociationsFollowTheEnvironment() {
        var dev = plan("dev", Map.of());
        var prod = plan("prod", Map.of());
        assertEquals(3L, one(dev, "aws:autoscaling/group:Group").input("desiredCapacity"));
        assertEquals(5L, one(prod, "aws:autoscaling/group:Group").input("desiredCapacity"));
        assertEquals(1, dev.resources().stream().filter(r -> r.type().equals("aws:ec2clientvpn/networkAssociation:NetworkAssociation")).count());
        assertEquals(2, prod.resources().stream().filter(r -> r.type().equals("aws:ec2clientvpn/networkAssociation:NetworkAssociation")).count());
        assertEquals(true, one(prod, "aws:lb/loadBalancer:LoadBalancer").input("enableDeletionProtection"));
        assertEquals(true, one(prod, "aws:lb/loadBalancer:LoadBalancer").input("internal"));
    }

    @Test
    void theSealKeyPolicyNamesTheRoleTheClusterCreates() {
        var dev = plan("dev", Map.of());
        var role = dev.resources().stream().filter(r -> r.type().equals("aws:iam/role:Role") && "private-vault-dev-vault-node".equals(r.input("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no node role named private-vault-dev-vault-node"));
        String policy = (String) dev.resources().stream().filter(r -> r.name().equals("vault-kms-seal") && r.type().equals("aws:kms/key:Key"))
                .findFirst().orElseThrow().input("policy");
        assertTrue(policy.contains(":role/" + role.input("name")), policy);
    }

    @Test
    void withTheConfigurationLayerOffNothingTalksToVault() {
        var report = plan("dev", Map.of("vaultConfigEnabled", false));
        assertTrue(report.resources().stream().noneMatch(r -> r.type().startsWith("vault:") || r.type().equals("pulumi:providers:vault")),
                "vault resources registered with the layer off");
        assertTrue(plan("dev", Map.of()).resources().stream().anyMatch(r -> r.type().equals("pulumi:providers:vault")));
    }

    @Test
    void renderedFilesCoverNodesPoliciesAndVpn() {
        var rendered = plan("dev", Map.of()).renderedFiles();
        var files = rendered.keySet();
        assertTrue(files.contains("node/vault.hcl"), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.startsWith("vault/policies/") && f.endsWith(".hcl")), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.endsWith(".ovpn")), files.toString());
        files.forEach(f -> assertFalse(rendered.get(f).contains("PRIVATE KEY-----\nMI"), f + " holds a private key"));
    }

    private static RecordedResource one(PlanReport report, String type) {
        var found = report.resources().stream().filter(r -> r.type().equals(type)).toList();
        assertEquals(1, found.size(), type);
        return found.get(0);
    }
}
