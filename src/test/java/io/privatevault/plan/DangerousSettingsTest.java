package io.privatevault.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.privatevault.components.support.Cidr;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dangerous settings are refused before anything is registered: {@code plan} exits 2, names the key and plans nothing
 * (the same validation stops {@code pulumi up}, see MainTest). Each case is a shipped stack file with one setting
 * changed, written beside a copy of its platform stack's file.
 */
class DangerousSettingsTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String STAR_ON_STAR = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    static Stream<Arguments> dangerous() {
        var ci = Map.of("name", "ci", "auth", "approle", "cidrs", List.of("0.0.0.0/0"));
        var broadCi = Map.of("name", "ci", "auth", "approle", "cidrs", List.of("10.60.8.0/24", "10.0.0.0/8"));
        var deployer = Map.of("name", "reports", "auth", "aws", "roleArns", List.of("arn:aws:iam::123456789012:role/reports-batch-dev"),
                "awsSecretRoles", List.of(Map.of("name", "deploy", "credentialType", "iam_user", "policyDocument", STAR_ON_STAR)));
        var notAction = Map.of("name", "reports", "auth", "aws", "roleArns", List.of("arn:aws:iam::123456789012:role/reports-batch-dev"),
                "awsSecretRoles", List.of(Map.of("name", "deploy", "credentialType", "iam_user",
                        "policyDocument", "{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\",\"organizations:*\"],\"Resource\":\"*\"}]}")));
        String range = Cidr.CLIENT_RANGE_ALLOWED;
        return Stream.of(
                Arguments.of("dev-config", "tenants", List.of(ci),
                        "private-vault:tenants[0].cidrs must be " + range + "; this one is the whole internet, got '0.0.0.0/0'"),
                Arguments.of("dev-config", "tenants", List.of(broadCi),
                        "private-vault:tenants[0].cidrs must be " + range + "; this one is wider than /16"),
                Arguments.of("dev-config", "tenants", List.of(deployer),
                        "private-vault:tenants[0].awsSecretRoles[0].policyDocument must be a policy that is not administrator access"),
                Arguments.of("dev-config", "tenants", List.of(notAction),
                        "private-vault:tenants[0].awsSecretRoles[0].policyDocument must be a policy that is not administrator access"
                                + " (name the actions and resources the credentials need); this one Allow with NotAction [iam:*, organizations:*]"
                                + " grants every other action on every resource (*)"),
                // One private CA for nodes and engineers: a node certificate (client auth) would open the VPN.
                Arguments.of("prod", "vpnCertificateAuthorityArn", "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/2e9f4b61-8c3a-4d7e-b5f0-1a6c9d8e3b27",
                        "private-vault:vpnCertificateAuthorityArn must be a different CA from vaultCertificateAuthorityArn"),
                Arguments.of("dev", "allowedClientCidrs", List.of("128.0.0.0/1"),
                        "private-vault:allowedClientCidrs must be " + range + "; this one is public addresses, got '128.0.0.0/1'"),
                Arguments.of("dev", "allowedClientCidrs", List.of("10.0.0.0/8"),
                        "private-vault:allowedClientCidrs must be " + range + "; this one is wider than /16 (16777216 addresses"),
                Arguments.of("k8s", "edgeSubnetCidrs", List.of("0.0.0.0/0", "10.44.240.64/26", "10.44.240.128/26"),
                        "private-vault:edgeSubnetCidrs must be a /24 to /27 block"),
                Arguments.of("k8s", "edgeSubnetCidrs", List.of("10.44.0.0/20", "10.44.16.0/20", "10.44.32.0/20"),
                        "private-vault:edgeSubnetCidrs must be a /24 to /27 block (the NLB and a Client VPN association need at least a /27; wider is a workload subnet), got '10.44.0.0/20'"),
                Arguments.of("dev-config", "oidcClientSecret", "hunter2-client-secret",
                        "private-vault:oidcClientSecret must be encrypted: it is a secret, and the stack file holds it in plain text;"
                                + " set it with `pulumi config set --secret private-vault:oidcClientSecret ...`, which stores `secure: v1:...`,"
                                + " got a plain-text value (not shown)"),
                Arguments.of("dev-config", "databasePasswords", Map.of("payments", "correct-horse-battery-staple"),
                        "private-vault:databasePasswords must be encrypted: it is a secret, and the stack file holds it in plain text;"
                                + " set it with `pulumi config set --secret --path 'private-vault:databasePasswords.<name>' ...`"),
                // One entry encrypted, one not: the CLI counts the object as secure, the file still shows the password.
                Arguments.of("dev-config", "databasePasswords", Map.of("payments", Map.of("secure", "v1:abc"), "reports", "correct-horse-battery-staple"),
                        "private-vault:databasePasswords must be encrypted"),
                Arguments.of("k8s", "vaultClusterKubeconfig", "apiVersion: v1\nkind: Config\n",
                        "private-vault:vaultClusterKubeconfig must be encrypted"));
    }

    @ParameterizedTest
    @MethodSource("dangerous")
    void isRefusedWithExitTwoAndTheKeyNamed(String stack, String key, Object value, String message, @TempDir Path dir) throws Exception {
        Path file = write(dir, stack, key, value);
        var outcome = PlanCommandTest.plan("--stack", file.toString());
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(message), outcome.err());
        assertTrue(outcome.err().contains("nothing was planned"), outcome.err());
        assertEquals("", outcome.out());
        if (value instanceof String s && key.toLowerCase().contains("secret") || key.equals("databasePasswords") || key.equals("vaultClusterKubeconfig")) {
            assertFalse(outcome.err().contains("hunter2") || outcome.err().contains("correct-horse") || outcome.err().contains("kind: Config"),
                    "a refused secret is never printed: " + outcome.err());
        }
    }

    /**
     * The program, not Pulumi.yaml, refuses plain-text secrets: the CLI applies a declared default as a plain value and
     * then refuses it when the setting is {@code secret: true} ("Stack '%v' with configuration key '%v' must be
     * encrypted as it's secret", pulumi/pulumi sdk/go/common/workspace/config.go, validateStackConfigValue after
     * mergeConfig), and a secret setting without a default would be required of every stack of both kinds. So no setting
     * may be declared {@code secret: true} with a default.
     */
    @org.junit.jupiter.api.Test
    void pulumiYamlDeclaresNoSecretWithADefault() throws Exception {
        JsonNode config = YAML.readTree(TestStacks.projectDir().resolve("Pulumi.yaml").toFile()).get("config");
        config.fields().forEachRemaining(e -> {
            assertFalse(e.getValue().path("secret").asBoolean(false) && e.getValue().has("default"),
                    e.getKey() + " is secret: true with a default, which the Pulumi CLI refuses on every stack that omits it");
        });
    }

    /** The shipped stack file {@code stack} with {@code key} set to {@code value}, beside a copy of its platform stack. */
    private static Path write(Path dir, String stack, String key, Object value) throws Exception {
        for (String s : stack.endsWith("-config") ? List.of(stack, stack.replace("-config", "")) : List.of(stack)) {
            Files.copy(TestStacks.projectDir().resolve("Pulumi." + s + ".yaml"), dir.resolve("Pulumi." + s + ".yaml"));
        }
        Path file = dir.resolve("Pulumi." + stack + ".yaml");
        JsonNode doc = YAML.readTree(file.toFile());
        ((ObjectNode) doc.get("config")).set("private-vault:" + key, YAML.valueToTree(value));
        YAML.writeValue(file.toFile(), doc);
        return file;
    }
}
