package io.privatevault.components.support;

import io.privatevault.components.VaultAwsSecretRoleArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What counts as administrator access in a policy the program is handed. CIS AWS Foundations: "IAM policies that
 * contain a statement with "Effect": "Allow" and "Action": "*" over "Resource": "*" should be removed"; IAM User Guide,
 * NotAction: "NotAction matches all services and actions that are not explicitly listed ... and could result in
 * granting users more permissions than you intended".
 */
class IamPolicyTest {
    private static List<String> admin(String statement) {
        return IamPolicy.parse("{\"Version\":\"2012-10-17\",\"Statement\":" + statement + "}").administrativeAccess();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}",
            "[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"*:*\"],\"Resource\":[\"*\"]}]",
            "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-1\"}}}",
            "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotResource\":\"arn:aws:s3:::audit/*\"}",
            "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Allow\",\"Action\":\"iam:Put*\",\"Resource\":\"arn:aws:iam::123456789012:user/vault-*\"}",
            "{\"Effect\":\"Allow\",\"Action\":\"IAM:attachuserpolicy\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Allow\",\"Action\":\"iam:Pass?ole\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Allow\",\"NotAction\":[\"s3:*\"],\"Resource\":\"arn:aws:iam::123456789012:user/x\"}",
    })
    void administratorAccessInAnyShape(String statement) {
        assertFalse(admin(statement).isEmpty(), statement);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::uploads/*\"}",
            "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::uploads/*\"}",
            "{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Allow\",\"Action\":[\"iam:GetUser\",\"iam:List*\"],\"Resource\":\"*\"}",
            "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}",
            "{\"Effect\":\"Deny\",\"NotAction\":\"s3:*\",\"Resource\":\"*\"}",
    })
    void narrowPoliciesAreNot(String statement) {
        assertEquals(List.of(), admin(statement), statement);
    }

    @Test
    void messagesSayWhatGrantsIt() {
        assertEquals(List.of("statement All: grants action [*] on every resource (*)"),
                admin("{\"Sid\":\"All\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"));
        assertEquals(List.of("Allow with NotAction [iam:*] grants every other action on every resource (*)"),
                admin("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}"));
        assertTrue(admin("{\"Effect\":\"Allow\",\"Action\":\"iam:*User*\",\"Resource\":\"*\"}").get(0)
                .contains("[iam:AttachUserPolicy, iam:PutUserPolicy, iam:DeleteUserPermissionsBoundary, iam:AddUserToGroup]"));
    }

    @Test
    void iamWildcardsMatchAsIamDoes() {
        assertTrue(IamPolicy.matches("kms:Create*", "kms:CreateGrant"));
        assertTrue(IamPolicy.matches("kms:ReEncrypt*", "KMS:ReEncryptFrom"));
        assertTrue(IamPolicy.matches("s3:Get?bject", "s3:GetObject"));
        assertFalse(IamPolicy.matches("s3:Get?bject", "s3:GetObjectAcl"));
        assertFalse(IamPolicy.matches("kms:Describe*", "kms:Decrypt"));
    }

    @Test
    void notAPolicyIsSaidSo() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IamPolicy.parse("{\"Version\":\"2012-10-17\"}"))
                .getMessage().contains("no Statement"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IamPolicy.parse("{\"Statement\":{\"Effect\":\"Maybe\"}}"))
                .getMessage().contains("Effect must be Allow or Deny"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IamPolicy.parse("{\"Statement\":")).getMessage().contains("JSON"));
    }

    /** An AWS secret role for IAM users is refused before anything is registered when its policy is administrator access. */
    @Test
    void anIamUserRoleWithAdministratorAccessIsRefused() {
        var error = assertThrows(InvalidSettingException.class, () -> VaultAwsSecretRoleArgs.builder().name("deploy").credentialType("iam_user")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}").build());
        assertEquals(1, error.problems().size(), error.getMessage());
        assertTrue(error.problems().get(0).message().startsWith("VaultAwsSecretRoleArgs.policyDocument must be a policy that is not"
                + " administrator access (name the actions and resources the credentials need); this one grants action [*] on every"
                + " resource (*)"), error.getMessage());
        var broken = assertThrows(InvalidSettingException.class, () -> VaultAwsSecretRoleArgs.builder().name("deploy")
                .credentialType("iam_user").policyDocument("{\"Statement\": [").build());
        assertTrue(broken.getMessage().contains("an IAM policy JSON document; this one is not valid JSON"), broken.getMessage());
        // A session policy only narrows the assumed role: not judged.
        VaultAwsSecretRoleArgs.builder().name("deploy").credentialType("assumed_role")
                .roleArns(List.of("arn:aws:iam::123456789012:role/deploy"))
                .policyDocument("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}").build();
        VaultAwsSecretRoleArgs.builder().name("uploads").credentialType("iam_user")
                .policyDocument("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::uploads/*\"}]}").build();
    }
}
