package io.privatevault.components;

import io.privatevault.components.host.MayBeAbsent;
import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketLoggingV2;
import com.pulumi.aws.s3.BucketLoggingV2Args;
import com.pulumi.aws.s3.BucketOwnershipControls;
import com.pulumi.aws.s3.BucketOwnershipControlsArgs;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketReplicationConfig;
import com.pulumi.aws.s3.BucketReplicationConfigArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketOwnershipControlsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleArgs;
import com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleDeleteMarkerReplicationArgs;
import com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleDestinationArgs;
import com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs;
import com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleSourceSelectionCriteriaArgs;
import com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.privatevault.components.backup.BucketPolicies;
import io.privatevault.components.kms.KeyPolicies;
import io.privatevault.components.support.AwsEnvironment;

import javax.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The S3 bucket Vault's Raft snapshots go to: versioned, SSE-KMS with a bucket key, public access blocked on all
 * four counts, ACLs off, TLS-only with no other key allowed, written only by the named writers and read only by the
 * named readers, lifecycle-managed, protected from deletion by Pulumi, and optionally replicated to a second region.
 * Nothing here can be read anonymously, and a delete is recoverable for the noncurrent period.
 */
public final class BackupBucket extends ComponentResource {
    /** Bucket name. */
    @Export(name = "bucketName", refs = {String.class})
    public final Output<String> bucketName;
    /** Bucket ARN. */
    @Export(name = "bucketArn", refs = {String.class})
    public final Output<String> bucketArn;
    /** Key prefix snapshots are written under, ending in '/'. */
    @Export(name = "snapshotPrefix", refs = {String.class})
    public final Output<String> snapshotPrefix;
    /** The key uploads must use (and may name in {@code x-amz-server-side-encryption-aws-kms-key-id}). */
    @Export(name = "kmsKeyArn", refs = {String.class})
    public final Output<String> kmsKeyArn;
    /** IAM policy JSON for the snapshot writer: put/list under the prefix, and the key operations for SSE-KMS. */
    @Export(name = "writerPolicyJson", refs = {String.class})
    public final Output<String> writerPolicyJson;
    /** IAM policy JSON for a restore role: list, read and decrypt the snapshots (and their replicas). */
    @Export(name = "readerPolicyJson", refs = {String.class})
    public final Output<String> readerPolicyJson;
    /** Replica bucket ARN, or null without replication. */
    @MayBeAbsent("without replicaRegion")
    @Export(name = "replicaBucketArn", refs = {String.class})
    public final Output<String> replicaBucketArn;
    /** Replica bucket name, or null without replication. */
    @MayBeAbsent("without replicaRegion")
    @Export(name = "replicaBucketName", refs = {String.class})
    public final Output<String> replicaBucketName;
    /** The key encrypting the replicas (in the replica Region), or null without replication. */
    @MayBeAbsent("without replicaRegion")
    @Export(name = "replicaKmsKeyArn", refs = {String.class})
    public final Output<String> replicaKmsKeyArn;

