package io.privatevault.components.vpn;

import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The VPN CA's certificate revocation list, for {@code aws ec2 import-client-vpn-client-certificate-revocation-list}
 * (the AWS provider has no resource for it).
 *
 * <p>The CRL is a pure function of the CA and the revoked serials: it is valid from the CA's notBefore to its
 * notAfter and RSA PKCS#1 v1.5 signatures are deterministic, so the PEM changes only when the list (or the
 * CA) changes and the import command needs re-running only then. It never expires under a running endpoint.
 */
public final class RevocationList {
    private RevocationList() {
    }

    public static String generate(String caCertPem, String caKeyPem, Collection<String> serialsHex) {
        X509CertificateHolder ca = Pem.certificate(caCertPem);
        var serials = new TreeSet<BigInteger>();
        serialsHex.forEach(hex -> serials.add(new BigInteger(hex.replace(":", ""), 16)));
        var builder = new X509v2CRLBuilder(ca.getSubject(), ca.getNotBefore());
        builder.setNextUpdate(ca.getNotAfter());
        for (BigInteger serial : serials) {
            builder.addCRLEntry(serial, ca.getNotBefore(), CRLReason.cessationOfOperation);
        }
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new BcX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getSubjectPublicKeyInfo()));
            // Grows with each revocation; entries are dropped only once their short-lived certificates expired.
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(serials.size() + 1L)));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Pem.privateKey(caKeyPem).getEncoded()));
            // The JDK's own RSA signature: the same bytes as any provider's (PKCS#1 v1.5 is deterministic), without a
            // BouncyCastleProvider per call and its Miller-Rabin rounds on the modulus at every signing.
            X509CRLHolder crl = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key));
            return Pem.write(crl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the VPN revocation list: " + e.getMessage(), e);
        }
    }

    /**
     * With an AWS Private CA: download the CRL it publishes (DER, {@code crl/<ca id>.crl} in its bucket), convert it to
     * PEM (what Client VPN imports) and import it. A shell command line: run it with {@code sh -c}.
     */
    public static String importFromPrivateCaCommand(String endpointId, String region, String crlS3Uri) {
        return String.join(" && ", List.of(
                String.join(" ", "aws", "s3", "cp", crlS3Uri, "crl.der"),
                "openssl crl -inform DER -in crl.der -outform PEM -out crl.pem",
                importCommand(endpointId, region)));
    }

    /** The documented AWS CLI command that imports {@code crl.pem} into the endpoint (run after each change of the list). */
    public static String importCommand(String endpointId, String region) {
        return String.join(" ", List.of("aws", "ec2", "import-client-vpn-client-certificate-revocation-list",
                "--client-vpn-endpoint-id", endpointId,
                "--certificate-revocation-list", "file://crl.pem",
                "--region", region));
    }
}
