package io.privatevault.components.vaultconfig;

import java.util.Comparator;
import java.util.Optional;

/**
 * Decides a request against one Vault ACL policy the way Vault documents it (Vault docs, Policies, "Policy syntax"):
 * {@code +} matches one path segment, a trailing {@code *} matches any suffix, and when several paths match, "1. If
 * the first wildcard (+) or glob (*) occurs earlier in P1, P1 is lower priority 2. If P1 ends in * and P2 doesn't,
 * P1 is lower priority 3. If P1 has more + (wildcard) segments, P1 is lower priority 4. If P1 is shorter, it is lower
 * priority 5. If P1 is smaller lexicographically, it is lower priority". The winning block's capabilities decide;
 * {@code deny} in it refuses everything. The offline plan's policy pack judges rendered policies with it, and tests
 * check what each persona may do.
 */
public final class AclEvaluator {
    private AclEvaluator() {
    }

    /** Whether {@code policy} lets its holder do {@code capability} on {@code path}. */
    public static boolean allows(AclPolicy policy, String path, Capability capability) {
        return winner(policy, path).map(rule -> !rule.capabilities().contains(Capability.DENY) && rule.capabilities().contains(capability))
                .orElse(false);
    }

    /** The rule that decides {@code path}, if any matches. */
    public static Optional<PathRule> winner(AclPolicy policy, String path) {
        return policy.rules().stream().filter(r -> matches(r.path(), path)).max(AclEvaluator.priority());
    }

    /** Whether the policy path {@code pattern} (with {@code +} and a trailing {@code *}) matches the request {@code path}. */
    public static boolean matches(String pattern, String path) {
        boolean glob = pattern.endsWith("*");
        String[] want = (glob ? pattern.substring(0, pattern.length() - 1) : pattern).split("/", -1);
        String[] have = path.split("/", -1);
        if (!glob && want.length != have.length || glob && have.length < want.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean last = i == want.length - 1;
            if (want[i].equals("+")) {
                if (have[i].isEmpty()) {
                    return false;
                }
            } else if (glob && last) {
                return have[i].startsWith(want[i]);
            } else if (!want[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }

    /** Higher compares greater: Vault's five rules, in order. */
    static Comparator<PathRule> priority() {
        return (a, b) -> {
            String p1 = a.path();
            String p2 = b.path();
            int w1 = firstWildcard(p1);
            int w2 = firstWildcard(p2);
            if (w1 >= 0 && w2 >= 0 && w1 != w2) {
                return Integer.compare(w1, w2);
            }
            boolean g1 = p1.endsWith("*");
            boolean g2 = p2.endsWith("*");
            if (g1 != g2) {
                return g1 ? -1 : 1;
            }
            long plus1 = p1.chars().filter(c -> c == '+').count();
            long plus2 = p2.chars().filter(c -> c == '+').count();
            if (plus1 != plus2) {
                return Long.compare(plus2, plus1);
            }
            if (p1.length() != p2.length()) {
                return Integer.compare(p1.length(), p2.length());
            }
            return p1.compareTo(p2);
        };
    }

    private static int firstWildcard(String path) {
        int plus = path.indexOf('+');
        int glob = path.indexOf('*');
        return plus < 0 ? glob : glob < 0 ? plus : Math.min(plus, glob);
    }
}
