package io.privatevault.components;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published component library holds components only: none of the mock engine kit (it lives in
 * {@code src/testing/java}, a test root of components/pom.xml) and no use of the SDK's internal API
 * ({@code com.pulumi.*.internal}) outside the generated provider bindings. The judge is the JDK's {@code jdeps},
 * run over the compiled classes of {@code components/src/main/java} (from whichever build runs this test), so a
 * reference through a fully qualified name or a nested class counts as much as an import.
 *
 * <p>One exception is named: {@link ComponentPackage}, the package's entry point, and the component host it wires
 * ({@code host/}) serve the components through the SDK's {@code com.pulumi.provider.internal.ComponentProvider} and
 * {@code ResourceProviderService}, the only way the Java SDK (1.36) serves components to other languages (its
 * {@code ComponentProviderHost}, which Pulumi's "Build a Component" guide uses, wires the same two but cannot serve
 * the library's version, and its input decoding fails other languages, see host/README.md).
 */
public class ComponentJarContentsTest {
    private static final String LIBRARY_PACKAGE = "io.privatevault.components";
    private static final String GENERATED_BINDINGS = LIBRARY_PACKAGE + ".providers.";
    private static final Pattern SDK_INTERNAL = Pattern.compile("com\\.pulumi\\.[\\w.]*\\binternal\\b.*");

    /** jdeps takes seconds: it runs once per test JVM over every class of this build, and each check filters. */
    private static Map<String, Set<String>> allDependencies;

    /** Class-level dependencies of every class of this build's classes folder (library, kit and program). */
    public static synchronized Map<String, Set<String>> allDependencies() {
        if (allDependencies == null) {
            try (Stream<Path> files = Files.walk(classesDir())) {
                allDependencies = dependencies(files.filter(f -> f.toString().endsWith(".class")).toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return allDependencies;
    }

    private static Map<String, Set<String>> libraryDependencies() {
        Set<String> library = new TreeSet<>(libraryClasses().stream().map(ComponentJarContentsTest::className).toList());
        var result = new TreeMap<>(allDependencies());
        result.keySet().retainAll(library);
        return result;
    }

    @Test
    void theLibraryCarriesNoMockEngine() {
        var classes = libraryClasses();
        assertTrue(classes.size() > 50, "found only " + classes.size() + " library classes under " + classesDir());
        var testing = classes.stream().filter(c -> className(c).startsWith(LIBRARY_PACKAGE + ".testing.")).toList();
        assertEquals(List.of(), testing, "mock engine classes compiled from components/src/main/java");
        var onTestApi = libraryDependencies().entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(d -> d.startsWith("com.pulumi.test.") || d.startsWith(LIBRARY_PACKAGE + ".testing.")))
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of(), onTestApi, "library classes that use the SDK's test API or the mock engine kit");
    }

    @Test
    void sdkInternalsOnlyInGeneratedBindingsAndThePackageEntryPoint() {
        var offenders = new TreeMap<String, Set<String>>();
        libraryDependencies().forEach((from, targets) -> {
            if (from.startsWith(GENERATED_BINDINGS) || packageHost(from)) {
                return;
            }
            var internal = new TreeSet<>(targets.stream().filter(t -> SDK_INTERNAL.matcher(t).matches()).toList());
            if (!internal.isEmpty()) {
                offenders.put(from, internal);
            }
        });
        assertEquals(Map.of(), offenders, "library classes that use com.pulumi.*.internal");
    }

    /**
     * The package's entry point and the component host it wires ({@code host/}): the SDK serves components to other
     * languages only through its internal {@code com.pulumi.provider.internal} API.
     */
    public static boolean packageHost(String className) {
        return className.equals(ComponentPackage.class.getName()) || className.startsWith(ComponentPackage.class.getName() + "$")
                || className.startsWith(LIBRARY_PACKAGE + ".host.");
    }

    @Test
    void theJudgeSeesAnInternalReference() {
        // The exempt host does use internal classes: if jdeps stopped reporting them, the checks above would pass vacuously.
        assertTrue(libraryDependencies().get(ComponentPackage.class.getName()).contains("com.pulumi.provider.internal.ResourceProviderService"));
        assertTrue(libraryDependencies().get(LIBRARY_PACKAGE + ".host.PackageProvider").contains("com.pulumi.provider.internal.ComponentProvider"));
    }

    /** The folder holding this build's compiled library classes (target/classes of the root or of components/). */
    static Path classesDir() {
        try {
            return Path.of(ComponentPackage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** components/src/main/java, from the root build's or components/pom.xml's working directory. */
    static Path librarySources() {
        for (Path candidate : List.of(Path.of("components/src/main/java"), Path.of("src/main/java"))) {
            if (Files.isRegularFile(candidate.resolve("io/privatevault/components/ComponentPackage.java"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("components/src/main/java not found from " + Path.of("").toAbsolutePath());
    }

    /** Every class file compiled from components/src/main/java: X.class and its nested X$*.class per source X.java. */
    static List<Path> libraryClasses() {
        Path sources = librarySources();
        Path classes = classesDir();
        var result = new ArrayList<Path>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path source : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = sources.relativize(source).toString();
                Path dir = classes.resolve(relative).getParent();
                String base = source.getFileName().toString().replace(".java", "");
                try (Stream<Path> compiled = Files.list(dir)) {
                    compiled.filter(c -> c.getFileName().toString().equals(base + ".class")
                            || c.getFileName().toString().startsWith(base + "$")).forEach(result::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    static String className(Path classFile) {
        return classesDir().relativize(classFile).toString().replace(".class", "").replace('/', '.');
    }

    /** Class-level dependencies of {@code classFiles} by {@code jdeps -verbose:class}: class name to referenced class names. */
    public static Map<String, Set<String>> dependencies(List<Path> classFiles) {
        var jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("jdeps is missing from this JDK"));
        var result = new TreeMap<String, Set<String>>();
        var line = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s.*$");
        // jdeps takes many class files per call; batches keep the command line short.
        for (int from = 0; from < classFiles.size(); from += 400) {
            var args = new ArrayList<>(List.of("-verbose:class"));
            classFiles.subList(from, Math.min(classFiles.size(), from + 400)).forEach(f -> args.add(f.toString()));
            var out = new StringWriter();
            var err = new StringWriter();
            int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
            assertEquals(0, code, "jdeps failed: " + err);
            for (String text : out.toString().split("\n")) {
                var m = line.matcher(text);
                if (m.matches()) {
                    result.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                }
            }
        }
        return result;
    }
}
