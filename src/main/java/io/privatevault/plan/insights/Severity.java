package io.privatevault.plan.insights;

/** How urgently a finding must be fixed; both shipped stacks must have zero {@link #HIGH}. */
public enum Severity {
    HIGH, MEDIUM, LOW
}
