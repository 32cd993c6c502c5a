package io.privatevault.components.vpn;

import java.util.Set;

/**
 * AWS limits and defaults behind {@link io.privatevault.components.ClientVpnArgs}. They live here because the
 * multi-language component host turns every field of an Args class, static ones included, into an input.
 */
public final class VpnLimits {
    public static final String DEFAULT_BANNER = "Authorised use only. VPN connections to the Vault platform are logged.";
    /** Client VPN's allowed maximum session durations. */
    public static final Set<Integer> SESSION_TIMEOUTS = Set.of(8, 10, 12, 24);
    /** CloudWatch Logs' allowed retention values. */
    public static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private VpnLimits() {
    }
}
