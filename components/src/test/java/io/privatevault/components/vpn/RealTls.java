package io.privatevault.components.vpn;

import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.TlsMocks;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;

/**
 * Real key material for the VPN tests: AWS mocks whose tls resources produce fresh keys and certificates
 * ({@link TlsMocks#random()}, kept across runs like state), plus the keys and CSRs an engineer would make.
 */
public final class RealTls {
    private static final TlsMocks TLS = TlsMocks.random();

    private RealTls() {
    }

    /** Region/account AWS mocks plus real tls material. */
    public static AwsMocks mocks() {
        return TLS.install(new AwsMocks("eu-west-1", "111122223333"));
    }

    public static KeyPair rsa(int bits) {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey key(String pem) {
        return TlsMocks.keyPair(pem).getPrivate();
    }

    public static ContentSigner signer(PrivateKey key) {
        return TlsMocks.signer(new KeyPair(null, key));
    }

    /** A PEM CSR for {@code commonName} signed by {@code pair}, as an engineer would make with openssl. */
    public static String csr(String commonName, KeyPair pair) {
        var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), pair.getPublic());
        return Pem.write(builder.build(TlsMocks.signer(pair))).replace("\r\n", "\n");
    }
}
