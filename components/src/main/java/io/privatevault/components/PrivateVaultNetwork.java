package io.privatevault.components;

import io.privatevault.components.host.MayBeAbsent;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.DefaultSecurityGroup;
import com.pulumi.aws.ec2.DefaultSecurityGroupArgs;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.FlowLog;
import com.pulumi.aws.ec2.FlowLogArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.Route;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.VpcEndpoint;
import com.pulumi.aws.ec2.VpcEndpointArgs;
import com.pulumi.aws.ec2.VpcPeeringConnection;
import com.pulumi.aws.ec2.VpcPeeringConnectionArgs;
import com.pulumi.aws.ec2transitgateway.VpcAttachment;
import com.pulumi.aws.ec2transitgateway.VpcAttachmentArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.privatevault.components.network.EndpointCatalog;
import io.privatevault.components.network.NetworkPolicies;
import io.privatevault.components.support.AwsEnvironment;
import io.privatevault.components.support.Cidr;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The private network Vault lives in: a VPC (new, or an adopted one) with one private subnet and route table per
 * availability zone and no route to the internet gateway from them, interface endpoints so nodes reach AWS APIs
 * without NAT, an S3 gateway endpoint for snapshots, VPC flow logs of all traffic into a KMS-encrypted log group,
 * and routes to client networks over VPC peering or an existing transit gateway. NAT is opt-in; without it there
 * is no internet gateway at all.
 */
