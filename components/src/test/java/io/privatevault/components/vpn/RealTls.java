package io.privatevault.components.vpn;

import io.privatevault.components.testing.AwsMocks;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.StringReader;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mock outputs for the tls provider's resources made of real keys and certificates, built with BouncyCastle
 * from the same inputs the provider would get (algorithm and size, subject, DNS names, validity, allowed uses,
 * CA flag). Like Pulumi state, a resource whose name and inputs did not change keeps its outputs across runs,
 * so a second {@code pulumi up} in a test sees the certificates of the first.
 */
public final class RealTls {
    private static final Map<String, Map<String, Object>> STATE = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, Integer> KEY_USAGES = Map.of(
            "digital_signature", KeyUsage.digitalSignature, "content_commitment", KeyUsage.nonRepudiation,
            "key_encipherment", KeyUsage.keyEncipherment, "data_encipherment", KeyUsage.dataEncipherment,
            "key_agreement", KeyUsage.keyAgreement, "cert_signing", KeyUsage.keyCertSign,
            "crl_signing", KeyUsage.cRLSign, "encipher_only", KeyUsage.encipherOnly, "decipher_only", KeyUsage.decipherOnly);
    private static final Map<String, KeyPurposeId> EXTENDED_USAGES = Map.of(
            "server_auth", KeyPurposeId.id_kp_serverAuth, "client_auth", KeyPurposeId.id_kp_clientAuth,
            "code_signing", KeyPurposeId.id_kp_codeSigning, "email_protection", KeyPurposeId.id_kp_emailProtection,
            "timestamping", KeyPurposeId.id_kp_timeStamping, "ocsp_signing", KeyPurposeId.id_kp_OCSPSigning,
            "any_extended", KeyPurposeId.anyExtendedKeyUsage);

    private RealTls() {
    }

    /** Region/account AWS mocks plus real tls material. */
    public static AwsMocks mocks() {
        return new AwsMocks("eu-west-1", "111122223333")
                .shape("tls:index/privateKey:PrivateKey", (a, ids) -> remember(a.type + a.name + a.inputs, () -> privateKey(a.inputs)))
                .shape("tls:index/selfSignedCert:SelfSignedCert", (a, ids) -> remember(a.type + a.name + a.inputs, () -> selfSigned(a.inputs)))
                .shape("tls:index/certRequest:CertRequest", (a, ids) -> remember(a.type + a.name + a.inputs, () -> certRequest(a.inputs)))
                .shape("tls:index/locallySignedCert:LocallySignedCert", (a, ids) -> remember(a.type + a.name + a.inputs, () -> locallySigned(a.inputs)));
    }

    private static Map<String, Object> remember(String key, java.util.function.Supplier<Map<String, Object>> make) {
        return STATE.computeIfAbsent(key, k -> make.get());
    }

    // ---- the four resources ------------------------------------------------------------------------------

