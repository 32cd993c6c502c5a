package io.privatevault.components.network;

import io.privatevault.components.support.Cidr;

import java.util.ArrayList;
import java.util.List;

/**
 * How a new VPC's CIDR is cut: the VPC is split into {@code 2^newBits} equal blocks; private (Vault) subnets take
 * the first blocks, one per zone, and the NAT gateways' public subnets take the last ones. Keeping public subnets
 * at the far end leaves the blocks in between free for later private subnets without renumbering.
 *
 * @param privateSubnets one per availability zone, in zone order
 * @param publicSubnets  one per NAT gateway (none when NAT is off)
 */
public record SubnetPlan(List<Cidr> privateSubnets, List<Cidr> publicSubnets) {
    /** AWS refuses subnets smaller than /28. */
    public static final int SMALLEST_PREFIX = 28;

    public static SubnetPlan of(Cidr vpc, int zones, int natGateways, int newBits) {
        int slots = 1 << newBits;
        if (zones + natGateways > slots || vpc.prefix() + newBits > SMALLEST_PREFIX) {
            throw new IllegalArgumentException("cannot fit " + zones + " private and " + natGateways
                    + " public subnets of /" + (vpc.prefix() + newBits) + " into " + vpc);
        }
        var privateSubnets = new ArrayList<Cidr>();
        for (int i = 0; i < zones; i++) {
            privateSubnets.add(vpc.subnet(newBits, i));
        }
        var publicSubnets = new ArrayList<Cidr>();
        for (int i = 0; i < natGateways; i++) {
            publicSubnets.add(vpc.subnet(newBits, slots - natGateways + i));
        }
        return new SubnetPlan(List.copyOf(privateSubnets), List.copyOf(publicSubnets));
    }
}
