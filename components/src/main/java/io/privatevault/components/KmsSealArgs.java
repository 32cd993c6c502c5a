package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.network.NetworkLimits;
import io.privatevault.components.support.Problems;

import java.util.List;
import java.util.Map;

/**
 * Inputs of {@link KmsSeal}. Every field is optional unless marked required; a missing field takes the
 * default documented on it (also when the component is constructed from another Pulumi language).
 */
public final class KmsSealArgs extends ResourceArgs {
    /**
     * Required. IAM role ARNs of this account that may use the seal key (the Vault node role), without wildcards.
     * The key policy grants them Encrypt, Decrypt and DescribeKey directly (wildcard principal narrowed by an
     * {@code aws:PrincipalArn} condition), so the role needs no IAM policy for the key and need not exist before it.
     */
    @Import(name = "sealPrincipalArns", required = true)
    private Output<List<String>> sealPrincipalArns;

    /**
     * IAM principals that administer the keys: manage, never use, never create grants. Include the role that runs
     * {@code pulumi up}: KMS refuses a key policy that would lock its own writer out. Default: the account root (any
     * principal whose IAM policy allows key management), so the keys can never become unmanageable; name roles instead
     * where that is too broad (the program requires them in prod).
     */
    @Import(name = "adminPrincipalArns")
    private Output<List<String>> adminPrincipalArns;

    /**
     * Roles that restore snapshots: they decrypt them through S3 (the data key) and unseal a restored cluster with
     * the seal key's replica in {@code replicaRegion}. Role ARNs of this account. Default none: nobody can read a
     * snapshot until one is named.
     */
    @Import(name = "restorePrincipalArns")
    private Output<List<String>> restorePrincipalArns;

    /**
     * Break-glass roles that read the recovery secret (the data key through Secrets Manager, for that secret alone).
     * Default none: nobody can decrypt the recovery material until one is named.
     */
    @Import(name = "breakGlassPrincipalArns")
    private Output<List<String>> breakGlassPrincipalArns;

    /** The S3 replication role of the snapshot bucket (BackupBucket), which decrypts snapshots to copy them. Default none. */
    @Import(name = "replicationPrincipalArns")
    private Output<List<String>> replicationPrincipalArns;

    /**
     * Whether EC2 Auto Scaling launches Vault nodes with EBS volumes under the data key (VaultRaftCluster on EC2 with
     * {@code ebsKmsKeyArn} = the data key): the key policy then grants the account's Auto Scaling service-linked role
     * the key, as AWS documents. Default true; false on Kubernetes, where no Auto Scaling group exists.
     */
    @Import(name = "autoScalingVolumes")
    private Boolean autoScalingVolumes;

    /**
     * IAM roles of the EBS CSI driver that create Vault's volumes under the data key (VaultRaftCluster on Kubernetes):
     * the key policy lets them use it through EC2 alone, and their IAM policy must grant it too
     * ({@code ebsCsiPolicyJson}). Default none.
     */
    @Import(name = "ebsCsiPrincipalArns")
    private Output<List<String>> ebsCsiPrincipalArns;

    /**
     * Region snapshots are copied to (BackupBucket's replica region): the seal key becomes a multi-Region key with a
     * replica there, so a snapshot restored in that Region can be unsealed. Default: no replica.
     */
    @Import(name = "replicaRegion")
    private String replicaRegion;

    /**
     * Whether the seal key is a multi-Region key. Default: true with {@code replicaRegion}, else false. A single-Region
     * key cannot become multi-Region (changing this replaces the seal key, which the key's protection refuses): an
     * existing stack keeps false until it has migrated its seal (kms/README.md).
     */
    @Import(name = "multiRegion")
    private Boolean multiRegion;

    /** Days a deleted key waits before it is destroyed, 7-30. Default 30: a destroyed seal key is a lost Vault. */
    @Import(name = "deletionWindowDays")
    private Integer deletionWindowDays;

    /**
     * Alias prefix; the keys are named {@code <prefix>-seal} and {@code <prefix>-data}. Default
     * {@code alias/<project>-<stack>-<component name>}: alias names are unique per account and region.
     */
    @Import(name = "aliasPrefix")
    private String aliasPrefix;

