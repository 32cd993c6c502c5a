package io.privatevault.components.host;

import com.pulumi.core.Output;
import com.pulumi.core.internal.OutputData;
import com.pulumi.core.internal.OutputInternal;
import com.pulumi.provider.internal.properties.PropertyValue;
import com.pulumi.resources.DependencyResource;
import com.pulumi.resources.Resource;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.support.Problem;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the inputs of a {@code Construct} call (what a program in another language sent, as the engine forwards it)
 * into a component's Args, or into one {@link InvalidSettingException} listing every input that is wrong, each named
 * by its path ({@code VaultBaselineArgs.tenants[0].postgres.port}), with what was sent and what is allowed.
 *
 * <p>Replaces the SDK's {@code PropertyValueSerializer.deserialize} (1.36.1), which rejects every non-empty map
 * ({@code deserializeMap} loses the map's value type and decodes each value as {@code Object}), rejects a secret
 * output and an output nested in a list for an {@code Output<T>} field, and names no property in its errors (it
 * prints the path array's identity).
 *
 * <p>Per field type: an {@code Output<T>} field takes a literal, an output of another resource (its dependencies
 * are kept, so the component's children wait for that resource), a secret or an unknown value, at any depth of
 * {@code T} (TypeScript's {@code [role.arn, "literal"]} arrives as a list holding an output); the result is one
 * output, secret if any part is, unknown if any part is. Any other field is plain, as the served schema says
 * ({@link PlainInputs}): it takes a literal only.
 */
final class ArgsDecoder {
    private final List<Problem> problems = new ArrayList<>();

    private ArgsDecoder() {
    }

    /** The Args instance for {@code inputs}; throws {@link InvalidSettingException} with every problem found. */
    static Object decode(Class<?> argsType, Map<String, PropertyValue> inputs) {
        var decoder = new ArgsDecoder();
        Object args = decoder.object(argsType, inputs, argsType.getSimpleName());
        if (!decoder.problems.isEmpty()) {
            throw new InvalidSettingException(decoder.problems);
        }
        return args;
    }

    /** What the wire value of one output-typed input amounts to: secret and known over all its parts, and its dependencies. */
    private static final class Flags {
        boolean secret;
        boolean known = true;
        final Set<String> dependencies = new LinkedHashSet<>();
    }

    private Object object(Class<?> type, Map<String, PropertyValue> values, String path) {
        Map<String, Field> fields = ArgsFields.of(type);
        var unknownNames = new TreeSet<>(values.keySet());
        unknownNames.removeAll(fields.keySet());
        for (String name : unknownNames) {
            problems.add(new Problem(path, name, "given only the inputs it has (" + String.join(", ", new TreeSet<>(fields.keySet())) + ")"));
        }
        Object instance = instantiate(type);
        fields.forEach((name, field) -> {
            String at = path + "." + name;
            PropertyValue value = values.get(name);
            if (value == null || value.isNull()) {
                if (ArgsFields.required(field)) {
                    problems.add(new Problem(at, null, "set (a required input)"));
                }
                return;
            }
            Type declared = field.getGenericType();
            Object decoded = ArgsFields.isOutput(declared) ? output(ArgsFields.argument(declared, 0), value, at) : value(declared, value, at, null);
            try {
                field.setAccessible(true);
                field.set(instance, decoded);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set " + at, e);
            }
        });
        return instance;
    }

    private Output<Object> output(Type elementType, PropertyValue value, String at) {
        var flags = new Flags();
        Object decoded = value(elementType, value, at, flags);
        List<Resource> dependencies = flags.dependencies.stream().map(urn -> (Resource) new DependencyResource(urn)).toList();
        if (!flags.known) {
            return new OutputInternal<>(OutputData.unknown().withIsSecret(flags.secret).withDependencies(dependencies));
        }
        // A known null (a secret or an output of null) has nothing to depend on; OutputInternal takes no null value.
        Output<Object> known = decoded == null ? Output.ofNullable(null) : new OutputInternal<>(Set.copyOf(dependencies), decoded);
        return flags.secret ? known.asSecret() : known;
    }

    /**
     * The Java value of {@code value} for {@code type}. With {@code flags} (inside an {@code Output<T>} field) secrets,
     * outputs and unknowns are unwrapped into the flags; without, they are problems: the input is plain.
     */
    private Object value(Type type, PropertyValue value, String at, Flags flags) {
        PropertyValue v = unwrap(value, at, flags);
        if (v == null || v.isNull()) {
            return null;
        }
        Class<?> raw = ArgsFields.raw(type);
        PropertyValue.ValueType kind = v.getType();
        if (raw == String.class) {
            return kind == PropertyValue.ValueType.STRING ? v.getStringValue() : mismatch(at, v, "a string");
        }
        if (raw == Integer.class || raw == Long.class) {
            if (kind != PropertyValue.ValueType.NUMBER || v.getNumberValue() != Math.rint(v.getNumberValue())) {
                return mismatch(at, v, "an integer");
            }
            double number = v.getNumberValue();
            if (raw == Integer.class && (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE)) {
                return mismatch(at, v, "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
            }
            return raw == Integer.class ? (Object) (int) number : (Object) (long) number;
        }
        if (raw == Double.class) {
            return kind == PropertyValue.ValueType.NUMBER ? v.getNumberValue() : mismatch(at, v, "a number");
        }
        if (raw == Boolean.class) {
            return kind == PropertyValue.ValueType.BOOL ? v.getBooleanValue() : mismatch(at, v, "true or false");
        }
        if (raw == List.class) {
            if (kind != PropertyValue.ValueType.ARRAY) {
                return mismatch(at, v, "a list");
            }
            var items = new ArrayList<Object>();
            List<PropertyValue> array = v.getArrayValue();
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isNull()) {
                    problems.add(new Problem(at + "[" + i + "]", null, "a value (lists hold no nulls)"));
                    continue;
                }
                Object item = value(ArgsFields.argument(type, 0), array.get(i), at + "[" + i + "]", flags);
                if (item != null) { // null: unknown (the whole output is), or a problem was recorded
                    items.add(item);
                }
            }
            return Collections.unmodifiableList(items);
        }
        if (raw == Map.class) {
            if (kind != PropertyValue.ValueType.OBJECT) {
                return mismatch(at, v, "an object of key-value pairs");
            }
            var entries = new LinkedHashMap<String, Object>();
            v.getObjectValue().forEach((key, item) -> {
                String where = at + "[\"" + key + "\"]";
                if (item.isNull()) {
                    problems.add(new Problem(where, null, "a value (maps hold no nulls)"));
                    return;
                }
                Object decoded = value(ArgsFields.argument(type, 1), item, where, flags);
                if (decoded != null) {
                    entries.put(key, decoded);
                }
            });
            return Collections.unmodifiableMap(entries);
        }
        if (ArgsFields.isObject(raw)) {
            return kind == PropertyValue.ValueType.OBJECT ? object(raw, v.getObjectValue(), at) : mismatch(at, v, "an object");
        }
        throw new IllegalStateException(at + " has type " + type + ", which the component host cannot decode");
    }

    /**
     * The value under any secret and output wrappers; null when it is unknown. Inside an output-typed input the
     * wrappers go into {@code flags}; for a plain input they are a problem.
     */
    private PropertyValue unwrap(PropertyValue value, String at, Flags flags) {
        PropertyValue v = value;
        while (true) {
            switch (v.getType()) {
                case SECRET, OUTPUT, COMPUTED -> {
                    if (flags == null) {
                        problems.add(new Problem(at, new Sent(v), "a plain value: the schema marks this input plain, so it takes no"
                                + " output of another resource, no secret and no unknown value"));
                        return null;
                    }
                    if (v.getType() == PropertyValue.ValueType.SECRET) {
                        flags.secret = true;
                        v = v.getSecretValue();
                    } else if (v.getType() == PropertyValue.ValueType.OUTPUT) {
                        flags.dependencies.addAll(v.getOutputValue().getDependencies());
                        if (v.getOutputValue().getValue() == null) {
                            flags.known = false;
                            return null;
                        }
                        v = v.getOutputValue().getValue();
                    } else {
                        flags.known = false;
                        return null;
                    }
                }
                default -> {
                    return v;
                }
            }
        }
    }

    private Object mismatch(String at, PropertyValue value, String allowed) {
        problems.add(new Problem(at, new Sent(value), allowed));
        return null;
    }

    private static Object instantiate(Class<?> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + " needs a no-argument constructor to be built from another language's inputs", e);
        }
    }

    /** What a program sent, as an error message describes it. */
    private record Sent(PropertyValue value) {
        @Override
        public String toString() {
            return switch (value.getType()) {
                case STRING -> "the string '" + value.getStringValue() + "'";
                case NUMBER -> {
                    double n = value.getNumberValue();
                    yield "the number " + (n == Math.rint(n) && Math.abs(n) < 1e15 ? String.valueOf((long) n) : String.valueOf(n));
                }
                case BOOL -> "the boolean " + value.getBooleanValue();
                case ARRAY -> "a list";
                case OBJECT -> "an object";
                case SECRET -> "a secret";
                case OUTPUT -> value.getOutputValue().getValue() == null ? "an unknown output of another resource" : "an output of another resource";
                case COMPUTED -> "an unknown value";
                case ASSET -> "an asset";
                case ARCHIVE -> "an archive";
                case RESOURCE -> "a resource reference";
                case NULL -> "null";
            };
        }
    }
}
