package io.privatevault.components.providers;

import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.providers.tls.CertRequest;
import io.privatevault.components.providers.tls.CertRequestArgs;
import io.privatevault.components.providers.tls.PrivateKey;
import io.privatevault.components.providers.tls.PrivateKeyArgs;
import io.privatevault.components.providers.tls.SelfSignedCert;
import io.privatevault.components.providers.tls.SelfSignedCertArgs;
import io.privatevault.components.providers.tls.inputs.SelfSignedCertSubjectArgs;
import io.privatevault.components.providers.tls.outputs.SelfSignedCertSubject;
import io.privatevault.components.providers.vault.Policy;
import io.privatevault.components.providers.vault.PolicyArgs;
import io.privatevault.components.providers.vault.Provider;
import io.privatevault.components.providers.vault.ProviderArgs;
import io.privatevault.components.providers.vault.inputs.ProviderAuthLoginAwsArgs;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.Secret;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bindings as the engine sees them: type token, pinned plugin version, secrets in and out. */
class BindingMockTest {
    private static final String PEM = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";

    private static MockRun.Result run() {
        var mocks = new AwsMocks("eu-west-1", "111122223333")
                .shape("tls:index/privateKey:PrivateKey", (a, ids) -> Map.of(
                        "privateKeyPem", PEM, "privateKeyPemPkcs8", PEM, "privateKeyOpenssh", "openssh",
                        "publicKeyPem", "-----BEGIN PUBLIC KEY-----", "ecdsaCurve", "P256"))
                // The bindings are under test, not key material: outputs that need no parsing of the fake key.
                .shape("tls:index/selfSignedCert:SelfSignedCert", (a, ids) -> Map.of("certPem", "-----BEGIN CERTIFICATE-----"))
                .shape("tls:index/certRequest:CertRequest", (a, ids) -> Map.of("certRequestPem", "-----BEGIN CERTIFICATE REQUEST-----"));
        return MockRun.of("test", "dev", mocks).run(ctx -> {
            var key = new PrivateKey("ca-key", PrivateKeyArgs.builder().algorithm("ECDSA").ecdsaCurve("P384").build());
            var ca = new SelfSignedCert("ca", SelfSignedCertArgs.builder()
                    .privateKeyPem(key.privateKeyPem())
                    .allowedUses("cert_signing", "crl_signing")
                    .isCaCertificate(true)
                    .validityPeriodHours(87600)
                    .subject(SelfSignedCertSubjectArgs.builder().commonName("Vault CA").organization("private-vault").build())
                    .build());
            new CertRequest("node", CertRequestArgs.builder().privateKeyPem(PEM).dnsNames("vault.example.internal").build());
            var vault = new Provider("vault", ProviderArgs.builder()
                    .address("https://vault.example.internal:8200")
                    .caCertFile("/tmp/vault-ca.pem")
                    .token("hvs.fallback")
                    .authLoginAws(ProviderAuthLoginAwsArgs.builder().role("provisioner").build())
                    .skipChildToken(true)
                    .build());
            new Policy("admin", PolicyArgs.builder().name("admin").policy("path \"sys/*\" { capabilities = [\"read\"] }").build(),
                    CustomResourceOptions.builder().provider(vault).build());
            ctx.export("privateKeyPem", key.privateKeyPem());
            ctx.export("publicKeyPem", key.publicKeyPem());
            ctx.export("subject", ca.subject().applyValue(s -> s.flatMap(SelfSignedCertSubject::commonName).orElse("none")));
        });
    }

    @Test
    void tlsResourcesRegisterWithTheirTokenAndPinnedVersion() {
        var result = run();
        assertFalse(result.failed(), result.errors().toString());
        var key = result.one("tls:index/privateKey:PrivateKey");
        assertEquals("5.5.1", key.version());
        assertEquals("ECDSA", key.input("algorithm"));
        assertEquals("P384", key.input("ecdsaCurve"));
        var ca = result.one("tls:index/selfSignedCert:SelfSignedCert");
        assertEquals("5.5.1", ca.version());
        assertEquals(List.of("cert_signing", "crl_signing"), ca.input("allowedUses"));
        assertEquals("Vault CA", ca.input("subject.commonName"));
        assertEquals(87600.0, ((Number) ca.input("validityPeriodHours")).doubleValue());
    }

