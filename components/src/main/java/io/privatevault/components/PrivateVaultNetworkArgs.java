package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.network.EndpointCatalog;
import io.privatevault.components.network.NetworkLimits;
import io.privatevault.components.network.SubnetPlan;
import io.privatevault.components.support.Problems;
import io.privatevault.components.support.Cidr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Inputs of {@link PrivateVaultNetwork}. Every field is optional unless marked required; a missing field takes the
 * default documented on it (also when the component is constructed from another Pulumi language).
 *
 * <p>Two modes: a <b>new</b> VPC built from {@code cidr}, or an <b>adopted</b> one when {@code existingVpcId} is set
 * (then {@code existingPrivateSubnetIds} and {@code existingRouteTableIds} describe it and nothing of its own
 * routing is changed except the routes to attachments and the S3 gateway endpoint).
 */
public final class PrivateVaultNetworkArgs extends ResourceArgs {
    /**
     * Required. The VPC's IPv4 CIDR, /16 to /24 inside RFC 1918 or 100.64.0.0/10 space. For an adopted VPC, its
     * primary CIDR (the endpoint security group admits 443 from it and the resolver address derives from it).
     */
    @Import(name = "cidr", required = true)
    private String cidr;

    /**
     * Required. Availability zones for the private subnets, one subnet each, 2 to 6 distinct names (use 3 or more
     * in production: a Raft cluster spread over 3 zones keeps quorum when one zone fails).
     */
    @Import(name = "availabilityZones", required = true)
    private List<String> availabilityZones;

    /** Adopt this VPC ({@code vpc-...}) instead of creating one. Default: create a new VPC. */
    @Import(name = "existingVpcId")
    private String existingVpcId;

    /** With {@code existingVpcId}: its private subnets, one per entry of {@code availabilityZones}, same order. */
    @Import(name = "existingPrivateSubnetIds")
    private List<String> existingPrivateSubnetIds;

    /**
     * With {@code existingVpcId}: the route tables of those subnets; they get the attachment routes and the S3
     * gateway endpoint. Required there, because routes cannot be added to a table nobody named.
     */
    @Import(name = "existingRouteTableIds")
    private List<String> existingRouteTableIds;

    /**
     * NAT egress for the private subnets: {@code none} (default: everything AWS is reached through endpoints, so
     * there is no internet gateway at all), {@code single} (one NAT, cheap, one zone's failure cuts egress) or
     * {@code perAz} (one per zone). Only the NAT gateways' public subnets route to the internet gateway.
     */
    @Import(name = "natGateways")
    private String natGateways;

    /**
     * Bits added to the VPC prefix for each subnet, 2-8. Default 3: eight equal blocks (a /16 gives /19 subnets), so
     * up to 6 zones and a NAT subnet per zone fit with room to spare. Resulting subnets must be /28 or larger.
     */
    @Import(name = "subnetNewBits")
    private Integer subnetNewBits;

    /**
     * Interface endpoints to create (short names: {@code kms}, {@code secretsmanager}, ...). Default: kms,
     * secretsmanager, ssm, ssmmessages, ec2messages, ec2, sts, logs, monitoring — what a node needs without NAT.
     * Use an empty list for an adopted VPC that already has them (private DNS names can exist only once).
     */
    @Import(name = "endpointServices")
    private List<String> endpointServices;

    /**
     * In how many zones the interface endpoints get a network interface: the first N entries of
     * {@code availabilityZones} (1 to their count). Default: every zone. Each zone costs every endpoint its hourly
     * charge; fewer zones are cheaper, but an outage of those zones cuts every node's AWS access (KMS unseal,
     * Secrets Manager, STS, logs), so keep every zone outside non-production.
     */
    @Import(name = "endpointZoneCount")
    private Integer endpointZoneCount;

    /** S3 gateway endpoint on the private route tables (free; snapshots never leave AWS's network). Default true. */
    @Import(name = "s3GatewayEndpoint")
    private Boolean s3GatewayEndpoint;

    /**
     * Other accounts (12-digit ids) the endpoints may serve, besides this one: as callers (e.g. workloads whose
     * signed STS requests Vault's AWS auth method forwards) and, through the S3 endpoint, as bucket owners (e.g. a
     * shared artifact bucket). Default none: only this account's principals and buckets.
     */
    @Import(name = "trustedAccountIds")
    private List<String> trustedAccountIds;

