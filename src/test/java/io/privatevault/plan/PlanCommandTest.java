package io.privatevault.plan;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.Main;
import io.privatevault.plan.insights.PolicyPack;
import io.privatevault.plan.insights.Rule;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class PlanCommandTest {
    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome plan(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.cli(withProjectDir(args), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static String[] withProjectDir(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "plan";
        full[1] = "--project-dir";
        full[2] = TestStacks.projectDir().toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return full;
    }

    private static final Map<String, String> JSON_PLANS = new ConcurrentHashMap<>();

    /** {@code plan --stack STACK --format json} of a shipped stack, planned once per test run (plans are deterministic). */
    static String jsonPlan(String stack) {
        return JSON_PLANS.computeIfAbsent(stack, s -> {
            var outcome = plan("--stack", s, "--format", "json");
            assertEquals(0, outcome.exitCode(), outcome.err());
            return outcome.out();
        });
    }

    @ParameterizedTest
    @CsvSource({"dev,text", "dev,mermaid", "prod,text", "prod,mermaid", "dev-config,text", "dev-config,mermaid", "prod-config,mermaid"})
    void plansBothKindsOfStackInTextAndMermaid(String stack, String format) {
        var outcome = plan("--stack", stack, "--format", format);
        assertEquals(0, outcome.exitCode(), outcome.err());
        if (format.equals("mermaid")) {
            assertTrue(outcome.out().startsWith("flowchart LR\n"), outcome.out());
            assertEquals(stack.endsWith("-config"), outcome.out().contains("platform[(\"Platform stack " + stack.replace("-config", "")),
                    outcome.out());
        } else {
            assertTrue(outcome.out().contains("Counts by type:"), outcome.out());
            assertTrue(outcome.out().contains(stack.endsWith("-config") ? "private-vault:index:VaultBaseline" : "private-vault:index:KmsSeal"),
                    outcome.out());
            assertTrue(outcome.out().contains("(write them with --artifacts DIR)"), outcome.out());
        }
        assertEquals("", outcome.err());
    }

    @ParameterizedTest
    @CsvSource({"dev", "prod", "k8s", "dev-config", "k8s-config"})
    void jsonPlansFollowTheDocumentedContract(String stack) {
        JsonObject doc = JsonParser.parseString(jsonPlan(stack)).getAsJsonObject();
        assertEquals(JsonRenderer.FORMAT_VERSION, doc.get("formatVersion").getAsInt());
        assertEquals(2, JsonRenderer.FORMAT_VERSION);
        assertEquals(stack, doc.get("stack").getAsString());
        for (String field : new String[]{"project", "environment", "region", "outputs", "findings", "suppressedFindings", "checksNotRun", "cost", "criticalPath", "notes"}) {
            assertTrue(doc.has(field), field + " missing");
        }
        assertTrue(doc.getAsJsonArray("resources").size() > 3);
        Set<String> optionKeys = JsonRenderer.options(io.privatevault.components.testing.RecordedOptions.NONE).keySet();
        for (var r : doc.getAsJsonArray("resources")) {
            var o = r.getAsJsonObject();
            for (String field : new String[]{"urn", "type", "name", "parent", "custom", "id", "arn", "inputs", "dependencies", "options"}) {
                assertTrue(o.has(field), field + " missing in " + o.get("urn"));
            }
            assertEquals(optionKeys, o.getAsJsonObject("options").keySet(), "options of " + o.get("urn"));
            boolean stackResource = o.get("type").getAsString().equals("pulumi:pulumi:Stack");
            assertEquals(o.get("custom").getAsBoolean(), !o.get("id").isJsonNull() && !stackResource,
                    "custom resources have a mock id, components none: " + o.get("urn"));
        }
        // docs/plan-json.md documents every field of a resource's options.
        String doc2 = readDoc();
        optionKeys.forEach(k -> assertTrue(doc2.contains("`options." + k + "`") || doc2.contains("`options." + k + "`,"),
                "docs/plan-json.md does not document options." + k));
    }

    private static String readDoc() {
        try {
            return Files.readString(TestStacks.projectDir().resolve("docs/plan-json.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A tool maps an id or ARN in an input back to the resource that has it, and options name real resources. */
    @Test
    void idsArnsAndOptionsLeadBackToResources() {
        JsonObject doc = JsonParser.parseString(jsonPlan("prod")).getAsJsonObject();
        Map<String, JsonObject> byId = new HashMap<>();
        Map<String, JsonObject> byUrn = new HashMap<>();
        for (var r : doc.getAsJsonArray("resources")) {
            var o = r.getAsJsonObject();
            byUrn.put(o.get("urn").getAsString(), o);
            if (!o.get("id").isJsonNull()) {
                byId.put(o.get("id").getAsString(), o);
            }
            if (!o.get("arn").isJsonNull()) {
                byId.put(o.get("arn").getAsString(), o);
            }
        }
        var subnet = resources(doc).filter(o -> o.get("type").getAsString().equals("aws:ec2/subnet:Subnet")).findFirst().orElseThrow();
        var vpc = byId.get(subnet.getAsJsonObject("inputs").get("vpcId").getAsString());
        assertNotNull(vpc, "the subnet's vpcId is no resource's id");
        assertEquals("aws:ec2/vpc:Vpc", vpc.get("type").getAsString());
        assertTrue(subnet.getAsJsonArray("dependencies").toString().contains(vpc.get("urn").getAsString()));
        var key = resources(doc).filter(o -> o.get("type").getAsString().equals("aws:kms/key:Key")
                && o.get("name").getAsString().equals("vault-kms-seal")).findFirst().orElseThrow();
        assertTrue(key.get("arn").getAsString().startsWith("arn:aws:kms:eu-west-1:123456789012:key/"), key.get("arn").toString());
        // The replica bucket lives in another region through an explicit provider, which is a resource of the plan.
        var replica = resources(doc).filter(o -> o.get("name").getAsString().equals("vault-backups-replica")
                && o.get("type").getAsString().equals("aws:s3/bucketV2:BucketV2")).findFirst().orElseThrow();
        var provider = byUrn.get(replica.getAsJsonObject("options").get("provider").getAsString());
        assertNotNull(provider, "options.provider names no resource of the plan");
        assertEquals("pulumi:providers:aws", provider.get("type").getAsString());
        // Explicit dependsOn: the flow log waits for its role's policy without taking an input from it.
        var flowLog = resources(doc).filter(o -> o.get("type").getAsString().equals("aws:ec2/flowLog:FlowLog")).findFirst().orElseThrow();
        var dependsOn = flowLog.getAsJsonObject("options").getAsJsonArray("dependsOn");
        assertEquals(1, dependsOn.size(), dependsOn.toString());
        assertEquals("aws:iam/rolePolicy:RolePolicy", byUrn.get(dependsOn.get(0).getAsString()).get("type").getAsString());
    }

    private static Stream<JsonObject> resources(JsonObject doc) {
        var list = new java.util.ArrayList<JsonObject>();
        doc.getAsJsonArray("resources").forEach(r -> list.add(r.getAsJsonObject()));
        return list.stream();
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

    /** A misspelt rule in policySuppressions is a usage error that names the setting, the name and the known rules. */
    @Test
    void aMisspeltSuppressionRuleIsAUsageErrorWithTheKnownRules() throws Exception {
        Path dir = Files.createTempDirectory("suppressions");
        Path stack = dir.resolve("Pulumi.dev.yaml");
        Files.writeString(stack, Files.readString(TestStacks.projectDir().resolve("Pulumi.dev.yaml"))
                + "  private-vault:policySuppressions:\n"
                + "    - rule: kms-rotation\n"
                + "      urn: urn:pulumi:dev::private-vault::aws:kms/key:Key::vault-kms-seal\n"
                + "      reason: rotated by the HSM team on their schedule\n"
                + "    - rule: kms-rotaton\n"
                + "      urn: urn:pulumi:dev::private-vault::aws:kms/key:Key::vault-kms-data\n"
                + "      reason: rotated by the HSM team on their schedule\n");
        var outcome = plan("--stack", stack.toString());
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals("", outcome.out());
        assertTrue(outcome.err().startsWith("error: private-vault:policySuppressions[1].rule = 'kms-rotaton' is not a rule of the policy pack"
                + " (did you mean 'kms-rotation'?); known rules: "), outcome.err());
        for (Rule rule : PolicyPack.standard().rules()) {
            assertTrue(outcome.err().contains(rule.id()), rule.id() + " missing from " + outcome.err());
        }
        assertFalse(outcome.err().contains("policySuppressions[0]"), outcome.err());
        assertFalse(outcome.err().contains("\tat ") || outcome.err().contains("Exception"), "a stack trace: " + outcome.err());
        assertTrue(outcome.err().contains("nothing was planned"), outcome.err());
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
        var missing = plan("--stack", "staging");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("Pulumi.staging.yaml not found"), missing.err());
        var format = plan("--stack", "dev", "--format", "xml");
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("xml"), format.err());
    }

    @Test
    void secretsAreMaskedUnlessAskedFor() {
        String masked = jsonPlan("dev");
        assertTrue(masked.contains("\"[secret]\""), "no masked secret in the plan");
        assertFalse(masked.contains("PRIVATE KEY-----"), "a private key leaked into the masked plan");
        var shown = plan("--stack", "dev", "--format", "json", "--show-secrets");
        assertTrue(shown.out().contains("PRIVATE KEY-----"), "--show-secrets did not show the generated keys");
    }

    @Test
    void plansAreDeterministic() {
        assertEquals(jsonPlan("prod"), plan("--stack", "prod", "--format", "json").out());
        assertEquals(jsonPlan("prod-config"), plan("--stack", "prod-config", "--format", "json").out());
    }

    @Test
    void artifactsAreWrittenBelowTheFolderAndTheTextSaysWhere() throws Exception {
        Path dir = Files.createTempDirectory("artifacts");
        var outcome = plan("--stack", "dev", "--artifacts", dir.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        var written = java.util.regex.Pattern.compile("wrote (\\d+) rendered files to " + java.util.regex.Pattern.quote(dir.toString()))
                .matcher(outcome.err());
        assertTrue(written.find(), outcome.err());
        try (var files = Files.walk(dir)) {
            assertEquals(Integer.parseInt(written.group(1)), files.filter(Files::isRegularFile).count());
        }
        assertTrue(Files.readString(dir.resolve("node/vault.hcl")).contains("listener \"tcp\""));
        assertTrue(outcome.out().contains("Rendered files: " + written.group(1) + ", written to " + dir), outcome.out());
        assertFalse(outcome.out().contains("write them with --artifacts"), outcome.out());
    }

    /**
     * On a terminal stdout and stderr are one stream: everything the plan prints must be out (flushed) before the
     * notes on stderr start, or they splice into each other. A buffered stdout over one shared sink shows the order.
     */
    @Test
    void stdoutIsCompleteBeforeStderrNotes() throws Exception {
        Path dir = Files.createTempDirectory("artifacts");
        var sink = new StringWriter();
        var out = new PrintWriter(new BufferedWriter(sink, 512));
        var err = new PrintWriter(sink, true);
        int code = Main.cli(withProjectDir("--stack", "dev", "--timings", "--artifacts", dir.toString()), out, err);
        assertEquals(0, code, sink.toString());
        String all = sink.toString();
        int notes = all.indexOf("wrote ");
        assertTrue(notes > 0, all);
        String stdout = all.substring(0, notes);
        String stderr = all.substring(notes);
        assertTrue(stdout.startsWith("Offline plan: ") && stdout.contains("Stack outputs:") && stdout.endsWith("\n"), stdout);
        assertTrue(stderr.matches("(?s)wrote \\d+ rendered files to .*\ntimings: JVM start to first resource registration \\d+ ms;"
                + " JVM start to plan written \\d+ ms\n"), stderr);
    }
}
