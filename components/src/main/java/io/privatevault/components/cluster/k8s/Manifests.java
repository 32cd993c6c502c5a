package io.privatevault.components.cluster.k8s;

import io.privatevault.components.cluster.NodeFiles;
import io.privatevault.components.cluster.NodeSpec;
import io.privatevault.components.cluster.RaftMembership;
import io.privatevault.components.cluster.VaultServerConfig;
import io.privatevault.components.support.Yaml;
import io.privatevault.components.vaultconfig.AclPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.privatevault.components.cluster.k8s.HelmValues.map;

/**
 * The Kubernetes objects the component applies besides the Helm release, rendered from the {@link NodeSpec} and the
 * {@link KubernetesDeployment}. Each is registered as a {@link KubernetesObject} and written to {@code renderedFiles}
 * from the same map.
 */
public final class Manifests {
    /** Where the chart calls the image's entrypoint; our script is mounted over it. */
    public static final String ENTRYPOINT_PATH = "/usr/local/bin/docker-entrypoint.sh";
    /** Scripts shared with the EC2 nodes (cluster/), sourced by the Jobs' own init.sh and snapshot.sh. */
    static final List<String> SHARED_SCRIPTS = List.of("bootstrap.sh", "snapshot-upload.sh");
    public static final List<String> SCRIPTS = List.of("entrypoint.sh", "init.sh", "bootstrap.sh", "snapshot.sh", "snapshot-upload.sh");
    /** Where the Jobs mount the ConfigMap, and their memory volumes. */
    static final String OPS_DIR = "/ops";
    static final String INIT_WORK_DIR = "/run/init";
    static final String SNAPSHOT_WORK_DIR = "/run/snapshot";

    /** One object: what the provider registers and the file it is rendered to. */
    public record Id(String key, String apiVersion, String kind) {
        public String file() {
            return "k8s/manifests/" + key + ".yaml";
        }
    }

    public static final Id NAMESPACE = new Id("namespace", "v1", "Namespace");
    public static final Id STORAGE_CLASS = new Id("storageclass", "storage.k8s.io/v1", "StorageClass");
    public static final Id OPS_CONFIG = new Id("configmap-ops", "v1", "ConfigMap");
    public static final Id DISCOVERY_ROLE = new Id("role-service-registration", "rbac.authorization.k8s.io/v1", "Role");
    public static final Id DISCOVERY_BINDING = new Id("rolebinding-service-registration", "rbac.authorization.k8s.io/v1", "RoleBinding");
    public static final Id NETWORK_POLICY = new Id("networkpolicy", "networking.k8s.io/v1", "NetworkPolicy");
    public static final Id INIT_NETWORK_POLICY = new Id("networkpolicy-init", "networking.k8s.io/v1", "NetworkPolicy");
    public static final Id TARGET_GROUP_BINDING = new Id("targetgroupbinding", "elbv2.k8s.aws/v1beta1", "TargetGroupBinding");
    public static final Id INIT_JOB = new Id("job-init", "batch/v1", "Job");
    public static final Id SNAPSHOT_CRON_JOB = new Id("cronjob-snapshot", "batch/v1", "CronJob");

    /** Applied before the release (it needs them), in this order. */
    public static final List<Id> BEFORE_RELEASE = List.of(NAMESPACE, STORAGE_CLASS, OPS_CONFIG, DISCOVERY_ROLE, DISCOVERY_BINDING,
            NETWORK_POLICY, INIT_NETWORK_POLICY);
    /** Applied after the release (they need its services and pods). */
    public static final List<Id> AFTER_RELEASE = List.of(TARGET_GROUP_BINDING, INIT_JOB, SNAPSHOT_CRON_JOB);

    private final NodeSpec spec;
    private final KubernetesDeployment k;

    public Manifests(NodeSpec spec, KubernetesDeployment deployment) {
        this.spec = spec;
        this.k = deployment;
    }

    public Map<String, Object> get(Id id) {
        return switch (id.key()) {
            case "namespace" -> namespace();
            case "storageclass" -> storageClass();
            case "configmap-ops" -> opsConfig();
            case "role-service-registration" -> discoveryRole();
            case "rolebinding-service-registration" -> discoveryBinding();
            case "networkpolicy" -> networkPolicy();
            case "networkpolicy-init" -> initNetworkPolicy();
            case "targetgroupbinding" -> targetGroupBinding();
            case "job-init" -> initJob();
            case "cronjob-snapshot" -> snapshotCronJob();
            default -> throw new IllegalArgumentException("unknown manifest " + id.key());
        };
    }

