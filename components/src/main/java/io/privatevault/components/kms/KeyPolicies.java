package io.privatevault.components.kms;

import io.privatevault.components.cluster.RecoverySecret;
import io.privatevault.components.support.Checks;
import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

import java.util.ArrayList;
import java.util.List;

/**
 * The key policies of {@link io.privatevault.components.KmsSeal} (and the snapshot replica key of
 * {@link io.privatevault.components.BackupBucket}), built from typed statements. Each statement names who may use a
 * key and through which service; nothing is granted to "the account" for use. The plan's key-use check judges these
 * policies, with the callers' IAM policies, in an IAM policy simulator.
 */
public final class KeyPolicies {
    /**
     * Management without use: no Encrypt/Decrypt/ReEncrypt/GenerateDataKey, and no CreateGrant (a grant is use by
     * another name: an administrator could grant themselves Decrypt). {@code PutKeyPolicy} stays: KMS refuses a key
     * policy that would lock its own writer out, so whoever runs {@code pulumi up} must be an administrator; that it
     * could rewrite the policy is why every key-policy change raises an alarm (cluster/AccessAlarms).
     */
    static final String[] ADMIN_ACTIONS = {
            "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListKeyPolicies", "kms:ListKeyRotations",
            "kms:ListResourceTags", "kms:ListGrants", "kms:RevokeGrant", "kms:PutKeyPolicy", "kms:UpdateKeyDescription",
            "kms:EnableKey", "kms:DisableKey", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:RotateKeyOnDemand",
            "kms:TagResource", "kms:UntagResource", "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias",
            "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"};
    /** What Vault's awskms seal calls (Vault docs, "awskms seal": Encrypt, Decrypt, DescribeKey). */
    static final String[] SEAL_ACTIONS = {"kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"};
    /** EBS volumes: AWS's documented set for a principal that launches encrypted volumes (EBS user guide). */
    static final String[] VOLUME_ACTIONS = {"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"};

    private KeyPolicies() {
    }

    /**
     * Who uses the data key, by path. Every list holds exact IAM role ARNs of the key's account.
     *
     * @param nodes        the Vault node role (EC2 instance profile or IRSA): TLS bundle and init lock through Secrets
     *                     Manager, recovery material written through Secrets Manager, snapshots written through S3
     * @param restore      roles that read snapshots through S3 (restore)
     * @param breakGlass   roles that read the recovery secret through Secrets Manager
     * @param replication  the S3 replication role (reads snapshots to copy them)
     * @param ebsCsi       roles of the EBS CSI driver that create Vault's volumes on Kubernetes (through EC2)
     * @param autoScaling  whether EC2 Auto Scaling launches nodes with volumes under this key (its service-linked role)
     */
    public record DataKeyUse(List<String> nodes, List<String> restore, List<String> breakGlass, List<String> replication,
                             List<String> ebsCsi, boolean autoScaling) {
        public DataKeyUse {
            nodes = List.copyOf(nodes);
            restore = List.copyOf(restore);
            breakGlass = List.copyOf(breakGlass);
            replication = List.copyOf(replication);
            ebsCsi = List.copyOf(ebsCsi);
        }

        /** Every role named, with the setting it came from (for the shape check). */
        List<String[]> named() {
            var all = new ArrayList<String[]>();
            nodes.forEach(a -> all.add(new String[]{"sealPrincipalArns", a}));
            restore.forEach(a -> all.add(new String[]{"restorePrincipalArns", a}));
            breakGlass.forEach(a -> all.add(new String[]{"breakGlassPrincipalArns", a}));
            replication.forEach(a -> all.add(new String[]{"replicationPrincipalArns", a}));
            ebsCsi.forEach(a -> all.add(new String[]{"ebsCsiPrincipalArns", a}));
            return all;
        }
    }

    /** Role ARNs of this account, no wildcards: checked when the values are known (they are outputs). */
    static void requireRoles(String accountId, String setting, List<String> arns) {
        for (String arn : arns) {
            Checks.require(arn != null && arn.matches("arn:aws[a-z-]*:iam::" + accountId + ":role/[A-Za-z0-9+=,.@_/-]+"),
                    "KmsSealArgs." + setting, arn,
                    "IAM role ARNs of this account (arn:aws:iam::" + accountId + ":role/<name>), without wildcards");
        }
    }

    private static Statement administration(List<String> admins) {
        return Statement.allow("KeyAdministration").principals("AWS", admins).actions(ADMIN_ACTIONS).resources("*").build();
    }

