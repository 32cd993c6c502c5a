package io.privatevault.components;

import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.ExternalTools;
import io.privatevault.components.testing.TlsMocks;
import io.privatevault.components.testing.UsesTools;
import io.privatevault.components.vpn.RevocationList;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.io.TempDir;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.PrivateCaMocks;
import io.privatevault.components.vpn.Pem;
import io.privatevault.components.vpn.RealTls;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.privatevault.components.ClientVpnTest.args;
import static io.privatevault.components.ClientVpnTest.map;
import static org.junit.jupiter.api.Assertions.*;

/** ClientVpn with an existing AWS Private CA: no CA or server key in state, everything issued by the CA. */
class ClientVpnPrivateCaTest {
    static final String CA = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555";

    static ClientVpnArgs.Builder pcaArgs() {
        return args().certificateAuthorityArn(CA).engineers(ClientVpnArgs.EngineerArgs.csr("alice", ClientVpnTest.aliceCsr));
    }

    static MockRun.Result run(ClientVpnArgs.Builder args, AwsMocks mocks) {
        return MockRun.of("test", "dev", mocks).run(ctx -> {
            var vpn = new ClientVpn("vpn", args.build(), null);
            ctx.export("clientConfigs", vpn.clientConfigs);
            ctx.export("serials", vpn.clientCertificateSerials);
            ctx.export("crl", vpn.revocationListPem);
            ctx.export("crlCommand", vpn.revocationListImportCommand);
            ctx.export("caCertPem", vpn.caCertPem);
            ctx.export("renderedFiles", vpn.renderedFiles);
        });
    }

    static MockRun.Result run(ClientVpnArgs.Builder args) {
        return run(args, RealTls.mocks());
    }

    @BeforeAll
    static void keys() {
        ClientVpnTest.keys();
    }

    @Test
    void noKeyOfACaOrServerIsInStateAndBothEndpointArnsAreTheAcmPrivateCertificate() {
        var result = run(pcaArgs());
        assertFalse(result.failed(), result.errors().toString());
        assertEquals(List.of(), result.resources().stream().filter(r -> r.type().startsWith("tls:")).toList(),
                "no tls resource at all: no CA key, no server key, no engineer key");
        var server = result.one("aws:acm/certificate:Certificate");
        assertEquals("vpn.tooling.internal", server.input("domainName"));
        assertEquals(CA, server.input("certificateAuthorityArn"));
        assertEquals("RSA_2048", server.input("keyAlgorithm"), "Client VPN takes RSA 1024 and 2048 only");
        assertNull(server.input("privateKey"), "requested, not imported: the key never leaves ACM");
        // ACM User Guide, "Managed certificate renewal": a private certificate is "ELIGIBLE if it is a private certificate
        // issued by calling the ACM RequestCertificate API and then exported or associated with another AWS service";
        // "NOT ELIGIBLE if it is a private certificate issued by calling the AWS Private CA IssueCertificate API".
        // The endpoint is that association, so ACM renews the server certificate; the engineers' are IssueCertificate's.
        var endpoint = ClientVpnTest.endpoint(result);
        // Client VPN Administrator Guide, "Mutual authentication": "you can specify the server certificate ARN for the
        // client certificate, provided that the client certificate has been issued by the same CA as the server certificate."
        String serverArn = (String) endpoint.input("serverCertificateArn");
        assertTrue(serverArn.startsWith("arn:aws:acm:eu-west-1:111122223333:certificate/"), serverArn);
        assertEquals(serverArn, endpoint.input("authenticationOptions.0.rootCertificateChainArn"));
    }

