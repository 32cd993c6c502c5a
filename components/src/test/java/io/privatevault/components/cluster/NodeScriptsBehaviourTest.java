package io.privatevault.components.cluster;

import io.privatevault.components.testing.UsesTools;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The EC2 node scripts as rendered, run by bash against stand-in {@code vault}, {@code aws} and {@code curl}
 * ({@link ScriptLab}): who initialises, what reaches stdout, what is stored where, and that a bootstrap killed at
 * any step resumes when systemd starts it again and ends where an uninterrupted one does.
 */
@UsesTools
class NodeScriptsBehaviourTest {
    static Map<String, String> files;
    static final Map<String, String> FIRST_NODE = Map.of("FAKE_INSTANCE_ID", "i-0aaa");
    /** What Vault and AWS hold after the first node bootstrapped without interruption. */
    static String bootstrapped;

    @BeforeAll
    static void render(@TempDir Path dir) throws Exception {
        var result = ClusterFixture.run(ClusterFixture.args());
        assertFalse(result.failed(), result.errors().toString());
        files = ClusterFixture.renderedFiles(result);
        bootstrapped = ScriptLab.stateAfterOneRun(NodeScriptsBehaviourTest::node, dir, "init.sh", FIRST_NODE);
    }

    /** A node: its scripts and cluster.env as rendered, its tmpfs runtime directory, snapshot folder and policy files. */
    static ScriptLab node(Path dir) throws IOException {
        var scripts = new LinkedHashMap<String, String>();
        for (String name : NodeFiles.SCRIPTS) {
            scripts.put(name, files.get("node/" + name));
        }
        var env = ScriptLab.envFile(files.get("node/cluster.env"));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        for (var policy : Map.of("SNAPSHOT_POLICY_FILE", "raft-snapshot", "PROVISIONER_POLICY_FILE", "provisioner").entrySet()) {
            assertEquals("/etc/vault.d/policies/" + policy.getValue() + ".hcl", env.get(policy.getKey()), "where cloud-init writes it");
            Path file = etc.resolve(policy.getValue() + ".hcl");
            Files.writeString(file, files.get("node/policies/" + policy.getValue() + ".hcl"));
            env.put(policy.getKey(), file.toString());
        }
        env.put("RUNTIME_DIRECTORY", Files.createDirectories(dir.resolve("run")).toString());
        env.put("VAULT_SNAPSHOT_DIR", Files.createDirectories(dir.resolve("snapshots")).toString());
        return new ScriptLab(dir, scripts, env);
    }

    /**
     * The initialiser, start to end. The AWS auth facts it relies on (Vault API docs, AWS auth method):
     * {@code iam_server_id_header_value} "The value to require in the X-Vault-AWS-IAM-Server-ID header as part of
     * GetCallerIdentity requests ... This is to protect against different types of replay attacks, for example a
     * signed request sent to a dev server being resent to a production server. Consider setting this to the Vault
     * server's DNS name"; and with {@code resolve_aws_unique_ids} false "you MUST leave out the path component in
     * bound_iam_principal_arn for roles" (resolving would need iam:GetRole, and IAM has no VPC endpoint).
     */
    @Test
    void theFirstNodeInitialisesBindsBothLoginsAndRevokesItsRootToken(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        var run = lab.run("init.sh", FIRST_NODE);
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertEquals(1, lab.initCount());
        lab.assertNeverShown(run);
        lab.assertEmpty("run");
        assertTrue(run.calls().contains("aws secretsmanager create-secret --region eu-west-1 --name "), run.calls());
        assertTrue(run.calls().contains("--kms-key-id " + ClusterFixture.DATA_KEY), "lock encrypted with the data key");
        assertEquals("i-0aaa", lab.vaultState("lock").trim());
        assertTrue(run.calls().contains("vault operator init -recovery-shares=5 -recovery-threshold=3 -format=json"), run.calls());
        // Bootstrap with the root token, in the environment only.
        assertEquals("-cleanup-dead-servers=true -dead-server-last-contact-threshold=2m -min-quorum=3 -server-stabilization-time=10s",
                lab.vaultState("autopilot").trim());
        assertEquals(files.get("node/policies/raft-snapshot.hcl"), lab.vaultState("policies/raft-snapshot"));
        assertEquals(files.get("node/policies/provisioner.hcl"), lab.vaultState("policies/provisioner"));
        for (String mount : List.of("aws-nodes", "aws-provisioner")) {
            assertTrue(lab.vaultState("auth/" + mount + "/config/client/data").contains("sts_endpoint=https://sts.eu-west-1.amazonaws.com "
                    + "sts_region=eu-west-1 iam_server_id_header_value=vault.tooling.internal"), lab.finalState());
        }
        assertTrue(lab.vaultState("auth/aws-nodes/role/vault-node-snapshot/data").matches("auth_type=iam "
                + "bound_iam_principal_arn=arn:aws:iam::111122223333:role/\\S+ resolve_aws_unique_ids=false token_policies=raft-snapshot "
                + "token_no_default_policy=true token_ttl=15m token_max_ttl=30m\n"), lab.finalState());
        assertEquals("auth_type=iam bound_iam_principal_arn=" + ClusterFixture.PROVISIONER + " resolve_aws_unique_ids=false"
                + " token_policies=provisioner token_ttl=30m token_max_ttl=1h\n", lab.vaultState("auth/aws-provisioner/role/provisioner/data"));
        lab.assertRootRevokedAndOnlyRecoveryKeysStored();
    }

