package io.privatevault.plan;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.stream.JsonWriter;
import io.privatevault.components.testing.RecordedOptions;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.Finding;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as JSON: a stable contract for other tools, documented in docs/plan-json.md. Bump
 * {@link #FORMAT_VERSION} on any change that removes or renames a field or changes its meaning; adding fields
 * keeps the version. Written as a stream, one resource at a time, so a plan of thousands of resources never
 * exists twice in memory.
 */
public final class JsonRenderer {
    /** 2: resources carry {@code id}, {@code arn} and {@code options}. */
    public static final int FORMAT_VERSION = 2;
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private JsonRenderer() {
    }

    public static String render(PlanReport report, boolean showSecrets) {
        var out = new StringWriter();
        render(report, showSecrets, out);
        return out.toString();
    }

    /** Writes the document (and a final newline) to {@code out}. */
    public static void render(PlanReport report, boolean showSecrets, Writer out) {
        try {
            JsonWriter json = GSON.newJsonWriter(out);
            json.setIndent("  ");
            json.beginObject();
            json.name("formatVersion").value(FORMAT_VERSION);
            json.name("project").value(report.project());
            json.name("stack").value(report.stack());
            json.name("environment").value(report.settings().environment().id());
            json.name("region").value(report.settings().region());
            json.name("resources").beginArray();
            for (RecordedResource r : report.resources()) {
                write(json, resource(r, showSecrets));
            }
            json.endArray();
            json.name("outputs");
            write(json, Masking.display(report.outputs(), showSecrets));
            var insights = report.insights();
            json.name("findings");
            write(json, insights.findings().findings().stream().map(JsonRenderer::finding).toList());
            json.name("suppressedFindings");
            write(json, insights.findings().suppressed().stream().map(s -> {
                var m = finding(s.finding());
                m.put("reason", s.reason());
                return m;
            }).toList());
            json.name("checksNotRun");
            write(json, insights.findings().notRun().stream().map(n -> {
                var m = new LinkedHashMap<String, Object>();
                m.put("rule", n.rule());
                m.put("reason", n.reason());
                return m;
            }).toList());
            json.name("flows");
            write(json, insights.flows().stream().map(f -> {
                var m = new LinkedHashMap<String, Object>();
                m.put("from", f.from());
                m.put("to", f.to());
                m.put("port", f.port());
                m.put("status", f.status().name());
                m.put("hops", f.hops().stream().map(h -> {
                    var hop = new LinkedHashMap<String, Object>();
                    hop.put("hop", h.what());
                    hop.put("status", h.status().name());
                    hop.put("urn", h.urn());
                    return hop;
                }).toList());
                return m;
            }).toList());
            json.name("cost");
            write(json, cost(report));
            json.name("criticalPath");
            write(json, criticalPath(report));
            json.name("notes");
            write(json, report.notes());
            json.endObject();
            json.flush();
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(JsonWriter json, Object value) {
        GSON.toJson(value, value == null ? Object.class : value.getClass(), json);
    }

    private static Map<String, Object> cost(PlanReport report) {
        var cost = report.insights().cost();
        var doc = new LinkedHashMap<String, Object>();
        doc.put("monthlyTotalUsd", round(cost.totalMonthlyUsd()));
        doc.put("region", cost.region());
        doc.put("priceDate", cost.priceDate());
        doc.put("source", cost.source());
        doc.put("lines", cost.lines().stream().map(l -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("urn", l.urn());
            m.put("monthlyUsd", round(l.monthlyUsd()));
            m.put("basis", l.basis());
            return m;
        }).toList());
        doc.put("assumptions", cost.assumptions());
        return doc;
    }

    private static Map<String, Object> criticalPath(PlanReport report) {
        var path = report.insights().criticalPath();
        var doc = new LinkedHashMap<String, Object>();
        doc.put("estimatedMinutes", round(path.estimatedMinutes()));
        doc.put("steps", path.steps().stream().map(st -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("urn", st.urn());
            m.put("seconds", round(st.seconds()));
            m.put("readyAtSeconds", round(st.readyAtSeconds()));
            return m;
        }).toList());
        return doc;
    }

    private static Map<String, Object> finding(Finding f) {
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
        m.put("id", r.id());
        m.put("arn", r.arn());
        m.put("inputs", Masking.display(r.inputs(), showSecrets));
        m.put("dependencies", List.copyOf(r.dependencies()));
        m.put("options", options(r.options()));
        return m;
    }

    /** Every option with its value, defaults included, so a tool never has to know the engine's defaults. */
    static Map<String, Object> options(RecordedOptions o) {
        var m = new LinkedHashMap<String, Object>();
        m.put("protect", o.protect());
        m.put("retainOnDelete", o.retainOnDelete());
        m.put("deleteBeforeReplace", o.deleteBeforeReplace());
        m.put("ignoreChanges", o.ignoreChanges());
        m.put("replaceOnChanges", o.replaceOnChanges());
        m.put("dependsOn", List.copyOf(o.dependsOn()));
        m.put("provider", providerUrn(o.provider()));
        m.put("providers", o.providers().isEmpty() ? Map.of() : providerUrns(o.providers()));
        m.put("version", o.version().isEmpty() ? null : o.version());
        m.put("pluginDownloadUrl", o.pluginDownloadUrl().isEmpty() ? null : o.pluginDownloadUrl());
        m.put("additionalSecretOutputs", o.additionalSecretOutputs());
        m.put("aliases", o.aliases());
        m.put("customTimeouts", o.customTimeouts().isEmpty() ? null : o.customTimeouts());
        m.put("deletedWith", o.deletedWith().isEmpty() ? null : o.deletedWith());
        m.put("importId", o.importId().isEmpty() ? null : o.importId());
        return m;
    }

    /**
     * The URN of a provider reference ({@code <URN>::<id>}); {@code null} for the default provider. The provider
     * resource itself is in {@code resources}, with its id.
     */
    static String providerUrn(String reference) {
        if (reference == null || reference.isEmpty()) {
            return null;
        }
        int at = reference.lastIndexOf("::");
        return at > 0 ? reference.substring(0, at) : reference;
    }

    private static Map<String, String> providerUrns(Map<String, String> references) {
        var m = new java.util.TreeMap<String, String>();
        references.forEach((pkg, ref) -> m.put(pkg, providerUrn(ref)));
        return m;
    }
}
