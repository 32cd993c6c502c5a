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
        doc.put("outputs", Masking.display(report.outputs(), showSecrets));
        var insights = report.insights();
        doc.put("findings", insights.findings().findings().stream().map(JsonRenderer::finding).toList());
        doc.put("suppressedFindings", insights.findings().suppressed().stream().map(s -> {
            var m = finding(s.finding());
            m.put("reason", s.reason());
            return m;
        }).toList());
        var cost = insights.cost();
        var costDoc = new LinkedHashMap<String, Object>();
        costDoc.put("monthlyTotalUsd", round(cost.totalMonthlyUsd()));
        costDoc.put("region", cost.region());
        costDoc.put("priceDate", cost.priceDate());
        costDoc.put("source", cost.source());
        costDoc.put("lines", cost.lines().stream().map(l -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("urn", l.urn());
            m.put("monthlyUsd", round(l.monthlyUsd()));
            m.put("basis", l.basis());
            return m;
        }).toList());
        costDoc.put("assumptions", cost.assumptions());
        doc.put("cost", costDoc);
        var path = insights.criticalPath();
        var pathDoc = new LinkedHashMap<String, Object>();
        pathDoc.put("estimatedMinutes", round(path.estimatedMinutes()));
        pathDoc.put("steps", path.steps().stream().map(st -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("urn", st.urn());
            m.put("seconds", round(st.seconds()));
            m.put("readyAtSeconds", round(st.readyAtSeconds()));
            return m;
        }).toList());
        doc.put("criticalPath", pathDoc);
        doc.put("notes", report.notes());
        return doc;
    }

    private static Map<String, Object> finding(io.privatevault.plan.insights.Finding f) {
        var m = new LinkedHashMap<String, Object>();
        m.put("severity", f.severity().name());
        m.put("rule", f.rule());
        m.put("urn", f.urn());
        m.put("message", f.message());
        return m;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static Map<String, Object> resource(RecordedResource r, boolean showSecrets) {
        var m = new LinkedHashMap<String, Object>();
        m.put("urn", r.urn());
        m.put("type", r.type());
        m.put("name", r.name());
        m.put("parent", r.parentUrn());
        m.put("custom", r.custom());
        m.put("inputs", Masking.display(r.inputs(), showSecrets));
        m.put("dependencies", List.copyOf(r.dependencies()));
        return m;
    }

    public static String render(PlanReport report, boolean showSecrets) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                .toJson(toMap(report, showSecrets)) + "\n";
    }
}
