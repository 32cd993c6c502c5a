package io.privatevault.components.support;

import java.util.List;

/**
 * One argument with a value that is not allowed: which ({@code setting}, e.g. {@code KmsSealArgs.deletionWindowDays}),
 * the value it got and what is allowed. {@code comparedWith} names the other arguments a rule compared it with
 * (e.g. {@code recoveryThreshold} with {@code recoveryShares}): such a problem only means something while those
 * arguments are valid themselves.
 */
public record Problem(String setting, Object value, String allowed, List<String> comparedWith) {
    public Problem {
        comparedWith = List.copyOf(comparedWith);
    }

    public Problem(String setting, Object value, String allowed) {
        this(setting, value, allowed, List.of());
    }

    /** The same problem reported on another setting (e.g. the stack key a component argument came from). */
    public Problem on(String otherSetting) {
        return new Problem(otherSetting, value, allowed, comparedWith);
    }

    public String message() {
        return setting + " must be " + allowed + ", got " + show(value);
    }

    @Override
    public String toString() {
        return message();
    }

    private static String show(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