    /** The Helm values, the server configuration they carry, every manifest and script, by relative path; none holds a secret. */
    public Map<String, String> rendered() {
        var values = HelmValues.from(spec, k);
        var out = new LinkedHashMap<String, String>();
        out.put("k8s/values.yaml", yaml(values.toMap()));
        out.put("k8s/vault.hcl", values.serverConfig().render());
        var all = new ArrayList<>(BEFORE_RELEASE);
        all.addAll(AFTER_RELEASE);
        for (Id id : all) {
            out.put(id.file(), yaml(get(id)));
        }
        for (String script : SCRIPTS) {
            out.put("k8s/scripts/" + script, script(script));
        }
        return out;
    }

    private static String yaml(Object document) {
        return "# Rendered by private-vault (VaultRaftCluster, platform kubernetes).\n" + Yaml.render(document);
    }

    private Map<String, Object> metadata(String name, boolean namespaced) {
        var labels = map("app.kubernetes.io/part-of", "private-vault", "app.kubernetes.io/managed-by", "pulumi",
                "private-vault/cluster", spec.clusterName());
        return namespaced ? map("name", name, "namespace", k.namespace(), "labels", labels) : map("name", name, "labels", labels);
    }

    private Map<String, Object> object(Id id, Map<String, Object> metadata) {
        return map("apiVersion", id.apiVersion(), "kind", id.kind(), "metadata", metadata);
    }

    Map<String, Object> namespace() {
        return object(NAMESPACE, metadata(k.namespace(), false));
    }

    /** Annotation naming the EBS CSI driver's role that the volume key's policy admits. */
    public static final String CSI_ROLE_ANNOTATION = "private-vault/ebs-csi-role-arn";

    /**
     * gp3, encrypted with the given key, kept when a claim is deleted, bound in the pod's zone; annotated with the
     * driver role that must be able to use the key (for operators reading the cluster, and for the plan's key check).
     */
    Map<String, Object> storageClass() {
        var metadata = metadata(k.storageClassName(spec.clusterName()), false);
        if (k.storage().csiRoleArn() != null) {
            metadata.put("annotations", map(CSI_ROLE_ANNOTATION, k.storage().csiRoleArn()));
        }
        var m = object(STORAGE_CLASS, metadata);
        m.put("provisioner", "ebs.csi.aws.com");
        m.put("parameters", map("type", "gp3", "encrypted", "true", "kmsKeyId", k.storage().kmsKeyArn(),
                "iops", String.valueOf(k.storage().iops()), "throughput", String.valueOf(k.storage().throughput()),
                "csi.storage.k8s.io/fstype", "ext4"));
        // Raft data outlives an accidental claim deletion; volumes are removed deliberately (runbook).
        m.put("reclaimPolicy", "Retain");
        // EBS volumes are zonal: create each where its pod was scheduled (the spread constraint picks the zone).
        m.put("volumeBindingMode", "WaitForFirstConsumer");
        m.put("allowVolumeExpansion", true);
        return m;
    }

    /** The entrypoint wrapper, the jobs' scripts and the policies the bootstrap writes (plain files; no secret). */
    Map<String, Object> opsConfig() {
        var m = object(OPS_CONFIG, metadata(Chart.SCRIPTS_CONFIG_MAP, true));
        var data = new LinkedHashMap<String, Object>();
        for (String script : SCRIPTS) {
            data.put(script, script(script));
        }
        spec.bootstrapPolicies().values().forEach(policy -> data.put(policyFileName(policy), policy.hcl()));
        data.putAll(spec.bootstrap().recoveryPgpKeyFiles());
        m.put("data", data);
        return m;
    }

    /** What service registration needs: read and label its own pod (Vault docs, "kubernetes" service registration). */
    Map<String, Object> discoveryRole() {
        var m = object(DISCOVERY_ROLE, metadata("vault-service-registration", true));
        m.put("rules", List.of(map("apiGroups", List.of(""), "resources", List.of("pods"), "verbs", List.of("get", "update", "patch"))));
        return m;
    }

