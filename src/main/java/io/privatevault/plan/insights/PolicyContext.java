package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the rules see.
 *
 * @param resources     every registered resource of the stack (components included)
 * @param renderedFiles rendered files (relative path to content), e.g. every component's {@code renderedFiles}
 * @param stackOutputs  stack outputs as {@code MockRun.Result.outputs()} gives them (secrets wrapped)
 * @param environment   {@code dev} or {@code prod}; prod-only rules look at it
 * @param network       the flows the stack's settings declare ({@link NetworkIntent#NONE} when it has no platform settings)
 */
public record PolicyContext(List<RecordedResource> resources, Map<String, String> renderedFiles,
                            Map<String, Object> stackOutputs, String environment, NetworkIntent network) {
    public PolicyContext {
        resources = List.copyOf(resources);
        // Outputs may resolve to null (an optional output left unset); Map.copyOf would reject them.
        renderedFiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(renderedFiles));
        stackOutputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stackOutputs));
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(network, "network");
    }

    public PolicyContext(List<RecordedResource> resources, Map<String, String> renderedFiles,
                         Map<String, Object> stackOutputs, String environment) {
        this(resources, renderedFiles, stackOutputs, environment, NetworkIntent.NONE);
    }

    public static PolicyContext of(List<RecordedResource> resources, String environment) {
        return new PolicyContext(resources, Map.of(), Map.of(), environment);
    }

    public boolean production() {
        return "prod".equals(environment);
    }

    public List<RecordedResource> ofType(String type) {
        return resources.stream().filter(r -> type.equals(r.type())).toList();
    }

    /** Resources of {@code type} that depend on {@code target} (the way a bucket's settings point at it). */
    public List<RecordedResource> dependents(RecordedResource target, String type) {
        Predicate<RecordedResource> points = r -> r.dependencies().contains(target.urn());
        return ofType(type).stream().filter(points).toList();
    }

    public RecordedResource byUrn(String urn) {
        return resources.stream().filter(r -> r.urn().equals(urn)).findFirst().orElse(null);
    }
}
