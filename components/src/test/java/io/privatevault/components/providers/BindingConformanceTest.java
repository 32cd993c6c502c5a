package io.privatevault.components.providers;

import com.google.gson.JsonParser;
import com.pulumi.core.annotations.ResourceType;
import com.pulumi.resources.CustomResource;
import io.privatevault.components.providers.tls.PrivateKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every tls/vault binding against the provider schema facts (tls 5.5.1, vault 7.11.0). */
class BindingConformanceTest {
    private static final String PACKAGE = "io.privatevault.components.providers";
    private final BindingChecker checker = new BindingChecker("tls", "vault");

    /** The resources the issues need (issue 3 §3); a binding removed by mistake fails here. */
    private static final Set<String> NEEDED = Set.of(
            "tls:index/privateKey:PrivateKey", "tls:index/selfSignedCert:SelfSignedCert",
            "tls:index/certRequest:CertRequest", "tls:index/locallySignedCert:LocallySignedCert",
            "pulumi:providers:vault", "vault:index/policy:Policy", "vault:index/authBackend:AuthBackend",
            "vault:index/mount:Mount", "vault:index/audit:Audit", "vault:index/auditRequestHeader:AuditRequestHeader",
            "vault:index/raftAutopilot:RaftAutopilot",
            "vault:kubernetes/authBackendConfig:AuthBackendConfig", "vault:kubernetes/authBackendRole:AuthBackendRole",
            "vault:appRole/authBackendRole:AuthBackendRole",
            "vault:aws/authBackendClient:AuthBackendClient", "vault:aws/authBackendRole:AuthBackendRole",
            "vault:aws/secretBackend:SecretBackend", "vault:aws/secretBackendRole:SecretBackendRole",
            "vault:database/secretBackendConnection:SecretBackendConnection", "vault:database/secretBackendRole:SecretBackendRole",
            "vault:kv/secretBackendV2:SecretBackendV2", "vault:transit/secretBackendKey:SecretBackendKey",
            "vault:jwt/authBackend:AuthBackend", "vault:jwt/authBackendRole:AuthBackendRole");

    /** Every class compiled under the providers package, found on disk so a new binding cannot be forgotten. */
    static List<Class<?>> bindingClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(PrivateKey.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(root), "bindings must be scanned from a classes directory, got " + root);
        Path dir = root.resolve(PACKAGE.replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).sorted().toList()) {
                String rel = root.relativize(p).toString();
                classes.add(Class.forName(rel.substring(0, rel.length() - ".class".length()).replace('/', '.').replace('\\', '.')));
            }
        }
        return classes;
    }

    @Test
    void everyBindingConformsToTheSchema() throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> bound = new TreeSet<>();
        int resources = 0;
        for (Class<?> c : bindingClasses()) {
            if (CustomResource.class.isAssignableFrom(c)) {
                resources++;
                var type = c.getAnnotation(ResourceType.class);
                bound.add(type == null ? c.getName() : type.type());
                problems.addAll(checker.check(c));
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(bound.containsAll(NEEDED), "missing bindings: " + NEEDED.stream().filter(n -> !bound.contains(n)).toList());
        assertEquals(bound.size(), resources, "two classes bind the same token: " + bound);
    }

    @Test
    void pluginJsonPinsTheSchemaVersions() {
        for (String provider : List.of("tls", "vault")) {
            var in = Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream("com/pulumi/" + provider + "/plugin.json"));
            var plugin = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            assertTrue(plugin.get("resource").getAsBoolean(), provider + " plugin.json must say resource: true");
            assertEquals(provider, plugin.get("name").getAsString());
            assertEquals(checker.schema(provider).get("version").getAsString(), plugin.get("version").getAsString(), provider);
            assertEquals(plugin.get("version").getAsString(), PluginVersions.read(provider));
        }
    }

    /** The schema copies in test resources must be the shared facts, when the steering folder is next to the repo. */
    @Test
    void schemaCopiesMatchTheSharedFacts() throws IOException {
        Path shared = Path.of(System.getProperty("privatevault.projectDir", "."))
                .toAbsolutePath().normalize();
        // Root build: projectDir is the repository; components build: projectDir is components/.
        Path dir = Stream.of(shared.resolve("../shared/provider-schemas"), shared.resolve("../../shared/provider-schemas"))
                .filter(Files::isDirectory).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "no ../shared/provider-schemas next to the repository");
        for (String file : List.of("tls.json", "vault.json")) {
            try (var in = getClass().getClassLoader().getResourceAsStream("provider-schemas/" + file)) {
                assertEquals(Files.readString(dir.resolve(file)), new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8), file);
            }
        }
    }

    @Test
    void theRealPrivateKeyBindingConforms() {
        assertEquals(List.of(), checker.check(PrivateKey.class));
    }

    /** The checker must catch each kind of mistake, or the conformance test above proves nothing. */
    @Test
    void checkerRejectsAWrongBinding() {
        List<String> problems = checker.check(FakeBindings.BadPrivateKey.class);
        String all = String.join("\n", problems);
        assertContains(all, "@Export 'privateKeyPEM' is not an output in the schema");
        assertContains(all, "rsaBits: Java type java.lang.String does not match schema type integer");
        assertContains(all, "output 'privateKeyPem' is secret in the schema but not in additionalSecretOutputs");
        assertContains(all, "version option 5.4.0, schema 5.5.1");
        assertContains(all, "required input 'algorithm' cannot be expressed");
        assertContains(all, "@Import 'curve' is not an input in the schema");
        assertContains(all, "publicKeyPem: @Export refs/tree describe List<String> but the field holds String");

        String cert = String.join("\n", checker.check(FakeBindings.BadCertRequest.class));
        assertContains(cert, "input 'privateKeyPem' is secret in the schema but the builder stores it in plain text");
        assertContains(cert, "subject: tls:index/CertRequestSubject:CertRequestSubject must be bound as inputs.CertRequestSubjectArgs");

        assertContains(String.join("\n", checker.check(FakeBindings.UnknownToken.class)), "unknown type token");
    }

    private static void assertContains(String all, String expected) {
        assertTrue(all.contains(expected), "expected a problem containing\n  " + expected + "\ngot\n" + all);
    }
}
