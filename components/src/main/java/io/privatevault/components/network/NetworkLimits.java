package io.privatevault.components.network;

import io.privatevault.components.support.Cidr;

import java.util.List;
import java.util.Set;

/**
 * Constants behind {@link io.privatevault.components.PrivateVaultNetworkArgs}' rules. They live here because the
 * multi-language host infers the schema from every field of an Args class, static ones included.
 */
public final class NetworkLimits {
    /** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy). */
    public static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    public static final List<String> NAT_MODES = List.of("none", "single", "perAz");
    /** RFC 1918 and RFC 6598 space: a Vault VPC never uses public addresses. */
    public static final List<Cidr> PRIVATE_RANGES = Cidr.PRIVATE_RANGES;

    private NetworkLimits() {
    }

    public static boolean isRegion(String value) {
        return value != null && value.matches("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    }

    public static boolean isZone(String value) {
        return value != null && value.matches("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d[a-z]");
    }

    /**
     * The widest and narrowest edge subnet (PrivateVaultNetworkArgs.edgeSubnetCidrs): the NLB and a Client VPN
     * association each need "at least a /27 bitmask" (ELB user guide, Client VPN administrator guide); wider than a /24
     * is a workload subnet's size.
     */
    public static final int EDGE_WIDEST_PREFIX = 24;
    public static final int EDGE_NARROWEST_PREFIX = 27;
}
