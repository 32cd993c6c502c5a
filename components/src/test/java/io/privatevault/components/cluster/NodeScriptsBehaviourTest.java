package io.privatevault.components.cluster;

import io.privatevault.components.testing.ExternalTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs the real node scripts with bash against stand-ins for {@code vault}, {@code aws} and {@code curl}
 * that record their arguments: who initialises, what reaches stdout, what is uploaded where.
 */
class NodeScriptsBehaviourTest {
    static Map<String, String> files;

    private static final String CURL = """
            #!/bin/bash
            echo "curl $*" >>"$STUB_DIR/calls.log"
            case "$*" in
              *api/token*) echo tok ;;
              *meta-data/instance-id*) echo "$FAKE_INSTANCE_ID" ;;
              *sys/health*) echo "${FAKE_HEALTH:-200}" ;;
              *) exit 22 ;;
            esac
            """;
    private static final String VAULT = """
            #!/bin/bash
            echo "vault $*" >>"$STUB_DIR/calls.log"
            if [[ -n "${VAULT_TOKEN:-}" ]]; then echo "token-for $1 $2" >>"$STUB_DIR/calls.log"; fi
            case "$1 $2" in
              "operator init")
                if [[ "$3" == "-status" ]]; then exit "${FAKE_INIT_STATUS:-2}"; fi
                echo '{"recovery_keys_b64":["RECOVERYKEY1"],"root_token":"hvs.ROOTTOKEN"}' ;;
              "operator raft") if [[ "$3 $4" == "snapshot save" ]]; then echo snap >"$5"; fi ;;
              "login "*) echo "hvs.SNAPSHOTTOKEN" ;;
            esac
            """;
    private static final String AWS = """
            #!/bin/bash
            echo "aws $*" >>"$STUB_DIR/calls.log"
            case "$1 $2" in
              "secretsmanager create-secret")
                if [[ -n "${FAKE_LOCK_HOLDER:-}" ]]; then
                  echo "An error occurred (ResourceExistsException) when calling the CreateSecret operation" >&2
                  exit 254
                fi ;;
              "secretsmanager get-secret-value") echo "$FAKE_LOCK_HOLDER" ;;
              "secretsmanager put-secret-value")
                for a in "$@"; do case "$a" in file://*) cp "${a#file://}" "$STUB_DIR/stored.json" ;; esac; done ;;
              "s3api list-objects-v2") echo "${FAKE_NEWEST:-None}" ;;
              "kms describe-key") echo "${FAKE_KEY_STATE:-Enabled}" ;;
            esac
            """;

    @BeforeAll
    static void render() {
        var result = ClusterFixture.run(ClusterFixture.args());
        assertFalse(result.failed(), result.errors().toString());
        files = ClusterFixture.renderedFiles(result);
    }

    record Outcome(int exitCode, String output, String calls, Path stubDir, Path runtime) {
    }

