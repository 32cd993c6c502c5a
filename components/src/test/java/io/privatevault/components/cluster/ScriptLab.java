package io.privatevault.components.cluster;

import com.google.gson.JsonParser;
import io.privatevault.components.testing.ExternalTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the real node scripts with bash against stand-ins for {@code vault}, {@code aws} and {@code curl} that
 * record their arguments and keep state between runs, as the real services would: whether Vault is initialised,
 * its auth mounts, policies and roles, the init lock and the recovery secret. So a script can be interrupted
 * ({@code FAKE_CRASH_AT}: the run is killed just before the first command that matches the pattern, as a reboot or
 * an evicted pod would) and started again against the same state. The stand-in Vault enforces what the real one
 * would: a valid (not yet revoked) root token for the bootstrap writes, and the snapshot policy for the snapshot token.
 */
public final class ScriptLab {
    static final String ROOT_TOKEN = "hvs.ROOTTOKEN";
    static final String RECOVERY_KEY = "RECOVERYKEY1";
    static final String SNAPSHOT_TOKEN = "hvs.SNAPSHOTTOKEN";

    /**
     * A crash: kill the script (not only this stand-in) the first time a command matches FAKE_CRASH_AT, before the
     * command acts, or FAKE_CRASH_AFTER, once it has.
     */
    private static final String CRASH = """
            if [[ -n "${FAKE_CRASH_AT:-}" && ! -e "$STATE/crashed" && "$0 $*" == *${FAKE_CRASH_AT}* ]]; then
              touch "$STATE/crashed"
              kill -KILL "$(cat "$STATE/script.pid")"
              exit 137
            fi
            """;
    private static final String CRASH_AFTER = CRASH.replace("FAKE_CRASH_AT", "FAKE_CRASH_AFTER");
    private static final String VAULT = """
            #!/bin/bash
            STATE="$STUB_DIR/state"
            echo "vault $*" >>"$STUB_DIR/calls.log"
            """ + CRASH.replace("$0", "vault") + """
            if [[ -n "${VAULT_TOKEN:-}" ]]; then echo "token-for $1 $2" >>"$STUB_DIR/calls.log"; fi
            # A revoked token is gone: Vault answers 403 to it, as to any unknown token.
            root() { [[ "${VAULT_TOKEN:-}" == "hvs.ROOTTOKEN" && ! -e "$STATE/root-revoked" ]] || { echo "Code: 403. permission denied" >&2; exit 2; }; }
            # The snapshot token may do what the written raft-snapshot policy grants, and nothing else.
            allowed() { grep -A1 -F "path \\"$1\\" {" "$STATE/policies/raft-snapshot" 2>/dev/null | grep -q "\\"$2\\""; }
            may() { [[ "${VAULT_TOKEN:-}" == "hvs.ROOTTOKEN" ]] || { [[ "${VAULT_TOKEN:-}" == "hvs.SNAPSHOTTOKEN" ]] && allowed "$1" "$2"; } \\
              || { echo "Code: 403. permission denied" >&2; exit 2; }; }
            case "$1 $2" in
              "status "*)
                if [[ -e "$STATE/initialised" ]]; then exit 0; else exit 2; fi ;;
              "operator init")
                if [[ "$3" == "-status" ]]; then [[ -e "$STATE/initialised" ]] && exit 0; exit 2; fi
                if [[ -e "$STATE/initialised" ]]; then echo "Vault is already initialized" >&2; exit 2; fi
                touch "$STATE/initialised"; echo x >>"$STATE/inits"
                printf '{\\n  "unseal_keys_b64": [],\\n  "recovery_keys_b64": [\\n    "RECOVERYKEY1"\\n  ],\\n  "recovery_keys_shares": 5,\\n  "root_token": "hvs.ROOTTOKEN"\\n}\\n' ;;
              "operator raft")
                case "$3 $4" in
                  "autopilot state")
                    [[ "${VAULT_TOKEN:-}" == "hvs.ROOTTOKEN" ]] && { root; exit 0; }
                    # The lifecycle token: autopilot's view, one document per call from the sequence the test gave.
                    n=$(( $(cat "$STATE/autopilot-reads" 2>/dev/null || echo 0) + 1 )); echo "$n" >"$STATE/autopilot-reads"
                    doc="$STATE/autopilot-$n.json"; [[ -e "$doc" ]] || doc=$(ls "$STATE"/autopilot-*.json | sort -V | tail -1)
                    cat "$doc" ;;
                  "remove-peer "*) echo "remove-peer $4" >>"$STATE/raft-events" ;;
                  "autopilot set-config") root; echo "${@:5}" >"$STATE/autopilot" ;;
                  "snapshot save") may sys/storage/raft/snapshot read; echo "${FAKE_SNAPSHOT_CONTENT:-snap}" >"$5" ;;
                  # Offline: reads the file. A Raft snapshot prints its metadata table; anything else is an error.
                  "snapshot inspect")
                    if [[ "$(cat "$5")" == snap* ]]; then
                      printf ' ID           bolt-snapshot\n Size         5\n Index        %s\n Term         2\n Version      1\n' "${FAKE_RAFT_INDEX:-42}"
                    else
                      echo "Error reading snapshot: unexpected EOF" >&2; exit 2
                    fi ;;
                esac ;;
              "read sys/auth/"*) root; [[ -d "$STATE/auth/${2#sys/auth/}" ]] || exit 2 ;;
              "auth enable")
                root; mount="${3#-path=}"
                if [[ -d "$STATE/auth/$mount" ]]; then echo "path is already in use at $mount/" >&2; exit 2; fi
                mkdir -p "$STATE/auth/$mount" ;;
              "write auth/"*)
                root; path="${2#auth/}"; mount="${path%%/*}"
                [[ -d "$STATE/auth/$mount" ]] || { echo "no handler for route auth/$path" >&2; exit 2; }
                mkdir -p "$STATE/auth/$path"; echo "${@:3}" >"$STATE/auth/$path/data" ;;
              "policy write") root; mkdir -p "$STATE/policies"; cp "$4" "$STATE/policies/$3" ;;
              "operator step-down") echo step-down >>"$STATE/raft-events"; echo 429 >"$STATE/health" ;;
              "login -method=aws")
                mount="${3#-path=}"; role=""
                for a in "$@"; do case "$a" in role=*) role="${a#role=}" ;; esac; done
                [[ -e "$STATE/auth/$mount/role/$role/data" ]] || { echo "Code: 400. entry for role $role not found" >&2; exit 2; }
                echo "hvs.SNAPSHOTTOKEN" ;;
              "token lookup") root; echo "{\"data\": {\"id\": \"$VAULT_TOKEN\", \"policies\": [\"root\"]}}" ;;
              "token revoke")
                if [[ "${VAULT_TOKEN:-}" == "hvs.ROOTTOKEN" ]]; then
                  [[ "$3" == "-self" ]] || { echo "only revoke -self is expected" >&2; exit 1; }
                  root; echo revoked >"$STATE/root-revoked"
                else
                  may auth/token/revoke-self update; echo revoked >>"$STATE/revoked"
                fi ;;
            esac
            """ + CRASH_AFTER.replace("$0", "vault");
    private static final String AWS = """
            #!/bin/bash
            STATE="$STUB_DIR/state"
            echo "aws $*" >>"$STUB_DIR/calls.log"
            """ + CRASH.replace("$0", "aws") + """
            value() { local prev=""; for a in "$@"; do [[ "$prev" == "$FLAG" ]] && echo "$a"; prev="$a"; done; }
            case "$1 $2" in
              "secretsmanager create-secret")
                if [[ -e "$STATE/lock" ]]; then
                  echo "An error occurred (ResourceExistsException) when calling the CreateSecret operation" >&2
                  exit 254
                fi
                FLAG=--secret-string value "$@" >"$STATE/lock"; echo 1 >"$STATE/lock-version"; date -u --iso-8601=seconds >"$STATE/lock-created" ;;
              "secretsmanager get-secret-value")
                if [[ "$(FLAG=--secret-id value "$@")" == "${TLS_SECRET_ID:-none}" ]]; then cat "$STATE/tls-bundle.json"; exit 0; fi
                [[ -e "$STATE/lock" ]] || { echo "An error occurred (ResourceNotFoundException)" >&2; exit 254; }
                # --query '[VersionId,CreatedDate,SecretString]' --output text: one tab-separated line.
                printf 'v%s\t%s\t%s\n' "$(cat "$STATE/lock-version")" "$(cat "$STATE/lock-created")" "$(cat "$STATE/lock")" ;;
              "secretsmanager put-secret-value")
                if [[ "$(FLAG=--secret-id value "$@")" == "${INIT_LOCK_SECRET_NAME:-none}" ]]; then
                  # "If a version with this value already exists and the version SecretString ... values are different
                  # from those in the request, then the request fails" (PutSecretValue, ClientRequestToken).
                  token=$(FLAG=--client-request-token value "$@"); new=$(FLAG=--secret-string value "$@")
                  if [[ -n "$token" ]]; then
                    if [[ -e "$STATE/lock-tokens/$token" ]]; then
                      [[ "$(cat "$STATE/lock-tokens/$token")" == "$new" ]] || {
                        echo "An error occurred (ResourceExistsException) when calling the PutSecretValue operation" >&2; exit 254; }
                    else
                      mkdir -p "$STATE/lock-tokens"; echo "$new" >"$STATE/lock-tokens/$token"
                    fi
                  fi
                  echo "$new" >"$STATE/lock"; echo $(( $(cat "$STATE/lock-version") + 1 )) >"$STATE/lock-version"
                  date -u --iso-8601=seconds >"$STATE/lock-created"
                elif [[ "$(cat "$STATE/put-failures" 2>/dev/null || echo 0)" -gt 0 ]]; then
                  echo $(( $(cat "$STATE/put-failures") - 1 )) >"$STATE/put-failures"
                  echo "Could not connect to the endpoint URL" >&2; exit 255
                else
                  source=$(FLAG=--secret-string value "$@"); cp "${source#file://}" "$STATE/recovery-secret"
                  echo x >>"$STATE/recovery-versions"
                fi ;;
              "ec2 describe-instances")
                id=$(FLAG=--instance-ids value "$@")
                if [[ " ${FAKE_TERMINATED:-} " == *" $id "* ]]; then echo terminated; else echo running; fi ;;
              "autoscaling describe-auto-scaling-instances") echo "${FAKE_GROUP:-None}" ;;
              "autoscaling complete-lifecycle-action")
                hook=$(FLAG=--lifecycle-hook-name value "$@")
                if [[ " ${FAKE_NO_ACTION:-} " == *" $hook "* ]]; then
                  echo "An error occurred (ValidationError) when calling the CompleteLifecycleAction operation: No active Lifecycle Action found with instance ID i-0aaa" >&2
                  exit 254
                fi
                echo "$hook $(FLAG=--lifecycle-action-result value "$@")" >>"$STATE/lifecycle-actions" ;;
              "autoscaling set-instance-protection")
                for a in "$@"; do case "$a" in --protected-from-scale-in) echo true >>"$STATE/protection" ;; --no-protected-from-scale-in) echo false >>"$STATE/protection" ;; esac; done ;;
              "autoscaling describe-auto-scaling-groups") cat "$STATE/group.json" ;;
              "autoscaling describe-instance-refreshes") echo "${FAKE_REFRESHES_RUNNING:-0}" ;;
              "autoscaling start-instance-refresh") FLAG=--preferences value "$@" >>"$STATE/refreshes" ;;
              "s3api list-objects-v2") echo "${FAKE_NEWEST:-None}" ;;
              "kms describe-key") echo "${FAKE_KEY_STATE:-Enabled}" ;;
            esac
            """ + CRASH_AFTER.replace("$0", "aws");
    private static final String CURL = """
            #!/bin/bash
            echo "curl $*" >>"$STUB_DIR/calls.log"
            case "$*" in
              *api/token*) echo tok ;;
              *meta-data/instance-id*) echo "$FAKE_INSTANCE_ID" ;;
              *sys/health*) cat "$STUB_DIR/state/health" 2>/dev/null || echo "${FAKE_HEALTH:-200}" ;;
              *meta-data/autoscaling/target-lifecycle-state*)
                # One state per call from the sequence the test gave; the last one repeats.
                n=$(( $(cat "$STUB_DIR/state/target-reads" 2>/dev/null || echo 0) + 1 )); echo "$n" >"$STUB_DIR/state/target-reads"
                sed -n "${n}p" "$STUB_DIR/state/targets" | grep . || tail -1 "$STUB_DIR/state/targets" ;;
              *) exit 22 ;;
            esac
            """;

