package io.privatevault.components;

import com.pulumi.provider.internal.Metadata;
import com.pulumi.provider.internal.infer.ComponentAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The multi-language package host must be able to infer a schema from these components and their Args. */
class ComponentSchemaTest {
    @Test
    void clusterNlbAndDnsComponentsHaveAnInferableSchema() {
        var schema = ComponentAnalyzer.generateSchema(new Metadata("private-vault"),
                VaultRaftCluster.class, InternalNlb.class, PrivateDnsZone.class);
        var cluster = schema.getResources().get("private-vault:index:VaultRaftCluster");
        assertNotNull(cluster, schema.getResources().keySet().toString());
        assertTrue(cluster.getRequiredInputs().containsAll(Set.of("vpcId", "subnetIds", "sealKeyArn", "dataKeyArn",
                "dnsZoneName", "vaultVersion", "vaultSha256", "targetGroupArn", "nlbSecurityGroupId")), cluster.getRequiredInputs().toString());
        assertFalse(cluster.getRequiredInputs().contains("nodeCount"));
        assertTrue(cluster.getInputProperties().containsKey("alarmEmails"));
        var nlb = schema.getResources().get("private-vault:index:InternalNlb");
        assertTrue(nlb.getInputProperties().containsKey("clientSecurityGroups"));
        var dns = schema.getResources().get("private-vault:index:PrivateDnsZone");
        assertTrue(dns.getInputProperties().containsKey("crossAccountVpcs"));
        assertTrue(schema.getTypes().keySet().stream().anyMatch(t -> t.endsWith("DnsCrossAccountVpcArgs")
                || t.endsWith("DnsCrossAccountVpc")), schema.getTypes().keySet().toString());
    }
}
