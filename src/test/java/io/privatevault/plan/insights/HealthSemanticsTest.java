package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.HealthSemantics.NodeState;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.privatevault.plan.insights.Fixtures.res;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The health semantics of the NLB pool and the Auto Scaling group, judged against Vault's documented
 * {@code /v1/sys/health} contract (Vault API docs, "/sys/health"):
 * <blockquote>The default status codes are: 200 if initialized, unsealed, and active; 429 if unsealed and standby; 472 if
 * disaster recovery secondary (both active and standby nodes within the DR secondary); 473 if performance standby; 474
 * if standby node but cannot connect to the active node; 501 if not initialized; 503 if sealed; 530 if removed.
 * Parameters: standbyok (bool: false) – Specifies if being a standby should still return the active status code instead
 * of the standby status code ... This will not apply if the node is a performance standby. perfstandbyok (bool: false) –
 * Specifies if being a performance standby should still return the active status code instead of the performance standby
 * status code. activecode (int: 200), standbycode (int: 429), drsecondarycode (int: 472), performancestandbycode (int:
 * 473), ... sealedcode (int: 503), uninitcode (int: 501), removedcode (int: 530), haunhealthycode (int: 474)</blockquote>
 * and Vault 1.19's changelog: "If the standby has been unable to send a heartbeat, return code 474 by default or the value
 * of the haunhealthycode query parameter" (so standbyok does not hide it).
 */
class HealthSemanticsTest {
    private static final Map<NodeState, Integer> DOCUMENTED = Map.of(NodeState.ACTIVE, 200, NodeState.STANDBY, 429,
            NodeState.DR_SECONDARY, 472, NodeState.PERFORMANCE_STANDBY, 473, NodeState.STANDBY_LOST_ACTIVE, 474,
            NodeState.UNINITIALISED, 501, NodeState.SEALED, 503, NodeState.REMOVED, 530);

    @Test
    void theModelAnswersTheDocumentedDefaultCodes() {
        assertEquals(DOCUMENTED.keySet(), java.util.Set.of(NodeState.values()), "every documented state, no other");
        DOCUMENTED.forEach((state, code) -> assertEquals(code, HealthSemantics.code(state, Map.of()), state.name()));
    }

    @Test
    void standbyokAndPerfstandbyokTurnOnlyHealthyStandbysIntoTheActiveCode() {
        var query = HealthSemantics.query("/v1/sys/health?standbyok=true&perfstandbyok=true");
        assertEquals(Map.of("standbyok", "true", "perfstandbyok", "true"), query);
        assertEquals(200, HealthSemantics.code(NodeState.STANDBY, query));
        assertEquals(200, HealthSemantics.code(NodeState.PERFORMANCE_STANDBY, query));
        assertEquals(474, HealthSemantics.code(NodeState.STANDBY_LOST_ACTIVE, query), "a standby without its active node stays 474");
        assertEquals(503, HealthSemantics.code(NodeState.SEALED, query));
        // "This will not apply if the node is a performance standby": standbyok alone leaves 473.
        assertEquals(473, HealthSemantics.code(NodeState.PERFORMANCE_STANDBY, HealthSemantics.query("/v1/sys/health?standbyok=true")));
        // activecode applies to standbys that standbyok promotes.
        assertEquals(204, HealthSemantics.code(NodeState.STANDBY, HealthSemantics.query("/v1/sys/health?standbyok=1&activecode=204")));
        assertEquals(200, HealthSemantics.code(NodeState.SEALED, HealthSemantics.query("/v1/sys/health?sealedcode=200")));
        assertEquals(400, HealthSemantics.code(NodeState.ACTIVE, HealthSemantics.query("/v1/sys/health?standbyok=maybe")));
        assertEquals(400, HealthSemantics.code(NodeState.ACTIVE, HealthSemantics.query("/v1/sys/health?sealedcode=ok")));
    }

    /**
     * AWS (ELB API, Matcher): "For Network Load Balancers, you can specify values between 200 and 599, with the default
     * value being 200-399. You can specify multiple values (for example, "200,202") or a range of values (for example,
     * "200-299")." For Application Load Balancers the default is 200.
     */
    @Test
    void matchersFollowAwsSyntaxAndDefaults() {
        assertTrue(HealthSemantics.matcher(null, true).test(399));
        assertFalse(HealthSemantics.matcher(null, true).test(429));
        assertFalse(HealthSemantics.matcher(null, false).test(204));
        var list = HealthSemantics.matcher("200,429", true);
        assertTrue(list.test(429) && list.test(200) && !list.test(473));
        var range = HealthSemantics.matcher("200-499", true);
        assertTrue(range.test(474) && !range.test(503));
        assertNull(HealthSemantics.matcher("2xx", true));
    }

