package io.privatevault.components;

import io.privatevault.components.testing.UsesTools;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.components.cluster.ClusterFixture;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.RecordedResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.privatevault.components.cluster.ClusterFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class VaultRaftClusterTest {
    static MockRun.Result dev;

    @BeforeAll
    static void runOnce() {
        dev = ClusterFixture.run(ClusterFixture.args());
        assertFalse(dev.failed(), dev.errors().toString());
    }

    private static Map<String, JsonObject> statements(RecordedResource policy) {
        var out = new HashMap<String, JsonObject>();
        JsonParser.parseString((String) policy.input("policy")).getAsJsonObject().getAsJsonArray("Statement")
                .forEach(s -> out.put(s.getAsJsonObject().get("Sid").getAsString(), s.getAsJsonObject()));
        return out;
    }

    private static List<String> strings(JsonElement e) {
        var out = new ArrayList<String>();
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> out.add(x.getAsString()));
        } else {
            out.add(e.getAsString());
        }
        return out;
    }

    @Test
    void everyIamStatementIsScopedToItsResource() {
        var s = statements(dev.one("aws:iam/rolePolicy:RolePolicy"));
        String tlsArn = (String) dev.one("aws:secretsmanager/secretVersion:SecretVersion").input("secretId");
        // The seal key's policy grants the role the key (KmsSealTest); an IAM copy would be a second place to keep in step.
        s.forEach((sid, st) -> assertFalse(strings(st.get("Resource")).contains(SEAL_KEY), sid + " names the seal key"));
        assertEquals(List.of("ec2:DescribeInstances"), strings(s.get("RaftAutoJoinDiscovery").get("Action")));
        assertTrue(tlsArn.startsWith("arn:aws:secretsmanager:eu-west-1:111122223333:secret:"), tlsArn);
        assertEquals(List.of(tlsArn), strings(s.get("ReadNodeTlsBundle").get("Resource")));
        assertEquals(List.of("secretsmanager:GetSecretValue"), strings(s.get("ReadNodeTlsBundle").get("Action")));
        String lock = strings(s.get("InitLock").get("Resource")).get(0);
        assertEquals(List.of("secretsmanager:CreateSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"),
                strings(s.get("InitLock").get("Action")));
        assertTrue(lock.matches("arn:aws:secretsmanager:eu-west-1:111122223333:secret:.*recovery.*/init-lock-\\?{6}"), lock);
        assertTrue(strings(s.get("StoreRecoveryMaterial").get("Resource")).get(0).contains("recovery"));
        assertEquals(List.of("secretsmanager:PutSecretValue"), strings(s.get("StoreRecoveryMaterial").get("Action")));
        assertEquals(List.of(DATA_KEY), strings(s.get("DataKeyThroughSecretsManagerAndS3").get("Resource")));
        assertEquals(List.of("secretsmanager.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com"),
                strings(s.get("DataKeyThroughSecretsManagerAndS3").getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("kms:ViaService")));
        assertEquals(List.of("arn:aws:s3:::" + BUCKET + "/raft/vault/*"), strings(s.get("UploadSnapshots").get("Resource")));
        assertEquals("raft/vault/*", s.get("ListSnapshots").getAsJsonObject("Condition").getAsJsonObject("StringLike").get("s3:prefix").getAsString());
        assertEquals(List.of("arn:aws:logs:eu-west-1:111122223333:log-group:/private-vault/test-dev-vault/server:*",
                "arn:aws:logs:eu-west-1:111122223333:log-group:/private-vault/test-dev-vault/audit:*",
                "arn:aws:logs:eu-west-1:111122223333:log-group:/private-vault/test-dev-vault/metrics:*"), strings(s.get("ShipLogs").get("Resource")));
        assertEquals("PrivateVault", s.get("PublishMetrics").getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("cloudwatch:namespace").getAsString());
        // '*' only where AWS has no resource-level permissions.
        s.forEach((sid, st) -> {
            if (strings(st.get("Resource")).contains("*")) {
                assertTrue(List.of("RaftAutoJoinDiscovery", "PublishMetrics", "AgentReadsInstanceTags", "ReadOwnAutoScalingGroup")
                        .contains(sid), sid + " uses Resource *");
            }
            strings(st.get("Action")).forEach(a -> assertFalse(a.endsWith("*"), sid + " has a wildcard action " + a));
        });
        // The CloudWatch agent resolves ${aws:AutoScalingGroupName} through ec2:DescribeTags.
        assertEquals(List.of("ec2:DescribeTags"), strings(s.get("AgentReadsInstanceTags").get("Action")));
        // The lifecycle scripts act on their own group only: its name prefix and the cluster's auto-join tag.
        var lifecycle = s.get("NodeLifecycleInOwnGroup");
        assertEquals(List.of("autoscaling:CompleteLifecycleAction", "autoscaling:SetInstanceProtection", "autoscaling:StartInstanceRefresh"),
                strings(lifecycle.get("Action")));
        assertTrue(strings(lifecycle.get("Resource")).get(0)
                .matches("arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:\\*:autoScalingGroupName/.+-nodes-\\*"),
                strings(lifecycle.get("Resource")).toString());
        assertEquals(1, lifecycle.getAsJsonObject("Condition").getAsJsonObject("StringEquals").size());
        assertFalse(s.containsKey("DownloadVaultRelease"), "no artifact bucket when downloading through NAT");
        var trust = JsonParser.parseString((String) dev.one("aws:iam/role:Role").input("assumeRolePolicy")).getAsJsonObject()
                .getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertEquals("ec2.amazonaws.com", trust.getAsJsonObject("Principal").get("Service").getAsString());
        assertFalse(trust.has("Resource"));
        assertEquals(List.of(), dev.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"), "no managed policy (SSM is off by default)");
    }

    @Test
    void launchTemplateIsPrivateHardenedAndEncrypted() {
        var lt = dev.one("aws:ec2/launchTemplate:LaunchTemplate");
        assertEquals("required", lt.input("metadataOptions.httpTokens"));
        assertEquals(1L, lt.input("metadataOptions.httpPutResponseHopLimit"));
        assertEquals("enabled", lt.input("metadataOptions.httpEndpoint"));
        assertEquals("false", lt.input("networkInterfaces.0.associatePublicIpAddress"));
        assertNull(lt.input("keyName"), "no SSH key pair");
        assertEquals(true, lt.input("monitoring.enabled"));
        assertEquals("m7i.large", lt.input("instanceType"));
        assertEquals("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", lt.input("imageId"));
        @SuppressWarnings("unchecked")
        var devices = (List<Map<String, Object>>) lt.input("blockDeviceMappings");
        assertEquals(3, devices.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("gp3", lt.input("blockDeviceMappings." + i + ".ebs.volumeType"));
            assertEquals("true", lt.input("blockDeviceMappings." + i + ".ebs.encrypted"));
        }
        assertEquals("/dev/xvda", lt.input("blockDeviceMappings.0.deviceName"));
        assertEquals("/dev/sdf", lt.input("blockDeviceMappings.1.deviceName"));
        assertEquals(100L, lt.input("blockDeviceMappings.1.ebs.volumeSize"));
        assertEquals(3000L, lt.input("blockDeviceMappings.1.ebs.iops"));
        assertEquals(125L, lt.input("blockDeviceMappings.1.ebs.throughput"));
        assertEquals("/dev/sdg", lt.input("blockDeviceMappings.2.deviceName"));
        assertEquals(50L, lt.input("blockDeviceMappings.2.ebs.volumeSize"));
        assertTrue(userData(dev).startsWith("#cloud-config\n"));
        assertTrue(Base64Length.of((String) lt.input("userData")) < 16384, "user data within EC2's 16 KiB");
    }

    @Test
    @UsesTools
    void autoScalingGroupKeepsQuorumThroughRefreshes() {
        var asg = dev.one("aws:autoscaling/group:Group");
        assertEquals(3L, asg.input("minSize"));
        // One more only while a refresh launches a replacement before its predecessor leaves.
        assertEquals(4L, asg.input("maxSize"));
        assertEquals(3L, asg.input("desiredCapacity"));
        // "EC2 status checks ... the default health check" vs "Elastic Load Balancing health checks" (EC2 Auto Scaling
        // User Guide, Health checks): with ELB health a node answering 474/503 (leaderless or sealed, a cluster state)
        // would be terminated with its Raft volume. EC2 health replaces only failed instances.
        assertEquals("EC2", asg.input("healthCheckType"));
        assertEquals(600L, asg.input("healthCheckGracePeriod"));
        assertEquals(List.of("subnet-a", "subnet-b", "subnet-c"), asg.input("vpcZoneIdentifiers"));
        assertEquals(List.of(TARGET_GROUP), asg.input("targetGroupArns"));
        assertEquals("1", asg.input("launchTemplate.version"), "the template's latest version number, not $Latest");
        assertEquals("Rolling", asg.input("instanceRefresh.strategy"));
        // "Setting the minimum healthy percentage to 100 percent limits the rate of replacement to one instance at a
        // time" (RefreshPreferences): no voter is taken away before its replacement is in service.
        assertEquals(100L, asg.input("instanceRefresh.preferences.minHealthyPercentage"));
        assertEquals(134L, asg.input("instanceRefresh.preferences.maxHealthyPercentage"), "room for exactly one more of 3");
        assertEquals("60", asg.input("instanceRefresh.preferences.instanceWarmup"));
        assertEquals("Ignore", asg.input("instanceRefresh.preferences.scaleInProtectedInstances"),
                "the active node protects itself and is replaced last");
        @SuppressWarnings("unchecked")
        var tags = (List<Map<String, Object>>) asg.input("tags");
        assertTrue(tags.contains(Map.of("key", "VaultCluster", "value", "test-dev-vault", "propagateAtLaunch", true)), tags.toString());

        // The hooks: a new node is in service only once a healthy voter (else abandoned), a leaving node leaves Raft first.
        var hooks = dev.ofType("aws:autoscaling/lifecycleHook:LifecycleHook");
        assertEquals(2, hooks.size());
        var byTransition = new java.util.HashMap<Object, io.privatevault.components.testing.RecordedResource>();
        hooks.forEach(h -> byTransition.put(h.input("lifecycleTransition"), h));
        var launching = byTransition.get("autoscaling:EC2_INSTANCE_LAUNCHING");
        assertEquals("vault-node-launching", launching.input("name"));
        assertEquals("ABANDON", launching.input("defaultResult"));
        assertEquals(1800L, launching.input("heartbeatTimeout"));
        var terminating = byTransition.get("autoscaling:EC2_INSTANCE_TERMINATING");
        assertEquals("vault-node-terminating", terminating.input("name"));
        assertEquals("CONTINUE", terminating.input("defaultResult"));
        // "The maximum heartbeat timeout is 7200 seconds (2 hours)"; the minimum is 30 (PutLifecycleHook).
        hooks.forEach(h -> assertTrue((Long) h.input("heartbeatTimeout") >= 30 && (Long) h.input("heartbeatTimeout") <= 7200));
        hooks.forEach(h -> assertTrue(h.dependencies().contains(asg.urn()), "a hook names its group"));
        assertTrue(asg.dependencies().contains(dev.one("aws:iam/rolePolicy:RolePolicy").urn()), "nodes boot with their permissions");

        var prod = ClusterFixture.run(ClusterFixture.args().nodeCount(5));
        var prodAsg = prod.one("aws:autoscaling/group:Group");
        assertEquals(5L, prodAsg.input("desiredCapacity"));
        assertEquals(6L, prodAsg.input("maxSize"));
        assertEquals(120L, prodAsg.input("instanceRefresh.preferences.maxHealthyPercentage"));
    }

    @Test
    void nodesBootOnlyAfterWhatTheirFirstBootCalls() {
        var asg = dev.one("aws:autoscaling/group:Group");
        var deps = asg.dependencies();
        for (String type : List.of("aws:iam/rolePolicy:RolePolicy",
                "aws:secretsmanager/secretVersion:SecretVersion", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
                "aws:cloudwatch/logGroup:LogGroup")) {
            var resources = dev.ofType(type);
            assertFalse(resources.isEmpty(), type);
            resources.forEach(r -> assertTrue(deps.contains(r.urn()), "the group waits for " + r.name()));
        }
    }

    @Test
    void securityGroupAllowsOnlyTheNlbClientsAndPeers() {
        var result = ClusterFixture.run(ClusterFixture.args().clientCidrs(List.of("10.50.0.0/16")));
        var ingress = result.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assertEquals(4, ingress.size());
        for (var rule : ingress) {
            assertTrue(((String) rule.input("securityGroupId")).startsWith("sg-"));
            Object cidr = rule.input("cidrIpv4");
            assertNotEquals("0.0.0.0/0", cidr);
            long port = (Long) rule.input("fromPort");
            assertEquals(port, rule.input("toPort"));
            if (port == 8201) {
                assertEquals(rule.input("securityGroupId"), rule.input("referencedSecurityGroupId"), "8201 only from the group itself");
            } else {
                assertEquals(8200L, port);
            }
        }
        assertEquals(NLB_SG, result.named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "vault-api-from-nlb").input("referencedSecurityGroupId"));
        assertEquals("10.50.0.0/16", result.named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "vault-api-from-client-0").input("cidrIpv4"));

        var egress = result.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
        assertEquals("10.42.0.0/16", result.named("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "vault-https-to-vpc").input("cidrIpv4"));
        assertEquals("pl-6da54004", result.named("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "vault-https-to-s3").input("prefixListId"));
        assertEquals("0.0.0.0/0", result.named("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "vault-https-to-internet").input("cidrIpv4"));
        assertEquals(5, egress.size());

        // Fully private install: no internet egress at all, and the artifact bucket becomes readable.
        var privateRun = ClusterFixture.run(ClusterFixture.args().internetEgress(false).vaultDownloadUrl("s3://pv-artifacts/hashicorp/vault"));
        assertFalse(privateRun.failed(), privateRun.errors().toString());
        for (var rule : privateRun.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")) {
            assertNotEquals("0.0.0.0/0", rule.input("cidrIpv4"), rule.name());
        }
        var statements = statements(privateRun.one("aws:iam/rolePolicy:RolePolicy"));
        assertEquals(List.of("arn:aws:s3:::pv-artifacts/hashicorp/vault/*"), strings(statements.get("DownloadVaultRelease").get("Resource")));
    }

    @Test
    void tlsComesFromAPrivateCaThroughAnEncryptedSecret() {
        var ca = dev.one("tls:index/selfSignedCert:SelfSignedCert");
        assertEquals(true, ca.input("isCaCertificate"));
        assertEquals(List.of("cert_signing", "crl_signing"), ca.input("allowedUses"));
        var csr = dev.one("tls:index/certRequest:CertRequest");
        assertEquals(List.of("vault.tooling.internal", "localhost"), csr.input("dnsNames"));
        assertEquals(List.of("127.0.0.1"), csr.input("ipAddresses"));
        var cert = dev.one("tls:index/locallySignedCert:LocallySignedCert");
        assertEquals(List.of("digital_signature", "key_encipherment", "server_auth", "client_auth"), cert.input("allowedUses"));
        assertEquals(8760L, cert.input("validityPeriodHours"));
        assertEquals(720L, cert.input("earlyRenewalHours"));

        var tlsSecret = dev.named("aws:secretsmanager/secret:Secret", "vault-tls");
        assertEquals(DATA_KEY, tlsSecret.input("kmsKeyId"));
        var version = dev.one("aws:secretsmanager/secretVersion:SecretVersion");
        assertTrue(version.isSecret("secretString"));
        var bundle = JsonParser.parseString((String) version.input("secretString")).getAsJsonObject();
        assertEquals(NODE_KEY_PEM, bundle.get("key_pem").getAsString());
        assertTrue(bundle.get("cert_pem").getAsString().contains("NODE"));
        assertFalse(version.input("secretString").toString().contains("CAKEY"), "the CA key never leaves Pulumi state");

        var recovery = dev.named("aws:secretsmanager/secret:Secret", "vault-recovery");
        assertEquals(DATA_KEY, recovery.input("kmsKeyId"));
        assertEquals(30L, recovery.input("recoveryWindowInDays"));
        assertEquals(1, dev.ofType("aws:secretsmanager/secretVersion:SecretVersion").size(), "recovery material never enters Pulumi state");
        assertEquals("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n", dev.outputs().get("caCertPem"));
    }

    @Test
    void noSecretReachesUserDataOrRenderedFiles() {
        String userData = userData(dev);
        var files = renderedFiles(dev);
        for (String text : concat(List.of(userData), files.values())) {
            assertFalse(text.contains("PRIVATE KEY"));
            assertFalse(text.contains("CAKEY"));
            assertFalse(text.contains("NODEKEY"));
        }
        assertTrue(files.keySet().containsAll(List.of("node/vault.hcl", "node/cloud-init.yaml", "node/vault.service",
                "node/vault-init.service", "node/vault-snapshot.timer", "node/init.sh", "node/snapshot.sh",
                "node/logrotate-vault", "node/amazon-cloudwatch-agent.json")), files.keySet().toString());
        assertEquals(files.get("node/cloud-init.yaml"), userData, "the artifact is exactly what nodes receive");
    }

    @Test
    void logGroupsAreEncryptedAndRetained() {
        for (var group : dev.ofType("aws:cloudwatch/logGroup:LogGroup")) {
            assertEquals(DATA_KEY, group.input("kmsKeyId"));
            // The agent's embedded-metric events only back the metrics (kept 15 months by CloudWatch): two weeks.
            assertEquals(group.name().equals("vault-metrics-logs") ? 14L : 365L, group.input("retentionInDays"), group.name());
        }
        assertEquals(List.of("/private-vault/test-dev-vault/audit", "/private-vault/test-dev-vault/metrics", "/private-vault/test-dev-vault/server"),
                dev.ofType("aws:cloudwatch/logGroup:LogGroup").stream().map(g -> (String) g.input("name")).sorted().toList());
        var agent = JsonParser.parseString(renderedFiles(dev).get("node/amazon-cloudwatch-agent.json")).getAsJsonObject();
        JsonArray collect = agent.getAsJsonObject("logs").getAsJsonObject("logs_collected").getAsJsonObject("files").getAsJsonArray("collect_list");
        assertEquals("/var/log/vault/vault.log", collect.get(0).getAsJsonObject().get("file_path").getAsString());
        assertEquals("/private-vault/test-dev-vault/server", collect.get(0).getAsJsonObject().get("log_group_name").getAsString());
        assertEquals("/var/log/vault/audit.log", collect.get(1).getAsJsonObject().get("file_path").getAsString());
        assertEquals("/private-vault/test-dev-vault/audit", collect.get(1).getAsJsonObject().get("log_group_name").getAsString());
    }

    @Test
    void aNamedRoleHasAPredictableArnForTheSealKeyPolicy() {
        var result = ClusterFixture.run(ClusterFixture.args().nodeRoleName("vault-node-dev"));
        assertEquals("vault-node-dev", result.one("aws:iam/role:Role").input("name"));
        assertNull(dev.one("aws:iam/role:Role").input("name"), "autonamed by default");
        assertTrue(renderedFiles(result).get("node/cluster.env").contains("NODE_ROLE_ARN=arn:aws:iam::111122223333:role/vault-node-dev\n"));
        assertEquals("VaultRaftClusterArgs.nodeRoleName must be an IAM role name (letters, digits and +=,.@_-, at most 64 characters), got 'vault node'",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().nodeRoleName("vault node").build()).getMessage());
    }

    @Test
    void renderedFilesAreStableAcrossRuns() {
        // Map.of iterates in a per-JVM order; any such map in a rendered file would roll the nodes on every up.
        String agent = renderedFiles(dev).get("node/amazon-cloudwatch-agent.json");
        int metrics = agent.indexOf("\"metrics\": {");
        int[] positions = {agent.indexOf("\"agent\""), agent.indexOf("\"logs\""), agent.indexOf("\"prometheus\""),
                agent.indexOf("\"emf_processor\""), metrics, agent.indexOf("\"namespace\"", metrics),
                agent.indexOf("\"append_dimensions\"", metrics), agent.indexOf("\"metrics_collected\"", metrics),
                agent.indexOf("\"disk\""), agent.indexOf("\"mem\"")};
        for (int i = 1; i < positions.length; i++) {
            assertTrue(positions[i - 1] >= 0 && positions[i - 1] < positions[i], agent);
        }
        var again = ClusterFixture.run(ClusterFixture.args().tags(Map.of("team", "platform", "env", "dev", "cost", "vault")));
        var tags = again.one("aws:autoscaling/group:Group").input("tags").toString();
        assertTrue(tags.indexOf("Name") < tags.indexOf("VaultCluster") && tags.indexOf("cost") < tags.indexOf("env")
                && tags.indexOf("env") < tags.indexOf("team"), tags);
        assertEquals(dev.one("aws:ec2/launchTemplate:LaunchTemplate").input("userData"),
                ClusterFixture.run(ClusterFixture.args()).one("aws:ec2/launchTemplate:LaunchTemplate").input("userData"));
    }

    @Test
    void alarmsCoverTargetsQuorumSnapshotsCapacityAndTheSealKey() {
        var topic = dev.one("aws:sns/topic:Topic");
        assertEquals(DATA_KEY, topic.input("kmsMasterKeyId"));
        var sub = dev.one("aws:sns/topicSubscription:TopicSubscription");
        assertEquals("email", sub.input("protocol"));
        assertEquals("oncall@example.com", sub.input("endpoint"));
        var alarms = dev.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        assertEquals(List.of("vault-audit-request-failures", "vault-audit-response-failures", "vault-autopilot-unhealthy",
                "vault-certificate-expiry", "vault-fault-tolerance", "vault-healthy-targets", "vault-in-service", "vault-no-active-node",
                "vault-quorum", "vault-raft-commit-time", "vault-seal-key", "vault-snapshot-age", "vault-snapshot-verify"),
                alarms.stream().map(RecordedResource::name).sorted().toList());
        var healthy = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-healthy-targets");
        assertEquals("HealthyHostCount", healthy.input("metricName"));
        assertEquals(3.0, ((Number) healthy.input("threshold")).doubleValue());
        assertEquals("LessThanThreshold", healthy.input("comparisonOperator"));
        assertEquals("targetgroup/vault/0123456789abcdef", healthy.input("dimensions.TargetGroup"));
        assertEquals("net/vault/fedcba9876543210", healthy.input("dimensions.LoadBalancer"));
        var quorum = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-quorum");
        assertEquals(2.0, ((Number) quorum.input("threshold")).doubleValue());
        assertTrue(((String) quorum.input("alarmDescription")).startsWith("CRITICAL"));
        var age = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-snapshot-age");
        assertEquals("SnapshotAgeSeconds", age.input("metricName"));
        assertEquals(7200.0, ((Number) age.input("threshold")).doubleValue());
        assertEquals("breaching", age.input("treatMissingData"));
        var inService = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-in-service");
        assertEquals("GroupInServiceInstances", inService.input("metricName"));
        assertEquals(dev.outputs().get("asgName"), inService.input("dimensions.AutoScalingGroupName"));
        var key = dev.named("aws:cloudwatch/metricAlarm:MetricAlarm", "vault-seal-key");
        assertEquals("SealKeyEnabled", key.input("metricName"));
        for (var alarm : alarms) {
            assertTrue(((String) alarm.input("alarmActions.0")).startsWith("arn:aws:sns:eu-west-1:111122223333:vault-alarms"), alarm.name());
            assertEquals(alarm.input("alarmActions"), alarm.input("okActions"));
        }
    }

    /** min_quorum = max(3, n/2+1), decided once in the Args and carried to the bootstrap by the node spec. */
    @Test
    @UsesTools
    void autopilotMinQuorumFollowsTheNodeCount() {
        for (var expected : Map.of(3, "3", 5, "3", 7, "4").entrySet()) {
            var run = ClusterFixture.run(ClusterFixture.args().nodeCount(expected.getKey()));
            var env = io.privatevault.components.cluster.ScriptLab.envFile(renderedFiles(run).get("node/cluster.env"));
            assertEquals(expected.getValue(), env.get("AUTOPILOT_MIN_QUORUM"), "nodeCount " + expected.getKey());
        }
    }

    @Test
    void rejectsEvenOrTooSmallNodeCounts() {
        var error = assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().nodeCount(4).build());
        assertEquals("VaultRaftClusterArgs.nodeCount must be an odd number from 3 to 7 (Raft needs a majority; even counts add no fault tolerance), got 4",
                error.getMessage());
        assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().nodeCount(1).build());
    }

    @Test
    void rejectsFewerThanThreeSubnets() {
        var result = ClusterFixture.run(ClusterFixture.args().subnetIds(com.pulumi.core.Output.of(List.of("subnet-a", "subnet-b"))));
        assertTrue(result.failed());
        assertTrue(result.errors().stream().anyMatch(e -> e.contains(
                "VaultRaftClusterArgs.subnetIds must be at least 3 distinct private subnets, one per availability zone, got [subnet-a, subnet-b]")),
                result.errors().toString());
        assertTrue(result.ofType("aws:autoscaling/group:Group").isEmpty(), "no Auto Scaling group over two zones");
    }

    @Test
    void rejectsBadVersionsSizesAndRecoverySettings() {
        assertEquals("VaultRaftClusterArgs.vaultVersion must be a release version such as 2.1.2, got 'latest'",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().vaultVersion("latest").build()).getMessage());
        assertEquals("VaultRaftClusterArgs.vaultSha256 must be the 64 lower-case hex digits of the release archive's SHA-256, got 'abc'",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().vaultSha256("abc").build()).getMessage());
        assertEquals("VaultRaftClusterArgs.recoveryThreshold must be between 1 and 5, got 6",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().recoveryThreshold(6).build()).getMessage());
        assertEquals("VaultRaftClusterArgs.dataVolumeIops must be between 3000 and 16000, got 100",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().dataVolumeIops(100).build()).getMessage());
        // "The maximum ratio of provisioned throughput to provisioned IOPS is .25 MiB/s per IOPS" (EBS User Guide, gp3):
        // 1000 MiB/s needs 4000 IOPS, so the 3000 IOPS default caps it at 750.
        assertEquals("VaultRaftClusterArgs.dataVolumeThroughput must be at most 0.25 MiB/s per provisioned IOPS (gp3), here 750 for dataVolumeIops 3000, got 1000",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().dataVolumeThroughput(1000).build()).getMessage());
        ClusterFixture.args().dataVolumeThroughput(1000).dataVolumeIops(4000).build();
        assertEquals("VaultRaftClusterArgs.healthCheckGracePeriodSeconds must be between 300 and 3600, got 60",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().healthCheckGracePeriodSeconds(60).build()).getMessage());
        assertEquals("VaultRaftClusterArgs.clientCidrs must be an IPv4 CIDR block such as 10.42.0.0/16, got 'everyone'",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().clientCidrs(List.of("everyone")).build()).getMessage());
        assertEquals("VaultRaftClusterArgs.snapshotIntervalMinutes must be between 5 and 1440, got 1",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().snapshotIntervalMinutes(1).build()).getMessage());
    }

    /**
     * PrivateVaultNetwork's default has no internet route (natGateways none) and this component's default download is
     * HashiCorp's release site: composed on their defaults, nodes would never install Vault, so the component refuses
     * it itself (a program that imports the components never sees the stack settings' rule).
     */
    @Test
    void theDefaultDownloadWithoutAnInternetRouteIsRefused() {
        assertEquals("VaultRaftClusterArgs.vaultDownloadUrl must be s3://<bucket>/<prefix> (a mirror of releases.hashicorp.com/vault,"
                        + " with s3PrefixListId) when internetEgress is false: the nodes' subnets have no route to the internet,"
                        + " got 'https://releases.hashicorp.com/vault'",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().internetEgress(false).build()).getMessage());
    }

    /** Kubernetes auth's TokenReview, the database engine, OIDC discovery: each declared destination on its port only. */
    @Test
    void declaredIntegrationsGetOneEgressRuleEachAndNothingWider() {
        var run = ClusterFixture.run(ClusterFixture.args().integrationEgress(List.of(
                VaultEgressArgs.of("apps-kubernetes-api", "10.60.0.0/16", 443), VaultEgressArgs.of("payments-postgres", "10.61.4.0/24", 5432))));
        assertFalse(run.failed(), run.errors().toString());
        var api = run.named("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "vault-to-apps-kubernetes-api");
        assertEquals("10.60.0.0/16", api.input("cidrIpv4"));
        assertEquals(443L, ((Number) api.input("fromPort")).longValue());
        assertEquals(443L, ((Number) api.input("toPort")).longValue());
        var postgres = run.named("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "vault-to-payments-postgres");
        assertEquals("10.61.4.0/24", postgres.input("cidrIpv4"));
        assertEquals(5432L, ((Number) postgres.input("fromPort")).longValue());
        assertEquals("tcp", postgres.input("ipProtocol"));

        var error = assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().integrationEgress(List.of(
                VaultEgressArgs.of("anything", "0.0.0.0/0", 443), VaultEgressArgs.of("db", "10.61.4.0/24", 0))).build());
        assertEquals(List.of("VaultRaftClusterArgs.integrationEgress[0].cidr must be the integration's own addresses, never the whole internet (0.0.0.0/0), got '0.0.0.0/0'",
                "VaultRaftClusterArgs.integrationEgress[1].port must be between 1 and 65535, got 0"),
                error.problems().stream().map(Object::toString).toList());
    }

    @Test
    void aFullyPrivateInstallNeedsTheS3GatewayEndpoint() {
        assertEquals("VaultRaftClusterArgs.s3PrefixListId must be set when vaultDownloadUrl is s3:// (without NAT, nodes reach S3 only through the gateway endpoint), got nothing",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().s3PrefixListId(null)
                        .vaultDownloadUrl("s3://pv-artifacts/vault").build()).getMessage());
    }

    @Test
    void runsUnderThePlainPlanMocks() {
        // The offline plan's mocks return no tls material; the component must still register everything.
        var result = MockRun.of("test", "dev", new io.privatevault.components.testing.AwsMocks("eu-west-1", "111122223333"))
                .run(ctx -> new VaultRaftCluster("vault", ClusterFixture.args().build(), null));
        assertFalse(result.failed(), result.errors().toString());
        assertEquals(1, result.ofType("aws:autoscaling/group:Group").size());
    }

    @Test
    void aBadArgumentRegistersNothing() {
        // Other languages bypass the builder: the constructor validates again.
        var args = ClusterFixture.args().build();
        try {
            var field = VaultRaftClusterArgs.class.getDeclaredField("nodeCount");
            field.setAccessible(true);
            field.set(args, 4);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        var result = MockRun.of("test", "dev", ClusterFixture.mocks()).run(ctx -> new VaultRaftCluster("vault", args, null));
        assertTrue(result.failed());
        assertTrue(result.resources().stream().allMatch(r -> r.type().equals("pulumi:pulumi:Stack")), result.resources().toString());
    }

    private static List<String> concat(List<String> a, java.util.Collection<String> b) {
        var out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Decoded size of base64 text. */
    private static final class Base64Length {
        static int of(String base64) {
            return java.util.Base64.getDecoder().decode(base64).length;
        }
    }

    /**
     * The recovery secret: its resource policy denies reads to everyone but the break-glass roles and writes to
     * everyone but the node role (Secrets Manager user guide, "Permissions policy examples": an explicit deny in the
     * resource policy overrides any identity policy's allow), it is protected, and every read reaches the alarm topic
     * through EventBridge. GetSecretValue is a read-only management event, which a rule receives only in state
     * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (EventBridge user guide, "Receiving read-only management events from
     * AWS services"); the topic policy must let events.amazonaws.com publish (EventBridge user guide, "Permissions for
     * Amazon SNS").
     */
    @Test
    void theRecoverySecretIsFencedProtectedAndEveryReadAlarms() {
        String breakGlass = "arn:aws:iam::111122223333:role/vault-break-glass";
        var run = ClusterFixture.run(ClusterFixture.args().breakGlassPrincipalArns(com.pulumi.core.Output.of(List.of(breakGlass))));
        assertFalse(run.failed(), run.errors().toString());
        var secret = run.ofType("aws:secretsmanager/secret:Secret").stream()
                .filter(r -> String.valueOf(r.input("namePrefix")).contains("/recovery-")).findFirst().orElseThrow();
        assertTrue(secret.options().protect());
        var policy = statements(run.one("aws:secretsmanager/secretPolicy:SecretPolicy"));
        var read = policy.get("OnlyBreakGlassReads");
        assertEquals("Deny", read.get("Effect").getAsString());
        assertEquals(List.of(breakGlass), strings(read.getAsJsonObject("Condition").getAsJsonObject("ArnNotEquals").get("aws:PrincipalArn")));
        var write = policy.get("OnlyNodesWrite");
        assertEquals("Deny", write.get("Effect").getAsString());
        var nodeRole = run.ofType("aws:iam/role:Role").stream()
                .filter(r -> String.valueOf(r.input("assumeRolePolicy")).contains("ec2.amazonaws.com")).findFirst().orElseThrow();
        assertEquals(List.of(nodeRole.arn()), strings(write.getAsJsonObject("Condition").getAsJsonObject("ArnNotEquals").get("aws:PrincipalArn")));

        var rule = run.ofType("aws:cloudwatch/eventRule:EventRule").stream()
                .filter(r -> String.valueOf(r.input("eventPattern")).contains("GetSecretValue")).findFirst().orElseThrow();
        assertEquals("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS", rule.input("state"));
        var pattern = JsonParser.parseString((String) rule.input("eventPattern")).getAsJsonObject();
        assertEquals("[\"AWS API Call via CloudTrail\"]", pattern.get("detail-type").toString());
        assertTrue(pattern.getAsJsonObject("detail").getAsJsonObject("requestParameters").get("secretId").toString().contains(secret.arn()));
        String topicArn = run.one("aws:sns/topic:Topic").arn();
        assertTrue(run.ofType("aws:cloudwatch/eventTarget:EventTarget").stream().allMatch(t -> topicArn.equals(t.input("arn"))));
        var topicPolicy = statements(run.one("aws:sns/topicPolicy:TopicPolicy"));
        assertEquals("events.amazonaws.com", topicPolicy.get("AccessAlarmsPublish").getAsJsonObject("Principal").get("Service").getAsString());
    }

    /**
     * Session Manager is off unless asked for; on, the node role gets Session Manager's channels and registration and
     * the session log only (not AmazonSSMManagedInstanceCore, whose ssm:GetParameter* reaches every parameter), sessions
     * run a document that streams to a group encrypted with the data key and refuses an unencrypted one, and operators
     * may start sessions only on this cluster's tagged instances through that document (Session Manager user guide,
     * "Restrict access to managed nodes based on tags" and "Enforce a session document permission check").
     */
    @Test
    void sessionManagerIsOffByDefaultAndMinimalLoggedAndTagScopedWhenOn() {
        assertEquals(List.of(), dev.ofType("aws:ssm/document:Document"));
        assertEquals(1, dev.ofType("aws:iam/rolePolicy:RolePolicy").size());

        var on = ClusterFixture.run(ClusterFixture.args().ssmSessions(true));
        assertFalse(on.failed(), on.errors().toString());
        assertEquals(List.of(), on.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"), "no managed policy");
        var document = JsonParser.parseString((String) on.one("aws:ssm/document:Document").input("content")).getAsJsonObject();
        assertEquals("Standard_Stream", document.get("sessionType").getAsString());
        var inputs = document.getAsJsonObject("inputs");
        assertTrue(inputs.get("cloudWatchEncryptionEnabled").getAsBoolean());
        String group = inputs.get("cloudWatchLogGroupName").getAsString();
        var logGroup = on.ofType("aws:cloudwatch/logGroup:LogGroup").stream().filter(g -> group.equals(g.input("name"))).findFirst().orElseThrow();
        assertEquals(DATA_KEY, logGroup.input("kmsKeyId"));
        var ssm = on.ofType("aws:iam/rolePolicy:RolePolicy").stream().filter(p -> p.name().endsWith("-ssm")).findFirst().orElseThrow();
        var actions = new ArrayList<String>();
        statements(ssm).values().forEach(st -> actions.addAll(strings(st.get("Action"))));
        assertTrue(actions.stream().noneMatch(a -> a.startsWith("ssm:GetParameter") || a.startsWith("ssm:SendCommand") || a.endsWith("*")), actions.toString());

        var operator = JsonParser.parseString(io.privatevault.components.cluster.SessionManager
                .operatorPolicy("111122223333", "eu-west-1", "dev-cluster", VaultRaftCluster.AUTO_JOIN_TAG).toJson()).getAsJsonObject();
        var shell = operator.getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertEquals("dev-cluster", shell.getAsJsonObject("Condition").getAsJsonObject("StringEquals")
                .get("ssm:resourceTag/" + VaultRaftCluster.AUTO_JOIN_TAG).getAsString());
    }
}
