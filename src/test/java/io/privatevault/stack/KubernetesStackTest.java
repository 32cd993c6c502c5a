package io.privatevault.stack;

import io.privatevault.components.testing.UsesTools;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.testing.Unknown;
import io.privatevault.plan.PlanReport;
import io.privatevault.plan.PlanRunner;
import io.privatevault.plan.insights.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The platform setting, its Kubernetes block and kubeconfig, and the shipped Pulumi.k8s.yaml composed offline. */
class KubernetesStackTest {
    static final String CSI_ROLE = "arn:aws:iam::123456789012:role/tooling-ebs-csi-driver";

    static PlanReport k8s;

    @BeforeAll
    static void planOnce() {
        k8s = TestStacks.plan("k8s");
    }

    static RecordedResource one(String type) {
        var found = k8s.resources().stream().filter(r -> r.type().equals(type)).toList();
        assertEquals(1, found.size(), type);
        return found.get(0);
    }

    @Test
    void theShippedStackLoadsWithAnEncryptedKubeconfig() {
        var s = TestStacks.settings("k8s");
        assertTrue(s.platform().onKubernetes());
        var k = s.platform().eks();
        assertNull(s.platform().kubeconfig(), "secure: offline is present, secret and unknown");
        assertEquals("vault", k.namespace());
        assertEquals("0.34.1", k.chartVersion());
        assertEquals(Map.of("workload", "vault"), k.nodeSelector());
        assertEquals(List.of(new EksSettings.Toleration("dedicated", "Equal", "vault", "NoSchedule")), k.tolerations());
        assertEquals(new EksSettings.Quantities("2", "8Gi"), k.resources().requests());
        assertEquals(new EksSettings.Quantities("4", "8Gi"), k.resources().limits());
        // The other stacks stay on EC2 by default.
        assertFalse(TestStacks.settings("dev").platform().onKubernetes());
        assertNull(TestStacks.settings("prod").platform().eks());
    }

    /** The tooling cluster runs the Prometheus Operator: the shipped stack turns the chart's ServiceMonitor and rules on. */
    @Test
    void theShippedStackAlertsThroughTheClustersPrometheus() {
        var k = TestStacks.settings("k8s").platform().eks();
        assertEquals(Boolean.TRUE, k.prometheusOperator());
        var release = one("kubernetes:helm.sh/v3:Release");
        assertEquals(true, release.input("values.serverTelemetry.serviceMonitor.enabled"));
        assertEquals(true, release.input("values.serverTelemetry.prometheusRules.enabled"));
        assertEquals("vault-metrics-token", release.input("values.serverTelemetry.serviceMonitor.authorization.credentials.name"));
        // Without the setting (the default) nothing needs the operator's CRDs.
        var off = plan("k8s", Map.of("kubernetesPlatform", withoutPrometheus()), "kubernetes:helm.sh/v3:Release").get(0);
        assertEquals(false, off.input("values.serverTelemetry.serviceMonitor.enabled"));
        assertEquals(false, off.input("values.serverTelemetry.prometheusRules.enabled"));
    }

    /** A declared integration is the one destination besides AWS, DNS and the peers that Vault's pods may call. */
    @Test
    @SuppressWarnings("unchecked")
    void aDeclaredIntegrationBecomesAnEgressRuleOfTheNetworkPolicy() {
        var policy = plan("k8s", Map.of("vaultIntegrationEgress", List.of(Map.of("name", "orders-db", "cidr", "10.70.8.0/24", "port", 5432))),
                "kubernetes:networking.k8s.io/v1:NetworkPolicy").get(0);
        var egress = (List<Map<String, Object>>) policy.input("spec.egress");
        assertEquals(Map.of("to", List.of(Map.of("ipBlock", Map.of("cidr", "10.70.8.0/24"))), "ports", List.of(Map.of("protocol", "TCP", "port", 5432L))),
                egress.get(egress.size() - 1));
    }

    /** Without the Client VPN the NLB alone needs its 8 free addresses: a /27 edge subnet is enough. */
    @Test
    void aSlash27EdgeSubnetIsEnoughWithoutTheVpn() {
        var settings = TestStacks.settings("k8s", Map.of("vpnEnabled", false,
                "edgeSubnetCidrs", List.of("10.44.240.0/27", "10.44.240.32/27", "10.44.240.64/27")));
        assertEquals(List.of("10.44.240.0/27", "10.44.240.32/27", "10.44.240.64/27"), settings.network().edgeSubnetCidrs());
    }

