package io.privatevault.plan.insights;

import java.util.List;

/** A security rule over the registered resources (and the rendered files) of one stack. */
public interface Rule {
    /** Stable kebab-case id, used in suppressions and reports. */
    String id();

    Severity severity();

    /** One line: why the rule exists. */
    String rationale();

    /** One line: what to change. */
    String fix();

    List<Finding> evaluate(PolicyContext context);
}
