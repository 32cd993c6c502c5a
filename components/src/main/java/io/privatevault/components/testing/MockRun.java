package io.privatevault.components.testing;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * Runs a Pulumi program under the SDK's mock engine ({@code com.pulumi.test}) and returns every registered
 * resource with its inputs, plus the stack outputs resolved to values. Used by the offline plan and by tests.
 *
 * <p>The mock engine is a process-wide singleton in the SDK, so runs are serialised here.
 */
public final class MockRun {
    private final String project;
    private final String stack;
    private final AwsMocks mocks;
    private final Map<String, String> config;
    private final Set<String> secretConfigKeys;

    private MockRun(String project, String stack, AwsMocks mocks, Map<String, String> config, Set<String> secretConfigKeys) {
        this.project = project;
        this.stack = stack;
        this.mocks = mocks;
        this.config = config;
        this.secretConfigKeys = secretConfigKeys;
    }

    /** A run for {@code project}/{@code stack} with realistic AWS-shaped mock outputs. */
    public static MockRun of(String project, String stack, AwsMocks mocks) {
        return new MockRun(project, stack, mocks, Map.of(), Set.of());
    }

    /** The same run with engine config (full keys {@code project:key}); values as the CLI passes them. */
    public MockRun withConfig(Map<String, String> config, Set<String> secretKeys) {
        return new MockRun(project, stack, mocks, Map.copyOf(config), Set.copyOf(secretKeys));
    }

    /** Runs the program and waits for every registration and every stack output. */
    public Result run(Consumer<Context> program) {
        synchronized (MockRun.class) {
            RecordingMonitor[] monitor = new RecordingMonitor[1];
            try {
                var test = PulumiTestInternal.builder()
                        .options(TestOptions.builder().projectName(project).stackName(stack).preview(false).build())
                        .mocks(mocks)
                        .standardLogger(PulumiTestInternal.logger(Level.WARNING))
                        .config(config, secretConfigKeys)
                        .monitorDecorator(m -> monitor[0] = new RecordingMonitor(mocks, PulumiTestInternal.mockLog(PulumiTestInternal.logger(Level.WARNING))))
                        .build();
                quietTaskLog(test.runner());
                var result = test.runTest(program);
                var outputs = new LinkedHashMap<String, Object>();
                List<String> errors = new ArrayList<>(result.errors());
                result.exceptions().forEach(e -> errors.add(describe(e)));
                if (errors.isEmpty()) {
                    result.outputs().forEach((name, output) -> outputs.put(name, resolve(output)));
                }
                var resources = new ArrayList<>(monitor[0].recorded());
                resources.sort(Comparator.comparing(RecordedResource::urn));
                return new Result(List.copyOf(resources), outputs, List.copyOf(errors), monitor[0].firstRegistrationMillis());
            } finally {
                PulumiTest.cleanup();
            }
        }
    }

    /**
     * The value of an output created during a finished run (e.g. a component's rendered files): secrets come
     * back wrapped in {@link Secret}, unknowns as {@link Unknown#VALUE}.
     */
    public static Object value(Output<?> output) {
        return resolve(output);
    }

    private static Object resolve(Output<?> output) {
        var data = PulumiTestInternal.extractOutputData(output);
        if (!data.isKnown()) {
            return Unknown.VALUE;
        }
        Object value = data.getValueNullable();
        return data.isSecret() ? new Secret(value) : value;
    }

    /**
     * The SDK's task loop (pulumi 1.36.1 {@code DeploymentImpl.DefaultRunner.checkForTasks}) turns until every
     * registered task is done, and on every turn formats its whole in-flight task map, plus one message per task
     * not yet done, into FINEST log messages that are built whether or not FINEST is logged. With n tasks in
     * flight each turn costs O(n) in {@code String.format}, so plans of a few thousand resources spent most of
     * their time there. Swap in a map that behaves the same for the loop (same entries, same removal, same
     * emptiness check) but whose {@code keySet()} holds only the tasks already done, the only ones a turn acts on,
     * and whose string form is constant-size. If a future SDK renames the field, the run goes on unchanged.
     */
    private static void quietTaskLog(Object runner) {
        try {
            var field = runner.getClass().getDeclaredField("inFlightTasks");
            field.setAccessible(true);
            if (field.get(runner) instanceof java.util.concurrent.ConcurrentHashMap<?, ?> map && map.isEmpty()) {
                field.set(runner, new TaskMap<>());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not the runner this was written for: leave it alone
        }
    }

    /**
     * The runner's in-flight tasks (future to descriptions). {@link #keySet()} is the view of the tasks that have
     * completed (normally or not) and are still in the map; every other operation is the plain map's.
     */
    private static final class TaskMap<K extends java.util.concurrent.CompletableFuture<?>, V>
            extends java.util.concurrent.ConcurrentHashMap<K, V> {
        private final java.util.concurrent.ConcurrentHashMap<K, V> done = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public V compute(K key, java.util.function.BiFunction<? super K, ? super V, ? extends V> remapping) {
            V value = super.compute(key, remapping);
            if (value != null) {
                key.whenComplete((result, error) -> {
                    V current = get(key);
                    if (current != null) {
                        done.put(key, current);
                    }
                });
            }
            return value;
        }

        @Override
        public V remove(Object key) {
            V value = super.remove(key);
            done.remove(key);
            return value;
        }

        @Override
        public KeySetView<K, V> keySet() {
            return done.keySet();
        }

        @Override
        public String toString() {
            return "{" + size() + " tasks, " + done.size() + " done}";
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while ((root instanceof java.util.concurrent.CompletionException || root.getClass().getSimpleName().equals("RunException"))
                && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /**
     * What a mock run produced.
     *
     * @param resources every registered resource (components and custom), sorted by URN
     * @param outputs   stack outputs, secrets wrapped in {@link Secret}
     * @param errors    program errors; when not empty the run failed
     * @param firstRegistrationMillis wall-clock time of the first resource registration after the stack's
     */
    public record Result(List<RecordedResource> resources, Map<String, Object> outputs, List<String> errors,
                         long firstRegistrationMillis) {
        public boolean failed() {
            return !errors.isEmpty();
        }

        public List<RecordedResource> ofType(String type) {
            return resources.stream().filter(r -> r.type().equals(type)).toList();
        }

        /** The single resource of a type; fails when there is not exactly one. */
        public RecordedResource one(String type) {
            var found = ofType(type);
            if (found.size() != 1) {
                throw new AssertionError("expected exactly one " + type + ", found " + found.size());
            }
            return found.get(0);
        }

        public RecordedResource named(String type, String name) {
            return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type + " named " + name + "; have "
                            + ofType(type).stream().map(RecordedResource::name).toList()));
        }

        public RecordedResource byUrn(String urn) {
            return resources.stream().filter(r -> r.urn().equals(urn)).findFirst().orElse(null);
        }
    }
}
