package io.privatevault.components.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Reading IAM-policy-shaped JSON, where an element is a string or a list of strings. */
public final class JsonValues {
    private JsonValues() {
    }

    /** The string at {@code key}, or null when it is absent or not a primitive. */
    public static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** A string or an array's strings (IAM accepts both for Action, Resource, principals and condition values). */
    public static List<String> strings(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return List.of();
        }
        if (element.isJsonArray()) {
            var list = new ArrayList<String>();
            element.getAsJsonArray().forEach(e -> {
                if (e.isJsonPrimitive()) {
                    list.add(e.getAsString());
                }
            });
            return List.copyOf(list);
        }
        return element.isJsonPrimitive() ? List.of(element.getAsString()) : List.of();
    }
}