    @Test
    void otherNodesLeaveInitialisationToTheLockHolder(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.lockHeldBy("i-0aaa");
        var run = lab.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0bbb"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("by i-0aaa; this node joins"), run.output());
        assertEquals(0, lab.initCount());
        assertNull(lab.recoverySecret());
    }

    @Test
    void theLockHolderRetriesAnInterruptedInitialisation(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.lockHeldBy("i-0aaa");
        var run = lab.run("init.sh", FIRST_NODE);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(1, lab.initCount());
        assertTrue(run.output().contains("holds the init lock from an earlier attempt"), run.output());
    }

    @Test
    void anInitialisedClusterIsLeftAlone(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.vaultAlreadyInitialised();
        var run = lab.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0ccc"));
        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.calls().contains("aws "), run.calls());
        assertEquals(0, lab.initCount());
    }

    /**
     * systemd starts vault-init.service again after a failure (Restart=on-failure) and keeps its RuntimeDirectory;
     * a run killed before any of these commands must resume from there and end exactly where an uninterrupted one
     * does: one initialisation, the material stored, every bootstrap step done, nothing left on tmpfs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"operator init -recovery", "put-secret-value", "token lookup", "autopilot set-config",
            "read sys/auth/aws-nodes", "auth enable -path=aws-nodes", "aws-nodes/config/client", "policy write raft-snapshot",
            "aws-nodes/role/", "read sys/auth/aws-provisioner", "auth enable -path=aws-provisioner", "aws-provisioner/config/client",
            "policy write provisioner", "aws-provisioner/role/", "token revoke -self"})
    void aBootstrapKilledBeforeAnyStepResumesAndEndsInTheSameState(String step, @TempDir Path dir) throws Exception {
        ScriptLab.assertKilledRunResumes(NodeScriptsBehaviourTest::node, dir, "init.sh", FIRST_NODE, step, "run", bootstrapped);
    }

    /**
     * Killed just after a step: after the store and before its marker, the next run stores the same keys again; after
     * the revocation and before the clean-up, it finds its token answered with 403 and, the revocation being the last
     * step, only cleans up.
     */
    @ParameterizedTest
    @ValueSource(strings = {"put-secret-value", "token revoke -self"})
    void aBootstrapKilledJustAfterAStepResumesAndEndsInTheSameState(String step, @TempDir Path dir) throws Exception {
        ScriptLab.assertKilledAfterResumes(NodeScriptsBehaviourTest::node, dir, "init.sh", FIRST_NODE, step, "run", bootstrapped);
    }

    @Test
    void storingRetriesThenKeepsTheMaterialOnTmpfsForTheNextRun(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.failNextStores(25);
        var failed = lab.run("init.sh", FIRST_NODE);
        assertEquals(1, failed.exitCode(), failed.output());
        assertEquals(20, failed.calls().split("put-secret-value", -1).length - 1, "20 attempts before giving up");
        assertTrue(Files.exists(dir.resolve("run/init.json")), "kept for the next run");
        assertNull(lab.recoverySecret());
        var resumed = lab.run("init.sh", FIRST_NODE);
        assertEquals(0, resumed.exitCode(), resumed.output());
        assertTrue(resumed.output().contains("resuming"), resumed.output());
        lab.assertRootRevokedAndOnlyRecoveryKeysStored();
        assertEquals(1, lab.initCount());
        lab.assertNeverShown(failed);
        lab.assertNeverShown(resumed);
        lab.assertEmpty("run");
    }

    @Test
    void standbysDoNotSnapshot(@TempDir Path dir) throws Exception {
        var run = node(dir).run("snapshot.sh", Map.of("FAKE_HEALTH", "429"));
        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.calls().contains("vault login"));
        assertFalse(run.calls().contains("s3 cp"));
    }

    /**
     * The snapshot token revokes itself once the upload is done. Vault's built-in default policy is what normally
     * allows that ("# Allow tokens to revoke themselves" path "auth/token/revoke-self" { capabilities = ["update"] }),
     * and the role's token_no_default_policy takes it away (Vault API, AWS auth role: "If set, the default policy will
     * not be set on generated tokens; otherwise it will be added to the policies set in token_policies"), so the
     * snapshot policy grants revoke-self itself. Without it the revocation gets 403 and the token lives out its TTL.
     */
    @Test
    void theActiveNodeSnapshotsWithItsAwsIdentityRevokesItsTokenAndPublishesTheAge(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        assertEquals(0, lab.run("init.sh", FIRST_NODE).exitCode());
        var run = lab.run("snapshot.sh", Map.of("FAKE_HEALTH", "200", "FAKE_NEWEST", Instant.now().minusSeconds(30).toString()));
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.calls().contains("vault login -method=aws -path=aws-nodes -token-only -no-store region=eu-west-1 role=vault-node-snapshot "
                + "header_value=vault.tooling.internal"), run.calls());
        assertTrue(run.calls().contains("token-for operator raft"), "snapshot uses the AWS-auth token");
        assertTrue(run.calls().matches("(?s).*aws s3 cp --only-show-errors --region eu-west-1 \\S+/vault-\\d{8}T\\d{6}Z\\.snap "
                + "s3://pv-dev-snapshots/raft/vault/vault-\\d{8}T\\d{6}Z\\.snap --sse aws:kms --sse-kms-key-id "
                + ClusterFixture.DATA_KEY + ".*"), run.calls());
        assertEquals("revoked", lab.vaultState("revoked").trim(), "the token revoked itself: " + run.output());
        assertFalse(run.output().contains("could not revoke"), run.output());
        assertTrue(run.calls().matches("(?s).*aws cloudwatch put-metric-data --region eu-west-1 --namespace PrivateVault "
                + "--metric-name SnapshotAgeSeconds --dimensions ClusterName=test-dev-vault --value (2\\d|3\\d) --unit Seconds.*"), run.calls());
        lab.assertNeverShown(run);
        try (var left = Files.list(dir.resolve("snapshots"))) {
            assertEquals(0, left.count(), "local snapshot removed after upload");
        }
    }

    /** Control for the test above: the policy without revoke-self (as before) makes the revocation fail, visibly. */
    @Test
    void aSnapshotPolicyWithoutRevokeSelfLeavesTheTokenAndSaysSo(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        assertEquals(0, lab.run("init.sh", FIRST_NODE).exitCode());
        Path policy = dir.resolve("stubs/state/policies/raft-snapshot");
        Files.writeString(policy, Files.readString(policy).replace("auth/token/revoke-self", "auth/token/lookup-self"));
        var run = lab.run("snapshot.sh", Map.of("FAKE_HEALTH", "200"));
        assertEquals(0, run.exitCode(), "the snapshot itself succeeded: " + run.output());
        assertNull(lab.vaultState("revoked"));
        assertTrue(run.output().contains("could not revoke the snapshot token; it expires with its TTL"), run.output());
        assertTrue(run.output().contains("Code: 403. permission denied"), run.output());
    }

    @Test
    void aDisabledSealKeyPublishesZero(@TempDir Path dir) throws Exception {
        var run = node(dir).run("seal-check.sh", Map.of("FAKE_KEY_STATE", "PendingDeletion"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.calls().contains("--metric-name SealKeyEnabled --dimensions ClusterName=test-dev-vault --value 0 --unit Count"), run.calls());
        var enabled = node(dir.resolve("again")).run("seal-check.sh", Map.of());
        assertTrue(enabled.calls().contains("--value 1 --unit Count"), enabled.calls());
    }
}
