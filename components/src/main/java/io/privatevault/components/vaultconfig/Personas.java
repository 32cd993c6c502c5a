package io.privatevault.components.vaultconfig;

import io.privatevault.components.cluster.ProvisionerLogin;
import io.privatevault.components.cluster.SnapshotLogin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.privatevault.components.vaultconfig.Capability.CREATE;
import static io.privatevault.components.vaultconfig.Capability.DELETE;
import static io.privatevault.components.vaultconfig.Capability.DENY;
import static io.privatevault.components.vaultconfig.Capability.LIST;
import static io.privatevault.components.vaultconfig.Capability.PATCH;
import static io.privatevault.components.vaultconfig.Capability.READ;
import static io.privatevault.components.vaultconfig.Capability.SUDO;
import static io.privatevault.components.vaultconfig.Capability.UPDATE;

/**
 * The ACL policies of the baseline, as typed models.
 *
 * <ul>
 *   <li>{@code admin}: operators. Manage auth methods, mounts, policies, identities and leases; read the audit
 *       configuration and Raft state; take snapshots. No root token, no {@code sys/raw}, no snapshot restore, no
 *       audit changes (those go through Pulumi), and no path that reads tenants' secret data. It administers Vault,
 *       so it can grant itself more (write a policy, bind it to an auth role): that is what an administrator is, and
 *       every such step is in the audit log; the policy pack's {@code vault-acl-escalation} keeps such grants to the
 *       administrative personas and off workload logins.</li>
 *   <li>{@code provisioner}: what the configuration layer's vault provider needs and no more: configuration
 *       endpoints of the mounts it manages, never a data path (no {@code secret/data}, {@code database/creds},
 *       {@code aws/creds}, {@code transit/encrypt}), never AppRole secret ids. It manages policies, so it is a
 *       privileged persona by necessity: only the provisioner IAM role can log in as it. The node bootstrap writes
 *       it with its login (cluster/ProvisionerLogin), before the configuration layer exists.</li>
 *   <li>the nodes' snapshot job is not a persona here: the node bootstrap writes its {@code raft-snapshot} policy
 *       and login once (cluster/SnapshotLogin), so a tenant may not take that name either.</li>
 *   <li>{@code break-glass} is deliberately not a policy: when every login path is broken, operators generate a
 *       root token with the recovery keys ({@code vault operator generate-root}), fix, and revoke it (see
 *       vaultconfig/README.md).</li>
 *   <li>one policy per tenant, reaching only that tenant's paths.</li>
 * </ul>
 */
public final class Personas {
    public static final String ADMIN = "admin";
    public static final String PROVISIONER = "provisioner";
    /**
     * Names a tenant may not take: the built-in personas, the nodes' snapshot policy (a tenant policy of that name
     * would overwrite it), Vault's own policies and the documented break-glass.
     */
    public static final Set<String> RESERVED = Set.of(ADMIN, PROVISIONER, SnapshotLogin.POLICY_NAME, "default", "root", "break-glass");
    /**
     * Policies that administer Vault (write policies, auth roles, mounts, identities) by design; the policy pack finds
     * any other policy that can, and any workload login that carries one of these.
     */
    public static final Set<String> ADMINISTRATIVE = Set.of(ADMIN, PROVISIONER);
    /** Built-in policies that may be handed to humans (OIDC groups). */
    public static final Set<String> HUMAN_POLICIES = Set.of(ADMIN);

    private Personas() {
    }

    /** What one tenant owns; the only input of its policy. */
    public record Tenant(String name, String kvPrefix, boolean database, boolean transit, List<String> awsRoles) {
        public Tenant {
            awsRoles = List.copyOf(awsRoles);
        }
    }

