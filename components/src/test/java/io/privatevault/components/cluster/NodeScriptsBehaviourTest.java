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
        for (var policy : Map.of("SNAPSHOT_POLICY_FILE", "raft-snapshot", "PROVISIONER_POLICY_FILE", "provisioner",
                "LIFECYCLE_POLICY_FILE", "raft-lifecycle").entrySet()) {
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
        assertEquals("i-0aaa bootstrapped", lab.vaultState("lock").trim(), "the lock says the bootstrap is done");
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
        // The lifecycle scripts' login comes last: a node that can log in there knows every step before it was done.
        assertEquals(files.get("node/policies/raft-lifecycle.hcl"), lab.vaultState("policies/raft-lifecycle"));
        assertTrue(lab.vaultState("auth/aws-nodes/role/vault-node-lifecycle/data").matches("auth_type=iam "
                + "bound_iam_principal_arn=arn:aws:iam::111122223333:role/\\S+ resolve_aws_unique_ids=false token_policies=raft-lifecycle "
                + "token_no_default_policy=true token_ttl=10m token_max_ttl=20m\n"), lab.finalState());
        assertTrue(run.calls().indexOf("vault-node-snapshot") < run.calls().indexOf("vault-node-lifecycle"), run.calls());
        lab.assertRootRevokedAndOnlyRecoveryKeysStored();
    }

    /** With the holders' keys, Vault encrypts each share: the init gets their files, in share order. */
    @Test
    void theSharesAreEncryptedToTheHoldersKeysWhenGiven(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        var env = new LinkedHashMap<>(FIRST_NODE);
        env.put("RECOVERY_PGP_KEY_FILES", "/etc/vault.d/recovery-pgp/recovery-holder-1.asc,/etc/vault.d/recovery-pgp/recovery-holder-2.asc");
        var run = lab.run("init.sh", env);
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.calls().contains("vault operator init -recovery-shares=5 -recovery-threshold=3 -recovery-pgp-keys="
                + "/etc/vault.d/recovery-pgp/recovery-holder-1.asc,/etc/vault.d/recovery-pgp/recovery-holder-2.asc -format=json"), run.calls());
        assertTrue(run.output().contains("encrypted to its holder's PGP key"), run.output());
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
    void aBootstrappedClusterIsLeftAlone(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.vaultAlreadyInitialised();
        lab.given("auth/aws-nodes/role/vault-node-lifecycle/data", "bound");
        var run = lab.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0ccc"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("initialised and bootstrapped; nothing to do"), run.output());
        assertTrue(run.calls().lines().noneMatch(l -> l.startsWith("aws ")), run.calls());
        assertEquals(0, lab.initCount());
        lab.assertNeverShown(run);
    }

    /** A lock whose holder's instance is gone (terminated mid-bootstrap) is taken over by the next node. */
    @Test
    void aLockWhoseHolderIsGoneIsTakenOver(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.lockHeldBy("i-0dead");
        var run = lab.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0bbb", "FAKE_TERMINATED", "i-0dead"));
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.output().contains("init lock taken over from i-0dead (its instance is gone)"), run.output());
        assertEquals(1, lab.initCount());
        assertEquals("i-0bbb bootstrapped", lab.vaultState("lock").trim());
        lab.assertRootRevokedAndOnlyRecoveryKeysStored();
        assertTrue(run.calls().contains("--client-request-token "), "the takeover is conditional on the lock's version");
    }

    /** A holder that still runs but made no progress for INIT_LOCK_TIMEOUT_SECONDS (1200) loses the lock. */
    @Test
    void aLockWithoutProgressIsTakenOverAfterTheTimeout(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.lockHeldBy("i-0stuck", "initialising", java.time.Instant.now().minusSeconds(1300));
        var run = lab.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0bbb"));
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.output().matches("(?s).*init lock taken over from i-0stuck \\(no initialisation for 1[34]\\d\\d s\\).*"), run.output());
        assertEquals(1, lab.initCount());

        var fresh = node(dir.resolve("fresh"));
        fresh.lockHeldBy("i-0busy", "initialising", java.time.Instant.now().minusSeconds(600));
        var waits = fresh.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0bbb"));
        assertEquals(0, waits.exitCode(), waits.output());
        assertTrue(waits.output().contains("cluster being initialised by i-0busy; this node joins"), waits.output());
        assertEquals(0, fresh.initCount());
    }

    /** Two nodes take over the same stale lock: the request token derives from its version, so only one wins. */
    @Test
    void ofTwoNodesTakingOverOnlyOneInitialises(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.lockHeldBy("i-0dead");
        // The other node won the race: it put its takeover with the token derived from the same version.
        var first = lab.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0bbb", "FAKE_TERMINATED", "i-0dead",
                "FAKE_CRASH_AFTER", "--secret-string i-0bbb initialising"));
        assertEquals(137, first.exitCode(), first.output() + first.calls());
        assertEquals("i-0bbb initialising", lab.vaultState("lock").trim());
        lab.lockHeldBy("i-0dead");
        var second = lab.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0ccc", "FAKE_TERMINATED", "i-0dead"));
        assertEquals(0, second.exitCode(), second.output() + second.calls());
        assertTrue(second.output().contains("taken over by"), second.output());
        assertEquals(0, lab.initCount());
    }

    /** A cluster bootstrapped once is never initialised anew, whatever happened to its data: that is a restore. */
    @Test
    void aBootstrappedLockIsNeverTakenOver(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.lockHeldBy("i-0dead", "bootstrapped", java.time.Instant.now().minusSeconds(86400));
        var run = lab.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0bbb", "FAKE_TERMINATED", "i-0dead"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("restore the latest snapshot"), run.output());
        assertEquals(0, lab.initCount());
    }

    /**
     * Initialised, the bootstrap unfinished, and its init output gone with its holder's tmpfs: no node can finish it
     * (the root token is lost), so the unit stops retrying (exit 3, RestartPreventExitStatus) and says what to do.
     */
    @Test
    void anInitialisedClusterWhoseBootstrapIsLostNeedsAnOperator(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        lab.vaultAlreadyInitialised();
        lab.lockHeldBy("i-0dead");
        var run = lab.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0bbb", "FAKE_TERMINATED", "i-0dead"));
        assertEquals(3, run.exitCode(), run.output());
        assertTrue(run.output().contains("finish the remaining steps by hand"), run.output());
        assertTrue(files.get("node/vault-init.service").lines().anyMatch("RestartPreventExitStatus=3"::equals));

        var running = node(dir.resolve("running"));
        running.vaultAlreadyInitialised();
        running.lockHeldBy("i-0aaa");
        var waits = running.run("init.sh", Map.of("FAKE_INSTANCE_ID", "i-0bbb"));
        assertEquals(0, waits.exitCode(), waits.output());
        assertTrue(waits.output().contains("being bootstrapped by i-0aaa"), waits.output());
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
            "policy write provisioner", "aws-provisioner/role/", "policy write raft-lifecycle", "aws-nodes/role/vault-node-lifecycle",
            "token revoke -self", "--secret-string i-0aaa bootstrapped"})
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

    /** A node whose lifecycle scripts can log in, in an Auto Scaling group, with the target states the test gives. */
    private static ScriptLab lifecycleNode(Path dir, String... targets) throws IOException {
        var lab = node(dir);
        lab.given("auth/aws-nodes/role/vault-node-lifecycle/data", "bound");
        lab.given("targets", String.join("\n", targets) + "\n");
        return lab;
    }

    private static String autopilot(String status, boolean healthy) {
        return "{\"healthy\": true, \"failure_tolerance\": 1, \"servers\": {\"i-0aaa\": {\"id\": \"i-0aaa\", \"status\": \""
                + status + "\", \"healthy\": " + healthy + "}, \"i-0bbb\": {\"id\": \"i-0bbb\", \"status\": \"leader\", \"healthy\": true}}}";
    }

    private static final Map<String, String> IN_GROUP = Map.of("FAKE_INSTANCE_ID", "i-0aaa", "FAKE_GROUP", "vault-nodes-1a2b3c");

    /**
     * Launch: the hook holds the node in Pending:Wait ("the instance remains in a wait state until either you complete
     * the lifecycle action, or the timeout period ends", EC2 Auto Scaling User Guide, Lifecycle hooks) until autopilot
     * reports it a healthy voter; a non-voter or an unhealthy one keeps waiting. Then termination: a standby leaves Raft
     * and only then releases its termination hook.
     */
    @Test
    void theLaunchHookWaitsForAHealthyVoterAndALeavingNodeLeavesRaftFirst(@TempDir Path dir) throws Exception {
        var lab = lifecycleNode(dir, "Pending:Wait", "InService", "InService", "InService", "InService", "Terminated");
        lab.given("autopilot-1.json", autopilot("non-voter", true));
        lab.given("autopilot-2.json", autopilot("voter", false));
        lab.given("autopilot-3.json", autopilot("voter", true));
        lab.given("health", "429");
        var run = lab.run("lifecycle.sh", IN_GROUP);
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertEquals("vault-node-launching CONTINUE\nvault-node-terminating CONTINUE", lab.vaultState("lifecycle-actions").trim());
        var calls = run.calls().lines().toList();
        int released = indexOf(calls, "complete-lifecycle-action", "vault-node-launching");
        assertEquals(3, calls.subList(0, released).stream().filter(l -> l.startsWith("vault operator raft autopilot state")).count(),
                "released only after the third look, the first that shows a healthy voter: " + run.calls());
        // Leaving: a standby does not step down, it removes itself, then lets Auto Scaling go on.
        assertEquals("remove-peer i-0aaa", lab.vaultState("raft-events").trim());
        assertTrue(indexOf(calls, "operator raft remove-peer i-0aaa") < indexOf(calls, "complete-lifecycle-action", "vault-node-terminating"));
        assertTrue(run.calls().contains("--lifecycle-hook-name vault-node-terminating --instance-id i-0aaa --lifecycle-action-result CONTINUE"));
        // Every lifecycle token is revoked once used.
        assertEquals(calls.stream().filter(l -> l.startsWith("vault login")).count(),
                calls.stream().filter(l -> l.startsWith("vault token revoke -self")).count());
        lab.assertNeverShown(run);
    }

    /** The active node being terminated hands over leadership before it leaves the Raft configuration. */
    @Test
    void theActiveNodeStepsDownBeforeItLeaves(@TempDir Path dir) throws Exception {
        var lab = lifecycleNode(dir, "Terminated");
        lab.given("autopilot-1.json", autopilot("leader", true));
        lab.given("health", "200");
        var run = lab.run("lifecycle.sh", IN_GROUP);
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertEquals("step-down\nremove-peer i-0aaa", lab.vaultState("raft-events").trim());
        assertEquals("vault-node-terminating CONTINUE", lab.vaultState("lifecycle-actions").trim());
    }

    /** A node that launched before the hooks existed (a new group) has no action waiting: nothing to hold. */
    @Test
    void noWaitingActionIsNothingToRelease(@TempDir Path dir) throws Exception {
        var lab = lifecycleNode(dir, "InService", "Terminated");
        lab.given("autopilot-1.json", autopilot("voter", true));
        lab.given("health", "429");
        var run = lab.run("lifecycle.sh", Map.of("FAKE_INSTANCE_ID", "i-0aaa", "FAKE_GROUP", "vault-nodes-1a2b3c",
                "FAKE_NO_ACTION", "vault-node-launching vault-node-terminating"));
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.output().contains("no vault-node-launching action is waiting"), run.output());
    }

    private static String group(String wanted, String mine, String other) {
        return "{\"LaunchTemplate\": {\"Version\": \"" + wanted + "\"}, \"Instances\": ["
                + "{\"InstanceId\": \"i-0aaa\", \"LifecycleState\": \"InService\", \"LaunchTemplate\": {\"Version\": \"" + mine + "\"}},"
                + "{\"InstanceId\": \"i-0bbb\", \"LifecycleState\": \"InService\", \"LaunchTemplate\": {\"Version\": \"" + wanted + "\"}},"
                + "{\"InstanceId\": \"i-0ccc\", \"LifecycleState\": \"InService\", \"LaunchTemplate\": {\"Version\": \"" + other + "\"}}]}";
    }

    /**
     * Rolling upgrade, active node last: while standbys still run the old launch template the active node keeps its
     * scale-in protection (the refresh passes it by, ScaleInProtectedInstances Ignore); once it is the last old one, it
     * drops its protection, steps down, and starts the one refresh that replaces it.
     */
    @Test
    void theActiveNodeIsReplacedLast(@TempDir Path dir) throws Exception {
        var waiting = lifecycleNode(dir.resolve("waiting"), "InService", "Terminated");
        Files.writeString(Files.createDirectories(dir.resolve("waiting/run")).resolve("launched"), "");
        waiting.given("autopilot-1.json", autopilot("leader", true));
        waiting.given("health", "200");
        waiting.given("group.json", group("3", "2", "2"));
        var early = waiting.run("lifecycle.sh", IN_GROUP);
        assertEquals(0, early.exitCode(), early.output() + early.calls());
        assertTrue(early.calls().contains("set-instance-protection --region eu-west-1 --auto-scaling-group-name vault-nodes-1a2b3c"
                + " --instance-ids i-0aaa --protected-from-scale-in"), early.calls());
        assertNull(waiting.vaultState("refreshes"), "a standby still runs the old version: not yet");
        assertEquals("true", waiting.vaultState("protection").trim());

        var last = lifecycleNode(dir.resolve("last"), "InService", "Terminated");
        Files.writeString(Files.createDirectories(dir.resolve("last/run")).resolve("launched"), "");
        last.given("autopilot-1.json", autopilot("leader", true));
        last.given("health", "200");
        last.given("group.json", group("3", "2", "3"));
        var run = last.run("lifecycle.sh", IN_GROUP);
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.output().contains("is replaced last"), run.output());
        assertEquals("true\nfalse", last.vaultState("protection").trim());
        assertEquals(files.get("node/cluster.env").lines().filter(l -> l.startsWith("REFRESH_PREFERENCES=")).findFirst().orElseThrow()
                .substring("REFRESH_PREFERENCES=".length()), last.vaultState("refreshes").trim());
        assertTrue(last.vaultState("refreshes").contains("ScaleInProtectedInstances=Ignore"));
        // Step down before the refresh starts, and leave Raft before the termination hook is released.
        var calls = run.calls().lines().toList();
        assertTrue(indexOf(calls, "vault operator step-down") < indexOf(calls, "start-instance-refresh"), run.calls());
        assertEquals("step-down\nremove-peer i-0aaa", last.vaultState("raft-events").trim());
    }

    private static int indexOf(List<String> lines, String... parts) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (java.util.Arrays.stream(parts).allMatch(line::contains)) {
                return i;
            }
        }
        throw new AssertionError(String.join(" ", parts) + " not called: " + lines);
    }

    /** A key pair and a self-signed certificate for it, in PEM, made by openssl. */
    private static String[] certificate(Path dir, String name) throws IOException {
        io.privatevault.components.testing.ExternalTools.require("openssl", "apt-get install -y openssl");
        Path key = dir.resolve(name + "-key.pem");
        Path cert = dir.resolve(name + ".pem");
        var run = io.privatevault.components.testing.ExternalTools.run(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=" + name), dir);
        assertEquals(0, run.exitCode(), run.all());
        return new String[]{Files.readString(cert), Files.readString(key)};
    }

    private static String bundle(String ca, String cert, String key) {
        var json = new com.google.gson.JsonObject();
        json.addProperty("ca_pem", ca);
        json.addProperty("cert_pem", cert);
        json.addProperty("key_pem", key);
        return json.toString();
    }

    /**
     * The refresh timer: a renewed bundle is installed and Vault reloaded (SIGHUP, "tls_cert_file ... reloads-on-SIGHUP",
     * Vault docs, tcp listener); an unchanged one changes nothing; a certificate that does not belong to its key is never
     * installed (Vault would keep the old one on SIGHUP and refuse to start with it).
     */
    @Test
    void aRenewedCertificateIsInstalledAndVaultReloaded(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        Path tls = Files.createDirectories(dir.resolve("tls"));
        var env = new LinkedHashMap<>(Map.of("VAULT_TLS_DIR", tls.toString()));
        String[] first = certificate(dir, "first");
        String[] renewed = certificate(dir, "renewed");
        lab.given("tls-bundle.json", bundle(first[0], first[0], first[1]));
        var install = lab.run("tls-refresh.sh", env);
        assertEquals(0, install.exitCode(), install.output() + install.calls());
        assertEquals(first[0].strip(), Files.readString(tls.resolve("vault.pem")).strip());

        var unchanged = lab.run("tls-refresh.sh", env);
        assertEquals(0, unchanged.exitCode(), unchanged.output());
        assertTrue(unchanged.output().contains("TLS bundle unchanged"), unchanged.output());
        assertEquals("vault.service", lab.vaultState("reloads").trim(), "one reload, for the first install only");

        lab.given("tls-bundle.json", bundle(first[0], renewed[0], first[1]));
        var mismatched = lab.run("tls-refresh.sh", env);
        assertNotEquals(0, mismatched.exitCode());
        assertTrue(mismatched.output().contains("does not match its key; nothing installed"), mismatched.output());
        assertEquals(first[0].strip(), Files.readString(tls.resolve("vault.pem")).strip());

        lab.given("tls-bundle.json", bundle(first[0], renewed[0], renewed[1]));
        var refreshed = lab.run("tls-refresh.sh", env);
        assertEquals(0, refreshed.exitCode(), refreshed.output());
        assertEquals(renewed[0].strip(), Files.readString(tls.resolve("vault.pem")).strip());
        assertEquals(renewed[1].strip(), Files.readString(tls.resolve("vault-key.pem")).strip());
        assertEquals("vault.service\nvault.service", lab.vaultState("reloads").trim());
        assertTrue(refreshed.output().contains("Vault reloaded its listener certificate"), refreshed.output());
        try (var left = Files.list(tls)) {
            assertTrue(left.noneMatch(f -> f.toString().endsWith(".new")), "no half-installed file");
        }
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
        assertTrue(run.calls().contains("--metric-name SnapshotVerified --dimensions ClusterName=test-dev-vault --value 1 --unit Count"), run.calls());
        assertTrue(run.calls().contains("--metric-name SnapshotIndex --dimensions ClusterName=test-dev-vault --value 42 --unit None"), run.calls());
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

    /**
     * Every snapshot is read back before it leaves the node: {@code vault operator raft snapshot inspect} on a copy
     * (Vault CLI: "inspect ... Inspects a snapshot file taken from a Vault Raft cluster and prints a table" of its ID,
     * size, Raft index and term), then the upload with a SHA-256 checksum S3 verifies on receipt. The metric records the
     * result and the snapshot's index, so a cluster whose index stops moving is visible too.
     */
    @Test
    void aSnapshotIsInspectedBeforeItIsUploadedAndItsIndexPublished(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        assertEquals(0, lab.run("init.sh", FIRST_NODE).exitCode());
        var run = lab.run("snapshot.sh", Map.of("FAKE_HEALTH", "200", "FAKE_RAFT_INDEX", "1234"));
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        var calls = run.calls().lines().toList();
        int inspect = indexOf(calls, "vault operator raft snapshot inspect ");
        int upload = indexOf(calls, "aws s3 cp ");
        assertTrue(inspect >= 0 && inspect < upload, "inspected before the upload: " + run.calls());
        assertTrue(calls.get(inspect).endsWith(".snap.verify"), "a copy is inspected: " + calls.get(inspect));
        assertTrue(calls.get(upload).endsWith("--checksum-algorithm SHA256"), calls.get(upload));
        assertTrue(run.calls().contains("--metric-name SnapshotIndex --dimensions ClusterName=test-dev-vault --value 1234 --unit None"), run.calls());
        assertTrue(run.output().contains("(Raft index 1234) verified and uploaded"), run.output());
    }

    /** A snapshot Vault cannot read is never uploaded (the newest good one stays newest), and the failure is published. */
    @Test
    void aCorruptSnapshotIsNotUploadedAndPublishesZero(@TempDir Path dir) throws Exception {
        var lab = node(dir);
        assertEquals(0, lab.run("init.sh", FIRST_NODE).exitCode());
        var run = lab.run("snapshot.sh", Map.of("FAKE_HEALTH", "200", "FAKE_SNAPSHOT_CONTENT", "\u0001truncated",
                "FAKE_NEWEST", Instant.now().minusSeconds(3600).toString()));
        assertEquals(1, run.exitCode(), "the unit fails: " + run.output());
        assertFalse(run.calls().contains("aws s3 cp"), run.calls());
        assertTrue(run.calls().contains("--metric-name SnapshotVerified --dimensions ClusterName=test-dev-vault --value 0 --unit Count"), run.calls());
        assertFalse(run.calls().contains("--metric-name SnapshotIndex"), run.calls());
        assertTrue(run.output().contains("does not inspect as a Raft snapshot; not uploaded"), run.output());
        assertEquals("revoked", lab.vaultState("revoked").trim(), "the token is revoked on failure too");
        assertTrue(run.calls().contains("--metric-name SnapshotAgeSeconds"), "the age is still published: " + run.calls());
        try (var left = Files.list(dir.resolve("snapshots"))) {
            assertEquals(0, left.count(), "neither the snapshot nor its copy is left behind");
        }
    }

    /**
     * The certificate check reads what Vault serves (a real certificate, parsed by the real openssl; only the TLS
     * handshake is a stand-in) and publishes the whole days left.
     */
    @Test
    void theCertificateCheckPublishesTheDaysLeftOnTheServedCertificate(@TempDir Path dir) throws Exception {
        ExternalToolsAccess.requireOpenssl();
        var lab = node(dir);
        Path cert = dir.resolve("served.pem");
        var made = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", cert.toString(), "-days", "20", "-subj", "/CN=vault.tooling.internal")
                .redirectErrorStream(true).start();
        assertEquals(0, made.waitFor());
        lab.stub("openssl", """
                #!/bin/bash
                echo "openssl $*" >>"$STUB_DIR/calls.log"
                if [[ "$1" == s_client ]]; then cat "$FAKE_SERVED_CERT"; exit 0; fi
                exec /usr/bin/openssl "$@"
                """);
        var run = lab.run("cert-check.sh", Map.of("FAKE_SERVED_CERT", cert.toString()));
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.calls().contains("openssl s_client -connect 127.0.0.1:8200 -servername vault.tooling.internal"), run.calls());
        // Whole days left, rounded down: 20 while the certificate is less than a second old, 19 after.
        assertTrue(run.calls().matches("(?s).*--metric-name CertificateDaysToExpiry --dimensions ClusterName=test-dev-vault --value (19|20) --unit Count.*"),
                run.calls());

        var silent = node(dir.resolve("down"));
        silent.stub("openssl", "#!/bin/bash\n[[ \"$1\" == s_client ]] && exit 1\nexec /usr/bin/openssl \"$@\"\n");
        var down = silent.run("cert-check.sh", Map.of());
        assertEquals(1, down.exitCode(), down.output());
        assertFalse(down.calls().contains("put-metric-data"), "nothing published: the alarm treats missing data as breaching");
    }


    /** The openssl the test uses to make a real certificate. */
    private static final class ExternalToolsAccess {
        static void requireOpenssl() {
            io.privatevault.components.testing.ExternalTools.require("openssl", "apt-get install -y openssl");
        }
    }
}