    private static Map<String, Object> withoutPrometheus() {
        var e = TestStacks.settings("k8s").platform().eks();
        return Map.of("ebsCsiRoleArn", e.ebsCsiRoleArn(), "oidcIssuerUrl", e.oidcIssuerUrl(), "oidcProviderArn", e.oidcProviderArn(),
                "serviceCidr", e.serviceCidr());
    }

    /** The adopted EKS VPC has its endpoints and transit-gateway attachment already: none is created a second time. */
    @Test
    void adoptModeLeavesTheEksVpcsEndpointsAndAttachmentAlone() {
        for (String type : List.of("aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2transitgateway/vpcAttachment:VpcAttachment", "aws:ec2/route:Route")) {
            assertEquals(0, k8s.resources().stream().filter(r -> r.type().equals(type)).count(), type);
        }
        // Without the setting the six interface endpoints the pods' platform needs (no Session Manager on Kubernetes) and
        // the S3 gateway are created: the setting is what skips them.
        assertEquals(7, plan("k8s", Map.of("existingVpcEndpoints", List.of()), "aws:ec2/vpcEndpoint:VpcEndpoint").size());
    }

    private static List<RecordedResource> plan(String stack, Map<String, Object> overrides, String type) {
        return PlanRunner.run(TestStacks.settings(stack, overrides)).resources().stream()
                .filter(r -> r.type().equals(type)).toList();
    }

    @Test
    void theNlbTargetsPodIpsAndTheBindingRegistersThemInItsTargetGroup() {
        var targetGroup = one("aws:lb/targetGroup:TargetGroup");
        assertEquals("ip", targetGroup.input("targetType"));
        var binding = one("kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding");
        assertTrue(binding.dependencies().contains(targetGroup.urn()), "the binding names the NLB's target group");
        assertEquals("ip", binding.input("spec.targetType"));
        assertTrue(k8s.resources().stream().noneMatch(r -> r.type().equals("aws:autoscaling/group:Group")), "no EC2 nodes");
        // Same name and VPN path: the zone's alias still points at the NLB.
        assertTrue(k8s.resources().stream().anyMatch(r -> r.type().equals("aws:ec2clientvpn/endpoint:Endpoint")));
        assertTrue(one("aws:route53/record:Record").dependencies().contains(
                one("aws:lb/loadBalancer:LoadBalancer").urn()));
    }

    @Test
    void theKubeconfigReachesTheProviderAsAnUnknownSecret() {
        // Encrypted in the stack file: unknown offline (the engine cannot mark an unknown as secret), never a default.
        assertEquals(Unknown.VALUE, one("pulumi:providers:kubernetes").input("kubeconfig"));
        var decrypted = PlanRunner.run(TestStacks.settings("k8s", Map.of("vaultClusterKubeconfig", "apiVersion: v1\nkind: Config\n")));
        var provider = decrypted.resources().stream().filter(r -> r.type().equals("pulumi:providers:kubernetes")).findFirst().orElseThrow();
        assertTrue(provider.isSecret("kubeconfig"), "a known kubeconfig is registered as a secret");
        assertEquals("apiVersion: v1\nkind: Config\n", provider.input("kubeconfig"));
    }

    @Test
    void theSealKeyPolicyNamesTheIrsaRole() {
        var role = k8s.resources().stream().filter(r -> r.type().equals("aws:iam/role:Role")
                && "private-vault-k8s-vault-node".equals(r.input("name"))).findFirst().orElseThrow();
        assertTrue(((String) role.input("assumeRolePolicy")).contains("system:serviceaccount:vault:vault"));
        String policy = (String) k8s.resources().stream().filter(r -> r.name().equals("vault-kms-seal") && r.type().equals("aws:kms/key:Key"))
                .findFirst().orElseThrow().input("policy");
        assertTrue(policy.contains(":role/private-vault-k8s-vault-node"), policy);
    }

