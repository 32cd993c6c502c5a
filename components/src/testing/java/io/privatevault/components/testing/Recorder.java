package io.privatevault.components.testing;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps each full RegisterResourceRequest the program sends (parent, secret markers, unknowns, dependencies and
 * resource options, which {@link com.pulumi.test.Mocks} alone never sees) with the mock engine's id, as a
 * {@link RecordedResource}.
 */
final class Recorder implements SdkInternals.RegistrationHook {
    /** Appended from the engine's threads; a copy-on-write list would copy every resource on every registration. */
    private final Queue<RecordedResource> recorded = new ConcurrentLinkedQueue<>();

    /** {@link System#currentTimeMillis()} when the program registered its first resource after the stack, or 0. */
    private volatile long firstRegistrationMillis;

    long firstRegistrationMillis() {
        return firstRegistrationMillis;
    }

    /** Every resource recorded so far, in registration order (a snapshot). */
    List<RecordedResource> recorded() {
        return new ArrayList<>(recorded);
    }

    @Override
    public RegisterResourceResponse registered(RegisterResourceRequest request, RegisterResourceResponse response) {
        if (firstRegistrationMillis == 0 && !request.getType().equals("pulumi:pulumi:Stack")) {
            firstRegistrationMillis = System.currentTimeMillis();
        }
        response = markSecretOutputs(request, response);
        Set<String> dependencies = new TreeSet<>(request.getDependenciesList());
        Set<String> fromInputs = new TreeSet<>();
        request.getPropertyDependenciesMap().values().forEach(deps -> fromInputs.addAll(deps.getUrnsList()));
        dependencies.addAll(fromInputs);
        Value arn = response.getObject().getFieldsMap().get("arn");
        recorded.add(new RecordedResource(
                response.getUrn(),
                request.getType(),
                request.getName(),
                request.getParent().isEmpty() ? null : request.getParent(),
                request.getCustom(),
                StructDecoder.decode(request.getObject()),
                Collections.unmodifiableSet(dependencies),
                RecordedOptions.of(request, fromInputs),
                // The mock engine answers components with an id too; the real engine gives them none.
                !request.getCustom() || response.getId().isEmpty() ? null : response.getId(),
                request.getCustom() && arn != null && arn.hasStringValue() ? arn.getStringValue() : null));
        return response;
    }

    /**
     * A read ({@code StackReference} and other resources read by id) is recorded like a registration: the plan shows
     * it, with the stack or id it reads as its input.
     */
    @Override
    public void read(ReadResourceRequest request, ReadResourceResponse response) {
        var options = request.getProvider().isEmpty() ? RecordedOptions.NONE
                : new RecordedOptions(false, false, false, List.of(), List.of(), Set.of(), request.getProvider(), java.util.Map.of(),
                        request.getVersion(), "", List.of(), List.of(), java.util.Map.of(), "", "");
        recorded.add(new RecordedResource(response.getUrn(), request.getType(), request.getName(),
                request.getParent().isEmpty() ? null : request.getParent(), true, StructDecoder.decode(request.getProperties()),
                Collections.unmodifiableSet(new TreeSet<>(request.getDependenciesList())), options, request.getId(), null));
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