    public static AclPolicy admin() {
        return new AclPolicy(ADMIN, "operators: manage configuration and leases, no root, no path to tenant secret data", List.of(
                PathRule.of("sys/auth", "list auth methods", READ),
                PathRule.of("sys/auth/*", "enable, tune and disable auth methods", CREATE, READ, UPDATE, DELETE, SUDO),
                PathRule.of("auth/*", "configure auth methods and their roles", CREATE, READ, UPDATE, DELETE, LIST),
                PathRule.of("sys/mounts", "list secret engines", READ),
                PathRule.of("sys/mounts/*", "enable, tune and disable secret engines", CREATE, READ, UPDATE, DELETE, LIST),
                PathRule.of("sys/policies/acl", "list policies", LIST),
                PathRule.of("sys/policies/acl/*", "manage ACL policies", CREATE, READ, UPDATE, DELETE, LIST),
                PathRule.of("identity/*", "manage entities and groups", CREATE, READ, UPDATE, DELETE, LIST),
                PathRule.of("sys/leases/*", "look up and revoke leases (incident response)", CREATE, READ, UPDATE, DELETE, LIST, SUDO),
                PathRule.of("sys/audit", "see audit devices; changes go through Pulumi", READ, SUDO),
                PathRule.of("sys/config/auditing/request-headers", "see audited headers", READ, SUDO),
                PathRule.of("sys/storage/raft/configuration", "see Raft peers", READ),
                PathRule.of("sys/storage/raft/remove-peer", "remove a dead peer", UPDATE),
                PathRule.of("sys/storage/raft/autopilot/*", "see autopilot state and configuration", READ),
                PathRule.of("sys/storage/raft/autopilot/configuration",
                        "adjust autopilot after a node-count change (the node bootstrap set it once)", READ, UPDATE),
                PathRule.of("sys/storage/raft/snapshot", "take a manual snapshot (restore is break-glass only)", READ),
                PathRule.of("sys/capabilities-self", "the UI checks what the operator may do", UPDATE),
                PathRule.of("sys/internal/ui/mounts", "the UI lists mounts", READ),
                PathRule.of("sys/internal/ui/mounts/*", "the UI reads mount details", READ),
                PathRule.of(Mounts.KV + "/metadata/*", "see which secrets exist, not their values", READ, LIST),
                PathRule.of("database/config/*", "manage database connections", CREATE, READ, UPDATE, DELETE, LIST),
                PathRule.of("database/rotate-root/*", "rotate a database admin credential", UPDATE),
                PathRule.of("sys/raw", "never: raw storage bypasses every policy", DENY),
                PathRule.of("sys/raw/*", "never: raw storage bypasses every policy", DENY)));
    }

