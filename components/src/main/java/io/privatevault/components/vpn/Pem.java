package io.privatevault.components.vpn;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Reading and writing the PEM material the tls provider produces (PKCS#1 or PKCS#8 keys, X.509 certificates). */
public final class Pem {
    private Pem() {
    }

    public static X509CertificateHolder certificate(String pem) {
        Object object = read(pem);
        if (object instanceof X509CertificateHolder holder) {
            return holder;
        }
        throw new IllegalArgumentException("not a PEM certificate: " + (object == null ? "nothing" : object.getClass().getSimpleName()));
    }

    public static PrivateKeyInfo privateKey(String pem) {
        Object object = read(pem);
        if (object instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (object instanceof PrivateKeyInfo info) {
            return info;
        }
        throw new IllegalArgumentException("not a PEM private key");
    }

    /** The certificate's serial as upper-case hex, the way {@code openssl x509 -noout -serial} prints it. */
    public static String serialHex(String certPem) {
        return certificate(certPem).getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    public static String write(Object object) {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Object read(String pem) {
        try (var parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            return parser.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
