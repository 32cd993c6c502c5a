package io.privatevault.components;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.RecordedResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class BackupBucketTest {
    static final String ACCOUNT = "111122223333";
    static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/0b0e7f6e-1111-4222-8333-444455556666";
    static final String REPLICA_KEY = "arn:aws:kms:eu-central-1:111122223333:key/9f9e7f6e-1111-4222-8333-444455556666";
    static final String BUCKET = "aws:s3/bucketV2:BucketV2";
    static final String VERSIONING = "aws:s3/bucketVersioningV2:BucketVersioningV2";
    static final String SSE = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
    static final String PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    static final String OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
    static final String POLICY = "aws:s3/bucketPolicy:BucketPolicy";
    static final String LIFECYCLE = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2";
    static final String REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

    static BackupBucketArgs.Builder args() {
        return BackupBucketArgs.builder().kmsKeyArn(KEY);
    }

    static MockRun.Result run(BackupBucketArgs.Builder args) {
        var result = MockRun.of("test", "dev", new AwsMocks("eu-west-1", ACCOUNT)).run(ctx -> {
            var backups = new BackupBucket("vault-backups", args.build(), null);
            ctx.export("bucketName", backups.bucketName);
            ctx.export("bucketArn", backups.bucketArn);
            ctx.export("snapshotPrefix", backups.snapshotPrefix);
            ctx.export("kmsKeyArn", backups.kmsKeyArn);
            ctx.export("writerPolicyJson", backups.writerPolicyJson);
            ctx.export("replicaBucketArn", backups.replicaBucketArn);
        });
        assertFalse(result.failed(), result.errors().toString());
        return result;
    }

    static JsonObject json(Object text) {
        return JsonParser.parseString((String) text).getAsJsonObject();
    }

    static JsonObject statement(JsonArray statements, String sid) {
        for (var s : statements) {
            if (s.getAsJsonObject().get("Sid").getAsString().equals(sid)) {
                return s.getAsJsonObject();
            }
        }
        throw new AssertionError("no statement " + sid + " in " + statements);
    }

    static boolean dependsOn(RecordedResource resource, RecordedResource other) {
        return resource.dependencies().contains(other.urn());
    }

    @Test
    void bucketIsVersionedKmsEncryptedWithBucketKeyPrivateAndWithoutAcls() {
        var result = run(args());
        var bucket = result.one(BUCKET);
        assertEquals(false, bucket.input("forceDestroy"));
        assertTrue(((String) bucket.input("bucketPrefix")).startsWith("vault-backups-"));
        for (String legacy : List.of("acl", "policy", "versionings", "serverSideEncryptionConfigurations", "lifecycleRules", "loggings")) {
            assertNull(bucket.input(legacy), "inline " + legacy + " would fight the separate resource");
        }
        var versioning = result.one(VERSIONING);
        assertEquals("Enabled", versioning.input("versioningConfiguration.status"));
        var sse = result.one(SSE);
        assertEquals("aws:kms", sse.input("rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"));
        assertEquals(KEY, sse.input("rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId"));
        assertEquals(true, sse.input("rules.0.bucketKeyEnabled"));
        var pab = result.one(PAB);
        for (String flag : List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")) {
            assertEquals(true, pab.input(flag), flag);
        }
        assertEquals("BucketOwnerEnforced", result.one(OWNERSHIP).input("rule.objectOwnership"));
        for (var config : List.of(versioning, sse, pab, result.one(OWNERSHIP), result.one(POLICY), result.one(LIFECYCLE))) {
            assertTrue(dependsOn(config, bucket), config.type() + " applies to the backup bucket");
        }
        assertEquals(true, run(args().forceDestroy(true)).one(BUCKET).input("forceDestroy"));
        assertEquals("acme-vault-snapshots", run(args().bucketName("acme-vault-snapshots")).one(BUCKET).input("bucket"));
    }

    @Test
    void policyDeniesPlainHttpOldTlsAndOtherEncryption() {
        var result = run(args());
        var policy = result.one(POLICY);
        assertTrue(dependsOn(policy, result.one(PAB)), "policy waits for the public access block");
        String arn = (String) run(args()).outputs().get("bucketArn");
        var statements = json(policy.input("policy")).getAsJsonArray("Statement");
        assertEquals(4, statements.size());
        statements.forEach(s -> {
            assertEquals("Deny", s.getAsJsonObject().get("Effect").getAsString(), "the bucket policy grants nothing");
            assertEquals("*", s.getAsJsonObject().get("Principal").getAsString());
        });
        var tls = statement(statements, "DenyInsecureTransport");
        assertEquals("s3:*", tls.get("Action").getAsString());
        assertEquals(List.of(arn, arn + "/*"), tls.getAsJsonArray("Resource").asList().stream().map(e -> e.getAsString()).toList());
        assertEquals("false", tls.getAsJsonObject("Condition").getAsJsonObject("Bool").get("aws:SecureTransport").getAsString());
        assertEquals("1.2", statement(statements, "DenyTlsBelow12").getAsJsonObject("Condition")
                .getAsJsonObject("NumericLessThan").get("s3:TlsVersion").getAsString());
        var algorithm = statement(statements, "DenyOtherEncryption").getAsJsonObject("Condition");
        assertEquals("aws:kms", algorithm.getAsJsonObject("StringNotEquals").get("s3:x-amz-server-side-encryption").getAsString());
        assertEquals("false", algorithm.getAsJsonObject("Null").get("s3:x-amz-server-side-encryption").getAsString());
        var key = statement(statements, "DenyOtherKmsKeys");
        assertEquals("s3:PutObject", key.get("Action").getAsString());
        assertEquals(KEY, key.getAsJsonObject("Condition").getAsJsonObject("StringNotEquals")
                .get("s3:x-amz-server-side-encryption-aws-kms-key-id").getAsString());
    }

    @Test
    void lifecycleExpiresSnapshotsKeepsDeletedOnesAWhileAndAbortsUploads() {
        var result = run(args().snapshotExpirationDays(14).noncurrentVersionExpirationDays(90).abortIncompleteUploadDays(1));
        var lifecycle = result.one(LIFECYCLE);
        assertTrue(dependsOn(lifecycle, result.one(VERSIONING)));
        assertEquals("expire-snapshots", lifecycle.input("rules.0.id"));
        assertEquals("Enabled", lifecycle.input("rules.0.status"));
        assertEquals("raft-snapshots/", lifecycle.input("rules.0.filter.prefix"));
        assertEquals(14L, lifecycle.input("rules.0.expiration.days"));
        assertEquals(90L, lifecycle.input("rules.0.noncurrentVersionExpiration.noncurrentDays"));
        assertEquals("Enabled", lifecycle.input("rules.1.status"));
        assertEquals(1L, lifecycle.input("rules.1.abortIncompleteMultipartUpload.daysAfterInitiation"));
        assertEquals(true, lifecycle.input("rules.1.expiration.expiredObjectDeleteMarker"));
        var defaults = run(args()).one(LIFECYCLE);
        assertEquals(30L, defaults.input("rules.0.expiration.days"));
        assertEquals(30L, defaults.input("rules.0.noncurrentVersionExpiration.noncurrentDays"));
        assertEquals(3L, defaults.input("rules.1.abortIncompleteMultipartUpload.daysAfterInitiation"));
    }

    @Test
    void noReplicaUnlessAsked() {
        var result = run(args());
        assertEquals(1, result.ofType(BUCKET).size());
        assertTrue(result.ofType(REPLICATION).isEmpty());
        assertTrue(result.ofType("pulumi:providers:aws").isEmpty());
        assertNull(result.outputs().get("replicaBucketArn"));
    }

    @Test
    void replicaLivesInTheOtherRegionHardenedTheSameWayAndReceivesEncryptedSnapshots() {
        var result = run(args().replica("eu-central-1", REPLICA_KEY));
        var provider = result.one("pulumi:providers:aws");
        assertEquals("eu-central-1", provider.input("region"));
        var primary = result.named(BUCKET, "vault-backups");
        var replica = result.named(BUCKET, "vault-backups-replica");
        assertEquals("", primary.provider(), "the primary uses the default provider");
        for (String type : List.of(BUCKET, VERSIONING, SSE, PAB, OWNERSHIP, POLICY, LIFECYCLE)) {
            var copy = result.named(type, "vault-backups-replica");
            assertTrue(copy.provider().startsWith(provider.urn() + "::"), type + " of the replica uses the replica-region provider");
        }
        assertEquals(REPLICA_KEY, result.named(SSE, "vault-backups-replica").input("rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId"));
        assertEquals(true, result.named(SSE, "vault-backups-replica").input("rules.0.bucketKeyEnabled"));
        assertEquals("Enabled", result.named(VERSIONING, "vault-backups-replica").input("versioningConfiguration.status"));
        assertEquals(true, result.named(PAB, "vault-backups-replica").input("restrictPublicBuckets"));
        var replicaPolicy = json(result.named(POLICY, "vault-backups-replica").input("policy")).getAsJsonArray("Statement");
        assertEquals(REPLICA_KEY, statement(replicaPolicy, "DenyOtherKmsKeys").getAsJsonObject("Condition")
                .getAsJsonObject("StringNotEquals").get("s3:x-amz-server-side-encryption-aws-kms-key-id").getAsString());

        var replication = result.one(REPLICATION);
        assertTrue(dependsOn(replication, primary));
        assertTrue(dependsOn(replication, result.named(VERSIONING, "vault-backups")));
        assertTrue(dependsOn(replication, result.named(VERSIONING, "vault-backups-replica")));
        assertEquals("Enabled", replication.input("rules.0.status"));
        assertEquals("raft-snapshots/", replication.input("rules.0.filter.prefix"));
        assertEquals("Enabled", replication.input("rules.0.sourceSelectionCriteria.sseKmsEncryptedObjects.status"));
        assertEquals("Disabled", replication.input("rules.0.deleteMarkerReplication.status"));
        assertEquals(REPLICA_KEY, replication.input("rules.0.destination.encryptionConfiguration.replicaKmsKeyId"));
        assertEquals("vault-backups-replica-", replica.input("bucketPrefix"));
        assertEquals("acme-snapshots-replica", run(args().bucketName("acme-snapshots").replica("eu-central-1", REPLICA_KEY))
                .named(BUCKET, "vault-backups-replica").input("bucket"));
        String replicaArn = (String) result.outputs().get("replicaBucketArn");
        assertTrue(replicaArn.startsWith("arn:aws:s3:::vault-backups-replica-"), replicaArn);
        assertEquals(replicaArn, replication.input("rules.0.destination.bucket"));

        var role = result.one("aws:iam/role:Role");
        var trust = json(role.input("assumeRolePolicy")).getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertEquals("s3.amazonaws.com", trust.getAsJsonObject("Principal").get("Service").getAsString());
        assertEquals(ACCOUNT, trust.getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("aws:SourceAccount").getAsString());
        var permissions = json(result.one("aws:iam/rolePolicy:RolePolicy").input("policy")).getAsJsonArray("Statement");
        assertEquals(KEY, statement(permissions, "DecryptSource").get("Resource").getAsString());
        assertEquals(REPLICA_KEY, statement(permissions, "EncryptReplica").get("Resource").getAsString());
        assertEquals("s3.eu-central-1.amazonaws.com", statement(permissions, "EncryptReplica").getAsJsonObject("Condition")
                .getAsJsonObject("StringEquals").get("kms:ViaService").getAsString());
        assertEquals(replicaArn + "/*", statement(permissions, "WriteReplica").get("Resource").getAsString());
        permissions.forEach(s -> assertNotEquals("*", s.getAsJsonObject().get("Resource").toString().replace("\"", "")));
    }

    @Test
    void withoutAReplicaKeyTheComponentMakesARotatingKeyInTheReplicaRegion() {
        var result = run(args().replica("eu-central-1", (String) null));
        var key = result.named("aws:kms/key:Key", "vault-backups-replica");
        assertEquals(true, key.input("enableKeyRotation"));
        assertTrue(key.provider().contains("vault-backups-replica"), "replica key must use the replica-region provider: " + key.provider());
        var replication = result.one(REPLICATION);
        assertTrue(replication.dependencies().contains(key.urn()) || String.valueOf(replication.inputs()).contains("key/"),
                "replication must encrypt replicas with the created key");
    }

    @Test
    void exportsNameArnPrefixAndALeastPrivilegeWriterPolicy() {
        var outputs = run(args()).outputs();
        String name = (String) outputs.get("bucketName");
        assertTrue(name.matches("vault-backups-[0-9a-f]{12}"), name);
        assertEquals("arn:aws:s3:::" + name, outputs.get("bucketArn"));
        assertEquals("raft-snapshots/", outputs.get("snapshotPrefix"));
        assertEquals(KEY, outputs.get("kmsKeyArn"));
        var writer = json(outputs.get("writerPolicyJson")).getAsJsonArray("Statement");
        assertEquals("arn:aws:s3:::" + name + "/raft-snapshots/*", statement(writer, "PutSnapshots").get("Resource").getAsString());
        assertEquals("raft-snapshots/*", statement(writer, "ListSnapshots").getAsJsonObject("Condition")
                .getAsJsonObject("StringLike").get("s3:prefix").getAsString());
        assertEquals(KEY, statement(writer, "EncryptSnapshots").get("Resource").getAsString());
        writer.forEach(s -> assertFalse(s.getAsJsonObject().get("Action").toString().contains("Delete"), "writers cannot delete snapshots"));
        assertEquals("backups/raft/", run(args().snapshotPrefix("backups/raft/")).outputs().get("snapshotPrefix"));
    }

    @Test
    void accessLogsGoToTheNamedBucketWhenAsked() {
        assertTrue(run(args()).ofType("aws:s3/bucketLoggingV2:BucketLoggingV2").isEmpty());
        var result = run(args().accessLogBucket("acme-s3-access-logs"));
        var logging = result.one("aws:s3/bucketLoggingV2:BucketLoggingV2");
        assertEquals("acme-s3-access-logs", logging.input("targetBucket"));
        assertEquals("s3-access-logs/" + result.outputs().get("bucketName") + "/", logging.input("targetPrefix"));
        assertEquals(result.outputs().get("bucketName"), logging.input("bucket"));
    }

    @Test
    void everyChildIsParentedToTheComponent() {
        var result = run(args().replica("eu-central-1", REPLICA_KEY).accessLogBucket("acme-s3-access-logs"));
        var component = result.one("private-vault:index:BackupBucket");
        result.resources().stream().filter(RecordedResource::custom)
                .forEach(r -> assertEquals(component.urn(), r.parentUrn(), r.type() + " " + r.name()));
        assertEquals(Map.of(), component.inputs());
    }
}
