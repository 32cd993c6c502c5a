package io.privatevault.components;

import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static io.privatevault.components.PrivateVaultNetworkTest.args;
import static org.junit.jupiter.api.Assertions.*;

/** Every rule of {@link PrivateVaultNetworkArgs}: the message names the setting, the value and what is allowed. */
class PrivateVaultNetworkArgsTest {
    static final List<String> SUBNETS = List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3");
    static final List<String> TABLES = List.of("rtb-0bbbbbbbbbbbbbbb1");

    static void rejects(String message, Executable build) {
        var error = assertThrows(InvalidSettingException.class, build);
        assertEquals(message, error.getMessage());
    }

    static ClientVpcAttachmentArgs.Builder peer(String name, String cidr) {
        return ClientVpcAttachmentArgs.builder().name(name).cidr(cidr).peerVpcId("vpc-0ddddddddddddddd1");
    }

    /** The Args as another Pulumi language hands them over: filled in without the builder's check. */
    static PrivateVaultNetworkArgs unchecked(PrivateVaultNetworkArgs.Builder builder) throws ReflectiveOperationException {
        var field = PrivateVaultNetworkArgs.Builder.class.getDeclaredField("args");
        field.setAccessible(true);
        return (PrivateVaultNetworkArgs) field.get(builder);
    }

    @Test
    void aBadArgumentFromAnyLanguageRegistersNothing() throws ReflectiveOperationException {
        var bad = unchecked(args().flowLogRetentionDays(10));
        var result = MockRun.of("test", "dev", new AwsMocks("eu-west-1", "111122223333"))
                .run(ctx -> new PrivateVaultNetwork("vault", bad, null));
        assertTrue(result.failed());
        assertTrue(result.errors().stream().anyMatch(e -> e.startsWith("PrivateVaultNetworkArgs.flowLogRetentionDays must be")), result.errors().toString());
        assertEquals(List.of(), result.resources().stream().filter(r -> !r.type().equals("pulumi:pulumi:Stack")).toList());
    }

    @Test
    void cidrMustBeAWellFormedPrivateBlockAwsAllowsForAVpc() {
        rejects("PrivateVaultNetworkArgs.cidr must be an IPv4 CIDR block such as 10.42.0.0/16, got 'ten.42/16'",
                () -> args().cidr("ten.42/16").build());
        rejects("PrivateVaultNetworkArgs.cidr must be a CIDR block whose host bits are zero (did you mean 10.42.0.0/16?), got '10.42.1.0/16'",
                () -> args().cidr("10.42.1.0/16").build());
        rejects("PrivateVaultNetworkArgs.cidr must be a CIDR block between /16 and /24 (the sizes AWS allows for a VPC), got '10.42.0.0/25'",
                () -> args().cidr("10.42.0.0/25").build());
        rejects("PrivateVaultNetworkArgs.cidr must be a CIDR block between /16 and /24 (the sizes AWS allows for a VPC), got '10.0.0.0/8'",
                () -> args().cidr("10.0.0.0/8").build());
        rejects("PrivateVaultNetworkArgs.cidr must be inside private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10), got '52.10.0.0/16'",
                () -> args().cidr("52.10.0.0/16").build());
        rejects("PrivateVaultNetworkArgs.cidr must be an IPv4 CIDR block such as 10.42.0.0/16, got nothing",
                () -> args().cidr(null).build());
        assertDoesNotThrow(() -> args().cidr("192.168.10.0/24").build());
    }

    @Test
    void zonesMustBeDistinctValidAndBetweenTwoAndSix() {
        rejects("PrivateVaultNetworkArgs.availabilityZones must be unique values; this one is listed more than once, got 'eu-west-1a'",
                () -> args().availabilityZones("eu-west-1a", "eu-west-1b", "eu-west-1a").build());
        rejects("PrivateVaultNetworkArgs.availabilityZones must be 2 to 6 availability zones (3 or more for production), got [eu-west-1a]",
                () -> args().availabilityZones("eu-west-1a").build());
        rejects("PrivateVaultNetworkArgs.availabilityZones must be 2 to 6 availability zones (3 or more for production), got nothing",
                () -> args().availabilityZones((List<String>) null).build());
        rejects("PrivateVaultNetworkArgs.availabilityZones must be zones of one region (eu-west-1a is in eu-west-1), got 'eu-central-1b'",
                () -> args().availabilityZones("eu-west-1a", "eu-central-1b").build());
        rejects("PrivateVaultNetworkArgs.availabilityZones must be availability zone names such as eu-west-1a, got 'eu-west-1'",
                () -> args().availabilityZones("eu-west-1", "eu-west-1b").build());
    }

