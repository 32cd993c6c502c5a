package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.AwsSchema.*;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.privatevault.plan.insights.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostEstimatorTest {
    private static final CostEstimator ESTIMATOR = CostEstimator.load();

    private static CostEstimate.Line line(CostEstimate estimate, String name) {
        return estimate.lines().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void priceTableCoversBothRegionsAndEveryRequiredInstanceType() {
        assertEquals(List.of("us-east-1", "eu-west-1"), ESTIMATOR.regions());
        assertEquals(730.0, ESTIMATOR.hoursPerMonth());
        for (String region : ESTIMATOR.regions()) {
            for (String type : List.of("t3.small", "t3.medium", "m6i.large", "m5.large", "m7i.large")) {
                var lt = res(LaunchTemplate.TYPE, "lt").in("instanceType", type).build();
                var asg = res(AutoScalingGroup.TYPE, "asg").in("desiredCapacity", 1L).dep(lt).build();
                var estimate = ESTIMATOR.estimate(List.of(lt, asg), region);
                assertTrue(estimate.totalMonthlyUsd() > 10, region + " " + type);
                assertTrue(estimate.assumptions().stream().noneMatch(s -> s.startsWith("WARNING")), estimate.assumptions().toString());
            }
        }
    }

    @Test
    void privateCaCertificatesCostTheirIssuanceSpreadOverTheirValidity() {
        // AWS Private CA pricing: a one-time fee per certificate issued, $0.75 for the first 1,000 a month (general purpose).
        var engineer = res("aws:acmpca/certificate:Certificate", "vpn-engineer-alice").in("validity", Map.of("type", "DAYS", "value", "30")).build();
        var node = res("aws:acmpca/certificate:Certificate", "cluster-node").in("validity", Map.of("type", "DAYS", "value", "365")).build();
        var server = res("aws:acm/certificate:Certificate", "vpn-server").in("certificateAuthorityArn",
                "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555").build();
        var imported = res("aws:acm/certificate:Certificate", "imported").in("certificateBody", "-----BEGIN CERTIFICATE-----").build();
        var estimate = ESTIMATOR.estimate(List.of(engineer, node, server, imported), "eu-west-1");
        assertEquals(0.75 * 730 / (30 * 24), line(estimate, "vpn-engineer-alice").monthlyUsd(), 0.001, "reissued every 30 days");
        assertEquals(0.75 * 730 / (365 * 24), line(estimate, "cluster-node").monthlyUsd(), 0.001);
        // ACM User Guide: "ACM attempts to renew a private certificate automatically after 11 months."
        assertEquals(0.75 / 11, line(estimate, "vpn-server").monthlyUsd(), 0.001);
        assertTrue(estimate.lines().stream().noneMatch(l -> l.name().equals("imported")), "an imported certificate is free");
        assertTrue(estimate.assumptions().stream().anyMatch(a -> a.startsWith("private CA certificates: $0.75 per issuance")
                && a.contains("the CAs' own monthly fees are not counted")), estimate.assumptions().toString());
        var none = ESTIMATOR.estimate(List.of(imported), "eu-west-1");
        assertTrue(none.assumptions().stream().noneMatch(a -> a.startsWith("private CA")), "said only when a private CA is used");
    }

    @Test
    void clusterIsInstancesTimesHoursPlusVolumes() {
        // us-east-1: 3 x t3.small x 730 h x 0.0208 = 45.552; volumes 20 + 50 GB x 0.08 = 5.60 per node -> 16.80.
        var estimate = ESTIMATOR.estimate(GoodStack.resources(), "us-east-1");
        var asg = line(estimate, "vault-asg");
        assertEquals(45.552 + 16.80, asg.monthlyUsd(), 0.001);
        assertTrue(asg.basis().contains("3 x t3.small"), asg.basis());
    }

    @Test
    void provisionedIopsAndThroughputAboveTheFreeBaselineCost() {
        var lt = res(LaunchTemplate.TYPE, "lt").in("instanceType", "m6i.large").in("blockDeviceMappings", List.of(
                Map.of("deviceName", "/dev/xvdf", "ebs", Map.of("volumeSize", 100L, "iops", 4000L, "throughput", 250L)))).build();
        var asg = res(AutoScalingGroup.TYPE, "asg").in("minSize", 5L).dep(lt).build();
        var estimate = ESTIMATOR.estimate(List.of(lt, asg), "eu-west-1");
        double perNode = 0.107 * 730 + 100 * 0.088 + 1000 * 0.0055 + 125 * 0.044;
        assertEquals(5 * perNode, line(estimate, "asg").monthlyUsd(), 0.001);
    }

    @Test
    void networkAndVpnLines() {
        List<RecordedResource> resources = new ArrayList<>(GoodStack.resources());
        resources.add(res(NatGateway.TYPE, "nat-a").build());
        resources.add(res(Eip.TYPE, "nat-a-ip").build());
        resources.add(res(VpcEndpoint.TYPE, "vpce-kms").in("vpcEndpointType", "Interface")
                .in("subnetIds", List.of("subnet-a", "subnet-b", "subnet-c")).build());
        resources.add(res(VpcEndpoint.TYPE, "vpce-s3").in("vpcEndpointType", "Gateway").build());
        resources.add(res(HostedZone.TYPE, "zone").build());
        resources.add(res(TransitGatewayAttachment.TYPE, "apps-prod").build());
        resources.add(res(MetricAlarm.TYPE, "snapshot-age").build());
        var estimate = ESTIMATOR.estimate(resources, "us-east-1", ESTIMATOR.defaults().withVpnEngineers(20));
        assertEquals(730 * (0.0225 + 0.006), line(estimate, "vault-nlb").monthlyUsd(), 0.001);
        assertEquals(73.0, line(estimate, "vpn-assoc-a").monthlyUsd(), 0.001);
        assertEquals(20 * 40 * 0.05, line(estimate, "vpn").monthlyUsd(), 0.001);
        assertEquals(730 * 0.045 + 5 * 0.045, line(estimate, "nat-a").monthlyUsd(), 0.001);
        assertEquals(730 * 0.005, line(estimate, "nat-a-ip").monthlyUsd(), 0.001);
        assertEquals(3 * 730 * 0.01, line(estimate, "vpce-kms").monthlyUsd(), 0.001);
        assertEquals(0, line(estimate, "vpce-s3").monthlyUsd());
        assertEquals(0.5, line(estimate, "zone").monthlyUsd());
        assertEquals(730 * 0.05, line(estimate, "apps-prod").monthlyUsd(), 0.001);
        assertEquals(0.1, line(estimate, "snapshot-age").monthlyUsd());
        assertEquals(1.0, line(estimate, "seal-seal").monthlyUsd());
        assertEquals(0.4, line(estimate, "vault-recovery").monthlyUsd());
        // 1 GB ingested x 0.50 + 12 months (365 d) x 1 GB stored x 0.03
        assertEquals(0.5 + 365 / 30.0 * 0.03, line(estimate, "vault-audit").monthlyUsd(), 0.001);
        assertEquals(720 * 0.1 * 0.023, line(estimate, "snapshots").monthlyUsd(), 0.001);
        double sum = estimate.lines().stream().mapToDouble(CostEstimate.Line::monthlyUsd).sum();
        assertEquals(Math.round(sum * 100) / 100.0, estimate.totalMonthlyUsd());
        assertTrue(estimate.notPriced().stream().anyMatch(s -> s.startsWith(SecurityGroup.TYPE)), estimate.notPriced().toString());
    }

    @Test
    void everyAssumptionIsPrinted() {
        var text = ESTIMATOR.estimate(GoodStack.resources(), "eu-west-1").toText();
        for (String key : List.of("730 hours", "lbAverageLcu", "vpnEngineers = 10", "vpnHoursPerEngineer", "natGbPerGateway",
                "logIngestGbPerGroup", "flowLogIngestGb", "logRetentionMonthsIfUnset", "snapshotSizeGb", "snapshotsRetained",
                "requestCharges", "source:", "2025-06")) {
            assertTrue(text.contains(key), key + " missing from:\n" + text);
        }
    }

    @Test
    void unknownInstanceTypeIsWarnedNotGuessed() {
        var lt = res(LaunchTemplate.TYPE, "lt").in("instanceType", "x9z.huge").build();
        var asg = res(AutoScalingGroup.TYPE, "asg").in("desiredCapacity", 3L).dep(lt).build();
        var estimate = ESTIMATOR.estimate(List.of(lt, asg), "us-east-1");
        assertTrue(estimate.assumptions().stream().anyMatch(s -> s.contains("x9z.huge")));
        var error = assertThrows(IllegalArgumentException.class, () -> ESTIMATOR.estimate(List.of(), "ap-south-2"));
        assertTrue(error.getMessage().contains("ap-south-2"));
    }
}
