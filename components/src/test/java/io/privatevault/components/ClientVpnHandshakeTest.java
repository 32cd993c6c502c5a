package io.privatevault.components;

import io.privatevault.components.testing.UsesTools;
import com.google.gson.JsonParser;
import com.pulumi.core.Output;
import io.privatevault.components.testing.ExternalTools;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.Secret;
import io.privatevault.components.vpn.OpenVpnLab;
import io.privatevault.components.vpn.OvpnProfile;
import io.privatevault.components.vpn.Pem;
import io.privatevault.components.vpn.RealTls;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The end-to-end proof: profiles and PKI produced by the component (with real key material from the
 * tls mocks) against a real OpenVPN 2.6 server configured like the endpoint, inside a namespace of its own.
 */
@UsesTools
class ClientVpnHandshakeTest {
    static final Duration LIMIT = Duration.ofSeconds(20);

    static ClientVpnArgs.Builder args(List<ClientVpnArgs.EngineerArgs> engineers) {
        return ClientVpnArgs.builder()
                .vpcId(Output.of("vpc-0123456789abcdef0"))
                .vpcCidr(Output.of("10.42.0.0/16"))
                .subnetIds(Output.of(List.of("subnet-a", "subnet-b", "subnet-c")))
                .resolverAddress(Output.of("10.42.0.2"))
                .nlbSecurityGroupId(Output.of("sg-0nlb0000000000000"))
                .logKmsKeyArn(Output.of("arn:aws:kms:eu-west-1:111122223333:key/data"))
                .authorizedCidrs(List.of("10.42.0.0/24"))
                .clientCidr("10.100.0.0/22")
                .serverName("vpn.tooling.internal")
                .engineers(engineers);
    }

