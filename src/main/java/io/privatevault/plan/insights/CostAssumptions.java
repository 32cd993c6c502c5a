package io.privatevault.plan.insights;

/**
 * Usage the price table cannot know; defaults (with their reasons) live in {@code prices.json}, the plan
 * overrides what the stack settings know (e.g. the number of engineers).
 */
public record CostAssumptions(double lbAverageLcu, int vpnEngineers, double vpnHoursPerEngineer, double natGbPerGateway,
                              double logIngestGbPerGroup, double flowLogIngestGb, double logRetentionMonthsIfUnset,
                              double snapshotSizeGb, int snapshotsRetained) {
    public CostAssumptions withVpnEngineers(int engineers) {
        return new CostAssumptions(lbAverageLcu, engineers, vpnHoursPerEngineer, natGbPerGateway, logIngestGbPerGroup,
                flowLogIngestGb, logRetentionMonthsIfUnset, snapshotSizeGb, snapshotsRetained);
    }

    public CostAssumptions withSnapshots(double sizeGb, int retained) {
        return new CostAssumptions(lbAverageLcu, vpnEngineers, vpnHoursPerEngineer, natGbPerGateway, logIngestGbPerGroup,
                flowLogIngestGb, logRetentionMonthsIfUnset, sizeGb, retained);
    }
}
