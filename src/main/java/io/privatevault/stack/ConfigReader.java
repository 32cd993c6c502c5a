package io.privatevault.stack;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.privatevault.components.support.InvalidSettingException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to the project's settings: the stack's value, else the Pulumi.yaml default, else the
 * per-environment default the caller passes. Reading a key that Pulumi.yaml does not declare, or as another
 * type than declared, is a programming error; a stack key that no declaration matches is a user error.
 */
final class ConfigReader {
    private static final Gson GSON = new Gson();

    private final ProjectDefinition project;
    private final ConfigSource source;
    private final Set<String> read = new HashSet<>();

    ConfigReader(ProjectDefinition project, ConfigSource source) {
        this.project = project;
        this.source = source;
    }

    /** The full key as users write it, e.g. {@code private-vault:nodeCount}. */
    String full(String key) {
        return project.name() + ":" + key;
    }

    private Object raw(String key, String type, Object environmentDefault) {
        var declaration = project.settings().get(key);
        if (declaration == null) {
            throw new IllegalStateException("setting " + key + " is read but not declared in Pulumi.yaml");
        }
        if (!declaration.type().equals(type)) {
            throw new IllegalStateException("setting " + key + " is declared " + declaration.type() + " but read as " + type);
        }
        read.add(key);
        String fullKey = full(key);
        if (source.values().containsKey(fullKey)) {
            String value = source.values().get(fullKey);
            if (value == null) {
                // Encrypted and not decryptable offline: present, secret and unknown. Plan with the default so
                // the plan neither fails nor prints because of it; under `pulumi up` the engine decrypts it.
                return declaration.defaultValue() != null ? declaration.defaultValue() : environmentDefault;
            }
            return switch (type) {
                case "string" -> value;
                case "integer" -> parseInteger(fullKey, value);
                case "boolean" -> parseBoolean(fullKey, value);
                default -> parseJson(fullKey, value, type);
            };
        }
        if (declaration.defaultValue() != null) {
            return declaration.defaultValue();
        }
        if (environmentDefault != null) {
            return environmentDefault;
        }
        throw new InvalidSettingException(fullKey, null, "set (no default)");
    }