    /** Required. KMS key ARN encrypting the flow-log group (the {@link KmsSeal} data key). */
    @Import(name = "flowLogKmsKeyArn", required = true)
    private Output<String> flowLogKmsKeyArn;

    /** Days flow logs are kept; a CloudWatch Logs retention period. Default 365: a year of network forensics. */
    @Import(name = "flowLogRetentionDays")
    private Integer flowLogRetentionDays;

    /** Client networks that must reach Vault (peering or transit gateway). Default none. */
    @Import(name = "attachments")
    private List<ClientVpcAttachmentArgs> attachments;

    /**
     * Transit gateways an adopted VPC is attached to already, with routes to the attachments behind them: AWS refuses
     * a second attachment of a VPC to one gateway and a duplicate route, so neither is created for these. Only with
     * {@code existingVpcId}; each must be the {@code transitGatewayId} of an attachment. Default none.
     */
    @Import(name = "existingTransitGatewayIds")
    private List<String> existingTransitGatewayIds;

    /**
     * Small subnets, one per zone in zone order, created for where traffic enters: the NLB's nodes and the Client VPN's
     * network interfaces, and nothing else. Routed like the private subnet of their zone. Each must lie in {@code cidr},
     * outside every other subnet, and be a /24 to a /27: the NLB and a Client VPN association each need "at least a
     * /27 bitmask" (ELB and Client VPN user guides), and a Kubernetes NetworkPolicy admits them as sources, so they
     * must hold no workload. Default none (the NLB and the VPN use the private subnets).
     */
    @Import(name = "edgeSubnetCidrs")
    private List<String> edgeSubnetCidrs;

    /** Tags for every resource. Default none. */
    @Import(name = "tags")
    private Map<String, String> tags;

    private PrivateVaultNetworkArgs() {
    }

    public String cidr() {
        return cidr;
    }

    public List<String> availabilityZones() {
        return availabilityZones;
    }

    public boolean adoptsVpc() {
        return existingVpcId != null;
    }

    public String existingVpcId() {
        return existingVpcId;
    }

    public List<String> existingPrivateSubnetIds() {
        return existingPrivateSubnetIds == null ? List.of() : existingPrivateSubnetIds;
    }

    public List<String> existingRouteTableIds() {
        return existingRouteTableIds == null ? List.of() : existingRouteTableIds;
    }

    public String natGateways() {
        return natGateways == null ? "none" : natGateways;
    }

    /** How many NAT gateways (and public subnets) the chosen mode needs. */
    public int natGatewayCount() {
        return switch (natGateways()) {
            case "single" -> 1;
            case "perAz" -> availabilityZones.size();
            default -> 0;
        };
    }

    public int subnetNewBits() {
        return subnetNewBits == null ? 3 : subnetNewBits;
    }

    public List<String> existingTransitGatewayIds() {
        return existingTransitGatewayIds == null ? List.of() : existingTransitGatewayIds;
    }

    public List<String> endpointServices() {
        return endpointServices == null ? EndpointCatalog.DEFAULTS : endpointServices;
    }

    /** Zones (and so private subnets, in order) holding the interface endpoints. */
    public int endpointZoneCount() {
        return endpointZoneCount == null ? (availabilityZones == null ? 0 : availabilityZones.size()) : endpointZoneCount;
    }

    public boolean s3GatewayEndpoint() {
        return s3GatewayEndpoint == null || s3GatewayEndpoint;
    }

    public List<String> trustedAccountIds() {
        return trustedAccountIds == null ? List.of() : trustedAccountIds;
    }

    public Output<String> flowLogKmsKeyArn() {
        return flowLogKmsKeyArn;
    }

    public int flowLogRetentionDays() {
        return flowLogRetentionDays == null ? 365 : flowLogRetentionDays;
    }

    public List<ClientVpcAttachmentArgs> attachments() {
        return attachments == null ? List.of() : attachments;
    }

    public Map<String, String> tags() {
        return tags == null ? Map.of() : tags;
    }

    public List<String> edgeSubnetCidrs() {
        return edgeSubnetCidrs == null ? List.of() : edgeSubnetCidrs;
    }

