package io.privatevault.components.support;

import com.pulumi.deployment.Deployment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Explicit physical names that two stacks can never share. AWS names most things per account and region (Lambda
 * functions, log groups, KMS aliases), IAM per account: a name made only of a component's logical name is the same in
 * every stack of every program that uses the component, and the second stack's {@code pulumi up} in that account
 * fails. Every explicit name a component sets therefore starts from {@link #scoped}, which carries the project and the
 * stack; names Pulumi generates (no {@code name}, or a {@code namePrefix}) get a random suffix and need none of this.
 */
public final class PhysicalNames {
    private static final int HASH_HEX = 8;

    private PhysicalNames() {
    }

    /** {@code <project>-<stack>-<component>} of the running deployment, lower-case, letters, digits and '-' only. */
    public static String scoped(String componentName) {
        var deployment = Deployment.getInstance();
        return scoped(deployment.getProjectName(), deployment.getStackName(), componentName);
    }

    static String scoped(String project, String stack, String componentName) {
        return sanitize(project + "-" + stack + "-" + componentName);
    }

    /**
     * {@code value} when it has at most {@code max} characters, else its head and '-' and the first 8 hex digits of
     * the SHA-256 of the whole value: still unique per value, and deterministic (the name never changes between runs).
     */
    public static String fit(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        String head = value.substring(0, max - HASH_HEX - 1);
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + "-" + sha256(value).substring(0, HASH_HEX);
    }

    /** Lower-case; every run of characters other than letters and digits becomes one '-'; no '-' at either end. */
    static String sanitize(String value) {
        return value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
