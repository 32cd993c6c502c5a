package io.privatevault.components.host;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.core.annotations.Export;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.TreeSet;

/**
 * Marks outputs required in the schema the SDK's {@code ComponentAnalyzer} (1.36.1) infers: it marks an output
 * required only when its field also carries {@code @Import(required = true)}, so every output of every component
 * reaches other languages as optional, and a strict TypeScript program cannot pass {@code kms.keyArn} to an input
 * that requires a string. Here every {@code @Export} output is required unless its field is {@link MayBeAbsent}.
 * Pulumi schema: "required: a list of the names of the resource's required output properties" (pulumi.com, Pulumi
 * Package Schema, ResourceSpec).
 */
final class RequiredOutputs {
    private RequiredOutputs() {
    }

    static String mark(String schemaJson, String javaPackage) {
        JsonObject schema = JsonParser.parseString(schemaJson).getAsJsonObject();
        for (Map.Entry<String, com.google.gson.JsonElement> resource : schema.getAsJsonObject("resources").entrySet()) {
            Class<?> component = Components.componentClass(javaPackage, resource.getKey());
            JsonObject spec = resource.getValue().getAsJsonObject();
            var declared = spec.has("properties") ? spec.getAsJsonObject("properties").keySet() : java.util.Set.<String>of();
            var required = new TreeSet<String>();
            for (Class<?> c = component; c != null && !c.getName().startsWith("com.pulumi."); c = c.getSuperclass()) { // the SDK's urn is no output
                for (Field field : c.getDeclaredFields()) {
                    Export export = field.getAnnotation(Export.class);
                    if (export != null && field.getAnnotation(MayBeAbsent.class) == null) {
                        String name = export.name().isEmpty() ? field.getName() : export.name();
                        if (!declared.contains(name)) {
                            throw new IllegalStateException(resource.getKey() + ": output " + name + " is not in the analyzer's properties " + declared);
                        }
                        required.add(name);
                    }
                }
            }
            var array = new JsonArray();
            required.forEach(array::add);
            spec.add("required", array);
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(schema);
    }
}
