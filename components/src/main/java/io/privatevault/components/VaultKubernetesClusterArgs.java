package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.Problems;

/**
 * An application cluster whose workloads log in to Vault. The baseline creates, with pulumi-kubernetes, a
 * namespace, a token-reviewer service account bound to {@code system:auth-delegator} and its token secret, and
 * mounts a Kubernetes auth backend {@code kubernetes-<name>} that validates pod tokens with it.
 */
public final class VaultKubernetesClusterArgs extends ResourceArgs {
    /** Required. Cluster name (a safe name); the auth mount is {@code kubernetes-<name>}. */
    @Import(name = "name", required = true)
    private String name;

    /** Required, secret. Kubeconfig that may create the namespace, service account and cluster role binding. */
    @Import(name = "kubeconfig", required = true)
    private Output<String> kubeconfig;

    /** Required. The API server URL Vault calls for TokenReview, e.g. {@code https://ABC.gr7.eu-west-1.eks.amazonaws.com}. */
    @Import(name = "apiHost", required = true)
    private String apiHost;

    /** Required. PEM of the cluster CA, so Vault verifies the API server. */
    @Import(name = "caCertPem", required = true)
    private Output<String> caCertPem;

    /** Namespace of the token-reviewer account. Default {@code vault-auth}. */
    @Import(name = "reviewerNamespace")
    private String reviewerNamespace;

    private VaultKubernetesClusterArgs() {
    }

    public String name() {
        return name;
    }

    public Output<String> kubeconfig() {
        return kubeconfig;
    }

    public String apiHost() {
        return apiHost;
    }

    public Output<String> caCertPem() {
        return caCertPem;
    }

    public String reviewerNamespace() {
        return reviewerNamespace == null ? "vault-auth" : reviewerNamespace;
    }

    /** The auth mount path, e.g. {@code kubernetes-apps}. */
    public String mountPath() {
        return "kubernetes-" + name;
    }

    void validate(Problems p) {
        p.safeName("name", name);
        p.require(kubeconfig != null, "kubeconfig", null, "set (a secret kubeconfig)");
        p.require(apiHost != null && apiHost.matches("https://[A-Za-z0-9.-]+(:\\d{1,5})?/?"), "apiHost", apiHost,
                "an https:// URL of the API server, without a path (https://host[:port])");
        p.require(caCertPem != null, "caCertPem", null, "set (the cluster CA PEM)");
        p.dnsLabel("reviewerNamespace", reviewerNamespace());
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final VaultKubernetesClusterArgs args = new VaultKubernetesClusterArgs();

        public Builder name(String value) {
            args.name = value;
            return this;
        }

        public Builder kubeconfig(Output<String> value) {
            args.kubeconfig = value;
            return this;
        }

        public Builder apiHost(String value) {
            args.apiHost = value;
            return this;
        }

        public Builder caCertPem(Output<String> value) {
            args.caCertPem = value;
            return this;
        }

        public Builder reviewerNamespace(String value) {
            args.reviewerNamespace = value;
            return this;
        }

        public VaultKubernetesClusterArgs build() {
            var problems = Problems.of("VaultKubernetesClusterArgs");
            args.validate(problems);
            problems.orThrow();
            return args;
        }
    }
}