    /** The subnet layout of a new VPC. */
    public SubnetPlan subnetPlan() {
        return SubnetPlan.of(Cidr.parse(cidr), availabilityZones.size(), natGatewayCount(), subnetNewBits());
    }

    /** Checks every rule; called by the builder and again by the component (other languages skip the builder). */
    PrivateVaultNetworkArgs validate() {
        var p = Problems.of("PrivateVaultNetworkArgs");
        Cidr vpc = p.cidr("cidr", cidr);
        if (vpc != null) {
            p.require(vpc.prefix() >= 16 && vpc.prefix() <= 24, "cidr", cidr, "a CIDR block between /16 and /24 (the sizes AWS allows for a VPC)");
            p.require(NetworkLimits.PRIVATE_RANGES.stream().anyMatch(r -> r.contains(vpc)), "cidr", cidr,
                    "inside private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)");
        }

        var zones = availabilityZones == null ? List.<String>of() : availabilityZones;
        p.require(zones.size() >= 2 && zones.size() <= 6, "availabilityZones", availabilityZones, "2 to 6 availability zones (3 or more for production)");
        for (String zone : zones) {
            p.require(NetworkLimits.isZone(zone), "availabilityZones", zone, "availability zone names such as eu-west-1a");
        }
        p.unique("availabilityZones", zones);
        if (!zones.isEmpty() && p.valid("availabilityZones")) {
            String region = zones.get(0).substring(0, zones.get(0).length() - 1);
            for (String zone : zones) {
                p.require(zone.startsWith(region) && zone.length() == region.length() + 1, "availabilityZones", zone,
                        "zones of one region (" + zones.get(0) + " is in " + region + ")");
            }
        }

        if (endpointZoneCount != null && p.valid("availabilityZones")) {
            p.compare(endpointZoneCount >= 1 && endpointZoneCount <= zones.size(), "endpointZoneCount", endpointZoneCount,
                    "1 to the number of availabilityZones (" + zones.size() + ")", "availabilityZones");
        }

        boolean natKnown = p.require(NetworkLimits.NAT_MODES.contains(natGateways()), "natGateways", natGateways,
                "one of " + String.join(", ", NetworkLimits.NAT_MODES));
        if (adoptsVpc()) {
            p.require(existingVpcId.matches("vpc-[0-9a-f]{8,17}"), "existingVpcId", existingVpcId, "a VPC id such as vpc-0a1b2c3d4e5f67890");
            p.compare(existingPrivateSubnetIds().size() == zones.size(), "existingPrivateSubnetIds",
                    existingPrivateSubnetIds, zones.size() + " subnet ids, one per entry of availabilityZones", "availabilityZones");
            for (String id : existingPrivateSubnetIds()) {
                p.require(id != null && id.matches("subnet-[0-9a-f]{8,17}"), "existingPrivateSubnetIds", id, "subnet ids such as subnet-0a1b2c3d4e5f67890");
            }
            p.unique("existingPrivateSubnetIds", existingPrivateSubnetIds());
            p.require(!existingRouteTableIds().isEmpty(), "existingRouteTableIds", existingRouteTableIds,
                    "the route tables of existingPrivateSubnetIds (at least one) when existingVpcId is set");
            for (String id : existingRouteTableIds()) {
                p.require(id != null && id.matches("rtb-[0-9a-f]{8,17}"), "existingRouteTableIds", id, "route table ids such as rtb-0a1b2c3d4e5f67890");
            }
            p.unique("existingRouteTableIds", existingRouteTableIds());
            if (natKnown) {
                p.compare(natGatewayCount() == 0, "natGateways", natGateways,
                        "none when existingVpcId is set (an adopted VPC keeps its own egress)", "existingVpcId");
            }
        } else {
            p.require(existingPrivateSubnetIds == null, "existingPrivateSubnetIds", existingPrivateSubnetIds, "unset unless existingVpcId is set");
            p.require(existingRouteTableIds == null, "existingRouteTableIds", existingRouteTableIds, "unset unless existingVpcId is set");
            p.between("subnetNewBits", subnetNewBits(), 2, 8);
            if (vpc != null && natKnown) {
                int needed = zones.size() + natGatewayCount();
                p.compare(vpc.prefix() + subnetNewBits() <= SubnetPlan.SMALLEST_PREFIX && needed <= (1 << subnetNewBits()),
                        "subnetNewBits", subnetNewBits(), "small enough that subnets are /" + SubnetPlan.SMALLEST_PREFIX
                                + " or larger (at most " + (SubnetPlan.SMALLEST_PREFIX - vpc.prefix()) + " for " + cidr
                                + ") and large enough for " + needed + " subnets (at least " + bitsFor(needed) + ")",
                        "cidr", "availabilityZones", "natGateways");
            }
        }

        validateEdgeSubnets(p, vpc, zones, natKnown);

        if (!existingTransitGatewayIds().isEmpty()) {
            p.compare(adoptsVpc(), "existingTransitGatewayIds", existingTransitGatewayIds, "left out unless existingVpcId is set", "existingVpcId");
            var gateways = attachments().stream().map(ClientVpcAttachmentArgs::transitGatewayId).filter(java.util.Objects::nonNull).toList();
            for (String id : existingTransitGatewayIds()) {
                p.require(gateways.contains(id), "existingTransitGatewayIds", id, "the transitGatewayId of an attachment (" + gateways + ")");
            }
            p.unique("existingTransitGatewayIds", existingTransitGatewayIds());
        }

        for (String service : endpointServices()) {
            p.require(EndpointCatalog.known(service), "endpointServices", service, "one of " + String.join(", ", EndpointCatalog.names()));
        }
        p.unique("endpointServices", endpointServices());

        for (String account : trustedAccountIds()) {
            p.require(account != null && account.matches("\\d{12}"), "trustedAccountIds", account, "12-digit AWS account ids");
        }
        p.unique("trustedAccountIds", trustedAccountIds());

        p.require(flowLogKmsKeyArn != null, "flowLogKmsKeyArn", null, "set (the KmsSeal data key ARN)");
        p.require(NetworkLimits.LOG_RETENTION_DAYS.contains(flowLogRetentionDays()), "flowLogRetentionDays", flowLogRetentionDays,
                "a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days)");

        var names = new ArrayList<String>();
        var seen = new ArrayList<Cidr>();
        for (int i = 0; i < attachments().size(); i++) {
            String at = "attachments[" + i + "]";
            var attachment = attachments().get(i);
            if (!p.require(attachment != null, at, null, "an attachment")) {
                continue;
            }
            Cidr client = attachment.validate(p.at(at));
            if (client != null) {
                if (vpc != null) {
                    p.compare(!client.overlaps(vpc), at + ".cidr", attachment.cidr(), "a CIDR that does not overlap the Vault VPC " + cidr, "cidr");
                }
                for (int j = 0; j < seen.size(); j++) {
                    if (seen.get(j) != null) {
                        p.compare(!client.overlaps(seen.get(j)), at + ".cidr", attachment.cidr(),
                                "a CIDR that does not overlap attachments[" + j + "] (" + seen.get(j) + ")", "attachments[" + j + "].cidr");
                    }
                }
            }
            seen.add(client);
            names.add(attachment.name());
        }
        p.unique("attachments.name", names);
        p.orThrow();
        return this;
    }