    /** The NLB and a Client VPN association need "at least a /27 bitmask"; a block wider than /24 is a workload subnet. */
    @Test
    void edgeSubnetsAreSmallDistinctBlocksOfTheVpcOnePerZone() {
        var zones = List.of("eu-west-1a", "eu-west-1b", "eu-west-1c");
        java.util.function.Function<List<String>, PrivateVaultNetworkArgs.Builder> with = edges -> PrivateVaultNetworkArgs.builder()
                .cidr("10.42.0.0/16").availabilityZones(zones).flowLogKmsKeyArn("arn:aws:kms:eu-west-1:123456789012:key/k").edgeSubnetCidrs(edges);
        with.apply(List.of("10.42.240.0/26", "10.42.240.64/26", "10.42.240.128/27")).build();
        rejects("PrivateVaultNetworkArgs.edgeSubnetCidrs must be a /24 to /27 block (the NLB and a Client VPN association need at least a /27; wider is a workload subnet), got '10.42.240.0/28'",
                () -> with.apply(List.of("10.42.240.0/28", "10.42.240.64/26", "10.42.240.128/26")).build());
        rejects("PrivateVaultNetworkArgs.edgeSubnetCidrs must be outside the VPC's own subnets (it overlaps 10.42.0.0/19), got '10.42.0.0/26'",
                () -> with.apply(List.of("10.42.0.0/26", "10.42.240.64/26", "10.42.240.128/26")).build());
        rejects("PrivateVaultNetworkArgs.edgeSubnetCidrs must be inside the VPC (10.42.0.0/16), got '10.43.0.0/26'",
                () -> with.apply(List.of("10.43.0.0/26", "10.42.240.64/26", "10.42.240.128/26")).build());
        rejects("PrivateVaultNetworkArgs.edgeSubnetCidrs must be 3 CIDR blocks, one per entry of availabilityZones, got [10.42.240.0/26]",
                () -> with.apply(List.of("10.42.240.0/26")).build());
        rejects("PrivateVaultNetworkArgs.existingRouteTableIds must be one route table, or one per zone, so each edge subnet is routed like its zone's private subnet, got [rtb-0bbbbbbbbbbbbbbb1, rtb-0bbbbbbbbbbbbbbb2]",
                () -> with.apply(List.of("10.42.240.0/26", "10.42.240.64/26", "10.42.240.128/26")).existingVpc("vpc-0ccccccccccccccc1",
                        List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"),
                        List.of("rtb-0bbbbbbbbbbbbbbb1", "rtb-0bbbbbbbbbbbbbbb2")).build());
    }

    @Test
    void natModeIsOneOfTheThree() {
        rejects("PrivateVaultNetworkArgs.natGateways must be one of none, single, perAz, got 'always'",
                () -> args().natGateways("always").build());
    }

    @Test
    void subnetsMustFitAndStayAtLeastSlash28() {
        rejects("PrivateVaultNetworkArgs.subnetNewBits must be small enough that subnets are /28 or larger (at most 4 for 10.42.0.0/24)"
                        + " and large enough for 3 subnets (at least 2), got 5",
                () -> args().cidr("10.42.0.0/24").subnetNewBits(5).build());
        rejects("PrivateVaultNetworkArgs.subnetNewBits must be small enough that subnets are /28 or larger (at most 12 for 10.42.0.0/16)"
                        + " and large enough for 6 subnets (at least 3), got 2",
                () -> args().subnetNewBits(2).natGateways("perAz").build());
        rejects("PrivateVaultNetworkArgs.subnetNewBits must be between 2 and 8, got 9", () -> args().subnetNewBits(9).build());
        assertDoesNotThrow(() -> args().cidr("10.42.0.0/24").subnetNewBits(3).natGateways("perAz").build());
    }