    private final Path dir;
    private final Path scripts;
    private final Path stubs;
    private final Path state;
    private final Map<String, String> environment;

    /** What one run did: its exit code, everything it printed, and the commands it called. */
    public record Outcome(int exitCode, String output, String calls) {
    }

    /**
     * @param scripts     file name to content, written next to each other as the node or the Job has them
     * @param environment what systemd or the pod gives the script (its PATH is replaced by the stand-ins', here and in
     *                    every run)
     */
    public ScriptLab(Path dir, Map<String, String> scripts, Map<String, String> environment) throws IOException {
        ExternalTools.require("bash", "apt-get install -y bash");
        this.dir = dir;
        this.scripts = Files.createDirectories(dir.resolve("scripts"));
        this.stubs = Files.createDirectories(dir.resolve("stubs"));
        this.state = Files.createDirectories(stubs.resolve("state"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (var script : scripts.entrySet()) {
            Files.writeString(this.scripts.resolve(script.getKey()), script.getValue());
        }
        executable(bin.resolve("vault"), VAULT);
        executable(bin.resolve("aws"), AWS);
        executable(bin.resolve("curl"), CURL);
        executable(bin.resolve("sleep"), "#!/bin/bash\n");
        // The node's root-only steps, without root: ownership is not changed, systemctl is recorded.
        executable(bin.resolve("chown"), "#!/bin/bash\n");
        executable(bin.resolve("install"), """
                #!/bin/bash
                args=(); while (($#)); do case "$1" in -o|-g) shift 2 ;; *) args+=("$1"); shift ;; esac; done
                exec /usr/bin/install "${args[@]}"
                """);
        executable(bin.resolve("systemctl"), """
                #!/bin/bash
                echo "systemctl $*" >>"$STUB_DIR/calls.log"
                case "$1" in is-active) [[ "${FAKE_VAULT_ACTIVE:-true}" == true ]] ;; reload) echo "$2" >>"$STUB_DIR/state/reloads" ;; esac
                """);
        this.environment = new LinkedHashMap<>(environment);
        this.environment.put("PATH", bin + ":/usr/bin:/bin");
        this.environment.put("STUB_DIR", stubs.toString());
    }

    /** Replaces (or adds) the stand-in for command {@code name}. */
    public void stub(String name, String content) throws IOException {
        executable(dir.resolve("bin").resolve(name), content);
    }

    /** The lines of an env file ({@code KEY=value}), as systemd's EnvironmentFile= reads them. */
    public static Map<String, String> envFile(String content) {
        var env = new LinkedHashMap<String, String>();
        content.lines().filter(l -> !l.startsWith("#") && l.contains("="))
                .forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return env;
    }

    /** A folder under the lab, e.g. the tmpfs or memory volume the platform gives the script. */
    public Path folder(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    /** Runs {@code script} once with the lab's environment plus {@code extra}. */
    public Outcome run(String script, Map<String, String> extra) throws IOException, InterruptedException {
        Path calls = stubs.resolve("calls.log");
        Files.writeString(calls, "");
        Files.deleteIfExists(state.resolve("crashed"));
        var builder = new ProcessBuilder("bash", "-c", "echo $$ >\"$STUB_DIR/state/script.pid\"; exec bash \"$0\"",
                scripts.resolve(script).toString());
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().putAll(extra);
        // The stand-ins replace whatever PATH the platform would give (a pod's /tools, the node's /usr/local/bin).
        builder.environment().put("PATH", environment.get("PATH"));
        Path out = dir.resolve("output.txt");
        builder.redirectErrorStream(true).redirectOutput(out.toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " did not finish");
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(calls));
    }

    /** Makes a lab in a folder: a fresh node or pod with its own stand-in Vault and AWS. */
    public interface Factory {
        ScriptLab create(Path dir) throws IOException;
    }

    /** What the stand-ins hold after one uninterrupted run of {@code script} in a fresh lab. */
    public static String stateAfterOneRun(Factory factory, Path dir, String script, Map<String, String> env)
            throws IOException, InterruptedException {
        var lab = factory.create(dir);
        var run = lab.run(script, env);
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        return lab.finalState();
    }

    /**
     * The resume guarantee of the bootstrap: a run killed just before the first command matching {@code step}, then
     * started again against the same state and work folder, ends exactly where an uninterrupted run does
     * ({@code expectedState}, from {@link #stateAfterOneRun}): Vault initialised once, the same recovery material
     * stored, every bootstrap step done, nothing left in the work folder, no secret printed or on a command line.
     */
    public static void assertKilledRunResumes(Factory factory, Path dir, String script, Map<String, String> env, String step,
                                              String workFolder, String expectedState) throws IOException, InterruptedException {
        assertKilledRunResumes(factory, dir, script, env, "FAKE_CRASH_AT", step, workFolder, expectedState);
    }

    /** The same guarantee for a run killed just after the first command matching {@code step} did its work. */
    public static void assertKilledAfterResumes(Factory factory, Path dir, String script, Map<String, String> env, String step,
                                                String workFolder, String expectedState) throws IOException, InterruptedException {
        assertKilledRunResumes(factory, dir, script, env, "FAKE_CRASH_AFTER", step, workFolder, expectedState);
    }

    private static void assertKilledRunResumes(Factory factory, Path dir, String script, Map<String, String> env, String when,
                                               String step, String workFolder, String expectedState) throws IOException, InterruptedException {
        var lab = factory.create(dir);
        var crashEnv = new LinkedHashMap<>(env);
        crashEnv.put(when, step);
        var killed = lab.run(script, crashEnv);
        assertEquals(137, killed.exitCode(), "killed at '" + step + "': " + killed.output() + killed.calls());
        var resumed = lab.run(script, env);
        assertEquals(0, resumed.exitCode(), resumed.output() + resumed.calls());
        assertEquals(expectedState, lab.finalState());
        assertEquals(1, lab.initCount(), "Vault is initialised exactly once");
        lab.assertNeverShown(killed);
        lab.assertNeverShown(resumed);
        lab.assertEmpty(workFolder);
    }

    /** No recovery key or token in what a run printed or on any command line it ran. */
    public void assertNeverShown(Outcome run) {
        for (String secret : List.of(ROOT_TOKEN, RECOVERY_KEY, SNAPSHOT_TOKEN)) {
            assertFalse(run.output().contains(secret), "printed: " + run.output());
            assertFalse(run.calls().contains(secret), "on a command line: " + run.calls());
        }
    }

    /** The folder (e.g. the tmpfs copy of the recovery material) holds nothing. */
    public void assertEmpty(String folder) throws IOException {
        try (var left = Files.list(dir.resolve(folder))) {
            assertEquals(List.of(), left.toList(), folder + " must be empty once every step is done");
        }
    }

    /**
     * What the bootstrap leaves: the root token revoked with {@code vault token revoke -self} ("Perform the revocation on
     * the currently authenticated token", Vault CLI docs; "Revokes the token used to call it and all child tokens",
     * API docs), and only the recovery keys in the recovery secret. HashiCorp: "Best practice is to enable an
     * appropriate authentication method for Vault admins once the server is running and revoke the root token"
     * (Vault docs, Regenerate a Vault root token).
     */
    public void assertRootRevokedAndOnlyRecoveryKeysStored() throws IOException {
        assertTrue(rootTokenRevoked(), "the root token must not outlive the bootstrap");
        String stored = recoverySecret();
        assertNotNull(stored, "the recovery keys are stored");
        assertFalse(stored.contains(ROOT_TOKEN), "the recovery secret must hold no root token: " + stored);
        var document = JsonParser.parseString(stored).getAsJsonObject();
        assertEquals(RECOVERY_KEY, document.getAsJsonArray("recovery_keys_b64").get(0).getAsString());
        assertEquals("", document.get("root_token").getAsString());
    }

    /** Vault was initialised by someone else. */
    public void vaultAlreadyInitialised() throws IOException {
        Files.writeString(state.resolve("initialised"), "");
    }

    /** Another instance holds the init lock, written just now and still initialising. */
    public void lockHeldBy(String holder) throws IOException {
        lockHeldBy(holder, "initialising", java.time.Instant.now());
    }

    /** The init lock says {@code "<holder> <lockState>"}, its current version written at {@code written}. */
    public void lockHeldBy(String holder, String lockState, java.time.Instant written) throws IOException {
        Files.writeString(state.resolve("lock"), holder + " " + lockState + "\n");
        Files.writeString(state.resolve("lock-version"), "1\n");
        Files.writeString(state.resolve("lock-created"), written.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\n");
    }

    /** Writes a stand-in state file (e.g. {@code group.json}, {@code autopilot-1.json}, {@code targets}, {@code health}). */
    public void given(String path, String content) throws IOException {
        Path file = state.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** The next {@code n} PutSecretValue calls fail as an unreachable endpoint would. */
    public void failNextStores(int n) throws IOException {
        Files.writeString(state.resolve("put-failures"), String.valueOf(n));
    }

    /** How many times {@code operator init} ran. */
    public int initCount() throws IOException {
        Path inits = state.resolve("inits");
        return Files.exists(inits) ? Files.readAllLines(inits).size() : 0;
    }

    /** Whether the root token was revoked ({@code vault token revoke -self} with it). */
    public boolean rootTokenRevoked() {
        return Files.exists(state.resolve("root-revoked"));
    }

    /** The recovery secret's value, or null when nothing was stored. */
    public String recoverySecret() throws IOException {
        Path file = state.resolve("recovery-secret");
        return Files.exists(file) ? Files.readString(file) : null;
    }

    /** A stand-in state file ({@code autopilot}, {@code policies/raft-snapshot}, {@code auth/<mount>/role/<r>/data}...), or null. */
    public String vaultState(String path) throws IOException {
        Path file = state.resolve(path);
        return Files.isRegularFile(file) ? Files.readString(file) : null;
    }

    /** Everything the stand-ins keep, as one comparable text: what Vault and AWS would hold after the runs. */
    public String finalState() throws IOException {
        var out = new StringBuilder();
        try (var files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = state.relativize(f).toString();
                // How often the (identical) material was put is not state a reader of the secret sees.
                if (!List.of("script.pid", "crashed", "put-failures", "recovery-versions", "lock-created").contains(name)) {
                    out.append(name).append(": ").append(Files.readString(f).trim()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void executable(Path file, String body) throws IOException {
        Files.writeString(file, body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
