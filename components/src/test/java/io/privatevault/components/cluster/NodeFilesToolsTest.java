package io.privatevault.components.cluster;

import io.privatevault.components.testing.UsesTools;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.components.testing.ExternalTools;
import io.privatevault.components.testing.MockRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The rendered node files, checked by the real tools that will read them (or their validators). */
@UsesTools
class NodeFilesToolsTest {
    static MockRun.Result result;
    static Map<String, String> files;

    @BeforeAll
    static void render() {
        result = ClusterFixture.run(ClusterFixture.args());
        assertFalse(result.failed(), result.errors().toString());
        files = ClusterFixture.renderedFiles(result);
    }

    private static JsonObject hcl(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        var json = JsonParser.parseString(ExternalTools.hclToJson(file)).getAsJsonObject();
        return json.getAsJsonObject(file.toAbsolutePath().toString());
    }

    @Test
    void vaultHclParsesWithTheDecidedSettings(@TempDir Path dir) throws IOException {
        var config = hcl(dir, "vault.hcl", files.get("node/vault.hcl"));
        assertEquals("test-dev-vault", config.get("cluster_name").getAsString());
        assertTrue(config.get("disable_mlock").getAsBoolean());
        assertTrue(config.get("ui").getAsBoolean());
        assertEquals("https://@PRIVATE_IP@:8200", config.get("api_addr").getAsString());
        assertEquals("https://@PRIVATE_IP@:8201", config.get("cluster_addr").getAsString());

        var raft = config.getAsJsonObject("storage").getAsJsonArray("raft").get(0).getAsJsonObject();
        assertEquals("/opt/vault/data", raft.get("path").getAsString());
        assertEquals("@INSTANCE_ID@", raft.get("node_id").getAsString());
        assertEquals(1, raft.get("performance_multiplier").getAsInt());
        // Redundancy zones are Vault Enterprise ("This feature requires Vault Enterprise", Vault docs, Redundancy zones).
        assertFalse(raft.has("autopilot_redundancy_zone"), raft.toString());
        var join = raft.getAsJsonArray("retry_join").get(0).getAsJsonObject();
        assertEquals("provider=aws region=eu-west-1 tag_key=VaultCluster tag_value=test-dev-vault addr_type=private_v4",
                join.get("auto_join").getAsString());
        assertEquals("https", join.get("auto_join_scheme").getAsString());
        assertEquals(8200, join.get("auto_join_port").getAsInt());
        assertEquals("vault.tooling.internal", join.get("leader_tls_servername").getAsString());
        assertEquals("/opt/vault/tls/ca.pem", join.get("leader_ca_cert_file").getAsString());

        var listener = config.getAsJsonObject("listener").getAsJsonArray("tcp").get(0).getAsJsonObject();
        assertEquals("0.0.0.0:8200", listener.get("address").getAsString());
        assertEquals("0.0.0.0:8201", listener.get("cluster_address").getAsString());
        assertEquals("tls12", listener.get("tls_min_version").getAsString());
        assertFalse(listener.has("tls_disable"));
        assertEquals("/opt/vault/tls/vault.pem", listener.get("tls_cert_file").getAsString());

        var seal = config.getAsJsonObject("seal").getAsJsonArray("awskms").get(0).getAsJsonObject();
        assertEquals(ClusterFixture.SEAL_KEY, seal.get("kms_key_id").getAsString());
        assertEquals("eu-west-1", seal.get("region").getAsString());
        assertTrue(config.getAsJsonArray("telemetry").get(0).getAsJsonObject().get("disable_hostname").getAsBoolean());

        // Every token in the file is one prepare.sh replaces, and prepare.sh replaces every token.
        String prepare = files.get("node/prepare.sh");
        for (NodeFact fact : NodeFact.values()) {
            assertTrue(prepare.contains("s/" + fact.token() + "/"), fact + " is substituted");
            assertTrue(prepare.contains("imds " + fact.metadataPath()), fact + " comes from IMDS");
        }
        String withoutTokens = files.get("node/vault.hcl");
        for (NodeFact fact : NodeFact.values()) {
            withoutTokens = withoutTokens.replace(fact.token(), "");
        }
        assertFalse(withoutTokens.contains("@"), "no unknown token left for prepare.sh");
    }

    /** Read the snapshot endpoint, and revoke its own token (NodeScriptsBehaviourTest says why); nothing else. */
    @Test
    void snapshotPolicyParsesAndGrantsTheSnapshotAndItsOwnRevocationOnly(@TempDir Path dir) throws IOException {
        var policy = hcl(dir, "raft-snapshot.hcl", files.get("node/policies/raft-snapshot.hcl"));
        var path = policy.getAsJsonObject("path");
        assertEquals(java.util.Set.of("sys/storage/raft/snapshot", "auth/token/revoke-self"), path.keySet());
        assertEquals("[\"read\"]", path.getAsJsonArray("sys/storage/raft/snapshot").get(0).getAsJsonObject()
                .get("capabilities").toString());
        assertEquals("[\"update\"]", path.getAsJsonArray("auth/token/revoke-self").get(0).getAsJsonObject()
                .get("capabilities").toString());
    }