public final class PrivateVaultNetwork extends ComponentResource {
    /** The VPC id. */
    @Export(name = "vpcId", refs = {String.class})
    public final Output<String> vpcId;
    /** Private (Vault) subnet ids, in the order of {@code availabilityZones}. */
    @Export(name = "privateSubnetIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> privateSubnetIds;
    /** The VPC's CIDR. */
    /** The edge subnets (NLB and Client VPN only), same order as {@code privateSubnetIds}; empty without {@code edgeSubnetCidrs}. */
    @Export(name = "edgeSubnetIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> edgeSubnetIds;
    @Export(name = "cidr", refs = {String.class})
    public final Output<String> cidr;
    /** The Amazon-provided DNS resolver (VPC base + 2), e.g. for Client VPN DNS servers. */
    @Export(name = "resolverAddress", refs = {String.class})
    public final Output<String> resolverAddress;
    /** Zones of the private subnets, same order as {@code privateSubnetIds}. */
    @Export(name = "availabilityZones", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> availabilityZones;
    /** Route tables of the private subnets (one per zone for a new VPC). */
    @Export(name = "privateRouteTableIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> privateRouteTableIds;
    /** Security group of the interface endpoints (443 from the VPC CIDR only). */
    @Export(name = "endpointSecurityGroupId", refs = {String.class})
    public final Output<String> endpointSecurityGroupId;
    /** CloudWatch log group receiving the VPC flow logs. */
    @Export(name = "flowLogGroupName", refs = {String.class})
    public final Output<String> flowLogGroupName;
    /** CIDRs of the attached client networks, e.g. for the NLB security group and VPN overlap checks. */
    @Export(name = "attachedCidrs", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> attachedCidrs;
    /** Whether the private subnets have NAT egress; without it nodes install from S3 through the gateway endpoint. */
    @Export(name = "natEgress", refs = {Boolean.class})
    public final Output<Boolean> natEgress;

    /** Prefix list of the S3 gateway endpoint (for security-group egress to S3), or null without it. */
    @MayBeAbsent("with s3GatewayEndpoint false")
    @Export(name = "s3PrefixListId", refs = {String.class})
    public final Output<String> s3PrefixListId;
    /**
     * Ids of what carries the private subnets' traffic out: every VPC endpoint (interface and S3 gateway) and each
     * private route to a NAT gateway. Instances that call AWS while they boot wait for them
     * (VaultRaftClusterArgs.bootDependencies).
     */
    @Export(name = "egressIds", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> egressIds;

    public PrivateVaultNetwork(String name, PrivateVaultNetworkArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:PrivateVaultNetwork", name, null, ComponentLifecycle.validated(args.validate(), options));
        var env = AwsEnvironment.of(this);
        var child = CustomResourceOptions.builder().parent(this).build();
        List<String> zones = args.availabilityZones();

        Output<String> vpcIdValue;
        var subnetIds = new ArrayList<Output<String>>();
        var routeTableIds = new ArrayList<Output<String>>();
        var egress = new ArrayList<Output<String>>();
        if (args.adoptsVpc()) {
            vpcIdValue = Output.of(args.existingVpcId());
            args.existingPrivateSubnetIds().forEach(id -> subnetIds.add(Output.of(id)));
            args.existingRouteTableIds().forEach(id -> routeTableIds.add(Output.of(id)));
        } else {
            var vpc = new Vpc(name + "-vpc", VpcArgs.builder()
                    .cidrBlock(args.cidr())
                    .enableDnsSupport(true)     // interface endpoints' private DNS and the Route 53 zone need both
                    .enableDnsHostnames(true)
                    .tags(tags(args, name))
                    .build(), child);
            vpcIdValue = vpc.id();
            // Adopts the VPC's default group and strips its rules, so nothing that lands in it can talk (CIS 5.4).
            new DefaultSecurityGroup(name + "-default", DefaultSecurityGroupArgs.builder()
                    .vpcId(vpc.id()).tags(tags(args, name + "-default-deny-all")).build(), child);
            var plan = args.subnetPlan();
            var natGateways = natGateways(name, args, vpc, plan.publicSubnets(), child);
            for (int i = 0; i < zones.size(); i++) {
                String zone = zones.get(i);
                var subnet = new Subnet(name + "-private-" + zone, SubnetArgs.builder()
                        .vpcId(vpc.id())
                        .cidrBlock(plan.privateSubnets().get(i).toString())
                        .availabilityZone(zone)
                        .mapPublicIpOnLaunch(false)
                        .tags(tags(args, name + "-private-" + zone))
                        .build(), child);
                var table = new RouteTable(name + "-private-" + zone, RouteTableArgs.builder()
                        .vpcId(vpc.id()).tags(tags(args, name + "-private-" + zone)).build(), child);
                new RouteTableAssociation(name + "-private-" + zone, RouteTableAssociationArgs.builder()
                        .subnetId(subnet.id()).routeTableId(table.id()).build(), child);
                if (!natGateways.isEmpty()) {
                    // Egress through NAT, never through the internet gateway: nothing can reach in.
                    var nat = natGateways.get(natGateways.size() == 1 ? 0 : i);
                    egress.add(new Route(name + "-private-" + zone + "-egress", RouteArgs.builder()
                            .routeTableId(table.id()).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat.id()).build(), child).id());
                }
                subnetIds.add(subnet.id());
                routeTableIds.add(table.id());
            }
        }
        Output<List<String>> subnetList = Output.all(subnetIds);
        var edgeIds = new ArrayList<Output<String>>();
        for (int i = 0; i < args.edgeSubnetCidrs().size(); i++) {
            String zone = zones.get(i);
            var subnet = new Subnet(name + "-edge-" + zone, SubnetArgs.builder()
                    .vpcId(vpcIdValue)
                    .cidrBlock(args.edgeSubnetCidrs().get(i))
                    .availabilityZone(zone)
                    .mapPublicIpOnLaunch(false)
                    .tags(tags(args, name + "-edge-" + zone))
                    .build(), child);
            // Routed like the zone's private subnet: replies to attached networks take the same transit gateway or peering.
            new RouteTableAssociation(name + "-edge-" + zone, RouteTableAssociationArgs.builder()
                    .subnetId(subnet.id()).routeTableId(routeTableIds.get(routeTableIds.size() == 1 ? 0 : i)).build(), child);
            edgeIds.add(subnet.id());
        }
        // The endpoints' network interfaces: one in each of the first endpointZoneCount zones.
        Output<List<String>> endpointSubnets = Output.all(subnetIds.subList(0, args.endpointZoneCount()));
        Output<List<String>> endpointAccounts = env.accountId().applyValue(own -> {
            var accounts = new ArrayList<String>(List.of(own));
            args.trustedAccountIds().stream().filter(a -> !a.equals(own)).forEach(accounts::add);
            return List.copyOf(accounts);
        });
        Output<List<String>> routeTableList = Output.all(routeTableIds);

        var endpointGroup = new SecurityGroup(name + "-endpoints", SecurityGroupArgs.builder()
                .vpcId(vpcIdValue)
                .description("Interface VPC endpoints of " + name + ": HTTPS from the VPC only")
                .tags(tags(args, name + "-endpoints"))
                .build(), child);
        // No egress rule: the provider removes AWS's default allow-all, and endpoints answer statefully.
        new SecurityGroupIngressRule(name + "-endpoints-https", SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(endpointGroup.id())
                .description("HTTPS to AWS APIs from inside the VPC")
                .ipProtocol("tcp").fromPort(443).toPort(443)
                .cidrIpv4(args.cidr())
                .build(), child);
        for (String service : args.endpointServices()) {
            var endpoint = VpcEndpointArgs.builder()
                    .vpcId(vpcIdValue)
                    .serviceName(env.region().applyValue(region -> "com.amazonaws." + region + "." + service))
                    .vpcEndpointType("Interface")
                    .privateDnsEnabled(true)
                    .subnetIds(endpointSubnets)
                    .securityGroupIds(endpointGroup.id().applyValue(List::of))
                    .tags(tags(args, name + "-" + service));
            if (EndpointCatalog.supportsPolicy(service)) {
                endpoint.policy(endpointAccounts.applyValue(accounts -> NetworkPolicies.interfaceEndpoint(accounts).toJson()));
            }
            egress.add(new VpcEndpoint(name + "-" + service.replace('.', '-'), endpoint.build(), child).id());
        }
        Output<String> prefixList = Output.ofNullable(null);
        if (args.s3GatewayEndpoint()) {
            var s3 = new VpcEndpoint(name + "-s3", VpcEndpointArgs.builder()
                    .vpcId(vpcIdValue)
                    .serviceName(env.region().applyValue(region -> "com.amazonaws." + region + ".s3"))
                    .vpcEndpointType("Gateway")
                    .routeTableIds(routeTableList)
                    .policy(Output.tuple(endpointAccounts, env.region())
                            .applyValue(t -> NetworkPolicies.s3GatewayEndpoint(t.t1, t.t2).toJson()))
                    .tags(tags(args, name + "-s3"))
                    .build(), child);
            egress.add(s3.id());
            prefixList = s3.prefixListId();
        }
        this.s3PrefixListId = prefixList;

        var logGroup = new LogGroup(name + "-flow-logs", LogGroupArgs.builder()
                .namePrefix("/vpc/flow-logs/" + name + "-")
                .kmsKeyId(args.flowLogKmsKeyArn())
                .retentionInDays(args.flowLogRetentionDays())
                .tags(args.tags())
                .build(), child);
        var role = new Role(name + "-flow-logs", RoleArgs.builder()
                .description("Delivers VPC flow logs of " + name + " to its log group")
                .assumeRolePolicy(Output.tuple(env.accountId(), env.region())
                        .applyValue(t -> NetworkPolicies.flowLogTrust(t.t1, t.t2).toJson()))
                .tags(args.tags())
                .build(), child);
        var delivery = new RolePolicy(name + "-flow-logs", RolePolicyArgs.builder()
                .role(role.name())
                .policy(Output.tuple(logGroup.arn(), env.accountId(), env.region())
                        .applyValue(t -> NetworkPolicies.flowLogDelivery(t.t1, t.t2, t.t3).toJson()))
                .build(), child);
        new FlowLog(name + "-flow-log", FlowLogArgs.builder()
                .vpcId(vpcIdValue)
                .trafficType("ALL")                  // rejected and accepted: both matter in an investigation
                .logDestinationType("cloud-watch-logs")
                .logDestination(logGroup.arn())
                .iamRoleArn(role.arn())
                .maxAggregationInterval(60)          // one-minute records instead of ten
                .tags(tags(args, name + "-flow-log"))
                .build(), withDependencies(delivery)); // the first delivery fails if the policy is not attached yet

        var attached = attachments(name, args, vpcIdValue, subnetList, routeTableIds, child);

        this.vpcId = vpcIdValue;
        this.privateSubnetIds = subnetList;
        this.edgeSubnetIds = edgeIds.isEmpty() ? Output.of(List.of()) : Output.all(edgeIds);
        this.cidr = Output.of(args.cidr());
        this.resolverAddress = Output.of(Cidr.parse(args.cidr()).address(2));
        this.availabilityZones = Output.of(List.copyOf(zones));
        this.privateRouteTableIds = routeTableList;
        this.endpointSecurityGroupId = endpointGroup.id();
        this.flowLogGroupName = logGroup.name();
        this.attachedCidrs = Output.of(attached);
        this.natEgress = Output.of(args.natGatewayCount() > 0);
        this.egressIds = egress.isEmpty() ? Output.of(List.of()) : Output.all(egress);
        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("vpcId", vpcId);
        outputs.put("privateSubnetIds", privateSubnetIds);
        outputs.put("edgeSubnetIds", edgeSubnetIds);
        outputs.put("cidr", cidr);
        outputs.put("resolverAddress", resolverAddress);
        outputs.put("availabilityZones", availabilityZones);
        outputs.put("privateRouteTableIds", privateRouteTableIds);
        outputs.put("endpointSecurityGroupId", endpointSecurityGroupId);
        outputs.put("flowLogGroupName", flowLogGroupName);
        outputs.put("attachedCidrs", attachedCidrs);
        outputs.put("natEgress", natEgress);
        outputs.put("s3PrefixListId", s3PrefixListId);
        outputs.put("egressIds", egressIds);
        registerOutputs(outputs);
    }

    private CustomResourceOptions withDependencies(Resource... dependencies) {
        return CustomResourceOptions.builder().parent(this).dependsOn(dependencies).build();
    }

    /** Internet gateway, public subnets and NAT gateways; nothing at all when NAT is off. */
    private List<NatGateway> natGateways(String name, PrivateVaultNetworkArgs args, Vpc vpc, List<Cidr> publicSubnets,
                                         CustomResourceOptions child) {
        if (publicSubnets.isEmpty()) {
            return List.of();
        }
        var gateway = new InternetGateway(name + "-igw", InternetGatewayArgs.builder()
                .vpcId(vpc.id()).tags(tags(args, name + "-igw")).build(), child);
        var publicTable = new RouteTable(name + "-public", RouteTableArgs.builder()
                .vpcId(vpc.id()).tags(tags(args, name + "-public")).build(), child);
        new Route(name + "-public-internet", RouteArgs.builder()
                .routeTableId(publicTable.id()).destinationCidrBlock("0.0.0.0/0").gatewayId(gateway.id()).build(), child);
        var result = new ArrayList<NatGateway>();
        for (int i = 0; i < publicSubnets.size(); i++) {
            String zone = args.availabilityZones().get(i);
            var subnet = new Subnet(name + "-public-" + zone, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .cidrBlock(publicSubnets.get(i).toString())
                    .availabilityZone(zone)
                    .mapPublicIpOnLaunch(false)          // only the NAT gateway's Elastic IP is public
                    .tags(tags(args, name + "-public-" + zone))
                    .build(), child);
            new RouteTableAssociation(name + "-public-" + zone, RouteTableAssociationArgs.builder()
                    .subnetId(subnet.id()).routeTableId(publicTable.id()).build(), child);
            var address = new Eip(name + "-nat-" + zone, EipArgs.builder()
                    .domain("vpc").tags(tags(args, name + "-nat-" + zone)).build(), child);
            result.add(new NatGateway(name + "-nat-" + zone, NatGatewayArgs.builder()
                    .connectivityType("public")
                    .allocationId(address.id())
                    .subnetId(subnet.id())
                    .tags(tags(args, name + "-nat-" + zone))
                    .build(), withDependencies(gateway)));  // a public NAT needs the attached internet gateway
        }
        return result;
    }

    /** Peerings, transit gateway attachments and the routes to each client CIDR; returns the attached CIDRs. */
    private List<String> attachments(String name, PrivateVaultNetworkArgs args, Output<String> vpcId,
                                     Output<List<String>> subnetList, List<Output<String>> routeTableIds,
                                     CustomResourceOptions child) {
        var transitAttachments = new HashMap<String, VpcAttachment>();
        var cidrs = new ArrayList<String>();
        for (var attachment : args.attachments()) {
            String prefix = name + "-" + attachment.name();
            Output<String> peeringId = null;
            CustomResourceOptions routeOptions = child;
            if (attachment.isPeering()) {
                peeringId = peering(prefix, attachment, vpcId, args, child).id();
            } else if (args.existingTransitGatewayIds().contains(attachment.transitGatewayId())) {
                // The adopted VPC is attached and routed to this gateway already.
                cidrs.add(attachment.cidr());
                continue;
            } else {
                // One attachment per transit gateway however many client CIDRs sit behind it.
                var transit = transitAttachments.computeIfAbsent(attachment.transitGatewayId(), tgw ->
                        new VpcAttachment(name + "-" + tgw, VpcAttachmentArgs.builder()
                                .transitGatewayId(tgw)
                                .vpcId(vpcId)
                                .subnetIds(subnetList)
                                .dnsSupport("enable")
                                .tags(tags(args, name + "-" + tgw))
                                .build(), child));
                routeOptions = withDependencies(transit); // a route to a gateway the VPC is not attached to fails
            }
            for (int i = 0; i < routeTableIds.size(); i++) {
                var route = RouteArgs.builder().routeTableId(routeTableIds.get(i)).destinationCidrBlock(attachment.cidr());
                if (peeringId != null) {
                    route.vpcPeeringConnectionId(peeringId);
                } else {
                    route.transitGatewayId(attachment.transitGatewayId());
                }
                new Route(prefix + "-" + i, route.build(), routeOptions);
            }
            cidrs.add(attachment.cidr());
        }
        return List.copyOf(cidrs);
    }

    private VpcPeeringConnection peering(String resourceName, ClientVpcAttachmentArgs attachment, Output<String> vpcId,
                                         PrivateVaultNetworkArgs args, CustomResourceOptions child) {
        var peering = VpcPeeringConnectionArgs.builder()
                .vpcId(vpcId)
                .peerVpcId(attachment.peerVpcId())
                .tags(tags(args, resourceName));
        if (attachment.acceptsItself()) {
            peering.autoAccept(true);
        } else {
            // Cross-account or cross-region: only requested here, accepted by the peer's owner.
            if (attachment.peerAccountId() != null) {
                peering.peerOwnerId(attachment.peerAccountId());
            }
            if (attachment.peerRegion() != null) {
                peering.peerRegion(attachment.peerRegion());
            }
        }
        return new VpcPeeringConnection(resourceName, peering.build(), child);
    }

    private static Map<String, String> tags(PrivateVaultNetworkArgs args, String nameTag) {
        var tags = new LinkedHashMap<>(args.tags());
        tags.putIfAbsent("Name", nameTag);
        return tags;
    }
}