    @Test
    void adoptedVpcNeedsOneSubnetPerZoneAndItsRouteTables() {
        rejects("PrivateVaultNetworkArgs.existingPrivateSubnetIds must be 3 subnet ids, one per entry of availabilityZones,"
                        + " got [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2]",
                () -> args().existingVpc("vpc-0ccccccccccccccc1", SUBNETS.subList(0, 2), TABLES).build());
        rejects("PrivateVaultNetworkArgs.existingRouteTableIds must be the route tables of existingPrivateSubnetIds (at least one)"
                        + " when existingVpcId is set, got nothing",
                () -> args().existingVpc("vpc-0ccccccccccccccc1", SUBNETS, null).build());
        rejects("PrivateVaultNetworkArgs.existingVpcId must be a VPC id such as vpc-0a1b2c3d4e5f67890, got 'my-vpc'",
                () -> args().existingVpc("my-vpc", SUBNETS, TABLES).build());
        rejects("PrivateVaultNetworkArgs.existingPrivateSubnetIds must be subnet ids such as subnet-0a1b2c3d4e5f67890, got 'sn-1'",
                () -> args().existingVpc("vpc-0ccccccccccccccc1", List.of("sn-1", SUBNETS.get(1), SUBNETS.get(2)), TABLES).build());
        rejects("PrivateVaultNetworkArgs.existingPrivateSubnetIds must be unique values; this one is listed more than once, got 'subnet-0aaaaaaaaaaaaaaa1'",
                () -> args().existingVpc("vpc-0ccccccccccccccc1", List.of(SUBNETS.get(0), SUBNETS.get(0), SUBNETS.get(2)), TABLES).build());
        rejects("PrivateVaultNetworkArgs.existingRouteTableIds must be route table ids such as rtb-0a1b2c3d4e5f67890, got 'main'",
                () -> args().existingVpc("vpc-0ccccccccccccccc1", SUBNETS, List.of("main")).build());
        rejects("PrivateVaultNetworkArgs.natGateways must be none when existingVpcId is set (an adopted VPC keeps its own egress), got 'single'",
                () -> args().existingVpc("vpc-0ccccccccccccccc1", SUBNETS, TABLES).natGateways("single").build());
        // Every problem at once, one per line.
        rejects("PrivateVaultNetworkArgs.existingPrivateSubnetIds must be unset unless existingVpcId is set,"
                        + " got [subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2, subnet-0aaaaaaaaaaaaaaa3]\n"
                        + "PrivateVaultNetworkArgs.existingRouteTableIds must be unset unless existingVpcId is set, got [rtb-0bbbbbbbbbbbbbbb1]",
                () -> args().existingVpc(null, SUBNETS, TABLES).build());
    }

    @Test
    void endpointsComeFromTheKnownCatalogOnce() {
        rejects("PrivateVaultNetworkArgs.endpointServices must be one of kms, secretsmanager, ssm, ssmmessages, ec2messages, ec2, sts,"
                        + " logs, monitoring, sns, ecr.api, ecr.dkr, elasticloadbalancing, autoscaling, got 's3'",
                () -> args().endpointServices(List.of("kms", "s3")).build());
        rejects("PrivateVaultNetworkArgs.endpointServices must be unique values; this one is listed more than once, got 'kms'",
                () -> args().endpointServices(List.of("kms", "kms")).build());
    }

    @Test
    void endpointZonesAreOneToEveryZone() {
        rejects("PrivateVaultNetworkArgs.endpointZoneCount must be 1 to the number of availabilityZones (3), got 0",
                () -> args().endpointZoneCount(0).build());
        rejects("PrivateVaultNetworkArgs.endpointZoneCount must be 1 to the number of availabilityZones (3), got 4",
                () -> args().endpointZoneCount(4).build());
        assertEquals(3, args().build().endpointZoneCount(), "every zone by default");
    }

