package io.privatevault.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.privatevault.components.support.Problem;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the declared settings of one stack into typed values: the stack's value, else the Pulumi.yaml default, else
 * the per-environment default the caller passes. Values arrive as the engine hands them to a program (strings;
 * arrays and objects as JSON), are typed by their Pulumi.yaml declaration and bound by Jackson into records, so
 * {@code pulumi up} and the offline plan share one path.
 *
 * <p>A value that does not bind is recorded as a {@link Problem} naming the key (e.g.
 * {@code private-vault:tenants[0].port}), the value and what is allowed, and the caller gets a fallback so reading
 * goes on: every problem of a stack is found in one run. Reading a key Pulumi.yaml does not declare, or as another
 * type, is a programming error.
 */
final class SettingsReader {
    /**
     * How one kind of stack reads its settings: the typed record, its components' Args problems, its own rules.
     *
     * @param read         reads the typed settings ({@code reader, project, stack})
     * @param argsProblems the problems its components' Args find in them
     * @param rules        its own cross-setting rules
     */
    record Kind<T>(Reader<T> read, java.util.function.Function<T, List<SettingsProblems.ArgsProblem>> argsProblems,
                   java.util.function.BiConsumer<T, SettingsProblems> rules) {
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(SettingsReader reader, String project, String stack);
    }

    /**
     * Reads and validates the settings of {@code stack} as {@code kind} reads them, including the Args built from
     * them; throws {@link InvalidSettingsException} listing every problem.
     */
    static <T> T load(Kind<T> kind, ProjectDefinition project, ConfigSource source, String stack) {
        var reader = new SettingsReader(project, source);
        T settings = kind.read().read(reader, project.name(), stack);
        reader.refusePlaintextSecrets();
        var problems = new SettingsProblems(project.name(), List.copyOf(project.settings().keySet()), reader.problems(), reader.unusable());
        problems.addArgs(kind.argsProblems().apply(settings));
        kind.rules().accept(settings, problems);
        problems.throwIfAny(stack);
        return settings;
    }

    /** The declared settings {@code kind} reads (a test checks they cover every one Pulumi.yaml declares). */
    static Set<String> keysRead(Kind<?> kind, ProjectDefinition project, ConfigSource source, String stack) {
        var reader = new SettingsReader(project, source);
        kind.read().read(reader, project.name(), stack);
        return reader.readKeys();
    }

    /** Strict binding: no silent string-to-number or number-to-string coercion, unknown fields rejected. */
    static final ObjectMapper JSON = strict();

    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();
    private static final Pattern MISSING = Pattern.compile("Missing required creator property '([^']+)'.*", Pattern.DOTALL);

    private final ProjectDefinition project;
    private final ConfigSource source;
    private final Set<String> read = new HashSet<>();
    private final Set<String> declaredSecret = new TreeSet<>();
    private final Set<String> unknown = new HashSet<>();
    private final List<Problem> problems = new ArrayList<>();

    SettingsReader(ProjectDefinition project, ConfigSource source) {
        this.project = project;
        this.source = source;
    }