    @Test
    void thePlanHasNoHighFindingsAndWritesTheChartValues() {
        assertEquals(0, k8s.insights().findings().count(Severity.HIGH), k8s.insights().findings().toText());
        assertTrue(k8s.renderedFiles().containsKey("k8s/values.yaml"), k8s.renderedFiles().keySet().toString());
        assertTrue(k8s.renderedFiles().containsKey("k8s/manifests/targetgroupbinding.yaml"));
        // NetworkPolicy sources are the edge subnets (NLB, Client VPN) and the attached VPC, never the cluster's /20 subnets.
        String policy = k8s.renderedFiles().get("k8s/manifests/networkpolicy.yaml");
        for (String cidr : List.of("10.44.240.0/26", "10.44.240.64/26", "10.44.240.128/26", "10.70.0.0/16")) {
            assertTrue(policy.contains("cidr: " + cidr), policy);
        }
        for (String cidr : List.of("10.44.0.0/20", "10.44.16.0/20", "10.44.32.0/20")) {
            assertFalse(policy.contains("cidr: " + cidr), policy);
        }
    }

    @Test

    @UsesTools
    void theStackFileIsAValidPulumiStackFile() {
        var schema = TestStacks.projectDir().resolveSibling("shared").resolve("schemas").resolve("pulumi-stack.schema.json");
        assertTrue(java.nio.file.Files.isRegularFile(schema), "schema missing: " + schema);
        var run = io.privatevault.components.testing.ExternalTools.ajv(schema, TestStacks.projectDir().resolve("Pulumi.k8s.yaml"));
        assertEquals(0, run.exitCode(), run.all());
    }