    static MockRun.Result up(ClientVpnArgs.Builder args) {
        var result = MockRun.of("e2e", "dev", RealTls.mocks()).run(ctx -> {
            var vpn = new ClientVpn("e2e", args.build(), null);
            ctx.export("clientConfigs", vpn.clientConfigs);
            ctx.export("serials", vpn.clientCertificateSerials);
            ctx.export("crl", vpn.revocationListPem);
            ctx.export("renderedFiles", vpn.renderedFiles);
        });
        assertFalse(result.failed(), result.errors().toString());
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> map(Object output) {
        return (Map<String, String>) (output instanceof Secret s ? s.value() : output);
    }

    /** The test copy points at the server in the namespace instead of the endpoint's DNS name. */
    static String local(String profile) {
        String pointed = profile.replaceAll("(?m)^remote \\S+ 443$", "remote 127.0.0.1 443");
        assertNotEquals(profile, pointed, "profile has no remote line");
        return pointed;
    }

    @Test
    void currentEngineersConnectForeignAndRevokedCertificatesDoNot(@TempDir Path dir) throws Exception {
        // Alice follows the CSR onboarding: her key stays with her.
        var aliceKey = RealTls.rsa(2048);
        String aliceCsr = RealTls.csr("alice", aliceKey);
        Files.writeString(dir.resolve("alice.key"), Pem.write(aliceKey.getPrivate()));

        // First up: alice (CSR), bob and carol (generated).
        var first = up(args(List.of(ClientVpnArgs.EngineerArgs.csr("alice", aliceCsr),
                ClientVpnArgs.EngineerArgs.generated("bob"), ClientVpnArgs.EngineerArgs.generated("carol"))));
        String carolProfile = map(first.outputs().get("clientConfigs")).get("carol");
        String carolSerial = map(first.outputs().get("serials")).get("carol");

        // Second up: carol leaves and her certificate's serial goes to the revoked list.
        var second = up(args(List.of(ClientVpnArgs.EngineerArgs.csr("alice", aliceCsr), ClientVpnArgs.EngineerArgs.generated("bob")))
                .revoked(ClientVpnArgs.RevokedEngineerArgs.of("carol", carolSerial)));
        var configs = map(second.outputs().get("clientConfigs"));
        assertEquals(List.of("alice", "bob"), configs.keySet().stream().sorted().toList());

        // The server gets exactly what ACM and the endpoint get: the imported server certificate, key and chain,
        // the client-chain's CA as client CA, and the generated CRL.
        var serverImport = second.named("aws:acm/certificate:Certificate", "e2e-server");
        var chainImport = second.named("aws:acm/certificate:Certificate", "e2e-client-chain");
        Files.writeString(dir.resolve("server.pem"), (String) serverImport.input("certificateBody"));
        Files.writeString(dir.resolve("server.key"), (String) serverImport.input("privateKey"));
        Files.writeString(dir.resolve("client-ca.pem"), (String) chainImport.input("certificateChain"));
        Files.writeString(dir.resolve("crl.pem"), (String) second.outputs().get("crl"));
        var endpoint = second.one("aws:ec2clientvpn/endpoint:Endpoint");

        // The CSR engineer's one-liner from the README puts her key into the downloaded profile.
        Files.writeString(dir.resolve("alice.download.ovpn"), configs.get("alice"));
        var sed = ExternalTools.run(List.of("sh", "-c", "sed -e '/^# REPLACE THIS LINE with your private key/{r alice.key' -e 'd}' alice.download.ovpn"), dir);
        assertEquals(0, sed.exitCode(), sed.all());
        String aliceProfile = sed.stdout();
        assertTrue(configs.get("alice").contains(OvpnProfile.KEY_PLACEHOLDER));
        assertTrue(aliceProfile.contains("<key>\n-----BEGIN RSA PRIVATE KEY-----"), aliceProfile);

        var lab = new OpenVpnLab(dir);
        try {
            lab.startServer(String.join("\n",
                    "# Like the endpoint: UDP " + endpoint.input("vpnPort") + ", client pool " + endpoint.input("clientCidrBlock")
                            + ", mutual certificates from the VPN CA, the CRL, AEAD ciphers.",
                    "port " + endpoint.input("vpnPort"),
                    "proto " + endpoint.input("transportProtocol"),
                    "dev tun",
                    "topology subnet",
                    "server 10.100.0.0 255.255.252.0",
                    "ca client-ca.pem",
                    "cert server.pem",
                    "key server.key",
                    "dh none",
                    "crl-verify crl.pem",
                    "remote-cert-tls client",
                    "tls-version-min 1.2",
                    "data-ciphers AES-256-GCM:AES-128-GCM",
                    "push \"dhcp-option DNS " + endpoint.input("dnsServers.0") + "\"",
                    "verb 3", ""));

            var alice = lab.connect("alice", local(aliceProfile), LIMIT);
            assertTrue(alice.connected(), "alice (CSR) must connect:\n" + alice.clientLog() + "\nserver:\n" + alice.serverLog());
            System.out.println("[measure] CSR engineer handshake to Initialization Sequence Completed: " + alice.elapsed().toMillis() + " ms");
            assertTrue(alice.clientLog().lines().anyMatch(l -> l.contains("VERIFY X509NAME OK") && l.contains("CN=vpn.tooling.internal")),
                    "verify-x509-name must pin the server name:\n" + alice.clientLog());

            assertTrue(alice.clientLog().contains("Data Channel: cipher 'AES-256-GCM'"), "AEAD data cipher:\n" + alice.clientLog());
            assertTrue(alice.clientLog().contains("dhcp-option DNS 10.42.0.2"), "the resolver is pushed:\n" + alice.clientLog());

            var bob = lab.connect("bob", local(configs.get("bob")), LIMIT);
            assertTrue(bob.connected(), "bob (generated) must connect:\n" + bob.clientLog() + "\nserver:\n" + bob.serverLog());
            System.out.println("[measure] generated engineer handshake: " + bob.elapsed().toMillis() + " ms");

            var foreign = lab.connect("mallory", local(withForeignCertificate(configs.get("bob"))), LIMIT);
            assertFalse(foreign.connected(), "a certificate from another CA must be refused:\n" + foreign.clientLog());
            assertTrue(foreign.serverLog().contains("VERIFY ERROR"), foreign.serverLog());
            assertTrue(foreign.serverLog().contains("unable to get local issuer certificate"), foreign.serverLog());

            var carol = lab.connect("carol", local(carolProfile), LIMIT);
            assertFalse(carol.connected(), "revoked carol must be refused:\n" + carol.clientLog());
            assertTrue(carol.serverLog().contains("certificate revoked"), carol.serverLog());
            System.out.println("[measure] revoked engineer refused after " + carol.elapsed().toMillis() + " ms");
        } finally {
            lab.close();
        }
        assertFalse(lab.namespaceExists(), "the test's namespace must be gone");

        // The connect handler, run with node and the allow-list packaged with it, denies carol and admits alice.
        ExternalTools.require("node", "apt-get install -y nodejs");
        var function = second.one("aws:lambda/function:Function");
        Files.writeString(dir.resolve("index.js"), map(second.outputs().get("renderedFiles")).get("vpn/connect-handler/index.js"));
        Files.writeString(dir.resolve("names.json"), ClientVpnTest.packagedNames(function));
        String script = "const h = require('./index.js');"
                + "Promise.all(['alice','bob','carol','mallory',''].map(cn => h.handler({'connection-id':'cvpn-connection-1','common-name':cn})))"
                + ".then(r => process.stdout.write(JSON.stringify(r)));";
        var builder = new ProcessBuilder("node", "-e", script).directory(dir.toFile()).redirectErrorStream(true);
        var node = builder.start();
        assertTrue(node.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "node timed out");
        String out = new String(node.getInputStream().readAllBytes());
        var answers = JsonParser.parseString(out.lines().reduce((a, b) -> b).orElse("")).getAsJsonArray();
        assertEquals(List.of(true, true, false, false, false), answers.asList().stream()
                .map(a -> a.getAsJsonObject().get("allow").getAsBoolean()).toList(), out);
        var carolAnswer = answers.get(2).getAsJsonObject();
        assertEquals("VPN access denied: access for carol has been revoked", carolAnswer.get("error-msg-on-failed-posture-compliance").getAsString());
        assertEquals("v1", carolAnswer.get("schema-version").getAsString());
        assertEquals(0, carolAnswer.getAsJsonArray("posture-compliance-statuses").size());
    }

    /** Bob's profile with a key and certificate (CN=bob, client auth) from a CA the endpoint never saw. */
    static String withForeignCertificate(String profile) throws Exception {
        var caKey = RealTls.rsa(2048);
        var key = RealTls.rsa(2048);
        var now = Instant.now();
        var caName = new X500Name("CN=Someone else's CA");
        var cert = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86400)), new X500Name("CN=bob,O=private-vault"), key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                .build(RealTls.signer(caKey.getPrivate()));
        return profile.replaceAll("(?s)<cert>.*</cert>", "<cert>\n" + Pem.write(cert).strip() + "\n</cert>")
                .replaceAll("(?s)<key>.*</key>", "<key>\n" + Pem.write(key.getPrivate()).strip() + "\n</key>");
    }
}
