package io.privatevault.plan.insights;

import io.privatevault.plan.insights.AwsSchema.BucketPolicy;
import io.privatevault.plan.insights.AwsSchema.Role;
import io.privatevault.plan.insights.AwsSchema.RolePolicyAttachment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.privatevault.plan.insights.Fixtures.res;
import static io.privatevault.plan.insights.Fixtures.with;
import static io.privatevault.plan.insights.RuleAssertions.assertFires;
import static io.privatevault.plan.insights.RuleAssertions.change;
import static io.privatevault.plan.insights.RuleAssertions.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resource policies and managed policies. IAM User Guide, "Policy evaluation logic": within one account a request is
 * allowed when an identity-based policy or a resource-based policy allows it and nothing denies it, so an Allow to
 * the account root in a resource policy hands the resource to every principal whose identity policy asks for it; KMS
 * developer guide, "Default key policy": the root statement "allows ... IAM policies to allow access to the KMS key".
 */
class ResourcePolicyRulesTest {
    private static final String ROOT = "arn:aws:iam::123456789012:root";

    private static String policy(String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
    }

    @Test
    void principalStarWithoutANamingConditionFires() {
        var open = change(GoodStack.KEY, "policy", policy("{\"Sid\":\"Everyone\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}"));
        var findings = assertFires("resource-policy-principals", with(GoodStack.resources(), open), open.urn());
        assertEquals("statement Everyone: allows [kms:Decrypt] to Principal * with no condition naming the caller", findings.get(0).message());
        var secureTransportOnly = change(GoodStack.BUCKET_POLICY, "policy", policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::vault-snapshots-x/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}"));
        assertFires("resource-policy-principals", with(GoodStack.resources(), secureTransportOnly), secureTransportOnly.urn());
        var secret = res(AwsSchema.SecretPolicy.TYPE, "recovery-policy").in("secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:r")
                .in("policy", policy("{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"" + ROOT + "\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}"))
                .build();
        assertFires("resource-policy-principals", with(GoodStack.resources(), secret), secret.urn());
    }

    @Test
    void accountRootGrantsOfUseActionsFireEvenThroughServices() {
        // The administrators' kms:Create* includes kms:CreateGrant: a grant lets its grantee decrypt.
        var admin = change(GoodStack.KEY, "policy", policy("{\"Sid\":\"KeyAdministration\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT
                + "\"},\"Action\":[\"kms:Create*\",\"kms:Describe*\"],\"Resource\":\"*\"}"));
        var findings = assertFires("resource-policy-principals", with(GoodStack.resources(), admin), admin.urn());
        assertEquals("statement KeyAdministration: lets every principal of the account (the account root) [kms:CreateGrant]", findings.get(0).message());
        var viaService = change(GoodStack.KEY, "policy", policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"123456789012\"},\"Action\":\"kms:Decrypt\","
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"s3.eu-west-1.amazonaws.com\",\"kms:CallerAccount\":\"123456789012\"}}}"));
        assertTrue(assertFires("resource-policy-principals", with(GoodStack.resources(), viaService), viaService.urn()).get(0).message()
                .contains("conditions on [kms:viaservice, kms:calleraccount] name no caller"));
        var pinnedToAccount = change(GoodStack.KEY, "policy", policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\","
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}}"));
        assertTrue(assertFires("resource-policy-principals", with(GoodStack.resources(), pinnedToAccount), pinnedToAccount.urn()).get(0).message()
                .contains("lets every principal of the account"));
        // Through Secrets Manager only, each secret's own permissions decide (the recovery secret is fenced by its
        // resource policy, which kms-key-use judges): not this rule's finding.
        var throughSecretsManager = change(GoodStack.KEY, "policy", policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT + "\"},"
                + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"secretsmanager.eu-west-1.amazonaws.com\","
                + "\"kms:CallerAccount\":\"123456789012\"}}}"));
        assertEquals(List.of(), run("resource-policy-principals", with(GoodStack.resources(), throughSecretsManager), "dev"));
        // Administration alone, and service principals, are not findings.
        var adminOnly = change(GoodStack.KEY, "policy", policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT + "\"},"
                + "\"Action\":[\"kms:Describe*\",\"kms:Put*\",\"kms:ScheduleKeyDeletion\"],\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.eu-west-1.amazonaws.com\"},\"Action\":\"kms:Encrypt*\",\"Resource\":\"*\"}"));
        assertEquals(List.of(), run("resource-policy-principals", with(GoodStack.resources(), adminOnly), "dev"));
    }

    @Test
    void snapshotsNeedADenyForEveryoneButTheNamedReaders() {
        var tlsOnly = change(GoodStack.BUCKET_POLICY, "policy", policy("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                + "\"Resource\":\"arn:aws:s3:::vault-snapshots-x/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}"));
        assertFires("snapshot-readers-named", with(GoodStack.resources(), tlsOnly), GoodStack.BUCKET.urn());
        var putOnly = change(GoodStack.BUCKET_POLICY, "policy", policy("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\","
                + "\"Resource\":\"*\",\"Condition\":{\"ArnNotEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::123456789012:role/vault-node\"}}}"));
        assertFires("snapshot-readers-named", with(GoodStack.resources(), putOnly), GoodStack.BUCKET.urn());
        assertFires("snapshot-readers-named", Fixtures.without(GoodStack.resources(), GoodStack.BUCKET_POLICY.urn()), GoodStack.BUCKET.urn());
    }

    @Test
    void awsManagedPoliciesOnNodeRolesFire() {
        var node = res(Role.TYPE, "vault-node").in("name", "vault-node").in("assumeRolePolicy", policy(
                "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}")).build();
        var ssm = res(RolePolicyAttachment.TYPE, "vault-ssm").in("role", "vault-node")
                .in("policyArn", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore").build();
        var resources = with(with(GoodStack.resources(), node), ssm);
        assertTrue(assertFires("node-role-managed-policy", resources, ssm.urn()).get(0).message().contains("AmazonSSMManagedInstanceCore"));
        var irsa = res(Role.TYPE, "vault-pods").in("assumeRolePolicy", policy("{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":"
                + "\"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}"))
                .in("managedPolicyArns", List.of("arn:aws:iam::aws:policy/ReadOnlyAccess")).build();
        assertFires("node-role-managed-policy", with(GoodStack.resources(), irsa), irsa.urn());
        // A customer-managed policy, or an AWS-managed one on a role that is no node's, is not this rule's.
        var lambda = res(Role.TYPE, "handler").in("name", "handler").in("assumeRolePolicy", policy(
                "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}")).build();
        var basic = res(RolePolicyAttachment.TYPE, "handler-logs").in("role", "handler")
                .in("policyArn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole").build();
        var own = res(RolePolicyAttachment.TYPE, "vault-own").in("role", "vault-node").in("policyArn", "arn:aws:iam::123456789012:policy/vault").build();
        assertEquals(List.of(), run("node-role-managed-policy", with(with(with(with(GoodStack.resources(), node), lambda), basic), own), "dev"));
        assertTrue(BucketPolicy.TYPE.startsWith("aws:s3"));
    }
}
