package io.privatevault.components.backup;

import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

/** Bucket, replication and writer policies of {@link io.privatevault.components.BackupBucket}, from typed statements. */
public final class BucketPolicies {
    private BucketPolicies() {
    }

    /**
     * The bucket's own policy: TLS 1.2+ only, and no object written with another algorithm or another key.
     * The encryption denials apply only when the header is present ({@code Null ... false}): UploadPart requests
     * carry no encryption header, so demanding it would break multipart uploads of large snapshots; a put
     * without headers gets the bucket default, which is this key.
     */
    public static PolicyDocument bucket(String bucketArn, String keyArn) {
        return PolicyDocument.of(
                Statement.deny("DenyInsecureTransport")
                        .principal("*", "*").actions("s3:*").resources(bucketArn, bucketArn + "/*")
                        .condition("Bool", "aws:SecureTransport", "false")
                        .build(),
                Statement.deny("DenyTlsBelow12")
                        .principal("*", "*").actions("s3:*").resources(bucketArn, bucketArn + "/*")
                        .condition("NumericLessThan", "s3:TlsVersion", "1.2")
                        .build(),
                Statement.deny("DenyOtherEncryption")
                        .principal("*", "*").actions("s3:PutObject").resources(bucketArn + "/*")
                        .condition("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms")
                        .condition("Null", "s3:x-amz-server-side-encryption", "false")
                        .build(),
                Statement.deny("DenyOtherKmsKeys")
                        .principal("*", "*").actions("s3:PutObject").resources(bucketArn + "/*")
                        .condition("StringNotEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", keyArn)
                        .condition("Null", "s3:x-amz-server-side-encryption-aws-kms-key-id", "false")
                        .build());
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
