package io.privatevault.components.kms;

import io.privatevault.components.support.Checks;
import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

import java.util.List;

/** The key policies of {@link io.privatevault.components.KmsSeal}, built from typed statements. */
public final class KeyPolicies {
    /** Management without use: administrators can never encrypt or decrypt with the keys. */
    static final String[] ADMIN_ACTIONS = {
            "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
            "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
            "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"};
    /** What Vault's awskms seal calls (Vault docs, "awskms seal": Encrypt, Decrypt, DescribeKey). */
    static final String[] SEAL_ACTIONS = {"kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"};

    private KeyPolicies() {
    }

    private static Statement administration(List<String> admins) {
        return Statement.allow("KeyAdministration").principals("AWS", admins).actions(ADMIN_ACTIONS).resources("*").build();
    }

    /**
     * Administration, and the seal grant itself: the only place the node role gets the seal key. The statement
     * names the roles through {@code aws:PrincipalArn} with the wildcard principal, which grants them the key with
     * no IAM policy (an account-principal statement would only let IAM policies delegate it, and a role named in
     * {@code Principal} must exist before the key). {@code kms:CallerAccount} keeps it to this account.
     */
    public static PolicyDocument seal(String accountId, List<String> admins, List<String> sealPrincipals) {
        for (String arn : sealPrincipals) {
            Checks.require(arn != null && arn.matches("arn:aws[a-z-]*:iam::" + accountId + ":role/[A-Za-z0-9+=,.@_/-]+"),
                    "KmsSealArgs.sealPrincipalArns", arn,
                    "IAM role ARNs of this account (arn:aws:iam::" + accountId + ":role/<name>), without wildcards");
        }
        return PolicyDocument.of(
                administration(admins),
                Statement.allow("VaultAutoUnseal")
                        .principal("AWS", "*")
                        .condition("ArnEquals", "aws:PrincipalArn", sealPrincipals)
                        .condition("StringEquals", "kms:CallerAccount", accountId)
                        .actions(SEAL_ACTIONS).resources("*").build());
    }

    public static PolicyDocument data(String accountId, String region, List<String> admins) {
        return PolicyDocument.of(
                administration(admins),
                Statement.allow("AccountPrincipalsThroughServices")
                        .principal("AWS", "arn:aws:iam::" + accountId + ":root")
                        .actions("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey")
                        .resources("*")
                        .condition("StringEquals", "kms:CallerAccount", accountId)
                        .condition("StringEquals", "kms:ViaService",
                                "secretsmanager." + region + ".amazonaws.com", "s3." + region + ".amazonaws.com",
                                "sns." + region + ".amazonaws.com")
                        .build(),
                Statement.allow("CloudWatchLogGroups")
                        .principal("Service", "logs." + region + ".amazonaws.com")
                        .actions("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*")
                        .resources("*")
                        .condition("ArnLike", "kms:EncryptionContext:aws:logs:arn",
                                "arn:aws:logs:" + region + ":" + accountId + ":log-group:*")
                        .build(),
                // EC2 Auto Scaling launches the nodes' encrypted volumes as its service-linked role, which gets its
                // KMS rights only from the key policy (the role must exist: it does once any ASG was created).
                Statement.allow("AutoScalingEncryptedVolumes")
                        .principal("AWS", autoScalingRole(accountId))
                        .actions("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey")
                        .resources("*")
                        .build(),
                Statement.allow("AutoScalingVolumeGrants")
                        .principal("AWS", autoScalingRole(accountId))
                        .actions("kms:CreateGrant")
                        .resources("*")
                        .condition("Bool", "kms:GrantIsForAWSResource", "true")
                        .build(),
                Statement.allow("CloudWatchAlarmsToEncryptedTopic")
                        .principal("Service", "cloudwatch.amazonaws.com")
                        .actions("kms:Decrypt", "kms:GenerateDataKey*")
                        .resources("*")
                        .condition("StringEquals", "aws:SourceAccount", accountId)
                        .build());
    }

    private static String autoScalingRole(String accountId) {
        return "arn:aws:iam::" + accountId + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
    }
}
