package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.provider.internal.infer.ComponentAnalyzer;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.ResourceArgs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The multi-language contract of ARCHITECTURE.md §3, as the SDK's component host
 * (com.pulumi.provider.internal.ComponentProvider / ComponentAnalyzer) enforces it at `pulumi package add` time.
 */
class ComponentContractTest {
    private static final String PACKAGE = "io.privatevault.components";
    private static final Set<Class<?>> SCALARS = Set.of(String.class, Integer.class, Long.class, Double.class, Boolean.class);

    static List<Class<?>> componentClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(KmsSeal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var result = new ArrayList<Class<?>>();
        try (var files = Files.walk(root.resolve(PACKAGE.replace('.', '/')))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, KmsSeal.class.getClassLoader());
                if (ComponentResource.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                    result.add(type);
                }
            }
        }
        return result;
    }

    @Test
    void everyComponentFollowsTheHostContract() throws Exception {
        var components = componentClasses();
        assertTrue(components.contains(KmsSeal.class), "scan found " + components);
        var argsNames = new HashMap<String, Class<?>>();
        for (Class<?> component : components) {
            assertEquals(PACKAGE, component.getPackageName(), component + " must live directly in " + PACKAGE);
            var constructors = component.getDeclaredConstructors();
            assertEquals(1, constructors.length, component + " must declare exactly one constructor");
            var params = constructors[0].getParameterTypes();
            assertEquals(3, params.length, component + " constructor takes (name, args, options)");
            assertEquals(String.class, params[0]);
            assertTrue(ResourceArgs.class.isAssignableFrom(params[1]), component + " args must extend ResourceArgs");
            assertEquals(ComponentResourceOptions.class, params[2]);
            checkArgs(params[1], argsNames);
            for (Field field : component.getDeclaredFields()) {
                if (field.isAnnotationPresent(Export.class)) {
                    assertEquals(Output.class, field.getType(), component.getSimpleName() + "." + field.getName() + " must be an Output");
                }
            }
        }
    }

    /** Every declared field is an input of an inferable type; nested classes are named ...Args and unique. */
    private static void checkArgs(Class<?> args, Map<String, Class<?>> seen) {
        Class<?> previous = seen.put(args.getSimpleName(), args);
        if (previous != null) {
            assertEquals(previous, args, "two Args classes share the simple name " + args.getSimpleName());
            return;
        }
        assertTrue(args.getSimpleName().endsWith("Args"), args + " must be named ...Args");
        assertDoesNotThrow(() -> args.getDeclaredConstructor(), args + " needs a no-argument constructor");
        for (Field field : args.getDeclaredFields()) {
            String where = args.getSimpleName() + "." + field.getName();
            assertFalse(Modifier.isStatic(field.getModifiers()), where + ": Args may not have static fields (the analyzer reads every field)");
            assertTrue(field.isAnnotationPresent(Import.class), where + " must be annotated @Import");
            checkType(field.getGenericType(), where, seen);
        }
    }

    private static void checkType(Type type, String where, Map<String, Class<?>> seen) {
        if (type instanceof ParameterizedType p) {
            Type raw = p.getRawType();
            assertTrue(raw == Output.class || raw == List.class || raw == Map.class, where + ": unsupported generic " + raw);
            if (raw == Map.class) {
                assertEquals(String.class, p.getActualTypeArguments()[0], where + ": map keys must be strings");
            }
            checkType(p.getActualTypeArguments()[raw == Map.class ? 1 : 0], where, seen);
            return;
        }
        Class<?> c = (Class<?>) type;
        if (SCALARS.contains(c)) {
            return;
        }
        assertFalse(c.isEnum(), where + ": enums are not inferable; use a String with documented values");
        assertFalse(c == java.util.Optional.class, where + ": Optional is not inferable");
        assertFalse(com.pulumi.resources.Resource.class.isAssignableFrom(c), where + ": pass ids/ARNs, not resources");
        assertFalse(c.isPrimitive(), where + ": use boxed types so that absent means default");
        checkArgs(c, seen);
    }

    @Test
    void theSdkAnalyzerInfersASchemaForEveryComponent() throws Exception {
        var components = componentClasses();
        var schema = ComponentAnalyzer.generateSchema(components.toArray(new Class<?>[0]));
        for (Class<?> component : components) {
            assertNotNull(schema.getResources().get("components:index:" + component.getSimpleName()),
                    "no schema for " + component.getSimpleName() + "; have " + schema.getResources().keySet());
        }
    }
}
