package io.privatevault.components.construct;

import com.google.gson.JsonObject;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A component's inputs as the engine forwards them from a program in another language: each property encoded by
 * what the served schema says about it. A {@code plain} property is always a literal (other SDKs type it as a plain
 * value); an {@code Input<T>} property is a literal, or what the engine makes of a program's output: an output
 * value with the upstream resource as its dependency, a secret, a secret output, outputs inside a list, or an
 * unknown during a preview. Nested object
 * types are encoded field by field with their own specs, so a secret can sit inside a list of objects, as
 * {@code tenants[0].postgres.password} does when a TypeScript program passes {@code pulumi.secret(...)} there.
 */
final class WireInputs {
    enum Style {
        /** Literals only: a YAML program, or any program passing constants. */
        PLAIN,
        /** Every {@code Input<T>} an upstream resource's output: known, with that resource as a dependency. */
        OUTPUTS,
        /** Every {@code Input<T>} a secret. */
        SECRETS,
        /** Every {@code Input<T>} unknown: a preview before the upstream resources exist. */
        UNKNOWN,
        /**
         * Every {@code Input<T>} a secret output of an upstream resource, and inside an {@code Input<T>} list every
         * {@code Input<T>} item an output of its own: what a TypeScript program sends for
         * {@code pulumi.secret(upstream.value)} and for {@code [a.arn, b.arn]}.
         */
        NESTED
    }

    /** The {@code inputs} Struct, the {@code inputDependencies} per top-level property, and every upstream URN. */
    record Encoded(Struct inputs, Map<String, Set<String>> inputDependencies, Set<String> upstreamUrns) {
    }

    private final ServedSchema schema;
    private final Style style;
    private final Map<String, Style> overrides;
    private final Set<String> upstream = new TreeSet<>();

    private WireInputs(ServedSchema schema, Style style, Map<String, Style> overrides) {
        this.schema = schema;
        this.style = style;
        this.overrides = overrides;
    }

    /**
     * Encodes {@code values} (a fixture: Strings, Numbers, Booleans, Lists and Maps) for {@code component}, every
     * {@code Input<T>} in {@code style}.
     */
    static Encoded encode(ServedSchema schema, String component, Map<String, Object> values, Style style) {
        return encode(schema, component, values, style, Map.of());
    }

    /**
     * As {@link #encode(ServedSchema, String, Map, Style)}, but the properties at the paths in {@code overrides}
     * ({@code tags}, {@code tenants[0].namespaces}) in their own style, even where the schema makes them plain: a
     * probe of what the provider does with them.
     */
    static Encoded encode(ServedSchema schema, String component, Map<String, Object> values, Style style, Map<String, Style> overrides) {
        var encoder = new WireInputs(schema, style, overrides);
        Map<String, JsonObject> specs = schema.inputs(component);
        var fields = new LinkedHashMap<String, Value>();
        var dependencies = new LinkedHashMap<String, Set<String>>();
        values.forEach((name, value) -> {
            JsonObject spec = specs.get(name);
            if (spec == null) {
                throw new IllegalArgumentException(component + " has no input " + name + " in the served schema (fixture out of date?)");
            }
            int before = encoder.upstream.size();
            fields.put(name, encoder.property(name, spec, value));
            if (encoder.upstream.size() > before) {
                dependencies.put(name, encoder.dependenciesUnder(name));
            }
        });
        return new Encoded(PropertyValues.struct(fields), dependencies, Set.copyOf(encoder.upstream));
    }

    /** The URN of the upstream resource whose output feeds {@code path}, as the consumer program registered it. */
    static String upstreamUrn(String path) {
        return "urn:pulumi:" + InProcessEngine.STACK + "::" + InProcessEngine.PROJECT + "::consumer:index:Upstream::" + path;
    }

    private Set<String> dependenciesUnder(String name) {
        var out = new TreeSet<String>();
        upstream.stream().filter(u -> u.endsWith("::" + name) || u.contains("::" + name + ".") || u.contains("::" + name + "[")).forEach(out::add);
        return out;
    }

    private Value property(String path, JsonObject spec, Object value) {
        Value element = value(path, spec, value);
        Style as = overrides.getOrDefault(path, style);
        if (as == Style.PLAIN || (!overrides.containsKey(path) && ServedSchema.plain(spec))) {
            return element;
        }
        return switch (as) {
            case OUTPUTS -> {
                String urn = upstreamUrn(path);
                upstream.add(urn);
                yield PropertyValues.output(element, false, List.of(urn));
            }
            case NESTED -> {
                String urn = upstreamUrn(path);
                upstream.add(urn);
                yield PropertyValues.output(element, true, List.of(urn));
            }
            case SECRETS -> PropertyValues.secret(element);
            case UNKNOWN -> PropertyValues.unknown();
            case PLAIN -> element;
        };
    }

    private Value value(String path, JsonObject spec, Object value) {
        String ref = ServedSchema.ref(spec);
        if (ref != null && value instanceof Map<?, ?> object) {
            Map<String, JsonObject> fieldSpecs = schema.objectType(ref);
            var fields = new LinkedHashMap<String, Value>();
            object.forEach((k, v) -> {
                JsonObject fieldSpec = fieldSpecs.get(String.valueOf(k));
                if (fieldSpec == null) {
                    throw new IllegalArgumentException(ref + " has no property " + k + " (at " + path + ")");
                }
                fields.put(String.valueOf(k), property(path + "." + k, fieldSpec, v));
            });
            return Value.newBuilder().setStructValue(PropertyValues.struct(fields)).build();
        }
        String kind = spec.has("type") ? ServedSchema.kind(spec) : "";
        if (kind.equals("array") && value instanceof List<?> list) {
            var items = new ArrayList<Value>();
            JsonObject itemSpec = ServedSchema.items(spec);
            for (int i = 0; i < list.size(); i++) {
                String at = path + "[" + i + "]";
                items.add(style == Style.NESTED && !ServedSchema.plain(itemSpec) && ServedSchema.ref(itemSpec) == null
                        ? property(at, itemSpec, list.get(i)) : value(at, itemSpec, list.get(i)));
            }
            return PropertyValues.plain(items);
        }
        if (kind.equals("map") && value instanceof Map<?, ?> map) {
            var entries = new LinkedHashMap<String, Value>();
            map.forEach((k, v) -> entries.put(String.valueOf(k), value(path + "." + k, ServedSchema.items(spec), v)));
            return Value.newBuilder().setStructValue(PropertyValues.struct(entries)).build();
        }
        return PropertyValues.plain(value);
    }
}
