package io.privatevault.components.construct;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a Pulumi YAML program's use of the package against the served schema, as Pulumi YAML's type checker would
 * before a deployment: every {@code private-vault:} type token is a component; every property is one of its inputs,
 * required inputs are given, and literal values have the input's kind (nested object types and their required
 * properties included); every {@code ${resource.property}} names an output of that resource, a whole-value reference
 * has the kind of the input it feeds, and no plain input (one other SDKs type as a plain value) takes a resource's
 * output, which is unknown during preview. References to other packages' resources, config and variables are not
 * judged here.
 */
final class YamlProgramCheck {
    private static final String PACKAGE = "private-vault:";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_-]*)\\.([A-Za-z0-9_]+)[^}]*}");

    private final ServedSchema schema;
    private final Map<String, Object> resources;
    private final List<String> problems = new ArrayList<>();

    private YamlProgramCheck(ServedSchema schema, Map<String, Object> program) {
        this.schema = schema;
        this.resources = map(program.getOrDefault("resources", Map.of()));
    }

    /** Every problem found, each naming the resource and property; empty when the program fits the schema. */
    static List<String> problems(ServedSchema schema, Map<String, Object> program) {
        var check = new YamlProgramCheck(schema, program);
        check.run(program);
        return check.problems;
    }

    private void run(Map<String, Object> program) {
        resources.forEach((name, body) -> {
            String token = token(name);
            if (token == null) {
                return;
            }
            if (!schema.components().contains(token)) {
                problems.add(name + ": " + map(body).get("type") + " is not a component of the package " + schema.components());
                return;
            }
            Map<String, Object> properties = map(map(body).getOrDefault("properties", Map.of()));
            var inputs = schema.inputs(token);
            for (String required : schema.requiredInputs(token)) {
                if (!properties.containsKey(required)) {
                    problems.add(name + ": required input " + required + " is missing");
                }
            }
            properties.forEach((property, value) -> {
                JsonObject spec = inputs.get(property);
                if (spec == null) {
                    problems.add(name + "." + property + ": " + token + " has no input " + property + " (inputs: " + inputs.keySet() + ")");
                } else {
                    value(name + "." + property, value, spec, ServedSchema.plain(spec));
                }
            });
        });
        map(program.getOrDefault("outputs", Map.of())).forEach((output, value) -> references("outputs." + output, value));
    }

    private void value(String where, Object value, JsonObject spec, boolean plain) {
        String kind = ServedSchema.kind(spec);
        if (value instanceof String text && text.contains("${")) {
            var whole = REFERENCE.matcher(text);
            boolean isWhole = whole.matches();
            for (JsonObject output : references(where, text)) {
                if (plain) {
                    problems.add(where + ": a plain input cannot take a resource output (" + text + ")");
                } else if (isWhole && !ServedSchema.kind(output).equals(kind)) {
                    problems.add(where + ": " + text + " is " + ServedSchema.kind(output) + ", the input takes " + kind);
                }
            }
            if (!isWhole && !kind.equals("string")) {
                problems.add(where + ": an interpolated string where the input takes " + kind);
            }
            return;
        }
        switch (kind) {
            case "string" -> expect(where, value, value instanceof String, kind);
            case "integer" -> expect(where, value, value instanceof Integer || value instanceof Long, kind);
            case "number" -> expect(where, value, value instanceof Number, kind);
            case "boolean" -> expect(where, value, value instanceof Boolean, kind);
            case "array" -> {
                if (expect(where, value, value instanceof List<?>, kind)) {
                    var items = (List<?>) value;
                    for (int i = 0; i < items.size(); i++) {
                        value(where + "[" + i + "]", items.get(i), ServedSchema.items(spec), plain);
                    }
                }
            }
            case "map" -> {
                if (expect(where, value, value instanceof Map<?, ?>, kind)) {
                    map(value).forEach((k, v) -> value(where + "." + k, v, ServedSchema.items(spec), plain));
                }
            }
            case "object" -> {
                if (expect(where, value, value instanceof Map<?, ?>, "object " + ServedSchema.ref(spec))) {
                    var properties = schema.objectType(ServedSchema.ref(spec));
                    Map<String, Object> given = map(value);
                    for (String required : schema.requiredProperties(ServedSchema.ref(spec))) {
                        if (!given.containsKey(required)) {
                            problems.add(where + ": required property " + required + " is missing");
                        }
                    }
                    given.forEach((k, v) -> {
                        if (!properties.containsKey(k)) {
                            problems.add(where + "." + k + ": " + ServedSchema.ref(spec) + " has no property " + k + " (" + properties.keySet() + ")");
                        } else {
                            value(where + "." + k, v, properties.get(k), plain || ServedSchema.plain(properties.get(k)));
                        }
                    });
                }
            }
            default -> problems.add(where + ": schema kind " + kind + " is not judged");
        }
    }

    /** The output specs of every package resource a text refers to; a reference to a missing output is a problem. */
    private List<JsonObject> references(String where, Object value) {
        var found = new ArrayList<JsonObject>();
        if (!(value instanceof String text)) {
            return found;
        }
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            String token = resources.containsKey(m.group(1)) ? token(m.group(1)) : null;
            if (token == null || !schema.components().contains(token)) {
                continue;
            }
            JsonObject output = schema.outputs(token).get(m.group(2));
            if (output == null) {
                problems.add(where + ": " + m.group(1) + " (" + token + ") has no output " + m.group(2) + " (outputs: "
                        + new TreeSet<>(schema.outputs(token).keySet()) + ")");
            } else {
                found.add(output);
            }
        }
        return found;
    }

    /** The package's type token of a resource ({@code private-vault:X} and {@code private-vault:index:X} alike), else null. */
    private String token(String resource) {
        Object type = map(resources.get(resource)).get("type");
        if (!(type instanceof String t) || !t.startsWith(PACKAGE)) {
            return null;
        }
        String[] parts = t.split(":");
        return parts.length == 2 ? PACKAGE + "index:" + parts[1] : t;
    }

    private boolean expect(String where, Object value, boolean ok, String kind) {
        if (!ok) {
            problems.add(where + ": " + value + " is not of kind " + kind);
        }
        return ok;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
