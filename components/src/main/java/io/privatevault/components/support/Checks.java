package io.privatevault.components.support;

import java.util.Collection;
import java.util.HashSet;
import java.util.regex.Pattern;

/**
 * Validation used by every Args class and by the stack settings. Every failure names the setting, the value
 * it got and what is allowed, e.g. {@code KmsSealArgs.deletionWindowDays must be between 7 and 30, got 3}.
 */
public final class Checks {
    /** A name usable as a Vault path segment, a DNS label and a certificate common name. */
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,61}[a-z0-9]|[a-z]");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Checks() {
    }

    /** Throws {@link InvalidSettingException} naming {@code setting}, {@code value} and {@code allowed} unless {@code ok}. */
    public static void require(boolean ok, String setting, Object value, String allowed) {
        if (!ok) {
            throw new InvalidSettingException(setting, value, allowed);
        }
    }

    public static int between(String setting, Integer value, int min, int max) {
        require(value != null && value >= min && value <= max, setting, value, "between " + min + " and " + max);
        return value;
    }

    public static String nonEmpty(String setting, String value) {
        require(value != null && !value.isBlank(), setting, value, "a non-empty string");
        return value;
    }

    /** Lower-case letters, digits and dashes, starting with a letter, at most 63 characters. */
    public static String safeName(String setting, String value) {
        require(value != null && SAFE_NAME.matcher(value).matches(), setting, value,
                "lower-case letters, digits and '-', starting with a letter and not ending with '-', at most 63 characters");
        return value;
    }

    public static boolean isSafeName(String value) {
        return value != null && SAFE_NAME.matcher(value).matches();
    }

    /** A DNS name of at least two labels, e.g. {@code tooling.internal}. */
    public static String dnsName(String setting, String value) {
        boolean ok = value != null && value.length() <= 253 && value.contains(".") && !value.endsWith(".");
        if (ok) {
            for (String label : value.split("\\.", -1)) {
                ok &= DNS_LABEL.matcher(label).matches();
            }
        }
        require(ok, setting, value, "a lower-case DNS name of two or more labels (letters, digits, '-'), e.g. tooling.internal");
        return value;
    }

    public static String dnsLabel(String setting, String value) {
        require(value != null && DNS_LABEL.matcher(value).matches(), setting, value,
                "one lower-case DNS label (letters, digits, '-', at most 63 characters)");
        return value;
    }

    /** Fails on the first duplicate, naming it. */
    public static <T> void unique(String setting, Collection<T> values) {
        var seen = new HashSet<T>();
        for (T value : values) {
            require(seen.add(value), setting, value, "unique values; this one is listed more than once");
        }
    }
}
