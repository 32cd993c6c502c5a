package io.privatevault.components.providers;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.CustomType;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.core.annotations.ResourceType;
import com.pulumi.core.internal.Internal;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a binding class against the provider schema facts ({@code provider-schemas/<name>.json}, copied from
 * {@code ../shared/provider-schemas}) by reflection, and reports every disagreement as a readable line:
 * unknown type token, unknown {@code @Import}/{@code @Export} name, type mismatch (recursively through object
 * types), an {@code @Export} whose refs/tree do not describe its field, a secret looser than the schema's, a
 * required input that cannot be expressed, a version option other than the schema's.
 *
 * <p>Secretness is checked by behaviour: the builder is called with a plain {@code Output} and the stored value
 * must come out secret; secret outputs must be in the {@code additionalSecretOutputs} the binding's own
 * {@code makeResourceOptions} produces.
 */
final class BindingChecker {
    private final Map<String, JsonObject> schemas = new LinkedHashMap<>();

    BindingChecker(String... providers) {
        for (String provider : providers) {
            var in = BindingChecker.class.getClassLoader().getResourceAsStream("provider-schemas/" + provider + ".json");
            Objects.requireNonNull(in, "provider-schemas/" + provider + ".json missing from test resources");
            schemas.put(provider, JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject());
        }
    }

    JsonObject schema(String provider) {
        return schemas.get(provider);
    }

    /** Problems of one resource (or provider) binding class; empty when it conforms. */
    List<String> check(Class<?> resource) {
        List<String> problems = new ArrayList<>();
        var type = resource.getAnnotation(ResourceType.class);
        if (type == null) {
            return List.of(resource.getName() + ": no @ResourceType");
        }
        String token = type.type();
        String where = resource.getSimpleName() + " (" + token + ")";
        boolean isProvider = token.startsWith("pulumi:providers:");
        String provider = isProvider ? token.substring("pulumi:providers:".length()) : token.split(":")[0];
        JsonObject schema = schemas.get(provider);
        if (schema == null) {
            return List.of(where + ": unknown provider '" + provider + "'");
        }
        JsonObject inputs;
        JsonObject outputs;
        if (isProvider) {
            JsonObject pr = schema.getAsJsonObject("providerResource");
            if (!token.equals(pr.get("token").getAsString())) {
                return List.of(where + ": unknown provider token");
            }
            inputs = pr.getAsJsonObject("inputs");
            outputs = inputs; // a provider's outputs are its (string) inputs
        } else {
            JsonObject res = schema.getAsJsonObject("resources").getAsJsonObject(token);
            if (res == null) {
                return List.of(where + ": unknown type token");
            }
            inputs = res.getAsJsonObject("inputs");
            outputs = res.getAsJsonObject("outputs");
        }
        JsonObject types = schema.getAsJsonObject("types");

        // Options the binding sends with every registration: pinned version and secret outputs.
        CustomResourceOptions options = defaultOptions(resource, problems, where);
        if (options != null) {
            String expected = schema.get("version").getAsString();
            if (!expected.equals(options.getVersion().orElse(null))) {
                problems.add(where + ": version option " + options.getVersion().orElse("<none>") + ", schema " + expected);
            }
            Set<String> secretOutputs = new HashSet<>(options.getAdditionalSecretOutputs());
            if (!isProvider) {
                for (var e : outputs.entrySet()) {
                    JsonObject p = e.getValue().getAsJsonObject();
                    if ((p.get("secret").getAsBoolean() || containsSecret(p.get("type").getAsString(), types, new HashSet<>()))
                            && !secretOutputs.contains(e.getKey())) {
                        problems.add(where + ": output '" + e.getKey() + "' is secret in the schema but not in additionalSecretOutputs");
                    }
                }
            }
            for (String s : secretOutputs) {
                if (!outputs.has(s)) {
                    problems.add(where + ": additionalSecretOutputs names unknown output '" + s + "'");
                }
            }
        }

        // Outputs.
        for (Field f : resource.getDeclaredFields()) {
            Export export = f.getAnnotation(Export.class);
            if (export == null) {
                continue;
            }
            String name = export.name().isEmpty() ? f.getName() : export.name();
            if (!outputs.has(name)) {
                problems.add(where + ": @Export '" + name + "' is not an output in the schema");
                continue;
            }
            Type t = outputType(f, problems, where + "." + name);
            if (t == null) {
                continue;
            }
            checkExportShape(export, t, problems, where + "." + name);
            String schemaType = outputs.getAsJsonObject(name).get("type").getAsString();
            conforms(t, schemaType, false, types, problems, where + "." + name, new HashSet<>());
        }

        // Inputs, through the Args class of the (name, args, options) constructor.
        Class<?> argsClass = argsClass(resource);
        if (argsClass == null) {
            problems.add(where + ": no (String, XArgs, CustomResourceOptions) constructor");
        } else {
            checkArgs(argsClass, inputs, types, problems, where, token);
        }
        return problems;
    }

