package io.privatevault;

import io.privatevault.components.ComponentJarContentsTest;
import io.privatevault.components.testing.SdkInternals;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK's internal API ({@code com.pulumi.*.internal}) carries no compatibility promise, so the program uses it
 * in exactly one adapter, {@link SdkInternals}. Checked with {@code jdeps} over every class the program jar is
 * built from (the root build's classes folder) (program, mock engine kit, component library); the generated provider bindings and the component
 * package's entry point and host are the library's own documented exceptions ({@link ComponentJarContentsTest}).
 */
class SdkInternalsUseTest {
    @Test
    void onlyTheAdapterUsesSdkInternals() {
        var users = new TreeMap<String, Set<String>>();
        ComponentJarContentsTest.allDependencies().forEach((from, targets) -> {
            var internal = new TreeSet<>(targets.stream().filter(t -> t.matches("com\\.pulumi\\.[\\w.]*\\binternal\\b.*")).toList());
            if (!internal.isEmpty()) {
                users.put(from, internal);
            }
        });
        assertTrue(users.containsKey(SdkInternals.class.getName()), "the adapter itself must show up: " + users.keySet());
        users.keySet().removeIf(c -> c.startsWith("io.privatevault.components.providers.") || ComponentJarContentsTest.packageHost(c));
        var outside = new TreeMap<>(users);
        outside.keySet().removeIf(c -> c.equals(SdkInternals.class.getName()) || c.startsWith(SdkInternals.class.getName() + "$"));
        assertEquals(Map.of(), outside, "classes other than SdkInternals that use com.pulumi.*.internal");
    }
}
