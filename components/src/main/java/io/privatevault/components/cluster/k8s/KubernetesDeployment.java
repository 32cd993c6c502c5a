package io.privatevault.components.cluster.k8s;

import com.pulumi.core.Output;
import io.privatevault.components.VaultKubernetesPlatformArgs;
import io.privatevault.components.VaultKubernetesTolerationArgs;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.cluster.VaultServerConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What only the Kubernetes platform needs besides the node spec: the namespace and replicas, the images, the
 * storage, the NLB it registers the pods with, and where and how large the pods are. Plain values, never a secret.
 *
 * @param namespace namespace of the release, its Jobs and policies
 * @param replicas  Raft voters (pods)
 * @param vault     the Vault image (the chart's server and the jobs' CLI)
 * @param awsCliImage image of the jobs' AWS CLI container (with tag)
 */
public record KubernetesDeployment(String namespace, int replicas, Image vault, String awsCliImage, Storage storage,
                                   NlbTargets nlb, Egress egress, Placement placement, Resources resources, Monitoring monitoring) {
    public record Image(String repository, String tag) {
        public String reference() {
            return repository + ":" + tag;
        }
    }

    /**
     * gp3 volumes of the StorageClass, encrypted with {@code kmsKeyArn} by the EBS CSI driver's role
     * {@code csiRoleArn} (null when not given).
     */
    public record Storage(String kmsKeyArn, String csiRoleArn, int dataGiB, int iops, int throughput, int auditGiB) {
    }

    /**
     * @param targetGroupArn  InternalNlb target group (target type ip)
     * @param securityGroupId the NLB's security group (the controller opens 8200 from it on the pods)
     * @param subnetCidrs     NLB subnets: health checks, and the Client VPN's translated traffic, come from these addresses
     * @param clientCidrs     networks whose callers the NLB passes through with their own address
     */
    public record NlbTargets(String targetGroupArn, String securityGroupId, List<String> subnetCidrs, List<String> clientCidrs) {
    }

    /**
     * Where the Vault pods may call: the VPC on 443 (AWS's interface endpoints, the EKS API's interfaces), the
     * cluster's Service range for DNS and the Kubernetes API, and each integration on its port.
     */
    public record Egress(String vpcCidr, String serviceCidr, List<Integration> integrations) {
    }

    public record Integration(String name, String cidr, int port) {
    }

    /** Labels of the nodes dedicated to Vault, and tolerations for their taints (pod-spec form). */
    public record Placement(Map<String, String> nodeSelector, List<Map<String, Object>> tolerations) {
    }

    /**
     * @param prometheusOperator the chart's ServiceMonitor and PrometheusRule, and 8200 open to Prometheus
     * @param prometheusNamespace where the Prometheus pods run
     */
    public record Monitoring(boolean prometheusOperator, String prometheusNamespace) {
    }

    /** Requests and limits (cpu, memory) of a Vault pod. */
    public record Resources(Map<String, String> requests, Map<String, String> limits) {
    }

    public static Output<KubernetesDeployment> of(VaultRaftClusterArgs args) {
        VaultKubernetesPlatformArgs k = args.kubernetes();
        Output<String> storageKey = args.ebsKmsKeyArn() != null ? args.ebsKmsKeyArn() : args.dataKeyArn();
        var storage = storageKey.applyValue(key -> new Storage(key, k.ebsCsiRoleArn(), args.dataVolumeSizeGiB(), args.dataVolumeIops(),
                args.dataVolumeThroughput(), args.auditVolumeSizeGiB()));
        var nlb = Output.tuple(args.targetGroupArn(), args.nlbSecurityGroupId(), k.nlbSubnetCidrs())
                .applyValue(t -> new NlbTargets(t.t1, t.t2, List.copyOf(t.t3), List.copyOf(k.clientCidrs())));
        var integrations = args.integrationEgress().stream().map(e -> new Integration(e.name(), e.cidr(), e.port())).toList();
        var egress = args.vpcCidr().applyValue(vpc -> new Egress(vpc, k.serviceCidr(), integrations));
        var placement = new Placement(new TreeMap<>(k.nodeSelector()),
                k.tolerations().stream().map(VaultKubernetesTolerationArgs::toManifest).toList());
        var resources = new Resources(quantities(k.cpuRequest(), k.memoryRequest()), quantities(k.cpuLimit(), k.memoryLimit()));
        return Output.tuple(storage, nlb, egress).applyValue(t -> new KubernetesDeployment(k.namespace(), args.nodeCount(),
                new Image(k.vaultImageRepository(), args.vaultVersion()), k.awsCliImage(), t.t1, t.t2, t.t3, placement, resources,
                new Monitoring(k.prometheusOperator(), k.prometheusNamespace())));
    }

    /** The StorageClass is cluster-scoped: one per Vault cluster. */
    public String storageClassName(String clusterName) {
        return clusterName + "-vault-gp3";
    }

    /** Service selecting the active node only (labelled through service registration). */
    public String activeAddress() {
        return "https://" + Chart.RELEASE + "-active." + namespace + ".svc:" + VaultServerConfig.API_PORT;
    }

    private static Map<String, String> quantities(String cpu, String memory) {
        var m = new LinkedHashMap<String, String>();
        m.put("cpu", cpu);
        m.put("memory", memory);
        return m;
    }
}