    @Test
    void trustedAccountsAreDistinctAccountIds() {
        rejects("PrivateVaultNetworkArgs.trustedAccountIds must be 12-digit AWS account ids, got 'prod'",
                () -> args().trustedAccountIds(List.of("prod")).build());
        rejects("PrivateVaultNetworkArgs.trustedAccountIds must be unique values; this one is listed more than once, got '444455556666'",
                () -> args().trustedAccountIds(List.of("444455556666", "444455556666")).build());
    }

    @Test
    void flowLogsNeedAKeyAndACloudWatchRetention() {
        rejects("PrivateVaultNetworkArgs.flowLogKmsKeyArn must be set (the KmsSeal data key ARN), got nothing",
                () -> PrivateVaultNetworkArgs.builder().cidr("10.42.0.0/16").availabilityZones(PrivateVaultNetworkTest.ZONES).build());
        rejects("PrivateVaultNetworkArgs.flowLogRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120,"
                        + " 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days), got 10",
                () -> args().flowLogRetentionDays(10).build());
        rejects("PrivateVaultNetworkArgs.flowLogRetentionDays must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120,"
                        + " 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days), got 0",
                () -> args().flowLogRetentionDays(0).build());
    }

    @Test
    void attachmentsAreDistinctWellFormedAndNeverOverlap() {
        rejects("PrivateVaultNetworkArgs.attachments[0].cidr must be a CIDR that does not overlap the Vault VPC 10.42.0.0/16, got '10.42.128.0/20'",
                () -> args().attachments(peer("apps", "10.42.128.0/20").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments[1].cidr must be a CIDR that does not overlap attachments[0] (10.50.0.0/16), got '10.50.4.0/24'",
                () -> args().attachments(peer("apps", "10.50.0.0/16").build(), peer("ci", "10.50.4.0/24").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments.name must be unique values; this one is listed more than once, got 'apps'",
                () -> args().attachments(peer("apps", "10.50.0.0/16").build(), peer("apps", "10.60.0.0/16").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments[0].cidr must be an IPv4 CIDR block such as 10.42.0.0/16, got '10.50.0.0'",
                () -> args().attachments(peer("apps", "10.50.0.0").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments[0].name must be lower-case letters, digits and '-', starting with a letter and not ending"
                        + " with '-', at most 63 characters, got 'Apps'",
                () -> args().attachments(peer("Apps", "10.50.0.0/16").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments[0].peerVpcId must be exactly one of a peer VPC id (peerVpcId) and a transit gateway id (transitGatewayId),"
                        + " got 'vpc-0ddddddddddddddd1 and tgw-0fffffffffffffff1'",
                () -> args().attachments(peer("apps", "10.50.0.0/16").transitGatewayId("tgw-0fffffffffffffff1").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments[0].peerVpcId must be exactly one of a peer VPC id (peerVpcId) and a transit gateway id (transitGatewayId), got nothing",
                () -> args().attachments(ClientVpcAttachmentArgs.builder().name("apps").cidr("10.50.0.0/16").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments[0].peerAccountId must be a 12-digit AWS account id, got '4444-5555-6666'",
                () -> args().attachments(peer("apps", "10.50.0.0/16").peerAccountId("4444-5555-6666").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments[0].peerRegion must be an AWS region such as eu-west-1, got 'Frankfurt'",
                () -> args().attachments(peer("apps", "10.50.0.0/16").peerRegion("Frankfurt").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments[0].transitGatewayId must be a transit gateway id such as tgw-0a1b2c3d4e5f67890, got 'tgw-main'",
                () -> args().attachments(ClientVpcAttachmentArgs.builder().name("eks").cidr("10.70.0.0/16").transitGatewayId("tgw-main").build()).build());
        rejects("PrivateVaultNetworkArgs.attachments[0].peerAccountId must be unset for a transit gateway attachment (it describes a peer VPC),"
                        + " got '444455556666'",
                () -> args().attachments(ClientVpcAttachmentArgs.builder().name("eks").cidr("10.70.0.0/16").transitGatewayId("tgw-0fffffffffffffff1")
                        .peerAccountId("444455556666").build()).build());
    }
}