    @Test
    void userDataPassesCloudInitSchema(@TempDir Path dir) throws IOException {
        ExternalTools.require("cloud-init", "apt-get install -y cloud-init");
        String userData = ClusterFixture.userData(result);
        Path file = dir.resolve("user-data.yaml");
        Files.writeString(file, userData);
        var run = ExternalTools.run(List.of("cloud-init", "schema", "--config-file", file.toString()));
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.all().contains("Valid cloud-config"), run.all());

        // Control: the same check rejects a malformed document.
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, userData.replace("runcmd:", "runcmd: 5\nignored:"));
        var control = ExternalTools.run(List.of("cloud-init", "schema", "--config-file", broken.toString()));
        assertNotEquals(0, control.exitCode(), control.all());

        Map<String, Object> doc = new Yaml().load(userData);
        @SuppressWarnings("unchecked")
        var writeFiles = (List<Map<String, Object>>) doc.get("write_files");
        var paths = writeFiles.stream().map(f -> (String) f.get("path")).toList();
        assertTrue(paths.containsAll(List.of("/etc/vault.d/vault.hcl.in", "/etc/vault.d/cluster.env",
                "/etc/systemd/system/vault.service", "/usr/local/libexec/vault/init.sh", "/etc/logrotate.d/vault",
                "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json")), paths.toString());
        for (var f : writeFiles) {
            String perms = (String) f.get("permissions");
            assertTrue(perms.equals("0644") || perms.equals("0755"), f.get("path") + " " + perms);
        }
        assertEquals(files.get("node/vault.hcl"), writeFiles.get(paths.indexOf("/etc/vault.d/vault.hcl.in")).get("content"));
        assertEquals(List.of("LABEL=vault-raft", "/opt/vault/data", "xfs", "defaults,nofail,noatime", "0", "2"),
                ((List<?>) doc.get("mounts")).get(0));
        assertTrue(doc.get("runcmd").toString().contains("swap.target"));
        assertEquals(List.of("systemctl", "enable", "--now", "vault.service", "vault-init.service", "vault-lifecycle.service",
                "vault-snapshot.timer", "vault-seal-check.timer", "vault-tls-refresh.timer", "vault-cert-check.timer"),
                ((List<?>) doc.get("runcmd")).get(2));
        // No cloud-init `packages` (run once, given up when the repository does not answer yet): install-vault.sh
        // installs them before every Vault start, under its restarts.
        assertFalse(doc.containsKey("packages"), doc.keySet().toString());
        assertTrue(files.get("node/install-vault.sh").contains("dnf -y install"));
    }

    @Test
    void everyScriptPassesShellcheck(@TempDir Path dir) throws IOException {
        ExternalTools.require("shellcheck", "apt-get install -y shellcheck");
        var command = new ArrayList<>(List.of("shellcheck", "-S", "warning", "-x", "-P", dir.toString()));
        for (String script : NodeFiles.SCRIPTS) {
            Path file = dir.resolve(script);
            Files.writeString(file, files.get("node/" + script));
            command.add(file.toString());
            assertTrue(files.get("node/" + script).startsWith("#!/usr/bin/env bash\n"), script);
        }
        var run = ExternalTools.run(command, dir);
        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.all().trim());
    }

    @Test
    void everyUnitPassesSystemdAnalyzeVerify(@TempDir Path root) throws IOException {
        ExternalTools.require("systemd-analyze", "apt-get install -y systemd");
        // A throw-away root: the host's stock units (targets our units order against), our units, and
        // the executables they name, so verify checks our files and nothing on this machine.
        Path stock = root.resolve("usr/lib/systemd/system");
        Files.createDirectories(stock);
        try (Stream<Path> host = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path unit : host.filter(p -> p.toString().matches(".*\\.(target|service|socket|slice|mount)$")
                    && Files.isRegularFile(p)).toList()) {
                Files.copy(unit, stock.resolve(unit.getFileName()));
            }
        }
        Path units = Files.createDirectories(root.resolve("etc/systemd/system"));
        var command = new ArrayList<>(List.of("systemd-analyze", "verify", "--root=" + root));
        var unitFiles = files.keySet().stream().filter(k -> k.matches("node/.*\\.(service|timer)")).toList();
        assertEquals(11, unitFiles.size(), unitFiles.toString());
        for (String key : unitFiles) {
            Path file = units.resolve(key.substring("node/".length()));
            Files.writeString(file, files.get(key));
            command.add(file.toString());
        }
        for (String exe : List.of("/usr/local/bin/vault", "/bin/kill")) {
            stub(root, exe);
        }
        for (String script : NodeFiles.SCRIPTS) {
            stub(root, "/usr/local/libexec/vault/" + script);
        }
        var run = ExternalTools.run(command, root);
        assertEquals(0, run.exitCode(), run.all());
        // systemd-analyze exits 0 on unknown keys and bad values; any message about our units is a failure.
        assertEquals("", run.all().trim(), run.all());

        // Control: the same harness does report a parse problem.
        Path broken = units.resolve("broken.service");
        Files.writeString(broken, files.get("node/vault-snapshot.service").replace("[Service]", "[Service]\nProtectSytem=full"));
        var control = ExternalTools.run(List.of("systemd-analyze", "verify", "--root=" + root, broken.toString()), root);
        assertTrue(control.all().contains("Unknown key 'ProtectSytem'"), control.all());
    }

    @Test
    void vaultServiceIsHardened() {
        String unit = files.get("node/vault.service");
        for (String line : List.of("User=vault", "CapabilityBoundingSet=CAP_IPC_LOCK", "AmbientCapabilities=CAP_IPC_LOCK",
                "LimitCORE=0", "ProtectSystem=full", "PrivateTmp=yes", "PrivateDevices=yes", "NoNewPrivileges=yes",
                // Installing and fetching TLS before each start, as root: their failures are retried with Vault's
                // restarts, without a start limit, so a node that boots before its network recovers on its own.
                "ExecStartPre=+/usr/local/libexec/vault/install-vault.sh", "ExecStartPre=+/usr/local/libexec/vault/prepare.sh",
                "StartLimitIntervalSec=0", "Restart=on-failure")) {
            assertTrue(unit.lines().anyMatch(line::equals), line + " in vault.service");
        }
        String init = files.get("node/vault-init.service");
        assertTrue(init.lines().anyMatch("RuntimeDirectoryMode=0700"::equals), init);
        // A failed bootstrap runs again and finds its material where it left it (NodeScriptsBehaviourTest).
        assertTrue(init.lines().anyMatch("Restart=on-failure"::equals) && init.lines().anyMatch("RuntimeDirectoryPreserve=yes"::equals), init);
        assertTrue(files.get("node/vault-snapshot.service").contains("Requisite=vault.service"));
        assertTrue(files.get("node/vault-snapshot.timer").contains("OnUnitActiveSec=60min"));
        assertTrue(files.get("node/prepare.sh").contains("swapoff -a"));
        // A renewed certificate reaches the node within the hour: every 30 minutes plus at most 5 of random delay.
        String refresh = files.get("node/vault-tls-refresh.timer");
        assertTrue(refresh.lines().anyMatch("OnUnitActiveSec=30min"::equals) && refresh.lines().anyMatch("RandomizedDelaySec=5min"::equals), refresh);
        assertTrue(files.get("node/vault-tls-refresh.service").lines().anyMatch("ExecStart=/usr/local/libexec/vault/tls-refresh.sh"::equals));
        // SIGHUP reloads the listener certificate ("tls_cert_file ... reloads-on-SIGHUP", Vault docs, tcp listener).
        assertTrue(unit.lines().anyMatch("ExecReload=/bin/kill --signal HUP $MAINPID"::equals), unit);
    }

    /** cluster.env carries the node spec the shared scripts read, and points at the files cloud-init writes. */
    @Test
    void clusterEnvCarriesTheNodeSpec() {
        var env = ScriptLab.envFile(files.get("node/cluster.env"));
        Map.of("AUTOPILOT_MIN_QUORUM", "3", "RECOVERY_SHARES", "5", "RECOVERY_THRESHOLD", "3", "SNAPSHOT_PREFIX", "raft/vault/",
                "VAULT_VERSION", "1.20.4", "SNAPSHOT_AUTH_MOUNT", "aws-nodes", "SNAPSHOT_POLICY", "raft-snapshot")
                .forEach((key, value) -> assertEquals(value, env.get(key), key));
        Map<String, Object> doc = new Yaml().load(ClusterFixture.userData(result));
        @SuppressWarnings("unchecked")
        var written = ((List<Map<String, Object>>) doc.get("write_files")).stream().map(f -> (String) f.get("path")).toList();
        assertTrue(written.contains(env.get("SNAPSHOT_POLICY_FILE")), env.get("SNAPSHOT_POLICY_FILE") + " is not written: " + written);
        assertTrue(written.contains(env.get("VAULT_CONFIG_DIR") + "/vault.hcl.in"), written.toString());
    }

    private static void stub(Path root, String path) throws IOException {
        Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
