package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;

import java.util.List;
import java.util.Map;

/**
 * The plan's answers in one call: is it safe (findings), what will it cost, how long will it take, and which declared
 * network flows are possible ({@link Reachability}). Pure over the mock run's resources, stack outputs, rendered files
 * and the flows the settings declare.
 */
public record PlanInsights(PolicyReport findings, CostEstimate cost, CriticalPath criticalPath,
                           List<DeployTimeline.RedundantDependency> redundantDependencies, List<Reachability.Flow> flows) {
    public PlanInsights {
        flows = List.copyOf(flows);
    }

    /** Without declared network flows (a configuration stack, a hand-built plan). */
    public static PlanInsights analyse(List<RecordedResource> resources, Map<String, String> renderedFiles,
                                       Map<String, Object> stackOutputs, String environment, String region, int engineers,
                                       List<Suppression> suppressions) {
        return analyse(resources, renderedFiles, stackOutputs, environment, region, engineers, suppressions, NetworkIntent.NONE);
    }

    /**
     * @param environment  {@code dev} or {@code prod} (prod-only rules)
     * @param region       price table region ({@code us-east-1} or {@code eu-west-1})
     * @param engineers    VPN engineers, for the connection-hours assumption
     * @param suppressions accepted findings, each with its reason
     * @param network      the flows the stack's settings declare
     */
    public static PlanInsights analyse(List<RecordedResource> resources, Map<String, String> renderedFiles,
                                       Map<String, Object> stackOutputs, String environment, String region, int engineers,
                                       List<Suppression> suppressions, NetworkIntent network) {
        var context = new PolicyContext(resources, renderedFiles, stackOutputs, environment, network);
        var estimator = CostEstimator.load();
        var timeline = DeployTimeline.load();
        return new PlanInsights(PolicyPack.standard().evaluate(context, suppressions),
                estimator.estimate(resources, region, estimator.defaults().withVpnEngineers(engineers)),
                timeline.criticalPath(resources), timeline.redundantDependencies(resources), Reachability.flows(context));
    }

    public String toText() {
        var sb = new StringBuilder(findings.toText());
        if (!flows.isEmpty()) {
            sb.append("network flows: ").append(flows.stream().filter(f -> f.status() == Reachability.Status.POSSIBLE).count())
                    .append(" possible, ").append(flows.stream().filter(f -> f.status() == Reachability.Status.IMPOSSIBLE).count())
                    .append(" impossible, ").append(flows.stream().filter(f -> f.status() == Reachability.Status.OUTSIDE_MODEL).count())
                    .append(" with hops outside the model\n");
            flows.forEach(f -> sb.append("  ").append(f.toText()).append('\n'));
        }
        sb.append('\n').append(cost.toText()).append('\n').append(criticalPath.toText());
        if (!redundantDependencies.isEmpty()) {
            sb.append("dependencies already implied by another prerequisite (needless if declared with dependsOn): ")
                    .append(redundantDependencies.size()).append('\n');
        }
        redundantDependencies.forEach(d -> sb.append("  ").append(shortUrn(d.urn())).append(" -> ").append(shortUrn(d.dependencyUrn()))
                .append(" (implied by ").append(shortUrn(d.impliedVia())).append(")\n"));
        return sb.toString();
    }

    /** {@code type::name}: the URN without stack, project and parent types, enough to find the line of code. */
    static String shortUrn(String urn) {
        int at = urn.lastIndexOf('$');
        return at >= 0 ? urn.substring(at + 1) : urn.substring(urn.indexOf("::", urn.indexOf("::") + 2) + 2);
    }
}
