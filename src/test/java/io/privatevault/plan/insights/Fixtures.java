package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedOptions;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.testing.Secret;
import io.privatevault.components.testing.Unknown;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Hand-built registered resources, shaped as the recorder decodes them (numbers as Long, nested maps and lists). */
final class Fixtures {
    static final String STACK = "urn:pulumi:dev::private-vault::";
    static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd";

    private Fixtures() {
    }

    static String urn(String type, String name) {
        return STACK + type + "::" + name;
    }

    static Builder res(String type, String name) {
        return new Builder(type, name);
    }

    static final class Builder {
        private final String type;
        private final String name;
        private final Map<String, Object> inputs = new LinkedHashMap<>();
        private final Set<String> deps = new TreeSet<>();
        private String parent;
        private boolean custom = true;
        private boolean protect;
        private boolean retain;
        private String provider = "";

        Builder(String type, String name) {
            this.type = type;
            this.name = name;
        }

        Builder in(String key, Object value) {
            inputs.put(key, value);
            return this;
        }

        Builder dep(RecordedResource... on) {
            for (var r : on) {
                deps.add(r.urn());
            }
            return this;
        }

        Builder parent(RecordedResource p) {
            parent = p.urn();
            return this;
        }

        /** Registered with {@code protect}. */
        Builder protect() {
            protect = true;
            return this;
        }

        /** Registered with {@code retainOnDelete}. */
        Builder retain() {
            retain = true;
            return this;
        }

        /** Registered through an explicit provider ({@code <provider URN>::<id>}). */
        Builder provider(RecordedResource registered) {
            provider = registered.urn() + "::" + registered.name() + "-id";
            return this;
        }

        Builder component() {
            custom = false;
            return this;
        }

        RecordedResource build() {
            var options = protect || retain || !provider.isEmpty()
                    ? new RecordedOptions(protect, retain, false, List.of(), List.of(), Set.of(), provider, Map.of(), "", "", List.of(),
                    List.of(), Map.of(), "", "")
                    : RecordedOptions.NONE;
            return new RecordedResource(urn(type, name), type, name, parent, custom, Map.copyOf(inputs), Set.copyOf(deps), options, null,
                    arn);
        }

        private String arn;

        /** The mock {@code arn} output. */
        Builder arn(String value) {
            arn = value;
            return this;
        }
    }

    static Secret secret(Object value) {
        return new Secret(value);
    }

    static Object unknown() {
        return Unknown.VALUE;
    }

    /** Replaces the resource with the same URN (or adds it). */
    static List<RecordedResource> with(List<RecordedResource> stack, RecordedResource replacement) {
        List<RecordedResource> result = new ArrayList<>();
        boolean replaced = false;
        for (var r : stack) {
            if (r.urn().equals(replacement.urn())) {
                result.add(replacement);
                replaced = true;
            } else {
                result.add(r);
            }
        }
        if (!replaced) {
            result.add(replacement);
        }
        return result;
    }

    static List<RecordedResource> without(List<RecordedResource> stack, String urn) {
        return stack.stream().filter(r -> !r.urn().equals(urn)).toList();
    }
}
