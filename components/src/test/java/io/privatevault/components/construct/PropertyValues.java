package io.privatevault.components.construct;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pulumi's property-value encoding on the gRPC wire, written from the protocol (pulumi/pulumi
 * {@code sdk/go/common/resource/sig/sig.go} and {@code plugin/rpc.go}), not from the Java SDK, so the test does not
 * trust the code it tests: values are protobuf {@code Value}s, and special values are objects whose key
 * {@value #SIG} names what they are (secret, output value, resource reference, asset, archive); an unknown is the
 * string {@value #UNKNOWN}. Inputs are encoded here the way another language's SDK sends them through the engine,
 * and everything the provider sends back is decoded into {@link Prop}s.
 */
final class PropertyValues {
    static final String SIG = "4dabf18193072939515e22adb298388d";
    static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    static final String OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
    static final String RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
    static final String ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
    static final String ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
    static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    private PropertyValues() {
    }

    // ---- encoding ------------------------------------------------------------------------------------------------

    /** A plain value from Java: String, Number, Boolean, List, Map or null (numbers travel as doubles). */
    static Value plain(Object value) {
        if (value == null) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (value instanceof Value v) {
            return v;
        }
        if (value instanceof String s) {
            return Value.newBuilder().setStringValue(s).build();
        }
        if (value instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        if (value instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (value instanceof Collection<?> list) {
            var builder = ListValue.newBuilder();
            list.forEach(e -> builder.addValues(plain(e)));
            return Value.newBuilder().setListValue(builder).build();
        }
        if (value instanceof Map<?, ?> map) {
            var builder = Struct.newBuilder();
            map.forEach((k, v) -> builder.putFields(String.valueOf(k), plain(v)));
            return Value.newBuilder().setStructValue(builder).build();
        }
        throw new IllegalArgumentException("no wire encoding for " + value.getClass());
    }

    static Value unknown() {
        return Value.newBuilder().setStringValue(UNKNOWN).build();
    }

    static Value secret(Value element) {
        return special(SECRET_SIG, Map.of("value", element));
    }

    /** An output value: {@code element} null means unknown; the engine sends these for inputs with dependencies. */
    static Value output(Value element, boolean secret, Collection<String> dependencies) {
        var fields = new LinkedHashMap<String, Value>();
        if (element != null) {
            fields.put("value", element);
        }
        if (secret) {
            fields.put("secret", plain(true));
        }
        if (!dependencies.isEmpty()) {
            fields.put("dependencies", plain(List.copyOf(dependencies)));
        }
        return special(OUTPUT_SIG, fields);
    }

    private static Value special(String sig, Map<String, Value> fields) {
        var builder = Struct.newBuilder().putFields(SIG, plain(sig));
        fields.forEach(builder::putFields);
        return Value.newBuilder().setStructValue(builder).build();
    }

    static Struct struct(Map<String, Value> fields) {
        return Struct.newBuilder().putAllFields(fields).build();
    }

    // ---- decoding ------------------------------------------------------------------------------------------------

    static Map<String, Prop> decode(Struct struct) {
        var out = new LinkedHashMap<String, Prop>();
        struct.getFieldsMap().forEach((k, v) -> out.put(k, decode(v)));
        return out;
    }

    static Prop decode(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> Prop.NULL;
            case NUMBER_VALUE -> new Prop(Prop.Kind.NUMBER, value.getNumberValue(), false, Set.of());
            case BOOL_VALUE -> new Prop(Prop.Kind.BOOL, value.getBoolValue(), false, Set.of());
            case STRING_VALUE -> UNKNOWN.equals(value.getStringValue())
                    ? new Prop(Prop.Kind.UNKNOWN, null, false, Set.of())
                    : new Prop(Prop.Kind.STRING, value.getStringValue(), false, Set.of());
            case LIST_VALUE -> {
                var items = new ArrayList<Prop>();
                value.getListValue().getValuesList().forEach(v -> items.add(decode(v)));
                yield new Prop(Prop.Kind.LIST, List.copyOf(items), false, Set.of());
            }
            case STRUCT_VALUE -> decodeStruct(value.getStructValue());
        };
    }

    private static Prop decodeStruct(Struct struct) {
        var fields = struct.getFieldsMap();
        Value sig = fields.get(SIG);
        if (sig == null) {
            return new Prop(Prop.Kind.MAP, decode(struct), false, Set.of());
        }
        return switch (sig.getStringValue()) {
            case SECRET_SIG -> decode(fields.getOrDefault("value", plain(null))).wrapped(true, Set.of());
            case OUTPUT_SIG -> {
                var deps = new TreeSet<String>();
                if (fields.containsKey("dependencies")) {
                    fields.get("dependencies").getListValue().getValuesList().forEach(v -> deps.add(v.getStringValue()));
                }
                boolean secret = fields.containsKey("secret") && fields.get("secret").getBoolValue();
                Prop element = fields.containsKey("value") ? decode(fields.get("value")) : new Prop(Prop.Kind.UNKNOWN, null, false, Set.of());
                yield element.wrapped(secret, deps);
            }
            case RESOURCE_SIG -> new Prop(Prop.Kind.RESOURCE, fields.get("urn").getStringValue(), false, Set.of());
            case ASSET_SIG -> new Prop(Prop.Kind.ASSET, decode(struct), false, Set.of());
            case ARCHIVE_SIG -> new Prop(Prop.Kind.ARCHIVE, decode(struct), false, Set.of());
            default -> throw new IllegalArgumentException("unknown special value signature " + sig.getStringValue());
        };
    }
}
