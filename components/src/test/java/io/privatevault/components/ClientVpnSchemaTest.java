package io.privatevault.components;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.pulumi.provider.internal.Metadata;
import com.pulumi.provider.internal.infer.ComponentAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The multi-language component host must be able to infer ClientVpn's schema from its class and Args. */
class ClientVpnSchemaTest {
    @Test
    void theComponentHostInfersInputsOutputsAndNestedTypes() {
        var spec = ComponentAnalyzer.generateSchema(new Metadata("private-vault"), ClientVpn.class);
        var json = new Gson().toJsonTree(spec).getAsJsonObject();
        JsonObject resource = json.getAsJsonObject("resources").getAsJsonObject("private-vault:index:ClientVpn");
        assertNotNull(resource, json.toString());
        var inputs = new TreeSet<>(resource.getAsJsonObject("inputProperties").keySet());
        assertEquals(new TreeSet<>(List.of("associationCount", "attachedCidrs", "authorizedCidrs", "caEarlyRenewalHours",
                "caValidityHours", "certificateAuthorityArn", "clientCidr", "clientEarlyRenewalHours", "clientValidityHours", "engineers", "keyType",
                "logKmsKeyArn", "logRetentionDays", "loginBanner", "manageNlbIngress", "nlbSecurityGroupId", "resolverAddress",
                "revoked", "serverEarlyRenewalHours", "serverName", "serverValidityHours", "sessionTimeoutHours", "subnetIds",
                "tags", "vaultFqdn", "vpcCidr", "vpcId")), inputs);
        var required = new TreeSet<String>();
        resource.getAsJsonArray("requiredInputs").forEach(e -> required.add(e.getAsString()));
        assertEquals(new TreeSet<>(List.of("authorizedCidrs", "clientCidr", "logKmsKeyArn", "nlbSecurityGroupId",
                "resolverAddress", "serverName", "subnetIds", "vpcCidr", "vpcId")), required);
        assertTrue(resource.getAsJsonObject("properties").keySet().containsAll(List.of("clientConfigs", "endpointId",
                "dnsName", "revocationListPem", "renderedFiles")));
        var types = json.getAsJsonObject("types");
        assertEquals(new TreeSet<>(List.of("private-vault:index:Engineer", "private-vault:index:RevokedEngineer")), new TreeSet<>(types.keySet()));
        assertEquals("#/types/private-vault:index:Engineer", resource.getAsJsonObject("inputProperties").getAsJsonObject("engineers")
                .getAsJsonObject("items").get("$ref").getAsString());
        assertEquals(new TreeSet<>(List.of("csrPem", "mode", "name")),
                new TreeSet<>(types.getAsJsonObject("private-vault:index:Engineer").getAsJsonObject("properties").keySet()));
    }
}
