package io.privatevault.plan.insights;

import java.util.List;

/** A rule with its own evaluation whose description (id, severity, rationale, fix, resource types) is fixed at construction. */
abstract class DescribedRule implements Rule {
    private final String id;
    private final Severity severity;
    private final String rationale;
    private final String fix;
    private final List<String> resourceTypes;

    DescribedRule(String id, Severity severity, String rationale, String fix, List<String> resourceTypes) {
        this.id = id;
        this.severity = severity;
        this.rationale = rationale;
        this.fix = fix;
        this.resourceTypes = List.copyOf(resourceTypes);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Severity severity() {
        return severity;
    }

    @Override
    public final String rationale() {
        return rationale;
    }

    @Override
    public final String fix() {
        return fix;
    }

    @Override
    public final List<String> resourceTypes() {
        return resourceTypes;
    }
}
