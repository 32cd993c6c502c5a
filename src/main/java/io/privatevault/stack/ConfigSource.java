package io.privatevault.stack;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raw stack configuration as the Pulumi CLI hands it to a program: full keys ({@code project:key}) to string
 * values (arrays and objects as JSON), plus the set of secret keys. Under {@code pulumi up} it comes from the
 * engine; offline it is read from the stack file with a YAML parser. Both feed the same {@link StackSettings}.
 *
 * @param values         full key to value; a secret that cannot be decrypted offline maps to {@code null}
 * @param secretKeys     keys whose values are secret
 */
public record ConfigSource(Map<String, String> values, Set<String> secretKeys) {
    private static final Gson GSON = new Gson();

    /**
     * The configuration the language host passes to a program ({@code PULUMI_CONFIG}, a JSON object, and
     * {@code PULUMI_CONFIG_SECRET_KEYS}, a JSON array) — the same variables the Java SDK reads.
     */
    public static ConfigSource fromEngineEnvironment() {
        String config = System.getenv("PULUMI_CONFIG");
        String secrets = System.getenv("PULUMI_CONFIG_SECRET_KEYS");
        Map<String, String> values = config == null || config.isBlank() ? Map.of()
                : GSON.fromJson(config, new TypeToken<Map<String, String>>() { }.getType());
        List<String> secretKeys = secrets == null || secrets.isBlank() ? List.of()
                : GSON.fromJson(secrets, new TypeToken<List<String>>() { }.getType());
        return new ConfigSource(Map.copyOf(values), Set.copyOf(secretKeys));
    }

    /**
     * A stack file ({@code Pulumi.<stack>.yaml}). Values are converted the way the CLI passes them; a
     * {@code secure:} value (encrypted, not decryptable without the stack's secrets provider) becomes a
     * secret with no value, and so does any object that contains one.
     */
    public static ConfigSource fromStackFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (doc != null && !(doc instanceof Map)) {
                throw new InvalidStackFileException(file + " is not a YAML mapping");
            }
            var map = doc == null ? Map.<String, Object>of() : castMap(doc);
            Object config = map.getOrDefault("config", Map.of());
            if (config == null) {
                config = Map.of();
            }
            if (!(config instanceof Map)) {
                throw new InvalidStackFileException(file + ": 'config' must be a mapping of project:key to value");
            }
            var values = new LinkedHashMap<String, String>();
            var secretKeys = new HashSet<String>();
            for (var entry : castMap(config).entrySet()) {
                String key = entry.getKey();
                if (!key.contains(":")) {
                    throw new InvalidStackFileException(file + ": config key '" + key + "' must be namespaced, e.g. private-vault:" + key);
                }
                Object value = entry.getValue();
                if (containsSecure(value)) {
                    secretKeys.add(key);
                    values.put(key, null);
                } else {
                    values.put(key, value instanceof String s ? s
                            : value instanceof Map || value instanceof List ? GSON.toJson(value) : String.valueOf(value));
                }
            }
            return new ConfigSource(java.util.Collections.unmodifiableMap(values), Set.copyOf(secretKeys));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new InvalidStackFileException(file + " is not valid YAML: " + e.getMessage());
        }
    }

    private static boolean containsSecure(Object value) {
        if (value instanceof Map<?, ?> m) {
            return m.containsKey("secure") || m.values().stream().anyMatch(ConfigSource::containsSecure);
        }
        return value instanceof List<?> l && l.stream().anyMatch(ConfigSource::containsSecure);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** A stack file that is not even shaped like one. */
    public static final class InvalidStackFileException extends IllegalArgumentException {
        public InvalidStackFileException(String message) {
            super(message);
        }
    }
}
