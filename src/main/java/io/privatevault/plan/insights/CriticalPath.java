package io.privatevault.plan.insights;

import java.util.List;
import java.util.Locale;

/**
 * The longest creation chain of a fresh stack.
 *
 * @param steps          the chain in creation order; each step starts when the previous one is ready
 * @param chainSeconds   sum of the steps' typical creation times
 * @param engineOverheadSeconds fixed cost of a {@code pulumi up} before the first create (plugins, program, preview)
 * @param warnings       dependency cycles that were cut, types priced at the default time
 */
public record CriticalPath(List<Step> steps, double chainSeconds, double engineOverheadSeconds, List<String> warnings) {
    /** @param readyAtSeconds when this step is ready, counted from the first create */
    public record Step(String urn, String type, String name, double seconds, double readyAtSeconds) {
    }

    /** Estimated minutes of {@code pulumi up} for a fresh stack, assuming unlimited parallelism off the path. */
    public double estimatedMinutes() {
        return (chainSeconds + engineOverheadSeconds) / 60.0;
    }

    public String toText() {
        var sb = new StringBuilder(String.format(Locale.ROOT,
                "deploy critical path: %d steps, %.0f s + %.0f s engine overhead = ~%.1f min for a fresh stack%n",
                steps.size(), chainSeconds, engineOverheadSeconds, estimatedMinutes()));
        steps.forEach(s -> sb.append(String.format(Locale.ROOT, "  %6.0f s  +%-4.0f %s (%s)%n", s.readyAtSeconds(), s.seconds(),
                s.name(), s.type())));
        warnings.forEach(w -> sb.append("  note: ").append(w).append('\n'));
        return sb.toString();
    }
}
