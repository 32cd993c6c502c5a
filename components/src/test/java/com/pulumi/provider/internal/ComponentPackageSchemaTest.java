package com.pulumi.provider.internal;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.ManagedChannelBuilder;
import io.privatevault.components.ComponentPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pulumirpc.ResourceProviderGrpc;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Starts the package's component provider ({@link ComponentPackage#provider()}) behind the SDK's gRPC service
 * in-process (this test sits in the SDK's package because {@code ResourceProviderService.start()} is
 * package-private), calls GetSchema over gRPC on loopback and pins what other languages see: the package name and
 * version, every component, its inputs with types and required flags, its outputs.
 */
class ComponentPackageSchemaTest {
    private ResourceProviderService service;

    @AfterEach
    void stop() {
        if (service != null && service.server != null) {
            service.server.shutdownNow();
        }
    }

    private JsonObject schema() throws Exception {
        service = ComponentPackage.service("127.0.0.1:1");
        service.start();
        var channel = ManagedChannelBuilder.forAddress("127.0.0.1", service.server.getPort()).usePlaintext().build();
        try {
            var response = ResourceProviderGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .getSchema(pulumirpc.Provider.GetSchemaRequest.newBuilder().build());
            return JsonParser.parseString(response.getSchema()).getAsJsonObject();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void schemaListsEveryComponentWithItsInputsAndOutputs() throws Exception {
        var schema = schema();
        assertEquals("private-vault", schema.get("name").getAsString());
        var resources = schema.getAsJsonObject("resources");
        Set<String> tokens = new TreeSet<>(resources.keySet());
        assertTrue(tokens.contains("private-vault:index:KmsSeal"), tokens.toString());

        var kms = resources.getAsJsonObject("private-vault:index:KmsSeal");
        var inputs = kms.getAsJsonObject("inputProperties");
        assertEquals(Set.of("sealPrincipalArns", "adminPrincipalArns", "restorePrincipalArns", "breakGlassPrincipalArns",
                "replicationPrincipalArns", "autoScalingVolumes", "ebsCsiPrincipalArns", "replicaRegion", "multiRegion",
                "deletionWindowDays", "aliasPrefix", "tags"), inputs.keySet());
        assertEquals("array", inputs.getAsJsonObject("sealPrincipalArns").get("type").getAsString());
        assertEquals("string", inputs.getAsJsonObject("sealPrincipalArns").getAsJsonObject("items").get("type").getAsString());
        assertEquals("integer", inputs.getAsJsonObject("deletionWindowDays").get("type").getAsString());
        assertEquals("object", inputs.getAsJsonObject("tags").get("type").getAsString());
        assertEquals(Set.of("sealPrincipalArns"), names(kms, "requiredInputs"));
        assertEquals(Set.of("keyArn", "keyId", "alias", "dataKeyArn", "sealReplicaKeyArn", "ebsCsiPolicyJson"), kms.getAsJsonObject("properties").keySet());
    }

    /**
     * Outputs are required (other languages type them as always present, so a strict TypeScript program can pass
     * {@code kms.keyArn} where a string is required) except those that resolve to nothing in some configuration:
     * VaultRaftCluster's EC2-only outputs on Kubernetes, the replica bucket without replication, the S3 prefix list
     * without the gateway endpoint. Those are optional and absent, never fake "" values.
     */
    @Test
    void outputsAreRequiredUnlessTheyMayBeAbsent() throws Exception {
        var resources = schema().getAsJsonObject("resources");
        var cluster = resources.getAsJsonObject("private-vault:index:VaultRaftCluster");
        var ec2Only = Set.of("asgName", "securityGroupId", "launchTemplateId", "tlsSecretArn", "serverLogGroupName", "auditLogGroupName");
        var expected = new TreeSet<>(cluster.getAsJsonObject("properties").keySet());
        assertTrue(expected.removeAll(ec2Only));
        assertTrue(expected.remove("sessionOperatorPolicyJson"), "exists only with Session Manager on");
        assertEquals(expected, names(cluster, "required"));
        var kms = resources.getAsJsonObject("private-vault:index:KmsSeal");
        var kmsRequired = new TreeSet<>(kms.getAsJsonObject("properties").keySet());
        assertTrue(kmsRequired.remove("sealReplicaKeyArn"), "the seal key's replica exists only with a replica Region");
        assertEquals(kmsRequired, names(kms, "required"));
        assertFalse(names(resources.getAsJsonObject("private-vault:index:BackupBucket"), "required").contains("replicaBucketArn"));
        assertFalse(names(resources.getAsJsonObject("private-vault:index:PrivateVaultNetwork"), "required").contains("s3PrefixListId"));
    }

    /**
     * Every component and nested type as other languages see it: inputs with their types (and which take outputs),
     * required inputs and outputs, compared with the reviewed snapshot in src/test/resources/component-schema.json. An intended
     * change: rerun with -Dprivatevault.updateSchema=true, review the diff, and note it in CHANGELOG.md.
     */
    @Test
    void theServedSchemaMatchesTheReviewedSnapshot() throws Exception {
        var schema = schema();
        var summary = new java.util.TreeMap<String, Object>();
        summary.put("package", new java.util.TreeMap<>(java.util.Map.of(
                "name", schema.get("name").getAsString(), "version", schema.get("version").getAsString())));
        for (String section : new String[]{"resources", "types"}) {
            var entries = schema.getAsJsonObject(section);
            for (String token : new TreeSet<>(entries.keySet())) {
                var entry = entries.getAsJsonObject(token);
                var shape = new java.util.TreeMap<String, Object>();
                shape.put("inputs", types(entry.getAsJsonObject(section.equals("resources") ? "inputProperties" : "properties")));
                shape.put("required", names(entry, section.equals("resources") ? "requiredInputs" : "required"));
                if (section.equals("resources")) {
                    shape.put("outputs", new TreeSet<>(entry.getAsJsonObject("properties").keySet()));
                    shape.put("requiredOutputs", names(entry, "required"));
                }
                summary.put(token, shape);
            }
        }
        String actual = new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(summary) + "\n";
        var snapshot = java.nio.file.Path.of("src/test/resources/component-schema.json");
        if (!java.nio.file.Files.exists(snapshot)) {
            snapshot = java.nio.file.Path.of("components/src/test/resources/component-schema.json");
        }
        if (Boolean.getBoolean("privatevault.updateSchema")) {
            java.nio.file.Files.writeString(snapshot, actual);
        }
        assertEquals(java.nio.file.Files.readString(snapshot), actual,
                "the component schema changed; if intended, rerun with -Dprivatevault.updateSchema=true and note it in CHANGELOG.md");
    }

    /**
     * The served version is the library's: components/pom.xml's {@code <version>}, filtered into package.properties
     * by both builds (the root build filters its own {@code <version>}, so the two poms must agree).
     */
    @Test
    void theServedVersionIsTheLibraryVersion() throws Exception {
        var pom = java.nio.file.Path.of("components/pom.xml");
        if (!java.nio.file.Files.exists(pom)) {
            pom = java.nio.file.Path.of("pom.xml");
        }
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        String libraryVersion = null;
        for (var node = doc.getDocumentElement().getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeName().equals("version")) {
                libraryVersion = node.getTextContent().trim();
            }
        }
        assertEquals("private-vault-components", doc.getElementsByTagName("artifactId").item(0).getTextContent().trim(), pom.toString());
        assertEquals(libraryVersion, schema().get("version").getAsString(),
                "the served schema must carry components/pom.xml's version; the root pom's <version> must match it");
    }

    private static java.util.Map<String, String> types(JsonObject properties) {
        var result = new java.util.TreeMap<String, String>();
        if (properties != null) {
            properties.entrySet().forEach(e -> result.put(e.getKey(), typeOf(e.getValue().getAsJsonObject())));
        }
        return result;
    }

    /**
     * A property's type as generated SDKs see it: {@code Input<...>} around what is not {@code plain} (a program may
     * pass an output of another resource there), at every depth: {@code Input<array<Input<string>>>} takes a list
     * output or a list of outputs, {@code array<string>} only a literal list.
     */
    private static String typeOf(JsonObject property) {
        String type;
        if (property.has("$ref")) {
            type = property.get("$ref").getAsString().replace("#/types/", "");
        } else {
            type = property.get("type").getAsString();
            if (type.equals("array")) {
                type = "array<" + typeOf(property.getAsJsonObject("items")) + ">";
            } else if (type.equals("object") && property.has("additionalProperties")) {
                type = "map<" + typeOf(property.getAsJsonObject("additionalProperties")) + ">";
            }
        }
        boolean plain = property.has("plain") && property.get("plain").getAsBoolean();
        return plain ? type : "Input<" + type + ">";
    }

    private static Set<String> names(JsonObject resource, String field) {
        var set = new TreeSet<String>();
        if (resource.has(field)) {
            resource.getAsJsonArray(field).forEach(e -> set.add(e.getAsString()));
        }
        return set;
    }
}
