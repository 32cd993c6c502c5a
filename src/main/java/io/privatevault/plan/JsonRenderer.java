package io.privatevault.plan;

import com.google.gson.GsonBuilder;
import io.privatevault.components.testing.RecordedResource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as JSON: a stable contract for other tools (documented in docs/plan-json.md). Bump
 * {@link #FORMAT_VERSION} on any change that removes or renames a field; adding fields keeps the version.
 */
public final class JsonRenderer {
    public static final int FORMAT_VERSION = 1;

    private JsonRenderer() {
    }

    public static Map<String, Object> toMap(PlanReport report, boolean showSecrets) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("formatVersion", FORMAT_VERSION);
        doc.put("project", report.project());
        doc.put("stack", report.stack());
        doc.put("environment", report.settings().environment().id());
        doc.put("region", report.settings().region());
        doc.put("resources", report.resources().stream().map(r -> resource(r, showSecrets)).toList());
        doc.put("outputs", Values.display(report.outputs(), showSecrets));
        doc.put("findings", report.findings().stream().map(f -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("severity", f.severity());
            m.put("rule", f.rule());
            m.put("urn", f.urn());
            m.put("message", f.message());
            return m;
        }).toList());
        doc.put("notes", report.notes());
        return doc;
    }

    private static Map<String, Object> resource(RecordedResource r, boolean showSecrets) {
        var m = new LinkedHashMap<String, Object>();
        m.put("urn", r.urn());
        m.put("type", r.type());
        m.put("name", r.name());
        m.put("parent", r.parentUrn());
        m.put("custom", r.custom());
        m.put("inputs", Values.display(r.inputs(), showSecrets));
        m.put("dependencies", List.copyOf(r.dependencies()));
        return m;
    }

    public static String render(PlanReport report, boolean showSecrets) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                .toJson(toMap(report, showSecrets)) + "\n";
    }
}
