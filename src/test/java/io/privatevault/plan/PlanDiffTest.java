package io.privatevault.plan;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class PlanDiffTest {
    static JsonObject plan(String stack) {
        var outcome = PlanCommandTest.plan("--stack", stack, "--format", "json");
        assertEquals(0, outcome.exitCode(), outcome.err());
        return JsonParser.parseString(outcome.out()).getAsJsonObject();
    }

    @Test
    void identicalPlansHaveNoChanges() {
        var dev = plan("dev");
        var diff = PlanDiff.of(dev, dev.deepCopy());
        assertFalse(diff.hasChanges());
        assertTrue(diff.toMarkdown("t").contains("No change"));
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
        assertEquals(java.util.List.of("urn:pulumi:dev::private-vault::aws:s3/bucketV2:BucketV2::new"), diff.added());
        assertEquals(java.util.List.of(removed), diff.removed());
        assertEquals(java.util.List.of("enableKeyRotation"), diff.changed().get(changedUrn));
        assertEquals(1, diff.findingsAdded().size());
        assertTrue(diff.toMarkdown("Plan dev").contains("| resources changed | 1 |"));
    }

    @Test
    void maskedSecretsCompareByPresenceOnly() {
        var base = plan("dev");
        var head = base.deepCopy();
        base.getAsJsonArray("resources").get(1).getAsJsonObject().getAsJsonObject("inputs").addProperty("token", "[secret]");
        head.getAsJsonArray("resources").get(1).getAsJsonObject().getAsJsonObject("inputs").addProperty("token", "[secret]");
        assertFalse(PlanDiff.of(base, head).hasChanges());
        head.getAsJsonArray("resources").get(1).getAsJsonObject().getAsJsonObject("inputs").remove("token");
        assertTrue(PlanDiff.of(base, head).hasChanges());
    }

    @Test
    void cliExitCodeSaysWhetherAnythingChanged() throws Exception {
        Path base = Files.createTempFile("base", ".json");
        Path head = Files.createTempFile("head", ".json");
        Files.writeString(base, plan("dev").toString());
        Files.writeString(head, plan("dev").toString());
        assertEquals(0, PlanCommandTest.plan("diff", base.toString(), head.toString()).exitCode());
        Files.writeString(head, plan("prod").toString());
        var changed = PlanCommandTest.plan("diff", "--format", "json", base.toString(), head.toString());
        assertEquals(1, changed.exitCode(), changed.err());
        assertTrue(JsonParser.parseString(changed.out()).getAsJsonObject().get("changed").getAsBoolean());
        Files.writeString(head, "{\"formatVersion\": 99, \"resources\": []}");
        var unsupported = PlanCommandTest.plan("diff", base.toString(), head.toString());
        assertEquals(2, unsupported.exitCode());
        assertTrue(unsupported.err().contains("formatVersion 99 is not supported"), unsupported.err());
    }
}
