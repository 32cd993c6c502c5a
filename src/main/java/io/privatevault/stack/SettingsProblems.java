package io.privatevault.stack;

import io.privatevault.components.support.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every problem of a stack, from three sources, merged so that each mistake is reported once, on the key the user
 * wrote, and nothing is judged against a value that is already wrong:
 * <ol>
 *   <li>reading: unknown keys, wrong types, missing fields (their values are fallbacks from then on);</li>
 *   <li>the components' Args, built from the settings ({@link ArgsProblem}s): a key is judged by the first
 *       component that refuses it, and a rule that compared two values counts only while both are valid;</li>
 *   <li>the settings' own {@link #rule rules}, each skipped while a setting it needs has a problem.</li>
 * </ol>
 * Problems are listed in the order Pulumi.yaml declares the keys.
 */
final class SettingsProblems {
    /** A component's problem, reported on a stack key; {@code comparedWith} are the keys the rule compared it with. */
    record ArgsProblem(String component, Problem problem, List<String> comparedWith) {
    }

    private final String project;
    private final List<String> order;
    private final List<Problem> reading;
    private final Set<String> unusable;
    private final List<Problem> args = new ArrayList<>();
    private final List<ArgsProblem> comparisons = new ArrayList<>();
    private final List<Problem> rules = new ArrayList<>();

    /**
     * @param project   the project name (the namespace of its keys)
     * @param order     the declared keys, in the order problems are listed
     * @param reading   the problems found while reading
     * @param unusable  paths whose values are fallbacks
     */
    SettingsProblems(String project, List<String> order, List<Problem> reading, Set<String> unusable) {
        this.project = project;
        this.order = List.copyOf(order);
        this.reading = List.copyOf(reading);
        this.unusable = new HashSet<>(unusable);
    }

    /** Adds the components' problems (in composition order). */
    void addArgs(List<ArgsProblem> found) {
        var judgedBy = new java.util.HashMap<String, String>();
        var seen = new HashSet<String>();
        for (var a : found) {
            String key = a.problem().setting();
            // One value refused by two arguments set from it (an AppRole's cidrs bind both its secret id and tokens).
            if (affected(key, unusable) || !seen.add(key + "\u0000" + a.problem().value())) {
                continue;
            }
            if (!a.comparedWith().isEmpty()) {
                comparisons.add(a);
                continue;
            }
            String first = judgedBy.putIfAbsent(root(key), a.component());
            if (first == null || first.equals(a.component())) {
                args.add(a.problem());
            }
        }
    }

    /**
     * A rule of the settings: records the problem unless {@code ok}, or unless a setting in {@code needs} (or
     * {@code path} itself, when it failed to read) already has a problem.
     */
    void rule(boolean ok, String path, Object value, String allowed, String... needs) {
        if (ok || affected(path, unusable)) {
            return;
        }
        var problemKeys = keys(reading, args);
        for (String need : needs) {
            if (affected(need, problemKeys) || affected(need, unusable)) {
                return;
            }
        }
        rules.add(new Problem(path, value, allowed));
    }

    /** Everything found, each problem once, in declaration order. */
    List<Problem> all() {
        var result = new ArrayList<Problem>();
        result.addAll(reading);
        result.addAll(args);
        result.addAll(rules);
        var problemKeys = keys(result);
        for (var c : comparisons) {
            boolean judged = affected(c.problem().setting(), problemKeys)
                    || c.comparedWith().stream().anyMatch(k -> affected(k, problemKeys) || affected(k, unusable));
            if (!judged) {
                result.add(c.problem());
            }
        }
        var unique = new LinkedHashSet<String>();
        var deduplicated = new ArrayList<Problem>();
        for (Problem p : result) {
            if (unique.add(p.message())) {
                deduplicated.add(p);
            }
        }
        deduplicated.sort(Comparator.comparingInt(p -> {
            String key = root(p.setting());
            int colon = key.indexOf(':');
            return colon < 0 || !key.startsWith(project + ":") ? -1 : order.indexOf(key.substring(colon + 1));
        }));
        return deduplicated;
    }

    /** The components' problems alone (a composition handed settings that skipped {@code load}): refuses them all. */
    static void throwIfAny(StackLayer s, List<ArgsProblem> found) {
        if (!found.isEmpty()) {
            var all = new SettingsProblems(s.project(), List.of(), List.of(), Set.of());
            all.addArgs(found);
            all.throwIfAny(s.stack());
        }
    }

    void throwIfAny(String stack) {
        var all = all();
        if (!all.isEmpty()) {
            throw new InvalidSettingsException(stack, all.stream().map(Problem::message).toList());
        }
    }

    private static Set<String> keys(List<Problem> problems) {
        var keys = new HashSet<String>();
        problems.forEach(p -> keys.add(p.setting()));
        return keys;
    }

    @SafeVarargs
    private static Set<String> keys(List<Problem>... lists) {
        var keys = new HashSet<String>();
        for (var list : lists) {
            list.forEach(p -> keys.add(p.setting()));
        }
        return keys;
    }

    /** True when {@code path} or a setting it is part of, or one of its parts, is among {@code paths}. */
    static boolean affected(String path, Set<String> paths) {
        for (String other : paths) {
            if (other.equals(path) || nested(other, path) || nested(path, other)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nested(String inner, String outer) {
        return inner.startsWith(outer) && inner.length() > outer.length()
                && (inner.charAt(outer.length()) == '.' || inner.charAt(outer.length()) == '[' || inner.charAt(outer.length()) == ' ');
    }

    /** The key of a path: {@code private-vault:tenants} for {@code private-vault:tenants[0].name}. */
    static String root(String path) {
        int end = path.length();
        for (char c : new char[]{'.', '[', ' '}) {
            int i = path.indexOf(c, path.indexOf(':') + 1);
            if (i > 0) {
                end = Math.min(end, i);
            }
        }
        return path.substring(0, end);
    }
}
