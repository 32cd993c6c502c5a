package io.privatevault.plan;

import io.privatevault.components.testing.RecordedResource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The plan for a human reviewer: resources under their components, counts by type, findings, outputs. */
public final class TextRenderer {
    private TextRenderer() {
    }

    public static String render(PlanReport report, boolean showSecrets) {
        return render(report, showSecrets, null);
    }

    /** The plan as text; {@code artifacts} is the folder the rendered files were written to, or null. */
    public static String render(PlanReport report, boolean showSecrets, java.nio.file.Path artifacts) {
        var out = new StringBuilder();
        long custom = report.resources().stream().filter(RecordedResource::custom).count();
        long components = report.resources().stream().filter(r -> !r.custom() && !isStack(r)).count();
        out.append("Offline plan: ").append(report.project()).append(" / ").append(report.stack())
                .append(" (").append(report.settings().environment().id()).append(", ").append(report.settings().region())
                .append(") under the Pulumi mock engine; no cloud calls\n");
        out.append("Resources: ").append(custom).append(" to create in ").append(components).append(" components\n\n");

        // Children by parent URN, in resource order (what report.childrenOf gives, without a scan per resource).
        var children = new HashMap<String, List<RecordedResource>>();
        report.resources().stream().filter(r -> r.parentUrn() != null)
                .forEach(r -> children.computeIfAbsent(r.parentUrn(), k -> new ArrayList<>()).add(r));
        report.resources().stream().filter(TextRenderer::isStack).forEach(stack ->
                children.getOrDefault(stack.urn(), List.of()).forEach(child -> tree(children, child, "", out)));
        report.resources().stream().filter(r -> r.parentUrn() == null && !isStack(r)).forEach(r -> tree(children, r, "", out));

        out.append("\nCounts by type:\n");
        countsByType(report.resources()).forEach((type, n) -> out.append(String.format("  %4d  %s%n", n, type)));

        out.append('\n').append(report.insights().toText());

        out.append("\nStack outputs:\n");
        report.outputs().forEach((name, value) -> out.append("  ").append(name).append(" = ")
                .append(Masking.display(value, showSecrets)).append('\n'));
        if (!report.renderedFiles().isEmpty()) {
            out.append("\nRendered files: ").append(report.renderedFiles().size())
                    .append(artifacts == null ? " (write them with --artifacts DIR)" : ", written to " + artifacts).append('\n');
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

    private static void tree(Map<String, List<RecordedResource>> children, RecordedResource r, String indent, StringBuilder out) {
        out.append(indent).append(r.custom() ? "+ " : "").append(r.name()).append("  ").append(r.type());
        // The options that decide what a later `pulumi destroy` or removal does to the cloud resource.
        if (r.options().protect()) {
            out.append("  [protect]");
        }
        if (r.options().retainOnDelete()) {
            out.append("  [retain on delete]");
        }
        out.append('\n');
        children.getOrDefault(r.urn(), List.of()).forEach(child -> tree(children, child, indent + "    ", out));
    }

    static Map<String, Integer> countsByType(List<RecordedResource> resources) {
        var counts = new TreeMap<String, Integer>();
        resources.stream().filter(RecordedResource::custom).forEach(r -> counts.merge(r.type(), 1, Integer::sum));
        return counts;
    }
}