    @Test
    void engineersAreIssuedByTheCaFromTheirCsrAndProfilesTrustTheCa() throws Exception {
        var result = run(pcaArgs());
        assertFalse(result.failed(), result.errors().toString());
        var alice = result.one("aws:acmpca/certificate:Certificate");
        assertEquals("vpn-engineer-alice", alice.name());
        assertEquals(CA, alice.input("certificateAuthorityArn"));
        assertEquals(ClientVpnTest.aliceCsr, alice.input("certificateSigningRequest"), "issued from the engineer's CSR as submitted");
        // IssueCertificate's Validity: "Type: END_DATE | ABSOLUTE | DAYS | MONTHS | YEARS" (no hours); 720 h = 30 days.
        assertEquals(Map.of("type", "DAYS", "value", "30"), alice.input("validity"));
        assertEquals("SHA256WITHRSA", alice.input("signingAlgorithm"), "an RSA CA signs with RSA");

        String caPem = (String) result.outputs().get("caCertPem");
        var ca = Pem.certificate(caPem);
        var cert = Pem.certificate(map(result.outputs().get("clientConfigs")).get("alice")
                .replaceAll("(?s).*<cert>\n", "").replaceAll("(?s)</cert>.*", ""));
        assertTrue(cert.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca)), "the profile's certificate is the CA's");
        assertTrue(ExtendedKeyUsage.fromExtensions(cert.getExtensions()).hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth),
                "Client VPN authenticates the engineer with it");
        // EndEntityClientAuthCertificate/V1: "ExtendedKeyUsage: TLS web client authentication" only (AWS Private CA user
        // guide, "Template definitions"): a person's certificate can never pose as a TLS server.
        assertEquals("arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1", alice.input("templateArn"));
        assertFalse(ExtendedKeyUsage.fromExtensions(cert.getExtensions()).hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth));
        String profile = map(result.outputs().get("clientConfigs")).get("alice");
        assertTrue(profile.contains("<ca>\n" + caPem.strip()), "the profile's <ca> is the private CA");
        assertEquals(Pem.serialHex(profile.replaceAll("(?s).*<cert>\n", "").replaceAll("(?s)</cert>.*", "")),
                map(result.outputs().get("serials")).get("alice"));
    }

    @Test
    void anEcCaSignsWithEcdsaOfTheCurvesStrength() {
        var result = run(pcaArgs(), RealTls.mocks().privateCa(CA, new PrivateCaMocks.Authority("EC_secp384r1", "pki-crl")));
        assertFalse(result.failed(), result.errors().toString());
        assertEquals("SHA384WITHECDSA", result.one("aws:acmpca/certificate:Certificate").input("signingAlgorithm"));
    }

    @Test
    void revocationUsesTheCasOwnCrlFromS3() {
        var result = run(pcaArgs());
        assertNull(result.outputs().get("crl"), "the CRL is the private CA's, not one signed here");
        assertFalse(map(result.outputs().get("renderedFiles")).containsKey("vpn/crl.pem"));
        assertTrue(((String) result.outputs().get("crlCommand")).matches(
                "aws s3 cp s3://pki-crl-bucket/crl/11111111-2222-3333-4444-555555555555\\.crl crl\\.der"
                        + " && openssl crl -inform DER -in crl\\.der -outform PEM -out crl\\.pem"
                        + " && aws ec2 import-client-vpn-client-certificate-revocation-list --client-vpn-endpoint-id cvpn-endpoint-[0-9a-f]{17}"
                        + " --certificate-revocation-list file://crl\\.pem --region eu-west-1"), (String) result.outputs().get("crlCommand"));
        var withoutCrl = run(pcaArgs(), RealTls.mocks().privateCa(CA, new PrivateCaMocks.Authority("RSA_2048", null)));
        assertFalse(withoutCrl.failed(), withoutCrl.errors().toString());
        assertNull(withoutCrl.outputs().get("crlCommand"), "no command when the CA publishes no CRL");
        var handler = withoutCrl.one("aws:lambda/function:Function");
        assertEquals("{\"allowed\":[\"alice\"],\"revoked\":[]}", ClientVpnTest.packagedNames(handler),
                "the connect handler still admits only current names");
    }

    /**
     * The import command run as written, with {@code aws} standing in for S3 and EC2: it must fetch the CA's CRL, turn
     * the DER that Private CA publishes into the PEM that Client VPN imports (openssl), and import that file.
     */
    @Test
    @UsesTools
    void theImportCommandConvertsTheCasDerCrlToPemAndImportsIt(@TempDir Path dir) throws Exception {
        ExternalTools.require("openssl", "apt-get install -y openssl");
        ExternalTools.require("shellcheck", "apt-get install -y shellcheck");
        String command = RevocationList.importFromPrivateCaCommand("cvpn-endpoint-0123456789abcdef0", "eu-west-1",
                "s3://pki-crl-bucket/crl/11111111-2222-3333-4444-555555555555.crl");
        Path script = dir.resolve("import.sh");
        Files.writeString(script, "#!/bin/sh\n" + command + "\n");
        var lint = ExternalTools.run(List.of("shellcheck", "-S", "style", script.toString()));
        assertEquals(0, lint.exitCode(), lint.stdout() + lint.stderr());

        // A CRL as Private CA publishes it: DER, signed by the CA, listing a revoked serial.
        var tls = TlsMocks.deterministic();
        var key = tls.outputs("tls:index/privateKey:PrivateKey", "crl-ca", Map.of("algorithm", "RSA", "rsaBits", 2048)).get("privateKeyPem");
        var ca = (String) tls.outputs("tls:index/selfSignedCert:SelfSignedCert", "crl-ca", Map.of("privateKeyPem", key,
                "subject", Map.of("commonName", "CA"), "isCaCertificate", true, "validityPeriodHours", 8760,
                "allowedUses", List.of("crl_signing"))).get("certPem");
        String crlPem = RevocationList.generate(ca, (String) key, List.of("0A1B"));
        var crl = (X509CRLHolder) new PEMParser(new StringReader(crlPem)).readObject();
        Path der = dir.resolve("published.crl");
        Files.write(der, crl.getEncoded());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path aws = bin.resolve("aws");
        Files.writeString(aws, """
                #!/bin/sh
                echo "$*" >> calls.log
                case "$1 $2" in
                  "s3 cp") cp "$PUBLISHED_CRL" "$4" ;;
                  "ec2 import-client-vpn-client-certificate-revocation-list") cp crl.pem imported.pem ;;
                  *) exit 1 ;;
                esac
                """);
        aws.toFile().setExecutable(true);
        var run = ExternalTools.run(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH"), "PUBLISHED_CRL=" + der, "sh", "-c", command), dir);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        var imported = (X509CRLHolder) new PEMParser(new StringReader(Files.readString(dir.resolve("imported.pem")))).readObject();
        assertArrayEquals(crl.getEncoded(), imported.getEncoded(), "the imported PEM is the CA's CRL");
        assertEquals(List.of("s3 cp s3://pki-crl-bucket/crl/11111111-2222-3333-4444-555555555555.crl crl.der",
                "ec2 import-client-vpn-client-certificate-revocation-list --client-vpn-endpoint-id cvpn-endpoint-0123456789abcdef0"
                        + " --certificate-revocation-list file://crl.pem --region eu-west-1"), Files.readAllLines(dir.resolve("calls.log")));
    }

    @Test
    void refusesGeneratedEngineersNamingTheCa() {
        var args = pcaArgs().engineers(ClientVpnArgs.EngineerArgs.generated("bob"));
        var error = assertThrows(InvalidSettingException.class, args::build);
        assertTrue(error.getMessage().contains("ClientVpnArgs.engineers[bob].mode"), error.getMessage());
        assertTrue(error.getMessage().contains("csr when certificateAuthorityArn is set (" + CA), error.getMessage());
    }

    @Test
    void refusesABadArnHoursThatAreNotWholeDaysAndTheOwnCasSettings() {
        for (String bad : List.of("arn:aws:acm:eu-west-1:111122223333:certificate/11111111-2222-3333-4444-555555555555",
                "arn:aws:acm-pca:eu-west-1:1111:certificate-authority/x", "11111111-2222-3333-4444-555555555555")) {
            var error = assertThrows(InvalidSettingException.class, () -> pcaArgs().certificateAuthorityArn(bad).build());
            assertTrue(error.getMessage().contains("ClientVpnArgs.certificateAuthorityArn"), error.getMessage());
        }
        var hours = assertThrows(InvalidSettingException.class, () -> pcaArgs().clientValidityHours(700).build());
        assertTrue(hours.getMessage().contains("ClientVpnArgs.clientValidityHours must be whole days") && hours.getMessage().endsWith("got 700"),
                hours.getMessage());
        var own = assertThrows(InvalidSettingException.class, () -> pcaArgs().caValidityHours(87600).build());
        assertTrue(own.getMessage().contains("ClientVpnArgs.caValidityHours"), own.getMessage());
        var serials = assertThrows(InvalidSettingException.class,
                () -> pcaArgs().revoked(ClientVpnArgs.RevokedEngineerArgs.of("carol", "0A1B")).build());
        assertTrue(serials.getMessage().contains("ClientVpnArgs.revoked[carol].serialNumbers must be absent when certificateAuthorityArn is set"),
                serials.getMessage());
        assertDoesNotThrow(() -> pcaArgs().revoked(ClientVpnArgs.RevokedEngineerArgs.of("carol")).build(), "a name alone: the handler denies it");
        assertDoesNotThrow(() -> pcaArgs().certificateAuthorityArn(
                "arn:aws-us-gov:acm-pca:us-gov-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555").build());
    }
}
