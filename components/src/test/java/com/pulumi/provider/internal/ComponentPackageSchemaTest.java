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
 * Starts the SDK's component provider service in-process (this test sits in the SDK's package because
 * {@code ResourceProviderService.start()} is package-private), calls GetSchema over gRPC on loopback and pins
 * the schema other languages see: every component, its inputs with types and required flags, its outputs.
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
        service = new ResourceProviderService("127.0.0.1:1",
                new ComponentProvider(new Metadata(ComponentPackage.NAME), ComponentPackage.class.getPackage()));
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
        assertEquals(Set.of("sealPrincipalArns", "adminPrincipalArns", "deletionWindowDays", "aliasPrefix", "tags"), inputs.keySet());
        assertEquals("array", inputs.getAsJsonObject("sealPrincipalArns").get("type").getAsString());
        assertEquals("string", inputs.getAsJsonObject("sealPrincipalArns").getAsJsonObject("items").get("type").getAsString());
        assertEquals("integer", inputs.getAsJsonObject("deletionWindowDays").get("type").getAsString());
        assertEquals("object", inputs.getAsJsonObject("tags").get("type").getAsString());
        assertEquals(Set.of("sealPrincipalArns"), names(kms, "requiredInputs"));
        assertEquals(Set.of("keyArn", "keyId", "alias", "dataKeyArn", "nodePolicyJson"), kms.getAsJsonObject("properties").keySet());
    }

    private static Set<String> names(JsonObject resource, String field) {
        var set = new TreeSet<String>();
        if (resource.has(field)) {
            resource.getAsJsonArray(field).forEach(e -> set.add(e.getAsString()));
        }
        return set;
    }
}
