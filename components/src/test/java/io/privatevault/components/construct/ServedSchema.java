package io.privatevault.components.construct;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The package schema as the provider serves it over {@code GetSchema}, which is all other languages know about the
 * components: which components exist, their inputs (type, required, plain or {@code Input<T>}), their outputs and
 * the nested object types. The test is driven by this, not by the Java classes.
 */
final class ServedSchema {
    private final JsonObject schema;

    ServedSchema(String json) {
        this.schema = JsonParser.parseString(json).getAsJsonObject();
    }

    String name() {
        return schema.get("name").getAsString();
    }

    String version() {
        return schema.get("version").getAsString();
    }

    /** Type tokens of every component resource. */
    Set<String> components() {
        var out = new TreeSet<String>();
        schema.getAsJsonObject("resources").entrySet().forEach(e -> {
            if (e.getValue().getAsJsonObject().has("isComponent") && e.getValue().getAsJsonObject().get("isComponent").getAsBoolean()) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    /** Tokens of every object type (nested inputs such as {@code private-vault:index:VaultTenant}). */
    Set<String> typeTokens() {
        return schema.has("types") ? new TreeSet<>(schema.getAsJsonObject("types").keySet()) : Set.of();
    }

    Map<String, JsonObject> inputs(String component) {
        return properties(resource(component).getAsJsonObject("inputProperties"));
    }

    Set<String> requiredInputs(String component) {
        return names(resource(component), "requiredInputs");
    }

    /** Outputs other languages type as always present; the rest may be absent. */
    Set<String> requiredOutputs(String component) {
        return names(resource(component), "required");
    }

    Map<String, JsonObject> outputs(String component) {
        return properties(resource(component).getAsJsonObject("properties"));
    }

    /** The properties of the object type a {@code $ref} names. */
    Map<String, JsonObject> objectType(String ref) {
        JsonObject type = schema.getAsJsonObject("types").getAsJsonObject(ref.replace("#/types/", ""));
        if (type == null) {
            throw new IllegalArgumentException("the schema has no type " + ref);
        }
        return properties(type.getAsJsonObject("properties"));
    }

    Set<String> requiredProperties(String ref) {
        return names(schema.getAsJsonObject("types").getAsJsonObject(ref.replace("#/types/", "")), "required");
    }

    /** {@code plain: true}: other SDKs type the property as a plain value, never an {@code Input<T>}. */
    static boolean plain(JsonObject spec) {
        return spec.has("plain") && spec.get("plain").getAsBoolean();
    }

    static String ref(JsonObject spec) {
        return spec.has("$ref") ? spec.get("$ref").getAsString() : null;
    }

    /** {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array}, {@code map} or {@code object} (a $ref). */
    static String kind(JsonObject spec) {
        if (spec.has("$ref")) {
            return "object";
        }
        String type = spec.get("type").getAsString();
        return type.equals("object") && spec.has("additionalProperties") ? "map" : type;
    }

    static JsonObject items(JsonObject spec) {
        return spec.getAsJsonObject(spec.has("items") ? "items" : "additionalProperties");
    }

    private JsonObject resource(String component) {
        JsonObject resource = schema.getAsJsonObject("resources").getAsJsonObject(component);
        if (resource == null) {
            throw new IllegalArgumentException("the served schema has no component " + component);
        }
        return resource;
    }

    private static Map<String, JsonObject> properties(JsonObject properties) {
        var out = new LinkedHashMap<String, JsonObject>();
        if (properties != null) {
            new TreeSet<>(properties.keySet()).forEach(k -> out.put(k, properties.getAsJsonObject(k)));
        }
        return out;
    }

    private static Set<String> names(JsonObject object, String field) {
        var out = new TreeSet<String>();
        if (object != null && object.has(field)) {
            for (JsonElement e : object.getAsJsonArray(field)) {
                out.add(e.getAsString());
            }
        }
        return out;
    }
}