    private static Outcome run(Path dir, String script, Map<String, String> fakes) throws IOException, InterruptedException {
        ExternalTools.require("bash", "apt-get install -y bash");
        ExternalTools.require("jq", "apt-get install -y jq");
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        for (String name : NodeFiles.SCRIPTS) {
            Files.writeString(scripts.resolve(name), files.get("node/" + name));
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        stub(bin, "curl", CURL);
        stub(bin, "vault", VAULT);
        stub(bin, "aws", AWS);
        stub(bin, "sleep", "#!/bin/bash\n");
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Path runtime = Files.createDirectories(dir.resolve("run"));
        Path snapshots = Files.createDirectories(dir.resolve("snapshots"));
        Files.writeString(stubs.resolve("calls.log"), "");

        var builder = new ProcessBuilder("bash", scripts.resolve(script).toString());
        var env = builder.environment();
        env.clear();
        files.get("node/cluster.env").lines().filter(l -> !l.startsWith("#") && l.contains("="))
                .forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("STUB_DIR", stubs.toString());
        env.put("RUNTIME_DIRECTORY", runtime.toString());
        env.put("VAULT_SNAPSHOT_DIR", snapshots.toString());
        env.putAll(fakes);
        Path out = dir.resolve("output.txt");
        builder.redirectErrorStream(true).redirectOutput(out.toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " did not finish");
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(stubs.resolve("calls.log")), stubs, runtime);
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theFirstNodeInitialisesAndTheMaterialGoesOnlyToSecretsManager(@TempDir Path dir) throws Exception {
        var run = run(dir, "init.sh", Map.of("FAKE_INSTANCE_ID", "i-0aaa"));
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        String stored = Files.readString(run.stubDir().resolve("stored.json"));
        assertTrue(stored.contains("hvs.ROOTTOKEN") && stored.contains("RECOVERYKEY1"));
        for (String secret : new String[]{"ROOTTOKEN", "RECOVERYKEY1"}) {
            assertFalse(run.output().contains(secret), "printed: " + run.output());
            assertFalse(run.calls().contains(secret), "on a command line: " + run.calls());
        }
        try (var left = Files.list(run.runtime())) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().equals("init.json")), "tmpfs copy removed");
        }
        assertTrue(run.calls().contains("aws secretsmanager create-secret --region eu-west-1 --name "), run.calls());
        assertTrue(run.calls().contains("--kms-key-id " + ClusterFixture.DATA_KEY), "lock encrypted with the data key");
        assertTrue(run.calls().contains("vault operator init -recovery-shares=5 -recovery-threshold=3 -format=json"));
        assertTrue(run.calls().contains("vault operator raft autopilot set-config -cleanup-dead-servers=true "
                + "-dead-server-last-contact-threshold=2m -min-quorum=3"), run.calls());
        assertTrue(run.calls().contains("token-for operator raft"), "bootstrap runs with the root token in the environment");
        assertTrue(run.calls().contains("vault write auth/aws-nodes/role/vault-node-snapshot auth_type=iam bound_iam_principal_arn=arn:aws:iam::111122223333:role/"));
        assertTrue(run.calls().contains("sts_endpoint=https://sts.eu-west-1.amazonaws.com"));
    }

    @Test
    void otherNodesLeaveInitialisationToTheLockHolder(@TempDir Path dir) throws Exception {
        var run = run(dir, "init.sh", Map.of("FAKE_INSTANCE_ID", "i-0bbb", "FAKE_LOCK_HOLDER", "i-0aaa"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("by i-0aaa; this node joins"), run.output());
        assertFalse(run.calls().contains("operator init -recovery"), run.calls());
        assertFalse(run.calls().contains("put-secret-value"));
    }

    @Test
    void theLockHolderRetriesAnInterruptedInitialisation(@TempDir Path dir) throws Exception {
        var run = run(dir, "init.sh", Map.of("FAKE_INSTANCE_ID", "i-0aaa", "FAKE_LOCK_HOLDER", "i-0aaa"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.calls().contains("operator init -recovery"), run.calls());
    }

    @Test
    void anInitialisedClusterIsLeftAlone(@TempDir Path dir) throws Exception {
        var run = run(dir, "init.sh", Map.of("FAKE_INSTANCE_ID", "i-0ccc", "FAKE_INIT_STATUS", "0"));
        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.calls().contains("aws "), run.calls());
    }

    @Test
    void standbysDoNotSnapshot(@TempDir Path dir) throws Exception {
        var run = run(dir, "snapshot.sh", Map.of("FAKE_HEALTH", "429"));
        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.calls().contains("vault login"));
        assertFalse(run.calls().contains("s3 cp"));
    }

    @Test
    void theActiveNodeSnapshotsWithItsAwsIdentityAndPublishesTheAge(@TempDir Path dir) throws Exception {
        var run = run(dir, "snapshot.sh", Map.of("FAKE_HEALTH", "200", "FAKE_NEWEST", Instant.now().minusSeconds(30).toString()));
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.calls().contains("vault login -method=aws -path=aws-nodes -token-only -no-store region=eu-west-1 role=vault-node-snapshot "
                + "header_value=vault.tooling.internal"), run.calls());
        assertTrue(run.calls().contains("token-for operator raft"), "snapshot uses the AWS-auth token");
        assertTrue(run.calls().matches("(?s).*aws s3 cp --only-show-errors --region eu-west-1 \\S+/vault-\\d{8}T\\d{6}Z\\.snap "
                + "s3://pv-dev-snapshots/raft/vault/vault-\\d{8}T\\d{6}Z\\.snap --sse aws:kms --sse-kms-key-id "
                + ClusterFixture.DATA_KEY + ".*"), run.calls());
        assertTrue(run.calls().contains("vault token revoke -self"));
        assertTrue(run.calls().matches("(?s).*aws cloudwatch put-metric-data --region eu-west-1 --namespace PrivateVault "
                + "--metric-name SnapshotAgeSeconds --dimensions ClusterName=vault --value (2\\d|3\\d) --unit Seconds.*"), run.calls());
        assertFalse(run.output().contains("SNAPSHOTTOKEN"));
        try (var left = Files.list(dir.resolve("snapshots"))) {
            assertEquals(0, left.count(), "local snapshot removed after upload");
        }
    }

    @Test
    void aDisabledSealKeyPublishesZero(@TempDir Path dir) throws Exception {
        var run = run(dir, "seal-check.sh", Map.of("FAKE_KEY_STATE", "PendingDeletion"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.calls().contains("--metric-name SealKeyEnabled --dimensions ClusterName=vault --value 0 --unit Count"), run.calls());
        var enabled = run(dir.resolve("again"), "seal-check.sh", Map.of());
        assertTrue(enabled.calls().contains("--value 1 --unit Count"), enabled.calls());
    }
}
