package io.privatevault.components.testing;

import com.pulumi.Context;
import com.pulumi.core.Output;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a Pulumi program under the SDK's mock engine ({@code com.pulumi.test}) and returns every registered
 * resource with its inputs and options, plus the stack outputs resolved to values. Used by the offline plan and
 * by the components' tests.
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
            var recorder = new Recorder();
            var engine = SdkInternals.runMockEngine(project, stack, mocks, config, secretConfigKeys, recorder, program);
            var outputs = new LinkedHashMap<String, Object>();
            List<String> errors = new ArrayList<>(engine.errors());
            engine.exceptions().forEach(e -> errors.add(describe(e)));
            if (errors.isEmpty()) {
                engine.outputs().forEach((name, output) -> outputs.put(name, SdkInternals.valueOf(output)));
            }
            var resources = recorder.recorded();
            resources.sort(Comparator.comparing(RecordedResource::urn));
            return new Result(List.copyOf(resources), outputs, List.copyOf(errors), recorder.firstRegistrationMillis());
        }
    }

    /**
     * The value of an output created during a finished run (e.g. a component's rendered files): secrets come
     * back wrapped in {@link Secret}, unknowns as {@link Unknown#VALUE}.
     */
    public static Object value(Output<?> output) {
        return SdkInternals.valueOf(output);
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
