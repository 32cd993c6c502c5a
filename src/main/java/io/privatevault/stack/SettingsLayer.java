package io.privatevault.stack;

import java.util.Set;

/**
 * Which kind of stack a setting belongs in. One project, one program, two kinds of stack per environment: the
 * platform stack (network, keys, cluster, NLB, DNS, VPN, backups) and the configuration stack (Vault's own
 * configuration through the Vault provider), which is one because its file sets {@code platformStack}. The kinds share
 * the settings declaration (Pulumi.yaml) and differ only in which composition runs; this is the one place that says
 * which settings each reads.
 */
enum SettingsLayer {
    PLATFORM, CONFIGURATION, BOTH;

    /** The setting that makes a stack a configuration stack. */
    static final String PLATFORM_STACK = "platformStack";

    /** Read only by configuration stacks. */
    private static final Set<String> CONFIGURATION_KEYS = Set.of(PLATFORM_STACK, "vaultAdminRoleArns", "tenants", "kubernetesClusters",
            "kubeconfigs", "databasePasswords", "oidc", "oidcClientSecret");
    /** Read by both kinds: every stack tags what it creates and may accept findings of its own plan. */
    private static final Set<String> SHARED_KEYS = Set.of("tags", "policySuppressions");

    static SettingsLayer of(String key) {
        return CONFIGURATION_KEYS.contains(key) ? CONFIGURATION : SHARED_KEYS.contains(key) ? BOTH : PLATFORM;
    }

    /** Whether a stack of kind {@code stack} (PLATFORM or CONFIGURATION) reads {@code key}. */
    static boolean readBy(String key, SettingsLayer stack) {
        var layer = of(key);
        return layer == BOTH || layer == stack;
    }
}
