package io.privatevault.components.testing;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes the protobuf {@link Struct} of a RegisterResourceRequest into plain Java values, keeping what the
 * SDK's own mock decoder drops: which values are secret and which are unknown.
 */
final class StructDecoder {
    // Wire constants of the Pulumi property protocol (sdk/go/common/resource/properties.go).
    static final String SIG_KEY = "4dabf18193072939515e22adb298388d";
    static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    private static final String RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
    private static final String UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    private StructDecoder() {
    }

    /**
     * A decoded value back in the engine's wire form, as a mock provider returns state: {@link Secret} as the secret
     * signature object, {@link Unknown} as the unknown sentinel.
     */
    static Object encode(Object value) {
        if (value instanceof Secret secret) {
            var wire = new LinkedHashMap<String, Object>();
            wire.put(SIG_KEY, SECRET_SIG);
            wire.put("value", encode(secret.value()));
            return wire;
        }
        if (value == Unknown.VALUE) {
            return UNKNOWN;
        }
        if (value instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> out.put(String.valueOf(k), encode(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StructDecoder::encode).toList();
        }
        return value;
    }

    static Map<String, Object> decode(Struct struct) {
        var result = new TreeMap<String, Object>();
        struct.getFieldsMap().forEach((key, value) -> {
            Object decoded = decode(value);
            if (decoded != null) {
                result.put(key, decoded);
            }
        });
        return Collections.unmodifiableMap(result);
    }

    private static Object decode(Value value) {
        switch (value.getKindCase()) {
            case NULL_VALUE:
            case KIND_NOT_SET:
                return null;
            case BOOL_VALUE:
                return value.getBoolValue();
            case NUMBER_VALUE: {
                double number = value.getNumberValue();
                return number == Math.rint(number) && Math.abs(number) < 1e15 ? (Object) (long) number : number;
            }
            case STRING_VALUE:
                return UNKNOWN.equals(value.getStringValue()) ? Unknown.VALUE : value.getStringValue();
            case LIST_VALUE: {
                List<Object> list = new ArrayList<>();
                for (Value item : value.getListValue().getValuesList()) {
                    list.add(decode(item));
                }
                return Collections.unmodifiableList(list);
            }
            case STRUCT_VALUE: {
                var fields = value.getStructValue().getFieldsMap();
                Value sig = fields.get(SIG_KEY);
                if (sig != null && SECRET_SIG.equals(sig.getStringValue())) {
                    Value inner = fields.get("value");
                    return new Secret(inner == null ? null : decode(inner));
                }
                if (sig != null && RESOURCE_REF_SIG.equals(sig.getStringValue())) {
                    return fields.get("urn").getStringValue();
                }
                Map<String, Object> map = new LinkedHashMap<>();
                fields.forEach((k, v) -> map.put(k, decode(v)));
                return Collections.unmodifiableMap(new TreeMap<>(map));
            }
            default:
                throw new IllegalStateException("unexpected protobuf value kind " + value.getKindCase());
        }
    }
}
