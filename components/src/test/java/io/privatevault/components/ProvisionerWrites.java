package io.privatevault.components;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.vaultconfig.Capability;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.privatevault.components.vaultconfig.Capability.CREATE;
import static io.privatevault.components.vaultconfig.Capability.DELETE;
import static io.privatevault.components.vaultconfig.Capability.READ;
import static io.privatevault.components.vaultconfig.Capability.SUDO;
import static io.privatevault.components.vaultconfig.Capability.UPDATE;

/**
 * The Vault API paths the vault provider (terraform-provider-vault, bridged as pulumi-vault 7.11.0) calls to create,
 * read, update and delete each resource type the baseline registers, from the Vault API docs of each endpoint. A type
 * missing here fails the test that uses it, so a new resource cannot slip past the provisioner policy's check.
 */
final class ProvisionerWrites {
    private static final Set<Capability> CRUD = EnumSet.of(CREATE, READ, UPDATE, DELETE);
    /** sys/audit and sys/auth, and the audited headers, also need sudo ("root-protected" endpoints in the API docs). */
    private static final Set<Capability> CRUD_SUDO = EnumSet.of(CREATE, READ, UPDATE, DELETE, SUDO);

    private ProvisionerWrites() {
    }

    static Map<String, Set<Capability>> of(RecordedResource r) {
        var paths = new LinkedHashMap<String, Set<Capability>>();
        String backend = String.valueOf(r.input("backend"));
        switch (r.type()) {
            case "vault:index/audit:Audit" -> paths.put("sys/audit/" + r.input("path"), CRUD_SUDO);
            case "vault:index/auditRequestHeader:AuditRequestHeader" ->
                    paths.put("sys/config/auditing/request-headers/" + r.input("name"), CRUD_SUDO);
            case "vault:index/policy:Policy" -> paths.put("sys/policies/acl/" + r.input("name"), CRUD);
            case "vault:index/authBackend:AuthBackend", "vault:jwt/authBackend:AuthBackend" -> {
                paths.put("sys/auth/" + r.input("path"), CRUD_SUDO);
                paths.put("sys/mounts/auth/" + r.input("path") + "/tune", EnumSet.of(READ, UPDATE));
                if (r.type().startsWith("vault:jwt/")) {
                    paths.put("auth/" + r.input("path") + "/config", CRUD);
                }
            }
            case "vault:aws/authBackendClient:AuthBackendClient" -> paths.put("auth/" + backend + "/config/client", CRUD);
            case "vault:aws/authBackendRole:AuthBackendRole" -> paths.put("auth/" + backend + "/role/" + r.input("role"), CRUD);
            case "vault:appRole/authBackendRole:AuthBackendRole" -> {
                paths.put("auth/" + backend + "/role/" + r.input("roleName"), CRUD);
                paths.put("auth/" + backend + "/role/" + r.input("roleName") + "/role-id", EnumSet.of(READ));
            }
            case "vault:kubernetes/authBackendConfig:AuthBackendConfig" -> paths.put("auth/" + backend + "/config", CRUD);
            case "vault:kubernetes/authBackendRole:AuthBackendRole", "vault:jwt/authBackendRole:AuthBackendRole" ->
                    paths.put("auth/" + backend + "/role/" + r.input("roleName"), CRUD);
            case "vault:index/mount:Mount" -> {
                paths.put("sys/mounts/" + r.input("path"), CRUD);
                paths.put("sys/mounts/" + r.input("path") + "/tune", EnumSet.of(READ, UPDATE));
            }
            case "vault:kv/secretBackendV2:SecretBackendV2" -> paths.put(r.input("mount") + "/config", CRUD);
            case "vault:database/secretBackendConnection:SecretBackendConnection" -> paths.put(backend + "/config/" + r.input("name"), CRUD);
            case "vault:database/secretBackendRole:SecretBackendRole", "vault:aws/secretBackendRole:SecretBackendRole" ->
                    paths.put(backend + "/roles/" + r.input("name"), CRUD);
            case "vault:aws/secretBackend:SecretBackend" -> {
                paths.put("sys/mounts/" + r.input("path"), CRUD);
                paths.put(r.input("path") + "/config/root", CRUD);
                paths.put(r.input("path") + "/config/lease", CRUD);
            }
            // Never deleted: the key is retained in Vault when its tenant goes (deletion_allowed is false).
            case "vault:transit/secretBackendKey:SecretBackendKey" -> {
                paths.put(backend + "/keys/" + r.input("name"), EnumSet.of(CREATE, READ, UPDATE));
                paths.put(backend + "/keys/" + r.input("name") + "/config", EnumSet.of(UPDATE));
            }
            default -> throw new AssertionError("no API paths known for " + r.type() + " (" + r.urn() + "): add them here");
        }
        return paths;
    }
}
