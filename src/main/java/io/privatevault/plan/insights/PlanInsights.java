package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;

import java.util.List;
import java.util.Map;

/**
 * The plan's three answers in one call: is it safe (findings), what will it cost, how long will it take.
 * Pure over the mock run's resources, stack outputs and rendered files.
 */
public record PlanInsights(PolicyReport findings, CostEstimate cost, CriticalPath criticalPath,
                           List<DeployTimeline.RedundantDependency> redundantDependencies) {
    /**
     * @param environment  {@code dev} or {@code prod} (prod-only rules)
     * @param region       price table region ({@code us-east-1} or {@code eu-west-1})
     * @param engineers    VPN engineers, for the connection-hours assumption
     * @param suppressions accepted findings, each with its reason
     */
    public static PlanInsights analyse(List<RecordedResource> resources, Map<String, String> renderedFiles,
                                       Map<String, Object> stackOutputs, String environment, String region, int engineers,
                                       List<Suppression> suppressions) {
        var context = new PolicyContext(resources, renderedFiles, stackOutputs, environment);
        var estimator = CostEstimator.load();
        var timeline = DeployTimeline.load();
        return new PlanInsights(PolicyPack.standard().evaluate(context, suppressions),
                estimator.estimate(resources, region, estimator.defaults().withVpnEngineers(engineers)),
                timeline.criticalPath(resources), timeline.redundantDependencies(resources));
    }

    public String toText() {
        var sb = new StringBuilder(findings.toText()).append('\n').append(cost.toText()).append('\n').append(criticalPath.toText());
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
