package io.privatevault.components;

import com.google.gson.JsonParser;
import com.pulumi.core.Output;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class KmsSealTest {
    static final String ROLE = "arn:aws:iam::111122223333:role/vault-node";

    static MockRun.Result run(KmsSealArgs.Builder args) {
        return MockRun.of("test", "dev", new AwsMocks("eu-west-1", "111122223333"))
                .run(ctx -> new KmsSeal("vault", args.build(), null));
    }

    static KmsSealArgs.Builder args() {
        return KmsSealArgs.builder().sealPrincipalArns(Output.of(List.of(ROLE)));
    }

    @Test
    void bothKeysRotateAndWaitBeforeDeletion() {
        var result = run(args().deletionWindowDays(7));
        assertFalse(result.failed(), result.errors().toString());
        var keys = result.ofType("aws:kms/key:Key");
        assertEquals(2, keys.size());
        for (var key : keys) {
            assertEquals(true, key.input("enableKeyRotation"));
            assertEquals(7L, key.input("deletionWindowInDays"));
            assertEquals("SYMMETRIC_DEFAULT", key.input("customerMasterKeySpec"));
        }
        assertEquals(30L, run(args()).named("aws:kms/key:Key", "vault-seal").input("deletionWindowInDays"));
    }

    /**
     * The seal grant lives in the key policy alone, so the statement must grant the role itself. AWS KMS Developer
     * Guide, "Default key policy": "When the principal in a key policy statement is the account principal, the policy
     * statement doesn't give any IAM principal permission to use the KMS key. Instead, it allows the account to use
     * IAM policies to delegate the permissions specified in the policy statement." IAM User Guide, "AWS JSON policy
     * elements: Principal": a broad-permission policy with the {@code aws:PrincipalArn} condition key grants "the role
     * session principal ... the permissions based on the ARN of role that was assumed", and "Because AWS does not
     * convert condition key ARNs to IDs, permissions granted to the role ARN persist if you delete the role and then
     * create a new role with the same name" (so the role need not exist before the key).
     */
    @Test
    void sealKeyPolicyGrantsTheKeyToTheVaultRoleAndNobodyElse() {
        var key = run(args()).named("aws:kms/key:Key", "vault-seal");
        var statements = JsonParser.parseString((String) key.input("policy")).getAsJsonObject().getAsJsonArray("Statement");
        assertEquals(2, statements.size());
        var use = statements.get(1).getAsJsonObject();
        assertEquals("VaultAutoUnseal", use.get("Sid").getAsString());
        assertEquals("*", use.getAsJsonObject("Principal").get("AWS").getAsString(), "not the account principal: that only delegates to IAM");
        assertEquals(ROLE, use.getAsJsonObject("Condition").getAsJsonObject("ArnEquals").get("aws:PrincipalArn").getAsString());
        assertEquals("111122223333", use.getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("kms:CallerAccount").getAsString());
        assertEquals("[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:DescribeKey\"]", use.get("Action").toString());
        var admin = statements.get(0).getAsJsonObject();
        assertEquals("arn:aws:iam::111122223333:root", admin.getAsJsonObject("Principal").get("AWS").getAsString());
        admin.getAsJsonArray("Action").forEach(a -> assertFalse(a.getAsString().matches("kms:(Encrypt|Decrypt|GenerateDataKey).*"),
                "administrators must not use the key: " + a));
    }

    @Test
    void sealPrincipalsMustBeExactRolesOfThisAccount() {
        for (String bad : List.of("arn:aws:iam::111122223333:role/*", "arn:aws:iam::444455556666:role/vault-node",
                "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/alice")) {
            var result = run(KmsSealArgs.builder().sealPrincipalArns(Output.of(List.of(bad))));
            assertTrue(result.failed(), bad);
            assertTrue(result.errors().stream().anyMatch(e -> e.contains("KmsSealArgs.sealPrincipalArns must be IAM role ARNs of this account "
                    + "(arn:aws:iam::111122223333:role/<name>), without wildcards, got '" + bad + "'")), result.errors().toString());
            assertTrue(result.ofType("aws:kms/key:Key").stream().noneMatch(k -> k.name().equals("vault-seal")), "no seal key for " + bad);
        }
    }

    @Test
    void rejectsDeletionWindowOutsideKmsLimits() {
        var error = assertThrows(InvalidSettingException.class, () -> args().deletionWindowDays(3).build());
        assertEquals("KmsSealArgs.deletionWindowDays must be between 7 and 30, got 3", error.getMessage());
    }

    /** A deleted or replaced seal key is a Vault that never unseals again: Pulumi must refuse both. */
    @Test
    void everyKeyIsProtected() {
        var result = run(args().replicaRegion("eu-central-1"));
        assertFalse(result.failed(), result.errors().toString());
        var keys = new java.util.ArrayList<>(result.ofType("aws:kms/key:Key"));
        keys.addAll(result.ofType("aws:kms/replicaKey:ReplicaKey"));
        assertEquals(3, keys.size());
        keys.forEach(k -> assertTrue(k.options().protect(), k.name() + " must be protected"));
    }

    /**
     * A snapshot is only usable with the key that wrapped Vault's root key; a replica of a multi-Region key shares its
     * key material (AWS KMS developer guide, "Multi-Region keys in AWS KMS": "you can encrypt data in one AWS Region and
     * decrypt it in a different AWS Region"), and only a key created multi-Region can be replicated ("You cannot convert
     * an existing single-Region key to a multi-Region key").
     */
    @Test
    void withAReplicaRegionTheSealKeyIsMultiRegionAndReplicatedThere() {
        var result = run(args().replicaRegion("eu-central-1")
                .restorePrincipalArns(Output.of(List.of("arn:aws:iam::111122223333:role/vault-restore"))));
        assertFalse(result.failed(), result.errors().toString());
        var seal = result.named("aws:kms/key:Key", "vault-seal");
        assertEquals(true, seal.input("multiRegion"));
        assertNull(result.named("aws:kms/key:Key", "vault-data").input("multiRegion"), "the data key stays in its Region");
        var replica = result.one("aws:kms/replicaKey:ReplicaKey");
        assertEquals(seal.arn(), replica.input("primaryKeyArn"));
        assertTrue(replica.arn().startsWith("arn:aws:kms:eu-central-1:111122223333:key/mrk-"), replica.arn());
        var provider = result.ofType("pulumi:providers:aws").stream().filter(p -> replica.provider().startsWith(p.urn())).findFirst().orElseThrow();
        assertEquals("eu-central-1", provider.input("region"));
        var policy = (String) replica.input("policy");
        assertTrue(policy.contains("DisasterRecoveryUnseal") && policy.contains("arn:aws:iam::111122223333:role/vault-restore"), policy);

        var single = run(args());
        assertNull(single.named("aws:kms/key:Key", "vault-seal").input("multiRegion"));
        assertEquals(List.of(), single.ofType("aws:kms/replicaKey:ReplicaKey"));
        // An existing single-Region seal key stays as it is (making it multi-Region would replace it).
        var kept = run(args().replicaRegion("eu-central-1").multiRegion(false));
        assertNull(kept.named("aws:kms/key:Key", "vault-seal").input("multiRegion"));
        assertEquals(List.of(), kept.ofType("aws:kms/replicaKey:ReplicaKey"));
    }

    /**
     * AWS KMS developer guide, "Default key policy" / "Allows key administrators to administer the KMS key": the
     * default administrator actions include {@code kms:Create*}, and {@code kms:CreateGrant} lets whoever holds it give
     * any principal the key's use. Administrators here manage (policy, rotation, deletion) and nothing more.
     */
    @Test
    void administratorsManageButCannotCreateGrantsOrUseEitherKey() {
        var result = run(args().adminPrincipalArns(Output.of(List.of("arn:aws:iam::111122223333:role/platform-admin"))));
        for (var key : result.ofType("aws:kms/key:Key")) {
            var statements = JsonParser.parseString((String) key.input("policy")).getAsJsonObject().getAsJsonArray("Statement");
            for (var element : statements) {
                var statement = element.getAsJsonObject();
                if (!statement.toString().contains("platform-admin")) {
                    continue;
                }
                for (var action : statement.getAsJsonArray("Action")) {
                    assertFalse(action.getAsString().matches("kms:(Create(Grant)?\\*?|Encrypt|Decrypt|ReEncrypt.*|GenerateDataKey.*|\\*)"),
                            key.name() + " " + statement.get("Sid") + ": " + action);
                }
            }
        }
    }

    /**
     * Only the platform that launches the volumes gets the data key for them (issue: the Kubernetes stack named the
     * Auto Scaling service-linked role although it has no Auto Scaling group): EC2 Auto Scaling's service-linked role
     * (Amazon EC2 Auto Scaling user guide, "Required AWS KMS key policy for use with encrypted volumes"), or the EBS CSI
     * driver's role through EC2 with grants for AWS resources only (Amazon EKS user guide, "Store Kubernetes volumes
     * with Amazon EBS").
     */
    @Test
    void theDataKeyAdmitsWhoeverLaunchesTheVolumesAndOnlyThem() {
        String ec2Policy = (String) run(args()).named("aws:kms/key:Key", "vault-data").input("policy");
        assertTrue(ec2Policy.contains("AWSServiceRoleForAutoScaling"));
        assertFalse(ec2Policy.contains("EbsCsiDriver"));

        String csiRole = "arn:aws:iam::111122223333:role/ebs-csi";
        var k8s = run(args().autoScalingVolumes(false).ebsCsiPrincipalArns(Output.of(List.of(csiRole))));
        var policy = JsonParser.parseString((String) k8s.named("aws:kms/key:Key", "vault-data").input("policy")).getAsJsonObject();
        assertFalse(policy.toString().contains("AWSServiceRoleForAutoScaling"));
        var grants = java.util.stream.StreamSupport.stream(policy.getAsJsonArray("Statement").spliterator(), false)
                .map(e -> e.getAsJsonObject()).filter(st -> st.get("Sid").getAsString().equals("EbsCsiDriverVolumeGrants")).findFirst().orElseThrow();
        var condition = grants.getAsJsonObject("Condition");
        assertEquals("ec2.eu-west-1.amazonaws.com", condition.getAsJsonObject("StringEquals").get("kms:ViaService").getAsString());
        assertEquals("true", condition.getAsJsonObject("Bool").get("kms:GrantIsForAWSResource").getAsString());
        assertEquals(csiRole, condition.getAsJsonObject("ArnEquals").get("aws:PrincipalArn").getAsString());
    }
}
