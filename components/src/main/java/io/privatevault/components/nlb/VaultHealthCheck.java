package io.privatevault.components.nlb;

/**
 * The NLB's view of a Vault node, and how fast it notices a dead one.
 *
 * <p>{@code /v1/sys/health} answers 200 for the active node, 429 for a standby and 473 for a performance
 * standby unless {@code standbyok}/{@code perfstandbyok} turn those into 200; sealed (503), uninitialised (501),
 * removed from Raft (530), DR secondaries (472) and standbys that lost the active node (474) stay non-200.
 * With the matcher pinned to 200, exactly active and standby nodes receive traffic.
 */
public final class VaultHealthCheck {
    public static final String PATH = "/v1/sys/health?standbyok=true&perfstandbyok=true";
    public static final String MATCHER = "200";
    public static final int INTERVAL_SECONDS = 5;
    /** Below the interval, so one slow answer cannot overlap the next check. */
    public static final int TIMEOUT_SECONDS = 4;
    public static final int HEALTHY_THRESHOLD = 2;
    public static final int UNHEALTHY_THRESHOLD = 2;
    public static final int DEREGISTRATION_DELAY_SECONDS = 15;

    private VaultHealthCheck() {
    }

    /**
     * Worst case from a node's death to the NLB marking it unhealthy (no new flows, existing flows reset):
     * the node dies right after a passing check, so the first failing check starts one interval later, and the
     * last of {@link #UNHEALTHY_THRESHOLD} failing checks ends when it times out. 5 x 2 + 4 = 14 s; a node whose
     * process died but whose host still refuses connections fails fast: 10 s.
     */
    public static int worstCaseRemovalSeconds() {
        return INTERVAL_SECONDS * UNHEALTHY_THRESHOLD + TIMEOUT_SECONDS;
    }

    /** Worst case from a node becoming ready to receiving traffic: two passing checks. */
    public static int worstCaseAdmissionSeconds() {
        return INTERVAL_SECONDS * HEALTHY_THRESHOLD + TIMEOUT_SECONDS;
    }
}