    public BackupBucket(String name, BackupBucketArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:BackupBucket", name, null, ComponentLifecycle.validated(args.validate(), options));
        var env = AwsEnvironment.of(this);
        var child = CustomResourceOptions.builder().parent(this).build();
        Output<List<String>> readers = nullableList(args.readerPrincipalArns());
        Output<List<String>> writers = nullableList(args.writerPrincipalArns());

        var bucket = hardenedBucket(name, args, args.bucketName(), args.bucketPrefix(name), args.kmsKeyArn(), null);
        // The replication role: both buckets' policies and the replica key's name it.
        Role role = null;
        if (args.replicates()) {
            var roleArgs = RoleArgs.builder();
            if (args.replicationRoleName() != null) {
                roleArgs.name(args.replicationRoleName());
            }
            role = new Role(name + "-replication", roleArgs
                    .description("S3 replication of " + name + " snapshots to " + args.replicaRegion())
                    .assumeRolePolicy(Output.tuple(env.accountId(), bucket.bucket.arn())
                            .applyValue(t -> BucketPolicies.replicationTrust(t.t1, t.t2).toJson()))
                    .tags(args.tags())
                    .build(), child);
        }
        Output<List<String>> replicators = role == null ? Output.ofNullable(null) : role.arn().applyValue(List::of);
        bucketPolicy(name, bucket, args.kmsKeyArn(), null,
                Output.tuple(writers, readers, replicators).applyValue(t -> new BucketPolicies.Access(t.t1, t.t2, t.t3, false)));
        if (args.accessLogBucket() != null) {
            new BucketLoggingV2(name + "-access-logs", BucketLoggingV2Args.builder()
                    .bucket(bucket.bucket.id())
                    .targetBucket(args.accessLogBucket())
                    .targetPrefix(bucket.bucket.bucket().applyValue(b -> "s3-access-logs/" + b + "/"))
                    .build(), child);
        }

        Output<String> replicaArn = Output.ofNullable(null);
        Output<String> replicaName = Output.ofNullable(null);
        Output<String> replicaKey = Output.ofNullable(null);
        String[] replicaRegion = {args.replicaRegion()};
        if (args.replicates()) {
            // Provider objects cannot cross the multi-language boundary, so the component makes its own.
            var provider = new Provider(name + "-replica", ProviderArgs.builder().region(args.replicaRegion()).build(), child);
            Output<List<String>> admins = args.kmsAdminPrincipalArns() != null
                    ? args.kmsAdminPrincipalArns() : env.accountRootArn().applyValue(List::of);
            replicaKey = args.replicaKmsKeyArn() != null ? args.replicaKmsKeyArn()
                    : new Key(name + "-replica", KeyArgs.builder()
                            .description("Raft snapshot replica of " + name + " in " + args.replicaRegion())
                            .enableKeyRotation(true)
                            .deletionWindowInDays(30)
                            .policy(Output.tuple(env.accountId(), admins, replicators, readers).applyValue(t ->
                                    KeyPolicies.snapshotReplica(t.t1, args.replicaRegion(), t.t2, t.t3,
                                            t.t4 == null ? List.of() : t.t4).toJson()))
                            .tags(args.tags())
                            .build(), CustomResourceOptions.builder().parent(this).provider(provider).protect(true).build()).arn();
            var replica = hardenedBucket(name + "-replica", args, args.replicaBucketName(), args.replicaBucketPrefix(name),
                    replicaKey, provider);
            bucketPolicy(name + "-replica", replica, replicaKey, provider,
                    Output.tuple(readers, replicators).applyValue(t -> new BucketPolicies.Access(List.of(), t.t1, t.t2, true)));
            var sourceKey = replicaKey;
            var permissions = new RolePolicy(name + "-replication", RolePolicyArgs.builder()
                    .role(role.name())
                    .policy(Output.tuple(env.region(), bucket.bucket.arn(), args.kmsKeyArn(), replica.bucket.arn(), sourceKey)
                            .applyValue(t -> BucketPolicies.replication(t.t1, t.t2, t.t3, args.replicaRegion(), t.t4, t.t5).toJson()))
                    .build(), child);
            new BucketReplicationConfig(name + "-replication", BucketReplicationConfigArgs.builder()
                    .bucket(bucket.bucket.id())
                    .role(role.arn())
                    .rules(BucketReplicationConfigRuleArgs.builder()
                            .id("replicate-snapshots")
                            .status("Enabled")
                            .priority(1)
                            .filter(BucketReplicationConfigRuleFilterArgs.builder().prefix(args.snapshotPrefix()).build())
                            // A delete in the primary (mistake or attacker) must not reach the replica.
                            .deleteMarkerReplication(BucketReplicationConfigRuleDeleteMarkerReplicationArgs.builder().status("Disabled").build())
                            // SSE-KMS objects are skipped unless this is on.
                            .sourceSelectionCriteria(BucketReplicationConfigRuleSourceSelectionCriteriaArgs.builder()
                                    .sseKmsEncryptedObjects(BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs.builder()
                                            .status("Enabled").build())
                                    .build())
                            .destination(BucketReplicationConfigRuleDestinationArgs.builder()
                                    .bucket(replica.bucket.arn())
                                    .storageClass("STANDARD")
                                    .encryptionConfiguration(BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs.builder()
                                            .replicaKmsKeyId(replicaKey).build())
                                    .build())
                            .build())
                    .build(),
                    // S3 rejects a replication configuration until both buckets are versioned.
                    CustomResourceOptions.builder().parent(this).dependsOn(bucket.versioning, replica.versioning, permissions).build());
            replicaArn = replica.bucket.arn();
            replicaName = replica.bucket.bucket();
        }

        this.bucketName = bucket.bucket.bucket();
        this.bucketArn = bucket.bucket.arn();
        this.snapshotPrefix = Output.of(args.snapshotPrefix());
        this.kmsKeyArn = args.kmsKeyArn();
        this.writerPolicyJson = Output.tuple(bucket.bucket.arn(), args.kmsKeyArn())
                .applyValue(t -> BucketPolicies.writer(t.t1, args.snapshotPrefix(), t.t2).toJson());
        this.replicaBucketArn = replicaArn;
        this.replicaBucketName = replicaName;
        this.replicaKmsKeyArn = replicaKey;
        Output<String[]> replicaFacts = args.replicates()
                ? Output.tuple(replicaArn, replicaKey).applyValue(t -> new String[]{t.t1, t.t2, replicaRegion[0]})
                : Output.ofNullable(null);
        this.readerPolicyJson = Output.tuple(bucket.bucket.arn(), args.kmsKeyArn(), env.region(), replicaFacts)
                .applyValue(t -> BucketPolicies.reader(t.t1, args.snapshotPrefix(), t.t2, t.t3, t.t4).toJson());
        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("bucketName", bucketName);
        outputs.put("bucketArn", bucketArn);
        outputs.put("snapshotPrefix", snapshotPrefix);
        outputs.put("kmsKeyArn", kmsKeyArn);
        outputs.put("writerPolicyJson", writerPolicyJson);
        outputs.put("readerPolicyJson", readerPolicyJson);
        outputs.put("replicaBucketArn", replicaBucketArn);
        outputs.put("replicaBucketName", replicaBucketName);
        outputs.put("replicaKmsKeyArn", replicaKmsKeyArn);
        registerOutputs(outputs);
    }

