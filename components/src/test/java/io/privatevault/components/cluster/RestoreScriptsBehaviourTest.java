package io.privatevault.components.cluster;

import com.google.gson.JsonParser;
import io.privatevault.components.testing.ExternalTools;
import io.privatevault.components.testing.UsesTools;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The disaster-recovery scripts as the plan ships them ({@code renderedFiles}, {@code ops/}), judged by shellcheck and
 * run by bash against stand-in {@code aws}, {@code vault} and {@code curl} ({@link ScriptLab}) that keep an S3 prefix of
 * snapshots, a live cluster and a throwaway Vault: the newest snapshot is chosen, one that does not inspect is refused
 * before anything is restored, a seal key that cannot unwrap the snapshot is refused, a marker that differs fails the
 * drill, and the throwaway Vault and its files are gone afterwards, whatever the outcome.
 * Vault's rule that makes the inspection worthwhile: "vault operator raft snapshot inspect" reads a snapshot file and
 * prints its metadata (ID, Size, Index, Term, Version) or fails (Vault CLI docs, operator raft); a snapshot taken on
 * another cluster needs "-force" to restore ("Installs the provided snapshot, returning the cluster to the state defined
 * in it ... -force: This bypasses checks ensuring the Autounseal or shamir keys are consistent with the snapshot data").
 */
@UsesTools
class RestoreScriptsBehaviourTest {
    static final String PREFIX = "raft-snapshots/";
    static final String SEAL_REPLICA = "arn:aws:kms:eu-central-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
    static final String SOURCE_SEAL = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
    static final String DRILL_ROOT = "hvs.DRILLROOT";
    static Map<String, String> scripts;

    /** S3 as folders of objects; a snapshot's content is "snap INDEX MARKER", anything else does not inspect. */
    private static final String AWS = """
            #!/bin/bash
            STATE="$STUB_DIR/state"
            echo "aws $*" >>"$STUB_DIR/calls.log"
            case "$1 $2" in
              "s3api list-objects-v2") (cd "$STATE/s3" && find . -type f | sed 's|^\\./||') ;;
              "s3 cp")
                for a in "$@"; do case "$a" in s3://*) source="${a#s3://*/}" ;; esac; done
                cp "$STATE/s3/$source" "${@: -1}" ;;
              "kms describe-key") printf '%s\\t%s\\n' "${FAKE_KEY_STATE:-Enabled}" "${FAKE_MULTI_REGION:-True}" ;;
              *) exit 2 ;;
            esac
            """;
    private static final String VAULT = """
            #!/bin/bash
            STATE="$STUB_DIR/state"
            echo "vault $*" >>"$STUB_DIR/calls.log"
            drill() { [[ "${VAULT_ADDR}" == https://127.0.0.1:* ]]; }
            case "$1 $2" in
              "server -config="*)
                cp "${2#-config=}" "$STATE/drill.hcl"
                echo "HTTPS_PROXY=${HTTPS_PROXY:-} NO_PROXY=${NO_PROXY:-}" >"$STATE/server.env"
                echo $$ >"$STATE/server.pid"
                exec /bin/sleep 300 ;;
              "login -method=aws") echo hvs.LOGIN ;;
              "kv get")
                if drill; then cat "$STATE/drill-restored"; else echo "${FAKE_LIVE_MARKER:-marker-3}"; fi ;;
              "operator init")
                drill || { echo "init only on the throwaway Vault" >&2; exit 2; }
                touch "$STATE/drill-initialised"; printf '{"root_token": "hvs.DRILLROOT"}\\n' ;;
              "operator raft")
                case "$3 $4" in
                  "snapshot inspect")
                    read -r magic index _ <"$5"
                    [[ "$magic" == snap ]] || { echo "Error reading snapshot: unexpected EOF" >&2; exit 2; }
                    printf ' ID           bolt-snapshot\\n Size         5\\n Index        %s\\n Term         2\\n Version      1\\n' "$index" ;;
                  "snapshot restore")
                    [[ "$5" == -force ]] || { echo "restore without -force" >&2; exit 2; }
                    [[ -n "${VAULT_TOKEN:-}" ]] || { echo "Code: 403. permission denied" >&2; exit 2; }
                    read -r _ _ marker <"$6"
                    if drill; then echo "$marker" >"$STATE/drill-restored"; else echo "$marker" >"$STATE/target-restored"; fi ;;
                esac ;;
              *) exit 2 ;;
            esac
            """;
    /** The live or target cluster answers FAKE_HEALTH (200 by default); the throwaway Vault 501 until initialised. */
    private static final String CURL = """
            #!/bin/bash
            echo "curl $*" >>"$STUB_DIR/calls.log"
            case "$*" in
              *https://127.0.0.1:*/v1/sys/health*) if [[ -e "$STUB_DIR/state/drill-initialised" ]]; then echo 200; else echo 501; fi ;;
              */v1/sys/health*) echo "${FAKE_HEALTH:-200}" ;;
              *) exit 22 ;;
            esac
            """;

    @BeforeAll
    static void render() {
        var result = ClusterFixture.run(ClusterFixture.args());
        assertFalse(result.failed(), result.errors().toString());
        var files = ClusterFixture.renderedFiles(result);
        scripts = new LinkedHashMap<>();
        for (String script : OpsScripts.SCRIPTS) {
            assertTrue(files.containsKey("ops/" + script), "plan --artifacts writes ops/" + script + ": " + files.keySet());
            scripts.put(script, files.get("ops/" + script));
        }
    }

    /** An operator's host: the scripts side by side, the stand-ins, a bucket holding three snapshots and a stray object. */
    static ScriptLab host(Path dir) throws IOException {
        // The drill runs the real jq (the init output) and openssl (the throwaway Vault's certificate).
        ExternalTools.require("jq", "apt-get install -y jq");
        ExternalTools.require("openssl", "apt-get install -y openssl");
        var env = new LinkedHashMap<String, String>();
        env.put("AWS_REGION", "eu-central-1");
        env.put("SNAPSHOT_BUCKET", "pv-prod-snapshots-replica");
        env.put("SNAPSHOT_PREFIX", PREFIX);
        env.put("SEAL_KEY_ARN", SEAL_REPLICA);
        env.put("VAULT_ADDR", "https://vault.tooling.internal:8200");
        env.put("VAULT_CACERT", dir.resolve("ca.pem").toString());
        env.put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
        var lab = new ScriptLab(dir, scripts, env);
        lab.stub("aws", AWS);
        lab.stub("vault", VAULT);
        lab.stub("curl", CURL);
        put(dir, PREFIX + "vault-20261201T100000Z.snap", "snap 40 marker-1");
        put(dir, PREFIX + "vault-20261201T120000Z.snap", "snap 57 marker-3");
        put(dir, PREFIX + "vault-20261201T110000Z.snap", "snap 51 marker-2");
        put(dir, PREFIX + "zz-notes.txt", "snap 1 not-a-snapshot-name");
        return lab;
    }

    static void put(Path dir, String key, String content) throws IOException {
        Path object = dir.resolve("stubs/state/s3").resolve(key);
        Files.createDirectories(object.getParent());
        Files.writeString(object, content + "\n");
    }

    static Map<String, String> drillEnv(String... extra) {
        var env = new LinkedHashMap<>(Map.of("LOGIN_MOUNT", "aws-provisioner", "LOGIN_ROLE", "restore-drill",
                "IAM_SERVER_ID_HEADER", "vault.tooling.internal", "MARKER_PATH", "secret/restore-drill", "MARKER_FIELD", "marker",
                "SEAL_KEY_ARN", SOURCE_SEAL, "AWS_REGION", "eu-west-1", "SNAPSHOT_BUCKET", "pv-prod-snapshots"));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    static Map<String, String> restoreEnv(String... extra) {
        var env = new LinkedHashMap<>(Map.of("VAULT_TOKEN", "hvs.TARGETROOT", "SOURCE_SEAL_KEY_ARN", SOURCE_SEAL));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    @Test
    void theScriptsPassShellcheck(@TempDir Path dir) throws Exception {
        ExternalTools.require("shellcheck", "apt-get install -y shellcheck");
        var command = new ArrayList<>(List.of("shellcheck", "-S", "style", "-x", "-P", dir.toString()));
        for (var script : scripts.entrySet()) {
            assertTrue(script.getValue().startsWith("#!/usr/bin/env bash\n"), script.getKey());
            Path file = dir.resolve(script.getKey());
            Files.writeString(file, script.getValue());
            command.add(file.toString());
        }
        var run = ExternalTools.run(command, dir);
        assertEquals(0, run.exitCode(), run.all());
    }

    @Test
    void restoreForcesTheNewestSnapshotIntoTheHealthyTargetAndWaitsForItToLead(@TempDir Path dir) throws Exception {
        var lab = host(dir);
        var run = lab.run("restore.sh", restoreEnv());
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertEquals("marker-3", lab.vaultState("target-restored").trim(), "the newest snapshot by its name's timestamp");
        assertTrue(run.output().contains("restored " + PREFIX + "vault-20261201T120000Z.snap (Raft index 57)"), run.output());
        String calls = run.calls();
        int inspect = calls.indexOf("vault operator raft snapshot inspect");
        int restore = calls.indexOf("vault operator raft snapshot restore -force");
        assertTrue(calls.indexOf("aws kms describe-key --region eu-central-1 --key-id " + SEAL_REPLICA) < inspect, calls);
        assertTrue(inspect > 0 && inspect < restore, "inspected before it is restored: " + calls);
        assertTrue(calls.lastIndexOf("/v1/sys/health") > restore, "health checked after the restore: " + calls);
        assertFalse(run.output().contains("hvs.TARGETROOT") || calls.contains("hvs.TARGETROOT"), "the token stays in the environment");
        lab.assertEmpty("tmp");
    }

    @Test
    void aSnapshotThatDoesNotInspectIsNeverRestored(@TempDir Path dir) throws Exception {
        var lab = host(dir);
        put(dir, PREFIX + "vault-20261201T130000Z.snap", "truncated");
        var run = lab.run("restore.sh", restoreEnv());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("vault-20261201T130000Z.snap does not inspect as a Raft snapshot; nothing restored"), run.output());
        assertFalse(run.calls().contains("snapshot restore"), run.calls());
        assertNull(lab.vaultState("target-restored"));
    }

    @Test
    void aSealKeyThatCannotUnwrapTheSnapshotIsRefusedBeforeAnythingIsRead(@TempDir Path dir) throws Exception {
        var lab = host(dir);
        var cases = Map.of(
                "single-Region", Map.of("FAKE_MULTI_REGION", "False"),
                "PendingDeletion, not Enabled", Map.of("FAKE_KEY_STATE", "PendingDeletion"),
                "is not a replica of", Map.of("SOURCE_SEAL_KEY_ARN", "arn:aws:kms:eu-west-1:111122223333:key/mrk-ffff"),
                "is not a key ARN in eu-central-1", Map.of("SEAL_KEY_ARN", SOURCE_SEAL));
        for (var c : cases.entrySet()) {
            var env = restoreEnv();
            env.putAll(c.getValue());
            var run = lab.run("restore.sh", env);
            assertEquals(2, run.exitCode(), c.getKey() + ": " + run.output());
            assertTrue(run.output().contains(c.getKey()), run.output());
            assertFalse(run.calls().contains("s3 cp") || run.calls().contains("snapshot restore"), run.calls());
        }
        // The cluster's own single-Region key, restoring in its own region, is the operator's explicit call.
        var own = lab.run("restore.sh", restoreEnv("FAKE_MULTI_REGION", "False", "SAME_REGION_KEY", "1"));
        assertEquals(0, own.exitCode(), own.output());
    }

    @Test
    void anUnhealthyTargetIsNotRestoredInto(@TempDir Path dir) throws Exception {
        var lab = host(dir);
        var run = lab.run("restore.sh", restoreEnv("FAKE_HEALTH", "503"));
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("answers 503 to /v1/sys/health, not 200"), run.output());
        assertFalse(run.calls().contains("s3 cp"), run.calls());
    }

    /**
     * The drill, start to end: the live marker first, then the newest snapshot inspected, a loopback-only Vault with the
     * live seal key (its configuration judged by HashiCorp's HCL parser), initialised, the snapshot forced in, the
     * marker read back through the restored login; the server stopped and its files gone.
     */
    @Test
    void theDrillRestoresTheNewestSnapshotIntoAThrowawayVaultAndComparesTheMarker(@TempDir Path dir) throws Exception {
        var lab = host(dir);
        var run = lab.run("restore-drill.sh", drillEnv());
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.output().contains("PASSED: " + PREFIX + "vault-20261201T120000Z.snap (Raft index 57)"), run.output());
        assertTrue(run.calls().contains("vault operator raft snapshot restore -force "), run.calls());
        assertFalse(run.output().contains(DRILL_ROOT) || run.calls().contains(DRILL_ROOT), "the drill's root token stays in the environment");

        var hcl = JsonParser.parseString(ExternalTools.hclToJson(dir.resolve("stubs/state/drill.hcl"))).toString();
        assertTrue(hcl.contains("\"address\":\"127.0.0.1:18200\""), hcl);
        assertTrue(hcl.contains("\"kms_key_id\":\"" + SOURCE_SEAL + "\""), hcl);
        assertFalse(hcl.contains("tls_disable"), hcl);
        // Lease revocations of the restored copy cannot reach AWS; the seal (KMS) and the login check (STS) can.
        assertEquals("HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=kms.eu-west-1.amazonaws.com,sts.eu-west-1.amazonaws.com",
                lab.vaultState("server.env").trim());
        assertThrowawayVaultGone(lab);
    }

    @Test
    void aMarkerThatDiffersFailsTheDrillAndStillCleansUp(@TempDir Path dir) throws Exception {
        var lab = host(dir);
        var run = lab.run("restore-drill.sh", drillEnv("FAKE_LIVE_MARKER", "marker-4"));
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("FAILED: secret/restore-drill holds a different marker in " + PREFIX
                + "vault-20261201T120000Z.snap than in https://vault.tooling.internal:8200"), run.output());
        assertThrowawayVaultGone(lab);
    }

    @Test
    void theDrillRefusesASnapshotThatDoesNotInspectBeforeStartingAVault(@TempDir Path dir) throws Exception {
        var lab = host(dir);
        put(dir, PREFIX + "vault-20261201T130000Z.snap", "truncated");
        var run = lab.run("restore-drill.sh", drillEnv());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("does not inspect as a Raft snapshot"), run.output());
        assertFalse(run.calls().contains("vault server"), run.calls());
        lab.assertEmpty("tmp");
    }

    private static void assertThrowawayVaultGone(ScriptLab lab) throws IOException {
        long pid = Long.parseLong(lab.vaultState("server.pid").trim());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the throwaway Vault is stopped");
        lab.assertEmpty("tmp");
    }
}
