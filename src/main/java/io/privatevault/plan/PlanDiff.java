package io.privatevault.plan;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The difference between two {@code plan --format json} documents of one stack (base and head of a pull request):
 * resources added, removed and changed (the changed input and option paths, and whether the dependencies
 * changed), findings added and fixed, and
 * the monthly cost delta. Masked secrets compare by presence only, since neither plan holds their values.
 *
 * @param notes what the reader must know about the comparison itself (e.g. options not compared against an
 *              older format version)
 */
public record PlanDiff(List<String> added, List<String> removed, Map<String, List<String>> changed,
                       List<String> findingsAdded, List<String> findingsFixed, Double baseCost, Double headCost,
                       List<String> notes) {

    /** Format versions this program compares: the current one and the one before (without resource options). */
    static final Set<Integer> READABLE_VERSIONS = Set.of(1, JsonRenderer.FORMAT_VERSION);

    public boolean hasChanges() {
        return !added.isEmpty() || !removed.isEmpty() || !changed.isEmpty() || !findingsAdded.isEmpty() || !findingsFixed.isEmpty()
                || !Objects.equals(baseCost, headCost);
    }

    /** Two documents that cannot be compared: a different stack or project, or a format this program cannot read. */
    public static final class NotComparableException extends IllegalArgumentException {
        public NotComparableException(String message) {
            super(message);
        }
    }

    /**
     * The problem that keeps {@code doc} (named {@code label} in messages) from being read as a plan, or null.
     * Checks what the diff relies on: a readable {@code formatVersion}, {@code stack}, {@code project} and a
     * {@code resources} array whose entries have a {@code urn}.
     */
    public static String problem(String label, JsonObject doc) {
        if (!doc.has("formatVersion") || !doc.get("formatVersion").isJsonPrimitive()
                || !doc.get("formatVersion").getAsJsonPrimitive().isNumber()) {
            return label + " is JSON but not a plan document (no formatVersion); produce it with `plan --stack NAME --format json`";
        }
        int version = doc.get("formatVersion").getAsInt();
        if (!READABLE_VERSIONS.contains(version)) {
            return label + " has plan formatVersion " + version + ", which is not supported: this program reads formatVersion "
                    + new TreeSet<>(READABLE_VERSIONS) + "; produce both files with the same program version";
        }
        for (String field : List.of("project", "stack")) {
            if (!doc.has(field) || !doc.get(field).isJsonPrimitive()) {
                return label + " is not a plan document: no \"" + field + "\"";
            }
        }
        if (!doc.has("resources") || !doc.get("resources").isJsonArray()) {
            return label + " is not a plan document: no \"resources\" array";
        }
        for (JsonElement r : doc.getAsJsonArray("resources")) {
            if (!r.isJsonObject() || !r.getAsJsonObject().has("urn")) {
                return label + " is not a plan document: a resource without \"urn\"";
            }
        }
        return null;
    }

    public static PlanDiff of(JsonObject base, JsonObject head) {
        String problem = problem("the base plan", base);
        problem = problem != null ? problem : problem("the head plan", head);
        if (problem != null) {
            throw new NotComparableException(problem);
        }
        for (String field : List.of("project", "stack")) {
            String a = base.get(field).getAsString();
            String b = head.get(field).getAsString();
            if (!a.equals(b)) {
                throw new NotComparableException("the base plan is of " + field + " '" + a + "' and the head plan of " + field + " '" + b
                        + "': plan diff compares two plans of the same stack (URNs carry the stack and project, so every"
                        + " resource would show as removed and added); plan both commits with the same --stack");
            }
        }
        var notes = new ArrayList<String>();
        boolean options = base.get("formatVersion").getAsInt() >= 2 && head.get("formatVersion").getAsInt() >= 2;
        if (!options) {
            notes.add("a plan is formatVersion 1, which has no resource options: only inputs, findings and cost were compared");
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
                if (!Objects.equals(old.get("dependencies"), entry.getValue().get("dependencies"))) {
                    paths.add("dependencies");
                }
                if (options) {
                    compare("options", old.get("options"), entry.getValue().get("options"), paths);
                }
                if (!paths.isEmpty()) {
                    changed.put(entry.getKey(), paths);
                }
            }
        }
        var baseFindings = findings(base);
        var headFindings = findings(head);
        var findingsAdded = headFindings.stream().filter(f -> !baseFindings.contains(f)).toList();
        var findingsFixed = baseFindings.stream().filter(f -> !headFindings.contains(f)).toList();
        return new PlanDiff(List.copyOf(added), List.copyOf(removed), changed, findingsAdded, findingsFixed, cost(base), cost(head),
                List.copyOf(notes));
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
        notes.forEach(n -> md.append("> ").append(n).append("\n\n"));
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
        map.put("notes", notes);
        return map;
    }
}
