package io.privatevault.components.cluster.k8s;

import com.pulumi.core.Output;
import io.privatevault.components.VaultKubernetesPlatformArgs;
import io.privatevault.components.VaultKubernetesTolerationArgs;
import io.privatevault.components.VaultRaftCluster;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.cluster.ClusterFixture;
import io.privatevault.components.testing.MockRun;

import java.util.List;
import java.util.Map;

/** A VaultRaftCluster on the kubernetes platform under the mock engine, shared by the Kubernetes tests. */
final class K8sFixture {
    static final String OIDC_ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
    static final String OIDC_PROVIDER = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
    /** Edge subnets of the NLB and the Client VPN (no pod runs there). */
    static final List<String> NLB_SUBNETS = List.of("10.42.240.0/26", "10.42.240.64/26", "10.42.240.128/26");
    /** An attached VPC whose callers the NLB passes through with their own address. */
    static final List<String> CLIENT_CIDRS = List.of("10.60.0.0/16");
    static final String SERVICE_CIDR = "172.20.0.0/16";
    static final String KUBECONFIG = "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: sekrit-token\n";

    private K8sFixture() {
    }

    static VaultKubernetesPlatformArgs.Builder platform() {
        return VaultKubernetesPlatformArgs.builder()
                .kubeconfig(Output.ofSecret(KUBECONFIG))
                .oidcProviderArn(OIDC_PROVIDER)
                .oidcIssuerUrl(OIDC_ISSUER)
                .nlbSubnetCidrs(Output.of(NLB_SUBNETS))
                .clientCidrs(CLIENT_CIDRS)
                .serviceCidr(SERVICE_CIDR)
                .namespace("vault")
                .nodeSelector(Map.of("workload", "vault"))
                .tolerations(List.of(VaultKubernetesTolerationArgs.of("dedicated", "Equal", "vault", "NoSchedule")));
    }

    static VaultRaftClusterArgs.Builder args() {
        return ClusterFixture.args().platform("kubernetes").kubernetes(platform().build()).nodeCount(5).nodeRoleName("pv-k8s-vault-node");
    }

    static MockRun.Result run(VaultRaftClusterArgs.Builder args) {
        return MockRun.of("test", "k8s", ClusterFixture.mocks()).run(ctx -> {
            var cluster = new VaultRaftCluster("vault", args.build(), null);
            ctx.export("renderedFiles", cluster.renderedFiles);
            ctx.export("nodeConfig", cluster.nodeConfig);
            ctx.export("roleArn", cluster.roleArn);
            ctx.export("asgName", cluster.asgName);
            ctx.export("caCertPem", cluster.caCertPem);
        });
    }
}
