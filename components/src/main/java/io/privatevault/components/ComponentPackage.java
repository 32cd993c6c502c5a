package io.privatevault.components;

import com.pulumi.provider.internal.Metadata;
import com.pulumi.provider.internal.Provider;
import com.pulumi.provider.internal.ResourceProviderService;
import io.grpc.ServerBuilder;
import io.privatevault.components.host.HostInterceptor;
import io.privatevault.components.host.PackageProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Entry point of the multi-language component package ({@code PulumiPlugin.yaml}, {@code runtime: java}):
 * serves every component of this package to Pulumi programs in any language. Type tokens are
 * {@code private-vault:index:<ClassName>}.
 *
 * <p>This does what the SDK's {@code ComponentProviderHost} (1.36.1) does, a component provider over this package
 * served by {@link ResourceProviderService} (which prints its port for the engine), with what that host gets wrong
 * for other languages corrected here, in one place ({@code host/}, see its README): the schema and the plugin info
 * carry the library's version (Maven filters {@code <version>} of {@code components/pom.xml} into
 * {@code package.properties}; the host serves {@code 0.0.0} and {@code 1.0.0}), plain inputs are marked plain in the
 * schema, the inputs of {@code Construct} are decoded by the package (maps, secret and nested outputs), and errors
 * name the input and what it allows.
 */
public final class ComponentPackage {
    /** The package name other languages install the components under. */
    public static final String NAME = "private-vault";
    /** The library's version ({@code <version>} of components/pom.xml), as the served schema states it. */
    public static final String VERSION = version();

    private ComponentPackage() {
    }

    public static void main(String[] args) throws Exception {
        service(engineAddress(args)).startAndBlockUntilShutdown();
    }

    /** The component provider this package serves: every component in this Java package, under {@link #NAME} and {@link #VERSION}. */
    public static Provider provider() {
        return new PackageProvider(new Metadata(NAME, VERSION), ComponentPackage.class.getPackage());
    }

    /** The gRPC service the engine talks to: {@link #provider()} behind the SDK's service, its answers corrected by {@link HostInterceptor}. */
    public static ResourceProviderService service(String engineAddress) {
        return new ResourceProviderService(engineAddress, provider()) {
            @Override
            protected ServerBuilder<?> createServerBuilder() {
                return super.createServerBuilder().intercept(new HostInterceptor(VERSION));
            }
        };
    }

    /**
     * The engine's address: the one argument besides the logging and tracing flags the engine puts before it
     * ({@code [--logtostderr] [-v=N] [--tracing <endpoint>] <address>}; {@code --logflow} too), as the SDK's host reads it.
     */
    static String engineAddress(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--tracing")) {
                i++;
            } else if (!arg.equals("--logtostderr") && !arg.equals("--logflow") && !arg.startsWith("-v=")) {
                rest.add(arg);
            }
        }
        if (rest.size() != 1) {
            throw new IllegalArgumentException("expected exactly one engine address argument besides logging flags, got "
                    + rest + " (arguments: " + String.join(" ", args) + ")");
        }
        return rest.get(0);
    }

    private static String version() {
        var properties = new Properties();
        try (InputStream in = ComponentPackage.class.getResourceAsStream("package.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/privatevault/components/package.properties is missing from the classpath; "
                        + "build the package with Maven (it filters the version in from components/pom.xml)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = properties.getProperty("version", "");
        if (!version.matches("\\d+\\.\\d+\\.\\d+([-+.][0-9A-Za-z.-]+)?")) {
            throw new IllegalStateException("package.properties holds version '" + version
                    + "', not a semantic version; Maven resource filtering did not run on it");
        }
        return version;
    }
}
