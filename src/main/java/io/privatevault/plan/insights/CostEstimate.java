package io.privatevault.plan.insights;

import java.util.List;
import java.util.Locale;

/**
 * A monthly cost estimate.
 *
 * @param lines       one per priced resource, in resource order
 * @param assumptions every assumption behind the numbers, as printable sentences
 * @param notPriced   resource types present but free or not priced, with counts
 */
public record CostEstimate(String region, String priceDate, String source, List<Line> lines, double totalMonthlyUsd,
                           List<String> assumptions, List<String> notPriced) {

    /** @param basis how the amount was computed, e.g. {@code 3 x t3.small x 730 h x $0.0208} */
    public record Line(String urn, String type, String name, double monthlyUsd, String basis) {
    }

    public String toText() {
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "monthly cost estimate (%s, list prices %s): $%.2f%n", region, priceDate, totalMonthlyUsd));
        for (Line line : lines) {
            sb.append(String.format(Locale.ROOT, "  %9.2f  %-28s %s  [%s]%n", line.monthlyUsd(), line.name(), line.type(), line.basis()));
        }
        if (!notPriced.isEmpty()) {
            sb.append("  no charge / not priced: ").append(String.join(", ", notPriced)).append('\n');
        }
        sb.append("assumptions:\n");
        assumptions.forEach(a -> sb.append("  - ").append(a).append('\n'));
        sb.append("source: ").append(source).append('\n');
        return sb.toString();
    }
}
