package io.privatevault.plan;

import io.privatevault.components.testing.RecordedResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Mermaid flowchart of a configuration stack's plan: where its Vault comes from (the platform stack it references),
 * how the provider logs in, the audit devices, auth methods and secret engines, and which tenant logs in where and
 * uses which engine. Drawn from the registered resources only.
 */
final class ConfigurationDiagram {
    private ConfigurationDiagram() {
    }

    /** True for the plan of a configuration stack: it reads its platform stack through a StackReference. */
    static boolean applies(PlanReport report) {
        return report.resources().stream().anyMatch(r -> r.type().equals("pulumi:pulumi:StackReference"));
    }

    static String render(PlanReport report) {
        var out = new ArrayList<String>();
        out.add("flowchart LR");
        String reference = report.resources().stream().filter(r -> r.type().equals("pulumi:pulumi:StackReference"))
                .map(r -> String.valueOf(r.input("name"))).findFirst().orElse("?");
        out.add("  platform[(\"Platform stack " + reference + "<br/>" + report.outputs().getOrDefault("vaultUrl", "") + "\")]");
        out.add("  provider[\"Vault provider<br/>" + report.outputs().getOrDefault("vaultProvisionerLogin", "") + "\"]");
        out.add("  platform -->|\"vaultUrl, CA, region, login\"| provider");

        out.add("  subgraph audit[\"Audit devices\"]");
        of(report, "vault:index/audit:Audit").forEach(a -> out.add("    " + id("audit", a.input("path")) + "[\"" + a.input("path") + " ("
                + a.input("type") + ")\"]"));
        out.add("  end");
        out.add("  subgraph auth[\"Auth methods\"]");
        var authMounts = new TreeSet<String>();
        of(report, "vault:index/authBackend:AuthBackend").forEach(a -> authMounts.add(String.valueOf(a.input("path"))));
        of(report, "vault:jwt/authBackend:AuthBackend").forEach(a -> authMounts.add(String.valueOf(a.input("path"))));
        authMounts.forEach(m -> out.add("    " + id("auth", m) + "[\"auth/" + m + "\"]"));
        out.add("  end");
        out.add("  subgraph engines[\"Secret engines\"]");
        var engines = new TreeSet<String>();
        of(report, "vault:index/mount:Mount").forEach(m -> engines.add(String.valueOf(m.input("path"))));
        of(report, "vault:aws/secretBackend:SecretBackend").forEach(m -> engines.add(String.valueOf(m.input("path"))));
        engines.forEach(e -> out.add("    " + id("engine", e) + "[\"" + e + "/\"]"));
        out.add("  end");
        out.add("  provider --> audit");
        out.add("  provider --> auth");
        out.add("  provider --> engines");

        // Tenants: a policy of their own; where they log in and which engines they use.
        var logins = new TreeMap<String, String>();
        for (String type : List.of("vault:kubernetes/authBackendRole:AuthBackendRole", "vault:appRole/authBackendRole:AuthBackendRole")) {
            of(report, type).forEach(r -> logins.put(String.valueOf(r.input("roleName")), String.valueOf(r.input("backend"))));
        }
        of(report, "vault:aws/authBackendRole:AuthBackendRole").forEach(r -> logins.put(String.valueOf(r.input("role")), String.valueOf(r.input("backend"))));
        var uses = new TreeMap<String, TreeSet<String>>();
        for (var type : Map.of("vault:database/secretBackendRole:SecretBackendRole", "database",
                "vault:transit/secretBackendKey:SecretBackendKey", "transit").entrySet()) {
            of(report, type.getKey()).forEach(r -> uses.computeIfAbsent(String.valueOf(r.input("name")), t -> new TreeSet<>()).add(type.getValue()));
        }
        var tenants = of(report, "vault:index/policy:Policy").stream().map(p -> String.valueOf(p.input("name")))
                .filter(logins::containsKey).sorted().toList();
        of(report, "vault:aws/secretBackendRole:SecretBackendRole").forEach(r -> tenants.stream()
                .filter(t -> String.valueOf(r.input("name")).startsWith(t + "-")).forEach(t -> uses.computeIfAbsent(t, x -> new TreeSet<>()).add("aws")));
        if (!tenants.isEmpty()) {
            out.add("  subgraph tenants[\"Tenants\"]");
            tenants.forEach(t -> out.add("    " + id("tenant", t) + "[\"" + t + "\"]"));
            out.add("  end");
        }
        for (String t : tenants) {
            out.add("  " + id("tenant", t) + " -->|\"login\"| " + id("auth", logins.get(t)));
            if (engines.contains("secret")) {
                out.add("  " + id("tenant", t) + " -.-> " + id("engine", "secret"));
            }
            uses.getOrDefault(t, new TreeSet<>()).stream().filter(engines::contains)
                    .forEach(e -> out.add("  " + id("tenant", t) + " -.-> " + id("engine", e)));
        }
        return String.join("\n", out) + "\n";
    }

    private static List<RecordedResource> of(PlanReport report, String type) {
        return report.resources().stream().filter(r -> r.type().equals(type)).toList();
    }

    private static String id(String kind, Object name) {
        return kind + "_" + String.valueOf(name).replaceAll("[^A-Za-z0-9]", "_");
    }
}
