package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.AwsSchema.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.privatevault.plan.insights.Fixtures.res;
import static io.privatevault.plan.insights.Fixtures.with;
import static io.privatevault.plan.insights.Fixtures.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule fires on a deliberately bad resource and stays quiet on the compliant {@link GoodStack}. */
class SecurityRulesTest {
    private static final PolicyPack PACK = PolicyPack.standard();

    private static Rule rule(String id) {
        return PACK.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<Finding> run(String id, List<RecordedResource> resources, String env) {
        return rule(id).evaluate(GoodStack.context(resources, env));
    }

    /** Asserts the rule is quiet on the good stack and fires on {@code bad}, naming {@code urn}. */
    private static List<Finding> assertFires(String id, List<RecordedResource> bad, String urn) {
        return assertFires(id, bad, urn, "dev");
    }

    private static List<Finding> assertFires(String id, List<RecordedResource> bad, String urn, String env) {
        assertEquals(List.of(), run(id, GoodStack.resources(), env), id + " must be quiet on the good stack");
        var findings = run(id, bad, env);
        assertFalse(findings.isEmpty(), id + " must fire");
        assertTrue(findings.stream().allMatch(f -> f.rule().equals(id) && f.severity() == rule(id).severity()));
        assertTrue(findings.stream().anyMatch(f -> f.urn().equals(urn)), "finding on " + urn + ": " + findings);
        return findings;
    }

    private static Map<String, Object> merged(RecordedResource r, String key, Object value) {
        var inputs = new HashMap<>(r.inputs());
        inputs.put(key, value);
        return inputs;
    }

    private static RecordedResource change(RecordedResource r, String key, Object value) {
        return r.withInputs(merged(r, key, value));
    }

    private static RecordedResource remove(RecordedResource r, String key) {
        var inputs = new HashMap<>(r.inputs());
        inputs.remove(key);
        return r.withInputs(inputs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void goodStackHasNoFindingsAtAll(String env) {
        var report = PACK.evaluate(GoodStack.context(GoodStack.resources(), env));
        assertEquals(List.of(), report.findings());
    }

    @Test
    void everyRuleIsDocumented() {
        assertEquals(32, SecurityRules.all().size());
        assertEquals(SecurityRules.all().size() + HealthSemantics.rules().size() + 4, PACK.rules().size(),
                "and boot-order, kms-key-use, explicit-name-carries-stack, reachability");
        for (Rule r : PACK.rules()) {
            assertTrue(r.id().matches("[a-z0-9-]+"), r.id());
            assertFalse(r.rationale().isBlank());
            assertFalse(r.fix().isBlank());
        }
    }

    @Test
    void noPublicIp() {
        var lt = change(GoodStack.LAUNCH_TEMPLATE, "networkInterfaces", List.of(Map.of("associatePublicIpAddress", "true")));
        assertFires("no-public-ip", with(GoodStack.resources(), lt), lt.urn());
        var subnet = change(GoodStack.SUBNET_A, "mapPublicIpOnLaunch", true);
        assertFires("no-public-ip", with(GoodStack.resources(), subnet), subnet.urn());
    }

    @Test
    void imdsv2Required() {
        var optional = change(GoodStack.LAUNCH_TEMPLATE, "metadataOptions", Map.of("httpTokens", "optional"));
        assertFires("imdsv2-required", with(GoodStack.resources(), optional), optional.urn());
        var unset = remove(GoodStack.LAUNCH_TEMPLATE, "metadataOptions");
        assertFires("imdsv2-required", with(GoodStack.resources(), unset), unset.urn());
        var hops = change(GoodStack.LAUNCH_TEMPLATE, "metadataOptions", Map.of("httpTokens", "required", "httpPutResponseHopLimit", 2L));
        var findings = assertFires("imdsv2-required", with(GoodStack.resources(), hops), hops.urn());
        assertTrue(findings.get(0).message().contains("HopLimit is 2"));
    }

    @Test
    void cmkEncryption() {
        var plainEbs = change(GoodStack.LAUNCH_TEMPLATE, "blockDeviceMappings",
                List.of(Map.of("deviceName", "/dev/xvda", "ebs", Map.of("encrypted", "false"))));
        assertFires("cmk-encryption", with(GoodStack.resources(), plainEbs), plainEbs.urn());
        var awsKey = change(GoodStack.LAUNCH_TEMPLATE, "blockDeviceMappings",
                List.of(Map.of("deviceName", "/dev/xvda", "ebs", Map.of("encrypted", "true", "kmsKeyId", "alias/aws/ebs"))));
        assertFires("cmk-encryption", with(GoodStack.resources(), awsKey), awsKey.urn());
        var logs = remove(GoodStack.LOG_GROUP, "kmsKeyId");
        assertFires("cmk-encryption", with(GoodStack.resources(), logs), logs.urn());
        var secret = remove(GoodStack.SECRET, "kmsKeyId");
        assertFires("cmk-encryption", with(GoodStack.resources(), secret), secret.urn());
        var topic = change(GoodStack.TOPIC, "kmsMasterKeyId", "alias/aws/sns");
        assertFires("cmk-encryption", with(GoodStack.resources(), topic), topic.urn());
        var noSse = without(GoodStack.resources(), GoodStack.BUCKET_SSE.urn());
        assertFires("cmk-encryption", noSse, GoodStack.BUCKET.urn());
    }

    @Test
    void encryptionKeyKnownOnlyAfterDeployCountsAsCustomerKey() {
        var logs = change(GoodStack.LOG_GROUP, "kmsKeyId", Fixtures.unknown());
        assertEquals(List.of(), run("cmk-encryption", with(GoodStack.resources(), logs), "dev"));
    }

    @Test
    void noWorldIngress() {
        var v4 = change(GoodStack.CLIENT_RULE, "cidrIpv4", "0.0.0.0/0");
        assertFires("no-world-ingress", with(GoodStack.resources(), v4), v4.urn());
        var v6 = remove(change(GoodStack.CLIENT_RULE, "cidrIpv6", "::/0"), "cidrIpv4");
        assertFires("no-world-ingress", with(GoodStack.resources(), v6), v6.urn());
        var inline = change(GoodStack.NODE_GROUP, "ingress", List.of(Map.of("fromPort", 22L, "toPort", 22L, "protocol", "tcp",
                "cidrBlocks", List.of("0.0.0.0/0"))));
        assertFires("no-world-ingress", with(GoodStack.resources(), inline), inline.urn());
    }

    @Test
    void raftPortSelfOnly() {
        var fromNlb = change(GoodStack.RAFT_RULE, "referencedSecurityGroupId", GoodStack.NLB_SG);
        assertFires("raft-port-self-only", with(GoodStack.resources(), fromNlb), fromNlb.urn());
        var range = change(remove(GoodStack.CLIENT_RULE, "toPort"), "toPort", 8201L);
        assertFires("raft-port-self-only", with(GoodStack.resources(), range), range.urn());
        var allTraffic = res(IngressRule.TYPE, "all-from-vpc").in("securityGroupId", GoodStack.NODE_SG)
                .in("cidrIpv4", "10.0.0.0/16").in("ipProtocol", "-1").build();
        assertFires("raft-port-self-only", with(GoodStack.resources(), allTraffic), allTraffic.urn());
    }

    @Test
    void lbInternal() {
        var publicLb = change(GoodStack.NLB, "internal", false);
        assertFires("lb-internal", with(GoodStack.resources(), publicLb), publicLb.urn());
        var unset = remove(GoodStack.NLB, "internal");
        assertFires("lb-internal", with(GoodStack.resources(), unset), unset.urn());
    }

    @Test
    void lbDeletionProtectionOnlyInProd() {
        var unprotected = change(GoodStack.NLB, "enableDeletionProtection", false);
        assertFires("lb-deletion-protection-prod", with(GoodStack.resources(), unprotected), unprotected.urn(), "prod");
        assertEquals(List.of(), run("lb-deletion-protection-prod", with(GoodStack.resources(), unprotected), "dev"));
    }

    @Test
    void kmsRotation() {
        var off = change(GoodStack.KEY, "enableKeyRotation", false);
        assertFires("kms-rotation", with(GoodStack.resources(), off), off.urn());
        // Asymmetric keys cannot rotate, so AWS does not allow it and the rule does not ask.
        var asymmetric = change(off, "customerMasterKeySpec", "RSA_2048");
        assertEquals(List.of(), run("kms-rotation", with(GoodStack.resources(), asymmetric), "dev"));
    }

    @Test
    void bucketPublicAccessBlock() {
        assertFires("bucket-public-access-block", without(GoodStack.resources(), GoodStack.PAB.urn()), GoodStack.BUCKET.urn());
        var partial = change(GoodStack.PAB, "restrictPublicBuckets", false);
        var findings = assertFires("bucket-public-access-block", with(GoodStack.resources(), partial), GoodStack.BUCKET.urn());
        assertTrue(findings.get(0).message().contains("restrictPublicBuckets"));
    }

    @Test
    void bucketVersioning() {
        var suspended = change(GoodStack.VERSIONING, "versioningConfiguration", Map.of("status", "Suspended"));
        assertFires("bucket-versioning", with(GoodStack.resources(), suspended), GoodStack.BUCKET.urn());
        assertFires("bucket-versioning", without(GoodStack.resources(), GoodStack.VERSIONING.urn()), GoodStack.BUCKET.urn());
    }

    @Test
    void bucketTlsOnly() {
        var allowOnly = change(GoodStack.BUCKET_POLICY, "policy",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
        assertFires("bucket-tls-only", with(GoodStack.resources(), allowOnly), GoodStack.BUCKET.urn());
        assertFires("bucket-tls-only", without(GoodStack.resources(), GoodStack.BUCKET_POLICY.urn()), GoodStack.BUCKET.urn());
    }

    @Test
    void vpnSplitTunnel() {
        var full = change(GoodStack.VPN, "splitTunnel", false);
        assertFires("vpn-split-tunnel", with(GoodStack.resources(), full), full.urn());
    }

    @Test
    void vpnConnectionLogging() {
        var off = change(GoodStack.VPN, "connectionLogOptions", Map.of("enabled", false));
        assertFires("vpn-connection-logging", with(GoodStack.resources(), off), off.urn());
    }

    @Test
    void vpnNoWorldAuthorisation() {
        var world = change(GoodStack.VPN_AUTH, "targetNetworkCidr", "0.0.0.0/0");
        assertFires("vpn-no-world-authorisation", with(GoodStack.resources(), world), world.urn());
    }

    @Test
    void iamWildcardAction() {
        var star = change(GoodStack.ROLE_POLICY, "policy",
                "{\"Statement\":{\"Sid\":\"All\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b/*\"}}");
        var findings = assertFires("iam-wildcard-action", with(GoodStack.resources(), star), star.urn());
        assertTrue(findings.get(0).message().contains("s3:*"));
        var role = res(Role.TYPE, "admin").in("inlinePolicies", List.of(Map.of("name", "all",
                "policy", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"))).build();
        assertFires("iam-wildcard-action", with(GoodStack.resources(), role), role.urn());
    }

    @Test
    void iamWildcardResourceAllowsOnlyDocumentedExceptions() {
        var broad = change(GoodStack.ROLE_POLICY, "policy",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ec2:DescribeInstances\",\"secretsmanager:GetSecretValue\"],\"Resource\":\"*\"}]}");
        var findings = assertFires("iam-wildcard-resource", with(GoodStack.resources(), broad), broad.urn());
        assertTrue(findings.get(0).message().contains("secretsmanager:GetSecretValue"));
        assertFalse(findings.get(0).message().contains("ec2:DescribeInstances"), "documented exception must not be listed");
        assertTrue(SecurityRules.resourceWildcardExceptions().contains("ec2:describeinstances"));
    }

    @Test
    void healthCheckDecidedValues() {
        var slow = change(GoodStack.TARGET_GROUP, "healthCheck", Map.of("interval", 30L, "healthyThreshold", 3L,
                "unhealthyThreshold", 2L, "protocol", "HTTPS", "path", "/v1/sys/health"));
        var findings = assertFires("health-check-decided", with(GoodStack.resources(), slow), slow.urn());
        assertEquals(2, findings.size(), findings.toString());
        var defaults = remove(remove(GoodStack.TARGET_GROUP, "healthCheck"), "deregistrationDelay");
        assertEquals(6, run("health-check-decided", with(GoodStack.resources(), defaults), "dev").size());
        var lingering = change(GoodStack.TARGET_GROUP, "deregistrationDelay", "300");
        assertTrue(assertFires("health-check-decided", with(GoodStack.resources(), lingering), lingering.urn())
                .get(0).message().contains("deregistrationDelay is 300"));
    }

    @Test
    void oddNodesAcrossThreeAzs() {
        var even = change(change(change(GoodStack.ASG, "desiredCapacity", 4L), "minSize", 4L), "maxSize", 4L);
        assertFires("raft-odd-nodes-three-azs", with(GoodStack.resources(), even), even.urn());
        var twoAzs = new RecordedResource(GoodStack.ASG.urn(), GoodStack.ASG.type(), GoodStack.ASG.name(), GoodStack.ASG.parentUrn(),
                true, GoodStack.ASG.inputs(), java.util.Set.of(GoodStack.SUBNET_A.urn(), GoodStack.SUBNET_B.urn(),
                GoodStack.LAUNCH_TEMPLATE.urn()));
        // Three subnets, but two of them in the same AZ.
        var sameAz = change(GoodStack.SUBNET_B, "availabilityZone", "us-east-1a");
        var findings = assertFires("raft-odd-nodes-three-azs", with(GoodStack.resources(), sameAz), GoodStack.ASG.urn());
        assertTrue(findings.get(0).message().contains("2 availability zone"), findings.toString());
        assertFires("raft-odd-nodes-three-azs", with(GoodStack.resources(), twoAzs), twoAzs.urn());
        var adoptedSubnets = new RecordedResource(GoodStack.ASG.urn(), GoodStack.ASG.type(), GoodStack.ASG.name(), null, true,
                merged(GoodStack.ASG, "vpcZoneIdentifiers", List.of("subnet-1", "subnet-2")), java.util.Set.of());
        assertFires("raft-odd-nodes-three-azs", with(GoodStack.resources(), adoptedSubnets), adoptedSubnets.urn());
    }

    @Test
    void noPlaintextSecret() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
        var leaked = change(GoodStack.SECRET, "description", "key: " + pem);
        assertFires("no-plaintext-secret", with(GoodStack.resources(), leaked), leaked.urn());
        var wrapped = change(GoodStack.SECRET, "description", Fixtures.secret(pem));
        assertEquals(List.of(), run("no-plaintext-secret", with(GoodStack.resources(), wrapped), "dev"));
        var tag = change(GoodStack.NLB, "tags", Map.of("token", "hvs.CAESIJlWh2Zb0ZzxxxxxxxxxxxxxxxxxxxxxxxGh4KHGh2cy5"));
        assertFires("no-plaintext-secret", with(GoodStack.resources(), tag), tag.urn());
        var userData = change(GoodStack.LAUNCH_TEMPLATE, "userData", java.util.Base64.getEncoder().encodeToString(
                ("#cloud-config\nwrite_files:\n- content: |\n    " + pem).getBytes()));
        var findings = assertFires("no-plaintext-secret", with(GoodStack.resources(), userData), userData.urn());
        assertTrue(findings.get(0).message().contains("base64"), findings.toString());
        var gzipped = change(GoodStack.LAUNCH_TEMPLATE, "userData", gzipBase64("#cloud-config\nvault_token: hvs.CAESIJlWh2Zb0Zzxxxxxxxxxxxxxxxxxxxxxxx\n"));
        assertFires("no-plaintext-secret", with(GoodStack.resources(), gzipped), gzipped.urn());
        var cleanGzip = change(GoodStack.LAUNCH_TEMPLATE, "userData", gzipBase64("#cloud-config\npackages: [jq]\n"));
        assertEquals(List.of(), run("no-plaintext-secret", with(GoodStack.resources(), cleanGzip), "dev"));

        var withNull = new HashMap<String, Object>();
        withNull.put("rootToken", "s.AbCdEfGhIjKlMnOpQrStUvWx");
        withNull.put("optionalOutput", null);
        var outputs = new PolicyContext(GoodStack.resources(), Map.of(), withNull, "dev");
        var out = rule("no-plaintext-secret").evaluate(outputs);
        assertEquals("output:rootToken", out.get(0).urn());
        var files = new PolicyContext(GoodStack.resources(), Map.of("env", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"), Map.of(), "dev");
        assertEquals("file:env", rule("no-plaintext-secret").evaluate(files).get(0).urn());
    }

    private static String gzipBase64(String text) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    @Test
    void secretScannerIgnoresCertificatesAndHexDigests() {
        String cert = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ5R0ZrW7bqK1cA8xHvZpZpPFPOEwCgYIKoZIzj0EAwIw\n"
                + "Abc0123456789abcdefghijABCDEFGHIJ012345\n-----END CERTIFICATE-----\n";
        assertEquals(List.of(), SecretScanner.scan(cert));
        assertEquals(List.of(), SecretScanner.scan("sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709"));
        assertEquals(List.of(), SecretScanner.scan("arn:aws:iam::123456789012:role/vault-node and vault.tooling.internal"));
    }

    @Test
    void vaultListenerTls() {
        var rule = rule("vault-listener-tls");
        String disabled = GoodStack.VAULT_HCL.replace("tls_min_version = \"tls12\"", "tls_disable = 1");
        var findings = rule.evaluate(new PolicyContext(GoodStack.resources(), Map.of("node/vault.hcl", disabled), Map.of(), "dev"));
        assertEquals(2, findings.size(), findings.toString());
        assertEquals("file:node/vault.hcl", findings.get(0).urn());
        String old = GoodStack.VAULT_HCL.replace("tls12", "tls11");
        assertEquals(1, rule.evaluate(new PolicyContext(GoodStack.resources(), Map.of("vault.hcl", old), Map.of(), "dev")).size());
        // A commented-out tls_disable and a nested block's attribute are not the listener's own.
        String commented = GoodStack.VAULT_HCL.replace("tls_min_version = \"tls12\"",
                "tls_min_version = \"tls13\"\n  # tls_disable = true");
        assertEquals(List.of(), rule.evaluate(new PolicyContext(GoodStack.resources(), Map.of("vault.hcl", commented), Map.of(), "dev")));
        assertEquals(1, rule.evaluate(new PolicyContext(GoodStack.resources(), Map.of("vault.hcl", "ui = true\n"), Map.of(), "dev")).size());
    }

    /** Since Vault 2.0 only {@code enable_unauthenticated_access} lets sys/generate-root start without a token: break glass only. */
    @Test
    void breakGlassLeftOpen() {
        var rule = rule("break-glass-left-open");
        assertEquals(List.of(), rule.evaluate(new PolicyContext(GoodStack.resources(), Map.of("node/vault.hcl", GoodStack.VAULT_HCL), Map.of(), "dev")));
        String open = "enable_unauthenticated_access = [\"generate-root\"]\n" + GoodStack.VAULT_HCL;
        var findings = rule.evaluate(new PolicyContext(GoodStack.resources(), Map.of("node/vault.hcl", open), Map.of(), "prod"));
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Severity.MEDIUM, findings.get(0).severity());
        assertEquals("file:node/vault.hcl", findings.get(0).urn());
        // Commented out, or the name inside a block, is not the server's setting.
        assertEquals(List.of(), rule.evaluate(new PolicyContext(GoodStack.resources(),
                Map.of("node/vault.hcl", "# enable_unauthenticated_access = [\"generate-root\"]\n" + GoodStack.VAULT_HCL), Map.of(), "prod")));
    }

    @Test
    void suppressionNeedsReasonAndShowsInReport() {
        var off = change(GoodStack.KEY, "enableKeyRotation", false);
        var context = GoodStack.context(with(GoodStack.resources(), off), "dev");
        var reason = "imported key rotated by the HSM team";
        var report = PACK.evaluate(context, List.of(new Suppression("kms-rotation", off.urn(), reason),
                new Suppression("lb-internal", GoodStack.NLB.urn(), "stale")));
        assertEquals(List.of(), report.findings());
        assertEquals(1, report.suppressed().size());
        assertEquals(reason, report.suppressed().get(0).reason());
        assertEquals(1, report.unusedSuppressions().size());
        assertTrue(report.toText().contains("reason: " + reason));
        assertTrue(report.toText().contains("UNUSED SUPPRESSION lb-internal"));

        var noReason = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Suppression("kms-rotation", off.urn(), " "));
        assertTrue(noReason.getMessage().contains("reason"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PACK.evaluate(context, List.of(new Suppression("no-such-rule", off.urn(), "x"))));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Suppression("kms-rotation", "*", "everything"));
        var parsed = Suppression.parseJson("[{\"rule\":\"kms-rotation\",\"urn\":\"" + off.urn() + "\",\"reason\":\"" + reason + "\"}]");
        assertEquals(List.of(new Suppression("kms-rotation", off.urn(), reason)), parsed);
    }

    @Test
    void reportOrdersHighFirst() {
        var bad = with(with(GoodStack.resources(), change(GoodStack.KEY, "enableKeyRotation", false)),
                change(GoodStack.NLB, "internal", false));
        var report = PACK.evaluate(GoodStack.context(bad, "dev"));
        assertEquals(Severity.HIGH, report.findings().get(0).severity());
        assertEquals(1, report.count(Severity.HIGH));
        assertEquals(1, report.count(Severity.MEDIUM));
    }
}
