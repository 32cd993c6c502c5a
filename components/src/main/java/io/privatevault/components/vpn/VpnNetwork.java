package io.privatevault.components.vpn;

import io.privatevault.components.support.Checks;
import io.privatevault.components.support.Cidr;

import java.util.HashSet;
import java.util.List;

/**
 * Rules that need the network's values, checked when they arrive (before the endpoint, associations and
 * authorisation rules that depend on them are registered).
 */
public final class VpnNetwork {
    private VpnNetwork() {
    }

    /** The client CIDR, unless it overlaps the VPC (Client VPN would then route clients into their own pool). */
    public static String clientCidr(String clientCidr, String vpcCidr) {
        Cidr vpc = Cidr.parse("ClientVpnArgs.vpcCidr", vpcCidr);
        Checks.require(!Cidr.parse("ClientVpnArgs.clientCidr", clientCidr).overlaps(vpc), "ClientVpnArgs.clientCidr", clientCidr,
                "a CIDR that overlaps no VPC CIDR (it overlaps the VPC's " + vpcCidr + ")");
        return clientCidr;
    }

    /** The authorised CIDRs, unless one lies outside the VPC (it would then need a route split tunnel does not add). */
    public static String authorizedCidr(String cidr, String vpcCidr) {
        Checks.require(Cidr.parse("ClientVpnArgs.vpcCidr", vpcCidr).contains(Cidr.parse("ClientVpnArgs.authorizedCidrs", cidr)),
                "ClientVpnArgs.authorizedCidrs", cidr, "a Vault/NLB subnet CIDR inside the VPC CIDR " + vpcCidr);
        return cidr;
    }

    /** The resolver as a /32 for its authorisation rule, unless it lies outside the VPC (then it is not the VPC resolver). */
    public static String resolverCidr(String resolverAddress, String vpcCidr) {
        Cidr resolver = Cidr.parse("ClientVpnArgs.resolverAddress", resolverAddress + "/32");
        Checks.require(Cidr.parse("ClientVpnArgs.vpcCidr", vpcCidr).contains(resolver), "ClientVpnArgs.resolverAddress",
                resolverAddress, "the VPC resolver, an address inside the VPC CIDR " + vpcCidr + " (its base + 2)");
        return resolver.toString();
    }

    /** The subnet for association {@code index}: the network lists one subnet per AZ, so distinct ids mean distinct AZs. */
    public static String associatedSubnet(List<String> subnetIds, int count, int index) {
        Checks.require(subnetIds.size() >= count, "ClientVpnArgs.subnetIds", subnetIds,
                "at least associationCount (" + count + ") subnets, one per availability zone");
        Checks.require(new HashSet<>(subnetIds.subList(0, count)).size() == count, "ClientVpnArgs.subnetIds", subnetIds,
                "distinct subnets (one per availability zone) for the " + count + " associations");
        return subnetIds.get(index);
    }
}
