package io.privatevault.components.cluster.k8s;

import io.privatevault.components.cluster.RecoverySecret;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.core.v1.SecretArgs.Builder;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.privatevault.components.VaultKubernetesPlatformArgs;
import io.privatevault.components.VaultKubernetesTolerationArgs;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.cluster.NodeTls;
import io.privatevault.components.support.AwsEnvironment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vault on an existing EKS cluster: the IRSA role, the recovery secret, TLS from the private CA as a
 * {@code kubernetes.io/tls} Secret, the objects of {@link Manifests}, and HashiCorp's chart with {@link HelmValues}.
 * Every child is parented to the VaultRaftCluster component.
 */
public final class KubernetesPlatform {
    public static final String CHART_REPO = "https://helm.releases.hashicorp.com";

    /** What the component exports on this platform. */
    public record Result(Output<String> roleArn, Output<String> roleName, Output<String> caCertPem, Output<String> serverConfig,
                         Output<Map<String, String>> renderedFiles, Output<String> recoverySecretArn) {
    }

    private KubernetesPlatform() {
    }

    /** Service names in-cluster clients use, besides the names every node certificate carries. */
    public static List<String> extraDnsNames(String namespace) {
        String r = K8sSettings.RELEASE;
        return List.of(r + "-active." + namespace + ".svc", r + "." + namespace + ".svc", "*." + r + "-internal",
                "*." + r + "-internal." + namespace + ".svc");
    }

    public static Result create(ComponentResource parent, String name, String cluster, VaultRaftClusterArgs args,
                                Map<String, String> tags) {
        VaultKubernetesPlatformArgs k = args.kubernetes();
        var env = AwsEnvironment.of(parent);
        var child = CustomResourceOptions.builder().parent(parent).build();
        Output<String> snapshotPrefix = args.snapshotPrefix(cluster);

        // Written by the init Job only; Pulumi creates it empty so its value never enters state.
        var recoverySecret = RecoverySecret.create(name, cluster, "the init Job", args.dataKeyArn(), tags, child);

        var roleArgs = RoleArgs.builder();
        if (args.nodeRoleName() != null) {
            roleArgs.name(args.nodeRoleName()); // the seal key's policy names it before it exists, as on EC2
        }
        var role = new Role(name + "-node", roleArgs
                .description("Vault pods of " + cluster + " (IRSA, service account " + K8sSettings.SERVICE_ACCOUNT + ")")
                .assumeRolePolicy(IrsaPolicies.trust(k.oidcProviderArn(), k.oidcIssuerHost(), k.namespace(),
                        K8sSettings.SERVICE_ACCOUNT).toJson())
                .tags(tags)
                .build(), child);
        var rolePolicy = new RolePolicy(name + "-node", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.all(List.of(env.region(), args.dataKeyArn(), recoverySecret.arn(),
                                args.backupBucketArn(), snapshotPrefix))
                        .applyValue(v -> IrsaPolicies.permissions(new IrsaPolicies.Inputs(v.get(0), v.get(1), v.get(2), v.get(3),
                                v.get(4), args.metricNamespace())).toJson()))
                .build(), child);

        var tls = NodeTls.create(name, cluster, args, extraDnsNames(k.namespace()), child);

        var provider = new Provider(name + "-k8s", ProviderArgs.builder()
                .kubeconfig(k.kubeconfig().asSecret())
                .build(), child);

        Output<String> storageKey = args.ebsKmsKeyArn() != null ? args.ebsKmsKeyArn() : args.dataKeyArn();
        Output<K8sSettings> settings = Output.tuple(
                        Output.all(List.of(env.region(), args.sealKeyArn(), args.dataKeyArn(), storageKey, role.arn(),
                                recoverySecret.arn(), args.backupBucketName(), snapshotPrefix, args.targetGroupArn(),
                                args.nlbSecurityGroupId())),
                        k.nlbSubnetCidrs())
                .applyValue(t -> settings(cluster, args, t.t1, t.t2));
        Output<Manifests> manifests = settings.applyValue(Manifests::new);