    private static Long parseInteger(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, value, "a whole number");
        }
    }

    private static Boolean parseBoolean(String key, String value) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(key, value, "true or false");
        };
    }

    private static Object parseJson(String key, String value, String type) {
        try {
            Object parsed = GSON.fromJson(value, Object.class);
            boolean ok = type.equals("array") ? parsed instanceof List : parsed instanceof Map;
            if (!ok) {
                throw new InvalidSettingException(key, value, "an " + type);
            }
            return parsed;
        } catch (JsonParseException e) {
            throw new InvalidSettingException(key, value, "an " + type + " (valid JSON/YAML)");
        }
    }

    String string(String key) {
        return string(key, null);
    }

    String string(String key, String environmentDefault) {
        Object value = raw(key, "string", environmentDefault);
        return value == null ? null : String.valueOf(value);
    }

    int integer(String key) {
        return integer(key, null);
    }

    int integer(String key, Integer environmentDefault) {
        Object value = raw(key, "integer", environmentDefault);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new InvalidSettingException(full(key), value, "a whole number");
    }

    boolean bool(String key) {
        return bool(key, null);
    }

    boolean bool(String key, Boolean environmentDefault) {
        Object value = raw(key, "boolean", environmentDefault);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new InvalidSettingException(full(key), value, "true or false");
    }

    List<String> strings(String key) {
        Object value = raw(key, "array", null);
        var result = new ArrayList<String>();
        var list = (List<?>) value;
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String s)) {
                throw new InvalidSettingException(full(key) + "[" + i + "]", item, "a string");
            }
            result.add(s);
        }
        return List.copyOf(result);
    }

    /** An array of objects, each wrapped in a reader that rejects unknown fields. */
    List<ObjectReader> objects(String key) {
        var list = (List<?>) raw(key, "array", null);
        var result = new ArrayList<ObjectReader>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String path = full(key) + "[" + i + "]";
            if (!(item instanceof Map<?, ?> map)) {
                throw new InvalidSettingException(path, item, "an object");
            }
            result.add(new ObjectReader(path, castMap(map)));
        }
        return result;
    }

    /** An object setting read field by field (unknown fields rejected by {@link ObjectReader#finish}). */
    ObjectReader object(String key) {
        return new ObjectReader(full(key), castMap((Map<?, ?>) raw(key, "object", null)));
    }

    Map<String, String> stringMap(String key) {
        var map = castMap((Map<?, ?>) raw(key, "object", null));
        var result = new LinkedHashMap<String, String>();
        map.forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new InvalidSettingException(full(key) + "." + k, v, "a string");
            }
            result.put(k, s);
        });
        return java.util.Collections.unmodifiableMap(result);
    }

    /**
     * A setting whose value must stay secret: {@code null} when the stack holds it encrypted and it cannot be
     * decrypted here (the offline plan), else the value (the declared default when unset).
     */
    String secretString(String key) {
        if (isUndecryptable(key)) {
            read.add(key);
            return null;
        }
        return string(key);
    }

    /** An object of secret strings; {@code null} when it cannot be decrypted here. */
    Map<String, String> secretStringMap(String key) {
        if (isUndecryptable(key)) {
            read.add(key);
            return null;
        }
        return stringMap(key);
    }

    private boolean isUndecryptable(String key) {
        String fullKey = full(key);
        return source.values().containsKey(fullKey) && source.values().get(fullKey) == null;
    }

    /** Stack keys in the project namespace that no declaration matches, each with a hint. */
    List<InvalidSettingException> unknownKeys() {
        var problems = new ArrayList<InvalidSettingException>();
        String prefix = project.name() + ":";
        for (String fullKey : source.values().keySet()) {
            if (!fullKey.startsWith(prefix)) {
                continue;
            }
            String key = fullKey.substring(prefix.length());
            if (!project.settings().containsKey(key)) {
                problems.add(new InvalidSettingException(fullKey, source.values().get(fullKey),
                        "a declared setting; " + hint(key, project.settings().keySet()) + " (all settings are declared in Pulumi.yaml)"));
            }
        }
        return problems;
    }

    static String hint(String key, Set<String> known) {
        String best = known.stream().min(Comparator.comparingInt(k -> distance(k.toLowerCase(), key.toLowerCase()))).orElse(null);
        return best != null && distance(best.toLowerCase(), key.toLowerCase()) <= Math.max(2, key.length() / 3)
                ? "did you mean '" + best + "'?" : "no setting has a similar name";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A value outside the project namespace (e.g. {@code aws:region}), as the stack file or engine gives it. */
    String rawSource(String fullKey) {
        return source.values().get(fullKey);
    }

    Set<String> readKeys() {
        return Set.copyOf(read);
    }

    boolean isSecret(String key) {
        return source.secretKeys().contains(full(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** One object of an array setting; reading marks fields known, {@link #finish} rejects the rest. */
    static final class ObjectReader {
        private final String path;
        private final Map<String, Object> fields;
        private final Set<String> known = new HashSet<>();

        ObjectReader(String path, Map<String, Object> fields) {
            this.path = path;
            this.fields = fields;
        }

        Map<String, List<String>> stringListMap(String field) {
            known.add(field);
            Object value = fields.get(field);
            if (value == null) {
                return Map.of();
            }
            var result = new LinkedHashMap<String, List<String>>();
            if (value instanceof Map<?, ?> map) {
                for (var entry : map.entrySet()) {
                    if (!(entry.getValue() instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                        throw new InvalidSettingException(path(field) + "." + entry.getKey(), entry.getValue(), "a list of strings");
                    }
                    result.put(String.valueOf(entry.getKey()), list.stream().map(String.class::cast).toList());
                }
                return java.util.Collections.unmodifiableMap(result);
            }
            throw new InvalidSettingException(path(field), value, "an object of lists of strings");
        }

        /** An object field of string values (e.g. labels); empty when absent. */
        Map<String, String> stringMap(String field) {
            known.add(field);
            Object value = fields.get(field);
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> map) || !map.values().stream().allMatch(String.class::isInstance)) {
                throw new InvalidSettingException(path(field), value, "an object of strings");
            }
            var result = new LinkedHashMap<String, String>();
            map.forEach((k, v) -> result.put(String.valueOf(k), (String) v));
            return java.util.Collections.unmodifiableMap(result);
        }

        List<ObjectReader> objects(String field) {
            known.add(field);
            Object value = fields.get(field);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw new InvalidSettingException(path(field), value, "a list of objects");
            }
            var result = new ArrayList<ObjectReader>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> map)) {
                    throw new InvalidSettingException(path(field) + "[" + i + "]", list.get(i), "an object");
                }
                result.add(new ObjectReader(path(field) + "[" + i + "]", castMap(map)));
            }
            return result;
        }

        /** Reads a plain object setting's fields the same way as an array item's. */
        static ObjectReader of(String path, Map<String, Object> fields) {
            return new ObjectReader(path, fields);
        }

        boolean isEmpty() {
            return fields.isEmpty();
        }

        String path(String field) {
            return path + "." + field;
        }

        String string(String field, String defaultValue) {
            known.add(field);
            Object value = fields.get(field);
            if (value == null) {
                if (defaultValue == null) {
                    throw new InvalidSettingException(path(field), null, "set");
                }
                return defaultValue;
            }
            if (!(value instanceof String s)) {
                throw new InvalidSettingException(path(field), value, "a string");
            }
            return s;
        }

        Integer integer(String field, Integer defaultValue) {
            known.add(field);
            Object value = fields.get(field);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.intValue();
            }
            throw new InvalidSettingException(path(field), value, "a whole number");
        }

        boolean bool(String field, boolean defaultValue) {
            known.add(field);
            Object value = fields.get(field);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Boolean b) {
                return b;
            }
            throw new InvalidSettingException(path(field), value, "true or false");
        }

        List<String> strings(String field) {
            known.add(field);
            Object value = fields.get(field);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw new InvalidSettingException(path(field), value, "a list of strings");
            }
            return list.stream().map(String.class::cast).toList();
        }

        ObjectReader object(String field) {
            known.add(field);
            Object value = fields.get(field);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw new InvalidSettingException(path(field), value, "an object");
            }
            return new ObjectReader(path(field), castMap(map));
        }

        /** Rejects fields nobody read, with a hint. */
        void finish() {
            for (String field : fields.keySet()) {
                if (!known.contains(field)) {
                    throw new InvalidSettingException(path(field), fields.get(field),
                            "a known field (" + String.join(", ", known.stream().sorted().toList()) + "); " + hint(field, known));
                }
            }
        }
    }
}
