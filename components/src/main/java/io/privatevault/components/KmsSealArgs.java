package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
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
     * IAM principals that administer both keys (no encrypt/decrypt). Default: the account root, so the keys
     * can never become unmanageable, while using them still needs a key-policy grant.
     */
    @Import(name = "adminPrincipalArns")
    private Output<List<String>> adminPrincipalArns;

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
