package io.privatevault.components.support;

import com.google.gson.GsonBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed IAM (or KMS key / S3 bucket) policy document, serialised to JSON once. Statements never
 * assemble JSON by hand.
 */
public record PolicyDocument(List<Statement> statements) {
    public static PolicyDocument of(Statement... statements) {
        return new PolicyDocument(List.of(statements));
    }

    public String toJson() {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements.stream().map(Statement::toMap).toList());
        return new GsonBuilder().disableHtmlEscaping().create().toJson(doc);
    }

    /**
     * One statement. {@code principals} maps a principal type ({@code AWS}, {@code Service}) to identifiers;
     * {@code conditions} maps an operator ({@code StringEquals}) to key/values.
     */
    public record Statement(String sid, boolean allow, List<String> actions, List<String> resources,
                            Map<String, List<String>> principals, Map<String, Map<String, List<String>>> conditions) {

        public static Builder allow(String sid) {
            return new Builder(sid, true);
        }

        /** A role trust statement: only {@code service} may assume the role (principals, no Resource element). */
        public static Builder assumeRoleBy(String sid, String service) {
            return allow(sid).principal("Service", service).actions("sts:AssumeRole");
        }

        public static Builder deny(String sid) {
            return new Builder(sid, false);
        }

        Map<String, Object> toMap() {
            var map = new LinkedHashMap<String, Object>();
            map.put("Sid", sid);
            map.put("Effect", allow ? "Allow" : "Deny");
            if (!principals.isEmpty()) {
                var p = new LinkedHashMap<String, Object>();
                principals.forEach((type, ids) -> p.put(type, ids.size() == 1 && !"*".equals(type) ? ids.get(0) : ids));
                map.put("Principal", principals.containsKey("*") ? "*" : p);
            }
            map.put("Action", actions.size() == 1 ? actions.get(0) : actions);
            if (!resources.isEmpty()) { // a role trust policy names no resource (IAM rejects one)
                map.put("Resource", resources.size() == 1 ? resources.get(0) : resources);
            }
            if (!conditions.isEmpty()) {
                var c = new LinkedHashMap<String, Object>();
                conditions.forEach((op, kv) -> {
                    var inner = new LinkedHashMap<String, Object>();
                    kv.forEach((k, v) -> inner.put(k, v.size() == 1 ? v.get(0) : v));
                    c.put(op, inner);
                });
                map.put("Condition", c);
            }
            return map;
        }

        public static final class Builder {
            private final String sid;
            private final boolean allow;
            private final List<String> actions = new ArrayList<>();
            private final List<String> resources = new ArrayList<>();
            private final Map<String, List<String>> principals = new LinkedHashMap<>();
            private final Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();

            private Builder(String sid, boolean allow) {
                this.sid = sid;
                this.allow = allow;
            }

            public Builder actions(String... values) {
                actions.addAll(List.of(values));
                return this;
            }

            public Builder resources(String... values) {
                resources.addAll(List.of(values));
                return this;
            }

            public Builder resources(List<String> values) {
                resources.addAll(values);
                return this;
            }

            public Builder principal(String type, String... ids) {
                principals.computeIfAbsent(type, k -> new ArrayList<>()).addAll(List.of(ids));
                return this;
            }

            public Builder principals(String type, List<String> ids) {
                principals.computeIfAbsent(type, k -> new ArrayList<>()).addAll(ids);
                return this;
            }

            public Builder condition(String operator, String key, String... values) {
                return condition(operator, key, List.of(values));
            }

            public Builder condition(String operator, String key, List<String> values) {
                conditions.computeIfAbsent(operator, k -> new LinkedHashMap<>()).put(key, List.copyOf(values));
                return this;
            }

            public Statement build() {
                if (actions.isEmpty() || (resources.isEmpty() && principals.isEmpty())) {
                    throw new IllegalStateException("statement " + sid + " needs actions, and resources unless it is a trust statement with principals");
                }
                return new Statement(sid, allow, List.copyOf(actions), List.copyOf(resources), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(principals)), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(conditions)));
            }
        }
    }
}