    /**
     * Everything the configuration layer manages, written once by the node bootstrap before the first configuration
     * run: so it is fixed, and reaches mounts whose names follow the settings ({@code auth/kubernetes-<cluster>}) by
     * glob. Configuration endpoints only, never a data path. What the bootstrap owns (the snapshot and provisioner
     * logins and their policies) is denied: a configuration change must never lock the configuration layer or the
     * snapshots out.
     */
    public static AclPolicy provisioner() {
        String nodes = SnapshotLogin.MOUNT;
        String self = ProvisionerLogin.MOUNT;
        var rules = new ArrayList<>(List.of(
                PathRule.of("auth/token/create", "the provider works with a short-lived child token", UPDATE),
                PathRule.of("auth/token/lookup-self", "the provider checks its token", READ),
                PathRule.of("sys/auth", "read enabled auth methods", READ),
                PathRule.of("sys/auth/*", "enable, tune and disable the auth methods it manages", CREATE, READ, UPDATE, DELETE, SUDO),
                PathRule.of("sys/mounts", "read enabled secret engines", READ),
                PathRule.of("sys/mounts/*", "enable, tune and disable the secret engines it manages", CREATE, READ, UPDATE, DELETE),
                PathRule.of("sys/policies/acl", "list policies", LIST),
                PathRule.of("sys/policies/acl/*", "write the rendered policies", CREATE, READ, UPDATE, DELETE),
                PathRule.of("sys/audit", "read audit devices", READ, SUDO),
                PathRule.of("sys/audit/*", "enable the audit devices", CREATE, READ, UPDATE, DELETE, SUDO),
                PathRule.of("sys/config/auditing/request-headers", "read audited headers", READ, SUDO),
                PathRule.of("sys/config/auditing/request-headers/*", "set audited headers", CREATE, READ, UPDATE, DELETE, SUDO),
                PathRule.of("auth/" + Mounts.AWS_AUTH + "/config/client", "AWS auth client settings", CREATE, READ, UPDATE, DELETE),
                PathRule.of("auth/" + Mounts.AWS_AUTH + "/role", "list AWS auth roles", LIST),
                PathRule.of("auth/" + Mounts.AWS_AUTH + "/role/+", "AWS auth roles", CREATE, READ, UPDATE, DELETE),
                PathRule.of("auth/" + Mounts.APPROLE + "/role", "list AppRoles", LIST),
                PathRule.of("auth/" + Mounts.APPROLE + "/role/+", "AppRoles (not their secret ids)", CREATE, READ, UPDATE, DELETE),
                PathRule.of("auth/" + Mounts.APPROLE + "/role/+/role-id", "the provider reads role ids", READ),
                PathRule.of("auth/" + Mounts.kubernetes("*"), "Kubernetes auth of every application cluster (config and roles;"
                        + " a mount per cluster, named after it)", CREATE, READ, UPDATE, DELETE, LIST),
                PathRule.of("auth/" + Mounts.OIDC + "/config", "OIDC settings", CREATE, READ, UPDATE, DELETE),
                PathRule.of("auth/" + Mounts.OIDC + "/role/+", "OIDC roles", CREATE, READ, UPDATE, DELETE),
                PathRule.of(Mounts.KV + "/config", "KV v2 settings", CREATE, READ, UPDATE, DELETE),
                PathRule.of(Mounts.DATABASE + "/config/+", "database connections", CREATE, READ, UPDATE, DELETE),
                PathRule.of(Mounts.DATABASE + "/roles/+", "database roles", CREATE, READ, UPDATE, DELETE),
                PathRule.of(Mounts.AWS_SECRETS + "/config/root", "AWS secrets engine settings (instance profile, no keys)", CREATE, READ, UPDATE, DELETE),
                PathRule.of(Mounts.AWS_SECRETS + "/config/lease", "AWS secrets engine lease settings", CREATE, READ, UPDATE, DELETE),
                PathRule.of(Mounts.AWS_SECRETS + "/roles/+", "AWS secrets engine roles", CREATE, READ, UPDATE, DELETE),
                PathRule.of(Mounts.TRANSIT + "/keys/+", "transit keys (creation and settings)", CREATE, READ, UPDATE),
                PathRule.of(Mounts.TRANSIT + "/keys/+/config", "transit key settings", UPDATE)));
        for (String mount : List.of(nodes, self)) {
            String owner = mount.equals(self) ? "its own login" : "the nodes' snapshot login";
            rules.add(PathRule.of("sys/auth/" + mount, "never: " + owner + " belongs to the node bootstrap", DENY));
            rules.add(PathRule.of("sys/auth/" + mount + "/*", "never: " + owner + " belongs to the node bootstrap", DENY));
            rules.add(PathRule.of("sys/mounts/auth/" + mount + "/*", "never: " + owner + " belongs to the node bootstrap", DENY));
            rules.add(PathRule.of("auth/" + mount + "/*", "never: " + owner + " belongs to the node bootstrap", DENY));
        }
        rules.add(PathRule.of("sys/policies/acl/" + PROVISIONER, "never: its own policy belongs to the node bootstrap", DENY));
        rules.add(PathRule.of("sys/policies/acl/" + SnapshotLogin.POLICY_NAME, "never: the snapshot policy belongs to the node bootstrap", DENY));
        return new AclPolicy(PROVISIONER, "the Pulumi configuration layer: configuration endpoints only, no secret data",
                AclPolicy.BOOTSTRAP, rules);
    }

    public static AclPolicy tenant(Tenant t) {
        String kv = Mounts.KV;
        String p = t.kvPrefix();
        var rules = new ArrayList<>(List.of(
                PathRule.of(kv + "/data/" + p + "/*", "read and write its secrets", CREATE, READ, UPDATE, PATCH, DELETE),
                PathRule.of(kv + "/metadata/" + p + "/*", "list its secrets and their versions (destroying all versions is for admins)", READ, LIST),
                PathRule.of(kv + "/delete/" + p + "/*", "soft-delete versions", UPDATE),
                PathRule.of(kv + "/undelete/" + p + "/*", "restore soft-deleted versions", UPDATE)));
        if (t.database()) {
            rules.add(PathRule.of(Mounts.DATABASE + "/creds/" + t.name(), "dynamic PostgreSQL credentials", READ));
        }
        if (t.transit()) {
            for (String op : List.of("encrypt", "decrypt", "rewrap")) {
                rules.add(PathRule.of(Mounts.TRANSIT + "/" + op + "/" + t.name(), op + " with its transit key", UPDATE));
            }
        }
        for (String role : t.awsRoles()) {
            rules.add(PathRule.of(Mounts.AWS_SECRETS + "/creds/" + role, "AWS credentials of its role", READ, UPDATE));
            rules.add(PathRule.of(Mounts.AWS_SECRETS + "/sts/" + role, "STS credentials of its role", READ, UPDATE));
        }
        return new AclPolicy(t.name(), "tenant " + t.name() + ": its own paths only", rules);
    }
}
