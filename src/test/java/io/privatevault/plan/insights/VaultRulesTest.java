package io.privatevault.plan.insights;

import io.privatevault.components.cluster.SnapshotLogin;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.vaultconfig.AclEvaluator;
import io.privatevault.components.vaultconfig.AclPolicyReader;
import io.privatevault.components.vaultconfig.Capability;
import io.privatevault.components.vaultconfig.Personas;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.privatevault.plan.insights.Fixtures.res;
import static io.privatevault.plan.insights.RuleAssertions.assertFires;
import static io.privatevault.plan.insights.RuleAssertions.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vault ACL escalation and audit devices. Vault docs, "Policies": "Policies are deny by default"; a token's policies
 * come from the auth role or token role that created it and from its identity entity and groups ("Policies can be
 * assigned ... to entities and groups"), so whoever writes policies, roles, identities or mounts decides what tokens
 * can do. Vault docs, "Audit devices": "If there are any audit devices enabled, Vault requires that at least one be
 * able to persist the log before completing a Vault request" and recommends more than one.
 */
class VaultRulesTest {
    private static RecordedResource policy(String name, String hcl) {
        return res(VaultRules.POLICY, "vault-config-policy-" + name).in("name", name).in("policy", hcl).build();
    }

    private static List<RecordedResource> configuration(RecordedResource... extra) {
        var all = new ArrayList<>(GoodStack.resources());
        all.add(res(VaultRules.PROVIDER, "vault").build());
        all.add(res(VaultRules.AUDIT, "audit-file").in("path", "file").in("type", "file").protect().build());
        all.add(res(VaultRules.AUDIT, "audit-second").in("path", "syslog").in("type", "syslog").protect().build());
        all.add(policy(Personas.ADMIN, Personas.admin().hcl()));
        all.add(policy("payments", Personas.tenant(new Personas.Tenant("payments", "payments", true, true, List.of("uploads"))).hcl()));
        all.addAll(List.of(extra));
        return all;
    }

    @Test
    void theShippedPersonasAreWhatTheyClaim() {
        assertTrue(VaultRules.escalations(Personas.tenant(new Personas.Tenant("t", "t", true, true, List.of("r")))).isEmpty());
        assertTrue(VaultRules.escalations(SnapshotLogin.policy()).isEmpty(), "the snapshot login only reads snapshots");
        var admin = VaultRules.escalations(Personas.admin());
        assertTrue(admin.stream().anyMatch(e -> e.startsWith("write ACL policies (sys/policies/acl/probe through path \"sys/policies/acl/*\")")), admin.toString());
        assertTrue(admin.stream().anyMatch(e -> e.startsWith("write identity entities")), admin.toString());
        assertTrue(admin.stream().noneMatch(e -> e.startsWith("read or write raw storage")), "admin's sys/raw is denied: " + admin);
        assertTrue(admin.stream().noneMatch(e -> e.startsWith("disable or change audit devices")), admin.toString());
        var provisioner = VaultRules.escalations(Personas.provisioner());
        assertTrue(provisioner.stream().anyMatch(e -> e.startsWith("write auth roles")), provisioner.toString());
        // Parsed back from the rendered HCL, the policies decide exactly as the models do.
        for (var model : List.of(Personas.admin(), Personas.provisioner())) {
            var parsed = AclPolicyReader.read(model.name(), model.hcl());
            assertEquals(model.rules().stream().map(r -> r.path() + r.ordered()).toList(),
                    parsed.rules().stream().map(r -> r.path() + r.ordered()).toList());
        }
    }

    @Test
    void aTenantPolicyThatCanWritePoliciesOrRolesFires() {
        var acl = policy("ci", "path \"sys/policies/acl/*\" {\n  capabilities = [\"update\"]\n}\n");
        var findings = assertFires("vault-acl-escalation", configuration(acl), acl.urn());
        assertEquals("policy 'ci' can write ACL policies (sys/policies/acl/probe through path \"sys/policies/acl/*\")", findings.get(0).message());
        // An exact path in the legacy shorthand is found through the rule's own path.
        var roles = policy("reports", "# legacy\npath \"auth/approle/role/reports\" { policy = \"write\" }\n");
        assertTrue(assertFires("vault-acl-escalation", configuration(roles), roles.urn()).get(0).message()
                .contains("write auth roles (their token policies) (auth/approle/role/reports"));
        var identity = policy("hr", "{\"path\": {\"identity/group/name/hr\": {\"capabilities\": [\"create\", \"update\"]}}}");
        assertFires("vault-acl-escalation", configuration(identity), identity.urn());
        var broken = policy("odd", "path \"secret/*\" { capabilities = [\"read\", \"fly\"] }");
        assertTrue(assertFires("vault-acl-escalation", configuration(broken), broken.urn()).get(0).message().contains("unknown capability 'fly'"));
    }

    /** "Vault now returns an error when it detects the same argument more than once" (Vault docs, "Important changes", 2.1.0). */
    @Test
    void aPolicyWithARepeatedArgumentCannotBeJudgedBecauseVault21RefusesIt() {
        var twice = policy("reports", "path \"kv/data/reports/*\" {\n  capabilities = [\"read\"]\n  capabilities = [\"list\"]\n}\n");
        var findings = assertFires("vault-acl-escalation", configuration(twice), twice.urn());
        assertTrue(findings.get(0).message().contains("'capabilities' is set twice in one path block (Vault 2.1 refuses a repeated argument)"),
                findings.get(0).message());
        // Repeated path blocks are blocks, not arguments: still a policy.
        AclPolicyReader.read("ok", "path \"a/*\" { capabilities = [\"read\"] }\npath \"a/*\" { capabilities = [\"list\"] }\n");
    }

    @Test
    void aMoreSpecificDenyClosesAPathAsVaultDecides() {
        var halfClosed = AclPolicyReader.read("ops", """
                path "sys/*" { capabilities = ["update"] }
                path "sys/policies/acl/*" { capabilities = ["deny"] }
                """);
        assertTrue(VaultRules.escalations(halfClosed).get(0).startsWith("write ACL policies (sys/policy/probe through path \"sys/*\")"),
                "the legacy endpoint still writes policies");
        var narrowed = AclPolicyReader.read("ops", """
                path "sys/*" { capabilities = ["update"] }
                path "sys/policies/acl/*" { capabilities = ["deny"] }
                path "sys/policy/*" { capabilities = ["deny"] }
                """);
        var found = VaultRules.escalations(narrowed);
        assertTrue(found.stream().noneMatch(e -> e.startsWith("write ACL policies")), found.toString());
        assertTrue(found.stream().anyMatch(e -> e.startsWith("mount, tune or remove secret engines")), found.toString());
        // Vault's priority rules: "auth/+/role/*" loses to "auth/*" (its + comes at the same place, and it has more +).
        var notClosed = AclPolicyReader.read("ops", """
                path "auth/*" { capabilities = ["update"] }
                path "auth/+/role/*" { capabilities = ["deny"] }
                """);
        assertTrue(AclEvaluator.allows(notClosed, "auth/approle/role/x", Capability.UPDATE));
        assertTrue(VaultRules.escalations(notClosed).stream().anyMatch(e -> e.startsWith("write auth roles")));
    }

    @Test
    void aWorkloadLoginCarryingAnAdministrativePolicyFires() {
        var ci = res("vault:appRole/authBackendRole:AuthBackendRole", "vault-config-approle-ci").in("roleName", "ci")
                .in("tokenPolicies", List.of("ci", Personas.ADMIN)).build();
        var findings = assertFires("vault-acl-escalation", configuration(ci), ci.urn());
        assertEquals("a workload login carries policies that administer Vault: [admin]", findings.get(0).message());
        assertEquals(List.of(), run("vault-acl-escalation", configuration(), "dev"), "admin itself administers by design");
    }

    @Test
    void witnessesArePathsBothPatternsMatch() {
        assertEquals("auth/kubernetes-probe/role/probe", VaultRules.witness("auth/+/role/*", "auth/kubernetes-*"));
        assertEquals("auth/approle/role/probe", VaultRules.witness("auth/+/role/*", "auth/approle/role/+"));
        assertEquals("sys/policies/acl/foo", VaultRules.witness("sys/policies/acl/*", "sys/policies/acl/foo"));
        assertNull(VaultRules.witness("sys/policies/acl/*", "secret/data/*"));
        assertNull(VaultRules.witness("auth/token/create", "auth/token/create/+"));
        for (String[] pair : new String[][]{{"auth/+/role/*", "auth/kubernetes-*"}, {"identity/entity/*", "identity/*"}, {"sys/raw/*", "sys/+/x"}}) {
            String path = VaultRules.witness(pair[0], pair[1]);
            assertTrue(AclEvaluator.matches(pair[0], path) && AclEvaluator.matches(pair[1], path), path);
        }
    }

    @Test
    void policyReaderRefusesWhatVaultRefuses() {
        assertThrows(IllegalArgumentException.class, () -> AclPolicyReader.read("x", "path \"a\" {"));
        assertThrows(IllegalArgumentException.class, () -> AclPolicyReader.read("x", "path \"a\" { }"));
        assertThrows(IllegalArgumentException.class, () -> AclPolicyReader.read("x", "path \"a\" { policy = \"all\" }"));
        var nested = AclPolicyReader.read("x", """
                /* block comment */
                path "secret/data/app/*" {
                  capabilities = ["create", "update"]  // trailing
                  allowed_parameters = {
                    "ttl" = ["1h", "2h"]
                  }
                  min_wrapping_ttl = "1m"
                }
                """);
        assertTrue(AclEvaluator.allows(nested, "secret/data/app/config", Capability.UPDATE));
    }

    @Test
    void aConfigurationStackNeedsTwoAuditDevices() {
        var one = new ArrayList<>(configuration());
        one.removeIf(r -> r.name().equals("audit-second"));
        var findings = assertFires("vault-audit-devices", GoodStack.context(one, "dev"), Fixtures.urn(VaultRules.PROVIDER, "vault"));
        assertTrue(findings.get(0).message().startsWith("1 audit device(s) [file]"), findings.toString());
        assertEquals(List.of(), run("vault-audit-devices", configuration(), "dev"));
        var samePath = new ArrayList<>(one);
        samePath.add(res(VaultRules.AUDIT, "audit-again").in("path", "file").in("type", "file").build());
        assertEquals(1, run("vault-audit-devices", samePath, "dev").size(), "two registrations of one path are one device");
    }
}
