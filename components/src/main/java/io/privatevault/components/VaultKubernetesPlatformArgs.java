package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.cluster.k8s.Chart;
import io.privatevault.components.support.Cidr;
import io.privatevault.components.support.Problems;

import java.util.List;
import java.util.Map;

/**
 * Where and how {@link VaultRaftCluster} runs when {@code platform} is {@code kubernetes}: an existing EKS
 * cluster (the "tooling" cluster), reached with a kubeconfig, whose IAM OIDC provider backs IRSA. Vault is
 * installed from HashiCorp's Helm chart; see cluster/k8s/README.md for the prerequisites.
 */
public final class VaultKubernetesPlatformArgs extends ResourceArgs {
    /** Required, secret. Kubeconfig with rights to create the namespace, RBAC, the Helm release and the TargetGroupBinding. */
    @Import(name = "kubeconfig", required = true)
    private Output<String> kubeconfig;

    /** Required. The cluster's IAM OIDC provider, {@code arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>}. */
    @Import(name = "oidcProviderArn", required = true)
    private String oidcProviderArn;

    /** Required. The cluster's OIDC issuer, {@code https://oidc.eks.<region>.amazonaws.com/id/<id>}; the trust policy conditions on it. */
    @Import(name = "oidcIssuerUrl", required = true)
    private String oidcIssuerUrl;

    /**
     * Required. CIDRs of the NLB's subnets: its health checks come from its addresses there, and so does the Client VPN's
     * traffic when the VPN is associated there (Client VPN translates its clients to its interfaces' addresses). The
     * NetworkPolicy admits them to 8200, so they must hold no pod: dedicated subnets (PrivateVaultNetwork's
     * {@code edgeSubnetCidrs}), never the cluster's own.
     */
    @Import(name = "nlbSubnetCidrs", required = true)
    private Output<List<String>> nlbSubnetCidrs;

    /**
     * Networks whose callers reach 8200 through the NLB with their own address (the NLB preserves client IPs): attached
     * VPCs and other client ranges, the same list as InternalNlb's {@code clientCidrs}. Default none.
     */
    @Import(name = "clientCidrs")
    private List<String> clientCidrs;

    /**
     * Required. The cluster's Service CIDR ({@code kubernetesNetworkConfig.serviceIpv4Cidr} of the EKS cluster, e.g.
     * {@code 172.20.0.0/16}). Vault's egress policy admits DNS (53) and the Kubernetes API (443) there: where a network
     * policy is enforced before Service addresses are translated, calls to kube-dns and the API go to that range.
     */
    @Import(name = "serviceCidr", required = true)
    private String serviceCidr;

    /**
     * The IAM role of the cluster's EBS CSI driver (controller service account), which creates Vault's volumes under
     * the volume key: that key's policy must let it use the key through EC2 (KmsSeal's {@code ebsCsiPrincipalArns}),
     * and its IAM policy must grant it too (KmsSeal's {@code ebsCsiPolicyJson}). The StorageClass carries it as the
     * annotation {@code private-vault/ebs-csi-role-arn}, so the plan can judge that the driver can use the key.
     * Default: none (no annotation; the plan then reports that no role can create the volumes).
     */
    @Import(name = "ebsCsiRoleArn")
    private String ebsCsiRoleArn;

    /** Namespace Vault gets (created by the component). Default {@code vault}. */
    @Import(name = "namespace")
    private String namespace;

    /** HashiCorp {@code vault} chart version, pinned. Default {@link Chart#DEFAULT_VERSION} (0.34.1). */
    @Import(name = "chartVersion")
    private String chartVersion;

    /** Node labels the Vault pods require (the nodes dedicated to Vault). Default none. */
    @Import(name = "nodeSelector")
    private Map<String, String> nodeSelector;

    /** Tolerations for the taints of those nodes. Default none. */
    @Import(name = "tolerations")
    private List<VaultKubernetesTolerationArgs> tolerations;

    /** CPU request per Vault pod. Default {@code 1} (HashiCorp's small cluster: 2 vCPU per node, half guaranteed). */
    @Import(name = "cpuRequest")
    private String cpuRequest;

    /** CPU limit per Vault pod. Default {@code 2}. */
    @Import(name = "cpuLimit")
    private String cpuLimit;

    /** Memory request per Vault pod. Default {@code 4Gi}. */
    @Import(name = "memoryRequest")
    private String memoryRequest;

    /** Memory limit per Vault pod. Default {@code 4Gi}: equal to the request, so the node never overcommits Vault's memory. */
    @Import(name = "memoryLimit")
    private String memoryLimit;

    /** Vault image repository (an ECR mirror in clusters without internet egress). Default {@code hashicorp/vault}. */
    @Import(name = "vaultImageRepository")
    private String vaultImageRepository;

    /** Image with the AWS CLI, for the init and snapshot jobs. Default {@code public.ecr.aws/aws-cli/aws-cli:2.27.50}. */
    @Import(name = "awsCliImage")
    private String awsCliImage;

