package io.privatevault.components.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every problem of one Args object instead of stopping at the first, so a user sees all of them in one
 * run; {@link #orThrow} then throws one {@link InvalidSettingException} listing them. The checks mirror
 * {@link Checks} and keep its messages.
 *
 * <p>A rule that compares arguments ({@link #compare}) runs only while the arguments it compares have no problem of
 * their own, so one mistake is reported once and never judged against a value that is already wrong.
 *
 * <pre>{@code
 * var p = Problems.of("KmsSealArgs");
 * p.between("deletionWindowDays", deletionWindowDays(), 7, 30);
 * p.orThrow();
 * }</pre>
 */
public final class Problems {
    private final String prefix;
    private final List<Problem> found;

    private Problems(String prefix, List<Problem> found) {
        this.prefix = prefix;
        this.found = found;
    }

    /** A collector for the arguments under {@code prefix}, e.g. {@code VaultRaftClusterArgs}. */
    public static Problems of(String prefix) {
        return new Problems(prefix, new ArrayList<>());
    }

    /** The same collector for the nested arguments at {@code path}, e.g. {@code tenants[2]}. */
    public Problems at(String path) {
        return new Problems(path(path), found);
    }

    /** The full name of {@code field}, e.g. {@code VaultRaftClusterArgs.nodeCount}. */
    public String path(String field) {
        return field.isEmpty() ? prefix : field.startsWith("[") ? prefix + field : prefix + "." + field;
    }

    /** Records a problem with {@code field} unless {@code ok}; returns {@code ok}. */
    public boolean require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            found.add(new Problem(path(field), value, allowed));
        }
        return ok;
    }

    /**
     * A rule comparing {@code field} with {@code others}: checked only while none of them has a problem yet, and
     * then recorded on {@code field}. Returns false when the rule failed.
     */
    public boolean compare(boolean ok, String field, Object value, String allowed, String... others) {
        var fields = new ArrayList<String>();
        fields.add(field);
        fields.addAll(List.of(others));
        if (ok || !valid(fields.toArray(String[]::new))) {
            return true;
        }
        found.add(new Problem(path(field), value, allowed, List.of(others).stream().map(this::path).toList()));
        return false;
    }

    public boolean between(String field, Integer value, int min, int max) {
        return require(value != null && value >= min && value <= max, field, value, "between " + min + " and " + max);
    }

    public boolean nonEmpty(String field, String value) {
        return require(value != null && !value.isBlank(), field, value, "a non-empty string");
    }

    public boolean safeName(String field, String value) {
        return run(() -> Checks.safeName(path(field), value)) != null;
    }

    public boolean dnsName(String field, String value) {
        return run(() -> Checks.dnsName(path(field), value)) != null;
    }

    public boolean dnsLabel(String field, String value) {
        return run(() -> Checks.dnsLabel(path(field), value)) != null;
    }

    /** Records each value listed more than once. */
    public <T> boolean unique(String field, Collection<T> values) {
        var seen = new HashSet<T>();
        var reported = new HashSet<T>();
        boolean ok = true;
        for (T value : values) {
            if (!seen.add(value) && reported.add(value)) {
                ok = require(false, field, value, "unique values; this one is listed more than once");
            }
        }
        return ok;
    }

    /** The parsed CIDR, or null when {@code text} is not one (the problem is recorded). */
    public Cidr cidr(String field, String text) {
        return run(() -> Cidr.parse(path(field), text));
    }

    /**
     * A range that admits clients: a CIDR that is private and no wider than a VPC ({@link Cidr#clientRangeProblem}).
     * Returns the parsed CIDR, or null when it is not one or not allowed (the problem is recorded).
     */
    public Cidr clientCidr(String field, String text) {
        Cidr cidr = cidr(field, text);
        if (cidr == null) {
            return null;
        }
        String problem = cidr.clientRangeProblem();
        return require(problem == null, field, text, Cidr.CLIENT_RANGE_ALLOWED + "; this one is " + problem) ? cidr : null;
    }

    /**
     * Runs a parser or check that throws {@link InvalidSettingException} (e.g. a CSR parser) and records its
     * problems; returns its result, or null when it failed.
     */
    public <T> T run(Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidSettingException e) {
            found.addAll(e.problems());
            return null;
        }
    }

    /** True while none of {@code fields} has a problem (a field covers its nested arguments, e.g. tenants[0].name). */
    public boolean valid(String... fields) {
        for (String field : fields) {
            String path = path(field);
            for (Problem problem : found) {
                String s = problem.setting();
                if (s.equals(path) || s.startsWith(path + ".") || s.startsWith(path + "[")) {
                    return false;
                }
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** Every problem recorded so far (including those of nested arguments). */
    public List<Problem> list() {
        return List.copyOf(found);
    }

    /** Throws one {@link InvalidSettingException} listing every problem, if there is any. */
    public void orThrow() {
        if (!found.isEmpty()) {
            throw new InvalidSettingException(found);
        }
    }
}
