package io.privatevault.plan.insights;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/plan-insights.md lists every rule with its severity and every creation time, so the doc cannot drift. */
class PlanInsightsDocsTest {
    private static String doc() throws IOException {
        return Files.readString(Path.of(System.getProperty("privatevault.projectDir", "."), "docs", "plan-insights.md"));
    }

    @Test
    void everyRuleIsInTheTableWithItsSeverityAndFix() throws IOException {
        String doc = doc();
        for (Rule rule : PolicyPack.standard().rules()) {
            String row = "| `" + rule.id() + "` | " + rule.severity() + " | " + rule.rationale() + " | ";
            assertTrue(doc.contains(row), "missing or stale row: " + row);
        }
    }

    @Test
    void everyCreationTimeIsInTheTable() throws IOException {
        String doc = doc();
        try (var in = DeployTimeline.class.getResourceAsStream("creation-times.json")) {
            var types = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonObject("types");
            for (String type : types.keySet()) {
                String row = "| `" + type + "` | " + types.getAsJsonObject(type).get("seconds").getAsInt() + " | ";
                assertTrue(doc.contains(row), "missing or stale row: " + row);
            }
        }
    }
}
