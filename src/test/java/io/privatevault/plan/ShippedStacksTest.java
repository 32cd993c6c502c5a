package io.privatevault.plan;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.Severity;
import io.privatevault.stack.ConfigurationSettings;
import io.privatevault.stack.StackSettings;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every shipped stack file, planned as {@code plan --stack} plans it: the platform stacks hold nothing of Vault's
 * configuration, the configuration stacks nothing but it, wired to their platform stack's plan.
 */
class ShippedStacksTest {
    static final Map<String, PlanReport> PLANS = new HashMap<>();

    @BeforeAll
    static void planEveryShippedStack() throws Exception {
        for (String stack : TestStacks.shippedStacks()) {
            PLANS.put(stack, ConfigurationPlan.planStackFile(TestStacks.project(), TestStacks.projectDir().resolve("Pulumi." + stack + ".yaml"), stack));
        }
    }

    static List<String> platformStacks() {
        return TestStacks.shippedStacks().stream().filter(s -> !s.endsWith("-config")).toList();
    }

    static List<String> configurationStacks() {
        return TestStacks.shippedStacks().stream().filter(s -> s.endsWith("-config")).toList();
    }

    /**
     * Every shipped stack plans with no finding of any severity. (That the simulator-judged check ran rather than
     * being reported as not run needs Node.js: KeyUseRuleTest, a tools test.)
     */
    @Test
    void everyShippedStackPlansWithZeroFindings() {
        for (String stack : TestStacks.shippedStacks()) {
            var findings = PLANS.get(stack).insights().findings();
            assertEquals(List.of(), findings.findings(), stack + ": " + findings.toText());
        }
    }

    @Test
    void everyEnvironmentShipsAPlatformAndAConfigurationStack() {
        assertEquals(List.of("dev", "k8s", "prod"), platformStacks());
        assertEquals(List.of("dev-config", "k8s-config", "prod-config"), configurationStacks());
        configurationStacks().forEach(c -> assertEquals(c.replace("-config", ""), TestStacks.configuration(c).platformStack()));
    }

    /**
     * No Vault provider and no {@code vault:*} resource: a platform preview or update never configures a provider that
     * must reach Vault, so it runs from any machine with AWS credentials and no route to Vault.
     */
    @Test
    void platformStacksHoldNoVaultResourceAndNoVaultProvider() {
        for (String stack : platformStacks()) {
            var resources = PLANS.get(stack).resources();
            assertTrue(resources.stream().anyMatch(r -> r.type().equals("private-vault:index:VaultRaftCluster")), stack);
            var vault = resources.stream().filter(r -> r.type().startsWith("vault:") || r.type().equals("pulumi:providers:vault")
                    || r.provider().contains("::pulumi:providers:vault::") || r.type().equals("pulumi:pulumi:StackReference")).toList();
            assertEquals(List.of(), vault.stream().map(RecordedResource::urn).toList(), stack + " reaches Vault");
            assertEquals(0, PLANS.get(stack).insights().findings().count(Severity.HIGH), PLANS.get(stack).insights().findings().toText());
        }
    }

    /**
     * A StackReference to the platform stack, no infrastructure, and the Vault provider's address is the referenced
     * platform plan's {@code vaultUrl}; every Vault resource goes through that provider.
     */
    @Test
    void configurationStacksReadTheirPlatformStackAndConfigureItsVault() {
        for (String stack : configurationStacks()) {
            var report = PLANS.get(stack);
            var settings = TestStacks.configuration(stack);
            var reference = report.resources().stream().filter(r -> r.type().equals("pulumi:pulumi:StackReference")).toList();
            assertEquals(1, reference.size(), stack);
            assertEquals(settings.platformStack(), reference.get(0).input("name"));
            var infrastructure = report.resources().stream().filter(r -> r.type().startsWith("aws:") || r.type().equals("pulumi:providers:aws")
                    || r.type().startsWith("private-vault:index:") && !r.type().equals("private-vault:index:VaultBaseline")).toList();
            assertEquals(List.of(), infrastructure.stream().map(RecordedResource::type).toList(), stack + " registers infrastructure");
            var provider = one(report, "pulumi:providers:vault");
            Object vaultUrl = PLANS.get(settings.platformStackName()).outputs().get("vaultUrl");
            assertEquals("https://" + TestStacks.settings(settings.platformStackName()).dns().vaultFqdn() + ":8200", vaultUrl);
            assertEquals(vaultUrl, provider.input("address"), stack);
            assertEquals(vaultUrl, report.outputs().get("vaultUrl"));
            report.resources().stream().filter(r -> r.type().startsWith("vault:"))
                    .forEach(r -> assertTrue(r.provider().startsWith(provider.urn() + "::"), r.urn()));
            assertEquals(0, report.insights().findings().count(Severity.HIGH), report.insights().findings().toText());
        }
    }

