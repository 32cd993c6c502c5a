package io.privatevault.components.support;

import com.pulumi.aws.acmpca.AcmpcaFunctions;
import com.pulumi.aws.acmpca.Certificate;
import com.pulumi.aws.acmpca.CertificateArgs;
import com.pulumi.aws.acmpca.inputs.CertificateValidityArgs;
import com.pulumi.aws.acmpca.inputs.GetCertificateAuthorityArgs;
import com.pulumi.aws.acmpca.outputs.GetCertificateAuthorityResult;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.privatevault.components.vpn.Pem;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An existing AWS Private CA that issues certificates instead of a CA whose key lives in Pulumi state: its key never
 * leaves AWS, so the state holds no CA key. One place for what both the VPN and the nodes need: the ARN's shape, the
 * CA's certificate bundle, the signing algorithm that fits its key, and a certificate issued from a CSR.
 *
 * <p>Certificates issued with IssueCertificate ({@code aws.acmpca.Certificate}) are not renewed by anyone: AWS's
 * managed renewal covers only certificates requested through ACM, and the resource has no early-renewal setting.
 */
public final class PrivateCa {
    /** {@code arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<uuid>} (the form CreateCertificateAuthority returns). */
    private static final Pattern ARN = Pattern.compile(
            "arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:acm-pca:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:certificate-authority/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    public static final String ARN_SHAPE = "an AWS Private CA ARN, arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>";

    private final Output<GetCertificateAuthorityResult> authority;
    private final String arn;

    private PrivateCa(String arn, Resource parent) {
        this.arn = arn;
        this.authority = AcmpcaFunctions.getCertificateAuthority(GetCertificateAuthorityArgs.builder().arn(arn).build(),
                InvokeOptions.builder().parent(parent).build());
    }

    /** The CA {@code arn} names (already checked against {@link #ARN}), read through its data source under {@code parent}. */
    public static PrivateCa of(String arn, Resource parent) {
        return new PrivateCa(arn, parent);
    }

    public static boolean isArn(String value) {
        return value != null && ARN.matcher(value).matches();
    }

    /** The CA certificate followed by its chain up to the root (empty for a root CA): what clients trust. */
    public Output<String> bundlePem() {
        return authority.applyValue(ca -> bundle(ca.certificate(), ca.certificateChain()));
    }

    /** Where the CA publishes its CRL (DER, {@code crl/<ca id>.crl} in the bucket), if it publishes one to S3. */
    public Output<Optional<String>> crlS3Uri() {
        return authority.applyValue(ca -> ca.revocationConfigurations().stream()
                .flatMap(r -> r.crlConfigurations().stream())
                .filter(c -> Boolean.TRUE.equals(c.enabled()) && c.s3BucketName() != null && !c.s3BucketName().isEmpty())
                .findFirst()
                .map(c -> "s3://" + c.s3BucketName() + "/crl/" + arn.substring(arn.lastIndexOf('/') + 1) + ".crl"));
    }

    /**
     * AWS Private CA's base templates (AWS Private CA user guide, "Template definitions"): both take the subject and
     * names from the CSR and set key usage digital signature and key encipherment.
     */
    public enum Template {
        /** Server and client authentication: a Vault node serves clients and joins its peers as a client. */
        SERVER_AND_CLIENT("EndEntityCertificate/V1"),
        /** Client authentication only: a person's VPN certificate can never pose as a server. */
        CLIENT("EndEntityClientAuthCertificate/V1");

        private final String name;

        Template(String name) {
            this.name = name;
        }

        /** {@code arn:<partition>:acm-pca:::template/<name>}, in the CA's partition. */
        String arn(String caArn) {
            return "arn:" + caArn.split(":")[1] + ":acm-pca:::template/" + name;
        }
    }

    /**
     * Issues a certificate from {@code csrPem} valid for {@code validityDays} under {@code template}, signed with the
     * algorithm that fits the CA's key.
     */
    public Certificate issue(String resourceName, Output<String> csrPem, int validityDays, Template template, CustomResourceOptions options) {
        return new Certificate(resourceName, CertificateArgs.builder()
                .certificateAuthorityArn(arn)
                .certificateSigningRequest(csrPem)
                .templateArn(template.arn(arn))
                .signingAlgorithm(authority.applyValue(ca -> {
                    checkIssuable(ca.status(), ca.notAfter(), validityDays, java.time.Instant.now());
                    return signingAlgorithm(ca.certificate());
                }))
                .validity(CertificateValidityArgs.builder().type("DAYS").value(String.valueOf(validityDays)).build())
                .build(), options);
    }

    static String bundle(String certificate, String chain) {
        String ca = certificate.strip() + "\n";
        return chain == null || chain.isBlank() ? ca : ca + chain.strip() + "\n";
    }

    /**
     * The IssueCertificate signing algorithm for a CA with this certificate. AWS: "The specified signing algorithm family
     * (RSA or ECDSA) must match the algorithm family of the CA's secret key"; the digest follows the key's strength
     * (SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521). Other key types (ML-DSA, SM2) are refused:
     * OpenVPN clients and Vault's TLS do not take them.
     */
    public static String signingAlgorithm(String caCertPem) {
        SubjectPublicKeyInfo key = Pem.certificate(caCertPem).getSubjectPublicKeyInfo();
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            return "SHA256WITHRSA";
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            var curve = ASN1ObjectIdentifier.getInstance(key.getAlgorithm().getParameters());
            String name = NISTNamedCurves.getName(curve);
            if (name != null) {
                switch (name) {
                    case "P-256" -> { return "SHA256WITHECDSA"; }
                    case "P-384" -> { return "SHA384WITHECDSA"; }
                    case "P-521" -> { return "SHA512WITHECDSA"; }
                    default -> { }
                }
            }
            throw new IllegalArgumentException("the private CA's key is on curve " + curve + "; RSA, EC_prime256v1, EC_secp384r1 or EC_secp521r1 CAs are supported");
        }
        throw new IllegalArgumentException("the private CA's key algorithm " + algorithm
                + " is not RSA or ECDSA; only those CAs can sign certificates OpenVPN and Vault accept");
    }

    /**
     * Refuses, when the CA is read (at preview, before anything is created), what IssueCertificate would refuse: a CA
     * that is not ACTIVE, and a certificate that would outlive the CA. AWS: the maximum validity is "the number of days
     * between the end-entity certificate issuance and the CA's expiration date" (AWS re:Post knowledge center,
     * "private-ca-validity-period"). A {@code notAfter} that does not parse as a timestamp is not judged.
     */
    static void checkIssuable(String status, String notAfter, int validityDays, java.time.Instant now) {
        if (status != null && !status.isEmpty() && !"ACTIVE".equals(status)) {
            throw new IllegalArgumentException("the private CA is " + status + "; AWS Private CA issues certificates only from an ACTIVE CA");
        }
        java.time.Instant end;
        try {
            end = java.time.OffsetDateTime.parse(notAfter).toInstant();
        } catch (RuntimeException unparsable) {
            return;
        }
        var expiry = now.plus(java.time.Duration.ofDays(validityDays));
        if (expiry.isAfter(end)) {
            throw new IllegalArgumentException("a certificate valid for " + validityDays + " days would outlive the private CA, which expires "
                    + notAfter + "; shorten the validity or renew the CA");
        }
    }

    /** Whole days of {@code hours}: IssueCertificate's validity has no hours unit (END_DATE, ABSOLUTE, DAYS, MONTHS, YEARS). */
    public static boolean wholeDays(int hours) {
        return hours > 0 && hours % 24 == 0;
    }
}
