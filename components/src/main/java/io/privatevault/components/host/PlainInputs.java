package io.privatevault.components.host;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Corrects the schema the SDK's {@code ComponentAnalyzer} (1.36.1) infers: it marks a plain scalar field
 * {@code "plain": true} but a plain {@code List} or {@code Map} field only in its items, so every generated SDK types
 * the list itself {@code Input<...>} and lets a program pass another resource's output where the component needs
 * the value while the program runs (to decide how many subnets, rules or engineers' certificates to create). Here
 * every input whose Args field is not {@code Output<T>} is marked {@code "plain": true} itself: generated SDKs then
 * take a plain list or map there, and {@link ArgsDecoder} refuses anything else with the input's name.
 * Pulumi schema: "plain: true" on a property means "the property is not wrapped in an Input" (pulumi.com, Pulumi
 * Package Schema, PropertySpec).
 */
final class PlainInputs {
    private PlainInputs() {
    }

    /** The schema JSON of the components in {@code javaPackage}, with plain inputs marked. */
    static String correct(String schemaJson, String javaPackage) {
        JsonObject schema = JsonParser.parseString(schemaJson).getAsJsonObject();
        JsonObject types = schema.has("types") ? schema.getAsJsonObject("types") : new JsonObject();
        Set<String> visited = new HashSet<>();
        for (Map.Entry<String, com.google.gson.JsonElement> resource : schema.getAsJsonObject("resources").entrySet()) {
            String token = resource.getKey();
            Class<?> args = Components.argsType(Components.componentClass(javaPackage, token));
            JsonObject inputs = resource.getValue().getAsJsonObject().getAsJsonObject("inputProperties");
            mark(inputs == null ? new JsonObject() : inputs, args, token, types, visited);
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(schema);
    }

    private static void mark(JsonObject properties, Class<?> args, String where, JsonObject types, Set<String> visited) {
        Map<String, Field> fields = ArgsFields.of(args);
        if (!fields.keySet().equals(properties.keySet())) {
            throw new IllegalStateException(where + ": the analyzer's properties " + new TreeSet<>(properties.keySet())
                    + " differ from the fields of " + args.getName() + " " + new TreeSet<>(fields.keySet()));
        }
        fields.forEach((name, field) -> {
            JsonObject property = properties.getAsJsonObject(name);
            Type type = field.getGenericType();
            if (ArgsFields.isOutput(type)) {
                type = ArgsFields.argument(type, 0);
            } else {
                property.addProperty("plain", true);
            }
            nested(property, type, where + "." + name, types, visited);
        });
    }

    /** Follows a property's object types (directly, or as list items or map values) to their own properties. */
    private static void nested(JsonObject spec, Type type, String where, JsonObject types, Set<String> visited) {
        if (spec.has("$ref")) {
            String token = spec.get("$ref").getAsString().replace("#/types/", "");
            if (visited.add(token)) {
                JsonObject definition = types.getAsJsonObject(token);
                if (definition == null) {
                    throw new IllegalStateException(where + " refers to " + token + ", which the schema does not define");
                }
                mark(definition.getAsJsonObject("properties"), ArgsFields.raw(type), token, types, visited);
            }
        } else if (spec.has("items")) {
            nested(spec.getAsJsonObject("items"), ArgsFields.argument(type, 0), where + "[]", types, visited);
        } else if (spec.has("additionalProperties")) {
            nested(spec.getAsJsonObject("additionalProperties"), ArgsFields.argument(type, 1), where + "{}", types, visited);
        }
    }
}
