package io.privatevault.components.construct;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the {@code tls} provider (5.x) returns: real keys, certificate requests and certificates, because the
 * components parse them (certificate serials for the VPN's revocation list, the CA key to sign that list, the CA
 * certificate a Vault client trusts). Output names and PEM flavours follow the provider: {@code privateKeyPem} is
 * PKCS#1 / SEC1, {@code privateKeyPemPkcs8} PKCS#8; an unknown allowed use is rejected as the provider does.
 */
final class TlsAnswers {
    static final String PRIVATE_KEY = "tls:index/privateKey:PrivateKey";
    static final String SELF_SIGNED = "tls:index/selfSignedCert:SelfSignedCert";
    static final String CERT_REQUEST = "tls:index/certRequest:CertRequest";
    static final String LOCALLY_SIGNED = "tls:index/locallySignedCert:LocallySignedCert";

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Bouncy Castle for EC keys (not registered globally): its SEC1 encoding carries the public key, as the
     * provider's {@code EC PRIVATE KEY} PEM does, so a certificate can be made from the private key PEM alone.
     */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    /** Keys per resource URN and key spec: RSA generation is slow on a loaded machine, and the test constructs each component several times. */
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    private static final Map<String, Integer> KEY_USAGES = Map.of(
            "digital_signature", KeyUsage.digitalSignature, "content_commitment", KeyUsage.nonRepudiation,
            "key_encipherment", KeyUsage.keyEncipherment, "data_encipherment", KeyUsage.dataEncipherment,
            "key_agreement", KeyUsage.keyAgreement, "cert_signing", KeyUsage.keyCertSign, "crl_signing", KeyUsage.cRLSign,
            "encipher_only", KeyUsage.encipherOnly, "decipher_only", KeyUsage.decipherOnly);
    private static final Map<String, KeyPurposeId> EXTENDED_USAGES = Map.of(
            "server_auth", KeyPurposeId.id_kp_serverAuth, "client_auth", KeyPurposeId.id_kp_clientAuth,
            "code_signing", KeyPurposeId.id_kp_codeSigning, "email_protection", KeyPurposeId.id_kp_emailProtection,
            "ipsec_end_system", KeyPurposeId.id_kp_ipsecEndSystem, "ipsec_tunnel", KeyPurposeId.id_kp_ipsecTunnel,
            "ipsec_user", KeyPurposeId.id_kp_ipsecUser, "timestamping", KeyPurposeId.id_kp_timeStamping,
            "ocsp_signing", KeyPurposeId.id_kp_OCSPSigning, "any_extended", KeyPurposeId.anyExtendedKeyUsage);

    private TlsAnswers() {
    }

    static boolean handles(String type) {
        return List.of(PRIVATE_KEY, SELF_SIGNED, CERT_REQUEST, LOCALLY_SIGNED).contains(type);
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
        return switch (type) {
            case PRIVATE_KEY -> privateKey(urn, in);
            case SELF_SIGNED -> {
                KeyPair key = keyPair(string(in, "privateKeyPem"));
                X500Name subject = subject(in.get("subject"));
                yield certificate(subject, subject, SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()), key, null, in, List.of());
            }
            case CERT_REQUEST -> certRequest(in);
            case LOCALLY_SIGNED -> locallySigned(in);
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** A certificate request for {@code commonName} with a fresh key, as an engineer would send for the VPN. */
    static String csrPem(String commonName) {
        KeyPair key = generate("RSA", "2048");
        var request = new JcaPKCS10CertificationRequestBuilder(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName).build(), key.getPublic()).build(signer(key));
        return pem(request);
    }

