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

    @Test
    void sealKeyPolicyLetsOnlyTheVaultRoleUseTheKey() {
        var key = run(args()).named("aws:kms/key:Key", "vault-seal");
        var statements = JsonParser.parseString((String) key.input("policy")).getAsJsonObject().getAsJsonArray("Statement");
        var use = statements.get(1).getAsJsonObject();
        assertEquals("VaultAutoUnseal", use.get("Sid").getAsString());
        assertEquals(ROLE, use.getAsJsonObject("Condition").getAsJsonObject("ArnEquals").get("aws:PrincipalArn").getAsString());
        var admin = statements.get(0).getAsJsonObject();
        assertEquals("arn:aws:iam::111122223333:root", admin.getAsJsonObject("Principal").get("AWS").getAsString());
        admin.getAsJsonArray("Action").forEach(a -> assertFalse(a.getAsString().matches("kms:(Encrypt|Decrypt|GenerateDataKey).*"),
                "administrators must not use the key: " + a));
    }

    @Test
    void rejectsDeletionWindowOutsideKmsLimits() {
        var error = assertThrows(InvalidSettingException.class, () -> args().deletionWindowDays(3).build());
        assertEquals("KmsSealArgs.deletionWindowDays must be between 7 and 30, got 3", error.getMessage());
    }
}
