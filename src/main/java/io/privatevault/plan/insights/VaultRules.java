package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.vaultconfig.AclEvaluator;
import io.privatevault.components.vaultconfig.AclPolicy;
import io.privatevault.components.vaultconfig.AclPolicyReader;
import io.privatevault.components.vaultconfig.Capability;
import io.privatevault.components.vaultconfig.Personas;
import io.privatevault.plan.insights.SecurityRules.Emitter;
import io.privatevault.plan.insights.SecurityRules.SimpleRule;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.privatevault.components.vaultconfig.Capability.CREATE;
import static io.privatevault.components.vaultconfig.Capability.DELETE;
import static io.privatevault.components.vaultconfig.Capability.READ;
import static io.privatevault.components.vaultconfig.Capability.SUDO;
import static io.privatevault.components.vaultconfig.Capability.UPDATE;

/**
 * Rules over Vault's own configuration (a configuration stack's {@code vault:*} resources, and the policies the node
 * bootstrap writes, which the platform stack renders): who can grant themselves more, and whether auditing survives
 * the loss of one device.
 */
final class VaultRules {
    static final String POLICY = "vault:index/policy:Policy";
    static final String AUDIT = "vault:index/audit:Audit";
    static final String PROVIDER = "pulumi:providers:vault";
    /** Workload logins: what a tenant's pods and pipelines log in with. */
    static final List<String> WORKLOAD_ROLES = List.of("vault:appRole/authBackendRole:AuthBackendRole",
            "vault:kubernetes/authBackendRole:AuthBackendRole");
    /** Vault refuses requests when every audit device fails, so one device is one failure from an outage. */
    static final int MIN_AUDIT_DEVICES = 2;

    private VaultRules() {
    }

    /**
     * A way to grant oneself more than one's policy says. Vault docs, "Policies": "sudo ... Allows access to paths that
     * are root-protected"; a policy is attached to tokens by auth roles, token roles and identity entities and groups
     * ("Policies are attached to tokens ... via auth methods ... or identity groups/entities"), so whoever writes any of
     * those, or a policy itself, or the auth and secret mounts, decides what tokens can do.
     */
    record Escalation(String what, String pattern, Set<Capability> capabilities) {
    }

