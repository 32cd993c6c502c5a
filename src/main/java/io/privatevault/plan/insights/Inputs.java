package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.testing.Secret;
import io.privatevault.components.testing.Unknown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading decoded resource inputs: wildcard paths, and the loose typing the engine gives (numbers as Long, "true"). */
final class Inputs {
    private Inputs() {
    }

    /** Every value at a dotted path where {@code *} matches each list element; absent paths give nothing. */
    static List<Object> all(RecordedResource resource, String path) {
        return all(resource.inputs(), path);
    }

    static List<Object> all(Object root, String path) {
        List<Object> current = new ArrayList<>();
        current.add(root);
        for (String part : path.split("\\.")) {
            List<Object> next = new ArrayList<>();
            for (Object value : current) {
                value = unwrap(value);
                if (value instanceof Map<?, ?> map && map.containsKey(part)) {
                    next.add(map.get(part));
                } else if (value instanceof List<?> list) {
                    if ("*".equals(part)) {
                        next.addAll(list);
                    } else if (part.chars().allMatch(Character::isDigit) && Integer.parseInt(part) < list.size()) {
                        next.add(list.get(Integer.parseInt(part)));
                    }
                }
            }
            current = next;
        }
        return current.stream().map(Inputs::unwrap).filter(v -> v != null).toList();
    }

    static Object get(RecordedResource resource, String path) {
        return resource.input(path);
    }

    /** The first value at a dotted path of a nested input (a map or list), or null. */
    static Object get(Object root, String path) {
        var values = all(root, path);
        return values.isEmpty() ? null : values.get(0);
    }

    static Object unwrap(Object value) {
        return value instanceof Secret s ? s.value() : value;
    }

    static boolean unknown(Object value) {
        return value == Unknown.VALUE;
    }

    /** True for {@code true} and {@code "true"} (launch templates type some booleans as strings). */
    static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || value instanceof String s && s.equalsIgnoreCase("true");
    }

    /** Set to something, including a value that is only known after deployment. */
    static boolean present(Object value) {
        return value != null && !(value instanceof String s && s.isBlank());
    }

    static Long asLong(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Double asDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        Long l = asLong(value);
        return l == null ? null : l.doubleValue();
    }

    static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(Inputs::unwrap).filter(v -> v instanceof String).map(String.class::cast).toList();
        }
        return value instanceof String s ? List.of(s) : List.of();
    }
}
