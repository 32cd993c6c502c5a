package io.privatevault.components.vaultconfig;

import io.privatevault.components.support.Hcl;

import java.util.List;

/**
 * A Vault ACL policy as data: a name, what it is for, how it is managed, and its path rules. Every policy this project
 * writes (the baseline's personas and tenants, the nodes' snapshot policy) is this model, rendered by the one HCL
 * writer ({@link Hcl}), so they all have the same shape and escaping.
 *
 * @param management the header line that says who writes it to Vault and when
 */
public record AclPolicy(String name, String purpose, String management, List<PathRule> rules) {
    /** How the configuration layer's policies are managed. */
    public static final String BASELINE = "Managed by Pulumi (private-vault VaultBaseline); changes made in Vault are overwritten.";
    /** How the policies of the logins the node bootstrap creates are managed. */
    public static final String BOOTSTRAP = "Written by the node bootstrap (private-vault VaultRaftCluster) when the cluster is initialised.";

    public AclPolicy {
        rules = List.copyOf(rules);
        if (rules.stream().map(PathRule::path).distinct().count() != rules.size()) {
            // Vault merges duplicate paths unpredictably across policies; one block per path keeps review simple.
            throw new IllegalArgumentException("policy " + name + " lists a path twice: " + rules.stream().map(PathRule::path).toList());
        }
    }

    /** A policy of the configuration layer. */
    public AclPolicy(String name, String purpose, List<PathRule> rules) {
        this(name, purpose, BASELINE, rules);
    }

    public Hcl.Body toHcl() {
        var body = Hcl.body()
                .comment("Vault ACL policy '" + name + "': " + purpose)
                .comment(management);
        for (PathRule rule : rules) {
            body.commentedBlock(rule.why(), "path", List.of(rule.path()),
                    Hcl.body().attr("capabilities", rule.ordered().stream().map(Capability::hcl).toList()).build());
        }
        return body.build();
    }

    public String hcl() {
        return toHcl().render();
    }

    /** Where {@code plan --artifacts} writes it. */
    public String fileName() {
        return "vault/policies/" + name + ".hcl";
    }
}
