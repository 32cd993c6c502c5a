package io.privatevault.plan.insights;

/**
 * One rule violation.
 *
 * @param urn the resource URN, or {@code file:<path>} for a rendered file, or {@code output:<name>} for a stack output
 */
public record Finding(Severity severity, String rule, String urn, String message) {
}