    Map<String, Object> discoveryBinding() {
        var m = object(DISCOVERY_BINDING, metadata("vault-service-registration", true));
        m.put("roleRef", map("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", "vault-service-registration"));
        m.put("subjects", List.of(map("kind", "ServiceAccount", "name", Chart.SERVICE_ACCOUNT, "namespace", k.namespace())));
        return m;
    }

    /** Labels of the cluster DNS pods (CoreDNS on EKS keeps the kube-dns label), in kube-system. */
    static final Map<String, Object> CLUSTER_DNS = map("namespaceSelector", map("matchLabels", map("kubernetes.io/metadata.name", "kube-system")),
            "podSelector", map("matchLabels", map("k8s-app", "kube-dns")));

    /**
     * Ingress: 8200 from the NLB's subnets (its health checks, and the Client VPN's translated traffic), from the
     * networks whose callers the NLB passes through with their own address, from Vault's pods and jobs (and, with the
     * Prometheus Operator, its Prometheus pods); 8201 from Vault's pods only. Egress: Vault's pods on 8200 and 8201,
     * DNS, 443 to the VPC (AWS's interface endpoints: the KMS seal, STS; the EKS API) and to the Service range (the
     * Kubernetes API for service registration), and each integration on its port; nothing else.
     */
    Map<String, Object> networkPolicy() {
        var m = object(NETWORK_POLICY, metadata("vault-server", true));
        var api = port("TCP", VaultServerConfig.API_PORT);
        var cluster = port("TCP", VaultServerConfig.CLUSTER_PORT);
        var vaultPods = map("podSelector", map("matchLabels", Chart.serverLabels()));
        var throughNlb = new ArrayList<String>(k.nlb().subnetCidrs());
        k.nlb().clientCidrs().stream().filter(c -> !throughNlb.contains(c)).forEach(throughNlb::add);
        var ingress = new ArrayList<Object>(List.of(
                map("from", ipBlocks(throughNlb), "ports", List.of(api)),
                map("from", List.of(vaultPods), "ports", List.of(api, cluster)),
                map("from", List.of(map("podSelector", map("matchLabels", map("app.kubernetes.io/component", Chart.OPS_LABEL)))),
                        "ports", List.of(api))));
        if (k.monitoring().prometheusOperator()) {
            // Both selectors in one peer: Prometheus pods (the operator labels them) of that namespace, not all its pods.
            ingress.add(map("from", List.of(map(
                            "namespaceSelector", map("matchLabels", map("kubernetes.io/metadata.name", k.monitoring().prometheusNamespace())),
                            "podSelector", map("matchLabels", map("app.kubernetes.io/name", "prometheus")))),
                    "ports", List.of(api)));
        }
        var out = k.egress();
        var egress = new ArrayList<Object>(List.of(
                map("to", List.of(vaultPods), "ports", List.of(api, cluster)),
                dnsEgress(),
                map("to", ipBlocks(List.of(out.vpcCidr(), out.serviceCidr())), "ports", List.of(port("TCP", 443)))));
        for (var integration : out.integrations()) {
            egress.add(map("to", List.of(ipBlock(integration.cidr())), "ports", List.of(port("TCP", integration.port()))));
        }
        m.put("spec", map(
                "podSelector", map("matchLabels", Chart.serverLabels()),
                "policyTypes", List.of("Ingress", "Egress"),
                "ingress", ingress,
                "egress", egress));
        return m;
    }

    /** The init Job's pod, which holds the root token until it revokes it. */
    static final String INIT_POD = "vault-init";

    private static Map<String, Object> opsPodLabels(String podName) {
        return map("app.kubernetes.io/component", Chart.OPS_LABEL, "app.kubernetes.io/name", podName, "app.kubernetes.io/part-of", "private-vault");
    }

    /**
     * The init Job's pod holds the root token from init until it revokes it: nothing may call it, and it may call
     * only Vault's pods on 8200, DNS and the VPC on 443 (Secrets Manager and STS through the interface endpoints).
     */
    Map<String, Object> initNetworkPolicy() {
        var m = object(INIT_NETWORK_POLICY, metadata("vault-init", true));
        var out = k.egress();
        m.put("spec", map(
                "podSelector", map("matchLabels", map("app.kubernetes.io/component", Chart.OPS_LABEL, "app.kubernetes.io/name", INIT_POD)),
                "policyTypes", List.of("Ingress", "Egress"),
                "ingress", List.of(),
                "egress", List.of(
                        map("to", List.of(map("podSelector", map("matchLabels", Chart.serverLabels()))),
                                "ports", List.of(port("TCP", VaultServerConfig.API_PORT))),
                        dnsEgress(),
                        map("to", List.of(ipBlock(out.vpcCidr())), "ports", List.of(port("TCP", 443))))));
        return m;
    }

