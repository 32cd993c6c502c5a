package io.privatevault.plan;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.PlanInsights;
import io.privatevault.stack.StackSettings;

import java.util.List;
import java.util.Map;

/**
 * What one offline plan found: the registered resources, stack outputs, rendered files and the insights
 * (policy findings, cost estimate, deploy critical path) of a stack.
 * Renderers turn it into text, JSON (a versioned contract, see docs/plan-json.md) or Mermaid.
 * {@code firstRegistrationMillis} is the wall-clock time of the program's first resource registration (start-up
 * measurement, not part of any rendering).
 */
public record PlanReport(
        String project,
        String stack,
        StackSettings settings,
        List<RecordedResource> resources,
        Map<String, Object> outputs,
        PlanInsights insights,
        Map<String, String> renderedFiles,
        List<String> notes,
        long firstRegistrationMillis) {

    public List<RecordedResource> components() {
        return resources.stream().filter(r -> !r.custom()).toList();
    }

    public List<RecordedResource> childrenOf(String urn) {
        return resources.stream().filter(r -> urn.equals(r.parentUrn())).toList();
    }
}
