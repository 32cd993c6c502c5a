package io.privatevault.components;

import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.IamPolicy;
import io.privatevault.components.support.Problems;

import java.util.List;

/**
 * A role of Vault's AWS secrets engine owned by one tenant, e.g. a web app's access to one bucket. It is named
 * {@code <tenant>-<name>} in Vault, and only that tenant's policy may read its credentials.
 */
public final class VaultAwsSecretRoleArgs extends ResourceArgs {
    /** Required. Role name within the tenant (a safe name). */
    @Import(name = "name", required = true)
    private String name;

    /**
     * Required. {@code assumed_role} (preferred: short-lived STS credentials for {@link #roleArns}) or
     * {@code iam_user} (a new IAM user per lease, with {@link #policyDocument} inline).
     */
    @Import(name = "credentialType", required = true)
    private String credentialType;

    /** IAM policy JSON: the inline policy of iam_user credentials, or a session policy narrowing assumed_role ones. */
    @Import(name = "policyDocument")
    private String policyDocument;

    /** Role ARNs Vault may assume (required for assumed_role). The node role needs sts:AssumeRole on them. */
    @Import(name = "roleArns")
    private List<String> roleArns;

    /** Default STS credential lifetime in seconds (assumed_role). Default 900, the STS minimum. */
    @Import(name = "defaultStsTtlSeconds")
    private Integer defaultStsTtlSeconds;

    /** Maximum STS credential lifetime in seconds (assumed_role). Default 3600. */
    @Import(name = "maxStsTtlSeconds")
    private Integer maxStsTtlSeconds;

    private VaultAwsSecretRoleArgs() {
    }

    public String name() {
        return name;
    }

    public String credentialType() {
        return credentialType;
    }

    public String policyDocument() {
        return policyDocument;
    }

    public List<String> roleArns() {
        return roleArns == null ? List.of() : roleArns;
    }

    public int defaultStsTtlSeconds() {
        return defaultStsTtlSeconds == null ? 900 : defaultStsTtlSeconds;
    }

    public int maxStsTtlSeconds() {
        return maxStsTtlSeconds == null ? 3600 : maxStsTtlSeconds;
    }

    /**
     * An iam_user's policy is all its credentials can do: it must parse, and must not be administrator access
     * ({@link IamPolicy#administrativeAccess}: {@code *} on {@code *}, {@code NotAction}/{@code NotResource} that amount to
     * it, or IAM actions that escalate to it). An assumed_role's policy is a session policy, which can only narrow the
     * role's own permissions (IAM User Guide, "Session policies"), so it is not judged here.
     */
    private void policyProblems(Problems p) {
        IamPolicy policy;
        try {
            policy = IamPolicy.parse(policyDocument);
        } catch (IllegalArgumentException e) {
            p.require(false, "policyDocument", policyDocument, "an IAM policy JSON document; this one is " + e.getMessage());
            return;
        }
        for (String grant : policy.administrativeAccess()) {
            p.require(false, "policyDocument", policyDocument, "a policy that is not administrator access (name the actions and"
                    + " resources the credentials need); this one " + grant);
        }
    }

    void validate(Problems p) {
        p.safeName("name", name);
        p.require("assumed_role".equals(credentialType) || "iam_user".equals(credentialType), "credentialType",
                credentialType, "assumed_role or iam_user");
        if ("assumed_role".equals(credentialType)) {
            p.require(!roleArns().isEmpty(), "roleArns", roleArns(), "at least one IAM role ARN for assumed_role");
        } else if ("iam_user".equals(credentialType)) {
            if (p.require(policyDocument != null && policyDocument.strip().startsWith("{"), "policyDocument", policyDocument,
                    "an IAM policy JSON document for iam_user (the user gets nothing else)")) {
                policyProblems(p);
            }
            p.require(roleArns().isEmpty(), "roleArns", roleArns(), "empty for iam_user");
        }
        for (String arn : roleArns()) {
            p.require(arn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+"), "roleArns", arn, "IAM role ARNs");
        }
        if (p.between("defaultStsTtlSeconds", defaultStsTtlSeconds(), 900, 43200)) {
            p.compare(maxStsTtlSeconds() >= defaultStsTtlSeconds() && maxStsTtlSeconds() <= 43200, "maxStsTtlSeconds",
                    maxStsTtlSeconds(), "between defaultStsTtlSeconds (" + defaultStsTtlSeconds() + ") and 43200", "defaultStsTtlSeconds");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final VaultAwsSecretRoleArgs args = new VaultAwsSecretRoleArgs();

        public Builder name(String value) {
            args.name = value;
            return this;
        }

        public Builder credentialType(String value) {
            args.credentialType = value;
            return this;
        }

        public Builder policyDocument(String value) {
            args.policyDocument = value;
            return this;
        }

        public Builder roleArns(List<String> value) {
            args.roleArns = List.copyOf(value);
            return this;
        }

        public Builder defaultStsTtlSeconds(int value) {
            args.defaultStsTtlSeconds = value;
            return this;
        }

        public Builder maxStsTtlSeconds(int value) {
            args.maxStsTtlSeconds = value;
            return this;
        }

        public VaultAwsSecretRoleArgs build() {
            var problems = Problems.of("VaultAwsSecretRoleArgs");
            args.validate(problems);
            problems.orThrow();
            return args;
        }
    }
}