    /**
     * Administration, and the seal grant itself: the only place the node role gets the seal key. The statement
     * names the roles through {@code aws:PrincipalArn} with the wildcard principal, which grants them the key with
     * no IAM policy (an account-principal statement would only let IAM policies delegate it, and a role named in
     * {@code Principal} must exist before the key). {@code kms:CallerAccount} keeps it to this account.
     *
     * @param replicaRegion where the multi-Region seal key is replicated (administrators may create the replica there
     *                      and nowhere else: KMS allows one related key per Region), or null
     */
    public static PolicyDocument seal(String accountId, List<String> admins, List<String> sealPrincipals, String replicaRegion) {
        requireRoles(accountId, "sealPrincipalArns", sealPrincipals);
        var statements = new ArrayList<Statement>();
        statements.add(administration(admins));
        if (replicaRegion != null) {
            statements.add(Statement.allow("ReplicateToTheSnapshotRegion").principals("AWS", admins)
                    .actions("kms:ReplicateKey").resources("*")
                    .condition("StringEquals", "kms:ReplicaRegion", replicaRegion).build());
        }
        statements.add(unseal("VaultAutoUnseal", accountId, sealPrincipals));
        return new PolicyDocument(List.copyOf(statements));
    }

    /**
     * The seal key's replica in the snapshot copy's Region: administration, and unsealing for the roles that restore
     * a snapshot there (a cluster restored in that Region unseals as the restore role). A snapshot's root key was
     * wrapped by the seal key; only a key with the same key material, a replica, unwraps it.
     */
    public static PolicyDocument sealReplica(String accountId, List<String> admins, List<String> restorePrincipals) {
        requireRoles(accountId, "restorePrincipalArns", restorePrincipals);
        var statements = new ArrayList<Statement>();
        statements.add(administration(admins));
        if (!restorePrincipals.isEmpty()) {
            statements.add(unseal("DisasterRecoveryUnseal", accountId, restorePrincipals));
        }
        return new PolicyDocument(List.copyOf(statements));
    }

    private static Statement unseal(String sid, String accountId, List<String> principals) {
        return Statement.allow(sid)
                .principal("AWS", "*")
                .condition("ArnEquals", "aws:PrincipalArn", principals)
                .condition("StringEquals", "kms:CallerAccount", accountId)
                .actions(SEAL_ACTIONS).resources("*").build();
    }

    /**
     * The data key. Roles use it only through the service their data lives in ({@code kms:ViaService}), each path
     * delegated to the named roles alone ({@code aws:PrincipalArn} with the account principal: the role's IAM policy
     * must grant it too). The recovery secret is fenced off by its name in Secrets Manager's encryption context
     * ({@code kms:EncryptionContext:SecretARN}): other secrets (the TLS bundle, written by whoever runs
     * {@code pulumi up}) stay usable by account principals through Secrets Manager, the recovery secret only by the
     * nodes (write) and the break-glass roles (read).
     */
    public static PolicyDocument data(String accountId, String region, List<String> admins, DataKeyUse use) {
        use.named().forEach(n -> requireRoles(accountId, n[0], List.of(n[1])));
        String root = "arn:aws:iam::" + accountId + ":root";
        String secretsManager = "secretsmanager." + region + ".amazonaws.com";
        String s3 = "s3." + region + ".amazonaws.com";
        String recovery = RecoverySecret.arnPattern(region, accountId);
        var statements = new ArrayList<Statement>();
        statements.add(administration(admins));
        statements.add(Statement.allow("CloudWatchLogGroups")
                .principal("Service", "logs." + region + ".amazonaws.com")
                .actions("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*")
                .resources("*")
                .condition("ArnLike", "kms:EncryptionContext:aws:logs:arn", "arn:aws:logs:" + region + ":" + accountId + ":log-group:*")
                .build());
        for (String[] publisher : List.of(new String[]{"CloudWatchAlarmsToEncryptedTopic", "cloudwatch.amazonaws.com"},
                new String[]{"EventBridgeToEncryptedTopic", "events.amazonaws.com"})) {
            statements.add(Statement.allow(publisher[0])
                    .principal("Service", publisher[1])
                    .actions("kms:Decrypt", "kms:GenerateDataKey*")
                    .resources("*")
                    .condition("StringEquals", "aws:SourceAccount", accountId)
                    .build());
        }
        statements.add(Statement.allow("SecretsThroughSecretsManager")
                .principal("AWS", root)
                .actions("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey")
                .resources("*")
                .condition("StringEquals", "kms:CallerAccount", accountId)
                .condition("StringEquals", "kms:ViaService", secretsManager)
                .condition("ArnNotLike", "kms:EncryptionContext:SecretARN", recovery)
                .build());
        statements.add(delegated("RecoveryMaterialWrittenByNodes", root, accountId, use.nodes(), secretsManager)
                .actions("kms:GenerateDataKey", "kms:Decrypt")
                .condition("ArnLike", "kms:EncryptionContext:SecretARN", recovery).build());
        if (!use.breakGlass().isEmpty()) {
            statements.add(delegated("RecoveryMaterialReadByBreakGlass", root, accountId, use.breakGlass(), secretsManager)
                    .actions("kms:Decrypt")
                    .condition("ArnLike", "kms:EncryptionContext:SecretARN", recovery).build());
        }
        statements.add(delegated("SnapshotsWrittenByNodes", root, accountId, use.nodes(), s3)
                .actions("kms:GenerateDataKey", "kms:Decrypt").build());
        var readers = new ArrayList<>(use.restore());
        readers.addAll(use.replication());
        if (!readers.isEmpty()) {
            statements.add(delegated("SnapshotsReadByRestoreAndReplication", root, accountId, readers, s3)
                    .actions("kms:Decrypt").build());
        }
        if (use.autoScaling()) {
            // EC2 Auto Scaling launches the nodes' encrypted volumes as its service-linked role, which gets its
            // KMS rights only from the key policy (AWS's documented statements; the role must exist).
            statements.add(Statement.allow("AutoScalingEncryptedVolumes")
                    .principal("AWS", autoScalingRole(accountId))
                    .actions(VOLUME_ACTIONS)
                    .resources("*")
                    .build());
            statements.add(Statement.allow("AutoScalingVolumeGrants")
                    .principal("AWS", autoScalingRole(accountId))
                    .actions("kms:CreateGrant")
                    .resources("*")
                    .condition("Bool", "kms:GrantIsForAWSResource", "true")
                    .build());
        }
        if (!use.ebsCsi().isEmpty()) {
            String ec2 = "ec2." + region + ".amazonaws.com";
            statements.add(delegated("EbsCsiDriverVolumes", root, accountId, use.ebsCsi(), ec2).actions(VOLUME_ACTIONS).build());
            statements.add(delegated("EbsCsiDriverVolumeGrants", root, accountId, use.ebsCsi(), ec2)
                    .actions("kms:CreateGrant")
                    .condition("Bool", "kms:GrantIsForAWSResource", "true").build());
        }
        return new PolicyDocument(List.copyOf(statements));
    }

