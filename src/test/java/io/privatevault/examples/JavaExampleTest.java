package io.privatevault.examples;

import com.example.vault.App;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.PlanRunner;
import io.privatevault.plan.insights.PolicyContext;
import io.privatevault.plan.insights.PolicyPack;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Java example (examples/java) planned offline with the mock engine the {@code plan} command uses (its sources
 * are compiled with this build's tests, so an API change breaks the build). The plan must succeed,
 * register every platform component, pass the project's policy pack with no finding, and give the nodes a way to
 * install Vault: one NAT gateway by default, or, with {@code vaultArtifactUrl}, no internet route and read access
 * to the artifact bucket through the S3 gateway endpoint. A change to the components' Args or behaviour that breaks
 * the example fails here.
 */
class JavaExampleTest {
    private static final String REGION = "eu-west-1";
    private static final String PROVISIONER = "arn:aws:iam::" + PlanRunner.PLAN_ACCOUNT_ID + ":role/vault-provisioner";
    private static final List<String> COMPONENTS = List.of("KmsSeal", "PrivateVaultNetwork", "BackupBucket", "InternalNlb",
            "PrivateDnsZone", "VaultRaftCluster", "ClientVpn");

    /** The example's Pulumi.yaml: its project name, and the settings the program reads. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> project() throws IOException {
        return new Yaml().load(Files.readString(Examples.dir().resolve("java/Pulumi.yaml")));
    }

    private static MockRun.Result plan(Map<String, String> settings) throws IOException {
        String name = (String) project().get("name");
        var config = new HashMap<String, String>();
        config.put("aws:region", REGION);
        settings.forEach((key, value) -> config.put(name + ":" + key, value));
        MockRun.Result result = MockRun.of(name, "dev", new AwsMocks(REGION, PlanRunner.PLAN_ACCOUNT_ID))
                .withConfig(config, Set.of()).run(App::stack);
        assertEquals(List.of(), result.errors(), "the example failed under the mock engine");
        return result;
    }

    @Test
    void theProjectDeclaresEverySettingTheProgramReads() throws IOException {
        @SuppressWarnings("unchecked")
        var declared = (Map<String, Object>) project().get("config");
        assertEquals(Set.of("provisionerRoleArn", "vaultArtifactUrl"), declared.keySet());
        assertEquals("java", project().get("runtime"));
    }

    @Test
    void asWrittenTheExamplePlansEveryComponentWithNoPolicyFindingAndNatForTheVaultDownload() throws IOException {
        MockRun.Result result = plan(Map.of("provisionerRoleArn", PROVISIONER));
        for (String component : COMPONENTS) {
            assertEquals(1, result.ofType("private-vault:index:" + component).size(), component);
        }
        assertEquals(List.of(), PolicyPack.standard().evaluate(PolicyContext.of(result.resources(), "dev")).findings(),
                "the example must pass the project's policy pack");
        // Without an artifact bucket the nodes fetch releases.hashicorp.com: one NAT gateway, and a default route to it.
        assertEquals(1, result.ofType("aws:ec2/natGateway:NatGateway").size());
        assertTrue(result.ofType("aws:ec2/route:Route").stream().anyMatch(r -> "0.0.0.0/0".equals(r.input("destinationCidrBlock"))
                && r.input("natGatewayId") != null), "the private subnets need a default route to the NAT gateway");
        assertEquals("https://vault.tooling.internal:8200", result.outputs().get("vaultAddress"));
    }

    @Test
    void withAnArtifactBucketTheVpcHasNoInternetRouteAndTheNodesReadTheZipFromS3() throws IOException {
        MockRun.Result result = plan(Map.of("provisionerRoleArn", PROVISIONER, "vaultArtifactUrl", "s3://example-artifacts/vault"));
        assertEquals(List.of(), PolicyPack.standard().evaluate(PolicyContext.of(result.resources(), "dev")).findings());
        assertEquals(List.of(), result.ofType("aws:ec2/natGateway:NatGateway"));
        assertEquals(List.of(), result.ofType("aws:ec2/internetGateway:InternetGateway"));
        var policies = new TreeSet<String>();
        for (RecordedResource policy : result.ofType("aws:iam/rolePolicy:RolePolicy")) {
            policies.add(String.valueOf(policy.input("policy")));
        }
        assertTrue(policies.stream().anyMatch(p -> p.contains("arn:aws:s3:::example-artifacts/vault/*")),
                "the node role must read the artifact prefix: " + policies);
        assertEquals(1, result.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").stream()
                .filter(e -> String.valueOf(e.input("serviceName")).endsWith(".s3")).count(), "the S3 gateway endpoint");
    }
}
