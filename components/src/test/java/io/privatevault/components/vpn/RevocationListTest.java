package io.privatevault.components.vpn;

import io.privatevault.components.testing.UsesTools;
import io.privatevault.components.testing.ExternalTools;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RevocationListTest {
    static String caKeyPem;
    static String caCertPem;

    static {
        var key = RealTls.rsa(2048);
        var now = Instant.now();
        var name = new X500Name("CN=vpn Client VPN CA,O=private-vault");
        try {
            var cert = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minusSeconds(60)),
                    Date.from(now.plusSeconds(365L * 86400)), name, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .build(RealTls.signer(key.getPrivate()));
            caCertPem = Pem.write(cert);
            caKeyPem = Pem.write(key.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sameListSameBytesSoTheImportIsNeededOnlyOnChange() {
        String once = RevocationList.generate(caCertPem, caKeyPem, List.of("0A1B", "ff02"));
        assertEquals(once, RevocationList.generate(caCertPem, caKeyPem, List.of("ff:02", "0a1b")));
        assertNotEquals(once, RevocationList.generate(caCertPem, caKeyPem, List.of("0A1B")));
    }

    @Test

    @UsesTools
    void opensslAcceptsItAsTheCasListValidForTheCasLifetime(@TempDir Path dir) throws Exception {
        ExternalTools.require("openssl", "apt-get install -y openssl");
        Files.writeString(dir.resolve("ca.pem"), caCertPem);
        Files.writeString(dir.resolve("crl.pem"), RevocationList.generate(caCertPem, caKeyPem, List.of("0A1B")));
        var run = ExternalTools.run(List.of("openssl", "crl", "-in", "crl.pem", "-CAfile", "ca.pem", "-noout", "-text"), dir);
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.all().contains("verify OK"), run.all());
        assertTrue(run.stdout().contains("Serial Number: 0A1B"), run.stdout());
        assertTrue(run.stdout().contains("X509v3 CRL Number"), run.stdout());
        var ca = Pem.certificate(caCertPem);
        var crl = (org.bouncycastle.cert.X509CRLHolder) new org.bouncycastle.openssl.PEMParser(
                new java.io.StringReader(Files.readString(dir.resolve("crl.pem")))).readObject();
        assertEquals(ca.getNotAfter(), crl.getNextUpdate(), "never expires under a running endpoint");
    }
}