    /** Tags for every resource. Default none. */
    @Import(name = "tags")
    private Map<String, String> tags;

    private KmsSealArgs() {
    }

    public Output<List<String>> sealPrincipalArns() {
        return sealPrincipalArns;
    }

    public Output<List<String>> adminPrincipalArns() {
        return adminPrincipalArns;
    }

    public Output<List<String>> restorePrincipalArns() {
        return orNone(restorePrincipalArns);
    }

    public Output<List<String>> breakGlassPrincipalArns() {
        return orNone(breakGlassPrincipalArns);
    }

    public Output<List<String>> replicationPrincipalArns() {
        return orNone(replicationPrincipalArns);
    }

    public boolean autoScalingVolumes() {
        return autoScalingVolumes == null || autoScalingVolumes;
    }

    public Output<List<String>> ebsCsiPrincipalArns() {
        return orNone(ebsCsiPrincipalArns);
    }

    public String replicaRegion() {
        return replicaRegion;
    }

    public boolean multiRegion() {
        return multiRegion != null ? multiRegion : replicaRegion != null;
    }

    /** A seal replica exists only for a multi-Region seal key. */
    public boolean replicatesSealKey() {
        return replicaRegion != null && multiRegion();
    }

    private static Output<List<String>> orNone(Output<List<String>> value) {
        return value == null ? Output.of(List.of()) : value;
    }

    public int deletionWindowDays() {
        return deletionWindowDays == null ? 30 : deletionWindowDays;
    }

    /** @param scopedName the component's {@code <project>-<stack>-<name>} (support/PhysicalNames) */
    public String aliasPrefix(String scopedName) {
        return aliasPrefix == null ? "alias/" + scopedName : aliasPrefix;
    }

    public Map<String, String> tags() {
        return tags == null ? Map.of() : tags;
    }

    /** Checks every rule; called by the builder and again by the component (other languages skip the builder). */
    KmsSealArgs validate() {
        var p = Problems.of("KmsSealArgs");
        p.require(sealPrincipalArns != null, "sealPrincipalArns", null, "set (the Vault node role ARN)");
        p.between("deletionWindowDays", deletionWindowDays(), 7, 30);
        if (aliasPrefix != null) {
            p.require(aliasPrefix.matches("alias/[a-zA-Z0-9/_-]{1,200}") && !aliasPrefix.startsWith("alias/aws"),
                    "aliasPrefix", aliasPrefix, "'alias/' followed by letters, digits, '/', '_' or '-' (not alias/aws...)");
        }
        if (replicaRegion != null) {
            p.require(NetworkLimits.isRegion(replicaRegion), "replicaRegion", replicaRegion, "an AWS region such as eu-central-1");
        }
        p.orThrow();
        return this;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final KmsSealArgs args = new KmsSealArgs();

        public Builder sealPrincipalArns(Output<List<String>> value) {
            args.sealPrincipalArns = value;
            return this;
        }

        public Builder adminPrincipalArns(Output<List<String>> value) {
            args.adminPrincipalArns = value;
            return this;
        }

        public Builder restorePrincipalArns(Output<List<String>> value) {
            args.restorePrincipalArns = value;
            return this;
        }

        public Builder breakGlassPrincipalArns(Output<List<String>> value) {
            args.breakGlassPrincipalArns = value;
            return this;
        }

        public Builder replicationPrincipalArns(Output<List<String>> value) {
            args.replicationPrincipalArns = value;
            return this;
        }

        public Builder autoScalingVolumes(boolean value) {
            args.autoScalingVolumes = value;
            return this;
        }

        public Builder ebsCsiPrincipalArns(Output<List<String>> value) {
            args.ebsCsiPrincipalArns = value;
            return this;
        }

        public Builder replicaRegion(String value) {
            args.replicaRegion = value;
            return this;
        }

        public Builder multiRegion(boolean value) {
            args.multiRegion = value;
            return this;
        }

        public Builder deletionWindowDays(int value) {
            args.deletionWindowDays = value;
            return this;
        }

        public Builder aliasPrefix(String value) {
            args.aliasPrefix = value;
            return this;
        }

        public Builder tags(Map<String, String> value) {
            args.tags = Map.copyOf(value);
            return this;
        }

        public KmsSealArgs build() {
            return args.validate();
        }
    }
}
