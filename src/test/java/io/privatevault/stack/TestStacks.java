package io.privatevault.stack;

import com.google.gson.Gson;
import io.privatevault.plan.PlanReport;
import io.privatevault.plan.PlanRunner;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** The shipped project and stack files, with overrides, for tests. */
public final class TestStacks {
    private TestStacks() {
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("privatevault.projectDir", ".")).toAbsolutePath();
    }

    public static ProjectDefinition project() {
        try (var in = new FileInputStream(projectDir().resolve("Pulumi.yaml").toFile())) {
            return ProjectDefinition.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stack file's config with {@code overrides} (short keys, values as YAML would give them; null removes). */
    public static ConfigSource config(String stack, Map<String, Object> overrides) {
        try {
            var base = ConfigSource.fromStackFile(projectDir().resolve("Pulumi." + stack + ".yaml"));
            var values = new HashMap<>(base.values());
            var secrets = new HashSet<>(base.secretKeys());
            overrides.forEach((key, value) -> {
                String full = key.contains(":") ? key : "private-vault:" + key;
                if (value == null) {
                    values.remove(full);
                } else {
                    values.put(full, value instanceof String s ? s
                            : value instanceof Map || value instanceof List ? new Gson().toJson(value) : String.valueOf(value));
                }
            });
            return new ConfigSource(values, secrets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StackSettings settings(String stack, Map<String, Object> overrides) {
        return StackSettings.load(project(), config(stack, overrides), stack);
    }

    /** A configuration stack's settings (its file sets platformStack). */
    public static ConfigurationSettings configuration(String stack, Map<String, Object> overrides) {
        return ConfigurationSettings.load(project(), config(stack, overrides), stack);
    }

    public static ConfigurationSettings configuration(String stack) {
        return configuration(stack, Map.of());
    }

    /** A stack of either kind, as its file (with overrides) makes it. */
    public static StackLayer load(String stack, Map<String, Object> overrides) {
        return StackLayer.load(project(), config(stack, overrides), stack);
    }

    /** Every shipped stack file's stack name, platform stacks first: Pulumi.<name>.yaml in the project folder. */
    public static java.util.List<String> shippedStacks() {
        try (var files = java.nio.file.Files.list(projectDir())) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.matches("Pulumi\\.[a-z0-9-]+\\.yaml"))
                    .map(f -> f.substring("Pulumi.".length(), f.length() - ".yaml".length()))
                    .sorted(java.util.Comparator.comparing((String s) -> s.endsWith("-config")).thenComparing(s -> s)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StackSettings settings(String stack) {
        return settings(stack, Map.of());
    }

    private static final Map<String, PlanReport> SHIPPED_PLANS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The offline plan of a shipped stack as it is (a configuration stack on its platform stack's run), made once per
     * test run and shared by every test class: plans are deterministic, and each costs a mock run of the whole platform.
     */
    public static PlanReport plan(String stack) {
        return SHIPPED_PLANS.computeIfAbsent(stack, s -> {
            if (!s.endsWith("-config")) {
                return PlanRunner.run(settings(s));
            }
            try {
                return io.privatevault.plan.ConfigurationPlan.planStackFile(project(), projectDir().resolve("Pulumi." + s + ".yaml"), s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
