package io.privatevault.components.construct;

import com.google.protobuf.Empty;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import pulumirpc.EngineGrpc;
import pulumirpc.EngineOuterClass;
import pulumirpc.Resource;
import pulumirpc.ResourceMonitorGrpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Pulumi engine's side of a {@code Construct}, in this JVM: the resource monitor the provider's deployment
 * registers resources with (the address a {@code ConstructRequest} names; one per call), and the engine service it
 * logs to (the address the provider was started with). The SDK's mock engine ({@code com.pulumi.test}) has no monitor that
 * {@code ComponentProvider.construct} can reach, so this one answers over gRPC the way the real engine does:
 * <ul>
 *   <li>URNs from stack, project, the parent's type chain and the name, and "duplicate URN" for a second
 *       registration of one; a parent or dependency the engine has never seen is an error;</li>
 *   <li>custom resources get an id and outputs: the inputs echoed back plus what the provider computes
 *       ({@link CloudAnswers}); during a preview the computed outputs and the id are unknown;</li>
 *   <li>secret inputs come back secret, and so do {@code additionalSecretOutputs} and outputs the provider marks secret;</li>
 *   <li>invokes of the data sources the components call, {@code SupportsFeature}, {@code RegisterResourceOutputs}, {@code Log}.</li>
 * </ul>
 * Everything it is sent is recorded in a {@link Deployment}, one per construct call.
 */
final class InProcessEngine implements AutoCloseable {
    static final String PROJECT = "consumer";
    static final String STACK = "construct";
    static final String STACK_URN = "urn:pulumi:" + STACK + "::" + PROJECT + "::pulumi:pulumi:Stack::" + PROJECT + "-" + STACK;
    /** Features the engine (3.x) reports; the SDK asks before it sends secrets, resource references or output values. */
    private static final Set<String> FEATURES = Set.of("secrets", "resourceReferences", "outputValues", "deletedWith",
            "aliasSpecs", "transforms", "invokeTransforms", "parameterization");

    private final Server engine;
    /** One resource monitor per construct call, so a late message can only ever land in its own call's record. */
    private final List<Server> monitors = new CopyOnWriteArrayList<>();
    private volatile Deployment current;

