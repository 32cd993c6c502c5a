package io.privatevault.plan.insights;

import io.privatevault.components.support.IamPolicy;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.SecurityRules.Emitter;
import io.privatevault.plan.insights.SecurityRules.SimpleRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who the resource policies (KMS key policies, bucket policies, secret policies) let in, and which AWS-managed
 * policies the nodes carry. A resource policy is the last word on its resource: an identity policy anywhere in the
 * account adds to what it allows, so an account-wide grant there is a grant to every role the account has or will have.
 */
final class ResourcePolicyRules {
    static final String SECRET_POLICY = AwsSchema.SecretPolicy.TYPE;
    static final String ATTACHMENT = AwsSchema.RolePolicyAttachment.TYPE;

    /**
     * Actions that use what a key, secret or bucket protects (or hand that use to someone else), as opposed to
     * administering it: decrypt and encrypt, create a grant (which lets the grantee use the key; KMS developer guide,
     * "Grants in AWS KMS"), read or write the secret's value or its policy, read or write snapshot objects or the
     * bucket's policy.
     */
    static final List<String> USE_ACTIONS = List.of(
            "kms:Decrypt", "kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext", "kms:CreateGrant",
            "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret",
            "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy",
            "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion",
            "s3:PutBucketPolicy", "s3:DeleteBucketPolicy");
    /** Condition keys that name the calling principal (or, for a service principal, the resource it acts for). */
    static final Set<String> NAMING_KEYS = Set.of("aws:principalarn", "aws:userid", "aws:username", "aws:sourcearn", "kms:grantee");
    /** Condition keys that only pin the caller's account or organisation: everyone in it still gets in. */
    static final Set<String> ACCOUNT_KEYS = Set.of("aws:principalaccount", "aws:principalorgid", "aws:sourceaccount", "aws:sourceowner",
            "kms:calleraccount", "aws:principalorgpaths");
    private static final Pattern ACCOUNT_ROOT = Pattern.compile("(arn:aws[a-z-]*:iam::)?\\d{12}(:root)?");
    private static final Pattern AWS_MANAGED = Pattern.compile("arn:aws[a-z-]*:iam::aws:policy/.+");

    private ResourcePolicyRules() {
    }

    static List<Rule> all() {
        return List.of(
                new SimpleRule("resource-policy-principals", Severity.HIGH,
                        "A key, secret or bucket policy that allows Principal * without a condition naming the caller, or lets the whole account use it, admits every role that exists now or later.",
                        "Name the principals (their ARNs, or aws:PrincipalArn in a condition); give the account root only administration, never decrypt, grants or data access.",
                        List.of(AwsSchema.KmsKey.TYPE, AwsSchema.BucketPolicy.TYPE, SECRET_POLICY),
                        ResourcePolicyRules::principals),
                new SimpleRule("snapshot-readers-named", Severity.HIGH,
                        "Without a Deny for everyone else, any role of the account whose identity policy allows s3:GetObject reads the snapshots (the whole Vault).",
                        "Add a bucket policy statement denying s3:GetObject to every principal but the named restore and node roles (aws:PrincipalArn in an ArnNotEquals/ArnNotLike condition).",
                        List.of(AwsSchema.Bucket.TYPE, AwsSchema.BucketPolicy.TYPE),
                        ResourcePolicyRules::snapshotReaders),
                new SimpleRule("node-role-managed-policy", Severity.MEDIUM,
                        "An AWS-managed policy on a node role grants what AWS puts in it, for every resource, and changes without a review (AmazonSSMManagedInstanceCore allows ssm:GetParameter* on *).",
                        "Write the node role's permissions as an inline policy naming its resources.",
                        List.of(ATTACHMENT, AwsSchema.Role.TYPE),
                        ResourcePolicyRules::managedPolicies));
    }

    /** (URN, policy JSON) of every resource policy the plan registers. */
    private static List<String[]> resourcePolicies(PolicyContext ctx) {
        var policies = new ArrayList<String[]>();
        for (String[] source : new String[][]{{AwsSchema.KmsKey.TYPE, AwsSchema.KmsKey.POLICY}, {AwsSchema.BucketPolicy.TYPE, AwsSchema.BucketPolicy.POLICY},
                {SECRET_POLICY, AwsSchema.SecretPolicy.POLICY}, {AwsSchema.SecretsManagerSecret.TYPE, AwsSchema.SecretsManagerSecret.POLICY}}) {
            for (var r : ctx.ofType(source[0])) {
                if (r.input(source[1]) instanceof String json && !json.isBlank()) {
                    policies.add(new String[]{r.urn(), json});
                }
            }
        }
        return policies;
    }

