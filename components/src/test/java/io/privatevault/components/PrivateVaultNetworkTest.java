package io.privatevault.components;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.components.support.Cidr;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.RecordedResource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import io.privatevault.components.support.InvalidSettingException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class PrivateVaultNetworkTest {
    static final String ACCOUNT = "111122223333";
    static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/0b0e7f6e-1111-4222-8333-444455556666";
    static final List<String> ZONES = List.of("eu-west-1a", "eu-west-1b", "eu-west-1c");
    static final String VPC = "aws:ec2/vpc:Vpc";
    static final String SUBNET = "aws:ec2/subnet:Subnet";
    static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    static final String ROUTE = "aws:ec2/route:Route";
    static final String ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    static final String IGW = "aws:ec2/internetGateway:InternetGateway";
    static final String NAT = "aws:ec2/natGateway:NatGateway";
    static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    static final String SG = "aws:ec2/securityGroup:SecurityGroup";
    static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

    static PrivateVaultNetworkArgs.Builder args() {
        return PrivateVaultNetworkArgs.builder().cidr("10.42.0.0/16").availabilityZones(ZONES).flowLogKmsKeyArn(KEY);
    }

    static MockRun.Result run(PrivateVaultNetworkArgs.Builder args) {
        var result = MockRun.of("test", "dev", new AwsMocks("eu-west-1", ACCOUNT)).run(ctx -> {
            var network = new PrivateVaultNetwork("vault", args.build(), null);
            ctx.export("vpcId", network.vpcId);
            ctx.export("privateSubnetIds", network.privateSubnetIds);
            ctx.export("cidr", network.cidr);
            ctx.export("resolverAddress", network.resolverAddress);
            ctx.export("availabilityZones", network.availabilityZones);
            ctx.export("privateRouteTableIds", network.privateRouteTableIds);
            ctx.export("endpointSecurityGroupId", network.endpointSecurityGroupId);
            ctx.export("flowLogGroupName", network.flowLogGroupName);
            ctx.export("attachedCidrs", network.attachedCidrs);
            ctx.export("natEgress", network.natEgress);
            ctx.export("edgeSubnetIds", network.edgeSubnetIds);
        });
        assertFalse(result.failed(), result.errors().toString());
        return result;
    }

    static JsonObject json(Object text) {
        return JsonParser.parseString((String) text).getAsJsonObject();
    }

    static boolean dependsOn(RecordedResource resource, RecordedResource other) {
        return resource.dependencies().contains(other.urn());
    }

    @Test
    void newVpcHasDnsAndOnePrivateSubnetPerDistinctZoneInsideItsCidr() {
        var result = run(args());
        var vpc = result.one(VPC);
        assertEquals("10.42.0.0/16", vpc.input("cidrBlock"));
        assertEquals(true, vpc.input("enableDnsSupport"));
        assertEquals(true, vpc.input("enableDnsHostnames"));
        var subnets = result.ofType(SUBNET);
        assertEquals(3, subnets.size());
        assertEquals(Set.copyOf(ZONES), subnets.stream().map(s -> (String) s.input("availabilityZone")).collect(Collectors.toSet()));
        var cidrs = subnets.stream().map(s -> Cidr.parse((String) s.input("cidrBlock"))).toList();
        for (int i = 0; i < cidrs.size(); i++) {
            assertTrue(Cidr.parse("10.42.0.0/16").contains(cidrs.get(i)), cidrs.get(i).toString());
            assertEquals(19, cidrs.get(i).prefix());
            for (int j = i + 1; j < cidrs.size(); j++) {
                assertFalse(cidrs.get(i).overlaps(cidrs.get(j)), cidrs.get(i) + " overlaps " + cidrs.get(j));
            }
        }
        subnets.forEach(s -> assertEquals(false, s.input("mapPublicIpOnLaunch"), s.name()));
        assertEquals(3, result.ofType(ROUTE_TABLE).size(), "one route table per zone");
        var defaultGroup = result.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        assertNull(defaultGroup.input("ingress"), "the default security group keeps no rules");
        assertNull(defaultGroup.input("egress"));
    }

    /** Edge subnets: one per zone, in its zone, routed by that zone's private route table (replies take the same way). */
    @Test
    void edgeSubnetsAreCreatedPerZoneAndRoutedLikeTheZonesPrivateSubnet() {
        var edges = List.of("10.42.240.0/26", "10.42.240.64/26", "10.42.240.128/26");
        var result = run(args().edgeSubnetCidrs(edges));
        var tables = result.ofType(ROUTE_TABLE);
        for (int i = 0; i < ZONES.size(); i++) {
            var edge = result.named(SUBNET, "vault-edge-" + ZONES.get(i));
            assertEquals(edges.get(i), edge.input("cidrBlock"));
            assertEquals(ZONES.get(i), edge.input("availabilityZone"));
            assertEquals(false, edge.input("mapPublicIpOnLaunch"));
            var association = result.named(ASSOCIATION, "vault-edge-" + ZONES.get(i));
            assertEquals(edge.id(), association.input("subnetId"));
            assertEquals(result.named(ROUTE_TABLE, "vault-private-" + ZONES.get(i)).id(), association.input("routeTableId"));
        }
        assertEquals(3, tables.size(), "no route table of their own");
        assertEquals(edges.stream().map(c -> result.ofType(SUBNET).stream().filter(s -> c.equals(s.input("cidrBlock"))).findFirst().orElseThrow().id()).toList(),
                result.outputs().get("edgeSubnetIds"));
        // An adopted VPC's edge subnets take its route tables (one for all zones here).
        var adopted = run(args().cidr("10.9.0.0/20").existingVpc("vpc-0ccccccccccccccc1",
                        List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"), List.of("rtb-0bbbbbbbbbbbbbbb1"))
                .edgeSubnetCidrs(List.of("10.9.15.0/27", "10.9.15.32/27", "10.9.15.64/27")));
        assertEquals(3, adopted.ofType(SUBNET).size());
        assertTrue(adopted.ofType(ASSOCIATION).stream().allMatch(a -> "rtb-0bbbbbbbbbbbbbbb1".equals(a.input("routeTableId"))));
        assertEquals("vpc-0ccccccccccccccc1", adopted.ofType(SUBNET).get(0).input("vpcId"));
    }

    @Test
    void withoutNatThereIsNoInternetGatewayAndNoDefaultRoute() {
        var result = run(args());
        assertTrue(result.ofType(IGW).isEmpty());
        assertTrue(result.ofType(NAT).isEmpty());
        assertTrue(result.ofType("aws:ec2/eip:Eip").isEmpty());
        assertTrue(result.ofType(SUBNET).stream().noneMatch(s -> s.name().contains("public")));
        assertTrue(result.ofType(ROUTE).isEmpty(), "no route at all besides local and the S3 prefix list");
        result.ofType(ROUTE_TABLE).forEach(t -> assertNull(t.input("routes"), "no inline routes on " + t.name()));
    }

    @Test
    void natPerZoneKeepsVaultSubnetsOffTheInternetGateway() {
        var result = run(args().natGateways("perAz"));
        var igw = result.one(IGW);
        var nats = result.ofType(NAT);
        assertEquals(3, nats.size());
        var publicTable = result.named(ROUTE_TABLE, "vault-public");
        for (var route : result.ofType(ROUTE)) {
            if (dependsOn(route, igw)) {
                assertTrue(dependsOn(route, publicTable), route.name() + " sends traffic to the internet gateway from a private table");
                assertEquals("0.0.0.0/0", route.input("destinationCidrBlock"));
            }
        }
        for (String zone : ZONES) {
            var table = result.named(ROUTE_TABLE, "vault-private-" + zone);
            var routes = result.ofType(ROUTE).stream().filter(r -> dependsOn(r, table)).toList();
            assertEquals(1, routes.size(), zone);
            assertFalse(dependsOn(routes.get(0), igw), "private route via the internet gateway in " + zone);
            assertNull(routes.get(0).input("gatewayId"));
            var nat = result.named(NAT, "vault-nat-" + zone);
            assertTrue(dependsOn(routes.get(0), nat), "egress of " + zone + " goes through its own zone's NAT");
        }
        // Only the NAT gateways' public subnets are associated with the public table.
        var publicSubnets = result.ofType(SUBNET).stream().filter(s -> s.name().startsWith("vault-public-")).toList();
        assertEquals(3, publicSubnets.size());
        for (var association : result.ofType(ASSOCIATION)) {
            boolean isPublic = dependsOn(association, publicTable);
            boolean ofPublicSubnet = publicSubnets.stream().anyMatch(s -> dependsOn(association, s));
            assertEquals(isPublic, ofPublicSubnet, association.name());
        }
        nats.forEach(n -> assertTrue(publicSubnets.stream().anyMatch(s -> dependsOn(n, s)), n.name() + " sits in a public subnet"));
        publicSubnets.forEach(s -> assertEquals(false, s.input("mapPublicIpOnLaunch")));
        // Public subnets come from the top of the VPC range, private ones from the bottom.
        assertEquals("10.42.160.0/19", result.named(SUBNET, "vault-public-eu-west-1a").input("cidrBlock"));
        assertEquals("10.42.0.0/19", result.named(SUBNET, "vault-private-eu-west-1a").input("cidrBlock"));
    }

    @Test
    void singleNatServesEveryZone() {
        var result = run(args().natGateways("single"));
        var nat = result.one(NAT);
        assertEquals(1, result.ofType(SUBNET).stream().filter(s -> s.name().startsWith("vault-public-")).count());
        var egress = result.ofType(ROUTE).stream().filter(r -> r.name().endsWith("-egress")).toList();
        assertEquals(3, egress.size());
        egress.forEach(r -> assertTrue(dependsOn(r, nat), r.name()));
    }

    @Test
    void flowLogsCaptureAllTrafficIntoAnEncryptedGroupWithAScopedRole() {
        var result = run(args().flowLogRetentionDays(731));
        var flowLog = result.one("aws:ec2/flowLog:FlowLog");
        var group = result.one("aws:cloudwatch/logGroup:LogGroup");
        var role = result.one("aws:iam/role:Role");
        var policy = result.one("aws:iam/rolePolicy:RolePolicy");
        assertEquals("ALL", flowLog.input("trafficType"));
        assertEquals("cloud-watch-logs", flowLog.input("logDestinationType"));
        assertTrue(dependsOn(flowLog, group));
        assertTrue(dependsOn(flowLog, role));
        assertTrue(dependsOn(flowLog, policy), "delivery starts only once the role may write");
        assertTrue(dependsOn(flowLog, result.one(VPC)));
        assertEquals(KEY, group.input("kmsKeyId"));
        assertEquals(731L, group.input("retentionInDays"));
        assertEquals(365L, run(args()).one("aws:cloudwatch/logGroup:LogGroup").input("retentionInDays"));

        var trust = json(role.input("assumeRolePolicy")).getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertEquals("vpc-flow-logs.amazonaws.com", trust.getAsJsonObject("Principal").get("Service").getAsString());
        assertEquals(ACCOUNT, trust.getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("aws:SourceAccount").getAsString());
        assertFalse(trust.has("Resource"));

        String groupArn = (String) flowLog.input("logDestination");
        assertTrue(groupArn.startsWith("arn:aws:logs:eu-west-1:" + ACCOUNT + ":log-group:/vpc/flow-logs/vault-"), groupArn);
        var statements = json(policy.input("policy")).getAsJsonArray("Statement");
        var write = statements.get(0).getAsJsonObject();
        assertEquals(List.of(groupArn, groupArn + ":*"), write.getAsJsonArray("Resource").asList().stream().map(e -> e.getAsString()).toList());
        for (var statement : statements) {
            var resource = statement.getAsJsonObject().get("Resource");
            (resource.isJsonArray() ? resource.getAsJsonArray().asList() : List.of(resource))
                    .forEach(r -> assertNotEquals("*", r.getAsString(), "flow-log role must not write everywhere"));
        }
    }

    @Test
    void endpointSecurityGroupAdmitsOnlyHttpsFromTheVpc() {
        var result = run(args());
        var group = result.one(SG);
        assertNull(group.input("ingress"));
        assertNull(group.input("egress"), "no egress: the provider drops AWS's default allow-all");
        var rule = result.one(INGRESS);
        assertTrue(dependsOn(rule, group));
        assertEquals("tcp", rule.input("ipProtocol"));
        assertEquals(443L, rule.input("fromPort"));
        assertEquals(443L, rule.input("toPort"));
        assertEquals("10.42.0.0/16", rule.input("cidrIpv4"));
        assertNull(rule.input("cidrIpv6"));
        assertNull(rule.input("referencedSecurityGroupId"));
        assertTrue(result.ofType(EGRESS).isEmpty());
    }

    @Test
    void interfaceEndpointsUsePrivateDnsTheirGroupAndAccountOnlyPolicies() {
        var result = run(args());
        var group = result.one(SG);
        var interfaces = result.ofType(ENDPOINT).stream().filter(e -> "Interface".equals(e.input("vpcEndpointType"))).toList();
        var services = interfaces.stream().map(e -> ((String) e.input("serviceName")).substring("com.amazonaws.eu-west-1.".length())).collect(Collectors.toSet());
        assertEquals(Set.of("kms", "secretsmanager", "ssm", "ssmmessages", "ec2messages", "ec2", "sts", "logs", "monitoring"), services);
        for (var endpoint : interfaces) {
            assertEquals(true, endpoint.input("privateDnsEnabled"), endpoint.name());
            assertTrue(dependsOn(endpoint, group), endpoint.name());
            assertEquals(1, ((List<?>) endpoint.input("securityGroupIds")).size());
            assertEquals(3, ((List<?>) endpoint.input("subnetIds")).size(), "an interface in every zone");
            String service = ((String) endpoint.input("serviceName")).replaceFirst("com\\.amazonaws\\.eu-west-1\\.", "");
            if (service.equals("ssmmessages") || service.equals("ec2messages")) {
                assertNull(endpoint.input("policy"), "AWS takes no endpoint policy for " + service);
                continue;
            }
            var statements = json(endpoint.input("policy")).getAsJsonArray("Statement");
            assertEquals(1, statements.size());
            var only = statements.get(0).getAsJsonObject();
            assertEquals("Allow", only.get("Effect").getAsString());
            assertEquals(ACCOUNT, only.getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("aws:PrincipalAccount").getAsString(), service);
        }
    }

    /**
     * "You can enable [an interface endpoint] in one subnet per Availability Zone" and pay per zone (AWS PrivateLink
     * guide and pricing): with endpointZoneCount the endpoints take the first zones' subnets only, while the private
     * subnets (and so the nodes) keep every zone.
     */
    @Test
    void endpointZoneCountPutsTheEndpointsInTheFirstZonesOnly() {
        var result = run(args().endpointZoneCount(1));
        var first = result.ofType(SUBNET).stream().filter(s -> ZONES.get(0).equals(s.input("availabilityZone"))).toList();
        assertEquals(1, first.size());
        var interfaces = result.ofType(ENDPOINT).stream().filter(e -> "Interface".equals(e.input("vpcEndpointType"))).toList();
        assertEquals(9, interfaces.size());
        for (var endpoint : interfaces) {
            assertEquals(1, ((List<?>) endpoint.input("subnetIds")).size(), endpoint.name());
            assertTrue(dependsOn(endpoint, first.get(0)), endpoint.name() + " sits in " + ZONES.get(0));
        }
        assertEquals(3, ((List<?>) result.outputs().get("privateSubnetIds")).size(), "every zone keeps its private subnet");

        var subnets = List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3");
        var adopted = run(args().cidr("10.9.0.0/20").existingVpc("vpc-0ccccccccccccccc1", subnets, List.of("rtb-0bbbbbbbbbbbbbbb1"))
                .endpointZoneCount(2));
        assertEquals(subnets.subList(0, 2), adopted.named(ENDPOINT, "vault-kms").input("subnetIds"));
    }

    @Test
    void s3GatewayEndpointKeepsTrafficToThisAccountsBucketsAndAwsPackageBuckets() {
        var result = run(args());
        var s3 = result.named(ENDPOINT, "vault-s3");
        assertEquals("Gateway", s3.input("vpcEndpointType"));
        assertEquals("com.amazonaws.eu-west-1.s3", s3.input("serviceName"));
        assertEquals(3, ((List<?>) s3.input("routeTableIds")).size());
        result.ofType(ROUTE_TABLE).forEach(t -> assertTrue(dependsOn(s3, t), t.name()));
        var statements = json(s3.input("policy")).getAsJsonArray("Statement");
        var own = statements.get(0).getAsJsonObject().getAsJsonObject("Condition").getAsJsonObject("StringEquals");
        assertEquals(ACCOUNT, own.get("aws:PrincipalAccount").getAsString());
        assertEquals(ACCOUNT, own.get("aws:ResourceAccount").getAsString());
        var packages = statements.get(1).getAsJsonObject();
        assertEquals("s3:GetObject", packages.get("Action").getAsString());
        packages.getAsJsonArray("Resource").forEach(r -> assertTrue(r.getAsString().matches("arn:aws:s3:::[a-z0-9.-]+/\\*"), r.getAsString()));
        assertEquals(2, statements.size());
        assertTrue(run(args().s3GatewayEndpoint(false)).ofType(ENDPOINT).stream().noneMatch(e -> e.name().equals("vault-s3")));
    }

    @Test
    void trustedAccountsWidenTheEndpointPoliciesAndNothingElse() {
        var result = run(args().trustedAccountIds(List.of("444455556666")));
        var kms = json(result.named(ENDPOINT, "vault-kms").input("policy")).getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertEquals(List.of(ACCOUNT, "444455556666"), kms.getAsJsonObject("Condition").getAsJsonObject("StringEquals")
                .getAsJsonArray("aws:PrincipalAccount").asList().stream().map(e -> e.getAsString()).toList());
        var s3 = json(result.named(ENDPOINT, "vault-s3").input("policy")).getAsJsonArray("Statement").get(0).getAsJsonObject()
                .getAsJsonObject("Condition").getAsJsonObject("StringEquals");
        assertEquals(2, s3.getAsJsonArray("aws:PrincipalAccount").size());
        assertEquals(2, s3.getAsJsonArray("aws:ResourceAccount").size());
        assertEquals("10.42.0.0/16", result.one(INGRESS).input("cidrIpv4"), "network access is unchanged");
    }

    @Test
    void exportsWhatTheClusterVpnAndDnsNeed() {
        var outputs = run(args()).outputs();
        assertTrue(((String) outputs.get("vpcId")).startsWith("vpc-"));
        assertEquals("10.42.0.0/16", outputs.get("cidr"));
        assertEquals("10.42.0.2", outputs.get("resolverAddress"));
        assertEquals(ZONES, outputs.get("availabilityZones"));
        assertEquals(3, ((List<?>) outputs.get("privateSubnetIds")).size());
        ((List<?>) outputs.get("privateSubnetIds")).forEach(id -> assertTrue(((String) id).startsWith("subnet-")));
        assertEquals(3, new HashSet<>((List<?>) outputs.get("privateRouteTableIds")).size());
        assertTrue(((String) outputs.get("endpointSecurityGroupId")).startsWith("sg-"));
        assertTrue(((String) outputs.get("flowLogGroupName")).startsWith("/vpc/flow-logs/vault-"));
        assertEquals(List.of(), outputs.get("attachedCidrs"));
        assertEquals(false, outputs.get("natEgress"));
        assertEquals(true, run(args().natGateways("single")).outputs().get("natEgress"));
    }

    @Test
    void adoptedVpcGetsEndpointsFlowLogsAndRoutesButKeepsItsOwnTopology() {
        var subnets = List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3");
        var tables = List.of("rtb-0bbbbbbbbbbbbbbb1", "rtb-0bbbbbbbbbbbbbbb2");
        var result = run(args().cidr("10.9.0.0/20").existingVpc("vpc-0ccccccccccccccc1", subnets, tables)
                .attachments(ClientVpcAttachmentArgs.builder().name("apps").cidr("10.50.0.0/16").peerVpcId("vpc-0ddddddddddddddd1").build()));
        for (String type : List.of(VPC, SUBNET, ROUTE_TABLE, ASSOCIATION, IGW, NAT, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")) {
            assertTrue(result.ofType(type).isEmpty(), type + " must not be created for an adopted VPC");
        }
        assertEquals("vpc-0ccccccccccccccc1", result.one("aws:ec2/flowLog:FlowLog").input("vpcId"));
        assertEquals("vpc-0ccccccccccccccc1", result.one(SG).input("vpcId"));
        assertEquals("10.9.0.0/20", result.one(INGRESS).input("cidrIpv4"));
        assertEquals(subnets, result.named(ENDPOINT, "vault-kms").input("subnetIds"));
        assertEquals(tables, result.named(ENDPOINT, "vault-s3").input("routeTableIds"));
        assertEquals(tables, result.ofType(ROUTE).stream().map(r -> r.input("routeTableId")).sorted().toList());
        var outputs = result.outputs();
        assertEquals("vpc-0ccccccccccccccc1", outputs.get("vpcId"));
        assertEquals(subnets, outputs.get("privateSubnetIds"));
        assertEquals(tables, outputs.get("privateRouteTableIds"));
        assertEquals("10.9.0.2", outputs.get("resolverAddress"));
    }

    /**
     * An adopted VPC attached to a transit gateway already: "You can't attach a VPC to the same transit gateway more
     * than once" and a route to a destination a table routes already fails (RouteAlreadyExists, EC2 CreateRoute).
     */
    @Test
    void anAdoptedVpcKeepsItsTransitGatewayAttachmentAndEndpoints() {
        var subnets = List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3");
        var tables = List.of("rtb-0bbbbbbbbbbbbbbb1");
        var tgw = ClientVpcAttachmentArgs.builder().name("apps").cidr("10.50.0.0/16").transitGatewayId("tgw-0a1b2c3d4e5f67890").build();
        var result = run(args().cidr("10.9.0.0/20").existingVpc("vpc-0ccccccccccccccc1", subnets, tables)
                .endpointServices(List.of()).s3GatewayEndpoint(false)
                .attachments(tgw).existingTransitGatewayIds(List.of("tgw-0a1b2c3d4e5f67890")));
        assertFalse(result.failed(), result.errors().toString());
        assertEquals(List.of(), result.ofType("aws:ec2transitgateway/vpcAttachment:VpcAttachment"));
        assertEquals(List.of(), result.ofType(ROUTE));
        assertEquals(List.of(), result.ofType(ENDPOINT));
        assertEquals(List.of("10.50.0.0/16"), result.outputs().get("attachedCidrs"));

        var error = assertThrows(InvalidSettingException.class, () -> args().attachments(tgw)
                .existingTransitGatewayIds(List.of("tgw-0ffffffffffffffff")).build());
        assertEquals(List.of("PrivateVaultNetworkArgs.existingTransitGatewayIds must be left out unless existingVpcId is set, got [tgw-0ffffffffffffffff]",
                        "PrivateVaultNetworkArgs.existingTransitGatewayIds must be the transitGatewayId of an attachment ([tgw-0a1b2c3d4e5f67890]), got 'tgw-0ffffffffffffffff'"),
                error.problems().stream().map(Object::toString).toList());
    }

    @Test
    void peeringRoutesEveryVaultTableToTheClientCidr() {
        var result = run(args().attachments(
                ClientVpcAttachmentArgs.builder().name("apps").cidr("10.50.0.0/16").peerVpcId("vpc-0ddddddddddddddd1").build(),
                ClientVpcAttachmentArgs.builder().name("ci").cidr("10.60.0.0/16").peerVpcId("vpc-0eeeeeeeeeeeeeee1")
                        .peerAccountId("444455556666").peerRegion("eu-central-1").build()));
        var local = result.named("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "vault-apps");
        assertEquals("vpc-0ddddddddddddddd1", local.input("peerVpcId"));
        assertEquals(true, local.input("autoAccept"));
        var remote = result.named("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "vault-ci");
        assertEquals("444455556666", remote.input("peerOwnerId"));
        assertEquals("eu-central-1", remote.input("peerRegion"));
        assertNull(remote.input("autoAccept"), "AWS rejects autoAccept across accounts or regions");
        for (String zone : ZONES) {
            var table = result.named(ROUTE_TABLE, "vault-private-" + zone);
            var routes = result.ofType(ROUTE).stream().filter(r -> dependsOn(r, table)).toList();
            assertEquals(Map.of("10.50.0.0/16", local.urn(), "10.60.0.0/16", remote.urn()),
                    routes.stream().collect(Collectors.toMap(r -> (String) r.input("destinationCidrBlock"),
                            r -> r.dependencies().stream().filter(d -> d.contains("VpcPeeringConnection")).findFirst().orElseThrow())));
        }
        assertEquals(List.of("10.50.0.0/16", "10.60.0.0/16"), result.outputs().get("attachedCidrs"));
    }

    @Test
    void transitGatewayIsAttachedOnceAndRoutedAfterTheAttachment() {
        var result = run(args().attachments(
                ClientVpcAttachmentArgs.builder().name("eks").cidr("10.70.0.0/16").transitGatewayId("tgw-0fffffffffffffff1").build(),
                ClientVpcAttachmentArgs.builder().name("office").cidr("192.168.0.0/20").transitGatewayId("tgw-0fffffffffffffff1").build()));
        var attachment = result.one("aws:ec2transitgateway/vpcAttachment:VpcAttachment");
        assertEquals("tgw-0fffffffffffffff1", attachment.input("transitGatewayId"));
        assertEquals(3, ((List<?>) attachment.input("subnetIds")).size());
        var routes = result.ofType(ROUTE);
        assertEquals(6, routes.size(), "two CIDRs times three route tables");
        routes.forEach(r -> {
            assertEquals("tgw-0fffffffffffffff1", r.input("transitGatewayId"));
            assertTrue(dependsOn(r, attachment), r.name());
        });
    }
}