    private static int bitsFor(int subnets) {
        return Math.max(2, 32 - Integer.numberOfLeadingZeros(subnets - 1));
    }

    public static Builder builder() {
        return new Builder();
    }

    private void validateEdgeSubnets(Problems p, Cidr vpc, List<String> zones, boolean natKnown) {
        if (edgeSubnetCidrs().isEmpty()) {
            return;
        }
        p.compare(edgeSubnetCidrs().size() == zones.size(), "edgeSubnetCidrs", edgeSubnetCidrs, zones.size()
                + " CIDR blocks, one per entry of availabilityZones", "availabilityZones");
        var taken = new ArrayList<Cidr>();
        if (!adoptsVpc() && vpc != null && natKnown && p.valid("subnetNewBits", "availabilityZones")) {
            var plan = subnetPlan();
            taken.addAll(plan.privateSubnets());
            taken.addAll(plan.publicSubnets());
        }
        var edges = new ArrayList<Cidr>();
        for (String text : edgeSubnetCidrs()) {
            Cidr edge = p.cidr("edgeSubnetCidrs", text);
            if (edge == null) {
                continue;
            }
            p.require(edge.prefix() >= NetworkLimits.EDGE_WIDEST_PREFIX && edge.prefix() <= NetworkLimits.EDGE_NARROWEST_PREFIX, "edgeSubnetCidrs", text,
                    "a /" + NetworkLimits.EDGE_WIDEST_PREFIX + " to /" + NetworkLimits.EDGE_NARROWEST_PREFIX + " block (the NLB and a Client VPN association need at least a /27; wider is a workload subnet)");
            if (vpc != null) {
                p.compare(vpc.contains(edge), "edgeSubnetCidrs", text, "inside the VPC (" + cidr + ")", "cidr");
            }
            taken.stream().filter(edge::overlaps).findFirst().ifPresent(other -> p.require(false, "edgeSubnetCidrs", text,
                    "outside the VPC's own subnets (it overlaps " + other + ")"));
            edges.stream().filter(edge::overlaps).findFirst().ifPresent(other -> p.require(false, "edgeSubnetCidrs", text,
                    "blocks that do not overlap each other (it overlaps " + other + ")"));
            edges.add(edge);
        }
        if (adoptsVpc() && !existingRouteTableIds().isEmpty()) {
            p.compare(existingRouteTableIds().size() == 1 || existingRouteTableIds().size() == zones.size(), "existingRouteTableIds",
                    existingRouteTableIds, "one route table, or one per zone, so each edge subnet is routed like its zone's private subnet",
                    "edgeSubnetCidrs");
        }
    }