    /** A self-signed CA certificate, for inputs that take a trusted CA (a Vault CA, a cluster CA). */
    static String caCertPem(String commonName) {
        KeyPair key = generate("ECDSA", "P256");
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        return (String) certificate(name, name, SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()), key, null,
                Map.of("isCaCertificate", true, "validityPeriodHours", 8760.0, "allowedUses", List.of("cert_signing", "crl_signing")),
                List.of()).get("certPem");
    }

    private static Map<String, Object> privateKey(String urn, Map<String, Object> in) {
        String algorithm = String.valueOf(in.getOrDefault("algorithm", "RSA"));
        String parameter = switch (algorithm) {
            case "RSA" -> String.valueOf(((Number) in.getOrDefault("rsaBits", 2048.0)).intValue());
            case "ECDSA" -> String.valueOf(in.getOrDefault("ecdsaCurve", "P224"));
            default -> throw new IllegalArgumentException("tls PrivateKey algorithm " + algorithm + " is not one this engine generates");
        };
        KeyPair key = KEYS.computeIfAbsent(urn + "|" + algorithm + parameter, k -> generate(algorithm, parameter));
        var out = new HashMap<String, Object>();
        out.put("id", Integer.toHexString(urn.hashCode()));
        out.put("privateKeyPem", pem(key.getPrivate()));
        out.put("privateKeyPemPkcs8", pem(org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getPrivate().getEncoded())));
        out.put("publicKeyPem", pem(key.getPublic()));
        return out;
    }

    private static Map<String, Object> certRequest(Map<String, Object> in) {
        KeyPair key = keyPair(string(in, "privateKeyPem"));
        var builder = new JcaPKCS10CertificationRequestBuilder(subject(in.get("subject")), key.getPublic());
        GeneralNames san = names(strings(in.get("dnsNames")), strings(in.get("ipAddresses")));
        if (san.getNames().length > 0) {
            try {
                var extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, san);
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.of("id", Integer.toHexString(in.hashCode()), "certRequestPem", pem(builder.build(signer(key))),
                "keyAlgorithm", algorithm(key));
    }

    private static Map<String, Object> locallySigned(Map<String, Object> in) {
        var request = (PKCS10CertificationRequest) read(string(in, "certRequestPem"));
        var ca = (X509CertificateHolder) read(string(in, "caCertPem"));
        KeyPair caKey = keyPair(string(in, "caPrivateKeyPem"));
        List<GeneralName> requested = new ArrayList<>();
        for (var attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            GeneralNames san = GeneralNames.fromExtensions(Extensions.getInstance(attribute.getAttrValues().getObjectAt(0)),
                    Extension.subjectAlternativeName);
            if (san != null) {
                requested.addAll(List.of(san.getNames()));
            }
        }
        var out = new HashMap<>(certificate(request.getSubject(), ca.getSubject(), request.getSubjectPublicKeyInfo(), caKey, ca, in, requested));
        out.put("caKeyAlgorithm", algorithm(caKey));
        return out;
    }

    private static Object read(String pem) {
        try (var parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> certificate(X500Name subject, X500Name issuer, SubjectPublicKeyInfo publicKey, KeyPair signingKey,
                                                   X509CertificateHolder issuerCert, Map<String, Object> in, List<GeneralName> requested) {
        try {
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant end = start.plus(((Number) in.getOrDefault("validityPeriodHours", 24.0)).longValue(), ChronoUnit.HOURS);
            var builder = new X509v3CertificateBuilder(issuer, new BigInteger(128, RANDOM), Date.from(start), Date.from(end), subject, publicKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(Boolean.TRUE.equals(in.get("isCaCertificate"))));
            int usage = 0;
            var extended = new ArrayList<KeyPurposeId>();
            for (String use : strings(in.get("allowedUses"))) {
                if (KEY_USAGES.containsKey(use)) {
                    usage |= KEY_USAGES.get(use);
                } else if (EXTENDED_USAGES.containsKey(use)) {
                    extended.add(EXTENDED_USAGES.get(use));
                } else {
                    throw new IllegalArgumentException("allowedUses: '" + use + "' is not an allowed use of the tls provider");
                }
            }
            if (usage != 0) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            }
            if (!extended.isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(extended.toArray(KeyPurposeId[]::new)));
            }
            var utils = new BcX509ExtensionUtils();
            if (Boolean.TRUE.equals(in.get("setSubjectKeyId")) || Boolean.TRUE.equals(in.get("isCaCertificate"))) {
                builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            }
            if (issuerCert != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCert.getSubjectPublicKeyInfo()));
            }
            var altNames = new ArrayList<>(List.of(names(strings(in.get("dnsNames")), strings(in.get("ipAddresses"))).getNames()));
            altNames.addAll(requested);
            if (!altNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames.toArray(GeneralName[]::new)));
            }
            X509CertificateHolder cert = builder.build(signer(signingKey));
            var out = new HashMap<String, Object>();
            out.put("id", cert.getSerialNumber().toString());
            out.put("certPem", pem(cert));
            out.put("validityStartTime", start.toString());
            out.put("validityEndTime", end.toString());
            out.put("readyForRenewal", false);
            out.put("keyAlgorithm", algorithm(signingKey));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair generate(String algorithm, String parameter) {
        try {
            if (algorithm.equals("RSA")) {
                var generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(Integer.parseInt(parameter), RANDOM);
                return generator.generateKeyPair();
            }
            var generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec(switch (parameter) {
                case "P224" -> "secp224r1";
                case "P256" -> "secp256r1";
                case "P384" -> "secp384r1";
                case "P521" -> "secp521r1";
                default -> throw new IllegalArgumentException("ecdsaCurve " + parameter + " is not a curve of the tls provider");
            }), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair(String pem) {
        if (read(pem) instanceof PEMKeyPair pair) {
            try {
                return new JcaPEMKeyConverter().setProvider(BC).getKeyPair(pair);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException("privateKeyPem is not a PKCS#1 or SEC1 private key");
    }

    private static ContentSigner signer(KeyPair key) {
        try {
            return new JcaContentSignerBuilder(key.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA")
                    .setProvider(BC).build(key.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String algorithm(KeyPair key) {
        return key.getPrivate().getAlgorithm().equals("RSA") ? "RSA" : "ECDSA";
    }

    private static X500Name subject(Object value) {
        var builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (value instanceof Map<?, ?> subject) {
            if (subject.get("organization") instanceof String o) {
                builder.addRDN(BCStyle.O, o);
            }
            if (subject.get("commonName") instanceof String cn) {
                builder.addRDN(BCStyle.CN, cn);
            }
        }
        return builder.build();
    }

    private static GeneralNames names(List<String> dnsNames, List<String> ips) {
        var names = new ArrayList<GeneralName>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static String pem(Object object) {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().replace("\r\n", "\n");
    }

    private static String string(Map<String, Object> in, String key) {
        if (!(in.get(key) instanceof String s)) {
            throw new IllegalArgumentException("tls: missing required input " + key);
        }
        return s;
    }

    private static List<String> strings(Object value) {
        var out = new ArrayList<String>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }
}