    /**
     * Let the cluster's Prometheus Operator scrape Vault and alert: the chart installs a ServiceMonitor (the active pod's
     * {@code /v1/sys/metrics} over TLS, verified with the cluster CA, with the bearer token of the Secret
     * {@code vault-metrics-token}) and a PrometheusRule with the alerts EC2 raises in CloudWatch; the NetworkPolicy admits
     * the Prometheus pods of {@link #prometheusNamespace()} to 8200. Default {@code false}: the ServiceMonitor and
     * PrometheusRule CRDs must exist in the cluster, or the Helm release fails.
     */
    @Import(name = "prometheusOperator")
    private Boolean prometheusOperator;

    /** Namespace of the Prometheus pods that scrape Vault (with {@link #prometheusOperator()}). Default {@code monitoring}. */
    @Import(name = "prometheusNamespace")
    private String prometheusNamespace;

    private VaultKubernetesPlatformArgs() {
    }

    public Output<String> kubeconfig() { return kubeconfig; }
    public String oidcProviderArn() { return oidcProviderArn; }
    public String oidcIssuerUrl() { return oidcIssuerUrl; }
    public String ebsCsiRoleArn() { return ebsCsiRoleArn; }
    public Output<List<String>> nlbSubnetCidrs() { return nlbSubnetCidrs; }
    public List<String> clientCidrs() { return clientCidrs == null ? List.of() : clientCidrs; }
    public String serviceCidr() { return serviceCidr; }
    public String namespace() { return namespace == null ? "vault" : namespace; }
    public String chartVersion() { return chartVersion == null ? Chart.DEFAULT_VERSION : chartVersion; }
    public Map<String, String> nodeSelector() { return nodeSelector == null ? Map.of() : nodeSelector; }
    public List<VaultKubernetesTolerationArgs> tolerations() { return tolerations == null ? List.of() : tolerations; }
    public String cpuRequest() { return cpuRequest == null ? "1" : cpuRequest; }
    public String cpuLimit() { return cpuLimit == null ? "2" : cpuLimit; }
    public String memoryRequest() { return memoryRequest == null ? "4Gi" : memoryRequest; }
    public String memoryLimit() { return memoryLimit == null ? "4Gi" : memoryLimit; }
    public String vaultImageRepository() { return vaultImageRepository == null ? "hashicorp/vault" : vaultImageRepository; }
    public String awsCliImage() { return awsCliImage == null ? "public.ecr.aws/aws-cli/aws-cli:2.27.50" : awsCliImage; }
    public boolean prometheusOperator() { return prometheusOperator != null && prometheusOperator; }
    public String prometheusNamespace() { return prometheusNamespace == null ? "monitoring" : prometheusNamespace; }

    /** The issuer without its scheme: the prefix of the {@code :sub} and {@code :aud} condition keys IAM evaluates. */
    public String oidcIssuerHost() {
        return oidcIssuerUrl.substring("https://".length());
    }

