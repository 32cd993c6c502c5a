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
        var text = insights.toText();
        assertTrue(text.contains("findings: 0 high") && text.contains("monthly cost estimate") && text.contains("deploy critical path"), text);
    }
}
