package io.privatevault.plan;

import io.privatevault.components.testing.RecordedResource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The plan for a human reviewer: resources under their components, counts by type, findings, outputs. */
public final class TextRenderer {
    private TextRenderer() {
    }

    public static String render(PlanReport report, boolean showSecrets) {
        var out = new StringBuilder();
        long custom = report.resources().stream().filter(RecordedResource::custom).count();
        long components = report.resources().stream().filter(r -> !r.custom() && !isStack(r)).count();
        out.append("Offline plan: ").append(report.project()).append(" / ").append(report.stack())
                .append(" (").append(report.settings().environment().id()).append(", ").append(report.settings().region())
                .append(") under the Pulumi mock engine; no cloud calls\n");
        out.append("Resources: ").append(custom).append(" to create in ").append(components).append(" components\n\n");

        report.resources().stream().filter(TextRenderer::isStack).forEach(stack ->
                report.childrenOf(stack.urn()).forEach(child -> tree(report, child, "", out)));
        report.resources().stream().filter(r -> r.parentUrn() == null && !isStack(r)).forEach(r -> tree(report, r, "", out));

        out.append("\nCounts by type:\n");
        countsByType(report.resources()).forEach((type, n) -> out.append(String.format("  %4d  %s%n", n, type)));

        out.append('\n').append(report.insights().toText());

        out.append("\nStack outputs:\n");
        report.outputs().forEach((name, value) -> out.append("  ").append(name).append(" = ")
                .append(Values.display(value, showSecrets)).append('\n'));
        if (!report.renderedFiles().isEmpty()) {
            out.append("\nRendered files (write them with --artifacts DIR): ").append(report.renderedFiles().size()).append('\n');
        }
        if (!report.notes().isEmpty()) {
            out.append("\nNotes:\n");
            report.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        return out.toString();
    }

    private static boolean isStack(RecordedResource r) {
        return r.type().equals("pulumi:pulumi:Stack");
    }

    private static void tree(PlanReport report, RecordedResource r, String indent, StringBuilder out) {
        out.append(indent).append(r.custom() ? "+ " : "").append(r.name()).append("  ").append(r.type()).append('\n');
        List<RecordedResource> children = report.childrenOf(r.urn());
        children.forEach(child -> tree(report, child, indent + "    ", out));
    }

    static Map<String, Integer> countsByType(List<RecordedResource> resources) {
        var counts = new TreeMap<String, Integer>();
        resources.stream().filter(RecordedResource::custom).forEach(r -> counts.merge(r.type(), 1, Integer::sum));
        return counts;
    }
}
