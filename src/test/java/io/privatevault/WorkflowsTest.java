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
        Map<String, Object> pr = new Yaml().load(Files.readString(WORKFLOWS.resolve("pull-request.yml")));
        var jobs = (Map<String, Map<String, Object>>) pr.get("jobs");
        assertFalse(jobs.get("offline-plan").containsKey("if"), "the offline plan must run for forks");
        assertEquals("github.event.pull_request.head.repo.full_name == github.repository", jobs.get("preview").get("if"));
        Map<String, Object> deploy = new Yaml().load(Files.readString(WORKFLOWS.resolve("deploy.yml")));
        var deployJobs = (Map<String, Map<String, Object>>) deploy.get("jobs");
        assertEquals("prod", deployJobs.get("up-prod").get("environment"));
        assertEquals("up-dev", deployJobs.get("up-prod").get("needs"));
    }
}
