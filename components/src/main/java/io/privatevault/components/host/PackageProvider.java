package io.privatevault.components.host;

import com.pulumi.core.internal.Internal;
import com.pulumi.provider.internal.ComponentProvider;
import com.pulumi.provider.internal.Metadata;
import com.pulumi.provider.internal.Provider;
import com.pulumi.provider.internal.models.ConfigureRequest;
import com.pulumi.provider.internal.models.ConfigureResponse;
import com.pulumi.provider.internal.models.ConstructRequest;
import com.pulumi.provider.internal.models.ConstructResponse;
import com.pulumi.provider.internal.models.GetSchemaRequest;
import com.pulumi.provider.internal.models.GetSchemaResponse;
import com.pulumi.provider.internal.properties.PropertyValueSerializer;
import com.pulumi.resources.ComponentResource;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The component provider this package serves: the SDK's {@link ComponentProvider} (1.36.1) for configuration and
 * the inferred schema, with these corrections.
 * <ul>
 *   <li>{@code GetSchema}: inputs that are plain in the Args are marked plain ({@link PlainInputs}); outputs are
 *       required unless {@link MayBeAbsent} ({@link RequiredOutputs}).</li>
 *   <li>{@code Construct}: the inputs are decoded into the component's Args by {@link ArgsDecoder} instead of the
 *       SDK's deserializer (which rejects non-empty maps and secret or nested outputs, and names no property), and a
 *       bad input fails the call with the message that names it, before anything is registered. The rest is what
 *       the SDK's {@code construct} does: the one constructor is called, and the state is the component's
 *       {@code @Export} fields serialised by the SDK.</li>
 * </ul>
 * A failure is returned as a failed future, not thrown: the SDK's runner then reports exactly this exception
 * (thrown, it would record the exception twice and answer "Multiple exceptions occurred").
 */
public final class PackageProvider implements Provider {
    private final Metadata metadata;
    private final String javaPackage;
    private final ComponentProvider sdk;

    public PackageProvider(Metadata metadata, Package javaPackage) {
        this.metadata = metadata;
        this.javaPackage = javaPackage.getName();
        this.sdk = new ComponentProvider(metadata, javaPackage);
    }

    @Override
    public CompletableFuture<ConfigureResponse> configure(ConfigureRequest request) {
        return sdk.configure(request);
    }

    @Override
    public CompletableFuture<GetSchemaResponse> getSchema(GetSchemaRequest request) {
        return sdk.getSchema(request).thenApply(response -> new GetSchemaResponse(
                RequiredOutputs.mark(PlainInputs.correct(response.getSchema(), javaPackage), javaPackage)));
    }

    @Override
    public CompletableFuture<ConstructResponse> construct(ConstructRequest request) {
        try {
            String token = request.getType();
            if (!token.startsWith(metadata.getName() + ":")) {
                throw new IllegalArgumentException("this provider serves " + metadata.getName() + ":index:<Name> components, got " + token);
            }
            var constructor = Components.constructor(Components.componentClass(javaPackage, token));
            Object args = ArgsDecoder.decode(constructor.getParameterTypes()[1], request.getInputs());
            var component = (ComponentResource) constructor.newInstance(request.getName(), args, request.getOptions());
            var state = PropertyValueSerializer.stateFromComponentResource(component);
            return Internal.of(component.urn()).getValueNullable().thenApply(urn -> new ConstructResponse(urn, state, Map.of()));
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (RuntimeException | ReflectiveOperationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
