package io.privatevault.plan.insights;

import java.util.List;

/**
 * The outcome of a policy run.
 *
 * @param findings           open findings, most severe first
 * @param suppressed         findings accepted by a suppression, with its reason
 * @param unusedSuppressions suppressions that matched nothing (stale: remove them)
 * @param notRun             rules that could not judge this plan here (a missing tool), with the reason: not a pass
 */
public record PolicyReport(List<Finding> findings, List<Suppressed> suppressed, List<Suppression> unusedSuppressions,
                           List<NotRun> notRun) {
    public record Suppressed(Finding finding, String reason) {
    }

    /** A rule that did not judge, and why (what to install). */
    public record NotRun(String rule, String reason) {
    }

    public PolicyReport(List<Finding> findings, List<Suppressed> suppressed, List<Suppression> unusedSuppressions) {
        this(findings, suppressed, unusedSuppressions, List.of());
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** Plain text, one line per finding and per suppression. */
    public String toText() {
        var sb = new StringBuilder();
        sb.append("findings: ").append(count(Severity.HIGH)).append(" high, ").append(count(Severity.MEDIUM))
                .append(" medium, ").append(count(Severity.LOW)).append(" low; ").append(suppressed.size())
                .append(" suppressed\n");
        findings.forEach(f -> sb.append("  ").append(f.severity()).append(' ').append(f.rule()).append(' ')
                .append(f.urn()).append(": ").append(f.message()).append('\n'));
        suppressed.forEach(s -> sb.append("  SUPPRESSED ").append(s.finding().rule()).append(' ')
                .append(s.finding().urn()).append(": ").append(s.finding().message()).append(" -- reason: ")
                .append(s.reason()).append('\n'));
        unusedSuppressions.forEach(s -> sb.append("  UNUSED SUPPRESSION ").append(s.rule()).append(' ')
                .append(s.urn()).append('\n'));
        notRun.forEach(n -> sb.append("  NOT RUN ").append(n.rule()).append(": ").append(n.reason()).append('\n'));
        return sb.toString();
    }
}