        var objects = new LinkedHashMap<Manifests.Id, KubernetesObject>();
        KubernetesObject namespace = null;
        for (Manifests.Id id : Manifests.BEFORE_RELEASE) {
            var opts = CustomResourceOptions.builder().parent(parent).provider(provider);
            if (namespace != null) {
                opts.dependsOn(namespace);
            }
            var object = new KubernetesObject(name + "-" + id.key(), id.apiVersion(), id.kind(),
                    manifests.applyValue(m -> m.get(id)), opts.build());
            if (id == Manifests.NAMESPACE) {
                namespace = object;
            }
            objects.put(id, object);
        }

        Builder secretArgs = com.pulumi.kubernetes.core.v1.SecretArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(K8sSettings.TLS_SECRET).namespace(k.namespace())
                        .labels(Map.of("app.kubernetes.io/part-of", "private-vault")).build())
                .type("kubernetes.io/tls")
                .stringData(Output.tuple(tls.caCertPem(), tls.nodeCertPem(), tls.nodeKeyPem())
                        .applyValue(t -> tlsData(t.t1, t.t2, t.t3)).asSecret());
        var tlsSecret = new com.pulumi.kubernetes.core.v1.Secret(name + "-tls", secretArgs.build(),
                CustomResourceOptions.builder().parent(parent).provider(provider).dependsOn(namespace).build());

        var releaseDeps = new ArrayList<Resource>(objects.values());
        releaseDeps.add(tlsSecret);
        releaseDeps.add(rolePolicy); // pods unseal with the role's KMS permission from their first start
        var release = new Release(name + "-release", ReleaseArgs.builder()
                .name(K8sSettings.RELEASE)
                .chart("vault")
                .version(k.chartVersion())
                .repositoryOpts(RepositoryOptsArgs.builder().repo(CHART_REPO).build())
                .namespace(k.namespace())
                .createNamespace(false)
                .values(settings.applyValue(s -> HelmValues.from(s).toMap()))
                // Pods stay unready until the init Job has run, which needs the release first.
                .skipAwait(true)
                .atomic(false)
                .maxHistory(10)
                .build(), CustomResourceOptions.builder().parent(parent).provider(provider).dependsOn(releaseDeps).build());

        for (Manifests.Id id : Manifests.AFTER_RELEASE) {
            new KubernetesObject(name + "-" + id.key(), id.apiVersion(), id.kind(), manifests.applyValue(m -> m.get(id)),
                    CustomResourceOptions.builder().parent(parent).provider(provider).dependsOn(release).build());
        }

        return new Result(role.arn(), role.name(), tls.caCertPem(), settings.applyValue(K8sServerConfig::render),
                manifests.applyValue(Manifests::rendered), recoverySecret.arn());
    }

    static Map<String, String> tlsData(String ca, String cert, String key) {
        var data = new LinkedHashMap<String, String>();
        data.put("tls.crt", cert);
        data.put("tls.key", key);
        data.put("ca.crt", ca);
        return data;
    }

    static K8sSettings settings(String cluster, VaultRaftClusterArgs args, List<String> v, List<String> nlbSubnetCidrs) {
        var k = args.kubernetes();
        return new K8sSettings(cluster, k.namespace(), v.get(0), args.nodeCount(), args.quorum(), args.minQuorum(),
                k.vaultImageRepository(), args.vaultVersion(), k.awsCliImage(), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5),
                v.get(6), v.get(7), v.get(8), v.get(9), List.copyOf(nlbSubnetCidrs), args.leaderTlsServerName(), args.vaultFqdn(),
                args.recoveryShares(), args.recoveryThreshold(), args.snapshotIntervalMinutes(), args.metricNamespace(),
                args.logLevel(), args.dataVolumeSizeGiB(), args.dataVolumeIops(), args.dataVolumeThroughput(),
                args.auditVolumeSizeGiB(), new java.util.TreeMap<>(k.nodeSelector()),
                k.tolerations().stream().map(VaultKubernetesTolerationArgs::toManifest).toList(),
                resources(k.cpuRequest(), k.memoryRequest()), resources(k.cpuLimit(), k.memoryLimit()));
    }

    private static Map<String, String> resources(String cpu, String memory) {
        var m = new LinkedHashMap<String, String>();
        m.put("cpu", cpu);
        m.put("memory", memory);
        return m;
    }
}
