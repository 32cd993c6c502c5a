package io.privatevault.plan;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The difference between two {@code plan --format json} documents (base and head of a pull request): resources
 * added, removed and changed (with the changed input paths), findings added and fixed, and the monthly cost delta.
 * Masked secrets compare by presence only, since neither plan holds their values.
 */
public record PlanDiff(List<String> added, List<String> removed, Map<String, List<String>> changed,
                       List<String> findingsAdded, List<String> findingsFixed, Double baseCost, Double headCost) {

    public boolean hasChanges() {
        return !added.isEmpty() || !removed.isEmpty() || !changed.isEmpty() || !findingsAdded.isEmpty() || !findingsFixed.isEmpty()
                || !Objects.equals(baseCost, headCost);
    }

    public static PlanDiff of(JsonObject base, JsonObject head) {
        for (JsonObject doc : List.of(base, head)) {
            int version = doc.has("formatVersion") ? doc.get("formatVersion").getAsInt() : -1;
            if (version != JsonRenderer.FORMAT_VERSION) {
                throw new IllegalArgumentException("plan JSON formatVersion " + version + " is not supported (expected "
                        + JsonRenderer.FORMAT_VERSION + "); produce both files with the same program version");
            }
        }
        Map<String, JsonObject> before = byUrn(base.getAsJsonArray("resources"));
        Map<String, JsonObject> after = byUrn(head.getAsJsonArray("resources"));
        var added = new ArrayList<String>();
        var removed = new ArrayList<String>();
        var changed = new TreeMap<String, List<String>>();
        after.keySet().stream().filter(u -> !before.containsKey(u)).forEach(added::add);
        before.keySet().stream().filter(u -> !after.containsKey(u)).forEach(removed::add);
        for (var entry : after.entrySet()) {
            JsonObject old = before.get(entry.getKey());
            if (old != null) {
                var paths = new ArrayList<String>();
                compare("", old.get("inputs"), entry.getValue().get("inputs"), paths);
                if (!paths.isEmpty()) {
                    changed.put(entry.getKey(), paths);
                }
            }
        }
        var baseFindings = findings(base);
        var headFindings = findings(head);
        var findingsAdded = headFindings.stream().filter(f -> !baseFindings.contains(f)).toList();
        var findingsFixed = baseFindings.stream().filter(f -> !headFindings.contains(f)).toList();
        return new PlanDiff(List.copyOf(added), List.copyOf(removed), changed, findingsAdded, findingsFixed, cost(base), cost(head));
    }

    private static Map<String, JsonObject> byUrn(JsonArray resources) {
        var map = new TreeMap<String, JsonObject>();
        resources.forEach(r -> map.put(r.getAsJsonObject().get("urn").getAsString(), r.getAsJsonObject()));
        return map;
    }

    /** Dotted paths whose values differ; objects and arrays are walked, scalars compared. */
    private static void compare(String path, JsonElement a, JsonElement b, List<String> out) {
        if (Objects.equals(a, b)) {
            return;
        }
        if (a != null && b != null && a.isJsonObject() && b.isJsonObject()) {
            var keys = new TreeSet<>(a.getAsJsonObject().keySet());
            keys.addAll(b.getAsJsonObject().keySet());
            for (String key : keys) {
                compare(path.isEmpty() ? key : path + "." + key, a.getAsJsonObject().get(key), b.getAsJsonObject().get(key), out);
            }
        } else if (a != null && b != null && a.isJsonArray() && b.isJsonArray() && a.getAsJsonArray().size() == b.getAsJsonArray().size()) {
            for (int i = 0; i < a.getAsJsonArray().size(); i++) {
                compare(path + "." + i, a.getAsJsonArray().get(i), b.getAsJsonArray().get(i), out);
            }
        } else {
            out.add(path.isEmpty() ? "(inputs)" : path);
        }
    }

    private static List<String> findings(JsonObject doc) {
        var list = new ArrayList<String>();
        if (doc.has("findings")) {
            doc.getAsJsonArray("findings").forEach(f -> {
                var o = f.getAsJsonObject();
                list.add("[" + o.get("severity").getAsString() + "] " + o.get("rule").getAsString() + " " + o.get("urn").getAsString()
                        + ": " + o.get("message").getAsString());
            });
        }
        return list;
    }

    private static Double cost(JsonObject doc) {
        return doc.has("cost") && doc.getAsJsonObject("cost").has("monthlyTotalUsd")
                ? doc.getAsJsonObject("cost").get("monthlyTotalUsd").getAsDouble() : null;
    }

    /** The diff as a pull-request comment. */
    public String toMarkdown(String title) {
        var md = new StringBuilder("### ").append(title).append("\n\n");
        if (!hasChanges()) {
            return md.append("No change to resources, findings or cost.\n").toString();
        }
        md.append("| | count |\n| --- | --- |\n")
                .append("| resources added | ").append(added.size()).append(" |\n")
                .append("| resources removed | ").append(removed.size()).append(" |\n")
                .append("| resources changed | ").append(changed.size()).append(" |\n")
                .append("| findings added | ").append(findingsAdded.size()).append(" |\n")
                .append("| findings fixed | ").append(findingsFixed.size()).append(" |\n");
        if (baseCost != null || headCost != null) {
            md.append(String.format("| monthly cost | %s → %s (%s) |%n", usd(baseCost), usd(headCost),
                    baseCost != null && headCost != null ? String.format("%+.2f USD", headCost - baseCost) : "n/a"));
        }
        section(md, "Added", added);
        section(md, "Removed", removed);
        if (!changed.isEmpty()) {
            md.append("\n<details><summary>Changed</summary>\n\n");
            changed.forEach((urn, paths) -> md.append("- `").append(urn).append("`: ").append(String.join(", ", paths.stream().map(p -> "`" + p + "`").toList())).append('\n'));
            md.append("\n</details>\n");
        }
        section(md, "Findings added", findingsAdded);
        section(md, "Findings fixed", findingsFixed);
        return md.toString();
    }

    private static String usd(Double value) {
        return value == null ? "n/a" : String.format("%.2f USD", value);
    }

    private static void section(StringBuilder md, String title, List<String> items) {
        if (!items.isEmpty()) {
            md.append("\n<details><summary>").append(title).append("</summary>\n\n");
            items.forEach(i -> md.append("- `").append(i).append("`\n"));
            md.append("\n</details>\n");
        }
    }

    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("changed", hasChanges());
        map.put("resourcesAdded", added);
        map.put("resourcesRemoved", removed);
        map.put("resourcesChanged", changed);
        map.put("findingsAdded", findingsAdded);
        map.put("findingsFixed", findingsFixed);
        map.put("monthlyCostBaseUsd", baseCost);
        map.put("monthlyCostHeadUsd", headCost);
        return map;
    }
}