    private static List<Finding> pool(RecordedResource targetGroup) {
        return rule("health-check-pool-semantics").evaluate(PolicyContext.of(List.of(targetGroup), "dev"));
    }

    private static Rule rule(String id) {
        return PolicyPack.standard().rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static RecordedResource targetGroup(String path, String matcher) {
        var check = new HashMap<String, Object>(Map.of("protocol", "HTTPS", "path", path, "interval", 5L));
        if (matcher != null) {
            check.put("matcher", matcher);
        }
        return res(AwsSchema.TargetGroup.TYPE, "vault-tg").in("protocol", "TCP").in("port", 8200L).in("healthCheck", check).build();
    }

    @Test
    void thePoolRuleIsQuietOnTheDecidedCheckAndTheGoodStack() {
        assertEquals(List.of(), pool(targetGroup("/v1/sys/health?standbyok=true&perfstandbyok=true", "200")));
        assertEquals(List.of(), pool(targetGroup("/v1/sys/health?standbyok=true&perfstandbyok=true", null)), "NLB default 200-399");
        assertEquals(List.of(), pool(targetGroup("/v1/sys/health", "200,429,473")), "the standby codes listed instead");
        assertEquals(List.of(), rule("health-check-pool-semantics").evaluate(GoodStack.context(GoodStack.resources(), "prod")));
    }

    @Test
    void thePoolRuleFiresOnEachWayOfGettingItWrong() {
        assertMessages(pool(targetGroup("/v1/sys/health", "200")), "standby answers 429", "performance standby answers 473");
        assertMessages(pool(targetGroup("/v1/sys/health?standbyok=true&perfstandbyok=true", "200-499")),
                "standby lost active answers 474", "dr secondary answers 472");
        assertMessages(pool(targetGroup("/v1/sys/health?standbyok=true&perfstandbyok=true&sealedcode=200", "200")),
                "sealed answers 200 to /v1/sys/health?standbyok=true&perfstandbyok=true&sealedcode=200, which the matcher accepts");
        assertMessages(pool(targetGroup("/v1/sys/health?standbyok=yes", "200")), "active answers 400");
        assertMessages(pool(targetGroup("/v1/sys/health?standbyok=true&perfstandbyok=true", "2xx")), "is not a code");
        assertMessages(pool(targetGroup("/v1/sys/health?standbyok=true&perfstandbyok=true&uninitcode=200&removedcode=299", "200-299")),
                "uninitialised answers 200", "removed answers 299");
    }

    private static void assertMessages(List<Finding> findings, String... fragments) {
        assertFalse(findings.isEmpty());
        assertTrue(findings.stream().allMatch(f -> f.severity() == Severity.HIGH && f.rule().equals("health-check-pool-semantics")));
        for (String fragment : fragments) {
            assertTrue(findings.stream().anyMatch(f -> f.message().contains(fragment)), fragment + " in " + findings);
        }
    }

    @Test
    void theAutoScalingRuleFiresOnElbHealthOnly() {
        var rule = rule("asg-health-independent-of-cluster-state");
        var elb = res(AwsSchema.AutoScalingGroup.TYPE, "vault-nodes").in("healthCheckType", "ELB")
                .in("targetGroupArns", List.of("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/v/1")).build();
        var findings = rule.evaluate(PolicyContext.of(List.of(elb), "dev"));
        assertEquals(1, findings.size());
        assertEquals(Severity.MEDIUM, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("sealed (503), leaderless (474)"), findings.get(0).message());
        var ec2 = res(AwsSchema.AutoScalingGroup.TYPE, "vault-nodes").in("healthCheckType", "EC2").build();
        assertEquals(List.of(), rule.evaluate(PolicyContext.of(List.of(ec2), "dev")));
        assertEquals(List.of(), rule.evaluate(GoodStack.context(GoodStack.resources(), "prod")), "unset means EC2");
    }

    /**
     * The shipped stacks: the pool is exactly right everywhere (k8s included). The Auto Scaling finding follows the
     * group's health type: today's EC2 stacks use ELB health and report it; once the group uses EC2 health they are quiet.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "k8s"})
    void theShippedStacks(String stack) {
        var report = TestStacks.plan(stack).insights().findings();
        var pool = report.findings().stream().filter(f -> f.rule().equals("health-check-pool-semantics")).toList();
        assertEquals(List.of(), pool);
        var groups = TestStacks.plan(stack).resources().stream().filter(r -> r.type().equals(AwsSchema.AutoScalingGroup.TYPE)).toList();
        var asg = report.findings().stream().filter(f -> f.rule().equals("asg-health-independent-of-cluster-state")).toList();
        long elb = groups.stream().filter(g -> "ELB".equals(g.input("healthCheckType"))).count();
        assertEquals(elb, asg.size(), asg.toString());
        assertEquals(stack.equals("k8s") ? 0 : 1, groups.size());
    }
}