    @Test
    void secretOutputsComeBackSecretAndSecretInputsGoOutSecret() {
        var result = run();
        assertInstanceOf(Secret.class, result.outputs().get("privateKeyPem"));
        assertEquals(PEM, ((Secret) result.outputs().get("privateKeyPem")).value());
        assertEquals("-----BEGIN PUBLIC KEY-----", result.outputs().get("publicKeyPem"), "a public key stays plain");
        assertEquals("Vault CA", result.outputs().get("subject"), "nested output types deserialise");
        assertTrue(result.one("tls:index/selfSignedCert:SelfSignedCert").isSecret("privateKeyPem"));
        // A plain string given to a secret input is still sent as a secret.
        assertTrue(result.one("tls:index/certRequest:CertRequest").isSecret("privateKeyPem"));
    }

    @Test
    void vaultProviderIsPinnedAndItsTokenIsSecret() {
        var result = run();
        var provider = result.one("pulumi:providers:vault");
        assertEquals("7.11.0", provider.version());
        assertTrue(provider.isSecret("token"), "the fallback token must never be stored in plain text");
        assertEquals("/tmp/vault-ca.pem", provider.input("caCertFile"));
        // Provider config is strings on the wire: objects and booleans are JSON-encoded, as the official SDKs do.
        var login = com.google.gson.JsonParser.parseString((String) provider.input("authLoginAws")).getAsJsonObject();
        assertEquals("provisioner", login.get("role").getAsString());
        assertEquals("true", provider.input("skipChildToken"));
        var policy = result.one("vault:index/policy:Policy");
        assertEquals("7.11.0", policy.version());
        assertTrue(policy.provider().startsWith(provider.urn() + "::"), "policy uses the explicit provider: " + policy.provider());
    }

    /** Every binding, built with only its required inputs, registers under its own token with the pinned version. */
    @Test
    void everyBindingRegistersUnderItsTokenWithThePinnedVersion() throws Exception {
        var checker = new BindingChecker("tls", "vault");
        var expected = new java.util.TreeMap<String, String>();
        List<String> problems = new java.util.ArrayList<>();
        List<Runnable> constructors = new java.util.ArrayList<>();
        int i = 0;
        for (Class<?> c : BindingConformanceTest.bindingClasses()) {
            if (!com.pulumi.resources.CustomResource.class.isAssignableFrom(c)) {
                continue;
            }
            String token = c.getAnnotation(com.pulumi.core.annotations.ResourceType.class).type();
            String provider = token.startsWith("pulumi:providers:") ? token.substring(17) : token.split(":")[0];
            String name = "b" + i++;
            expected.put(name, token + " " + checker.schema(provider).get("version").getAsString());
            Class<?> argsClass = BindingChecker.argsClass(c);
            Object args = checker.sampleArgs(argsClass, problems);
            var ctor = c.getConstructor(String.class, argsClass, CustomResourceOptions.class);
            constructors.add(() -> {
                try {
                    ctor.newInstance(name, args, null);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        assertEquals(List.of(), problems);
        // Sample inputs are not real PEMs: replace the tls mocks' real key material with empty outputs.
        var mocks = new AwsMocks("eu-west-1", "111122223333");
        for (String type : List.of("tls:index/privateKey:PrivateKey", "tls:index/selfSignedCert:SelfSignedCert",
                "tls:index/certRequest:CertRequest", "tls:index/locallySignedCert:LocallySignedCert")) {
            mocks.shape(type, (a, ids) -> Map.of());
        }
        var result = MockRun.of("test", "dev", mocks).run(ctx -> constructors.forEach(Runnable::run));
        assertFalse(result.failed(), result.errors().toString());
        var actual = new java.util.TreeMap<String, String>();
        result.resources().stream().filter(r -> r.custom()).forEach(r -> actual.put(r.name(), r.type() + " " + r.version()));
        assertEquals(expected, actual);
    }
}
