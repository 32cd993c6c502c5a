package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.network.NetworkLimits;
import io.privatevault.components.support.Problems;

import java.util.List;
import java.util.Map;

/**
 * Inputs of {@link BackupBucket}. Every field is optional unless marked required; a missing field takes the default
 * documented on it (also when the component is constructed from another Pulumi language).
 */
public final class BackupBucketArgs extends ResourceArgs {
    /** Required. KMS key ARN for SSE-KMS (the {@link KmsSeal} data key); uploads naming another key are denied. */
    @Import(name = "kmsKeyArn", required = true)
    private Output<String> kmsKeyArn;

    /** Key prefix the snapshots live under, ending in '/'. Default {@code raft-snapshots/}. */
    @Import(name = "snapshotPrefix")
    private String snapshotPrefix;

    /** Days after which a snapshot stops being current (it then becomes a noncurrent version), 1-3650. Default 30. */
    @Import(name = "snapshotExpirationDays")
    private Integer snapshotExpirationDays;

    /**
     * Days a deleted or expired snapshot version is kept before it is destroyed, 1-3650. Default 30: a mistaken or
     * malicious delete can be undone for a month.
     */
    @Import(name = "noncurrentVersionExpirationDays")
    private Integer noncurrentVersionExpirationDays;

    /** Days before an unfinished multipart upload is aborted (its parts cost money), 1-30. Default 3. */
    @Import(name = "abortIncompleteUploadDays")
    private Integer abortIncompleteUploadDays;

    /**
     * Region of a replica bucket (e.g. {@code eu-central-1}) for regional disaster recovery. Default: no replica.
     * A provider for that region is created inside the component (provider objects cannot cross the
     * multi-language boundary); it uses the same credentials as the default provider.
     */
    @Import(name = "replicaRegion")
    private String replicaRegion;

    /**
     * With {@code replicaRegion}: a KMS key ARN in that region encrypting the replica. Default: the component
     * creates a rotating customer-managed key in the replica region (KMS keys never leave their region), usable only
     * by replication (write) and the readers (read), each through S3 there, and protected like the buckets.
     */
    @Import(name = "replicaKmsKeyArn")
    private Output<String> replicaKmsKeyArn;

    /**
     * Roles that may write snapshots (the Vault node role): the bucket policy denies {@code s3:PutObject} to every
     * other principal, whatever its IAM policy. Default: not restricted by the bucket policy (IAM alone decides).
     */
    @Import(name = "writerPrincipalArns")
    private Output<List<String>> writerPrincipalArns;

    /**
     * Roles that may read snapshots (restore roles), in both buckets: the bucket policies deny object reads to every
     * other principal; an empty list lets nobody read. Their IAM policy needs {@code readerPolicyJson}. Default: not
     * restricted by the bucket policy (IAM alone decides).
     */
    @Import(name = "readerPrincipalArns")
    private Output<List<String>> readerPrincipalArns;

    /**
     * Name of the S3 replication role (with {@code replicaRegion}), so a key policy written before this component can
     * name it. Default: generated.
     */
    @Import(name = "replicationRoleName")
    private String replicationRoleName;

    /** Administrators of the replica bucket's key (created with {@code replicaRegion}). Default: the account root. */
    @Import(name = "kmsAdminPrincipalArns")
    private Output<List<String>> kmsAdminPrincipalArns;

    /** Let {@code pulumi destroy} delete a bucket that still holds snapshots. Default false: backups outlive mistakes. */
    @Import(name = "forceDestroy")
    private Boolean forceDestroy;

    /**
     * Existing bucket receiving S3 server access logs (it must allow {@code logging.s3.amazonaws.com} to write).
     * Default: no access logs (CloudTrail data events are the alternative).
     */
    @Import(name = "accessLogBucket")
    private String accessLogBucket;

    /** Exact bucket name. Default: generated from the component name with a unique suffix (names are global). */
    @Import(name = "bucketName")
    private String bucketName;

    /** Tags for every resource. Default none. */
    @Import(name = "tags")
    private Map<String, String> tags;

    private BackupBucketArgs() {
    }

    public Output<String> kmsKeyArn() {
        return kmsKeyArn;
    }

    public String snapshotPrefix() {
        return snapshotPrefix == null ? "raft-snapshots/" : snapshotPrefix;
    }

    public int snapshotExpirationDays() {
        return snapshotExpirationDays == null ? 30 : snapshotExpirationDays;
    }

    public int noncurrentVersionExpirationDays() {
        return noncurrentVersionExpirationDays == null ? 30 : noncurrentVersionExpirationDays;
    }

    public int abortIncompleteUploadDays() {
        return abortIncompleteUploadDays == null ? 3 : abortIncompleteUploadDays;
    }

    public boolean replicates() {
        return replicaRegion != null;
    }

    public String replicaRegion() {
        return replicaRegion;
    }

    public Output<String> replicaKmsKeyArn() {
        return replicaKmsKeyArn;
    }

    public Output<List<String>> writerPrincipalArns() {
        return writerPrincipalArns;
    }

    public Output<List<String>> readerPrincipalArns() {
        return readerPrincipalArns;
    }

    public String replicationRoleName() {
        return replicationRoleName;
    }

    public Output<List<String>> kmsAdminPrincipalArns() {
        return kmsAdminPrincipalArns;
    }

    public boolean forceDestroy() {
        return forceDestroy != null && forceDestroy;
    }

    public String accessLogBucket() {
        return accessLogBucket;
    }

    public String bucketName() {
        return bucketName;
    }

