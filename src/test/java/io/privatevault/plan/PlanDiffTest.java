package io.privatevault.plan;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PlanDiffTest {
    static JsonObject plan(String stack) {
        return JsonParser.parseString(PlanCommandTest.jsonPlan(stack)).getAsJsonObject();
    }

    private static JsonObject resource(JsonObject doc, int index) {
        return doc.getAsJsonArray("resources").get(index).getAsJsonObject();
    }

    @Test
    void identicalPlansHaveNoChanges() {
        var dev = plan("dev");
        var diff = PlanDiff.of(dev, dev.deepCopy());
        assertFalse(diff.hasChanges());
        assertTrue(diff.toMarkdown("t").contains("No change"));
        assertEquals(List.of(), diff.notes());
    }

    @Test
    void reportsAddedRemovedAndChangedInputPaths() {
        var base = plan("dev");
        var head = base.deepCopy();
        var resources = head.getAsJsonArray("resources");
        var first = resources.get(1).getAsJsonObject();
        String changedUrn = first.get("urn").getAsString();
        first.getAsJsonObject("inputs").addProperty("enableKeyRotation", false);
        var removed = resources.remove(2).getAsJsonObject().get("urn").getAsString();
        var extra = first.deepCopy();
        extra.addProperty("urn", "urn:pulumi:dev::private-vault::aws:s3/bucketV2:BucketV2::new");
        resources.add(extra);
        var finding = new JsonObject();
        finding.addProperty("severity", "HIGH");
        finding.addProperty("rule", "kms-rotation");
        finding.addProperty("urn", changedUrn);
        finding.addProperty("message", "rotation off");
        head.getAsJsonArray("findings").add(finding);

        var diff = PlanDiff.of(base, head);
        assertTrue(diff.hasChanges());
        assertEquals(List.of("urn:pulumi:dev::private-vault::aws:s3/bucketV2:BucketV2::new"), diff.added());
        assertEquals(List.of(removed), diff.removed());
        assertEquals(List.of("enableKeyRotation"), diff.changed().get(changedUrn));
        assertEquals(1, diff.findingsAdded().size());
        assertTrue(diff.toMarkdown("Plan dev").contains("| resources changed | 1 |"));
    }

    @Test
    void optionsAndDependenciesAreComparedToo() {
        var base = plan("prod");
        var head = base.deepCopy();
        var changed = resource(head, 5);
        changed.getAsJsonObject("options").addProperty("protect", true);
        changed.getAsJsonArray("dependencies").add("urn:pulumi:prod::private-vault::aws:kms/key:Key::other");
        var diff = PlanDiff.of(base, head);
        assertEquals(List.of("dependencies", "options.protect"), diff.changed().get(changed.get("urn").getAsString()));
    }

    @Test
    void maskedSecretsCompareByPresenceOnly() {
        var base = plan("dev");
        var head = base.deepCopy();
        resource(base, 1).getAsJsonObject("inputs").addProperty("token", "[secret]");
        resource(head, 1).getAsJsonObject("inputs").addProperty("token", "[secret]");
        assertFalse(PlanDiff.of(base, head).hasChanges());
        resource(head, 1).getAsJsonObject("inputs").remove("token");
        assertTrue(PlanDiff.of(base, head).hasChanges());
    }

    /** The previous format (1, no options) is still read; the diff says first that options were not compared. */
    @Test
    void aVersionOnePlanIsComparedWithoutOptionsAndSaysSo() {
        var head = plan("dev");
        var base = head.deepCopy();
        base.addProperty("formatVersion", 1);
        base.getAsJsonArray("resources").forEach(r -> {
            r.getAsJsonObject().remove("options");
            r.getAsJsonObject().remove("id");
            r.getAsJsonObject().remove("arn");
        });
        var diff = PlanDiff.of(base, head);
        assertFalse(diff.hasChanges(), diff.toMarkdown("t"));
        String markdown = diff.toMarkdown("Plan dev");
        assertTrue(markdown.startsWith("### Plan dev\n\n> a plan is formatVersion 1, which has no resource options"), markdown);
        resource(head, 3).getAsJsonObject("inputs").addProperty("description", "changed");
        assertEquals(1, PlanDiff.of(base, head).changed().size());
    }

    @Test
    void plansOfDifferentStacksAreRefused() throws Exception {
        Path dev = Files.createTempFile("dev", ".json");
        Path prod = Files.createTempFile("prod", ".json");
        Files.writeString(dev, PlanCommandTest.jsonPlan("dev"));
        Files.writeString(prod, PlanCommandTest.jsonPlan("prod"));
        var outcome = PlanCommandTest.plan("diff", dev.toString(), prod.toString());
        assertEquals(2, outcome.exitCode());
        assertEquals("", outcome.out());
        assertTrue(outcome.err().startsWith("error: the base plan is of stack 'dev' and the head plan of stack 'prod': plan diff compares"
                + " two plans of the same stack"), outcome.err());
    }

    @Test
    void unreadableFilesSayWhichFileAndWhy() throws Exception {
        Path good = Files.createTempFile("good", ".json");
        Files.writeString(good, PlanCommandTest.jsonPlan("dev"));
        Path missing = good.resolveSibling("no-such-plan.json");
        var outcome = PlanCommandTest.plan("diff", missing.toString(), good.toString());
        assertEquals(2, outcome.exitCode());
        assertEquals("error: base plan " + missing + " does not exist (write it with `plan --stack NAME --format json > no-such-plan.json`)\n",
                outcome.err());

        for (String notJson : List.of("{\"formatVersion\": 2, \"resources\": [", "plan", "{} {}")) {
            Path bad = Files.createTempFile("bad", ".json");
            Files.writeString(bad, notJson);
            var result = PlanCommandTest.plan("diff", good.toString(), bad.toString());
            assertEquals(2, result.exitCode(), notJson);
            assertTrue(result.err().startsWith("error: head plan " + bad + " is not JSON ("), result.err());
            assertTrue(result.err().contains("plan diff reads the output of `plan --format json`"), result.err());
            assertFalse(result.err().contains("com.google.gson") || result.err().contains("setLenient"), "Gson's own words: " + result.err());
        }

        Path notAPlan = Files.createTempFile("other", ".json");
        Files.writeString(notAPlan, "{\"name\": \"package.json perhaps\"}");
        var result = PlanCommandTest.plan("diff", notAPlan.toString(), good.toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("error: base plan " + notAPlan + " is JSON but not a plan document (no formatVersion)"), result.err());
    }

    @Test
    void cliExitCodeSaysWhetherAnythingChanged() throws Exception {
        Path base = Files.createTempFile("base", ".json");
        Path head = Files.createTempFile("head", ".json");
        Files.writeString(base, PlanCommandTest.jsonPlan("dev"));
        Files.writeString(head, PlanCommandTest.jsonPlan("dev"));
        assertEquals(0, PlanCommandTest.plan("diff", base.toString(), head.toString()).exitCode());
        var modified = plan("dev");
        resource(modified, 4).getAsJsonObject("inputs").addProperty("description", "changed");
        Files.writeString(head, modified.toString());
        var changed = PlanCommandTest.plan("diff", "--format", "json", base.toString(), head.toString());
        assertEquals(1, changed.exitCode(), changed.err());
        assertTrue(JsonParser.parseString(changed.out()).getAsJsonObject().get("changed").getAsBoolean());
        Files.writeString(head, "{\"formatVersion\": 99, \"project\": \"private-vault\", \"stack\": \"dev\", \"resources\": []}");
        var unsupported = PlanCommandTest.plan("diff", base.toString(), head.toString());
        assertEquals(2, unsupported.exitCode());
        assertTrue(unsupported.err().contains("has plan formatVersion 99, which is not supported: this program reads formatVersion [1, 2]"),
                unsupported.err());
    }
}
