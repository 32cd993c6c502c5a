package io.privatevault.components.vaultconfig;

import java.util.stream.Collectors;

/** The one HCL serialiser for {@link AclPolicy}: quoted, escaped strings; one block per path. */
public final class PolicyHcl {
    private PolicyHcl() {
    }

    public static String render(AclPolicy policy) {
        var out = new StringBuilder();
        out.append("# Vault ACL policy '").append(oneLine(policy.name())).append("': ").append(oneLine(policy.purpose())).append('\n');
        out.append("# Managed by Pulumi (private-vault VaultBaseline); changes made in Vault are overwritten.\n");
        for (PathRule rule : policy.rules()) {
            out.append('\n');
            if (rule.why() != null && !rule.why().isBlank()) {
                out.append("# ").append(oneLine(rule.why())).append('\n');
            }
            out.append("path ").append(quote(rule.path())).append(" {\n");
            out.append("  capabilities = [")
                    .append(rule.ordered().stream().map(c -> quote(c.hcl())).collect(Collectors.joining(", ")))
                    .append("]\n}\n");
        }
        return out.toString();
    }

    /**
     * An HCL quoted string. Vault parses policies with HCL 1 and the tests with HCL 2, whose template escapes
     * differ, so text that either could read as a template ({@code ${}, {@code %{}) or a line break is refused
     * rather than escaped; paths here are built from validated names and never contain them.
     */
    static String quote(String s) {
        if (s.contains("${") || s.contains("%{") || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("refusing to render template syntax or a line break into a policy: " + s);
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    }
}
