package io.privatevault.components.cluster;

import io.privatevault.components.support.InvalidSettingException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The holders' keys are judged by an OpenPGP parser before anything is registered. Vault CLI docs, operator init:
 * "-recovery-pgp-keys ... Comma-separated list of paths to files on disk containing public PGP keys ... The number of
 * given entries must match -recovery-shares."
 */
class RecoveryPgpKeysTest {
    static List<String> holders() {
        var keys = new ArrayList<String>();
        resource("recovery-holders.txt").lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(keys::add);
        return keys;
    }

    static String resource(String name) {
        try (InputStream in = RecoveryPgpKeysTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static String problem(List<String> keys, int shares) {
        return assertThrows(InvalidSettingException.class,
                () -> ClusterFixture.args().recoveryShares(shares).recoveryThreshold(Math.min(3, shares)).recoveryPgpKeys(keys).build())
                .getMessage();
    }

    @Test
    void fiveHoldersForFiveSharesAreAcceptedInBothForms() throws Exception {
        var keys = holders().subList(0, 5);
        ClusterFixture.args().recoveryPgpKeys(keys).build();
        var armored = new ArrayList<>(keys);
        armored.set(0, resource("recovery-holder-armored.asc"));
        ClusterFixture.args().recoveryPgpKeys(armored).build();
        assertTrue(RecoveryPgpKeys.parse(armored.get(0)).canEncrypt());
        assertTrue(RecoveryPgpKeys.parse(keys.get(0)).fingerprint().matches("[0-9A-F]{40}"));
    }

    @Test
    void oneKeyPerShare() {
        String message = problem(holders().subList(0, 4), 5);
        assertTrue(message.contains("recoveryPgpKeys") && message.contains("4 keys")
                && message.contains("exactly one key per recovery share (recoveryShares 5)"), message);
    }

    @Test
    void aHolderWithTwoSharesDefeatsTheThreshold() {
        var keys = new ArrayList<>(holders().subList(0, 4));
        keys.add(keys.get(0));
        String message = problem(keys, 5);
        assertTrue(message.contains("recoveryPgpKeys[4]") && message.contains("a key of its own"), message);
    }

    @Test
    void refusesWhatIsNotOneEncryptingPublicKey() {
        var keys = new ArrayList<>(holders().subList(0, 5));
        keys.set(1, "not a key");
        String garbage = problem(keys, 5);
        assertTrue(garbage.contains("recoveryPgpKeys[1]") && garbage.contains("one OpenPGP public key"), garbage);

        keys.set(1, resource("recovery-holder-secret.b64").strip());
        String secret = problem(keys, 5);
        assertTrue(secret.contains("recoveryPgpKeys[1]") && secret.contains("one OpenPGP public key"), secret);
        assertFalse(secret.contains(keys.get(1)), "a pasted private key is never echoed whole");

        keys.set(1, resource("recovery-two-holders.asc"));
        String two = problem(keys, 5);
        assertTrue(two.contains("recoveryPgpKeys[1]") && two.contains("2 keys found, one expected"), two);

        keys.set(1, resource("recovery-signing-only.b64").strip());
        String signing = problem(keys, 5);
        assertTrue(signing.contains("recoveryPgpKeys[1]") && signing.contains("encryption-capable"), signing);
    }

    @Test
    void noKeysIsTheDevelopmentDefault() {
        ClusterFixture.args().build();
    }

    /** Each holder's key becomes one file on the node, named in share order by RECOVERY_PGP_KEY_FILES. */
    @Test
    void theNodeGetsOneKeyFilePerHolderInShareOrder() {
        var keys = holders().subList(0, 5);
        var result = ClusterFixture.run(ClusterFixture.args().recoveryPgpKeys(keys));
        assertFalse(result.failed(), result.errors().toString());
        var files = ClusterFixture.renderedFiles(result);
        var env = ScriptLab.envFile(files.get("node/cluster.env"));
        var paths = List.of(env.get("RECOVERY_PGP_KEY_FILES").split(","));
        assertEquals(5, paths.size(), paths.toString());
        for (int i = 0; i < 5; i++) {
            assertEquals("/etc/vault.d/recovery-pgp/recovery-holder-" + (i + 1) + ".asc", paths.get(i));
            assertEquals(keys.get(i) + "\n", files.get("node/recovery-pgp/recovery-holder-" + (i + 1) + ".asc"));
        }
        String userData = ClusterFixture.userData(result);
        paths.forEach(path -> assertTrue(userData.contains(path), path + " is written by cloud-init"));
        // "User data is limited to 16 KB" (EC2 User Guide, instance user data), in its raw (base64-decoded) form.
        String encoded = (String) result.one("aws:ec2/launchTemplate:LaunchTemplate").input("userData");
        assertTrue(java.util.Base64.getDecoder().decode(encoded).length < 16384, "user data within 16 KiB with five keys");
        // Without keys the shares are stored as Vault returns them (development).
        var plain = ScriptLab.envFile(ClusterFixture.renderedFiles(ClusterFixture.run(ClusterFixture.args())).get("node/cluster.env"));
        assertEquals("", plain.get("RECOVERY_PGP_KEY_FILES"));
    }
}