    private static CustomResourceOptions defaultOptions(Class<?> resource, List<String> problems, String where) {
        try {
            Method m = resource.getDeclaredMethod("makeResourceOptions", CustomResourceOptions.class, Output.class);
            m.setAccessible(true);
            return (CustomResourceOptions) m.invoke(null, null, null);
        } catch (ReflectiveOperationException e) {
            problems.add(where + ": no static makeResourceOptions(CustomResourceOptions, Output) to read its options: " + e);
            return null;
        }
    }

    static Class<?> argsClass(Class<?> resource) {
        for (Constructor<?> c : resource.getConstructors()) {
            var p = c.getParameterTypes();
            if (p.length == 3 && p[0] == String.class && ResourceArgs.class.isAssignableFrom(p[1])
                    && p[2] == CustomResourceOptions.class) {
                return p[1];
            }
        }
        return null;
    }

    private void checkArgs(Class<?> argsClass, JsonObject inputs, JsonObject types, List<String> problems, String where, String owner) {
        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field f : argsClass.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Import imp = f.getAnnotation(Import.class);
            if (imp == null) {
                problems.add(where + ": field " + argsClass.getSimpleName() + "." + f.getName() + " has no @Import");
                continue;
            }
            String name = imp.name().isEmpty() ? f.getName() : imp.name();
            byName.put(name, f);
            if (!inputs.has(name)) {
                problems.add(where + ": @Import '" + name + "' is not an input in the schema");
                continue;
            }
            JsonObject p = inputs.getAsJsonObject(name);
            if (imp.required() != p.get("required").getAsBoolean()) {
                problems.add(where + ": input '" + name + "' required=" + imp.required() + ", schema " + p.get("required"));
            }
            boolean wantJson = owner.startsWith("pulumi:providers:") && !p.get("type").getAsString().equals("string");
            if (imp.json() != wantJson) {
                problems.add(where + ": provider input '" + name + "' json=" + imp.json() + ", must be " + wantJson
                        + " (provider config is sent as strings; the SDK JSON-encodes non-string values)");
            }
            Type t = f.getGenericType();
            if (!(t instanceof ParameterizedType pt) || pt.getRawType() != Output.class) {
                problems.add(where + ": input '" + name + "' must be an Output<T>, is " + t.getTypeName());
                continue;
            }
            conforms(pt.getActualTypeArguments()[0], p.get("type").getAsString(), true, types, problems, where + "." + name, new HashSet<>());
        }
        for (var e : inputs.entrySet()) {
            if (e.getValue().getAsJsonObject().get("required").getAsBoolean() && !byName.containsKey(e.getKey())) {
                problems.add(where + ": required input '" + e.getKey() + "' cannot be expressed");
            }
        }
        // Behaviour: build with every required input set, then each secret input must be stored as a secret.
        for (var e : inputs.entrySet()) {
            if (!e.getValue().getAsJsonObject().get("secret").getAsBoolean() || !byName.containsKey(e.getKey())) {
                continue;
            }
            Field f = byName.get(e.getKey());
            try {
                Object args = build(argsClass, f, problems, where);
                if (args == null) {
                    continue;
                }
                f.setAccessible(true);
                Output<?> stored = (Output<?>) f.get(args);
                if (stored == null || !Internal.of(stored).isSecret().join()) {
                    problems.add(where + ": input '" + e.getKey() + "' is secret in the schema but the builder stores it in plain text");
                }
            } catch (ReflectiveOperationException | RuntimeException ex) {
                problems.add(where + ": cannot build " + argsClass.getSimpleName() + " to check '" + e.getKey() + "': " + ex);
            }
        }
    }

    /** Args for {@code argsClass} with every required input set to a sample value; null (with problems) if impossible. */
    Object sampleArgs(Class<?> argsClass, List<String> problems) throws ReflectiveOperationException {
        return build(argsClass, null, problems, argsClass.getSimpleName());
    }

    /** Builds {@code argsClass} through its builder with every required input (and {@code extra}) set. */
    private Object build(Class<?> argsClass, Field extra, List<String> problems, String where) throws ReflectiveOperationException {
        Object builder = argsClass.getMethod("builder").invoke(null);
        for (Field f : argsClass.getDeclaredFields()) {
            Import imp = f.getAnnotation(Import.class);
            if (imp == null || !(imp.required() || f.equals(extra))) {
                continue;
            }
            Method setter = findSetter(builder.getClass(), f.getName());
            if (setter == null) {
                problems.add(where + ": builder of " + argsClass.getSimpleName() + " has no " + f.getName() + "(Output) setter");
                return null;
            }
            Type inner = ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
            setter.invoke(builder, Output.of(sample(inner, problems, where)));
        }
        return builder.getClass().getMethod("build").invoke(builder);
    }

    private static Method findSetter(Class<?> builder, String name) {
        for (Method m : builder.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1 && m.getParameterTypes()[0] == Output.class) {
                return m;
            }
        }
        return null;
    }

    private Object sample(Type t, List<String> problems, String where) throws ReflectiveOperationException {
        Class<?> raw = raw(t);
        if (raw == String.class || raw == Object.class) {
            return "sample";
        }
        if (raw == Integer.class) {
            return 1;
        }
        if (raw == Double.class) {
            return 1.0;
        }
        if (raw == Boolean.class) {
            return true;
        }
        if (raw == List.class) {
            return List.of();
        }
        if (raw == Map.class) {
            return Map.of();
        }
        if (ResourceArgs.class.isAssignableFrom(raw)) {
            return build(raw, null, problems, where);
        }
        throw new IllegalArgumentException("no sample for " + t);
    }

    private static Type outputType(Field f, List<String> problems, String where) {
        if (f.getGenericType() instanceof ParameterizedType pt && pt.getRawType() == Output.class) {
            return pt.getActualTypeArguments()[0];
        }
        problems.add(where + ": @Export field must be Output<T>, is " + f.getGenericType().getTypeName());
        return null;
    }

    /** The SDK deserialises an output from @Export refs/tree, not from the field's generic type: they must agree. */
    private static void checkExportShape(Export export, Type t, List<String> problems, String where) {
        String described;
        try {
            String tree = export.tree().isEmpty() ? "[0]" : export.tree();
            described = new TreeReader(tree, export.refs()).read();
        } catch (RuntimeException e) {
            problems.add(where + ": unreadable @Export refs/tree: " + e.getMessage());
            return;
        }
        String actual = erased(t);
        if (!described.equals(actual)) {
            problems.add(where + ": @Export refs/tree describe " + described + " but the field holds " + actual);
        }
    }

    private static String erased(Type t) {
        if (t instanceof ParameterizedType pt) {
            StringBuilder b = new StringBuilder(((Class<?>) pt.getRawType()).getSimpleName()).append('<');
            var args = pt.getActualTypeArguments();
            for (int i = 0; i < args.length; i++) {
                b.append(i == 0 ? "" : ",").append(erased(args[i]));
            }
            return b.append('>').toString();
        }
        return ((Class<?>) t).getSimpleName();
    }

    /** Reads the SDK's tree notation, e.g. {@code [0,[1,2,2]]} with refs {List, Map, String}. */
    private static final class TreeReader {
        private final String s;
        private final Class<?>[] refs;
        private int pos;

        TreeReader(String s, Class<?>[] refs) {
            this.s = s.replace(" ", "");
            this.refs = refs;
        }

        String read() {
            String r = node(true);
            if (pos != s.length()) {
                throw new IllegalArgumentException("trailing text in tree " + s);
            }
            return r;
        }

        private String node(boolean top) {
            if (s.charAt(pos) == '[') {
                pos++;
                String head = refs[number()].getSimpleName();
                List<String> args = new ArrayList<>();
                while (s.charAt(pos) == ',') {
                    pos++;
                    args.add(node(false));
                }
                expect(']');
                return args.isEmpty() ? head : head + "<" + String.join(",", args) + ">";
            }
            return refs[number()].getSimpleName();
        }

        private int number() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            return Integer.parseInt(s.substring(start, pos));
        }

        private void expect(char c) {
            if (s.charAt(pos++) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + (pos - 1) + " in " + s);
            }
        }
    }

    /** Whether a Java type matches a schema type; object types are compared property by property. */
    private void conforms(Type t, String schemaType, boolean input, JsonObject types, List<String> problems, String where, Set<String> seen) {
        Class<?> raw = raw(t);
        switch (schemaType) {
            case "string" -> expect(raw == String.class, t, schemaType, problems, where);
            case "integer" -> expect(raw == Integer.class, t, schemaType, problems, where);
            case "number" -> expect(raw == Double.class, t, schemaType, problems, where);
            case "boolean" -> expect(raw == Boolean.class, t, schemaType, problems, where);
            case "any" -> expect(raw == Object.class, t, schemaType, problems, where);
            default -> {
                if (schemaType.startsWith("array<")) {
                    if (expect(raw == List.class && t instanceof ParameterizedType, t, schemaType, problems, where)) {
                        conforms(arg(t, 0), inner(schemaType, "array<"), input, types, problems, where + "[]", seen);
                    }
                } else if (schemaType.startsWith("map<")) {
                    if (expect(raw == Map.class && t instanceof ParameterizedType && arg(t, 0) == String.class, t, schemaType, problems, where)) {
                        conforms(arg(t, 1), inner(schemaType, "map<"), input, types, problems, where + "{}", seen);
                    }
                } else if (schemaType.startsWith("object:")) {
                    conformsObject(raw, schemaType.substring("object:".length()), input, types, problems, where, seen);
                } else {
                    problems.add(where + ": unknown schema type " + schemaType);
                }
            }
        }
    }

    private void conformsObject(Class<?> raw, String token, boolean input, JsonObject types, List<String> problems, String where, Set<String> seen) {
        JsonObject type = types.getAsJsonObject(token);
        if (type == null) {
            problems.add(where + ": schema has no object type " + token);
            return;
        }
        String simple = token.substring(token.lastIndexOf(':') + 1);
        String expectedName = input ? simple + "Args" : simple;
        String module = token.split(":")[1].split("/")[0];
        String pkgSuffix = (module.equals("index") ? "" : "." + module) + (input ? ".inputs" : ".outputs");
        if (!raw.getSimpleName().equals(expectedName) || !raw.getPackageName().endsWith(pkgSuffix)) {
            problems.add(where + ": " + token + " must be bound as " + pkgSuffix.substring(1) + "." + expectedName + ", is " + raw.getName());
            return;
        }
        if (!seen.add(token + (input ? "/in" : "/out"))) {
            return;
        }
        JsonObject props = type.getAsJsonObject("properties");
        if (input) {
            if (!ResourceArgs.class.isAssignableFrom(raw)) {
                problems.add(where + ": " + raw.getName() + " must extend ResourceArgs");
                return;
            }
            checkArgs(raw, props, types, problems, where + "<" + simple + ">", token);
            return;
        }
        if (raw.getAnnotation(CustomType.class) == null) {
            problems.add(where + ": " + raw.getName() + " must be a @CustomType");
            return;
        }
        Class<?> builder = null;
        for (Class<?> c : raw.getDeclaredClasses()) {
            if (c.getAnnotation(CustomType.Builder.class) != null) {
                builder = c;
            }
        }
        if (builder == null) {
            problems.add(where + ": " + raw.getName() + " has no @CustomType.Builder");
            return;
        }
        for (Method m : builder.getDeclaredMethods()) {
            CustomType.Setter setter = m.getAnnotation(CustomType.Setter.class);
            if (setter == null) {
                continue;
            }
            String name = setter.value().isEmpty() ? m.getName() : setter.value();
            if (!props.has(name)) {
                problems.add(where + "<" + simple + ">: property '" + name + "' is not in the schema");
                continue;
            }
            conforms(m.getGenericParameterTypes()[0], props.getAsJsonObject(name).get("type").getAsString(), false, types,
                    problems, where + "." + name, seen);
        }
    }

    private static boolean containsSecret(String schemaType, JsonObject types, Set<String> seen) {
        var m = java.util.regex.Pattern.compile("object:([^>]+)").matcher(schemaType);
        while (m.find()) {
            String token = m.group(1);
            if (!seen.add(token) || types.getAsJsonObject(token) == null) {
                continue;
            }
            for (var e : types.getAsJsonObject(token).getAsJsonObject("properties").entrySet()) {
                JsonObject p = e.getValue().getAsJsonObject();
                if (p.get("secret").getAsBoolean() || containsSecret(p.get("type").getAsString(), types, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean expect(boolean ok, Type t, String schemaType, List<String> problems, String where) {
        if (!ok) {
            problems.add(where + ": Java type " + t.getTypeName() + " does not match schema type " + schemaType);
        }
        return ok;
    }

    private static String inner(String schemaType, String prefix) {
        return schemaType.substring(prefix.length(), schemaType.length() - 1);
    }

    private static Type arg(Type t, int i) {
        return ((ParameterizedType) t).getActualTypeArguments()[i];
    }

    private static Class<?> raw(Type t) {
        if (t instanceof ParameterizedType pt) {
            return (Class<?>) pt.getRawType();
        }
        if (t instanceof Class<?> c) {
            return c;
        }
        throw new IllegalArgumentException("unsupported type " + t);
    }
}
