package io.privatevault.components.vaultconfig;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code path "<glob>" { capabilities = [...] }} block of a Vault ACL policy.
 *
 * @param path         the API path or glob ({@code *} suffix, {@code +} segment wildcard)
 * @param capabilities what the holder may do there
 * @param why          a one-line comment rendered above the block, saying why the grant exists
 */
public record PathRule(String path, Set<Capability> capabilities, String why) {
    public PathRule {
        if (path == null || path.isBlank() || path.startsWith("/") || path.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a Vault policy path must be relative, non-empty and on one line, got " + path);
        }
        if (capabilities.isEmpty()) {
            throw new IllegalArgumentException("path " + path + " needs at least one capability");
        }
        capabilities = Set.copyOf(EnumSet.copyOf(capabilities));
    }

    public static PathRule of(String path, String why, Capability... capabilities) {
        return new PathRule(path, EnumSet.copyOf(List.of(capabilities)), why);
    }

    /** Capabilities in Vault's documented order, for stable rendering. */
    public List<Capability> ordered() {
        return EnumSet.copyOf(capabilities).stream().toList();
    }
}
