package io.privatevault.components.vpn;

import io.privatevault.components.support.Checks;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.StringReader;

/**
 * An engineer's certificate signing request, parsed and checked with BouncyCastle before anything is signed:
 * well-formed PEM, a valid self-signature (proof that the submitter holds the key), an RSA key of a size
 * Client VPN accepts, and a subject common name equal to the engineer's name (the connect handler and the
 * connection log identify people by it).
 */
public record ClientCsr(String commonName, String keyDescription, int rsaBits) {
    /** One provider for every check: building a BouncyCastleProvider registers hundreds of algorithms (milliseconds). */
    private static final org.bouncycastle.jce.provider.BouncyCastleProvider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    public static ClientCsr parse(String setting, String pem) {
        String shown = pem == null ? null : abbreviate(pem);
        String allowed = "a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----) with a valid signature,"
                + " e.g. from `openssl req -new -newkey rsa:2048 -nodes -keyout me.key -subj /CN=<name>`";
        Checks.require(pem != null && pem.contains("-----BEGIN CERTIFICATE REQUEST-----"), setting, shown, allowed);
        PKCS10CertificationRequest csr;
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            Checks.require(object instanceof PKCS10CertificationRequest, setting, shown, allowed);
            csr = (PKCS10CertificationRequest) object;
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof io.privatevault.components.support.InvalidSettingException invalid) {
                throw invalid;
            }
            throw new io.privatevault.components.support.InvalidSettingException(setting, shown, allowed);
        }
        boolean signed;
        try {
            signed = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            signed = false;
        }
        Checks.require(signed, setting, shown, allowed + "; its signature does not verify");

        RDN[] cns = csr.getSubject().getRDNs(BCStyle.CN);
        String cn = cns.length == 1 ? IETFUtils.valueToString(cns[0].getFirst().getValue()) : null;
        AlgorithmIdentifier algorithm = csr.getSubjectPublicKeyInfo().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm())) {
            try {
                int bits = RSAPublicKey.getInstance(csr.getSubjectPublicKeyInfo().parsePublicKey()).getModulus().bitLength();
                return new ClientCsr(cn, "RSA " + bits, bits);
            } catch (java.io.IOException e) {
                throw new io.privatevault.components.support.InvalidSettingException(setting, shown, allowed + " (bad RSA key)");
            }
        }
        String description = X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm()) ? "EC" : algorithm.getAlgorithm().getId();
        return new ClientCsr(cn, description, 0);
    }

    /** Fails unless the CSR is for {@code engineer} and uses an RSA key of the endpoint's size or 2048. */
    public ClientCsr requireFor(String setting, String engineer, VpnKeyType keyType) {
        Checks.require(engineer.equals(commonName), setting, "CN=" + commonName,
                "a CSR whose subject common name is the engineer name '" + engineer + "' (use -subj /CN=" + engineer + ")");
        Checks.require(rsaBits == 2048 || rsaBits == keyType.bits(), setting, keyDescription + " key",
                "a CSR for an RSA " + (keyType.bits() == 2048 ? "2048" : "2048 or 1024") + " key (the key types Client VPN accepts)");
        return this;
    }

    private static String abbreviate(String pem) {
        String flat = pem.strip().replaceAll("\\s+", " ");
        return flat.length() > 48 ? flat.substring(0, 48) + "..." : flat;
    }
}
