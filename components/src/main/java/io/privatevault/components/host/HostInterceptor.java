package io.privatevault.components.host;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import pulumirpc.Plugin;
import pulumirpc.ResourceProviderGrpc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * Two answers of the SDK's gRPC service ({@code ResourceProviderService}, 1.36.1) corrected on their way out, for
 * every call the engine makes:
 * <ul>
 *   <li>{@code GetPluginInfo} carries the package's version (the SDK hard-codes {@code 1.0.0}; the engine shows and
 *       records the plugin's version).</li>
 *   <li>A failed {@code Construct} is described by what failed. When an exception escapes the component's program
 *       (an asynchronous step after the inputs were accepted, e.g. the engine refusing a registration), the SDK's
 *       runner records it twice (the {@code CompletionException} and its cause) and answers only
 *       {@code Multiple exceptions occurred}, with the exceptions attached to the status but not in its text;
 *       here the text becomes their distinct messages. (Inputs are checked before that, see {@link PackageProvider}.)</li>
 * </ul>
 */
public final class HostInterceptor implements ServerInterceptor {
    private static final String PLUGIN_INFO = ResourceProviderGrpc.getGetPluginInfoMethod().getFullMethodName();
    private static final String CONSTRUCT = ResourceProviderGrpc.getConstructMethod().getFullMethodName();

    private final String version;

    public HostInterceptor(String version) {
        this.version = version;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (method.equals(PLUGIN_INFO)) {
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                @SuppressWarnings("unchecked")
                public void sendMessage(R message) {
                    super.sendMessage(message instanceof Plugin.PluginInfo info ? (R) info.toBuilder().setVersion(version).build() : message);
                }
            }, headers);
        }
        if (method.equals(CONSTRUCT)) {
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    super.close(status.isOk() || status.getCause() == null ? status : status.withDescription(describe(status.getCause())), trailers);
                }
            }, headers);
        }
        return next.startCall(call, headers);
    }

    /** The distinct messages of a failure and of the exceptions recorded with it, outermost wrappers removed. */
    static String describe(Throwable failure) {
        List<Throwable> all = new ArrayList<>();
        all.add(failure);
        for (Throwable suppressed : failure.getSuppressed()) {
            all.add(suppressed);
        }
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable t : all) {
            Throwable root = t;
            while ((root instanceof CompletionException || root.getMessage() == null) && root.getCause() != null) {
                root = root.getCause();
            }
            if (all.size() > 1 && root == failure) {
                continue; // the runner's "Multiple exceptions occurred" itself
            }
            messages.add(root.getMessage() == null ? root.toString() : root.getMessage());
        }
        return messages.isEmpty() ? String.valueOf(failure.getMessage()) : String.join("\n", messages);
    }
}