    static final List<Escalation> ESCALATIONS = List.of(
            new Escalation("write ACL policies", "sys/policies/acl/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write ACL policies", "sys/policy/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write auth roles (their token policies)", "auth/+/role/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write auth roles (their token policies)", "auth/+/roles/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write auth users, groups or certificates (their policies)", "auth/+/users/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write auth users, groups or certificates (their policies)", "auth/+/groups/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write auth users, groups or certificates (their policies)", "auth/+/certs/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("reconfigure an auth method (whom it trusts)", "auth/+/config", EnumSet.of(CREATE, UPDATE)),
            new Escalation("reconfigure an auth method (whom it trusts)", "auth/+/config/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write token roles (allowed policies)", "auth/token/roles/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("create tokens with any policy", "auth/token/create", EnumSet.of(SUDO)),
            new Escalation("create tokens with any policy", "auth/token/create-orphan", EnumSet.of(UPDATE)),
            new Escalation("enable, tune or disable auth methods", "sys/auth/*", EnumSet.of(CREATE, UPDATE, DELETE)),
            new Escalation("mount, tune or remove secret engines", "sys/mounts/*", EnumSet.of(CREATE, UPDATE, DELETE)),
            new Escalation("write identity entities and groups (their policies and members)", "identity/entity/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write identity entities and groups (their policies and members)", "identity/entity-alias/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write identity entities and groups (their policies and members)", "identity/group/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("write identity entities and groups (their policies and members)", "identity/group-alias/*", EnumSet.of(CREATE, UPDATE)),
            new Escalation("disable or change audit devices", "sys/audit/*", EnumSet.of(CREATE, UPDATE, DELETE, SUDO)),
            new Escalation("read or write raw storage, past every policy", "sys/raw", EnumSet.of(READ, UPDATE, CREATE, DELETE)),
            new Escalation("read or write raw storage, past every policy", "sys/raw/*", EnumSet.of(READ, UPDATE, CREATE, DELETE)));

    static List<Rule> all() {
        return List.of(
                new SimpleRule("vault-acl-escalation", Severity.HIGH,
                        "A policy that can write policies, auth roles, token roles, identities, mounts or audit devices lets its holder grant itself anything.",
                        "Keep such paths to the administrative personas (admin, provisioner) and never put an escalating policy on a workload login (AppRole, Kubernetes).",
                        List.of(POLICY, WORKLOAD_ROLES.get(0), WORKLOAD_ROLES.get(1)),
                        VaultRules::aclEscalation),
                new SimpleRule("vault-audit-devices", Severity.HIGH,
                        "Vault refuses every request when all audit devices fail; with one device, one full disk stops Vault.",
                        "Enable at least two audit devices on different paths (a file device and syslog or stdout).",
                        List.of(AUDIT),
                        VaultRules::auditDevices));
    }

    // ---- ACL escalation ----

    private static void aclEscalation(PolicyContext ctx, Emitter emit) {
        var escalating = new LinkedHashSet<String>();
        for (var policy : ctx.ofType(POLICY)) {
            if (!(policy.input("name") instanceof String name) || !(policy.input("policy") instanceof String text)) {
                continue; // known only after deployment: nothing to judge
            }
            List<String> found;
            try {
                found = escalations(AclPolicyReader.read(name, text));
            } catch (IllegalArgumentException e) {
                emit.at(policy.urn(), "policy '" + name + "' cannot be judged: " + e.getMessage());
                continue;
            }
            if (!found.isEmpty()) {
                escalating.add(name);
                if (!Personas.ADMINISTRATIVE.contains(name)) {
                    emit.at(policy.urn(), "policy '" + name + "' can " + String.join("; ", found));
                }
            }
        }
        // The policies the node bootstrap writes (rendered by the platform stack).
        ctx.renderedFiles().forEach((path, text) -> {
            if (!path.contains("policies/") || !path.endsWith(".hcl")) {
                return;
            }
            String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".hcl".length());
            try {
                var found = escalations(AclPolicyReader.read(name, text));
                if (!found.isEmpty() && !Personas.ADMINISTRATIVE.contains(name)) {
                    emit.at("file:" + path, "policy '" + name + "' can " + String.join("; ", found));
                }
            } catch (IllegalArgumentException e) {
                emit.at("file:" + path, "policy '" + name + "' cannot be judged: " + e.getMessage());
            }
        });
        for (String type : WORKLOAD_ROLES) {
            for (var role : ctx.ofType(type)) {
                var carried = Inputs.strings(role.input("tokenPolicies")).stream()
                        .filter(p -> escalating.contains(p) || Personas.ADMINISTRATIVE.contains(p)).toList();
                if (!carried.isEmpty()) {
                    emit.at(role.urn(), "a workload login carries policies that administer Vault: " + carried);
                }
            }
        }
    }

    /** What {@code policy} lets its holder do of {@link #ESCALATIONS}, one line per kind, with the path that allows it. */
    static List<String> escalations(AclPolicy policy) {
        var found = new LinkedHashMap<String, String>();
        for (var escalation : ESCALATIONS) {
            if (found.containsKey(escalation.what())) {
                continue;
            }
            for (String path : probes(policy, escalation.pattern())) {
                var winner = AclEvaluator.winner(policy, path);
                if (winner.isPresent() && escalation.capabilities().stream().anyMatch(c -> AclEvaluator.allows(policy, path, c))) {
                    found.put(escalation.what(), escalation.what() + " (" + path + " through path \"" + winner.get().path() + "\")");
                    break;
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * Concrete request paths inside {@code target} that the policy's own paths reach: one per rule whose path overlaps
     * the target, plus the target with its wildcards filled in. The evaluator then decides each with every rule of the
     * policy (a more specific deny wins), as Vault would.
     */
    static List<String> probes(AclPolicy policy, String target) {
        var probes = new LinkedHashSet<String>();
        String own = witness(target, target);
        if (own != null) {
            probes.add(own);
        }
        for (var rule : policy.rules()) {
            String path = witness(target, rule.path());
            if (path != null) {
                probes.add(path);
            }
        }
        return List.copyOf(probes);
    }

    private static final String FILLER = "probe";

    private record Glob(List<String> segments, boolean prefix) {
        static Glob of(String pattern) {
            boolean prefix = pattern.endsWith("*");
            return new Glob(List.of((prefix ? pattern.substring(0, pattern.length() - 1) : pattern).split("/", -1)), prefix);
        }

        boolean prefixAt(int i) {
            return prefix && i == segments.size() - 1;
        }
    }

    /** A request path matched by both Vault path patterns, or null when none is. */
    static String witness(String a, String b) {
        Glob x = Glob.of(a);
        Glob y = Glob.of(b);
        var out = new ArrayList<String>();
        for (int i = 0; ; i++) {
            boolean xEnd = i >= x.segments().size();
            boolean yEnd = i >= y.segments().size();
            if (xEnd || yEnd) {
                return xEnd && yEnd ? String.join("/", out) : null;
            }
            String sx = x.segments().get(i);
            String sy = y.segments().get(i);
            if (x.prefixAt(i) && y.prefixAt(i)) {
                if (!sx.startsWith(sy) && !sy.startsWith(sx)) {
                    return null;
                }
                out.add((sx.length() >= sy.length() ? sx : sy) + FILLER);
                return String.join("/", out);
            }
            if (x.prefixAt(i) || y.prefixAt(i)) {
                Glob open = x.prefixAt(i) ? x : y;
                Glob fixed = open == x ? y : x;
                String prefix = open.segments().get(i);
                String seg = fixed.segments().get(i);
                String value = seg.equals("+") ? prefix + FILLER : seg.startsWith(prefix) ? (fixed.prefixAt(i) ? seg + FILLER : seg) : null;
                if (value == null) {
                    return null;
                }
                out.add(value);
                for (int j = i + 1; j < fixed.segments().size(); j++) {
                    String rest = fixed.segments().get(j);
                    out.add(rest.equals("+") ? FILLER : fixed.prefixAt(j) ? rest + FILLER : rest);
                }
                return String.join("/", out);
            }
            if (sx.equals("+") && sy.equals("+")) {
                out.add(FILLER);
            } else if (sx.equals("+") || sy.equals("+")) {
                out.add(sx.equals("+") ? sy : sx);
            } else if (sx.equals(sy)) {
                out.add(sx);
            } else {
                return null;
            }
        }
    }

    // ---- audit ----

    private static void auditDevices(PolicyContext ctx, Emitter emit) {
        var vault = ctx.resources().stream().filter(r -> r.type().startsWith("vault:") || r.type().equals(PROVIDER)).toList();
        if (vault.isEmpty()) {
            return; // not a stack that configures Vault
        }
        var paths = new LinkedHashSet<String>();
        for (var device : ctx.ofType(AUDIT)) {
            Object path = device.input("path");
            paths.add(path instanceof String s ? s : device.urn());
        }
        if (paths.size() < MIN_AUDIT_DEVICES) {
            String at = vault.stream().filter(r -> r.type().equals(PROVIDER)).map(RecordedResource::urn).findFirst().orElse(vault.get(0).urn());
            emit.at(at, paths.size() + " audit device(s) " + paths + "; Vault blocks every request when all of them fail, so it needs at least "
                    + MIN_AUDIT_DEVICES);
        }
    }

}
