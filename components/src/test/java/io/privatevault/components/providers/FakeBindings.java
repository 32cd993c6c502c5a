package io.privatevault.components.providers;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.core.annotations.ResourceType;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

import java.util.List;
import java.util.Map;

/** Deliberately wrong bindings that {@link BindingConformanceTest} feeds the checker; never registered. */
final class FakeBindings {
    private FakeBindings() {
    }

    @ResourceType(type = "tls:index/privateKey:PrivateKey")
    static class BadPrivateKey extends CustomResource {
        @Export(name = "privateKeyPEM", refs = {String.class}, tree = "[0]")
        private Output<String> privateKeyPEM;
        @Export(name = "rsaBits", refs = {String.class}, tree = "[0]")
        private Output<String> rsaBits;
        @Export(name = "publicKeyPem", refs = {List.class, String.class}, tree = "[0,1]")
        private Output<String> publicKeyPem;

        public BadPrivateKey(String name, BadPrivateKeyArgs args, CustomResourceOptions options) {
            super("tls:index/privateKey:PrivateKey", name, args, options);
        }

        private static CustomResourceOptions makeResourceOptions(CustomResourceOptions options, Output<String> id) {
            return CustomResourceOptions.builder().version("5.4.0").additionalSecretOutputs(List.of("privateKeyOpenssh")).build();
        }
    }

    static final class BadPrivateKeyArgs extends ResourceArgs {
        @Import(name = "curve")
        private Output<String> curve;
        @Import(name = "rsaBits")
        private Output<Integer> rsaBits;
    }

    @ResourceType(type = "tls:index/certRequest:CertRequest")
    static class BadCertRequest extends CustomResource {
        public BadCertRequest(String name, BadCertRequestArgs args, CustomResourceOptions options) {
            super("tls:index/certRequest:CertRequest", name, args, options);
        }

        private static CustomResourceOptions makeResourceOptions(CustomResourceOptions options, Output<String> id) {
            return CustomResourceOptions.builder().version("5.5.1").additionalSecretOutputs(List.of("privateKeyPem")).build();
        }
    }

    /** Stores the private key as given: plain text in the state. */
    public static final class BadCertRequestArgs extends ResourceArgs {
        @Import(name = "privateKeyPem", required = true)
        private Output<String> privateKeyPem;
        @Import(name = "subject")
        private Output<Map<String, String>> subject;

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private final BadCertRequestArgs $ = new BadCertRequestArgs();

            public Builder privateKeyPem(Output<String> value) {
                $.privateKeyPem = value;
                return this;
            }

            public BadCertRequestArgs build() {
                return $;
            }
        }
    }

    @ResourceType(type = "tls:index/privateKey:PrivateKeyV2")
    static class UnknownToken extends CustomResource {
        public UnknownToken(String name, BadPrivateKeyArgs args, CustomResourceOptions options) {
            super("tls:index/privateKey:PrivateKeyV2", name, args, options);
        }
    }
}
