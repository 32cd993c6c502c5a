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

    /**
     * Resource types whose registered inputs the rule reads; empty when it reads every resource, stack outputs or
     * rendered files. Only types the program registers belong here (a test plans the shipped stacks to check).
     */
    List<String> resourceTypes();

    List<Finding> evaluate(PolicyContext context);
}
