package io.privatevault.components.backup;

import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

import java.util.ArrayList;
import java.util.List;

/** Bucket, replication, reader and writer policies of {@link io.privatevault.components.BackupBucket}, from typed statements. */
public final class BucketPolicies {
    private BucketPolicies() {
    }

    /**
     * Who may touch the snapshots, beyond IAM: {@code null} lists leave that part to IAM alone (a component used
     * without them), an empty list denies everyone.
     *
     * @param writers     roles that put snapshots (the Vault node role); the replica bucket takes none
     * @param readers     roles that read snapshots (restore roles)
     * @param replicators the S3 replication role (reads versions for replication here, writes replicas there)
     * @param replica     whether this is the replica bucket (written only by replication)
     */
    public record Access(List<String> writers, List<String> readers, List<String> replicators, boolean replica) {
    }

    /** Object reads that return a snapshot's bytes or its attributes. */
    static final String[] READ_ACTIONS = {"s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAttributes",
            "s3:GetObjectVersionAttributes"};
    /** What S3 replication writes into a destination bucket. */
    static final String[] REPLICATION_WRITES = {"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"};

    /**
     * The bucket's own policy: TLS 1.2+ only, no object written with another algorithm or another key, and, with
     * {@code access}, snapshots written only by the writers (or replication, for the replica) and read only by the
     * readers, whatever IAM policy anyone else holds (explicit denies with {@code aws:PrincipalArn}).
     * The encryption denials apply only when the header is present ({@code Null ... false}): UploadPart requests
     * carry no encryption header, so demanding it would break multipart uploads of large snapshots; a put
     * without headers gets the bucket default, which is this key.
     */
    public static PolicyDocument bucket(String bucketArn, String keyArn, Access access) {
        String objects = bucketArn + "/*";
        var statements = new ArrayList<Statement>();
        statements.add(Statement.deny("DenyInsecureTransport")
                .principal("*", "*").actions("s3:*").resources(bucketArn, objects)
                .condition("Bool", "aws:SecureTransport", "false")
                .build());
        statements.add(Statement.deny("DenyTlsBelow12")
                .principal("*", "*").actions("s3:*").resources(bucketArn, objects)
                .condition("NumericLessThan", "s3:TlsVersion", "1.2")
                .build());
        statements.add(Statement.deny("DenyOtherEncryption")
                .principal("*", "*").actions("s3:PutObject").resources(objects)
                .condition("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms")
                .condition("Null", "s3:x-amz-server-side-encryption", "false")
                .build());
        statements.add(Statement.deny("DenyOtherKmsKeys")
                .principal("*", "*").actions("s3:PutObject").resources(objects)
                .condition("StringNotEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", keyArn)
                .condition("Null", "s3:x-amz-server-side-encryption-aws-kms-key-id", "false")
                .build());
        if (access.readers() != null) {
            statements.add(onlyThese("OnlyRestoreRolesRead", READ_ACTIONS, objects, access.readers()));
        }
        if (access.replicators() != null) {
            statements.add(access.replica()
                    ? onlyThese("OnlyReplicationWritesReplicas", REPLICATION_WRITES, objects, access.replicators())
                    : onlyThese("OnlyReplicationReadsForReplication", new String[]{"s3:GetObjectVersionForReplication"}, objects,
                    access.replicators()));
        }
        if (access.writers() != null) {
            statements.add(onlyThese(access.replica() ? "OnlyReplicationWrites" : "OnlyNodesWrite", new String[]{"s3:PutObject"}, objects,
                    access.writers()));
        }
        return new PolicyDocument(List.copyOf(statements));
    }

    /** Deny {@code actions} to every principal but {@code principals} (to all when it is empty). */
    private static Statement onlyThese(String sid, String[] actions, String resource, List<String> principals) {
        var statement = Statement.deny(sid).principal("*", "*").actions(actions).resources(resource);
        if (!principals.isEmpty()) {
            statement.condition("ArnNotEquals", "aws:PrincipalArn", principals);
        }
        return statement.build();
    }

