package io.privatevault.plan.insights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Runs rules over a stack and applies per-resource suppressions. */
public final class PolicyPack {
    private final List<Rule> rules;

    public PolicyPack(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        Set<String> ids = new HashSet<>();
        rules.forEach(r -> {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("duplicate rule id " + r.id());
            }
        });
    }

    /**
     * Every rule of {@link SecurityRules} and {@link HealthSemantics}, the boot order of the nodes ({@link BootOrderRule}),
     * the key-use check judged by an IAM policy simulator ({@link KeyUseRule}) and the explicit names that keep stacks
     * apart ({@link Coexistence}) and the declared network flows ({@link Reachability}).
     */
    public static PolicyPack standard() {
        var rules = new ArrayList<Rule>(SecurityRules.all());
        rules.addAll(HealthSemantics.rules());
        rules.add(new BootOrderRule());
        rules.add(new KeyUseRule());
        rules.add(Coexistence.RULE);
        rules.add(new Reachability());
        return new PolicyPack(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * One message per rule name that names no rule of this pack: the setting path ({@code setting} applied to the
     * name's index), the name, the closest known rule and every known rule. Empty when all names are known.
     */
    public List<String> unknownRules(List<String> ruleNames, java.util.function.IntFunction<String> setting) {
        var known = new java.util.TreeSet<String>();
        rules.forEach(r -> known.add(r.id()));
        var distance = org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance();
        var problems = new ArrayList<String>();
        for (int i = 0; i < ruleNames.size(); i++) {
            String name = ruleNames.get(i);
            if (name != null && known.contains(name)) {
                continue;
            }
            String given = name == null ? "" : name;
            String closest = known.stream().min(Comparator.comparingInt((String k) -> distance.apply(k, given))).orElseThrow();
            boolean near = distance.apply(closest, given) <= Math.max(2, given.length() / 3);
            problems.add(setting.apply(i) + " = '" + given + "' is not a rule of the policy pack"
                    + (near ? " (did you mean '" + closest + "'?)" : "") + "; known rules: " + String.join(", ", known));
        }
        return problems;
    }

    public PolicyReport evaluate(PolicyContext context, List<Suppression> suppressions) {
        Set<String> known = new HashSet<>();
        rules.forEach(r -> known.add(r.id()));
        for (Suppression s : suppressions) {
            if (!known.contains(s.rule())) {
                throw new IllegalArgumentException("suppression names unknown rule " + s.rule() + " (known: " + known + ")");
            }
        }
        List<Finding> open = new ArrayList<>();
        List<PolicyReport.Suppressed> accepted = new ArrayList<>();
        Set<Suppression> used = new HashSet<>();
        List<PolicyReport.NotRun> notRun = new ArrayList<>();
        for (Rule rule : rules) {
            List<Finding> findings;
            try {
                findings = rule.evaluate(context);
            } catch (NotJudgedException e) {
                notRun.add(new PolicyReport.NotRun(rule.id(), e.getMessage()));
                continue;
            }
            for (Finding finding : findings) {
                var match = suppressions.stream().filter(s -> s.matches(finding)).findFirst();
                if (match.isPresent()) {
                    used.add(match.get());
                    accepted.add(new PolicyReport.Suppressed(finding, match.get().reason()));
                } else {
                    open.add(finding);
                }
            }
        }
        open.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::rule).thenComparing(Finding::urn));
        var unused = suppressions.stream().filter(s -> !used.contains(s)).toList();
        return new PolicyReport(List.copyOf(open), List.copyOf(accepted), unused, List.copyOf(notRun));
    }

    public PolicyReport evaluate(PolicyContext context) {
        return evaluate(context, List.of());
    }
}
