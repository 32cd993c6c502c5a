package io.privatevault.components.vaultconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VaultConfigModelTest {
    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @Test
    void caFileIsWrittenWorldReadableAndOnlyForCertificates(@TempDir Path dir) throws Exception {
        String path = dir.resolve("nested/ca.pem").toString();
        assertEquals(path, CaCertFile.write(path, CA));
        assertEquals(CA, Files.readString(Path.of(path)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path))));
        var modified = Files.getLastModifiedTime(Path.of(path));
        CaCertFile.write(path, CA);
        assertEquals(modified, Files.getLastModifiedTime(Path.of(path)), "unchanged content is not rewritten");
        assertThrows(IllegalArgumentException.class,
                () -> CaCertFile.write(path, CA + "-----BEGIN PRIVATE KEY-----\nMC4\n-----END PRIVATE KEY-----\n"));
        assertThrows(IllegalArgumentException.class, () -> CaCertFile.write(path, "not a pem"));
    }

    @Test
    void policiesRenderOneBlockPerPathInVaultOrder() {
        var policy = new AclPolicy("t", "test", List.of(PathRule.of("secret/data/t/*", "why", Capability.LIST, Capability.READ)));
        assertEquals("""
                # Vault ACL policy 't': test
                # Managed by Pulumi (private-vault VaultBaseline); changes made in Vault are overwritten.

                # why
                path "secret/data/t/*" {
                  capabilities = ["read", "list"]
                }
                """, policy.hcl());
        assertThrows(IllegalArgumentException.class, () -> new AclPolicy("t", "dup", List.of(
                PathRule.of("a/*", "", Capability.READ), PathRule.of("a/*", "", Capability.LIST))));
    }

    @Test
    void templateSyntaxAndLineBreaksNeverReachAPolicy() {
        for (String path : List.of("secret/${var.x}", "secret/%{if}", "secret/a\"\npath \"sys/*")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new AclPolicy("t", "x", List.of(PathRule.of(path, "", Capability.READ))).hcl(), path);
        }
        assertEquals("\"a\\\\b\\\"c\"", io.privatevault.components.support.Hcl.quote("a\\b\"c"));
    }

    /** The evaluator follows Vault's documented priority; the docs' own example: "secret/+/+/foo/*" loses to "secret/*". */
    @Test
    void aclEvaluatorFollowsVaultsPriorityRules() {
        var policy = new AclPolicy("t", "test", List.of(
                PathRule.of("secret/*", "", Capability.READ),
                PathRule.of("secret/+/+/foo/*", "", Capability.LIST),
                PathRule.of("sys/auth/*", "", Capability.UPDATE),
                PathRule.of("sys/auth/locked", "", Capability.DENY),
                PathRule.of("auth/kubernetes-*", "", Capability.UPDATE)));
        assertTrue(AclEvaluator.allows(policy, "secret/a/b/foo/c", Capability.READ), "rule 3: more + segments lose");
        assertFalse(AclEvaluator.allows(policy, "secret/a/b/foo/c", Capability.LIST));
        assertTrue(AclEvaluator.allows(policy, "sys/auth/other", Capability.UPDATE));
        assertFalse(AclEvaluator.allows(policy, "sys/auth/locked", Capability.UPDATE), "rule 2: the exact path beats the glob, and denies");
        assertFalse(AclEvaluator.allows(policy, "sys/auth", Capability.UPDATE), "a glob needs the prefix");
        assertTrue(AclEvaluator.allows(policy, "auth/kubernetes-apps/role/x", Capability.UPDATE));
        assertFalse(AclEvaluator.allows(policy, "auth/kubernetes/role/x", Capability.UPDATE));
        assertFalse(AclEvaluator.allows(policy, "transit/keys/x", Capability.READ), "nothing matches: denied");
    }

    /**
     * The provisioner policy the bootstrap writes reaches no data path and cannot change what the bootstrap owns (its
     * own login and policy, the nodes' snapshot login): a configuration run can never lock itself or the snapshots out.
     */
    @Test
    void theProvisionerReachesNoDataAndCannotTouchTheBootstrapsLogins() {
        var p = Personas.provisioner();
        for (String path : List.of("secret/data/payments/config", "secret/metadata/payments/config", "database/creds/payments",
                "aws/creds/payments-uploads", "aws/sts/payments-uploads", "transit/encrypt/payments", "transit/decrypt/payments",
                "auth/approle/role/ci/secret-id", "sys/raw/core", "sys/storage/raft/snapshot", "sys/storage/raft/autopilot/configuration",
                "sys/auth/aws-provisioner", "sys/auth/aws-provisioner/tune", "sys/mounts/auth/aws-provisioner/tune",
                "auth/aws-provisioner/role/provisioner", "auth/aws-provisioner/config/client", "sys/auth/aws-nodes",
                "auth/aws-nodes/role/vault-node-snapshot", "sys/policies/acl/provisioner", "sys/policies/acl/raft-snapshot")) {
            for (Capability c : List.of(Capability.CREATE, Capability.READ, Capability.UPDATE, Capability.DELETE, Capability.LIST)) {
                assertFalse(AclEvaluator.allows(p, path, c), "provisioner may " + c.hcl() + " " + path);
            }
        }
        assertTrue(AclEvaluator.allows(p, "sys/policies/acl/payments", Capability.UPDATE));
        assertTrue(AclEvaluator.allows(p, "auth/kubernetes-any-cluster/config", Capability.UPDATE), "mounts named after settings");
        assertTrue(p.hcl().contains("# Written by the node bootstrap (private-vault VaultRaftCluster)"), p.hcl());
    }
}
