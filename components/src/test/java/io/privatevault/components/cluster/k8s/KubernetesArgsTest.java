package io.privatevault.components.cluster.k8s;

import io.privatevault.components.VaultKubernetesTolerationArgs;
import io.privatevault.components.VaultRaftCluster;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.cluster.ClusterFixture;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.MockRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** Every rule of the platform inputs: the message names the field, the value and what is allowed. */
class KubernetesArgsTest {
    private static void rejects(String message, Supplier<VaultRaftClusterArgs.Builder> args) {
        var e = assertThrows(InvalidSettingException.class, () -> args.get().build());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void platformIsEc2OrKubernetes() {
        assertEquals("ec2", ClusterFixture.args().build().platform());
        rejects("VaultRaftClusterArgs.platform must be ec2 or kubernetes, got 'eks'", () -> ClusterFixture.args().platform("eks"));
        rejects("VaultRaftClusterArgs.kubernetes must be set when platform is kubernetes", () -> ClusterFixture.args().platform("kubernetes"));
        rejects("VaultRaftClusterArgs.kubernetes must be left out unless platform is kubernetes",
                () -> ClusterFixture.args().kubernetes(K8sFixture.platform().build()));
    }

    /** Pods run Vault's image: no release download, so no internet route is needed for the default URL. */
    @Test
    void kubernetesNeedsNoInternetRouteForVault() {
        assertDoesNotThrow(() -> K8sFixture.args().internetEgress(false).build());
    }

    @Test
    void theOidcProviderMustBeTheIssuers() {
        rejects("VaultRaftClusterArgs.kubernetes.oidcIssuerUrl must be the cluster's OIDC issuer URL",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().oidcIssuerUrl("http://oidc.example").build()));
        rejects("VaultRaftClusterArgs.kubernetes.oidcProviderArn must be an IAM OIDC provider ARN",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().oidcProviderArn("arn:aws:iam::1:role/x").build()));
        rejects("VaultRaftClusterArgs.kubernetes.oidcProviderArn must be the provider of oidcIssuerUrl",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform()
                        .oidcProviderArn("arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER").build()));
    }

    @Test
    void requiredInputs() {
        rejects("VaultRaftClusterArgs.kubernetes.kubeconfig must be set (secret) when platform is kubernetes",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().kubeconfig(null).build()));
        rejects("VaultRaftClusterArgs.kubernetes.nlbSubnetCidrs must be set when platform is kubernetes",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().nlbSubnetCidrs(null).build()));
    }

    @Test
    void namesQuantitiesAndImages() {
        rejects("VaultRaftClusterArgs.kubernetes.namespace", () -> K8sFixture.args().kubernetes(K8sFixture.platform().namespace("Vault_NS").build()));
        rejects("VaultRaftClusterArgs.kubernetes.chartVersion must be a chart version such as 0.34.1, got 'latest'",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().chartVersion("latest").build()));
        rejects("VaultRaftClusterArgs.kubernetes.cpuRequest must be a CPU quantity such as 500m or 2, got 'one'",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().cpuRequest("one").build()));
        rejects("VaultRaftClusterArgs.kubernetes.memoryLimit must be a memory quantity such as 512Mi or 4Gi, got '4G'",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().memoryLimit("4G").build()));
        rejects("VaultRaftClusterArgs.kubernetes.cpuRequest must be at most cpuLimit (2), got '2500m'",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().cpuRequest("2500m").build()));
        rejects("VaultRaftClusterArgs.kubernetes.memoryRequest must be at most memoryLimit (4Gi), got '8Gi'",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().memoryRequest("8Gi").build()));
        rejects("VaultRaftClusterArgs.kubernetes.awsCliImage must be an image with a pinned tag",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().awsCliImage("amazon/aws-cli").build()));
        rejects("VaultRaftClusterArgs.kubernetes.nodeSelector.workload must be a Kubernetes label key and value, got 'bad value'",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform().nodeSelector(java.util.Map.of("workload", "bad value")).build()));
    }

    @Test
    void tolerations() {
        rejects("VaultRaftClusterArgs.kubernetes.tolerations[0].effect must be NoSchedule, PreferNoSchedule or NoExecute, got 'Never'",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform()
                        .tolerations(List.of(VaultKubernetesTolerationArgs.of("dedicated", "Equal", "vault", "Never"))).build()));
        rejects("VaultRaftClusterArgs.kubernetes.tolerations[0].value must be empty for Exists, got 'vault'",
                () -> K8sFixture.args().kubernetes(K8sFixture.platform()
                        .tolerations(List.of(VaultKubernetesTolerationArgs.of("dedicated", "Exists", "vault", null))).build()));
        var exists = VaultKubernetesTolerationArgs.of("dedicated", "Exists", null, null).toManifest();
        assertEquals(java.util.Map.of("key", "dedicated", "operator", "Exists", "effect", "NoSchedule"), exists);
    }

    @Test
    void snapshotIntervalsACronScheduleCanExpress() {
        rejects("VaultRaftClusterArgs.snapshotIntervalMinutes must be a divisor of 60",
                () -> K8sFixture.args().snapshotIntervalMinutes(45));
        rejects("VaultRaftClusterArgs.snapshotIntervalMinutes must be a divisor of 60", () -> K8sFixture.args().snapshotIntervalMinutes(90));
        assertEquals(45, ClusterFixture.args().snapshotIntervalMinutes(45).build().snapshotIntervalMinutes(), "EC2 timers take any interval");
        assertEquals(120, K8sFixture.args().snapshotIntervalMinutes(120).build().snapshotIntervalMinutes());
    }

    @Test
    void aBadArgumentRegistersNothing() {
        var args = K8sFixture.args().kubernetes(K8sFixture.platform().chartVersion("latest").build());
        var result = MockRun.of("test", "k8s", ClusterFixture.mocks()).run(ctx -> new VaultRaftCluster("vault", argsUnchecked(args), null));
        assertTrue(result.failed());
        assertTrue(result.errors().get(0).contains("chartVersion"), result.errors().toString());
        assertTrue(result.resources().stream().noneMatch(r -> r.type().startsWith("kubernetes:") || r.type().startsWith("aws:")),
                result.resources().toString());
    }

    /** Args as another language would pass them: the builder's check skipped, so the component's own check runs. */
    private static VaultRaftClusterArgs argsUnchecked(VaultRaftClusterArgs.Builder builder) {
        try {
            var field = VaultRaftClusterArgs.Builder.class.getDeclaredField("a");
            field.setAccessible(true);
            return (VaultRaftClusterArgs) field.get(builder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
