package io.privatevault.components.cluster;

import io.privatevault.components.support.Problems;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.util.encoders.Hex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;

/**
 * The recovery key holders' OpenPGP public keys ({@code VaultRaftClusterArgs.recoveryPgpKeys}), judged by an OpenPGP
 * parser (BouncyCastle) before anything is registered, in the two forms Vault's {@code -recovery-pgp-keys} reads:
 * "First parse as an armored keyring file, if that doesn't work, treat it as a straight binary/b64 string"
 * (hashicorp/vault, helper/pgpkeys/flag.go, ReadPGPFile).
 */
public final class RecoveryPgpKeys {
    private static final String ARMOR = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    private RecoveryPgpKeys() {
    }

    /** One holder's key: its fingerprint (hex) and whether a (sub)key of it can encrypt. */
    record Parsed(String fingerprint, boolean canEncrypt) {
    }

    /** Records every problem of {@code keys} against {@code shares} (none when the list is empty: the setting is off). */
    public static void check(Problems p, List<String> keys, int shares) {
        if (keys.isEmpty()) {
            return;
        }
        var fingerprints = new HashSet<String>();
        boolean valid = true;
        for (int i = 0; i < keys.size(); i++) {
            String field = "recoveryPgpKeys[" + i + "]";
            String key = keys.get(i);
            Parsed parsed;
            try {
                parsed = parse(key);
            } catch (IOException | PGPException | IllegalArgumentException e) {
                p.require(false, field, shown(key), "one OpenPGP public key, ASCII-armored or base64 (gpg --export <holder> | base64 -w0): "
                        + e.getMessage());
                valid = false;
                continue;
            }
            valid &= p.require(parsed.canEncrypt(), field, shown(key) + " (" + parsed.fingerprint() + ")",
                    "a key with an encryption-capable (sub)key, neither revoked nor expired: Vault encrypts the share to it");
            valid &= p.require(fingerprints.add(parsed.fingerprint()), field, parsed.fingerprint(),
                    "a key of its own: one holder with two shares defeats the threshold");
        }
        if (valid) {
            p.compare(keys.size() == shares, "recoveryPgpKeys", keys.size() + " keys",
                    "exactly one key per recovery share (recoveryShares " + shares + ")", "recoveryShares");
        }
    }

    /** Parses one key; throws when it is not exactly one OpenPGP public key. */
    static Parsed parse(String key) throws IOException, PGPException {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("empty");
        }
        String text = key.strip();
        InputStream in;
        if (text.startsWith(ARMOR)) {
            in = new ArmoredInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        } else {
            in = new ByteArrayInputStream(Base64.getMimeDecoder().decode(text.replaceAll("\\s", "")));
        }
        PGPPublicKeyRingCollection rings;
        try (in) {
            // A secret key (someone's private key pasted by mistake) is refused here: a secret-key packet is no public ring.
            rings = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        }
        var all = new ArrayList<PGPPublicKeyRing>();
        rings.getKeyRings().forEachRemaining(all::add);
        if (all.size() != 1) {
            throw new IllegalArgumentException(all.size() + " keys found, one expected");
        }
        PGPPublicKeyRing ring = all.get(0);
        boolean canEncrypt = false;
        if (usable(ring.getPublicKey())) {
            for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
                PGPPublicKey k = it.next();
                canEncrypt |= k.isEncryptionKey() && usable(k);
            }
        }
        return new Parsed(Hex.toHexString(ring.getPublicKey().getFingerprint()).toUpperCase(java.util.Locale.ROOT), canEncrypt);
    }

    /** Neither revoked nor expired (a validity of 0 seconds means it never expires). */
    private static boolean usable(PGPPublicKey key) {
        long valid = key.getValidSeconds();
        return !key.hasRevocation()
                && (valid == 0 || key.getCreationTime().toInstant().plusSeconds(valid).isAfter(java.time.Instant.now()));
    }

    /** The start of a key, enough to tell which setting entry is meant, never the whole block. */
    private static String shown(String key) {
        String s = key == null ? "" : key.strip();
        return s.length() <= 24 ? s : s.substring(0, 24) + "...";
    }
}
