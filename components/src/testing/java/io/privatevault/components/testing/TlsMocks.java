package io.privatevault.components.testing;

import io.privatevault.components.vpn.Pem;
import org.bouncycastle.asn1.pkcs.Attribute;
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
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mock outputs for the tls provider made of real keys and certificates, built with BouncyCastle from the same
 * inputs the provider gets (algorithm and size or curve, subject, DNS names, validity, allowed uses, CA flag),
 * so that code parsing them (CRL signing, serials, OpenVPN handshakes) runs for real.
 *
 * <ul>
 *   <li>{@link #deterministic()} — for the offline plan: keys come from a small seeded pool, serials from the
 *   resource name, validity from the start of the UTC day and signatures are deterministic (RSA PKCS#1 v1.5,
 *   RFC 6979 ECDSA), so the same program gives the same plan and a plan diff shows only real changes;</li>
 *   <li>{@link #random()} — for end-to-end tests: a fresh key per resource and random serials, like the
 *   provider; outputs are kept per name and inputs like Pulumi state, so a second run sees the first's.</li>
 * </ul>
 */
public final class TlsMocks {
    private static final int POOL = 4;
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
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
    /**
     * Seeded key pools shared by every deterministic instance. Generating an RSA key costs a few hundred
     * milliseconds of prime search (and C2 compilation of BigInteger), most of a cold plan's CPU, so the common
     * pools ship in {@value #POOL_FILE}, made once by {@link #seeded}; other sizes are generated on first use.
     */
    private static final Map<String, KeyPair> POOLED_KEYS = new ConcurrentHashMap<>();
    static final String POOL_FILE = "tls-mock-keys.pem";
    private static volatile Map<String, String> shippedPool;

    private final boolean deterministic;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Map<String, Object>> state = new ConcurrentHashMap<>();

    private TlsMocks(boolean deterministic) {
        this.deterministic = deterministic;
    }

    public static TlsMocks deterministic() {
        return new TlsMocks(true);
    }

    public static TlsMocks random() {
        return new TlsMocks(false);
    }

    /** The tls provider's resource types these mocks answer. */
    public static final List<String> TYPES = List.of("tls:index/privateKey:PrivateKey", "tls:index/selfSignedCert:SelfSignedCert",
            "tls:index/certRequest:CertRequest", "tls:index/locallySignedCert:LocallySignedCert");

    /** Adds the four tls resource shapes to {@code mocks} and returns it. */
    public AwsMocks install(AwsMocks mocks) {
        for (String type : TYPES) {
            mocks.shape(type, (a, ids) -> remember(a, () -> outputs(a.type, a.name, a.inputs)));
        }
        return mocks;
    }

    /** What the tls provider computes for one resource of {@code type} named {@code name} with these (known) inputs. */
    public Map<String, Object> outputs(String type, String name, Map<String, Object> inputs) {
        return switch (type) {
            case "tls:index/privateKey:PrivateKey" -> privateKey(name, inputs);
            case "tls:index/selfSignedCert:SelfSignedCert" -> selfSigned(name, inputs);
            case "tls:index/certRequest:CertRequest" -> certRequest(name, inputs);
            case "tls:index/locallySignedCert:LocallySignedCert" -> locallySigned(name, inputs);
            default -> throw new IllegalArgumentException("not a tls resource type: " + type);
        };
    }

    private Map<String, Object> remember(com.pulumi.test.Mocks.ResourceArgs args, java.util.function.Supplier<Map<String, Object>> make) {
        return state.computeIfAbsent(args.type + "|" + args.name + "|" + args.inputs, k -> make.get());
    }

    // ---- the four resources ----------------------------------------------------------------------------------

    private Map<String, Object> privateKey(String name, Map<String, Object> in) {
        String algorithm = String.valueOf(in.getOrDefault("algorithm", "RSA"));
        String parameter = switch (algorithm) {
            case "RSA" -> String.valueOf(((Number) in.getOrDefault("rsaBits", 2048)).intValue());
            case "ECDSA" -> String.valueOf(in.getOrDefault("ecdsaCurve", "P224"));
            default -> throw new IllegalArgumentException("tls mocks make RSA and ECDSA keys, got " + algorithm);
        };
        KeyPair pair = deterministic
                ? POOLED_KEYS.computeIfAbsent(algorithm + parameter + "#" + Math.floorMod(name.hashCode(), POOL),
                        seed -> shippedPool().containsKey(seed) ? keyPair(shippedPool().get(seed))
                                : generate(algorithm, parameter, seeded(seed)))
                : generate(algorithm, parameter, random);
        var out = new HashMap<String, Object>();
        out.put("id", hex(name, 20));
        out.put("algorithm", algorithm);
        out.put("privateKeyPem", Pem.write(pair.getPrivate()).replace("\r\n", "\n"));
        out.put("privateKeyPemPkcs8", Pem.write(org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()))
                .replace("\r\n", "\n"));
        out.put("publicKeyPem", Pem.write(pair.getPublic()).replace("\r\n", "\n"));
        return out;
    }

    private Map<String, Object> selfSigned(String name, Map<String, Object> in) {
        KeyPair pair = keyPair(str(in, "privateKeyPem"));
        X500Name subject = subject(in.get("subject"));
        return certificate(name, subject, subject, SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()),
                pair, null, in, List.of());
    }

    private Map<String, Object> certRequest(String name, Map<String, Object> in) {
        KeyPair pair = keyPair(str(in, "privateKeyPem"));
        var builder = new JcaPKCS10CertificationRequestBuilder(subject(in.get("subject")), pair.getPublic());
        List<String> dnsNames = strings(in.get("dnsNames"));
        List<String> ips = strings(in.get("ipAddresses"));
        try {
            if (!dnsNames.isEmpty() || !ips.isEmpty()) {
                var extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, names(dnsNames, ips));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var csr = builder.build(signer(pair));
        return Map.of("id", hex(name, 20), "keyAlgorithm", pair.getPrivate().getAlgorithm().equals("RSA") ? "RSA" : "ECDSA",
                "certRequestPem", Pem.write(csr).replace("\r\n", "\n"));
    }

    private Map<String, Object> locallySigned(String name, Map<String, Object> in) {
        try (var parser = new PEMParser(new StringReader(str(in, "certRequestPem")))) {
            var csr = (PKCS10CertificationRequest) parser.readObject();
            X509CertificateHolder ca = Pem.certificate(str(in, "caCertPem"));
            KeyPair caKey = keyPair(str(in, "caPrivateKeyPem"));
            List<GeneralName> requested = new ArrayList<>();
            for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                var extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
                var san = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
                if (san != null) {
                    requested.addAll(Arrays.asList(san.getNames()));
                }
            }
            var out = new HashMap<>(certificate(name, csr.getSubject(), ca.getSubject(), csr.getSubjectPublicKeyInfo(), caKey, ca, in, requested));
            out.put("caKeyAlgorithm", caKey.getPrivate().getAlgorithm().equals("RSA") ? "RSA" : "ECDSA");
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Map<String, Object> certificate(String name, X500Name subject, X500Name issuer, SubjectPublicKeyInfo publicKey,
                                            KeyPair signingKey, X509CertificateHolder issuerCert, Map<String, Object> in,
                                            List<GeneralName> requestedNames) {
        try {
            Instant start = deterministic ? Instant.now().truncatedTo(ChronoUnit.DAYS) : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            int hours = ((Number) in.getOrDefault("validityPeriodHours", 24)).intValue();
            Instant end = start.plus(hours, ChronoUnit.HOURS);
            // The provider uses random 128-bit serials; the plan derives them from the resource name.
            BigInteger serial = deterministic ? new BigInteger(1, Arrays.copyOf(sha256("serial|" + name), 16)) : new BigInteger(128, random);
            var builder = new X509v3CertificateBuilder(issuer, serial, Date.from(start), Date.from(end), subject, publicKey);
            var utils = new BcX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(Boolean.TRUE.equals(in.get("isCaCertificate"))));
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
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuerCert.getSubjectPublicKeyInfo()));
            }
            var altNames = new ArrayList<>(List.of(names(strings(in.get("dnsNames")), strings(in.get("ipAddresses"))).getNames()));
            altNames.addAll(requestedNames);
            if (!altNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames.toArray(GeneralName[]::new)));
            }
            var cert = builder.build(signer(signingKey));
            var out = new HashMap<String, Object>();
            out.put("id", cert.getSerialNumber().toString());
            out.put("certPem", Pem.write(cert).replace("\r\n", "\n"));
            out.put("validityStartTime", start.toString());
            out.put("validityEndTime", end.toString());
            out.put("readyForRenewal", false);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm, String parameter, SecureRandom random) {
        try {
            if (algorithm.equals("RSA")) {
                var generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(Integer.parseInt(parameter), random);
                return generator.generateKeyPair();
            }
            var generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec(switch (parameter) {
                case "P224" -> "secp224r1";
                case "P256" -> "secp256r1";
                case "P384" -> "secp384r1";
                case "P521" -> "secp521r1";
                default -> throw new IllegalArgumentException("unknown ECDSA curve " + parameter);
            }), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key PEMs of {@value #POOL_FILE} by pool id ({@code RSA2048#0}, {@code ECDSAP256#3}, ...). */
    static Map<String, String> shippedPool() {
        if (shippedPool == null) {
            var pool = new java.util.LinkedHashMap<String, String>();
            try (var in = TlsMocks.class.getResourceAsStream(POOL_FILE)) {
                if (in != null) {
                    String id = null;
                    var pem = new StringBuilder();
                    for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                        if (line.startsWith("#") || line.isBlank()) {
                            continue;
                        }
                        if (!line.startsWith("-----") && pem.length() == 0) {
                            id = line.trim();
                            continue;
                        }
                        pem.append(line).append('\n');
                        if (line.startsWith("-----END")) {
                            pool.put(id, pem.toString());
                            pem.setLength(0);
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            shippedPool = java.util.Collections.unmodifiableMap(pool);
        }
        return shippedPool;
    }

    /** The key the seeded generator makes for pool id {@code seed} of {@code algorithm}/{@code parameter}. */
    static KeyPair generatePooled(String algorithm, String parameter, String seed) {
        return generate(algorithm, parameter, seeded(seed));
    }

    /** A SecureRandom that yields the same bytes for the same seed (SHA1PRNG seeded before first use). */
    private static SecureRandom seeded(String seed) {
        try {
            var random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(sha256("pool|" + seed));
            return random;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key pair of a PKCS#1, SEC1 or PKCS#8 private key PEM. */
    public static KeyPair keyPair(String pem) {
        return PARSED_KEYS.computeIfAbsent(pem, TlsMocks::parseKeyPair);
    }

    /**
     * Parsed key pairs by PEM: a plan signs every certificate of a CA with the same key PEM. RSA keys are
     * converted by the JDK's provider: BouncyCastle's runs Miller-Rabin rounds on every RSA modulus it loads
     * (bc-java issue 1144), a needless cost for keys this class made itself.
     */
    private static final Map<String, KeyPair> PARSED_KEYS = new ConcurrentHashMap<>();

    private static KeyPair parseKeyPair(String pem) {
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            var converter = new JcaPEMKeyConverter().setProvider(BC);
            if (object instanceof PEMKeyPair pair) {
                boolean rsa = org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption.equals(
                        pair.getPrivateKeyInfo().getPrivateKeyAlgorithm().getAlgorithm());
                return (rsa ? new JcaPEMKeyConverter() : converter).getKeyPair(pair);
            }
            if (object instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                var key = converter.getPrivateKey(info);
                if (key instanceof java.security.interfaces.RSAPrivateCrtKey rsa) {
                    var publicKey = java.security.KeyFactory.getInstance("RSA").generatePublic(
                            new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                    return new KeyPair(publicKey, key);
                }
            }
            throw new IllegalArgumentException("not a private key PEM this mock can read: " + (object == null ? "empty" : object.getClass()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signer for {@code pair}: SHA256withRSA, or deterministic ECDSA (RFC 6979) so the same input signs the same. */
    public static ContentSigner signer(KeyPair pair) {
        try {
            if (pair.getPrivate().getAlgorithm().equals("RSA")) {
                // The JDK's provider: PKCS#1 v1.5 signatures are deterministic, so the bytes are the same as
                // BouncyCastle's, without BouncyCastle's Miller-Rabin rounds on the modulus at every signing.
                return new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            }
            return new DeterministicEcdsaSigner(pair.getPrivate());
        } catch (org.bouncycastle.operator.OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ecdsa-with-SHA256 with the nonce derived from key and message (RFC 6979), DER-encoded (r, s). */
    private static final class DeterministicEcdsaSigner implements ContentSigner {
        private final org.bouncycastle.crypto.params.ECPrivateKeyParameters key;
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();

        DeterministicEcdsaSigner(java.security.PrivateKey privateKey) throws IOException {
            this.key = (org.bouncycastle.crypto.params.ECPrivateKeyParameters)
                    org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(privateKey.getEncoded());
        }

        @Override
        public org.bouncycastle.asn1.x509.AlgorithmIdentifier getAlgorithmIdentifier() {
            return new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256);
        }

        @Override
        public java.io.OutputStream getOutputStream() {
            return buffer;
        }

        @Override
        public byte[] getSignature() {
            var digest = new org.bouncycastle.crypto.digests.SHA256Digest();
            byte[] message = buffer.toByteArray();
            digest.update(message, 0, message.length);
            byte[] hash = new byte[digest.getDigestSize()];
            digest.doFinal(hash, 0);
            var signer = new org.bouncycastle.crypto.signers.ECDSASigner(
                    new org.bouncycastle.crypto.signers.HMacDSAKCalculator(new org.bouncycastle.crypto.digests.SHA256Digest()));
            signer.init(true, key);
            BigInteger[] rs = signer.generateSignature(hash);
            try {
                return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[]{
                        new org.bouncycastle.asn1.ASN1Integer(rs[0]), new org.bouncycastle.asn1.ASN1Integer(rs[1])}).getEncoded();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static GeneralNames names(List<String> dnsNames, List<String> ips) {
        var names = new ArrayList<GeneralName>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
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

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hex(String name, int length) {
        return deterministic ? java.util.HexFormat.of().formatHex(sha256("id|" + name)).substring(0, length)
                : Long.toHexString(random.nextLong());
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
