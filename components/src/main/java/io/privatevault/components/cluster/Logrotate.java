package io.privatevault.components.cluster;

import java.util.List;

/**
 * logrotate rules for Vault's logs. The audit log is reopened through SIGHUP (Vault's documented way to
 * rotate a file audit device); the server log is systemd's append-mode stdout, so it is copied and truncated.
 */
public record Logrotate(List<Rule> rules) {
    /** One {@code path { ... }} stanza; {@code postrotate} is a single command or null. */
    public record Rule(String path, List<String> directives, String postrotate) {
    }

    public static Logrotate forVault(NodePaths paths) {
        var common = List.of("daily", "rotate 14", "missingok", "notifempty", "compress", "delaycompress");
        return new Logrotate(List.of(
                new Rule(paths.serverLog(), concat(common, "maxsize 200M", "copytruncate"), null),
                new Rule(paths.auditLog(), concat(common, "maxsize 1G", "create 0600 vault vault"),
                        "/usr/bin/systemctl kill --signal=HUP --kill-who=main vault.service")));
    }

    private static List<String> concat(List<String> a, String... b) {
        var out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return List.copyOf(out);
    }

    public String render() {
        var out = new StringBuilder("# Rendered by private-vault (VaultRaftCluster).\n");
        for (Rule rule : rules) {
            out.append(rule.path()).append(" {\n");
            rule.directives().forEach(d -> out.append("    ").append(d).append('\n'));
            if (rule.postrotate() != null) {
                out.append("    postrotate\n        ").append(rule.postrotate()).append("\n    endscript\n");
            }
            out.append("}\n");
        }
        return out.toString();
    }
}
