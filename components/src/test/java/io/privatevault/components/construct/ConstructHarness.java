package io.privatevault.components.construct;

import com.google.protobuf.Empty;
import com.pulumi.provider.internal.LoopbackProviderServer;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.privatevault.components.ComponentPackage;
import pulumirpc.Provider;
import pulumirpc.ResourceProviderGrpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What {@code pulumi up} does with this package, minus the CLI: the engine ({@link InProcessEngine}) starts, the
 * component provider is started with the engine's address exactly as {@link ComponentPackage#main} starts it
 * ({@link ComponentPackage#service}: the package's provider behind the SDK's gRPC service), and the engine then talks to it over
 * gRPC on loopback: {@code GetPluginInfo}, {@code GetSchema}, {@code Configure}, and one {@code Construct} per
 * component in the program, naming its own resource monitor in each request. Every call has a deadline, so a hang
 * fails the test instead of stalling the build; the deadline is generous because a loaded 2-core machine is slow,
 * and nothing asserts on how fast a call is.
 */
final class ConstructHarness implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofMinutes(3);
    /** How long a call waits at most for messages the SDK sends after answering (they normally follow within milliseconds). */
    static final Duration DIAGNOSTIC_WAIT = Duration.ofSeconds(60);

    final InProcessEngine engine;
    private final LoopbackProviderServer provider;
    private final ManagedChannel channel;
    final pulumirpc.Plugin.PluginInfo pluginInfo;
    final ServedSchema schema;
    final Provider.ConfigureResponse configuration;

    private ConstructHarness(InProcessEngine engine, LoopbackProviderServer provider) {
        this.engine = engine;
        this.provider = provider;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", provider.port()).usePlaintext().build();
        this.pluginInfo = stub().getPluginInfo(Empty.getDefaultInstance()); // the engine's first call to any plugin
        this.schema = new ServedSchema(stub().getSchema(Provider.GetSchemaRequest.newBuilder().build()).getSchema());
        // The engine configures a provider before using it; what it answers decides how inputs are sent.
        this.configuration = stub().configure(Provider.ConfigureRequest.newBuilder()
                .setAcceptSecrets(true).setAcceptResources(true).setSendsOldInputs(true).setSendsOldInputsToDelete(true).build());
    }

    static ConstructHarness start() throws IOException {
        var engine = new InProcessEngine();
        return new ConstructHarness(engine, new LoopbackProviderServer(ComponentPackage.service(engine.address())));
    }

    private ResourceProviderGrpc.ResourceProviderBlockingStub stub() {
        return ResourceProviderGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The result of one {@code Construct}: the provider's response or its gRPC error, and what the engine was sent. */
    record Outcome(String component, String name, boolean dryRun, InProcessEngine.Deployment deployment,
                   Provider.ConstructResponse response, StatusRuntimeException error, Duration took) {
        Map<String, Prop> state() {
            return PropertyValues.decode(response.getState());
        }

        String describe() {
            return component + " '" + name + "' (" + (dryRun ? "preview" : "update") + ")";
        }
    }

    /** Constructs {@code component} as a child of the stack, like a program in another language does with {@code new X(name, inputs)}. */
    Outcome construct(String component, String name, WireInputs.Encoded inputs, boolean dryRun) {
        return construct(component, name, inputs, dryRun, InProcessEngine.STACK_URN);
    }

    /** As {@link #construct(String, String, WireInputs.Encoded, boolean)}, under {@code parent} instead of the stack. */
    Outcome construct(String component, String name, WireInputs.Encoded inputs, boolean dryRun, String parent) {
        InProcessEngine.Deployment deployment;
        try {
            deployment = engine.begin(dryRun, inputs.upstreamUrns());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var request = Provider.ConstructRequest.newBuilder()
                .setProject(InProcessEngine.PROJECT).setStack(InProcessEngine.STACK).setOrganization("organization")
                .putConfig("aws:region", CloudAnswers.REGION)
                .setDryRun(dryRun).setParallel(4)
                .setMonitorEndpoint(deployment.monitorAddress)
                .setType(component).setName(name).setParent(parent)
                .setInputs(inputs.inputs())
                .setAcceptsOutputValues(true);
        inputs.inputDependencies().forEach((property, urns) -> request.putInputDependencies(property,
                Provider.ConstructRequest.PropertyDependencies.newBuilder().addAllUrns(urns).build()));
        long start = System.nanoTime();
        try {
            var response = stub().construct(request.build());
            // The component's outputs can arrive just after the answer; wait so they are recorded with this call.
            deployment.awaitOutputs(response.getUrn(), DIAGNOSTIC_WAIT);
            return new Outcome(component, name, dryRun, deployment, response, null, Duration.ofNanos(System.nanoTime() - start));
        } catch (StatusRuntimeException e) {
            // A rejected input sends the engine nothing besides this answer. A failure inside the component's program
            // also logs its cause to the engine: wait for it, so it is recorded with this call and not the next.
            if (!deployment.registrations.isEmpty()) {
                deployment.awaitError(DIAGNOSTIC_WAIT);
            }
            return new Outcome(component, name, dryRun, deployment, null, e, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    Set<String> components() {
        return schema.components();
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        provider.close();
        engine.close();
    }
}