    /** DNS: CoreDNS's pods, and the Service range for engines that judge the kube-dns Service address. */
    private Map<String, Object> dnsEgress() {
        return map("to", List.of(CLUSTER_DNS, ipBlock(k.egress().serviceCidr())), "ports", List.of(port("UDP", 53), port("TCP", 53)));
    }

    private static Map<String, Object> port(String protocol, int number) {
        return map("protocol", protocol, "port", number);
    }

    private static Map<String, Object> ipBlock(String cidr) {
        return map("ipBlock", map("cidr", cidr));
    }

    private static List<Object> ipBlocks(List<String> cidrs) {
        return cidrs.stream().map(c -> (Object) ipBlock(c)).toList();
    }

    /** Registers the server pods' IPs in the InternalNlb target group; the controller opens 8200 from the NLB's group. */
    Map<String, Object> targetGroupBinding() {
        var m = object(TARGET_GROUP_BINDING, metadata(Chart.RELEASE, true));
        m.put("spec", map(
                "serviceRef", map("name", Chart.RELEASE, "port", VaultServerConfig.API_PORT),
                "targetGroupARN", k.nlb().targetGroupArn(),
                "targetType", "ip",
                "networking", map("ingress", List.of(map(
                        "from", List.of(map("securityGroup", map("groupID", k.nlb().securityGroupId()))),
                        "ports", List.of(map("protocol", "TCP", "port", VaultServerConfig.API_PORT)))))));
        return m;
    }

    /**
     * The only initialiser: one Job, one pod at a time (Vault refuses a second init anyway). Its AWS identity is
     * the service account's IRSA role; the recovery material sits on a memory volume until Secrets Manager has it.
     */
    Map<String, Object> initJob() {
        var env = new LinkedHashMap<String, String>();
        env.put("VAULT_ADDR", new RaftMembership.ChartPods(Chart.RELEASE, k.replicas()).podAddress(0));
        env.put("BOOTSTRAP_DIR", INIT_WORK_DIR);
        spec.bootstrapPolicies().forEach((variable, policy) -> env.put(variable, OPS_DIR + "/" + policyFileName(policy)));
        env.put("RECOVERY_PGP_KEY_FILES", spec.recoveryPgpKeyPaths(OPS_DIR));
        env.putAll(spec.bootstrapEnvironment());
        var m = object(INIT_JOB, metadata("vault-init", true));
        m.put("spec", map("parallelism", 1, "completions", 1, "backoffLimit", 10, "activeDeadlineSeconds", 3600,
                "template", podTemplate("init.sh", INIT_POD, env, INIT_WORK_DIR)));
        return m;
    }

    /** Snapshots from the active node (the vault-active service), never two at once, with the IRSA role's AWS login. */
    Map<String, Object> snapshotCronJob() {
        var env = new LinkedHashMap<String, String>();
        env.put("VAULT_ADDR", k.activeAddress());
        env.put("VAULT_SNAPSHOT_DIR", SNAPSHOT_WORK_DIR);
        env.putAll(spec.snapshotEnvironment());
        var m = object(SNAPSHOT_CRON_JOB, metadata("vault-snapshot", true));
        m.put("spec", map("schedule", schedule(spec.snapshots().intervalMinutes()), "concurrencyPolicy", "Forbid",
                "startingDeadlineSeconds", 300, "successfulJobsHistoryLimit", 3, "failedJobsHistoryLimit", 3,
                "jobTemplate", map("spec", map("backoffLimit", 2, "activeDeadlineSeconds", 1800,
                        "template", podTemplate("snapshot.sh", "vault-snapshot", env, SNAPSHOT_WORK_DIR)))));
        return m;
    }

    private static String policyFileName(AclPolicy policy) {
        return policy.name() + ".hcl";
    }