    void validate(Problems p) {
        p.require(kubeconfig != null, "kubeconfig", null, "set (secret) when platform is kubernetes");
        p.require(nlbSubnetCidrs != null, "nlbSubnetCidrs", null, "set when platform is kubernetes");
        for (String cidr : clientCidrs()) {
            p.clientCidr("clientCidrs", cidr);
        }
        p.unique("clientCidrs", clientCidrs());
        if (p.require(serviceCidr != null, "serviceCidr", null, "the EKS cluster's Service CIDR (serviceIpv4Cidr) such as 172.20.0.0/16")) {
            Cidr services = p.cidr("serviceCidr", serviceCidr);
            if (services != null) {
                p.require(services.isPrivate() && services.prefix() >= 12 && services.prefix() <= 24, "serviceCidr", serviceCidr,
                        "a private /12 to /24 block, as EKS allows for serviceIpv4Cidr");
            }
        }
        boolean issuer = p.require(oidcIssuerUrl != null && oidcIssuerUrl.matches("https://[A-Za-z0-9.-]+(/[A-Za-z0-9._-]+)*"), "oidcIssuerUrl",
                oidcIssuerUrl, "the cluster's OIDC issuer URL such as https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF");
        if (p.require(oidcProviderArn != null && oidcProviderArn.matches("arn:aws:iam::\\d{12}:oidc-provider/.+"), "oidcProviderArn",
                oidcProviderArn, "an IAM OIDC provider ARN such as arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF")
                && issuer) {
            p.compare(oidcProviderArn.endsWith(":oidc-provider/" + oidcIssuerHost()), "oidcProviderArn", oidcProviderArn,
                    "the provider of oidcIssuerUrl (ending in oidc-provider/" + oidcIssuerHost() + ")", "oidcIssuerUrl");
        }
        if (ebsCsiRoleArn != null) {
            p.require(ebsCsiRoleArn.matches("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}"), "ebsCsiRoleArn", ebsCsiRoleArn,
                    "the IAM role ARN of the EBS CSI driver's controller, such as arn:aws:iam::123456789012:role/AmazonEKS_EBS_CSI_DriverRole");
        }
        p.dnsLabel("namespace", namespace());
        p.dnsLabel("prometheusNamespace", prometheusNamespace());
        p.require(chartVersion().matches("\\d+\\.\\d+\\.\\d+"), "chartVersion", chartVersion(), "a chart version such as 0.34.1");
        nodeSelector().forEach((k, v) -> p.require(k.matches("([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?")
                && v.matches("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?"), "nodeSelector." + k, v, "a Kubernetes label key and value"));
        for (int i = 0; i < tolerations().size(); i++) {
            if (p.require(tolerations().get(i) != null, "tolerations[" + i + "]", null, "a toleration")) {
                tolerations().get(i).validate(p.at("tolerations[" + i + "]"));
            }
        }
        boolean cpu = p.require(cpuRequest().matches(Chart.CPU_QUANTITY), "cpuRequest", cpuRequest(), "a CPU quantity such as 500m or 2")
                & p.require(cpuLimit().matches(Chart.CPU_QUANTITY), "cpuLimit", cpuLimit(), "a CPU quantity such as 500m or 2");
        boolean memory = p.require(memoryRequest().matches(Chart.MEMORY_QUANTITY), "memoryRequest", memoryRequest(), "a memory quantity such as 512Mi or 4Gi")
                & p.require(memoryLimit().matches(Chart.MEMORY_QUANTITY), "memoryLimit", memoryLimit(), "a memory quantity such as 512Mi or 4Gi");
        if (cpu) {
            p.compare(millicores(cpuRequest()) <= millicores(cpuLimit()), "cpuRequest", cpuRequest(), "at most cpuLimit (" + cpuLimit() + ")", "cpuLimit");
        }
        if (memory) {
            p.compare(mebibytes(memoryRequest()) <= mebibytes(memoryLimit()), "memoryRequest", memoryRequest(),
                    "at most memoryLimit (" + memoryLimit() + ")", "memoryLimit");
        }
        p.require(vaultImageRepository().matches("[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+|[a-z0-9._-]+/[a-z0-9._-]+"), "vaultImageRepository",
                vaultImageRepository(), "an image repository without tag such as hashicorp/vault");
        p.require(awsCliImage().matches("[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+:[A-Za-z0-9._-]+"), "awsCliImage", awsCliImage(),
                "an image with a pinned tag such as public.ecr.aws/aws-cli/aws-cli:2.27.50");
    }

    static long millicores(String q) {
        return q.endsWith("m") ? Long.parseLong(q.substring(0, q.length() - 1)) : Math.round(Double.parseDouble(q) * 1000);
    }

    static long mebibytes(String q) {
        long n = Long.parseLong(q.substring(0, q.length() - 2));
        return q.endsWith("Gi") ? n * 1024 : n;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final VaultKubernetesPlatformArgs a = new VaultKubernetesPlatformArgs();

        public Builder kubeconfig(Output<String> v) { a.kubeconfig = v; return this; }
        public Builder oidcProviderArn(String v) { a.oidcProviderArn = v; return this; }
        public Builder oidcIssuerUrl(String v) { a.oidcIssuerUrl = v; return this; }
        public Builder nlbSubnetCidrs(Output<List<String>> v) { a.nlbSubnetCidrs = v; return this; }
        public Builder clientCidrs(List<String> v) { a.clientCidrs = List.copyOf(v); return this; }
        public Builder serviceCidr(String v) { a.serviceCidr = v; return this; }
        public Builder ebsCsiRoleArn(String v) { a.ebsCsiRoleArn = v; return this; }
        public Builder namespace(String v) { a.namespace = v; return this; }
        public Builder chartVersion(String v) { a.chartVersion = v; return this; }
        public Builder nodeSelector(Map<String, String> v) { a.nodeSelector = Map.copyOf(v); return this; }
        public Builder tolerations(List<VaultKubernetesTolerationArgs> v) { a.tolerations = List.copyOf(v); return this; }
        public Builder cpuRequest(String v) { a.cpuRequest = v; return this; }
        public Builder cpuLimit(String v) { a.cpuLimit = v; return this; }
        public Builder memoryRequest(String v) { a.memoryRequest = v; return this; }
        public Builder memoryLimit(String v) { a.memoryLimit = v; return this; }
        public Builder vaultImageRepository(String v) { a.vaultImageRepository = v; return this; }
        public Builder awsCliImage(String v) { a.awsCliImage = v; return this; }
        public Builder prometheusOperator(Boolean v) { a.prometheusOperator = v; return this; }
        public Builder prometheusNamespace(String v) { a.prometheusNamespace = v; return this; }

        /** Validated with the cluster's args (the prefix names the field there). */
        public VaultKubernetesPlatformArgs build() {
            return a;
        }
    }
}
