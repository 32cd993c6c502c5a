package io.privatevault.components.construct;

import io.privatevault.components.PrivateVaultNetworkArgs;
import io.privatevault.components.testing.ExternalTools;
import io.privatevault.components.testing.UsesTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The YAML and TypeScript examples (examples/yaml, examples/typescript) judged against the schema the component
 * provider serves over gRPC, which is all those languages know of the package: the YAML program by
 * {@link YamlProgramCheck}, the TypeScript program by tsc against declarations rendered from the schema
 * ({@link TypeScriptDeclarations}). A renamed or retyped input or output breaks these tests, not a user's program.
 */
class ExampleProgramsTest {
    private static ConstructHarness harness;

    @BeforeAll
    static void start() throws IOException {
        harness = ConstructHarness.start();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    private static Path examples() {
        return ExternalTools.repoRoot().resolve("examples");
    }

    private static Map<String, Object> yamlProgram() throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(examples().resolve("yaml/Pulumi.yaml")));
    }

    @Test
    void theYamlProgramUsesOnlyWhatTheSchemaServes() throws IOException {
        var program = yamlProgram();
        assertEquals(List.of(), YamlProgramCheck.problems(harness.schema, program));
        @SuppressWarnings("unchecked")
        var resources = (Map<String, Map<String, Object>>) program.get("resources");
        assertEquals(List.of("private-vault:index:KmsSeal", "private-vault:index:PrivateVaultNetwork", "private-vault:index:BackupBucket",
                        "private-vault:index:InternalNlb", "private-vault:index:PrivateDnsZone", "private-vault:index:VaultRaftCluster",
                        "private-vault:index:ClientVpn"),
                resources.values().stream().map(r -> r.get("type")).toList(), "the platform components, as examples/java composes them");
    }

    /** The check is a judge: each kind of mistake a user could make against the schema is reported, by name. */
    @Test
    @SuppressWarnings("unchecked")
    void theYamlCheckReportsEachKindOfMistake() throws IOException {
        var program = yamlProgram();
        var resources = (Map<String, Map<String, Object>>) program.get("resources");
        var cluster = new HashMap<>((Map<String, Object>) resources.get("cluster").get("properties"));
        cluster.put("nodeCount", "three");
        cluster.put("vaultVersoin", cluster.remove("vaultVersion"));
        cluster.put("nodeRoleName", "${nlb.securityGroupId}");
        resources.get("cluster").put("properties", cluster);
        var vpn = new HashMap<>((Map<String, Object>) resources.get("vpn").get("properties"));
        vpn.put("engineers", List.of(Map.of("mode", "generated")));
        vpn.put("vaultFqdn", "${dns.fqdn}");
        resources.get("vpn").put("properties", vpn);
        resources.put("extra", Map.of("type", "private-vault:index:VaultCluster"));

        var problems = YamlProgramCheck.problems(harness.schema, program);
        var expected = List.of("cluster: required input vaultVersion is missing",
                "cluster.nodeCount: three is not of kind integer",
                "cluster.vaultVersoin: private-vault:index:VaultRaftCluster has no input vaultVersoin",
                "cluster.nodeRoleName: a plain input cannot take a resource output",
                "vpn.engineers[0]: required property name is missing",
                "vpn.vaultFqdn: dns (private-vault:index:PrivateDnsZone) has no output fqdn",
                "extra: private-vault:index:VaultCluster is not a component of the package");
        for (String problem : expected) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(problem)), "expected '" + problem + "' in " + problems);
        }
        assertEquals(expected.size(), problems.size(), problems.toString());
    }

    /** The VPN is authorised for the subnets the network component plans; both examples spell them out. */
    @Test
    @SuppressWarnings("unchecked")
    void theExamplesAuthoriseTheSubnetsTheNetworkPlans() throws IOException {
        var network = (Map<String, Object>) ((Map<String, Map<String, Object>>) yamlProgram().get("resources")).get("network").get("properties");
        var plan = PrivateVaultNetworkArgs.builder().cidr((String) network.get("cidr"))
                .availabilityZones(((List<String>) network.get("availabilityZones")).toArray(String[]::new))
                .flowLogKmsKeyArn("arn:aws:kms:eu-west-1:111122223333:key/example").build().subnetPlan();
        List<String> planned = plan.privateSubnets().stream().map(Object::toString).toList();
        var vpn = (Map<String, Object>) ((Map<String, Map<String, Object>>) yamlProgram().get("resources")).get("vpn").get("properties");
        assertEquals(planned, vpn.get("authorizedCidrs"));
        String typescript = Files.readString(examples().resolve("typescript/index.ts"));
        assertTrue(typescript.contains("authorizedCidrs: [" + String.join(", ", planned.stream().map(c -> "\"" + c + "\"").toList()) + "]"),
                "examples/typescript/index.ts authorises " + planned);
    }

    @Test
    @UsesTools
    void theTypeScriptProgramTypeChecksAgainstTheServedSchema(@TempDir Path dir) throws IOException {
        var run = tsc(dir, Files.readString(examples().resolve("typescript/index.ts")));
        assertEquals(0, run.exitCode(), run.all());
    }

    @Test
    @UsesTools
    void tscRejectsAProgramTheSchemaDoesNotAllow(@TempDir Path dir) throws IOException {
        String program = Files.readString(examples().resolve("typescript/index.ts"))
                .replace("nodeCount: 3,", "nodeCount: \"3\",")
                .replace("clientCidrs: [", "clientCidr: [")
                .replace("export const vaultAddress = cluster.vaultAddress;", "export const vaultAddress = cluster.vaultUrl;");
        var run = tsc(dir, program);
        assertNotEquals(0, run.exitCode());
        for (String error : List.of("Type 'string' is not assignable to type 'number'", "'clientCidr' does not exist",
                "Property 'vaultUrl' does not exist on type 'VaultRaftCluster'")) {
            assertTrue(run.all().contains(error), "tsc should report " + error + ":\n" + run.all());
        }
    }

    /**
     * Type-checks {@code program} as examples/typescript/index.ts with its tsconfig.json, the real {@code @pulumi/pulumi}
     * (tools/validators), the package's declarations from the served schema, and a declaration of the one
     * {@code @pulumi/aws} function the example calls (the real package is too large to install for one signature).
     */
    private static ExternalTools.Run tsc(Path dir, String program) throws IOException {
        Path validators = ExternalTools.validators();
        Files.writeString(dir.resolve("index.ts"), program);
        Files.copy(examples().resolve("typescript/tsconfig.json"), dir.resolve("tsconfig.json"));
        Path modules = Files.createDirectories(dir.resolve("node_modules/@pulumi"));
        Files.createSymbolicLink(modules.resolve("pulumi"), validators.resolve("node_modules/@pulumi/pulumi"));
        module(modules.resolve("private-vault"), TypeScriptDeclarations.render(harness.schema));
        module(modules.resolve("aws"), """
                import * as pulumi from "@pulumi/pulumi";
                export interface GetCallerIdentityResult { readonly accountId: string; readonly arn: string; readonly id: string; readonly userId: string; }
                export declare function getCallerIdentityOutput(args?: {}, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetCallerIdentityResult>;
                """);
        var command = new ArrayList<>(List.of("node", validators.resolve("node_modules/typescript/bin/tsc").toString(), "-p", dir.toString()));
        return ExternalTools.run(command, dir);
    }

    private static void module(Path dir, String declarations) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"" + dir.getParent().getFileName() + "/" + dir.getFileName()
                + "\", \"version\": \"0.0.0\", \"types\": \"index.d.ts\"}");
        Files.writeString(dir.resolve("index.d.ts"), declarations);
    }
}
