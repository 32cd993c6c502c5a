package io.privatevault.plan.insights;

/**
 * A rule that cannot judge this plan on this machine (its judge, an external tool, is missing), as opposed to a rule
 * that judged and found nothing. The policy pack lists it under "checks not run" instead of passing it silently.
 */
public final class NotJudgedException extends RuntimeException {
    public NotJudgedException(String reason) {
        super(reason);
    }
}