    private static void principals(PolicyContext ctx, Emitter emit) {
        for (String[] policy : resourcePolicies(ctx)) {
            IamPolicy parsed;
            try {
                parsed = IamPolicy.parse(policy[1]);
            } catch (IllegalArgumentException e) {
                emit.at(policy[0], "resource policy cannot be judged: " + e.getMessage());
                continue;
            }
            for (var s : parsed.statements()) {
                if (!s.allow()) {
                    continue;
                }
                var keys = s.conditionKeys();
                boolean named = keys.stream().anyMatch(NAMING_KEYS::contains);
                boolean anyone = s.notPrincipal() || s.principals().containsKey("*")
                        || s.principals().getOrDefault("AWS", List.of()).contains("*");
                boolean accountPinned = keys.stream().anyMatch(ACCOUNT_KEYS::contains);
                if (anyone && !named && !accountPinned) {
                    emit.at(policy[0], s.label() + "allows " + s.actions() + " to Principal * with no condition naming the caller");
                    continue;
                }
                boolean accountWide = anyone && !named
                        || s.principals().getOrDefault("AWS", List.of()).stream().anyMatch(p -> ACCOUNT_ROOT.matcher(p).matches());
                if (accountWide && !named && !onlyThroughSecretsManager(s)) {
                    var uses = USE_ACTIONS.stream().filter(s::covers).toList();
                    if (!uses.isEmpty()) {
                        emit.at(policy[0], s.label() + "lets every principal of the account (the account root" + (keys.isEmpty() ? ""
                                : ", conditions on " + keys + " name no caller") + ") " + uses);
                    }
                }
            }
        }
    }

    /**
     * A key statement usable only through Secrets Manager ({@code kms:ViaService} secretsmanager.*) hands the decision
     * to each secret's own permissions: reading a secret is what decrypts it. The recovery secret, whose reader must be
     * named, is fenced by its resource policy and judged by {@code kms-key-use} (an outsider must not read it).
     */
    private static boolean onlyThroughSecretsManager(IamPolicy.Statement s) {
        var services = new ArrayList<String>();
        s.conditions().forEach((operator, byKey) -> byKey.forEach((key, values) -> {
            if (key.equalsIgnoreCase("kms:ViaService") && operator.equals("StringEquals")) {
                services.addAll(values);
            }
        }));
        return !services.isEmpty() && services.stream().allMatch(v -> v.startsWith("secretsmanager."));
    }

    private static void snapshotReaders(PolicyContext ctx, Emitter emit) {
        for (var bucket : ctx.ofType(AwsSchema.Bucket.TYPE)) {
            boolean fenced = false;
            for (var attached : SecurityRules.attached(ctx, bucket, AwsSchema.BucketPolicy.TYPE)) {
                Object json = attached.input(AwsSchema.BucketPolicy.POLICY);
                if (Inputs.unknown(json)) {
                    fenced = true;
                } else if (json instanceof String text) {
                    try {
                        fenced |= IamPolicy.parse(text).statements().stream().anyMatch(ResourcePolicyRules::deniesAllButNamedReaders);
                    } catch (IllegalArgumentException e) {
                        // reported by resource-policy-principals
                    }
                }
            }
            if (!fenced) {
                emit.at(bucket.urn(), "no bucket policy denies s3:GetObject to every principal but named ones; any role of the account"
                        + " with s3:GetObject in its own policy can read the objects");
            }
        }
    }

    /** A Deny of reading objects for everyone except principals named by ARN (a negated aws:PrincipalArn test, or NotPrincipal). */
    private static boolean deniesAllButNamedReaders(IamPolicy.Statement s) {
        if (s.allow() || !s.covers("s3:GetObject")) {
            return false;
        }
        if (s.notPrincipal()) {
            return true;
        }
        boolean everyone = s.principals().containsKey("*") || s.principals().getOrDefault("AWS", List.of()).contains("*");
        // Unconditional: nobody reads (no restore role named yet). Otherwise everyone but the listed principals.
        return everyone && (s.conditions().isEmpty() || s.conditions().entrySet().stream().anyMatch(op -> op.getKey().toLowerCase(Locale.ROOT).contains("not")
                && op.getValue().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("aws:PrincipalArn"))));
    }

    private static void managedPolicies(PolicyContext ctx, Emitter emit) {
        var nodeRoles = ctx.ofType(AwsSchema.Role.TYPE).stream().filter(ResourcePolicyRules::isNodeRole).toList();
        for (var role : nodeRoles) {
            Inputs.strings(role.input(AwsSchema.Role.MANAGED_POLICY_ARNS)).stream().filter(a -> AWS_MANAGED.matcher(a).matches())
                    .forEach(a -> emit.at(role.urn(), "node role carries AWS-managed policy " + a));
        }
        for (var attachment : ctx.ofType(ATTACHMENT)) {
            Object arn = attachment.input(AwsSchema.RolePolicyAttachment.POLICY_ARN);
            if (!(arn instanceof String a) || !AWS_MANAGED.matcher(a).matches()) {
                continue;
            }
            Object roleName = attachment.input(AwsSchema.RolePolicyAttachment.ROLE);
            boolean onNode = nodeRoles.stream().anyMatch(role -> attachment.dependencies().contains(role.urn())
                    || roleName != null && roleName.equals(role.input(AwsSchema.Role.NAME)));
            if (onNode) {
                emit.at(attachment.urn(), "attaches AWS-managed policy " + a + " to node role " + roleName);
            }
        }
    }

    /** A role that EC2 instances or Kubernetes service accounts (IRSA, a web identity) assume: what Vault runs as. */
    static boolean isNodeRole(RecordedResource role) {
        if (!(role.input(AwsSchema.Role.TRUST_POLICY) instanceof String trust)) {
            return false;
        }
        try {
            return IamPolicy.parse(trust).statements().stream().anyMatch(s -> s.allow()
                    && (s.principals().getOrDefault("Service", List.of()).contains("ec2.amazonaws.com")
                    || s.principals().containsKey("Federated") && s.covers("sts:AssumeRoleWithWebIdentity")));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
