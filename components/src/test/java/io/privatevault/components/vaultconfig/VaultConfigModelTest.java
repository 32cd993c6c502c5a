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
}
