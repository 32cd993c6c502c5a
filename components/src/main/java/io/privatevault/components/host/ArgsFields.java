package io.privatevault.components.host;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inputs of an Args class as the SDK's {@code ComponentAnalyzer} (1.36.1) infers them into the served schema:
 * every declared field, under its {@code @Import} name (or the field's name). The decoder and the schema correction
 * read an Args class through this one view, so they cannot disagree with each other; {@link PlainInputs} checks that
 * it agrees with the analyzer's schema, property by property.
 */
final class ArgsFields {
    private ArgsFields() {
    }

    /** Property name to field, in declaration order. */
    static Map<String, Field> of(Class<?> args) {
        var fields = new LinkedHashMap<String, Field>();
        for (Field field : args.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                continue;
            }
            Import annotation = field.getAnnotation(Import.class);
            fields.put(annotation != null && !annotation.name().isEmpty() ? annotation.name() : field.getName(), field);
        }
        return fields;
    }

    static boolean required(Field field) {
        Import annotation = field.getAnnotation(Import.class);
        return annotation != null && annotation.required();
    }

    /** {@code Output<T>}: other languages may pass an output of another resource, a secret or an unknown value. */
    static boolean isOutput(Type type) {
        return raw(type) == Output.class;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported Args field type " + type);
    }

    /** The {@code index}th type argument of a parameterised type ({@code Output<T>}, {@code List<T>}, {@code Map<String, T>}). */
    static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("raw type " + type + " in an Args field: declare its type arguments");
    }

    /** A nested object of inputs (a plain class named {@code ...Args}), as opposed to a scalar, list or map. */
    static boolean isObject(Class<?> type) {
        return !type.isPrimitive() && !type.isEnum() && !type.getName().startsWith("java.") && type != Output.class;
    }
}