    /** A list the caller may leave out (null: the bucket policy leaves that part to IAM). */
    private static Output<List<String>> nullableList(@Nullable Output<List<String>> value) {
        return value == null ? Output.ofNullable(null) : value;
    }

    /** Parented to this component, in the replica region when {@code provider} is set. */
    private CustomResourceOptions options(@Nullable Provider provider, Resource... dependsOn) {
        var options = CustomResourceOptions.builder().parent(this).dependsOn(dependsOn);
        return (provider == null ? options : options.provider(provider)).build();
    }

    private record Hardened(BucketV2 bucket, BucketVersioningV2 versioning, BucketPublicAccessBlock publicAccess) {
    }

    /** A bucket with every protection this component promises; used for the primary and the replica alike. */
    private Hardened hardenedBucket(String prefix, BackupBucketArgs args, @Nullable String exactName, String namePrefix,
                                    Output<String> keyArn, @Nullable Provider provider) {
        var options = options(provider);
        var bucketArgs = BucketV2Args.builder().forceDestroy(args.forceDestroy()).tags(args.tags());
        if (exactName != null) {
            bucketArgs.bucket(exactName);
        } else {
            bucketArgs.bucketPrefix(namePrefix);
        }
        // Snapshots are the last copy of Vault's data: Pulumi refuses to delete or replace the bucket.
        var bucket = new BucketV2(prefix, bucketArgs.build(), CustomResourceOptions.merge(options,
                CustomResourceOptions.builder().protect(true).build()));
        var publicAccess = new BucketPublicAccessBlock(prefix, BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(true)
                .blockPublicPolicy(true)
                .ignorePublicAcls(true)
                .restrictPublicBuckets(true)
                .build(), options);
        new BucketOwnershipControls(prefix, BucketOwnershipControlsArgs.builder()
                .bucket(bucket.id())
                .rule(BucketOwnershipControlsRuleArgs.builder().objectOwnership("BucketOwnerEnforced").build())
                .build(), options);
        var versioning = new BucketVersioningV2(prefix, BucketVersioningV2Args.builder()
                .bucket(bucket.id())
                .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder().status("Enabled").build())
                .build(), options);
        new BucketServerSideEncryptionConfigurationV2(prefix, BucketServerSideEncryptionConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                        .applyServerSideEncryptionByDefault(BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder()
                                .sseAlgorithm("aws:kms")
                                .kmsMasterKeyId(keyArn)
                                .build())
                        .bucketKeyEnabled(true)   // one KMS call per bucket key instead of per object: cost and throttling
                        .build())
                .build(), options);
        // Lifecycle expirations are not replicated, so the replica carries the same rules.
        new BucketLifecycleConfigurationV2(prefix, BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(
                        BucketLifecycleConfigurationV2RuleArgs.builder()
                                .id("expire-snapshots")
                                .status("Enabled")
                                .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix(args.snapshotPrefix()).build())
                                .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder()
                                        .days(args.snapshotExpirationDays()).build())
                                .noncurrentVersionExpiration(BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs.builder()
                                        .noncurrentDays(args.noncurrentVersionExpirationDays()).build())
                                .build(),
                        BucketLifecycleConfigurationV2RuleArgs.builder()
                                .id("abort-uploads-and-remove-delete-markers")
                                .status("Enabled")
                                .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                                .abortIncompleteMultipartUpload(BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                                        .daysAfterInitiation(args.abortIncompleteUploadDays()).build())
                                .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder()
                                        .expiredObjectDeleteMarker(true).build())
                                .build())
                .build(),
                // Lifecycle rules on an unversioned bucket would delete instead of keeping noncurrent versions.
                options(provider, versioning));
        return new Hardened(bucket, versioning, publicAccess);
    }

    /** The bucket policy of a hardened bucket: TLS only, this key only, and who may write and read ({@code access}). */
    private void bucketPolicy(String prefix, Hardened hardened, Output<String> keyArn, @Nullable Provider provider,
                              Output<BucketPolicies.Access> access) {
        new BucketPolicy(prefix, BucketPolicyArgs.builder()
                .bucket(hardened.bucket.id())
                .policy(Output.tuple(hardened.bucket.arn(), keyArn, access).applyValue(t -> BucketPolicies.bucket(t.t1, t.t2, t.t3).toJson()))
                .build(),
                // S3 aborts a policy put that races the public access block update on the same bucket.
                options(provider, hardened.publicAccess));
    }
}
