package io.privatevault.components.testing;

import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The SDK's mock monitor, extended to keep each full RegisterResourceRequest: parent, secret markers,
 * unknowns and dependencies, which {@link Mocks} alone never sees.
 */
@SuppressWarnings("InternalUse")
final class RecordingMonitor extends MockMonitor {
    /** Appended from the engine's threads; a copy-on-write list would copy every resource on every registration. */
    private final Queue<RecordedResource> recorded = new ConcurrentLinkedQueue<>();

    RecordingMonitor(Mocks mocks, com.pulumi.Log log) {
        super(mocks, log);
    }

    /** {@link System#currentTimeMillis()} when the program registered its first resource (the stack), or 0. */
    private volatile long firstRegistrationMillis;

    long firstRegistrationMillis() {
        return firstRegistrationMillis;
    }

    /** Every resource recorded so far, in registration order (a snapshot). */
    List<RecordedResource> recorded() {
        return new ArrayList<>(recorded);
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource, RegisterResourceRequest request) {
        if (firstRegistrationMillis == 0 && !request.getType().equals("pulumi:pulumi:Stack")) {
            firstRegistrationMillis = System.currentTimeMillis();
        }
        return super.registerResourceAsync(resource, request).thenApply(r -> markSecretOutputs(request, r)).thenApply(response -> {
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

    /**
     * A read ({@code StackReference} and other resources read by id) is recorded like a registration: the plan shows
     * it, with the stack or id it reads as its input.
     */
    @Override
    public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
        return super.readResourceAsync(resource, request).thenApply(response -> {
            recorded.add(new RecordedResource(response.getUrn(), request.getType(), request.getName(),
                    request.getParent().isEmpty() ? null : request.getParent(), true, StructDecoder.decode(request.getProperties()),
                    java.util.Collections.unmodifiableSet(new TreeSet<>(request.getDependenciesList())), request.getProvider(),
                    request.getVersion()));
            return response;
        });
    }

    /**
     * Does what the real engine does with the {@code additionalSecretOutputs} option (the SDK's mock monitor
     * ignores it): the listed outputs come back as secrets, so tests and the plan see what state would hold.
     */
    private static RegisterResourceResponse markSecretOutputs(RegisterResourceRequest request, RegisterResourceResponse response) {
        if (request.getAdditionalSecretOutputsCount() == 0) {
            return response;
        }
        var object = response.getObject().toBuilder();
        for (String name : request.getAdditionalSecretOutputsList()) {
            Value value = object.getFieldsMap().get(name);
            if (value == null || isSecret(value)) {
                continue;
            }
            object.putFields(name, Value.newBuilder().setStructValue(Struct.newBuilder()
                    .putFields(StructDecoder.SIG_KEY, Value.newBuilder().setStringValue(StructDecoder.SECRET_SIG).build())
                    .putFields("value", value)).build());
        }
        return response.toBuilder().setObject(object).build();
    }

    private static boolean isSecret(Value value) {
        return value.hasStructValue() && StructDecoder.SECRET_SIG.equals(
                value.getStructValue().getFieldsOrDefault(StructDecoder.SIG_KEY, Value.getDefaultInstance()).getStringValue());
    }
}