    /**
     * The snapshot replica bucket's key in {@code replicaRegion}: administration, S3 replication writing into it, and
     * the restore roles reading from it, each only through S3 there.
     */
    public static PolicyDocument snapshotReplica(String accountId, String replicaRegion, List<String> admins,
                                                 List<String> replication, List<String> restore) {
        String root = "arn:aws:iam::" + accountId + ":root";
        String s3 = "s3." + replicaRegion + ".amazonaws.com";
        var statements = new ArrayList<Statement>();
        statements.add(administration(admins));
        statements.add(delegated("ReplicasWrittenByReplication", root, accountId, replication, s3)
                .actions("kms:Encrypt", "kms:GenerateDataKey").build());
        if (!restore.isEmpty()) {
            statements.add(delegated("ReplicasReadByRestore", root, accountId, restore, s3).actions("kms:Decrypt").build());
        }
        return new PolicyDocument(List.copyOf(statements));
    }

    /** Use by {@code roles} only, only through {@code service}, and only if their own IAM policy grants it too. */
    private static Statement.Builder delegated(String sid, String root, String accountId, List<String> roles, String service) {
        return Statement.allow(sid)
                .principal("AWS", root)
                .resources("*")
                .condition("StringEquals", "kms:CallerAccount", accountId)
                .condition("StringEquals", "kms:ViaService", service)
                .condition("ArnEquals", "aws:PrincipalArn", roles);
    }

    /** The Auto Scaling service-linked role of {@code accountId}. */
    public static String autoScalingRole(String accountId) {
        return "arn:aws:iam::" + accountId + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
    }

    /**
     * The IAM policy the EBS CSI driver's role needs for Vault's volumes: AWS's documented KMS policy for the driver
     * (Amazon EKS user guide, "Store Kubernetes volumes with Amazon EBS": CreateGrant/ListGrants/RevokeGrant for AWS
     * resources, and Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey), on the data key alone.
     */
    public static PolicyDocument ebsCsiDriver(String dataKeyArn) {
        return PolicyDocument.of(
                Statement.allow("VaultVolumeGrants").actions("kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant")
                        .resources(dataKeyArn).condition("Bool", "kms:GrantIsForAWSResource", "true").build(),
                Statement.allow("VaultVolumeEncryption").actions(VOLUME_ACTIONS).resources(dataKeyArn).build());
    }
}
