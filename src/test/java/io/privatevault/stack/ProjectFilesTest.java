package io.privatevault.stack;

import io.privatevault.components.testing.UsesTools;
import io.privatevault.components.testing.ExternalTools;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** Pulumi.yaml and the stack files, checked by ajv against the schemas in shared/ and against the program. */
class ProjectFilesTest {
    private static final Path SCHEMAS = TestStacks.projectDir().resolveSibling("shared").resolve("schemas");

    private static Path schema(String name) {
        Path file = SCHEMAS.resolve(name);
        assertTrue(Files.isRegularFile(file), "schema missing: " + file + " (shared/ must sit beside the checkout)");
        return file;
    }

    @Test
    @UsesTools
    void projectFileIsValidAgainstPulumisOwnSchema() {
        var run = ExternalTools.ajv(schema("pulumi-project.schema.json"), TestStacks.projectDir().resolve("Pulumi.yaml"));
        assertEquals(0, run.exitCode(), run.all());
    }

    @Test
    @UsesTools
    void everyShippedStackFileIsAValidStackFile() {
        assertEquals(6, TestStacks.shippedStacks().size(), TestStacks.shippedStacks().toString());
        for (String stack : TestStacks.shippedStacks()) {
            var run = ExternalTools.ajv(schema("pulumi-stack.schema.json"), TestStacks.projectDir().resolve("Pulumi." + stack + ".yaml"));
            assertEquals(0, run.exitCode(), run.all());
        }
    }

    @Test

    @UsesTools
    void ajvRejectsABrokenProjectFile() throws Exception {
        Path bad = Files.createTempFile("Pulumi", ".yaml");
        Files.writeString(bad, "name: x\nruntime: java\nconfig:\n  nodeCount:\n    type: number\n");
        var run = ExternalTools.ajv(schema("pulumi-project.schema.json"), bad);
        assertNotEquals(0, run.exitCode(), "ajv accepted an invalid config type: " + run.all());
    }

    @Test
    void everySettingIsDeclaredTypedDescribedAndRead() {
        var project = TestStacks.project();
        for (var declaration : project.settings().values()) {
            assertNotNull(declaration.type(), declaration.key());
            assertNotNull(declaration.description(), declaration.key() + " needs a description");
            if (declaration.type().equals("array")) {
                assertNotNull(declaration.itemsType(), declaration.key() + " needs items");
            }
            Object value = declaration.defaultValue();
            if (value != null) {
                Class<?> expected = switch (declaration.type()) {
                    case "string" -> String.class;
                    case "integer" -> Integer.class;
                    case "boolean" -> Boolean.class;
                    case "array" -> List.class;
                    default -> Map.class;
                };
                assertTrue(expected.isInstance(value), declaration.key() + " default " + value + " is not a " + declaration.type());
            } else {
                assertTrue(declaration.description().contains("Default dev"),
                        declaration.key() + " has no default, so its description must state the per-environment defaults");
            }
        }
        Set<String> platform = StackSettings.keysRead(project, TestStacks.config("prod", Map.of()), "prod");
        Set<String> configuration = ConfigurationSettings.keysRead(project, TestStacks.config("prod-config", Map.of()), "prod-config");
        var both = new TreeSet<>(platform);
        both.addAll(configuration);
        assertEquals(new TreeSet<>(project.settings().keySet()), both, "the two kinds of stack read exactly the settings Pulumi.yaml declares");
        var shared = new TreeSet<>(platform);
        shared.retainAll(configuration);
        assertEquals(new TreeSet<>(List.of("policySuppressions", "tags")), shared, "only these belong to both kinds");
        for (String key : project.settings().keySet()) {
            assertEquals(configuration.contains(key) && !platform.contains(key), SettingsLayer.of(key) == SettingsLayer.CONFIGURATION, key);
        }
    }

    @Test
    void readmeDocumentsEverySetting() throws Exception {
        String readme = Files.readString(TestStacks.projectDir().resolve("README.md"));
        for (String key : TestStacks.project().settings().keySet()) {
            assertTrue(readme.contains("`" + key + "`"), "README configuration reference lacks `" + key + "`");
        }
    }
}