    /** Trust of the replication role: S3, for this bucket of this account only. */
    public static PolicyDocument replicationTrust(String accountId, String bucketArn) {
        return PolicyDocument.of(Statement.assumeRoleBy("S3Replication", "s3.amazonaws.com")
                .condition("StringEquals", "aws:SourceAccount", accountId)
                .condition("ArnLike", "aws:SourceArn", bucketArn)
                .build());
    }

    /** What S3 replication needs (S3 user guide, "Setting up permissions for live replication"), nothing more. */
    public static PolicyDocument replication(String region, String bucketArn, String keyArn,
                                             String replicaRegion, String replicaArn, String replicaKeyArn) {
        return PolicyDocument.of(
                Statement.allow("ReadSourceConfiguration")
                        .actions("s3:GetReplicationConfiguration", "s3:ListBucket").resources(bucketArn).build(),
                Statement.allow("ReadSourceVersions")
                        .actions("s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging")
                        .resources(bucketArn + "/*").build(),
                Statement.allow("WriteReplica")
                        .actions("s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags").resources(replicaArn + "/*").build(),
                Statement.allow("DecryptSource")
                        .actions("kms:Decrypt").resources(keyArn)
                        .condition("StringEquals", "kms:ViaService", "s3." + region + ".amazonaws.com")
                        .condition("StringLike", "kms:EncryptionContext:aws:s3:arn", bucketArn, bucketArn + "/*")
                        .build(),
                Statement.allow("EncryptReplica")
                        .actions("kms:Encrypt", "kms:GenerateDataKey").resources(replicaKeyArn)
                        .condition("StringEquals", "kms:ViaService", "s3." + replicaRegion + ".amazonaws.com")
                        .condition("StringLike", "kms:EncryptionContext:aws:s3:arn", replicaArn, replicaArn + "/*")
                        .build());
    }

    /**
     * For a restore role: list and read the snapshots in the bucket and, with a replica, in the replica bucket, and
     * decrypt them through S3 in each bucket's Region. (Unsealing a cluster restored in the replica Region is the seal
     * key replica's policy's to grant, not IAM's.)
     *
     * @param replica {bucketArn, keyArn, region} of the replica, or null
     */
    public static PolicyDocument reader(String bucketArn, String prefix, String keyArn, String region, String[] replica) {
        var buckets = new ArrayList<String>(List.of(bucketArn));
        var objects = new ArrayList<String>(List.of(bucketArn + "/" + prefix + "*"));
        if (replica != null) {
            buckets.add(replica[0]);
            objects.add(replica[0] + "/" + prefix + "*");
        }
        var statements = new ArrayList<Statement>();
        statements.add(Statement.allow("ListSnapshots").actions("s3:ListBucket", "s3:ListBucketVersions").resources(buckets)
                .condition("StringLike", "s3:prefix", prefix + "*").build());
        statements.add(Statement.allow("ReadSnapshots").actions("s3:GetObject", "s3:GetObjectVersion").resources(objects).build());
        statements.add(Statement.allow("DecryptSnapshots").actions("kms:Decrypt").resources(keyArn)
                .condition("StringEquals", "kms:ViaService", "s3." + region + ".amazonaws.com").build());
        if (replica != null) {
            statements.add(Statement.allow("DecryptReplicas").actions("kms:Decrypt").resources(replica[1])
                    .condition("StringEquals", "kms:ViaService", "s3." + replica[2] + ".amazonaws.com").build());
        }
        return new PolicyDocument(List.copyOf(statements));
    }

    /**
     * For the snapshot writer (the Vault node role): put and list under the snapshot prefix only, and the key
     * operations an SSE-KMS upload needs (Decrypt too: multipart uploads decrypt the data key per part).
     */
    public static PolicyDocument writer(String bucketArn, String prefix, String keyArn) {
        return PolicyDocument.of(
                Statement.allow("PutSnapshots").actions("s3:PutObject").resources(bucketArn + "/" + prefix + "*").build(),
                Statement.allow("ListSnapshots").actions("s3:ListBucket").resources(bucketArn)
                        .condition("StringLike", "s3:prefix", prefix + "*").build(),
                Statement.allow("EncryptSnapshots").actions("kms:GenerateDataKey", "kms:Decrypt").resources(keyArn).build());
    }
}
