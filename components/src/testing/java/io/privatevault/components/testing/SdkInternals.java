package io.privatevault.components.testing;

import com.pulumi.Context;
import com.pulumi.Log;
import com.pulumi.core.Output;
import com.pulumi.core.internal.OutputData;
import com.pulumi.core.internal.OutputInternal;
import com.pulumi.deployment.internal.DeploymentImpl;
import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.MockEngine;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.MockRunner;
import com.pulumi.test.internal.PulumiTestInternal;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * The only class of the program that uses the Pulumi Java SDK's internal API ({@code com.pulumi.*.internal}, which
 * carries no compatibility promise): the mock engine's builder and monitor, reading a finished output's value, an
 * unknown secret output, and the task-loop adjustment below. Everything else talks to this class, so an SDK upgrade
 * that moves these APIs breaks one file, and {@code SdkInternalsUseTest} keeps it the only one.
 *
 * <p>The SDK's public {@code com.pulumi.test.PulumiTest} cannot record the full registration request (parent,
 * secret markers, unknowns, resource options), which is why the plan needs the internal builder at all.
 */
public final class SdkInternals {
    private SdkInternals() {
    }

    /**
     * What the plan learns about a registration: the request the program sent and the mock engine's response
     * (URN, id, outputs); returns the response the program gets back.
     */
    @FunctionalInterface
    public interface RegistrationHook {
        RegisterResourceResponse registered(RegisterResourceRequest request, RegisterResourceResponse response);

        /** A resource the program reads instead of registering ({@code StackReference}, {@code Resource.get}). */
        default void read(ReadResourceRequest request, ReadResourceResponse response) {
        }
    }

    /** What the mock engine returned for a program: errors and exceptions, and the stack outputs. */
    public record EngineResult(java.util.List<String> errors, java.util.List<Exception> exceptions, Map<String, Output<?>> outputs) {
    }

    /**
     * Runs {@code program} under the SDK's mock engine for {@code project}/{@code stack} (not a preview) with
     * {@code mocks} computing provider outputs, engine config (full keys, secret keys marked), and every
     * registration passed through {@code hook}. The engine is a process-wide singleton: callers serialise runs.
     */
    public static EngineResult runMockEngine(String project, String stack, Mocks mocks, Map<String, String> config,
                                             Set<String> secretConfigKeys, RegistrationHook hook, Consumer<Context> program) {
        try {
            var logger = PulumiTestInternal.logger(Level.WARNING);
            var monitorLog = new Log(new WithoutDebug(new DeploymentImpl.DefaultEngineLogger(logger, MockRunner::new, MockEngine::new)));
            var test = PulumiTestInternal.builder()
                    .options(TestOptions.builder().projectName(project).stackName(stack).preview(false).build())
                    .mocks(mocks)
                    .standardLogger(logger)
                    .config(config, secretConfigKeys)
                    .monitorDecorator(m -> new HookedMonitor(mocks, monitorLog, hook))
                    .deploymentFactory(state -> {
                        state.logger = new WithoutDebug(state.logger);
                        return new DeploymentImpl(state);
                    })
                    .build();
            quietTaskLoop(test.runner());
            TestResult result = test.runTest(program);
            return new EngineResult(result.errors(), result.exceptions(), result.outputs());
        } finally {
            PulumiTest.cleanup();
        }
    }

    /** A finished output's value: {@link Unknown#VALUE} when unknown, wrapped in {@link Secret} when secret. */
    public static Object valueOf(Output<?> output) {
        OutputData<?> data = PulumiTestInternal.extractOutputData(output);
        if (!data.isKnown()) {
            return Unknown.VALUE;
        }
        Object value = data.getValueNullable();
        return data.isSecret() ? new Secret(value) : value;
    }

    /**
     * A secret output whose value is not known, which is what a preview shows for a secret computed later. The
     * offline plan uses it for {@code secure:} stack settings, which it cannot decrypt.
     */
    public static <T> Output<T> unknownSecret() {
        return new OutputInternal<>(OutputData.unknownSecret());
    }

    /**
     * The engine logger with debug messages dropped. The SDK sends a debug message to the engine for nearly every
     * step of every registration (the whole request and response as protobuf text among them), each one an
     * asynchronous task of its own (a log request to the mock engine, and a task description that repeats the
     * message): work for messages nobody reads in a mock run, where the plan logs at WARNING. Everything else,
     * errors and their count included, goes to the SDK's logger unchanged.
     */
    private static final class WithoutDebug implements EngineLogger {
        private final EngineLogger delegate;

        WithoutDebug(EngineLogger delegate) {
            this.delegate = delegate;
        }

        @Override
        public int getErrorCount() {
            return delegate.getErrorCount();
        }

        @Override
        public boolean hasLoggedErrors() {
            return delegate.hasLoggedErrors();
        }

        @Override
        public CompletableFuture<Void> logAsync(Level level, String message, Resource resource, Integer streamId, Boolean ephemeral) {
            return level.intValue() < Level.INFO.intValue() ? CompletableFuture.completedFuture(null)
                    : delegate.logAsync(level, message, resource, streamId, ephemeral);
        }

