package io.privatevault.components.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS Private CAs as the plan sees them: the {@code getCertificateAuthority} data source answers with a real CA
 * certificate (made by {@link TlsMocks}, so its key type is the one the CA was declared with), and
 * {@code aws.acmpca.Certificate} signs the CSR it is given with that CA's key under its template:
 * {@code EndEntityCertificate/V1} (the default: digital signature, key encipherment, server and client auth) or
 * {@code EndEntityClientAuthCertificate/V1} (the same key usage, client auth only).
 * A CA not declared with {@link #authority} is an RSA 2048 root that publishes its CRL to S3.
 */
public final class PrivateCaMocks {
    public static final String DATA_SOURCE = "aws:acmpca/getCertificateAuthority:getCertificateAuthority";
    public static final String CERTIFICATE = "aws:acmpca/certificate:Certificate";
    /** EndEntityCertificate/V1: "KeyUsage: critical, digital signature, key encipherment; ExtendedKeyUsage: TLS web server, TLS web client authentication". */
    private static final List<String> END_ENTITY_USES = List.of("digital_signature", "key_encipherment", "server_auth", "client_auth");
    /** EndEntityClientAuthCertificate/V1: "KeyUsage: critical, digital signature, key encipherment; ExtendedKeyUsage: TLS web client authentication". */
    private static final List<String> CLIENT_AUTH_USES = List.of("digital_signature", "key_encipherment", "client_auth");

    /** How a CA is set up: its key ({@code RSA_2048}, {@code EC_prime256v1}, ...) and the S3 bucket of its CRL (null: no CRL). */
    public record Authority(String keyAlgorithm, String crlBucket) {
    }

    private final TlsMocks tls;
    private final Map<String, Authority> declared = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> material = new ConcurrentHashMap<>();

    public PrivateCaMocks(TlsMocks tls) {
        this.tls = tls;
    }

    /** Declares the CA {@code arn} (before the program reads it). */
    public void authority(String arn, Authority authority) {
        declared.put(arn, authority);
    }

    /** The data source's answer for {@code arn}. */
    public Map<String, Object> describe(String arn) {
        var ca = ca(arn);
        Authority authority = declared.getOrDefault(arn, new Authority("RSA_2048", "pki-crl-bucket"));
        var crl = new HashMap<String, Object>();
        crl.put("enabled", authority.crlBucket() != null);
        crl.put("expirationInDays", 7);
        crl.put("s3BucketName", authority.crlBucket() == null ? "" : authority.crlBucket());
        crl.put("customCname", "");
        crl.put("s3ObjectAcl", "BUCKET_OWNER_FULL_CONTROL");
        var out = new HashMap<String, Object>();
        out.put("id", arn);
        out.put("arn", arn);
        out.put("certificate", ca.get("certPem"));
        out.put("certificateChain", "");
        out.put("certificateSigningRequest", "");
        out.put("keyStorageSecurityStandard", "FIPS_140_2_LEVEL_3_OR_HIGHER");
        out.put("notBefore", ca.get("validityStartTime"));
        out.put("notAfter", ca.get("validityEndTime"));
        out.put("revocationConfigurations", List.of(Map.of("crlConfigurations", List.of(crl), "ocspConfigurations", List.of())));
        out.put("serial", ca.get("id"));
        out.put("status", "ACTIVE");
        out.put("tags", Map.of());
        out.put("type", "ROOT");
        out.put("usageMode", "GENERAL_PURPOSE");
        return out;
    }

    /** What IssueCertificate returns for the resource's (known) inputs: the CSR signed by the named CA for the requested days. */
    public Map<String, Object> issue(String name, Map<String, Object> inputs, String certificateArnSuffix) {
        String arn = String.valueOf(inputs.get("certificateAuthorityArn"));
        var ca = ca(arn);
        @SuppressWarnings("unchecked")
        var validity = (Map<String, Object>) inputs.get("validity");
        if (!"DAYS".equals(validity.get("type"))) {
            throw new IllegalArgumentException("the plan's private CA issues for DAYS, got " + validity);
        }
        int days = Integer.parseInt(String.valueOf(validity.get("value")));
        var signing = new HashMap<String, Object>();
        signing.put("certRequestPem", inputs.get("certificateSigningRequest"));
        signing.put("caCertPem", ca.get("certPem"));
        signing.put("caPrivateKeyPem", ca.get("privateKeyPem"));
        signing.put("validityPeriodHours", days * 24);
        Object template = inputs.get("templateArn");
        String templateName = template == null ? "EndEntityCertificate/V1" : String.valueOf(template).replaceFirst("^arn:[^:]+:acm-pca:::template/", "");
        signing.put("allowedUses", switch (templateName) {
            case "EndEntityCertificate/V1" -> END_ENTITY_USES;
            case "EndEntityClientAuthCertificate/V1" -> CLIENT_AUTH_USES;
            default -> throw new IllegalArgumentException("the plan's private CA knows EndEntityCertificate/V1 and"
                    + " EndEntityClientAuthCertificate/V1, got template " + template);
        });
        var signed = tls.outputs("tls:index/locallySignedCert:LocallySignedCert", name, signing);
        String certArn = arn + "/certificate/" + certificateArnSuffix;
        return Map.of("id", certArn, "arn", certArn, "certificate", signed.get("certPem"), "certificateChain", ca.get("certPem"));
    }

    private Map<String, Object> ca(String arn) {
        return material.computeIfAbsent(arn, a -> {
            Authority authority = declared.getOrDefault(a, new Authority("RSA_2048", "pki-crl-bucket"));
            var keyInputs = new HashMap<String, Object>();
            switch (authority.keyAlgorithm()) {
                case "RSA_2048" -> keyInputs.putAll(Map.of("algorithm", "RSA", "rsaBits", 2048));
                case "EC_prime256v1" -> keyInputs.putAll(Map.of("algorithm", "ECDSA", "ecdsaCurve", "P256"));
                case "EC_secp384r1" -> keyInputs.putAll(Map.of("algorithm", "ECDSA", "ecdsaCurve", "P384"));
                default -> throw new IllegalArgumentException("the plan's private CA makes RSA_2048 and EC keys, got " + authority.keyAlgorithm());
            }
            String name = "private-ca-" + a.substring(a.lastIndexOf('/') + 1);
            var key = tls.outputs("tls:index/privateKey:PrivateKey", name, keyInputs);
            var cert = tls.outputs("tls:index/selfSignedCert:SelfSignedCert", name, Map.of(
                    "privateKeyPem", key.get("privateKeyPem"),
                    "subject", Map.of("commonName", "Private CA " + a.substring(a.lastIndexOf('/') + 1), "organization", "example"),
                    "isCaCertificate", true,
                    "setSubjectKeyId", true,
                    "validityPeriodHours", 87600,
                    "allowedUses", List.of("cert_signing", "crl_signing")));
            var out = new HashMap<String, Object>(cert);
            out.put("privateKeyPem", key.get("privateKeyPem"));
            return out;
        });
    }
}
