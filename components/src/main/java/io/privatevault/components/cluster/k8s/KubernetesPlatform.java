package io.privatevault.components.cluster.k8s;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.privatevault.components.VaultKubernetesPlatformArgs;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.cluster.AuditDevices;
import io.privatevault.components.cluster.NodeSpec;
import io.privatevault.components.cluster.NodeTls;
import io.privatevault.components.cluster.PlatformOutputs;
import io.privatevault.components.cluster.RecoverySecret;
import io.privatevault.components.support.AwsEnvironment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vault on an existing EKS cluster: the IRSA role, the recovery secret, TLS from the private CA as a
 * {@code kubernetes.io/tls} Secret, the objects of {@link Manifests}, and HashiCorp's chart with {@link HelmValues},
 * all rendered from the same node spec as the EC2 platform. Every child is parented to the VaultRaftCluster component.
 */
public final class KubernetesPlatform {
    private KubernetesPlatform() {
    }

    /** Service names in-cluster clients use, besides the names every node certificate carries. */
    public static List<String> extraDnsNames(String namespace) {
        String r = Chart.RELEASE;
        return List.of(r + "-active." + namespace + ".svc", r + "." + namespace + ".svc", "*." + r + "-internal",
                "*." + r + "-internal." + namespace + ".svc");
    }

    /** @param tags the component's tags, with the auto-join tag */
    public static PlatformOutputs create(ComponentResource parent, String name, String cluster, VaultRaftClusterArgs args,
                                         Map<String, String> tags) {
        VaultKubernetesPlatformArgs k = args.kubernetes();
        var env = AwsEnvironment.of(parent);
        var child = CustomResourceOptions.builder().parent(parent).build();

        // Written by the init Job only; Pulumi creates it empty so its value never enters state.
        var recoverySecret = RecoverySecret.create(name, cluster, "the init Job", args.dataKeyArn(), tags, child);

        // IRSA: only the Vault service account's tokens may assume the role (the seal key's policy grants the key).
        var roleArgs = RoleArgs.builder();
        if (args.nodeRoleName() != null) {
            roleArgs.name(args.nodeRoleName()); // the seal key's policy names it before it exists, as on EC2
        }
        var role = new Role(name + "-node", roleArgs
                .description("Vault pods of " + cluster + " (IRSA, service account " + Chart.SERVICE_ACCOUNT + ")")
                .assumeRolePolicy(IrsaPolicies.trust(k.oidcProviderArn(), k.oidcIssuerHost(), k.namespace(),
                        Chart.SERVICE_ACCOUNT).toJson())
                .tags(tags)
                .build(), child);

        RecoverySecret.restrict(name, recoverySecret, role.arn(), args.breakGlassPrincipalArns(), child);

        // The node, rendered once from resolved (non-secret) values, as on EC2.
        Output<NodeSpec> spec = NodeSpec.of(cluster, args, env.region(), recoverySecret.arn(), role.arn());
        Output<KubernetesDeployment> deployment = KubernetesDeployment.of(args);
        Output<Manifests> manifests = Output.tuple(spec, deployment).applyValue(t -> new Manifests(t.t1, t.t2));

        var rolePolicy = new RolePolicy(name + "-node", RolePolicyArgs.builder()
                .role(role.id())
                .policy(spec.applyValue(s -> IrsaPolicies.permissions(s).toJson()))
                .build(), child);

        var tls = NodeTls.create(name, cluster, args, extraDnsNames(k.namespace()), child);
        var provider = new Provider(name + "-k8s", ProviderArgs.builder()
                .kubeconfig(k.kubeconfig().asSecret())
                .build(), child);

        var objects = new ArrayList<Resource>();
        KubernetesObject namespace = null;
        for (Manifests.Id id : Manifests.BEFORE_RELEASE) {
            var options = CustomResourceOptions.builder().parent(parent).provider(provider);
            if (namespace != null) {
                options.dependsOn(namespace);
            }
            var object = new KubernetesObject(name + "-" + id.key(), id.apiVersion(), id.kind(),
                    manifests.applyValue(m -> m.get(id)), options.build());
            if (id == Manifests.NAMESPACE) {
                namespace = object;
            }
            objects.add(object);
        }
        var tlsSecret = new Secret(name + "-tls", SecretArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(Chart.TLS_SECRET).namespace(k.namespace())
                        .labels(Map.of("app.kubernetes.io/part-of", "private-vault")).build())
                .type("kubernetes.io/tls")
                .stringData(Output.tuple(tls.caCertPem(), tls.nodeCertPem(), tls.nodeKeyPem())
                        .applyValue(t -> tlsData(t.t1, t.t2, t.t3)).asSecret())
                .build(), CustomResourceOptions.builder().parent(parent).provider(provider).dependsOn(namespace).build());

        var releaseDependencies = new ArrayList<>(objects);
        releaseDependencies.add(tlsSecret);
        releaseDependencies.add(rolePolicy);
        var release = new Release(name + "-release", ReleaseArgs.builder()
                .name(Chart.RELEASE)
                .chart("vault")
                .version(k.chartVersion())
                .repositoryOpts(RepositoryOptsArgs.builder().repo(Chart.REPOSITORY).build())
                .namespace(k.namespace())
                .createNamespace(false)
                .values(Output.tuple(spec, deployment).applyValue(t -> HelmValues.from(t.t1, t.t2).toMap()))
                // Pods stay unready until the init Job has run, which needs the release first.
                .skipAwait(true)
                .atomic(false)
                .maxHistory(10)
                .build(), CustomResourceOptions.builder().parent(parent).provider(provider).dependsOn(releaseDependencies).build());
        for (Manifests.Id id : Manifests.AFTER_RELEASE) {
            new KubernetesObject(name + "-" + id.key(), id.apiVersion(), id.kind(), manifests.applyValue(m -> m.get(id)),
                    CustomResourceOptions.builder().parent(parent).provider(provider).dependsOn(release).build());
        }

        return new PlatformOutputs(role.arn(), role.name(), tls.caCertPem(),
                Output.tuple(spec, deployment).applyValue(t -> HelmValues.serverConfig(t.t1, t.t2).render()),
                manifests.applyValue(Manifests::rendered), recoverySecret.arn(), AuditDevices.kubernetes(),
                Optional.empty());
    }

    static Map<String, String> tlsData(String ca, String cert, String key) {
        var data = new LinkedHashMap<String, String>();
        data.put("tls.crt", cert);
        data.put("tls.key", key);
        data.put("ca.crt", ca);
        return data;
    }
}
