package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rule fires on a deliberately broken stack, names the resource, and stays quiet on the compliant {@link GoodStack}. */
final class RuleAssertions {
    static final PolicyPack PACK = PolicyPack.standard();

    private RuleAssertions() {
    }

    static Rule rule(String id) {
        return PACK.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    static List<Finding> run(String id, PolicyContext context) {
        return rule(id).evaluate(context);
    }

    static List<Finding> run(String id, List<RecordedResource> resources, String env) {
        return run(id, GoodStack.context(resources, env));
    }

    static List<Finding> assertFires(String id, PolicyContext bad, String urn) {
        assertEquals(List.of(), run(id, GoodStack.context(GoodStack.resources(), bad.environment())), id + " must be quiet on the good stack");
        var findings = run(id, bad);
        assertFalse(findings.isEmpty(), id + " must fire");
        assertTrue(findings.stream().allMatch(f -> f.rule().equals(id) && f.severity() == rule(id).severity()));
        assertTrue(findings.stream().anyMatch(f -> f.urn().equals(urn)), "finding on " + urn + ": " + findings);
        return findings;
    }

    static List<Finding> assertFires(String id, List<RecordedResource> bad, String urn) {
        return assertFires(id, GoodStack.context(bad, "dev"), urn);
    }

    static RecordedResource change(RecordedResource r, String key, Object value) {
        var inputs = new HashMap<>(r.inputs());
        inputs.put(key, value);
        return r.withInputs(inputs);
    }

    static Map<String, Object> map(Object... pairs) {
        var map = new HashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