    public static final class Builder {
        private final PrivateVaultNetworkArgs args = new PrivateVaultNetworkArgs();

        public Builder cidr(String value) {
            args.cidr = value;
            return this;
        }

        public Builder availabilityZones(List<String> value) {
            args.availabilityZones = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder availabilityZones(String... value) {
            return availabilityZones(List.of(value));
        }

        /** Adopts an existing VPC: its id, its private subnets (one per zone) and their route tables. */
        public Builder existingVpc(String vpcId, List<String> privateSubnetIds, List<String> routeTableIds) {
            args.existingVpcId = vpcId;
            args.existingPrivateSubnetIds = privateSubnetIds == null ? null : List.copyOf(privateSubnetIds);
            args.existingRouteTableIds = routeTableIds == null ? null : List.copyOf(routeTableIds);
            return this;
        }

        public Builder natGateways(String value) {
            args.natGateways = value;
            return this;
        }

        public Builder subnetNewBits(int value) {
            args.subnetNewBits = value;
            return this;
        }

        public Builder endpointServices(List<String> value) {
            args.endpointServices = List.copyOf(value);
            return this;
        }

        public Builder existingTransitGatewayIds(List<String> value) {
            args.existingTransitGatewayIds = List.copyOf(value);
            return this;
        }

        public Builder endpointZoneCount(int value) {
            args.endpointZoneCount = value;
            return this;
        }

        public Builder s3GatewayEndpoint(boolean value) {
            args.s3GatewayEndpoint = value;
            return this;
        }

        public Builder trustedAccountIds(List<String> value) {
            args.trustedAccountIds = List.copyOf(value);
            return this;
        }

        public Builder flowLogKmsKeyArn(Output<String> value) {
            args.flowLogKmsKeyArn = value;
            return this;
        }

        public Builder flowLogKmsKeyArn(String value) {
            return flowLogKmsKeyArn(Output.of(value));
        }

        public Builder flowLogRetentionDays(int value) {
            args.flowLogRetentionDays = value;
            return this;
        }

        public Builder attachments(List<ClientVpcAttachmentArgs> value) {
            args.attachments = List.copyOf(value);
            return this;
        }

        public Builder attachments(ClientVpcAttachmentArgs... value) {
            return attachments(List.of(value));
        }

        public Builder edgeSubnetCidrs(List<String> value) {
            args.edgeSubnetCidrs = List.copyOf(value);
            return this;
        }

        public Builder tags(Map<String, String> value) {
            args.tags = Map.copyOf(value);
            return this;
        }

        public PrivateVaultNetworkArgs build() {
            return args.validate();
        }
    }
}
