package io.privatevault.plan.insights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Accepts one rule's findings on one resource, only with a written reason (the report shows it).
 * There is deliberately no wildcard: a suppression names exactly one rule and one URN.
 */
public record Suppression(String rule, String urn, String reason) {
    public Suppression {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(urn, "urn");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("suppression of " + rule + " on " + urn + " needs a written reason");
        }
        if (rule.contains("*") || urn.contains("*")) {
            throw new IllegalArgumentException("suppression of " + rule + " on " + urn + " must name one rule and one URN, no wildcards");
        }
    }

    public boolean matches(Finding finding) {
        return rule.equals(finding.rule()) && urn.equals(finding.urn());
    }

    /** Parses {@code [{"rule": ..., "urn": ..., "reason": ...}, ...]}. */
    public static List<Suppression> parseJson(String json) {
        JsonArray array = JsonParser.parseString(json).getAsJsonArray();
        List<Suppression> result = new ArrayList<>();
        for (JsonElement element : array) {
            var o = element.getAsJsonObject();
            result.add(new Suppression(text(o, "rule"), text(o, "urn"), text(o, "reason")));
        }
        return List.copyOf(result);
    }

    private static String text(com.google.gson.JsonObject o, String key) {
        var value = o.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
