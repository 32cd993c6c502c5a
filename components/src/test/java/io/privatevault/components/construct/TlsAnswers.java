package io.privatevault.components.construct;

import io.privatevault.components.testing.PrivateCaMocks;
import io.privatevault.components.testing.TlsMocks;

import java.util.List;
import java.util.Map;

/**
 * What the {@code tls} provider (5.x) returns, as the mock kit computes it ({@link TlsMocks}: real keys, certificate
 * requests and certificates, because the components parse them); this class adds what a Construct answer needs
 * besides: which outputs a preview leaves unknown, and PEM inputs that stand for material from outside the package
 * (an engineer's CSR, a CA a Vault client trusts).
 */
final class TlsAnswers {
    static final String PRIVATE_KEY = "tls:index/privateKey:PrivateKey";
    static final String SELF_SIGNED = "tls:index/selfSignedCert:SelfSignedCert";
    static final String CERT_REQUEST = "tls:index/certRequest:CertRequest";
    static final String LOCALLY_SIGNED = "tls:index/locallySignedCert:LocallySignedCert";
    /** Fresh keys per run, as the provider makes them. */
    private static final TlsMocks TLS = TlsMocks.random();
    /** AWS Private CAs, answered from the same key material: the data source and IssueCertificate. */
    static final PrivateCaMocks PRIVATE_CAS = new PrivateCaMocks(TLS);
    static final String PRIVATE_CA_CERTIFICATE = "aws:acmpca/certificate:Certificate";

    private TlsAnswers() {
    }

    static boolean handles(String type) {
        return TlsMocks.TYPES.contains(type);
    }

    /** The outputs the provider computes for {@code type} (unknown during a preview). */
    static List<String> computedOutputs(String type) {
        return switch (type) {
            case PRIVATE_KEY -> List.of("id", "privateKeyPem", "privateKeyPemPkcs8", "publicKeyPem");
            case CERT_REQUEST -> List.of("id", "certRequestPem", "keyAlgorithm");
            case LOCALLY_SIGNED -> List.of("id", "certPem", "validityStartTime", "validityEndTime", "readyForRenewal", "keyAlgorithm", "caKeyAlgorithm");
            default -> List.of("id", "certPem", "validityStartTime", "validityEndTime", "readyForRenewal", "keyAlgorithm");
        };
    }

    /** The computed outputs (and {@code id}) for one tls resource with these (known) inputs. */
    static Map<String, Object> create(String type, String urn, Map<String, Object> in) {
        return TLS.outputs(type, urn, in);
    }

    /** A certificate request for {@code commonName} with a fresh key, as an engineer would send for the VPN. */
    static String csrPem(String commonName) {
        Object key = create(PRIVATE_KEY, "csr-" + commonName, Map.of("algorithm", "RSA", "rsaBits", 2048)).get("privateKeyPem");
        return (String) create(CERT_REQUEST, "csr-" + commonName, Map.of("privateKeyPem", key,
                "subject", Map.of("commonName", commonName))).get("certRequestPem");
    }

    /** A self-signed CA certificate, for inputs that take a trusted CA (a Vault CA, a cluster CA). */
    static String caCertPem(String commonName) {
        Object key = create(PRIVATE_KEY, "ca-" + commonName, Map.of("algorithm", "ECDSA", "ecdsaCurve", "P256")).get("privateKeyPem");
        return (String) create(SELF_SIGNED, "ca-" + commonName, Map.of("privateKeyPem", key, "subject", Map.of("commonName", commonName),
                "isCaCertificate", true, "validityPeriodHours", 8760.0, "allowedUses", List.of("cert_signing", "crl_signing"))).get("certPem");
    }
}
