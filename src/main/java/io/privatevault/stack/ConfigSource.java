package io.privatevault.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * @param values          full key to value; a secret that cannot be decrypted offline maps to {@code null}
 * @param secretKeys      keys whose values are secret
 * @param partlyPlainKeys secret keys of a stack file whose object holds an encrypted value beside a plain-text one
 *                        (e.g. one database password set with {@code --secret}, another without): the CLI counts
 *                        the whole object as secure, so only the file shows the plain one
 */
public record ConfigSource(Map<String, String> values, Set<String> secretKeys, Set<String> partlyPlainKeys) {
    public ConfigSource(Map<String, String> values, Set<String> secretKeys) {
        this(values, secretKeys, Set.of());
    }

    private static final YAMLMapper YAML = new YAMLMapper();
    /** The top-level fields of a stack file (the Pulumi CLI's stack-file structure); settings go under {@code config:}. */
    private static final List<String> STACK_FILE_FIELDS = List.of("config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt");

    /**
     * The configuration the language host passes to a program ({@code PULUMI_CONFIG}, a JSON object, and
     * {@code PULUMI_CONFIG_SECRET_KEYS}, a JSON array) — the same variables the Java SDK reads.
     */
    public static ConfigSource fromEngineEnvironment() {
        return fromEngine(System.getenv("PULUMI_CONFIG"), System.getenv("PULUMI_CONFIG_SECRET_KEYS"));
    }

    static ConfigSource fromEngine(String config, String secrets) {
        try {
            Map<String, String> values = config == null || config.isBlank() ? Map.of()
                    : SettingsReader.JSON.readValue(config, new TypeReference<LinkedHashMap<String, String>>() { });
            List<String> secretKeys = secrets == null || secrets.isBlank() ? List.of()
                    : SettingsReader.JSON.readValue(secrets, new TypeReference<List<String>>() { });
            return new ConfigSource(java.util.Collections.unmodifiableMap(values), Set.copyOf(secretKeys));
        } catch (JsonProcessingException e) {
            throw new InvalidStackFileException("the engine's configuration (PULUMI_CONFIG) is not a JSON object of strings: "
                    + e.getOriginalMessage());
        }
    }

    /** True when the Pulumi engine started this process: the SDK connects to the engine's resource monitor. */
    public static boolean runByEngine() {
        return System.getenv("PULUMI_MONITOR") != null;
    }

    /**
     * A stack file ({@code Pulumi.<stack>.yaml}). Values are converted the way the CLI passes them; a
     * {@code secure:} value (encrypted, not decryptable without the stack's secrets provider) becomes a
     * secret with no value, and so does any object that contains one.
     */
    public static ConfigSource fromStackFile(Path file) throws IOException {
        JsonNode doc;
        try {
            doc = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new InvalidStackFileException(file + " is not valid YAML: " + e.getOriginalMessage());
        }
        if (doc == null || doc.isMissingNode() || doc.isNull()) {
            return new ConfigSource(Map.of(), Set.of());
        }
        if (!doc.isObject()) {
            throw new InvalidStackFileException(file + " is not a YAML mapping");
        }
        var stray = new ArrayList<String>();
        doc.fieldNames().forEachRemaining(field -> {
            if (!STACK_FILE_FIELDS.contains(field)) {
                stray.add(field);
            }
        });
        if (!stray.isEmpty()) {
            throw new InvalidStackFileException(file + ": " + String.join(", ", stray) + (stray.size() == 1 ? " is" : " are")
                    + " not a stack file field and would be ignored; settings belong under `config:` (e.g. `config:` then `  "
                    + (stray.get(0).contains(":") ? stray.get(0) : "private-vault:" + stray.get(0)) + ": ...`); a stack file has only "
                    + String.join(", ", STACK_FILE_FIELDS));
        }
        JsonNode config = doc.get("config");
        if (config == null || config.isNull()) {
            return new ConfigSource(Map.of(), Set.of());
        }
        if (!config.isObject()) {
            throw new InvalidStackFileException(file + ": 'config' must be a mapping of project:key to value");
        }
        var values = new LinkedHashMap<String, String>();
        var secretKeys = new HashSet<String>();
        var partlyPlain = new HashSet<String>();
        var fields = config.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            String key = entry.getKey();
            if (!key.contains(":")) {
                throw new InvalidStackFileException(file + ": config key '" + key + "' must be namespaced, e.g. private-vault:" + key);
            }
            JsonNode value = entry.getValue();
            if (containsSecure(value)) {
                secretKeys.add(key);
                values.put(key, null);
                if (containsPlainText(value)) {
                    partlyPlain.add(key);
                }
            } else {
                values.put(key, value.isTextual() ? value.asText() : value.isNull() ? "" : value.toString());
            }
        }
        return new ConfigSource(java.util.Collections.unmodifiableMap(values), Set.copyOf(secretKeys), Set.copyOf(partlyPlain));
    }

    /** A non-empty string anywhere in {@code value} outside a {@code secure:} entry. */
    private static boolean containsPlainText(JsonNode value) {
        if (value.isObject() && value.has("secure")) {
            return false;
        }
        if (value.isContainerNode()) {
            for (JsonNode child : value) {
                if (containsPlainText(child)) {
                    return true;
                }
            }
            return false;
        }
        return value.isTextual() && !value.asText().isEmpty();
    }

    private static boolean containsSecure(JsonNode value) {
        if (value.isObject()) {
            if (value.has("secure")) {
                return true;
            }
            for (JsonNode child : value) {
                if (containsSecure(child)) {
                    return true;
                }
            }
            return false;
        }
        if (value.isArray()) {
            for (JsonNode child : value) {
                if (containsSecure(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A stack file that is not even shaped like one. */
    public static final class InvalidStackFileException extends IllegalArgumentException {
        public InvalidStackFileException(String message) {
            super(message);
        }
    }
}