        @Override
        public CompletableFuture<Void> debugAsync(String message, Resource resource, Integer streamId, Boolean ephemeral) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> debugAsync(String message, Resource resource) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> debugAsync(String message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> infoAsync(String message, Resource resource, Integer streamId, Boolean ephemeral) {
            return delegate.infoAsync(message, resource, streamId, ephemeral);
        }

        @Override
        public CompletableFuture<Void> infoAsync(String message, Resource resource) {
            return delegate.infoAsync(message, resource);
        }

        @Override
        public CompletableFuture<Void> infoAsync(String message) {
            return delegate.infoAsync(message);
        }

        @Override
        public CompletableFuture<Void> warnAsync(String message, Resource resource, Integer streamId, Boolean ephemeral) {
            return delegate.warnAsync(message, resource, streamId, ephemeral);
        }

        @Override
        public CompletableFuture<Void> warnAsync(String message, Resource resource) {
            return delegate.warnAsync(message, resource);
        }

        @Override
        public CompletableFuture<Void> warnAsync(String message) {
            return delegate.warnAsync(message);
        }

        @Override
        public CompletableFuture<Void> errorAsync(String message, Resource resource, Integer streamId, Boolean ephemeral) {
            return delegate.errorAsync(message, resource, streamId, ephemeral);
        }

        @Override
        public CompletableFuture<Void> errorAsync(String message, Resource resource) {
            return delegate.errorAsync(message, resource);
        }

        @Override
        public CompletableFuture<Void> errorAsync(String message) {
            return delegate.errorAsync(message);
        }
    }

    /** The SDK's mock monitor with every registration passed through a {@link RegistrationHook}. */
    private static final class HookedMonitor extends MockMonitor {
        private final RegistrationHook hook;

        HookedMonitor(Mocks mocks, com.pulumi.Log log, RegistrationHook hook) {
            super(mocks, log);
            this.hook = hook;
        }

        @Override
        public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource, RegisterResourceRequest request) {
            return super.registerResourceAsync(resource, request).thenApply(response -> hook.registered(request, response));
        }

        @Override
        public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
            return super.readResourceAsync(resource, request).thenApply(response -> {
                hook.read(request, response);
                return response;
            });
        }
    }

    /**
     * The SDK's task loop (pulumi 1.36.1 {@code DeploymentImpl.DefaultRunner}) keeps the program alive until every
     * task it registered is done: {@code loopUntilDone} checks the in-flight map and, while tasks remain,
     * resubmits itself with {@code CompletableFuture.runAsync} at once. Two costs follow on this project's machines:
     * <ul>
     *   <li>each turn formats the whole in-flight map, plus a message per unfinished task, into FINEST log text
     *   that is built whether or not FINEST is logged: O(n) per turn with n tasks in flight;</li>
     *   <li>with fewer than three CPUs the common pool has parallelism 1, and {@code CompletableFuture} then runs
     *   every async task on a new thread (its documented fallback), so the busy loop starts thousands of threads
     *   (3,500 for {@code plan --stack prod}, two seconds of system time).</li>
     * </ul>
     * The map is swapped for one that behaves the same for the loop (same entries, removal and emptiness) but whose
     * {@code keySet()} holds only finished tasks (the only ones a turn acts on), whose string form is constant, and
     * which makes a turn that would find nothing finished wait until some task finishes (at most a few
     * milliseconds), so the loop turns once per completion instead of spinning. If a future SDK renames the field,
     * the run goes on unchanged, only slower.
     */
    private static void quietTaskLoop(Object runner) {
        try {
            var field = runner.getClass().getDeclaredField("inFlightTasks");
            field.setAccessible(true);
            if (field.get(runner) instanceof ConcurrentHashMap<?, ?> map && map.isEmpty()) {
                field.set(runner, new TaskMap<>());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not the runner this was written for: leave it alone
        }
    }

    /**
     * The runner's in-flight tasks (future to descriptions). {@link #keySet()} is the view of the tasks that have
     * completed (normally or not) and are still in the map, waiting briefly for one when there is none; every
     * other operation is the plain map's.
     */
    private static final class TaskMap<K extends CompletableFuture<?>, V> extends ConcurrentHashMap<K, V> {
        /** Longest wait of one loop turn: bounds the delay should a completion signal ever be missed. */
        private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

        private final ConcurrentHashMap<K, V> done = new ConcurrentHashMap<>();
        private final Object signal = new Object();

        @Override
        public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
            V value = super.compute(key, remapping);
            if (value != null) {
                key.whenComplete((result, error) -> {
                    V current = get(key);
                    if (current != null) {
                        done.put(key, current);
                    }
                    synchronized (signal) {
                        signal.notifyAll();
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
            if (done.isEmpty() && !isEmpty()) {
                awaitCompletion();
            }
            return done.keySet();
        }

        private void awaitCompletion() {
            try {
                ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                    private final long deadline = System.nanoTime() + MAX_WAIT_NANOS;

                    @Override
                    public boolean block() throws InterruptedException {
                        synchronized (signal) {
                            long left = deadline - System.nanoTime();
                            if (!isReleasable() && left > 0) {
                                TimeUnit.NANOSECONDS.timedWait(signal, left);
                            }
                        }
                        return true;
                    }

                    @Override
                    public boolean isReleasable() {
                        return !done.isEmpty() || TaskMap.this.isEmpty() || System.nanoTime() >= deadline;
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return "{" + size() + " tasks, " + done.size() + " done}";
        }
    }
}
