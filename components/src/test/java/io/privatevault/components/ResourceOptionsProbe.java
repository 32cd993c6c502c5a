package io.privatevault.components;

import com.pulumi.Context;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import io.privatevault.components.testing.MockRun;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resource options a program sends the engine with each registration (protect, retainOnDelete), which the
 * recorded resources of {@link MockRun} do not carry: the same SDK mock engine, with a monitor that keeps them.
 */
final class ResourceOptionsProbe {
    /** What one registration asked for. */
    record Options(String type, boolean protect, boolean retainOnDelete) {
    }

    private ResourceOptionsProbe() {
    }

    /** Runs {@code program} and returns the options of every registered resource, by logical name. */
    static Map<String, Options> run(Mocks mocks, Consumer<Context> program) {
        var seen = new ConcurrentHashMap<String, Options>();
        // The mock engine is a process-wide singleton; MockRun serialises its runs on this lock.
        synchronized (MockRun.class) {
            try {
                var log = PulumiTestInternal.mockLog(PulumiTestInternal.logger(Level.WARNING));
                var test = PulumiTestInternal.builder()
                        .options(TestOptions.builder().projectName("test").stackName("dev").preview(false).build())
                        .mocks(mocks)
                        .standardLogger(PulumiTestInternal.logger(Level.WARNING))
                        .monitorDecorator(m -> new MockMonitor(mocks, log) {
                            @Override
                            public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                                                     RegisterResourceRequest request) {
                                if (request.getCustom()) {
                                    seen.put(request.getName(), new Options(request.getType(), request.getProtect(), request.getRetainOnDelete()));
                                }
                                return super.registerResourceAsync(resource, request);
                            }
                        })
                        .build();
                var result = test.runTest(program);
                assertTrue(result.errors().isEmpty() && result.exceptions().isEmpty(), result.errors() + " " + result.exceptions());
            } finally {
                PulumiTest.cleanup();
            }
        }
        return new TreeMap<>(seen);
    }
}