    @Test
    void planArtifactsHoldTheHelmValuesAndManifests(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        int code = io.privatevault.Main.cli(new String[]{"plan", "--project-dir", TestStacks.projectDir().toString(), "--stack", "k8s",
                "--artifacts", dir.toString()}, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        var loader = new org.yaml.snakeyaml.Yaml();
        Map<String, Object> values = loader.load(java.nio.file.Files.readString(dir.resolve("k8s/values.yaml")));
        assertEquals(5, ((Map<?, ?>) ((Map<?, ?>) values.get("server")).get("ha")).get("replicas"));
        try (var files = java.nio.file.Files.list(dir.resolve("k8s/manifests"))) {
            assertEquals(10, files.peek(f -> assertNotNull(loadYaml(f))).count());
        }
    }

    private static Object loadYaml(java.nio.file.Path file) {
        try {
            return new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> badSettings() {
        Map<String, Object> k8sBlock = Map.of("ebsCsiRoleArn", CSI_ROLE, "oidcIssuerUrl", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                "oidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC");
        return Stream.of(
                Arguments.of("dev", Map.of("platform", "eks"), "private-vault:platform must be ec2 or kubernetes, got 'eks'"),
                Arguments.of("dev", Map.of("kubernetesPlatform", k8sBlock),
                        "private-vault:kubernetesPlatform must be empty unless platform is kubernetes"),
                Arguments.of("dev", Map.of("vaultClusterKubeconfig", "apiVersion: v1"),
                        "private-vault:vaultClusterKubeconfig must be empty unless platform is kubernetes"),
                Arguments.of("dev", Map.of("platform", "kubernetes", "kubernetesPlatform", k8sBlock, "vaultClusterKubeconfig", "apiVersion: v1"),
                        "private-vault:existingVpcId must be the EKS cluster's VPC when platform is kubernetes"),
                Arguments.of("k8s", Map.of("kubernetesPlatform", Map.of()), "private-vault:kubernetesPlatform must be set when platform is kubernetes"),
                Arguments.of("k8s", Map.of("vaultClusterKubeconfig", ""), "private-vault:vaultClusterKubeconfig must be set (secret) when platform is kubernetes"),
                Arguments.of("k8s", Map.of("snapshotIntervalMinutes", 45), "private-vault:snapshotIntervalMinutes must be a divisor of 60"),
                Arguments.of("k8s", Map.of("kubernetesPlatform", Map.of("ebsCsiRoleArn", CSI_ROLE, "serviceCidr", "172.20.0.0/16", "oidcIssuerUrl", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                                "oidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/XYZ")),
                        "private-vault:kubernetesPlatform.oidcProviderArn must be the provider of oidcIssuerUrl (ending in oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC)"),
                Arguments.of("k8s", Map.of("kubernetesPlatform", Map.of("ebsCsiRoleArn", CSI_ROLE, "serviceCidr", "172.20.0.0/16", "oidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/x")),
                        "private-vault:kubernetesPlatform.oidcIssuerUrl must be set"),
                Arguments.of("k8s", Map.of("kubernetesPlatform", Map.of("ebsCsiRoleArn", CSI_ROLE, "serviceCidr", "172.20.0.0/16", "oidcIssuerUrl", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                                "oidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                                "tolerations", List.of(Map.of("key", "dedicated", "effect", "Never", "value", "vault")))),
                        "private-vault:kubernetesPlatform.tolerations[0].effect must be NoSchedule, PreferNoSchedule or NoExecute, got 'Never'"),
                Arguments.of("k8s", Map.of("kubernetesPlatform", Map.of("ebsCsiRoleArn", CSI_ROLE, "serviceCidr", "172.20.0.0/16", "oidcIssuerUrl", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                                "oidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                                "resources", Map.of("limits", Map.of("memory", "8G")))),
                        "private-vault:kubernetesPlatform.resources.limits.memory must be a memory quantity such as 512Mi or 4Gi, got '8G'"),
                Arguments.of("k8s", Map.of("kubernetesPlatform", Map.of("ebsCsiRoleArn", CSI_ROLE, "oidcIssuerUrl", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                                "oidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC")),
                        "private-vault:kubernetesPlatform.serviceCidr must be set"),
                Arguments.of("k8s", Map.of("kubernetesPlatform", Map.of("ebsCsiRoleArn", CSI_ROLE, "serviceCidr", "8.8.0.0/16",
                                "oidcIssuerUrl", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                                "oidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC")),
                        "private-vault:kubernetesPlatform.serviceCidr must be a private /12 to /24 block, as EKS allows for serviceIpv4Cidr, got '8.8.0.0/16'"),
                // The NLB and the VPN need subnets of their own: the NetworkPolicy admits them.
                Arguments.of("k8s", Map.of("edgeSubnetCidrs", List.of()),
                        "private-vault:edgeSubnetCidrs must be one small subnet per availability zone (a /24 to /27 of the EKS VPC holding no pod) when platform is kubernetes"),
                Arguments.of("k8s", Map.of("edgeSubnetCidrs", List.of("10.44.0.0/20", "10.44.240.64/26", "10.44.240.128/26")),
                        "private-vault:edgeSubnetCidrs must be a /24 to /27 block (the NLB and a Client VPN association need at least a /27; wider is a workload subnet), got '10.44.0.0/20'"),
                Arguments.of("k8s", Map.of("edgeSubnetCidrs", List.of("10.99.240.0/26", "10.44.240.64/26", "10.44.240.128/26")),
                        "private-vault:edgeSubnetCidrs must be inside the VPC (10.44.0.0/16), got '10.99.240.0/26'"),
                Arguments.of("k8s", Map.of("edgeSubnetCidrs", List.of("10.44.240.0/26", "10.44.240.32/27", "10.44.240.128/26")),
                        "private-vault:edgeSubnetCidrs must be blocks that do not overlap each other (it overlaps 10.44.240.0/26), got '10.44.240.32/27'"),
                // A /27 leaves 27 addresses: fewer than the Client VPN's 20 plus the NLB's 8 (rules quoted on StackSettings).
                Arguments.of("k8s", Map.of("edgeSubnetCidrs", List.of("10.44.240.0/27", "10.44.240.64/26", "10.44.240.128/26")),
                        "private-vault:edgeSubnetCidrs must be a /26 or larger block while the Client VPN shares it with the NLB (AWS keeps 5 addresses of every subnet, a Client VPN association needs 20 available at all times and the NLB 8), got '10.44.240.0/27'"),
                Arguments.of("k8s", Map.of("edgeSubnetCidrs", List.of("10.44.240.0/26", "10.44.240.64/26")),
                        "private-vault:edgeSubnetCidrs must be 3 CIDR blocks, one per entry of availabilityZones"),
                Arguments.of("k8s", Map.of("kubernetesPlatform", Map.of("ebsCsiRoleArn", CSI_ROLE, "serviceCidr", "172.20.0.0/16", "oidcIssuerUrl", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                                "oidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                                "replicas", 3)),
                        "private-vault:kubernetesPlatform.replicas must be a known field"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badSettings")
    void eachRuleNamesTheKeyTheValueAndWhatIsAllowed(String stack, Map<String, Object> overrides, String expected) {
        var error = assertThrows(InvalidSettingsException.class, () -> TestStacks.settings(stack, overrides));
        assertTrue(error.problems().stream().anyMatch(p -> p.startsWith(expected)),
                () -> "expected a problem starting with\n  " + expected + "\ngot\n  " + String.join("\n  ", error.problems()));
    }
}
