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
        String lock = strings(s.get("CreateInitLock").get("Resource")).get(0);
        assertTrue(lock.matches("arn:aws:secretsmanager:eu-west-1:111122223333:secret:.*recovery.*/init-lock-\\?{6}"), lock);
        assertTrue(strings(s.get("StoreRecoveryMaterial").get("Resource")).get(0).contains("recovery"));
        assertEquals(List.of("secretsmanager:PutSecretValue"), strings(s.get("StoreRecoveryMaterial").get("Action")));
        assertEquals(List.of(DATA_KEY), strings(s.get("DataKeyThroughSecretsManagerAndS3").get("Resource")));
        assertEquals(List.of("secretsmanager.eu-west-1.amazonaws.com", "s3.eu-west-1.amazonaws.com"),
                strings(s.get("DataKeyThroughSecretsManagerAndS3").getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("kms:ViaService")));
        assertEquals(List.of("arn:aws:s3:::" + BUCKET + "/raft/vault/*"), strings(s.get("UploadSnapshots").get("Resource")));
        assertEquals("raft/vault/*", s.get("ListSnapshots").getAsJsonObject("Condition").getAsJsonObject("StringLike").get("s3:prefix").getAsString());
        assertEquals(List.of("arn:aws:logs:eu-west-1:111122223333:log-group:/private-vault/test-dev-vault/server:*",
                "arn:aws:logs:eu-west-1:111122223333:log-group:/private-vault/test-dev-vault/audit:*"), strings(s.get("ShipLogs").get("Resource")));
        assertEquals("PrivateVault", s.get("PublishMetrics").getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("cloudwatch:namespace").getAsString());
        // '*' only where AWS has no resource-level permissions.
        s.forEach((sid, st) -> {
            if (strings(st.get("Resource")).contains("*")) {
                assertTrue(List.of("RaftAutoJoinDiscovery", "PublishMetrics").contains(sid), sid + " uses Resource *");
            }
            strings(st.get("Action")).forEach(a -> assertFalse(a.endsWith("*"), sid + " has a wildcard action " + a));
        });
        assertFalse(s.containsKey("DownloadVaultRelease"), "no artifact bucket when downloading through NAT");
        var trust = JsonParser.parseString((String) dev.one("aws:iam/role:Role").input("assumeRolePolicy")).getAsJsonObject()
                .getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertEquals("ec2.amazonaws.com", trust.getAsJsonObject("Principal").get("Service").getAsString());
        assertFalse(trust.has("Resource"));
        assertEquals("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
                dev.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").input("policyArn"));
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
        assertEquals(3L, asg.input("maxSize"));
        assertEquals(3L, asg.input("desiredCapacity"));
        assertEquals("ELB", asg.input("healthCheckType"));
        assertEquals(600L, asg.input("healthCheckGracePeriod"));
        assertEquals(List.of("subnet-a", "subnet-b", "subnet-c"), asg.input("vpcZoneIdentifiers"));
        assertEquals(List.of(TARGET_GROUP), asg.input("targetGroupArns"));
        assertEquals("1", asg.input("launchTemplate.version"), "the template's latest version number, not $Latest");
        assertEquals("Rolling", asg.input("instanceRefresh.strategy"));
        assertEquals(66L, asg.input("instanceRefresh.preferences.minHealthyPercentage"));
        assertEquals(100L, asg.input("instanceRefresh.preferences.maxHealthyPercentage"));
        // The next node goes only after autopilot has removed the previous one from Raft: the warmup the group
        // applies must outlast the dead-server threshold plus the stabilisation time the nodes' bootstrap sets.
        assertEquals("300", asg.input("instanceRefresh.preferences.instanceWarmup"));
        var env = io.privatevault.components.cluster.ScriptLab.envFile(renderedFiles(dev).get("node/cluster.env"));
        assertEquals("2m", env.get("AUTOPILOT_DEAD_SERVER_THRESHOLD"));
        long cleanup = seconds(env.get("AUTOPILOT_DEAD_SERVER_THRESHOLD")) + seconds(env.get("AUTOPILOT_SERVER_STABILIZATION_TIME"));
        assertTrue(Long.parseLong((String) asg.input("instanceRefresh.preferences.instanceWarmup")) > cleanup,
                "warmup must exceed " + cleanup + " s of dead-server clean-up");
        @SuppressWarnings("unchecked")
        var tags = (List<Map<String, Object>>) asg.input("tags");
        assertTrue(tags.contains(Map.of("key", "VaultCluster", "value", "test-dev-vault", "propagateAtLaunch", true)), tags.toString());
        assertTrue(asg.dependencies().contains(dev.one("aws:iam/rolePolicy:RolePolicy").urn()), "nodes boot with their permissions");

        var prod = ClusterFixture.run(ClusterFixture.args().nodeCount(5));
        var prodAsg = prod.one("aws:autoscaling/group:Group");
        assertEquals(5L, prodAsg.input("desiredCapacity"));
        assertEquals(80L, prodAsg.input("instanceRefresh.preferences.minHealthyPercentage"));
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
            assertEquals(365L, group.input("retentionInDays"));
        }
        assertEquals(2, dev.ofType("aws:cloudwatch/logGroup:LogGroup").size());
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
        int[] positions = {agent.indexOf("\"agent\""), agent.indexOf("\"logs\""), agent.indexOf("\"metrics\""),
                agent.indexOf("\"namespace\""), agent.indexOf("\"append_dimensions\""), agent.indexOf("\"metrics_collected\""),
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
        assertEquals(5, alarms.size());
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
        assertEquals("VaultRaftClusterArgs.vaultVersion must be a release version such as 1.20.4, got 'latest'",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().vaultVersion("latest").build()).getMessage());
        assertEquals("VaultRaftClusterArgs.vaultSha256 must be the 64 lower-case hex digits of the release archive's SHA-256, got 'abc'",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().vaultSha256("abc").build()).getMessage());
        assertEquals("VaultRaftClusterArgs.recoveryThreshold must be between 1 and 5, got 6",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().recoveryThreshold(6).build()).getMessage());
        assertEquals("VaultRaftClusterArgs.dataVolumeIops must be between 3000 and 16000, got 100",
                assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().dataVolumeIops(100).build()).getMessage());
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

    /** A Go duration as Vault reads it, limited to the units used here (s, m, h). */
    static long seconds(String duration) {
        long n = Long.parseLong(duration.substring(0, duration.length() - 1));
        return switch (duration.charAt(duration.length() - 1)) {
            case 's' -> n;
            case 'm' -> n * 60;
            case 'h' -> n * 3600;
            default -> throw new IllegalArgumentException(duration);
        };
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
}