    /** Prefix for a generated bucket name: the component name made S3-safe, at most 37 characters with the dash. */
    public String bucketPrefix(String componentName) {
        return safeName(componentName, 30) + "-";
    }

    /** Prefix for the replica's generated name: recognisably the same bucket, within S3's 37-character limit. */
    public String replicaBucketPrefix(String componentName) {
        return safeName(componentName, 28) + "-replica-";
    }

    /** Exact replica name when {@code bucketName} is set. */
    public String replicaBucketName() {
        return bucketName == null ? null : bucketName + "-replica";
    }

    private static String safeName(String componentName, int max) {
        String safe = componentName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (safe.length() > max) {
            safe = safe.substring(0, max).replaceAll("-+$", "");
        }
        return safe.length() < 3 ? "vault-backups" : safe;
    }

    public Map<String, String> tags() {
        return tags == null ? Map.of() : tags;
    }

    /** Checks every rule; called by the builder and again by the component (other languages skip the builder). */
    BackupBucketArgs validate() {
        var p = Problems.of("BackupBucketArgs");
        p.require(kmsKeyArn != null, "kmsKeyArn", null, "set (the KmsSeal data key ARN)");
        String prefix = snapshotPrefix();
        p.require(prefix.matches("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*/") && prefix.length() <= 200, "snapshotPrefix",
                snapshotPrefix, "lower-case path segments of letters, digits, '.', '_' or '-', ending in '/', e.g. raft-snapshots/");
        p.between("snapshotExpirationDays", snapshotExpirationDays(), 1, 3650);
        p.between("noncurrentVersionExpirationDays", noncurrentVersionExpirationDays(), 1, 3650);
        p.between("abortIncompleteUploadDays", abortIncompleteUploadDays(), 1, 30);
        if (replicaRegion != null) {
            p.require(NetworkLimits.isRegion(replicaRegion), "replicaRegion", replicaRegion, "an AWS region such as eu-central-1");
        } else {
            p.require(replicaKmsKeyArn == null, "replicaKmsKeyArn", "(set)", "unset unless replicaRegion is set");
        }
        if (bucketName != null) {
            p.require(bucketName.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]") && !bucketName.startsWith("xn--")
                            && !bucketName.endsWith("-s3alias"), "bucketName", bucketName,
                    "3-63 lower-case letters, digits and '-', starting and ending with a letter or digit (no dots: they break TLS for virtual-hosted requests)");
        }
        if (bucketName != null && replicaRegion != null) {
            p.compare(bucketName.length() <= 55, "bucketName", bucketName,
                    "at most 55 characters when replicaRegion is set (the replica is named <bucketName>-replica)", "replicaRegion");
        }
        if (replicationRoleName != null) {
            p.require(replicationRoleName.matches("[A-Za-z0-9+=,.@_-]{1,64}"), "replicationRoleName", replicationRoleName,
                    "an IAM role name (letters, digits and +=,.@_-, at most 64 characters)");
            p.require(replicaRegion != null, "replicationRoleName", replicationRoleName, "unset unless replicaRegion is set");
        }
        if (accessLogBucket != null) {
            p.require(accessLogBucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") && !accessLogBucket.contains(".."),
                    "accessLogBucket", accessLogBucket, "an S3 bucket name (3-63 lower-case letters, digits, '.' and '-')");
        }
        p.orThrow();
        return this;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final BackupBucketArgs args = new BackupBucketArgs();

        public Builder kmsKeyArn(Output<String> value) {
            args.kmsKeyArn = value;
            return this;
        }

        public Builder kmsKeyArn(String value) {
            return kmsKeyArn(Output.of(value));
        }

        public Builder snapshotPrefix(String value) {
            args.snapshotPrefix = value;
            return this;
        }

        public Builder snapshotExpirationDays(int value) {
            args.snapshotExpirationDays = value;
            return this;
        }

        public Builder noncurrentVersionExpirationDays(int value) {
            args.noncurrentVersionExpirationDays = value;
            return this;
        }

        public Builder abortIncompleteUploadDays(int value) {
            args.abortIncompleteUploadDays = value;
            return this;
        }

        /** Replicates every snapshot to a bucket in {@code region}, encrypted with {@code kmsKeyArn} there. */
        public Builder replica(String region, Output<String> kmsKeyArn) {
            args.replicaRegion = region;
            args.replicaKmsKeyArn = kmsKeyArn;
            return this;
        }

        public Builder replica(String region, String kmsKeyArn) {
            return replica(region, kmsKeyArn == null ? null : Output.of(kmsKeyArn));
        }

        public Builder writerPrincipalArns(Output<List<String>> value) {
            args.writerPrincipalArns = value;
            return this;
        }

        public Builder readerPrincipalArns(Output<List<String>> value) {
            args.readerPrincipalArns = value;
            return this;
        }

        public Builder replicationRoleName(String value) {
            args.replicationRoleName = value;
            return this;
        }

        public Builder kmsAdminPrincipalArns(Output<List<String>> value) {
            args.kmsAdminPrincipalArns = value;
            return this;
        }

        public Builder forceDestroy(boolean value) {
            args.forceDestroy = value;
            return this;
        }

        public Builder accessLogBucket(String value) {
            args.accessLogBucket = value;
            return this;
        }

        public Builder bucketName(String value) {
            args.bucketName = value;
            return this;
        }

        public Builder tags(Map<String, String> value) {
            args.tags = Map.copyOf(value);
            return this;
        }

        public BackupBucketArgs build() {
            return args.validate();
        }
    }
}
