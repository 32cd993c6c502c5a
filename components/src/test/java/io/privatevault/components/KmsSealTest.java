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
}
