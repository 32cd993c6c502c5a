package io.privatevault.plan.insights;

import com.pulumi.Context;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;

import java.util.function.Consumer;

/**
 * What {@link ScaleBenchmark} plans: the program for a stack with {@code tenants} tenants and {@code engineers}
 * VPN engineers, the mock run it executes under, and the plan work done on the result. Implementations need a
 * public no-argument constructor (the benchmark loads them by class name).
 */
public interface BenchmarkProgram {
    /** The Pulumi program for a stack of this size. */
    Consumer<Context> program(int tenants, int engineers);

    /** The mock engine run (project, stack, config) for a stack of this size. */
    default MockRun mockRun(int tenants, int engineers) {
        return MockRun.of("private-vault", "benchmark", new AwsMocks("us-east-1", "123456789012"));
    }

    /**
     * The offline plan's work after the run; by default the insights (findings, cost, critical path). Returns
     * something derived from every part so the JIT cannot skip it.
     */
    default Object plan(MockRun.Result result, int engineers) {
        var findings = PolicyPack.standard().evaluate(new PolicyContext(result.resources(), java.util.Map.of(),
                result.outputs(), "dev"));
        var cost = CostEstimator.load().estimate(result.resources(), "us-east-1",
                CostEstimator.load().defaults().withVpnEngineers(engineers));
        var path = DeployTimeline.load().criticalPath(result.resources());
        return findings.findings().size() + cost.totalMonthlyUsd() + path.chainSeconds();
    }
}
