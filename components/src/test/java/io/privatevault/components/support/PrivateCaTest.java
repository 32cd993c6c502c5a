package io.privatevault.components.support;

import io.privatevault.components.testing.TlsMocks;
import io.privatevault.components.vpn.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PrivateCaTest {
    private static final TlsMocks TLS = TlsMocks.deterministic();

    private static String caCert(Map<String, Object> key) {
        var pem = TLS.outputs("tls:index/privateKey:PrivateKey", "ca-" + key, key).get("privateKeyPem");
        return (String) TLS.outputs("tls:index/selfSignedCert:SelfSignedCert", "ca-" + key, Map.of("privateKeyPem", pem,
                "subject", Map.of("commonName", "CA"), "isCaCertificate", true, "validityPeriodHours", 8760,
                "allowedUses", List.of("cert_signing"))).get("certPem");
    }

    @Test
    void theSigningAlgorithmFollowsTheCasKey() {
        // IssueCertificate: "The specified signing algorithm family (RSA or ECDSA) must match the algorithm family of
        // the CA's secret key"; the digest follows the key's strength.
        assertEquals("SHA256WITHRSA", PrivateCa.signingAlgorithm(caCert(Map.of("algorithm", "RSA", "rsaBits", 2048))));
        assertEquals("SHA256WITHECDSA", PrivateCa.signingAlgorithm(caCert(Map.of("algorithm", "ECDSA", "ecdsaCurve", "P256"))));
        assertEquals("SHA384WITHECDSA", PrivateCa.signingAlgorithm(caCert(Map.of("algorithm", "ECDSA", "ecdsaCurve", "P384"))));
        assertEquals("SHA512WITHECDSA", PrivateCa.signingAlgorithm(caCert(Map.of("algorithm", "ECDSA", "ecdsaCurve", "P521"))));
    }

    @Test
    void aCaWhoseKeyIsNeitherRsaNorEcdsaIsRefused() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var name = new X500Name("CN=Ed25519 CA");
        var cert = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now()),
                Date.from(Instant.now().plusSeconds(86400)), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("Ed25519").build(pair.getPrivate()));
        var error = assertThrows(IllegalArgumentException.class, () -> PrivateCa.signingAlgorithm(Pem.write(cert)));
        assertTrue(error.getMessage().contains("is not RSA or ECDSA"), error.getMessage());
    }

    /** The CA read at preview must be ACTIVE and outlive what it issues ("private-ca-validity-period", quoted on the method). */
    @Test
    void aCaThatIsNotActiveOrExpiresFirstIsRefusedWhenRead() {
        var now = java.time.Instant.parse("2026-12-02T00:00:00Z");
        PrivateCa.checkIssuable("ACTIVE", "2029-10-22T19:29:30Z", 365, now);
        PrivateCa.checkIssuable("ACTIVE", "not a date", 365, now);
        var disabled = assertThrows(IllegalArgumentException.class, () -> PrivateCa.checkIssuable("DISABLED", "2029-10-22T19:29:30Z", 365, now));
        assertEquals("the private CA is DISABLED; AWS Private CA issues certificates only from an ACTIVE CA", disabled.getMessage());
        var expiring = assertThrows(IllegalArgumentException.class, () -> PrivateCa.checkIssuable("ACTIVE", "2027-03-01T00:00:00+00:00", 365, now));
        assertEquals("a certificate valid for 365 days would outlive the private CA, which expires 2027-03-01T00:00:00+00:00;"
                + " shorten the validity or renew the CA", expiring.getMessage());
    }

    @Test
    void arnsHaveThePrivateCaShape() {
        for (String good : List.of("arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555",
                "arn:aws-us-gov:acm-pca:us-gov-west-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555",
                "arn:aws-cn:acm-pca:cn-north-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555")) {
            assertTrue(PrivateCa.isArn(good), good);
        }
        for (String bad : List.of("", "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
                "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555/certificate/ab",
                "arn:aws:acm-pca:eu-west-1:1234:certificate-authority/11111111-2222-3333-4444-555555555555",
                "arn:aws:acm-pca::123456789012:certificate-authority/11111111-2222-3333-4444-555555555555")) {
            assertFalse(PrivateCa.isArn(bad), bad);
        }
    }

    @Test
    void validityIsWholeDaysAndTheBundleIsTheCaThenItsChain() {
        assertTrue(PrivateCa.wholeDays(720));
        assertFalse(PrivateCa.wholeDays(700));
        assertFalse(PrivateCa.wholeDays(0));
        assertEquals("CA\n", PrivateCa.bundle("CA\n", ""));
        assertEquals("CA\nROOT\n", PrivateCa.bundle("CA", "ROOT\n"));
    }
}