    InProcessEngine() throws IOException {
        engine = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Engine()).build().start();
    }

    /** The engine service's address, which a plugin gets on its command line. */
    String address() {
        return "127.0.0.1:" + engine.getPort();
    }

    /**
     * Starts recording a new deployment (one construct call, with the resources the calling program already has)
     * behind a resource monitor of its own; its address goes into the {@code ConstructRequest}.
     */
    Deployment begin(boolean dryRun, Set<String> existingUrns) throws IOException {
        var deployment = new Deployment(dryRun, existingUrns);
        Server monitor = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Monitor(deployment)).build().start();
        monitors.add(monitor);
        deployment.monitorAddress = "127.0.0.1:" + monitor.getPort();
        current = deployment;
        return deployment;
    }

    @Override
    public void close() throws InterruptedException {
        for (Server monitor : monitors) {
            monitor.shutdownNow();
        }
        engine.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    /** One registration as the monitor received it, with the URN it answered. */
    record Registration(String urn, String type, String name, String parent, boolean custom,
                        Map<String, Prop> inputs, List<String> dependencies, Map<String, Set<String>> propertyDependencies) {
    }

    record LogEntry(EngineOuterClass.LogSeverity severity, String message, String urn) {
    }

    /** Everything one construct call sent to the engine. */
    static final class Deployment {
        final boolean dryRun;
        String monitorAddress;
        /** URNs the engine knows: the stack, the calling program's resources, and everything registered since. */
        final Set<String> known = ConcurrentHashMap.newKeySet();
        final List<Registration> registrations = new CopyOnWriteArrayList<>();
        final Map<String, Map<String, Prop>> registeredOutputs = new ConcurrentHashMap<>();
        final List<LogEntry> logs = new CopyOnWriteArrayList<>();
        /**
         * Registrations that arrived at an earlier call's monitor while this call ran. SDK 1.36.1 leaves a failed
         * call's deployment on its worker thread and a later Construct can pick it up (reported); the real engine
         * would not notice within one update (one monitor), but the later call's runner then no longer tracks them.
         */
        final List<String> strays = new CopyOnWriteArrayList<>();
        /** Every secret string the engine handed to the program: none may come back in plain text. */
        final Set<String> secretsHandedOut = ConcurrentHashMap.newKeySet();
        private final CompletableFuture<LogEntry> firstError = new CompletableFuture<>();
        private final Map<String, CompletableFuture<Void>> outputsRegistered = new ConcurrentHashMap<>();

        Deployment(boolean dryRun, Set<String> existingUrns) {
            this.dryRun = dryRun;
            known.add(STACK_URN);
            known.addAll(existingUrns);
        }

        boolean registered(String urn) {
            return registrations.stream().anyMatch(r -> r.urn.equals(urn));
        }

        List<LogEntry> errors() {
            return logs.stream().filter(l -> l.severity == EngineOuterClass.LogSeverity.ERROR).toList();
        }

        void log(LogEntry entry) {
            logs.add(entry);
            if (entry.severity() == EngineOuterClass.LogSeverity.ERROR) {
                firstError.complete(entry);
            }
        }

        void outputsRegistered(String urn, Map<String, Prop> outputs) {
            registeredOutputs.put(urn, outputs);
            outputsRegistered.computeIfAbsent(urn, k -> new CompletableFuture<>()).complete(null);
        }

        /**
         * Waits, at most {@code timeout}, for the first error diagnostic: the SDK sends it asynchronously, so it can
         * arrive after the failed call has returned. Returns as soon as it is there.
         */
        void awaitError(Duration timeout) {
            await(firstError, timeout);
        }

        /**
         * Waits, at most {@code timeout}, for {@code urn}'s {@code RegisterResourceOutputs}: the SDK sends it without
         * holding up the Construct answer, which the real engine allows. Returns as soon as it is there.
         */
        void awaitOutputs(String urn, Duration timeout) {
            await(outputsRegistered.computeIfAbsent(urn, k -> new CompletableFuture<>()), timeout);
        }

        private static void await(CompletableFuture<?> event, Duration timeout) {
            try {
                event.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Never came: the caller's assertions say what is missing.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- the resource monitor -------------------------------------------------------------------------------------

    private final class Monitor extends ResourceMonitorGrpc.ResourceMonitorImplBase {
        private final Deployment d;

        Monitor(Deployment deployment) {
            this.d = deployment;
        }

        @Override
        public void supportsFeature(Resource.SupportsFeatureRequest request, StreamObserver<Resource.SupportsFeatureResponse> response) {
            response.onNext(Resource.SupportsFeatureResponse.newBuilder().setHasSupport(FEATURES.contains(request.getId())).build());
            response.onCompleted();
        }

        @Override
        public void registerResource(Resource.RegisterResourceRequest request, StreamObserver<Resource.RegisterResourceResponse> response) {
            try {
                Deployment now = current;
                if (d != now) {
                    // Sent to an earlier call's monitor while this one runs: see Deployment.strays.
                    now.strays.add(request.getType() + " " + request.getName() + " (sent to the monitor of an earlier call)");
                }
                response.onNext(register(d, request));
                response.onCompleted();
            } catch (RuntimeException e) {
                response.onError(e instanceof io.grpc.StatusRuntimeException ? e
                        : Status.UNKNOWN.withDescription(request.getType() + " " + request.getName() + ": " + e.getMessage()).withCause(e).asRuntimeException());
            }
        }

        @Override
        public void registerResourceOutputs(Resource.RegisterResourceOutputsRequest request, StreamObserver<Empty> response) {
            if (!d.registered(request.getUrn())) {
                response.onError(Status.NOT_FOUND.withDescription("RegisterResourceOutputs for unregistered resource " + request.getUrn()).asRuntimeException());
                return;
            }
            d.outputsRegistered(request.getUrn(), PropertyValues.decode(request.getOutputs()));
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void invoke(Resource.ResourceInvokeRequest request, StreamObserver<Resource.ResourceInvokeResponse> response) {
            var args = new HashMap<String, Object>();
            PropertyValues.decode(request.getArgs()).forEach((k, v) -> args.put(k, v.toJava()));
            Map<String, Object> answer = CloudAnswers.invoke(request.getTok(), args);
            if (answer == null) {
                response.onError(Status.UNIMPLEMENTED.withDescription("the test engine has no answer for invoke " + request.getTok()
                        + "; add one to CloudAnswers.invoke").asRuntimeException());
                return;
            }
            var result = Struct.newBuilder();
            answer.forEach((k, v) -> result.putFields(k, PropertyValues.plain(v)));
            response.onNext(Resource.ResourceInvokeResponse.newBuilder().setReturn(result).build());
            response.onCompleted();
        }
    }

    private final class Engine extends EngineGrpc.EngineImplBase {
        @Override
        public void log(EngineOuterClass.LogRequest request, StreamObserver<Empty> response) {
            Deployment d = current;
            if (d != null) {
                d.log(new LogEntry(request.getSeverity(), request.getMessage(), request.getUrn()));
            }
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void getRootResource(EngineOuterClass.GetRootResourceRequest request, StreamObserver<EngineOuterClass.GetRootResourceResponse> response) {
            response.onNext(EngineOuterClass.GetRootResourceResponse.newBuilder().setUrn(STACK_URN).build());
            response.onCompleted();
        }

        @Override
        public void setRootResource(EngineOuterClass.SetRootResourceRequest request, StreamObserver<EngineOuterClass.SetRootResourceResponse> response) {
            response.onNext(EngineOuterClass.SetRootResourceResponse.getDefaultInstance());
            response.onCompleted();
        }
    }

    // ---- RegisterResource ----------------------------------------------------------------------------------------

    private static Resource.RegisterResourceResponse register(Deployment d, Resource.RegisterResourceRequest request) {
        String parent = request.getParent();
        if (!parent.isEmpty() && !d.known.contains(parent)) {
            throw Status.FAILED_PRECONDITION.withDescription("parent " + parent + " of " + request.getName() + " is not a registered resource").asRuntimeException();
        }
        for (String dependency : request.getDependenciesList()) {
            if (!d.known.contains(dependency)) {
                throw Status.FAILED_PRECONDITION.withDescription(request.getName() + " depends on unknown resource " + dependency).asRuntimeException();
            }
        }
        String provider = request.getProvider();
        if (!provider.isEmpty() && !d.known.contains(provider.substring(0, Math.max(0, provider.lastIndexOf("::"))))) {
            throw Status.FAILED_PRECONDITION.withDescription(request.getName() + " names provider " + request.getProvider()
                    + ", which is not a registered provider").asRuntimeException();
        }
        if (request.getRemote()) {
            throw Status.UNIMPLEMENTED.withDescription(request.getType() + " " + request.getName()
                    + " is a remote component: this engine does not run other packages' Construct").asRuntimeException();
        }
        String urn = urn(parent.isEmpty() ? STACK_URN : parent, request.getType(), request.getName());
        if (!d.known.add(urn)) {
            throw Status.ALREADY_EXISTS.withDescription("Duplicate resource URN '" + urn + "'; try giving it a unique name").asRuntimeException();
        }
        Map<String, Prop> inputs = PropertyValues.decode(request.getObject());
        var propertyDependencies = new LinkedHashMap<String, Set<String>>();
        request.getPropertyDependenciesMap().forEach((k, v) -> propertyDependencies.put(k, new TreeSet<>(v.getUrnsList())));

        var response = Resource.RegisterResourceResponse.newBuilder().setUrn(urn);
        if (request.getCustom()) {
            String id;
            Struct outputs;
            if (request.getType().startsWith("pulumi:providers:")) {
                // A provider's state is its configuration; a new provider's id is unknown until it is created.
                id = d.dryRun ? PropertyValues.UNKNOWN : new CloudAnswers.Ids(urn).uuid();
                outputs = request.getObject();
            } else {
                outputs = customOutputs(d, request, urn, inputs);
                id = d.dryRun ? "" : PropertyValues.decode(outputs.getFieldsOrThrow("id")).string();
                outputs = outputs.toBuilder().removeFields("id").build();
            }
            response.setId(id).setObject(outputs);
        }
        d.registrations.add(new Registration(urn, request.getType(), request.getName(), parent, request.getCustom(),
                inputs, List.copyOf(request.getDependenciesList()), propertyDependencies));
        return response.build();
    }

    /**
     * A custom resource's outputs: its inputs as sent (secret ones stay secret, unknown ones stay unknown) plus
     * the provider's computed outputs, unknown during a preview; then the outputs the program or the provider
     * marks secret are wrapped as secrets.
     */
    private static Struct customOutputs(Deployment d, Resource.RegisterResourceRequest request, String urn, Map<String, Prop> inputs) {
        var fields = new LinkedHashMap<>(request.getObject().getFieldsMap());
        var known = new HashMap<String, Object>();
        inputs.forEach((k, v) -> {
            if (v.containsUnknown() && !d.dryRun) {
                throw Status.INVALID_ARGUMENT.withDescription(request.getName() + "." + k + " is unknown outside a preview").asRuntimeException();
            }
            known.put(k, v.toJava());
        });
        Map<String, Object> computed = d.dryRun ? CloudAnswers.preview(request.getType(), request.getName(), urn, known)
                : CloudAnswers.create(request.getType(), request.getName(), urn, known);
        computed.forEach((k, v) -> {
            // An input the provider echoes keeps its value; during a preview what it computes is unknown.
            if (!(d.dryRun && fields.containsKey(k))) {
                fields.put(k, PropertyValues.UNKNOWN.equals(v) ? PropertyValues.unknown() : PropertyValues.plain(v));
            }
        });
        // Secret outputs: what was a secret input stays secret, and so do the program's additionalSecretOutputs and
        // what the provider marks secret. A secret the provider made (not an echo of an input) is a secret the engine
        // handed out: it must never come back in plain text.
        var secret = new TreeSet<>(request.getAdditionalSecretOutputsList());
        secret.addAll(CloudAnswers.secretOutputs(request.getType()));
        inputs.forEach((k, v) -> {
            if (v.containsSecret()) {
                secret.add(k);
            }
        });
        for (String key : secret) {
            Value value = fields.get(key);
            if (value == null) {
                continue;
            }
            Prop decoded = PropertyValues.decode(value);
            if (!decoded.secret()) {
                fields.put(key, PropertyValues.secret(value));
            }
            if (!inputs.containsKey(key)) {
                decoded.visitStrings((str, isSecret) -> d.secretsHandedOut.add(str));
            }
        }
        return PropertyValues.struct(fields);
    }

    /**
     * {@code urn:pulumi:<stack>::<project>::<qualified type>::<name>}, the qualified type being the parent's
     * qualified type, {@code $}, the type (pulumi/pulumi {@code resource.NewURN}); a child of the stack has no prefix.
     */
    static String urn(String parentUrn, String type, String name) {
        String[] parts = parentUrn.split("::", 4);
        String parentType = parts[2];
        String qualified = parentType.endsWith("pulumi:pulumi:Stack") ? type : parentType + "$" + type;
        return "urn:pulumi:" + STACK + "::" + PROJECT + "::" + qualified + "::" + name;
    }
}