    private static ObjectMapper strict() {
        var mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        for (var shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The full key as users write it, e.g. {@code private-vault:nodeCount}. */
    String full(String key) {
        return project.name() + ":" + key;
    }

    // ---- problems ------------------------------------------------------------------------------------------------

    void problem(String path, Object value, String allowed) {
        problems.add(new Problem(path, value, allowed));
    }

    /** A value that could not be known (it derives from a setting that failed): later rules on it are skipped. */
    void unknown(String path) {
        unknown.add(path);
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Paths whose value is a fallback (they failed to read, or derive from a setting that did). */
    Set<String> unusable() {
        var paths = new HashSet<>(unknown);
        problems.forEach(p -> paths.add(p.setting()));
        return paths;
    }

    // ---- typed reads ---------------------------------------------------------------------------------------------

    String string(String key, String environmentDefault) {
        JsonNode node = node(key, "string", environmentDefault == null ? null : TextNode.valueOf(environmentDefault));
        return node == null ? environmentDefault : node.asText();
    }

    int integer(String key, Integer environmentDefault, int fallback) {
        JsonNode node = node(key, "integer", environmentDefault == null ? null : LongNode.valueOf(environmentDefault));
        if (node == null) {
            return fallback;
        }
        long value = node.asLong();
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            problem(full(key), value, "a whole number");
            return fallback;
        }
        return (int) value;
    }

    boolean bool(String key, Boolean environmentDefault, boolean fallback) {
        JsonNode node = node(key, "boolean", environmentDefault == null ? null : BooleanNode.valueOf(environmentDefault));
        return node == null ? fallback : node.asBoolean();
    }

    List<String> strings(String key) {
        List<String> value = bind(full(key), node(key, "array", null), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        return value == null ? List.of() : List.copyOf(value);
    }

    Map<String, String> stringMap(String key) {
        Map<String, String> value = bind(full(key), node(key, "object", null), new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, String>>() { });
        return value == null ? Map.of() : java.util.Collections.unmodifiableMap(value);
    }

    /** An array of objects, each bound on its own: a bad entry is a problem and left out, the others are kept. */
    <T> List<T> objects(String key, Class<T> type) {
        JsonNode node = node(key, "array", null);
        if (node == null) {
            return List.of();
        }
        var result = new ArrayList<T>();
        int before = problems.size();
        for (int i = 0; i < node.size(); i++) {
            String path = full(key) + "[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                problem(path, show(item), "an object");
                continue;
            }
            T value = bind(path, item, JSON.constructType(type));
            if (value != null) {
                result.add(value);
            }
        }
        if (problems.size() > before) {
            // The entries left are renumbered: nothing more is said about this list until it reads cleanly.
            unknown(full(key));
        }
        return List.copyOf(result);
    }

    /** An object setting bound to {@code type}; null when it is empty or failed to bind. */
    <T> T object(String key, Class<T> type) {
        JsonNode node = node(key, "object", null);
        if (node == null || node.isEmpty()) {
            return null;
        }
        T value = bind(full(key), node, JSON.constructType(type));
        if (value == null) {
            // Nothing more is said about an object that does not read.
            unknown(full(key));
        }
        return value;
    }

    /** True when the stack sets the object setting {@code key} to something other than {@code {}}. */
    boolean isSetObject(String key) {
        JsonNode node = node(key, "object", null);
        return node != null && !node.isEmpty();
    }

    /**
     * A setting declared secret: its value, or {@code null} when the stack holds it encrypted and it cannot be
     * decrypted here (the offline plan): present, secret, unknown.
     */
    String secret(String key) {
        declaredSecret.add(key);
        return isUndecryptable(key) ? markRead(key) : string(key, null);
    }

    /** An object of secret strings by name; {@code null} when it cannot be decrypted here. */
    Map<String, String> secretMap(String key) {
        declaredSecret.add(key);
        return isUndecryptable(key) ? markRead(key) : stringMap(key);
    }

    private <T> T markRead(String key) {
        read.add(key);
        return null;
    }

    private boolean isUndecryptable(String key) {
        return source.values().containsKey(full(key)) && source.values().get(full(key)) == null;
    }

    /** A value outside the project namespace (e.g. {@code aws:region}) as the stack file or engine gives it. */
    String other(String fullKey) {
        return source.values().get(fullKey);
    }

    /**
     * The value of {@code key} typed as declared: the stack's, else the declared default, else {@code environmentDefault}.
     * Null (with a problem recorded) when it does not have the declared type or no value exists.
     */
    private JsonNode node(String key, String type, JsonNode environmentDefault) {
        var declaration = project.settings().get(key);
        if (declaration == null) {
            throw new IllegalStateException("setting " + key + " is read but not declared in Pulumi.yaml");
        }
        if (!declaration.type().equals(type)) {
            throw new IllegalStateException("setting " + key + " is declared " + declaration.type() + " but read as " + type);
        }
        read.add(key);
        String fullKey = full(key);
        JsonNode fallback = declaration.defaultValue() != null ? JSON.valueToTree(declaration.defaultValue()) : environmentDefault;
        String value = source.values().get(fullKey);
        if (value == null) {
            // Unset, or encrypted and not decryptable offline: then it is planned with its default, so the plan
            // neither fails nor prints because of it; under `pulumi up` the engine decrypts it.
            if (fallback == null) {
                problem(fullKey, null, "set (no default)");
            }
            return fallback;
        }
        return switch (type) {
            case "string" -> TextNode.valueOf(value);
            case "integer" -> {
                try {
                    yield LongNode.valueOf(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    problem(fullKey, value, "a whole number");
                    yield null;
                }
            }
            case "boolean" -> switch (value.trim()) {
                case "true" -> BooleanNode.TRUE;
                case "false" -> BooleanNode.FALSE;
                default -> {
                    problem(fullKey, value, "true or false");
                    yield null;
                }
            };
            default -> {
                try {
                    JsonNode parsed = JSON.readTree(value);
                    if (type.equals("array") ? parsed.isArray() : parsed.isObject()) {
                        yield parsed;
                    }
                    problem(fullKey, value, "an " + type);
                    yield null;
                } catch (JsonProcessingException e) {
                    problem(fullKey, value, "an " + type + " (valid JSON/YAML)");
                    yield null;
                }
            }
        };
    }

    private <T> T bind(String path, JsonNode node, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        return node == null ? null : bind(path, node, JSON.getTypeFactory().constructType(type));
    }

    private <T> T bind(String path, JsonNode node, com.fasterxml.jackson.databind.JavaType type) {
        try {
            return JSON.readerFor(type).readValue(node);
        } catch (java.io.IOException e) {
            problems.add(describe(path, node, e));
            return null;
        }
    }

    /** A binding failure as a problem on the exact field, in the words of the settings. */
    private static Problem describe(String path, JsonNode root, java.io.IOException error) {
        if (!(error instanceof JsonMappingException mapping)) {
            return new Problem(path, show(root), "valid JSON/YAML");
        }
        var where = new StringBuilder(path);
        JsonNode at = root;
        for (var reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                where.append('.').append(reference.getFieldName());
                at = at == null ? null : at.get(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                where.append('[').append(reference.getIndex()).append(']');
                at = at == null ? null : at.get(reference.getIndex());
            }
        }
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            var known = new TreeSet<String>();
            unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            return new Problem(where.toString(), show(at),
                    "a known field (" + String.join(", ", known) + "); " + hint(unknown.getPropertyName(), known));
        }
        if (mapping instanceof SettingValues.InvalidValue invalid) {
            return new Problem(where.toString(), invalid.value(), invalid.allowed());
        }
        var missing = MISSING.matcher(mapping.getOriginalMessage());
        if (missing.matches()) {
            String field = "." + missing.group(1);
            return new Problem(where.toString().endsWith(field) ? where.toString() : where + field, null, "set");
        }
        Class<?> target = mapping instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        return new Problem(where.toString(), show(at), expected(target));
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "a value of the documented shape";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "a whole number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(target)) {
            return "a list";
        }
        return "an object";
    }

    /** The value as the user wrote it: text for scalars, JSON for lists and objects. */
    private static Object show(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        return node.toString();
    }

    // ---- keys ----------------------------------------------------------------------------------------------------

    /** Settings that no longer exist, with what took their place. */
    private static final Map<String, String> REMOVED = Map.of(
            "vaultConfigEnabled", "removed: Vault's configuration is a stack of its own now, whose file sets"
                    + " private-vault:platformStack (e.g. Pulumi.dev-config.yaml for dev; see the README)",
            "vaultBootstrapToken", "removed: the initialising node binds vaultProvisionerRoleArn to Vault's provisioner policy and"
                    + " revokes its root token, so the configuration stack needs no token (see the README, first deployment)");

    /**
     * Keys the stack sets that nobody reads: in the project's namespace those Pulumi.yaml does not declare, in the
     * AWS provider's those its configuration does not know ({@code awsKeys}). Each gets a "did you mean", a removed
     * setting what replaced it.
     */
    List<Problem> unknownKeys(Set<String> awsKeys) {
        var found = new ArrayList<Problem>();
        for (String fullKey : source.values().keySet()) {
            int colon = fullKey.indexOf(':');
            String namespace = fullKey.substring(0, colon);
            String key = fullKey.substring(colon + 1);
            if (namespace.equals(project.name()) && REMOVED.containsKey(key)) {
                found.add(new Problem(fullKey, "(set)", REMOVED.get(key)));
            } else if (namespace.equals(project.name()) && !project.settings().containsKey(key)) {
                found.add(new Problem(fullKey, source.values().get(fullKey),
                        "a declared setting; " + hint(key, project.settings().keySet()) + " (all settings are declared in Pulumi.yaml)"));
            } else if (namespace.equals("aws") && !awsKeys.contains(key)) {
                found.add(new Problem(fullKey, source.values().get(fullKey),
                        "a setting of the AWS provider; " + hint(key, awsKeys) + " (see the provider's configuration reference)"));
            }
        }
        return found;
    }

    /**
     * Declared settings of the other kind of stack that this stack's file sets ({@code kind} is the kind this stack
     * is): each is a problem whose allowed text ({@code where}, given the key) says which file it belongs in.
     */
    List<Problem> otherLayersKeys(SettingsLayer kind, java.util.function.Function<String, String> where) {
        var found = new ArrayList<Problem>();
        for (String fullKey : source.values().keySet()) {
            String key = fullKey.substring(fullKey.indexOf(':') + 1);
            if (fullKey.startsWith(project.name() + ":") && project.settings().containsKey(key) && !SettingsLayer.readBy(key, kind)) {
                found.add(new Problem(fullKey, "(set)", where.apply(key)));
            }
        }
        return found;
    }

    /** "did you mean 'x'?" for the closest name, or a plain note when nothing is close. */
    static String hint(String name, Collection<String> known) {
        String best = known.stream().min(Comparator.comparingInt((String k) -> distance(k, name)).thenComparing(k -> k)).orElse(null);
        return best != null && distance(best, name) <= Math.max(2, name.length() / 3)
                ? "did you mean '" + best + "'?" : "no setting has a similar name";
    }

    private static int distance(String a, String b) {
        return DISTANCE.apply(a.toLowerCase(java.util.Locale.ROOT), b.toLowerCase(java.util.Locale.ROOT));
    }

    Set<String> readKeys() {
        return Set.copyOf(read);
    }

    /**
     * Settings declared secret whose value the stack holds in plain text (set without {@code --secret}), or, in a stack
     * file, an object of secrets with one entry encrypted and another not. An empty value ({@code ""}, {@code {}})
     * holds no secret and means "none".
     */
    Set<String> plaintextSecrets() {
        var plain = new LinkedHashSet<String>();
        for (String key : declaredSecret) {
            String value = source.values().get(full(key));
            boolean set = value != null && !value.isEmpty() && !value.strip().equals("{}");
            if (set && !source.secretKeys().contains(full(key)) || source.partlyPlainKeys().contains(full(key))) {
                plain.add(full(key));
            }
        }
        return plain;
    }

    /**
     * Refuses every {@link #plaintextSecrets plain-text secret}: a value written in clear in the stack file is in git
     * and in every checkout, whatever the program does with it later. The value itself is never printed. Pulumi.yaml
     * cannot say this for the CLI ({@code secret: true}): the CLI applies a setting's default as a plain value and then
     * refuses it ("must be encrypted as it's secret", pulumi/pulumi sdk/go/common/workspace/config.go), and without a
     * default it requires every stack, platform stacks included, to set it.
     */
    void refusePlaintextSecrets() {
        for (String key : plaintextSecrets()) {
            String name = key.substring(key.indexOf(':') + 1);
            boolean object = "object".equals(project.settings().get(name).type());
            problem(key, PLAIN_TEXT, "encrypted: it is a secret, and the stack file holds it in plain text; set it with `pulumi config set --secret "
                    + (object ? "--path '" + key + ".<name>'" : key) + " ...`, which stores `secure: v1:...`");
        }
    }

    /** What a refused plain-text secret shows instead of its value. */
    private static final Object PLAIN_TEXT = new Object() {
        @Override
        public String toString() {
            return "a plain-text value (not shown)";
        }
    };
}
