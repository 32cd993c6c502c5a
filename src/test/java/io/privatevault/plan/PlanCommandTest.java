package io.privatevault.plan;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.Main;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class PlanCommandTest {
    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome plan(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        String[] full = new String[args.length + 3];
        full[0] = "plan";
        full[1] = "--project-dir";
        full[2] = TestStacks.projectDir().toString();
        System.arraycopy(args, 0, full, 3, args.length);
        int code = Main.cli(full, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource({"dev,text", "dev,json", "dev,mermaid", "prod,text", "prod,json", "prod,mermaid",
            "dev-config,text", "dev-config,json", "dev-config,mermaid", "k8s-config,json", "prod-config,mermaid"})
    void plansBothKindsOfStackInEveryFormat(String stack, String format) {
        var outcome = plan("--stack", stack, "--format", format);
        assertEquals(0, outcome.exitCode(), outcome.err());
        switch (format) {
            case "json" -> {
                JsonObject doc = JsonParser.parseString(outcome.out()).getAsJsonObject();
                assertEquals(1, doc.get("formatVersion").getAsInt());
                assertEquals(stack, doc.get("stack").getAsString());
                assertTrue(doc.getAsJsonArray("resources").size() > 3);
                for (var r : doc.getAsJsonArray("resources")) {
                    var o = r.getAsJsonObject();
                    for (String field : new String[]{"urn", "type", "name", "parent", "custom", "inputs", "dependencies"}) {
                        assertTrue(o.has(field), field + " missing in " + o);
                    }
                }
                assertTrue(doc.has("outputs") && doc.has("findings"));
            }
            case "mermaid" -> {
                assertTrue(outcome.out().startsWith("flowchart LR\n"), outcome.out());
                assertEquals(stack.endsWith("-config"), outcome.out().contains("platform[(\"Platform stack " + stack.replace("-config", "")),
                        outcome.out());
            }
            default -> {
                assertTrue(outcome.out().contains("Counts by type:"), outcome.out());
                assertTrue(outcome.out().contains(stack.endsWith("-config") ? "private-vault:index:VaultBaseline" : "private-vault:index:KmsSeal"),
                        outcome.out());
            }
        }
    }

    @Test
    void aBrokenStackFileExitsTwoWithEveryProblemAndPlansNothing() throws Exception {
        Path bad = Files.createTempFile("Pulumi.broken", ".yaml");
        Files.writeString(bad, "config:\n  aws:region: eu-west-1\n  private-vault:nodeCount: 4\n  private-vault:vpcCidr: 10.42.0.0/8\n");
        var outcome = plan("--stack", bad.toString());
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().contains("private-vault:nodeCount must be an odd number from 3 to 7"), outcome.err());
        assertTrue(outcome.err().contains("private-vault:vpcCidr must be"), outcome.err());
        assertTrue(outcome.err().contains("nothing was planned"), outcome.err());
        assertEquals("", outcome.out());
    }

    /** A configuration stack whose platform stack file is missing, is itself a configuration stack, or is invalid: exit 2. */
    @Test
    void aConfigurationStackNeedsAValidPlatformStackBesideIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.copy(TestStacks.projectDir().resolve("Pulumi.dev-config.yaml"), dir.resolve("Pulumi.dev-config.yaml"));
        var missing = plan("--stack", dir.resolve("Pulumi.dev-config.yaml").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("private-vault:platformStack must be a platform stack of this project with its stack file beside this one"),
                missing.err());
        Files.writeString(dir.resolve("Pulumi.dev.yaml"), "config:\n  private-vault:platformStack: prod\n");
        var circular = plan("--stack", dir.resolve("Pulumi.dev-config.yaml").toString());
        assertEquals(2, circular.exitCode());
        assertTrue(circular.err().contains("it is a configuration stack itself"), circular.err());
        Files.writeString(dir.resolve("Pulumi.dev.yaml"), Files.readString(TestStacks.projectDir().resolve("Pulumi.dev.yaml"))
                .replace("private-vault:nodeCount: 3", "private-vault:nodeCount: 4"));
        var invalid = plan("--stack", dir.resolve("Pulumi.dev-config.yaml").toString());
        assertEquals(2, invalid.exitCode());
        assertTrue(invalid.err().contains("invalid settings for stack 'dev' (Pulumi.dev.yaml, the platform stack of 'dev-config'"), invalid.err());
        assertTrue(invalid.err().contains("private-vault:nodeCount must be an odd number"), invalid.err());
        assertEquals("", invalid.out());
    }

    /** A platform stack file that carries Vault's configuration: exit 2, every such key named with its file, nothing planned. */
    @Test
    void aPlatformStackFileWithConfigurationSettingsExitsTwo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path dev = dir.resolve("Pulumi.dev.yaml");
        Files.writeString(dev, Files.readString(TestStacks.projectDir().resolve("Pulumi.dev.yaml"))
                + "  private-vault:vaultAdminRoleArns:\n    - arn:aws:iam::123456789012:role/platform-admin\n"
                + "  private-vault:oidcClientSecret:\n    secure: v1:abc\n");
        var outcome = plan("--stack", dev.toString());
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("private-vault:vaultAdminRoleArns must be absent from a platform stack: it configures Vault itself"
                + " and belongs in its configuration stack's file (e.g. Pulumi.dev-config.yaml, which sets private-vault:platformStack: dev)"),
                outcome.err());
        assertTrue(outcome.err().contains("private-vault:oidcClientSecret must be absent from a platform stack"), outcome.err());
        assertTrue(outcome.err().contains("nothing was planned"), outcome.err());
        assertEquals("", outcome.out());
    }

    @Test
    void aStackFileThatIsNotYamlExitsTwo() throws Exception {
        Path bad = Files.createTempFile("Pulumi.garbage", ".yaml");
        Files.writeString(bad, "config: [unclosed\n");
        var outcome = plan("--stack", bad.toString());
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().contains("is not valid YAML"), outcome.err());
    }

    @Test
    void aMissingStackIsAUsageError() {
        assertEquals(2, plan("--stack", "staging").exitCode());
        assertEquals(2, plan("--stack", "dev", "--format", "xml").exitCode());
    }

    @Test
    void secretsAreMaskedUnlessAskedFor() {
        var masked = plan("--stack", "dev", "--format", "json");
        assertEquals(0, masked.exitCode(), masked.err());
        assertTrue(masked.out().contains("\"[secret]\""), "no masked secret in the plan");
        assertFalse(masked.out().contains("PRIVATE KEY-----"), "a private key leaked into the masked plan");
        var shown = plan("--stack", "dev", "--format", "json", "--show-secrets");
        assertTrue(shown.out().contains("PRIVATE KEY-----"), "--show-secrets did not show the generated keys");
    }

    @Test
    void plansAreDeterministic() {
        assertEquals(plan("--stack", "prod", "--format", "json").out(), plan("--stack", "prod", "--format", "json").out());
        assertEquals(plan("--stack", "prod-config", "--format", "json").out(), plan("--stack", "prod-config", "--format", "json").out());
    }

    @Test
    void artifactsAreWrittenBelowTheFolder() throws Exception {
        Path dir = Files.createTempDirectory("artifacts");
        var outcome = plan("--stack", "dev", "--artifacts", dir.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("rendered files to " + dir), outcome.err());
    }
}