    /**
     * {@code pulumi refresh} and {@code destroy} configure the provider from state, not from the program: its inputs
     * must name no path of the machine that last ran {@code up}. The CA file is relative to the project directory,
     * where the engine starts provider plugins (pulumi/pulumi: {@code getPwdMain} gives the project root as pwd;
     * {@code NewProvider} runs the plugin with {@code cmd.Dir = ctx.Pwd}).
     */
    @Test
    void theVaultProvidersInputsHoldNoAbsolutePath() {
        for (String stack : configurationStacks()) {
            var provider = one(PLANS.get(stack), "pulumi:providers:vault");
            assertEquals(".private-vault/" + stack + "-vault-ca.pem", provider.input("caCertFile"));
            var strings = new ArrayList<String>();
            collect(provider.inputs(), strings);
            assertFalse(strings.isEmpty());
            strings.forEach(value -> {
                assertFalse(value.startsWith("/") || value.matches("(?s)[A-Za-z]:\\\\.*") || value.startsWith("~"), stack + ": " + value);
                assertFalse(value.contains(System.getProperty("user.dir")), stack + ": " + value);
            });
            assertNull(provider.input("token"), "no token in state: the provider logs in with AWS IAM");
        }
    }

    /**
     * Removing a tenant from a configuration stack removes that tenant's roles, policy, connection and key, and
     * changes nothing else (judged by {@code plan diff} on the two JSON plans).
     */
    @Test
    void removingATenantRemovesOnlyThatTenantsResources() throws Exception {
        var settings = TestStacks.configuration("dev-config");
        StackSettings platform = TestStacks.settings("dev");
        var platformRun = ConfigurationPlan.platformRun(platform);
        var tenants = new Gson().fromJson(TestStacks.config("dev-config", Map.of()).values().get("private-vault:tenants"), List.class);
        var without = new ArrayList<>(tenants);
        without.removeIf(t -> "payments".equals(((Map<?, ?>) t).get("name")));
        ConfigurationSettings smaller = TestStacks.configuration("dev-config", Map.of("tenants", without));
        var base = json(ConfigurationPlan.plan(settings, platform, platformRun));
        var head = json(ConfigurationPlan.plan(smaller, platform, platformRun));
        var diff = PlanDiff.of(base, head);
        assertEquals(List.of(), diff.added());
        assertEquals(Map.of(), diff.changed(), "nothing else changes");
        var names = diff.removed().stream().map(u -> u.substring(u.lastIndexOf("::") + 2)).sorted().toList();
        assertEquals(List.of("vault-config-db-payments", "vault-config-db-role-payments", "vault-config-k8s-role-payments",
                "vault-config-policy-payments", "vault-config-transit-payments"), names);
        assertTrue(head.getAsJsonArray("resources").toString().contains("vault-config-transit\""), "the transit mount stays");
        assertTrue(head.getAsJsonArray("resources").toString().contains("vault-config-database\""), "the database mount stays");
    }

    private static JsonObject json(PlanReport report) {
        return com.google.gson.JsonParser.parseString(JsonRenderer.render(report, false)).getAsJsonObject();
    }

    private static void collect(Object value, List<String> out) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, out));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        } else if (value instanceof io.privatevault.components.testing.Secret secret) {
            collect(secret.value(), out);
        } else if (value instanceof String s) {
            if (s.startsWith("{") || s.startsWith("[")) {
                collect(new Gson().fromJson(s, Object.class), out);
            }
            out.add(s);
        }
    }

    private static RecordedResource one(PlanReport report, String type) {
        var found = report.resources().stream().filter(r -> r.type().equals(type)).toList();
        assertEquals(1, found.size(), type);
        return found.get(0);
    }
}
