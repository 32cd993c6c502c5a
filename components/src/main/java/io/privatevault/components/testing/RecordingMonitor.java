package io.privatevault.components.testing;

import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SDK's mock monitor, extended to keep each full RegisterResourceRequest: parent, secret markers,
 * unknowns and dependencies, which {@link Mocks} alone never sees.
 */
@SuppressWarnings("InternalUse")
final class RecordingMonitor extends MockMonitor {
    private final List<RecordedResource> recorded = new CopyOnWriteArrayList<>();

    RecordingMonitor(Mocks mocks, com.pulumi.Log log) {
        super(mocks, log);
    }

    List<RecordedResource> recorded() {
        return recorded;
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource, RegisterResourceRequest request) {
        return super.registerResourceAsync(resource, request).thenApply(response -> {
            Set<String> dependencies = new TreeSet<>(request.getDependenciesList());
            request.getPropertyDependenciesMap().values().forEach(deps -> dependencies.addAll(deps.getUrnsList()));
            recorded.add(new RecordedResource(
                    response.getUrn(),
                    request.getType(),
                    request.getName(),
                    request.getParent().isEmpty() ? null : request.getParent(),
                    request.getCustom(),
                    StructDecoder.decode(request.getObject()),
                    java.util.Collections.unmodifiableSet(dependencies),
                    request.getProvider(),
                    request.getVersion()));
            return response;
        });
    }
}
