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
        service = new ResourceProviderService("127.0.0.1:1", ComponentPackage.provider());
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
     * VaultRaftCluster's EC2-only outputs resolve to nothing on Kubernetes. The SDK's ComponentAnalyzer (1.36) marks an
     * output required only when its field carries {@code @Import(required = true)}; an {@code @Export} field without it
     * is optional, so other languages type these outputs as optional and see them absent, not as fake "" values.
     */
    @Test
    void platformSpecificOutputsAreOptional() throws Exception {
        var cluster = schema().getAsJsonObject("resources").getAsJsonObject("private-vault:index:VaultRaftCluster");
        assertTrue(cluster.getAsJsonObject("properties").keySet().containsAll(Set.of("asgName", "securityGroupId",
                "launchTemplateId", "tlsSecretArn", "serverLogGroupName", "auditLogGroupName")));
        assertEquals(Set.of(), names(cluster, "required"), "no output may be required: some exist on one platform only");
    }

    /**
     * Every component and nested type as other languages see it: inputs with their types, required inputs and
     * outputs, compared with the reviewed snapshot in src/test/resources/component-schema.json. An intended
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

    private static String typeOf(JsonObject property) {
        if (property.has("$ref")) {
            return property.get("$ref").getAsString().replace("#/types/", "");
        }
        String type = property.get("type").getAsString();
        if (type.equals("array")) {
            return "array<" + typeOf(property.getAsJsonObject("items")) + ">";
        }
        if (type.equals("object") && property.has("additionalProperties")) {
            return "map<" + typeOf(property.getAsJsonObject("additionalProperties")) + ">";
        }
        return type;
    }

    private static Set<String> names(JsonObject resource, String field) {
        var set = new TreeSet<String>();
        if (resource.has(field)) {
            resource.getAsJsonArray(field).forEach(e -> set.add(e.getAsString()));
        }
        return set;
    }
}
