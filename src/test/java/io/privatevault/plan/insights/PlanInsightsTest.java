package io.privatevault.plan.insights;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanInsightsTest {
    @Test
    void analysesTheGoodStackInOneCall() {
        var insights = PlanInsights.analyse(GoodStack.resources(), GoodStack.renderedFiles(), Map.of(), "prod", "eu-west-1", 2, List.of());
        assertEquals(List.of(), insights.findings().findings());
        assertEquals("eu-west-1", insights.cost().region());
        assertTrue(insights.cost().assumptions().stream().anyMatch(a -> a.startsWith("vpnEngineers = 2")));
        assertEquals("vpn-assoc-a", insights.criticalPath().steps().get(insights.criticalPath().steps().size() - 1).name());
        assertEquals(List.of(), insights.redundantDependencies());
        var text = insights.toText();
        assertTrue(text.contains("findings: 0 high") && text.contains("monthly cost estimate") && text.contains("deploy critical path"), text);
    }

    @Test
    void redundantDependenciesAreListedInTheText() {
        var key = Fixtures.res(AwsSchema.KmsKey.TYPE, "k").in("enableKeyRotation", true).build();
        var lt = Fixtures.res(AwsSchema.LogGroup.TYPE, "lg").in("kmsKeyId", Fixtures.KEY_ARN).dep(key).build();
        var alarm = Fixtures.res(AwsSchema.MetricAlarm.TYPE, "a").dep(lt, key).build();
        var insights = PlanInsights.analyse(List.of(key, lt, alarm), Map.of(), Map.of(), "dev", "us-east-1", 1, List.of());
        assertEquals(1, insights.redundantDependencies().size());
        assertTrue(insights.toText().contains("needless if declared with dependsOn): 1\n  aws:cloudwatch/metricAlarm:MetricAlarm::a"
                + " -> aws:kms/key:Key::k (implied by aws:cloudwatch/logGroup:LogGroup::lg)"), insights.toText());
        assertEquals("aws:s3/bucketV2:BucketV2::b", PlanInsights.shortUrn(
                "urn:pulumi:dev::private-vault::pulumi:pulumi:Stack$private-vault:index:BackupBucket$aws:s3/bucketV2:BucketV2::b"));
    }
}
