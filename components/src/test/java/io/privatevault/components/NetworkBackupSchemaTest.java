package io.privatevault.components;

import com.pulumi.provider.internal.Metadata;
import com.pulumi.provider.internal.infer.ComponentAnalyzer;
import com.pulumi.provider.internal.properties.PropertyValue;
import com.pulumi.provider.internal.properties.PropertyValueSerializer;
import com.pulumi.resources.ComponentResourceOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link PrivateVaultNetwork} and {@link BackupBucket} through the Java SDK's own multi-language machinery: the
 * schema the component host infers, and Args decoded from the property values another language sends.
 */
class NetworkBackupSchemaTest {
    static final String NETWORK = "private-vault:index:PrivateVaultNetwork";
    static final String BACKUP = "private-vault:index:BackupBucket";

    @Test
    void eachComponentHasTheOneConstructorTheHostCalls() {
        for (var type : List.of(PrivateVaultNetwork.class, BackupBucket.class)) {
            assertEquals(1, type.getDeclaredConstructors().length, type.getSimpleName());
            assertArrayEquals(new Class<?>[]{String.class, type == BackupBucket.class ? BackupBucketArgs.class : PrivateVaultNetworkArgs.class,
                    ComponentResourceOptions.class}, type.getDeclaredConstructors()[0].getParameterTypes());
        }
    }

    @Test
    void theHostInfersInputsRequiredInputsAndOutputs() {
        var schema = ComponentAnalyzer.generateSchema(new Metadata("private-vault"), PrivateVaultNetwork.class, BackupBucket.class);
        var network = schema.getResources().get(NETWORK);
        assertEquals(Set.of("cidr", "availabilityZones", "existingVpcId", "existingPrivateSubnetIds", "existingRouteTableIds",
                        "natGateways", "subnetNewBits", "endpointServices", "endpointZoneCount", "s3GatewayEndpoint", "trustedAccountIds", "flowLogKmsKeyArn",
                        "flowLogRetentionDays", "attachments", "existingTransitGatewayIds", "edgeSubnetCidrs", "tags"),
                network.getInputProperties().keySet());
        assertEquals(Set.of("cidr", "availabilityZones", "flowLogKmsKeyArn"), network.getRequiredInputs());
        assertTrue(network.getProperties().keySet().containsAll(Set.of("vpcId", "privateSubnetIds", "cidr", "resolverAddress",
                "availabilityZones", "privateRouteTableIds", "endpointSecurityGroupId", "flowLogGroupName", "attachedCidrs", "natEgress")));
        var attachment = schema.getTypes().get("private-vault:index:ClientVpcAttachment");
        assertNotNull(attachment, schema.getTypes().keySet().toString());

        var backup = schema.getResources().get(BACKUP);
        assertEquals(Set.of("kmsKeyArn", "snapshotPrefix", "snapshotExpirationDays", "noncurrentVersionExpirationDays",
                        "abortIncompleteUploadDays", "replicaRegion", "replicaKmsKeyArn", "forceDestroy", "accessLogBucket",
                        "bucketName", "tags", "writerPrincipalArns", "readerPrincipalArns", "replicationRoleName", "kmsAdminPrincipalArns"),
                backup.getInputProperties().keySet());
        assertEquals(Set.of("kmsKeyArn"), backup.getRequiredInputs());
        assertTrue(backup.getProperties().keySet().containsAll(Set.of("bucketName", "bucketArn", "snapshotPrefix", "kmsKeyArn",
                "writerPolicyJson", "replicaBucketArn")));
    }

    @Test
    void argsFromAnotherLanguageDecodeAndTakeTheDocumentedDefaults() {
        var inputs = Map.of(
                "cidr", PropertyValue.of("10.42.0.0/16"),
                "availabilityZones", PropertyValue.of(List.of(PropertyValue.of("eu-west-1a"), PropertyValue.of("eu-west-1b"), PropertyValue.of("eu-west-1c"))),
                "flowLogKmsKeyArn", PropertyValue.of(PrivateVaultNetworkTest.KEY),
                "flowLogRetentionDays", PropertyValue.of(90.0),
                "attachments", PropertyValue.of(List.of(PropertyValue.of(Map.of(
                        "name", PropertyValue.of("eks"), "cidr", PropertyValue.of("10.70.0.0/16"),
                        "transitGatewayId", PropertyValue.of("tgw-0fffffffffffffff1"))))));
        var args = PropertyValueSerializer.deserialize(PropertyValue.of(inputs), PrivateVaultNetworkArgs.class).validate();
        assertEquals(90, args.flowLogRetentionDays());
        assertEquals("none", args.natGateways());
        assertEquals(3, args.subnetNewBits());
        assertTrue(args.s3GatewayEndpoint());
        assertEquals(9, args.endpointServices().size());
        assertEquals("tgw-0fffffffffffffff1", args.attachments().get(0).transitGatewayId());

        var backup = PropertyValueSerializer.deserialize(PropertyValue.of(Map.of("kmsKeyArn", PropertyValue.of(BackupBucketTest.KEY))),
                BackupBucketArgs.class).validate();
        assertEquals("raft-snapshots/", backup.snapshotPrefix());
        assertEquals(30, backup.snapshotExpirationDays());
        assertEquals(30, backup.noncurrentVersionExpirationDays());
        assertFalse(backup.forceDestroy());
        assertFalse(backup.replicates());
    }
}
