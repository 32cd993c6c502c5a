package io.privatevault;

import io.privatevault.components.testing.UsesTools;
import io.privatevault.components.testing.ExternalTools;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The GitHub workflows, checked by a real validator (@action-validator/cli) and for the decided practices. */
class WorkflowsTest {
    private static final Path WORKFLOWS = TestStacks.projectDir().resolve(".github/workflows");
    private static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w.-]+@v\\d+");

    static List<Path> workflows() throws Exception {
        try (var files = Files.list(WORKFLOWS)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test

    @UsesTools
    void everyWorkflowPassesTheValidator() throws Exception {
        var validator = ExternalTools.validators().resolve("node_modules/.bin/action-validator");
        assertFalse(workflows().isEmpty());
        for (Path workflow : workflows()) {
            var run = ExternalTools.run(List.of(validator.toString(), workflow.toString()));
            assertEquals(0, run.exitCode(), workflow + ": " + run.all());
        }
    }

    @Test

    @UsesTools
    void theValidatorRejectsABrokenWorkflow() throws Exception {
        Path bad = Files.createTempFile("workflow", ".yml");
        Files.writeString(bad, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: true\n");
        var run = ExternalTools.run(List.of(ExternalTools.validators().resolve("node_modules/.bin/action-validator").toString(), bad.toString()));
        assertNotEquals(0, run.exitCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void actionsArePinnedByMajorVersionAndPermissionsAreLeast() throws Exception {
        for (Path workflow : workflows()) {
            Map<String, Object> doc = new Yaml().load(Files.readString(workflow));
            assertEquals(Map.of("contents", "read"), doc.get("permissions"), workflow + ": top-level permissions must be read-only");
            var jobs = (Map<String, Map<String, Object>>) doc.get("jobs");
            for (var job : jobs.entrySet()) {
                for (var step : (List<Map<String, Object>>) job.getValue().get("steps")) {
                    if (step.containsKey("uses")) {
                        assertTrue(PINNED.matcher((String) step.get("uses")).matches(), workflow + " " + job.getKey() + ": " + step.get("uses"));
                    }
                }
                var permissions = (Map<String, Object>) job.getValue().get("permissions");
                assertNotNull(permissions, workflow + " " + job.getKey() + " must declare its permissions");
                assertFalse(permissions.containsValue("write-all"));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void previewsAreSkippedForForksAndProdNeedsItsEnvironment() throws Exception {
        var jobs = jobs("pull-request.yml");
        assertFalse(jobs.get("offline-plan").containsKey("if"), "the offline plan must run for forks");
        assertEquals("github.event.pull_request.head.repo.full_name == github.repository", jobs.get("preview").get("if"));
        assertTrue(((String) jobs.get("preview-configuration").get("if"))
                .startsWith("github.event.pull_request.head.repo.full_name == github.repository && "),
                "fork code must never run on the runner inside the VPC");
        var deployJobs = jobs("deploy.yml");
        assertEquals("prod", deployJobs.get("up-prod").get("environment"));
        assertEquals("prod", deployJobs.get("up-prod-config").get("environment"));
    }

    /** The offline plan diff covers every shipped stack file, configuration stacks included. */
    @Test
    @SuppressWarnings("unchecked")
    void theOfflinePlanDiffNamesEveryShippedStack() throws Exception {
        var env = (Map<String, Object>) jobs("pull-request.yml").get("offline-plan").get("env");
        List<String> named = List.of(((String) env.get("STACKS")).split(" "));
        assertEquals(new java.util.TreeSet<>(TestStacks.shippedStacks()), new java.util.TreeSet<>(named));
        assertEquals(named.size(), new java.util.HashSet<>(named).size());
        var steps = (List<Map<String, Object>>) jobs("pull-request.yml").get("offline-plan").get("steps");
        long loops = steps.stream().mapToLong(st -> String.valueOf(st.get("run")).split("for stack in \\$STACKS", -1).length - 1).sum();
        assertEquals(3, loops, "head plans, base plans and diffs all loop over STACKS");
    }

    /**
     * Platform previews run on a hosted runner (they reach no Vault); configuration previews on the runner the user
     * labels, which reaches Vault, as the provisioner role; deploy applies each platform stack, then its configuration.
     */
    @Test
    @SuppressWarnings("unchecked")
    void configurationStacksRunOnTheVaultRunnerAfterTheirPlatform() throws Exception {
        var pr = jobs("pull-request.yml");
        assertEquals("ubuntu-latest", pr.get("preview").get("runs-on"));
        var platforms = (List<String>) ((Map<String, Object>) ((Map<String, Object>) pr.get("preview").get("strategy")).get("matrix")).get("stack");
        platforms.forEach(stack -> assertFalse(stack.endsWith("-config"), stack));
        assertEquals("${{ vars.VAULT_RUNNER_LABEL }}", pr.get("preview-configuration").get("runs-on"));
        var include = (List<Map<String, String>>) ((Map<String, Object>) ((Map<String, Object>) pr.get("preview-configuration")
                .get("strategy")).get("matrix")).get("include");
        assertEquals(platforms.stream().map(p -> p + "-config").toList(), include.stream().map(i -> i.get("stack")).toList());
        include.forEach(i -> assertTrue(i.get("role").startsWith("${{ vars.VAULT_PROVISIONER_ROLE_ARN"), i.toString()));

        var deploy = jobs("deploy.yml");
        assertEquals(List.of("up-dev", "up-dev-config", "up-prod", "up-prod-config"), List.copyOf(deploy.keySet()));
        assertEquals("up-dev", deploy.get("up-dev-config").get("needs"));
        assertEquals("up-dev-config", deploy.get("up-prod").get("needs"));
        assertEquals("up-prod", deploy.get("up-prod-config").get("needs"));
        for (var job : deploy.entrySet()) {
            boolean configuration = job.getKey().endsWith("-config");
            assertEquals(configuration ? "${{ vars.VAULT_RUNNER_LABEL }}" : "ubuntu-latest", job.getValue().get("runs-on"), job.getKey());
            var steps = (List<Map<String, Object>>) job.getValue().get("steps");
            String role = steps.stream().filter(st -> String.valueOf(st.get("uses")).startsWith("aws-actions/"))
                    .map(st -> String.valueOf(((Map<String, Object>) st.get("with")).get("role-to-assume"))).findFirst().orElseThrow();
            assertEquals(configuration, role.contains("VAULT_PROVISIONER_ROLE_ARN"), job.getKey() + " assumes " + role);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> jobs(String workflow) throws Exception {
        Map<String, Object> doc = new Yaml().load(Files.readString(WORKFLOWS.resolve(workflow)));
        return (Map<String, Map<String, Object>>) doc.get("jobs");
    }
}