    private static Map<String, Object> privateKey(Map<String, Object> in) {
        String algorithm = String.valueOf(in.get("algorithm"));
        if (!"RSA".equals(algorithm)) {
            throw new IllegalArgumentException("RealTls makes RSA keys only, got " + algorithm);
        }
        int bits = ((Number) in.getOrDefault("rsaBits", 2048)).intValue();
        KeyPair pair = rsa(bits);
        var out = new HashMap<String, Object>();
        out.put("id", "key-" + Long.toHexString(RANDOM.nextLong()));
        out.put("rsaBits", bits);
        out.put("ecdsaCurve", "P224");
        out.put("privateKeyPem", Pem.write(pair.getPrivate()).replace("\r\n", "\n"));
        out.put("privateKeyPemPkcs8", Pem.write(org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())).replace("\r\n", "\n"));
        out.put("publicKeyPem", Pem.write(pair.getPublic()).replace("\r\n", "\n"));
        return out;
    }

    private static Map<String, Object> selfSigned(Map<String, Object> in) {
        PrivateKey key = key(str(in, "privateKeyPem"));
        var publicKey = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(publicOf(key).getEncoded());
        X500Name subject = subject(in.get("subject"));
        return certificate(subject, subject, publicKey, key, null, in, List.of());
    }

    private static Map<String, Object> certRequest(Map<String, Object> in) {
        try {
            PrivateKey key = key(str(in, "privateKeyPem"));
            var builder = new JcaPKCS10CertificationRequestBuilder(subject(in.get("subject")), publicOf(key));
            List<String> dnsNames = strings(in.get("dnsNames"));
            if (!dnsNames.isEmpty()) {
                var extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, names(dnsNames));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            var csr = builder.build(signer(key));
            return Map.of("id", "csr-" + Long.toHexString(RANDOM.nextLong()), "keyAlgorithm", "RSA",
                    "certRequestPem", Pem.write(csr).replace("\r\n", "\n"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> locallySigned(Map<String, Object> in) {
        try (var parser = new PEMParser(new StringReader(str(in, "certRequestPem")))) {
            var csr = (PKCS10CertificationRequest) parser.readObject();
            X509CertificateHolder ca = Pem.certificate(str(in, "caCertPem"));
            PrivateKey caKey = key(str(in, "caPrivateKeyPem"));
            List<String> dnsNames = new ArrayList<>();
            for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                var requested = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
                var san = GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName);
                if (san != null) {
                    for (GeneralName name : san.getNames()) {
                        dnsNames.add(name.getName().toString());
                    }
                }
            }
            var out = new HashMap<>(certificate(csr.getSubject(), ca.getSubject(), csr.getSubjectPublicKeyInfo(), caKey, ca, in, dnsNames));
            out.put("caKeyAlgorithm", "RSA");
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static Map<String, Object> certificate(X500Name subject, X500Name issuer,
                                                   org.bouncycastle.asn1.x509.SubjectPublicKeyInfo publicKey,
                                                   PrivateKey signingKey, X509CertificateHolder issuerCert,
                                                   Map<String, Object> in, List<String> csrDnsNames) {
        try {
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            int hours = ((Number) in.get("validityPeriodHours")).intValue();
            Instant end = start.plus(hours, ChronoUnit.HOURS);
            // The provider uses random 128-bit serials.
            var builder = new X509v3CertificateBuilder(issuer, new BigInteger(128, RANDOM), Date.from(start), Date.from(end), subject, publicKey);
            var utils = new BcX509ExtensionUtils();
            boolean isCa = Boolean.TRUE.equals(in.get("isCaCertificate"));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            int usage = 0;
            var extended = new ArrayList<KeyPurposeId>();
            for (String use : strings(in.get("allowedUses"))) {
                if (KEY_USAGES.containsKey(use)) {
                    usage |= KEY_USAGES.get(use);
                } else if (EXTENDED_USAGES.containsKey(use)) {
                    extended.add(EXTENDED_USAGES.get(use));
                } else {
                    throw new IllegalArgumentException("unknown tls allowed use " + use);
                }
            }
            if (usage != 0) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            }
            if (!extended.isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(extended.toArray(KeyPurposeId[]::new)));
            }
            if (Boolean.TRUE.equals(in.get("setSubjectKeyId"))) {
                builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            }
            if (issuerCert != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCert.getSubjectPublicKeyInfo()));
            }
            var dnsNames = new ArrayList<>(strings(in.get("dnsNames")));
            dnsNames.addAll(csrDnsNames);
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, names(dnsNames));
            }
            var cert = builder.build(signer(signingKey));
            var out = new HashMap<String, Object>();
            out.put("id", cert.getSerialNumber().toString());
            out.put("certPem", Pem.write(cert).replace("\r\n", "\n"));
            out.put("validityStartTime", start.toString());
            out.put("validityEndTime", end.toString());
            out.put("readyForRenewal", false);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static GeneralNames names(List<String> dnsNames) {
        return new GeneralNames(dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new));
    }

    private static X500Name subject(Object value) {
        var builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (value instanceof Map<?, ?> subject) {
            if (subject.get("organization") != null) {
                builder.addRDN(BCStyle.O, String.valueOf(subject.get("organization")));
            }
            if (subject.get("commonName") != null) {
                builder.addRDN(BCStyle.CN, String.valueOf(subject.get("commonName")));
            }
        }
        return builder.build();
    }

    public static KeyPair rsa(int bits) {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey key(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Pem.privateKey(pem).getEncoded()));
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.security.PublicKey publicOf(PrivateKey key) {
        try {
            var crt = (java.security.interfaces.RSAPrivateCrtKey) key;
            return KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SHA256withRSA").setProvider(new BouncyCastleProvider()).build(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM CSR for {@code commonName} signed by {@code pair}, as an engineer would make with openssl. */
    public static String csr(String commonName, KeyPair pair) {
        var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), pair.getPublic());
        return Pem.write(builder.build(signer(pair.getPrivate()))).replace("\r\n", "\n");
    }

    private static String str(Map<String, Object> in, String key) {
        Object value = in.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing tls input " + key + " in " + in.keySet());
        }
        return String.valueOf(value);
    }

    private static List<String> strings(Object value) {
        var out = new ArrayList<String>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }
}