    /** Cron for an interval that divides the hour or the day (validated by the args). */
    public static String schedule(int minutes) {
        if (minutes < 60) {
            return "*/" + minutes + " * * * *";
        }
        return minutes == 60 ? "0 * * * *" : minutes == 1440 ? "0 0 * * *" : "0 */" + minutes / 60 + " * * *";
    }

    /** The job's own variables, then the CA and TLS name every Vault call uses, and what the read-only root needs. */
    private List<Object> containerEnv(Map<String, String> own) {
        var env = new LinkedHashMap<>(own);
        env.put("VAULT_CACERT", Chart.TLS_DIR + "/ca.crt");
        env.put("VAULT_TLS_SERVER_NAME", spec.leaderTlsServerName());
        // The AWS CLI caches under $HOME; the root filesystem is read-only.
        env.put("HOME", "/tmp");
        env.put("PATH", "/tools:/usr/local/bin:/usr/bin:/bin");
        var out = new ArrayList<Object>();
        env.forEach((name, value) -> out.add(map("name", name, "value", value)));
        return out;
    }

    /**
     * A job pod: the Vault image only copies its static CLI to a shared volume; the AWS CLI image runs the script.
     * Hardened like the server (non-root, read-only root, no capabilities), on the same dedicated nodes, without
     * a Kubernetes API token (it needs none; IRSA projects its own web identity token).
     */
    private Map<String, Object> podTemplate(String script, String podName, Map<String, String> ownEnv, String workDir) {
        var container = hardenedContainer();
        var pod = new LinkedHashMap<String, Object>();
        pod.put("serviceAccountName", Chart.SERVICE_ACCOUNT);
        pod.put("automountServiceAccountToken", false);
        pod.put("restartPolicy", "OnFailure");
        pod.put("securityContext", HelmValues.podSecurityContext());
        if (!k.placement().nodeSelector().isEmpty()) {
            pod.put("nodeSelector", k.placement().nodeSelector());
        }
        if (!k.placement().tolerations().isEmpty()) {
            pod.put("tolerations", k.placement().tolerations());
        }
        var small = map("requests", map("cpu", "100m", "memory", "128Mi"), "limits", map("cpu", "500m", "memory", "256Mi"));
        pod.put("initContainers", List.of(map("name", "vault-cli", "image", k.vault().reference(),
                "command", List.of("cp", "/bin/vault", "/tools/vault"),
                "securityContext", container, "resources", small,
                "volumeMounts", List.of(map("name", "tools", "mountPath", "/tools")))));
        pod.put("containers", List.of(map("name", script.replace(".sh", ""), "image", k.awsCliImage(),
                "command", List.of("bash", OPS_DIR + "/" + script),
                "env", containerEnv(ownEnv), "securityContext", container, "resources", small,
                "volumeMounts", List.of(
                        map("name", "tools", "mountPath", "/tools", "readOnly", true),
                        map("name", "ops", "mountPath", OPS_DIR, "readOnly", true),
                        map("name", "ca", "mountPath", Chart.TLS_DIR, "readOnly", true),
                        map("name", "work", "mountPath", workDir),
                        map("name", "tmp", "mountPath", "/tmp")))));
        pod.put("volumes", List.of(
                map("name", "tools", "emptyDir", map("sizeLimit", "512Mi")),
                map("name", "ops", "configMap", map("name", Chart.SCRIPTS_CONFIG_MAP)),
                // The CA certificate only: the jobs never see the server key.
                map("name", "ca", "secret", map("secretName", Chart.TLS_SECRET, "items", List.of(map("key", "ca.crt", "path", "ca.crt")))),
                // Memory-backed: recovery material and snapshots never touch a node's disk.
                map("name", "work", "emptyDir", map("medium", "Memory", "sizeLimit", "2Gi")),
                map("name", "tmp", "emptyDir", map("medium", "Memory", "sizeLimit", "64Mi"))));
        return map("metadata", map("labels", opsPodLabels(podName)), "spec", pod);
    }

    static Map<String, Object> hardenedContainer() {
        return map("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true, "runAsNonRoot", true,
                "capabilities", map("drop", List.of("ALL")));
    }

    public static String script(String name) {
        if (SHARED_SCRIPTS.contains(name)) {
            return NodeFiles.script(name);
        }
        String path = "io/privatevault/components/cluster/k8s/" + name;
        try (InputStream in = Manifests.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
