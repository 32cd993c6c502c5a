package io.privatevault.plan;

import io.privatevault.components.testing.Secret;
import io.privatevault.components.testing.Unknown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts recorded values for display: secrets masked unless asked, unknowns marked. One rule for every format. */
final class Masking {
    static final String SECRET = "[secret]";
    static final String UNKNOWN = "[unknown]";

    private Masking() {
    }

    static Object display(Object value, boolean showSecrets) {
        if (value instanceof Secret secret) {
            return showSecrets ? display(secret.value(), true) : SECRET;
        }
        if (value == Unknown.VALUE) {
            return UNKNOWN;
        }
        if (value instanceof Map<?, ?> map) {
            // Sorted: components build some output maps with Map.of/copyOf, whose order changes per JVM, and
            // two plans of the same commit must be byte-identical for `plan diff`.
            var out = new java.util.TreeMap<String, Object>();
            map.forEach((k, v) -> out.put(String.valueOf(k), display(v, showSecrets)));
            return out;
        }
        if (value instanceof List<?> list) {
            var out = new ArrayList<>();
            list.forEach(v -> out.add(display(v, showSecrets)));
            return out;
        }
        return value;
    }
}
