package io.privatevault.components.cluster.k8s;

import io.privatevault.components.testing.UsesTools;

import io.privatevault.components.cluster.ClusterFixture;
import io.privatevault.components.cluster.ScriptLab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Kubernetes init Job and snapshot CronJob as rendered (their ConfigMap scripts and their containers' environment),
 * run by bash against stand-in {@code vault} and {@code aws} ({@link ScriptLab}). The pod's volumes are folders: the
 * ConfigMap at {@code /ops}, the memory volume the Job keeps across container restarts.
 */
@UsesTools
class KubernetesBootstrapBehaviourTest {
    static Map<String, String> scripts;
    static Map<String, String> initEnv;
    static Map<String, String> snapshotEnv;
    /** What Vault and AWS hold after the Job ran without interruption. */
    static String bootstrapped;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void render(@TempDir Path dir) throws Exception {
        var run = K8sFixture.run(K8sFixture.args());
        assertFalse(run.failed(), run.errors().toString());
        var files = (Map<String, String>) run.outputs().get("renderedFiles");
        var configMap = (Map<String, Object>) KubernetesPlatformTest.yaml(files.get(Manifests.OPS_CONFIG.file()));
        scripts = new LinkedHashMap<>((Map<String, String>) configMap.get("data"));
        initEnv = containerEnv(files.get(Manifests.INIT_JOB.file()), "spec.template.spec");
        snapshotEnv = containerEnv(files.get(Manifests.SNAPSHOT_CRON_JOB.file()), "spec.jobTemplate.spec.template.spec");
        bootstrapped = ScriptLab.stateAfterOneRun(KubernetesBootstrapBehaviourTest::initPod, dir, "init.sh", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> containerEnv(String manifest, String podSpec) {
        var env = new LinkedHashMap<String, String>();
        for (var e : (List<Map<String, Object>>) KubernetesPlatformTest.at(KubernetesPlatformTest.yaml(manifest), podSpec + ".containers.0.env")) {
            env.put((String) e.get("name"), (String) e.get("value"));
        }
        return env;
    }

    /** A pod of the Job: the ConfigMap's files side by side, its env, and folders for the pod's volumes. */
    static ScriptLab initPod(Path dir) throws IOException {
        var env = new LinkedHashMap<>(initEnv);
        for (var policy : Map.of("SNAPSHOT_POLICY_FILE", "raft-snapshot.hcl", "PROVISIONER_POLICY_FILE", "provisioner.hcl").entrySet()) {
            assertEquals("/ops/" + policy.getValue(), env.get(policy.getKey()), "where the ConfigMap is mounted");
            env.put(policy.getKey(), dir.resolve("scripts/" + policy.getValue()).toString());
        }
        assertEquals("/run/init", env.get("BOOTSTRAP_DIR"));
        env.put("BOOTSTRAP_DIR", Files.createDirectories(dir.resolve("work")).toString());
        return new ScriptLab(dir, scripts, env);
    }

    @Test
    void theJobInitialisesOnceBindsBothLoginsAndRevokesItsRootToken(@TempDir Path dir) throws Exception {
        var lab = initPod(dir);
        var run = lab.run("init.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertEquals(1, lab.initCount());
        lab.assertRootRevokedAndOnlyRecoveryKeysStored();
        assertTrue(run.calls().contains("vault operator init -recovery-shares=5 -recovery-threshold=3 -format=json"), run.calls());
        assertTrue(run.calls().contains("--secret-id " + initEnv.get("RECOVERY_SECRET_ID")), run.calls());
        assertFalse(run.calls().contains("create-secret"), "the Job is the only initialiser: no lock");
        lab.assertNeverShown(run);
        lab.assertEmpty("work");
        // The same bootstrap as on EC2, with the pods' IRSA role and 5 voters (min_quorum still 3).
        assertEquals("-cleanup-dead-servers=true -dead-server-last-contact-threshold=2m -min-quorum=3 -server-stabilization-time=10s",
                lab.vaultState("autopilot").trim());
        assertEquals(scripts.get("raft-snapshot.hcl"), lab.vaultState("policies/raft-snapshot"));
        assertTrue(lab.vaultState("auth/aws-nodes/role/vault-node-snapshot/data").startsWith(
                "auth_type=iam bound_iam_principal_arn=" + initEnv.get("NODE_ROLE_ARN") + " "), lab.finalState());
        assertEquals(scripts.get("provisioner.hcl"), lab.vaultState("policies/provisioner"));
        assertTrue(lab.vaultState("auth/aws-provisioner/role/provisioner/data").startsWith(
                "auth_type=iam bound_iam_principal_arn=" + ClusterFixture.PROVISIONER + " resolve_aws_unique_ids=false token_policies=provisioner "),
                lab.finalState());

        var again = lab.run("init.sh", Map.of());
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("Vault is initialised and bootstrapped; nothing to do"), again.output());
        assertTrue(again.calls().lines().noneMatch(l -> l.startsWith("aws ")), "a re-created Job changes nothing: " + again.calls());
    }

    /**
     * restartPolicy OnFailure starts the container again in the same pod, whose memory volume still holds the
     * material: a container killed before any step resumes and ends where an uninterrupted Job does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"operator init -recovery", "put-secret-value", "token lookup", "autopilot set-config",
            "read sys/auth/aws-nodes", "auth enable -path=aws-nodes", "aws-nodes/config/client", "policy write raft-snapshot",
            "aws-nodes/role/", "read sys/auth/aws-provisioner", "auth enable -path=aws-provisioner", "aws-provisioner/config/client",
            "policy write provisioner", "aws-provisioner/role/", "token revoke -self"})
    void aContainerKilledBeforeAnyStepResumesAndEndsInTheSameState(String step, @TempDir Path dir) throws Exception {
        ScriptLab.assertKilledRunResumes(KubernetesBootstrapBehaviourTest::initPod, dir, "init.sh", Map.of(), step, "work", bootstrapped);
    }

    /** Killed just after storing the keys, or after revoking the root token: the next container ends in the same state. */
    @ParameterizedTest
    @ValueSource(strings = {"put-secret-value", "token revoke -self"})
    void aContainerKilledJustAfterAStepResumesAndEndsInTheSameState(String step, @TempDir Path dir) throws Exception {
        ScriptLab.assertKilledAfterResumes(KubernetesBootstrapBehaviourTest::initPod, dir, "init.sh", Map.of(), step, "work", bootstrapped);
    }

    @Test
    void storingRetriesAndTheNextContainerResumes(@TempDir Path dir) throws Exception {
        var lab = initPod(dir);
        lab.failNextStores(21);
        var failed = lab.run("init.sh", Map.of());
        assertEquals(1, failed.exitCode(), failed.output());
        assertTrue(Files.exists(dir.resolve("work/init.json")), "kept on the memory volume for the next container");
        var resumed = lab.run("init.sh", Map.of());
        assertEquals(0, resumed.exitCode(), resumed.output());
        assertEquals(1, lab.initCount());
        lab.assertNeverShown(failed);
        lab.assertEmpty("work");
    }

    /** The CronJob's pod logs in through the mount the Job created, snapshots, uploads, and revokes its token. */
    @Test
    void theSnapshotJobUsesTheLoginTheBootstrapCreated(@TempDir Path dir) throws Exception {
        var lab = initPod(dir);
        assertEquals(0, lab.run("init.sh", Map.of()).exitCode());
        var env = new LinkedHashMap<>(snapshotEnv);
        env.put("VAULT_SNAPSHOT_DIR", lab.folder("snapshot").toString());
        var run = lab.run("snapshot.sh", env);
        assertEquals(0, run.exitCode(), run.output() + run.calls());
        assertTrue(run.calls().contains("vault login -method=aws -path=aws-nodes -token-only -no-store region=eu-west-1 "
                + "role=vault-node-snapshot header_value=vault.tooling.internal"), run.calls());
        assertTrue(run.calls().matches("(?s).*aws s3 cp --only-show-errors --region eu-west-1 \\S+\\.snap s3://"
                + snapshotEnv.get("SNAPSHOT_BUCKET") + "/" + snapshotEnv.get("SNAPSHOT_PREFIX") + "vault-\\d{8}T\\d{6}Z\\.snap --sse aws:kms.*"),
                run.calls());
        assertEquals("revoked", lab.vaultState("revoked").trim(), run.output());
        lab.assertNeverShown(run);
        lab.assertEmpty("snapshot");
    }
}
