package io.privatevault.components.vaultconfig;

import java.util.List;

/**
 * A Vault ACL policy as data: a name, what it is for, and its path rules. Rendered to HCL by
 * {@link PolicyHcl} only, so every policy the baseline writes has the same shape.
 */
public record AclPolicy(String name, String purpose, List<PathRule> rules) {
    public AclPolicy {
        rules = List.copyOf(rules);
        if (rules.stream().map(PathRule::path).distinct().count() != rules.size()) {
            // Vault merges duplicate paths unpredictably across policies; one block per path keeps review simple.
            throw new IllegalArgumentException("policy " + name + " lists a path twice: " + rules.stream().map(PathRule::path).toList());
        }
    }

    public String hcl() {
        return PolicyHcl.render(this);
    }

    /** Where {@code plan --artifacts} writes it. */
    public String fileName() {
        return "vault/policies/" + name + ".hcl";
    }
}
