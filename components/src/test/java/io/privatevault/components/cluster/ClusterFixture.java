package io.privatevault.components.cluster;

import com.pulumi.core.Output;
import io.privatevault.components.VaultRaftCluster;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** A VaultRaftCluster under the mock engine with realistic inputs, shared by the cluster tests. */
public final class ClusterFixture {
    public static final String ACCOUNT = "111122223333";
    public static final String REGION = "eu-west-1";
    public static final String SEAL_KEY = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555";
    public static final String DATA_KEY = "arn:aws:kms:eu-west-1:111122223333:key/66666666-7777-8888-9999-000000000000";
    public static final String BUCKET = "pv-dev-snapshots";
    public static final String NLB_SG = "sg-0nlb0000000000000";
    public static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/vault/0123456789abcdef";
    public static final String LOAD_BALANCER = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/vault/fedcba9876543210";
    public static final String SHA = "a".repeat(64);
    /** The role the configuration layer runs as; the bootstrap binds it to the provisioner policy. */
    public static final String PROVISIONER = "arn:aws:iam::111122223333:role/pulumi-provisioner";
    public static final String CA_KEY_PEM = "-----BEGIN EC PRIVATE KEY-----\nCAKEYCAKEY\n-----END EC PRIVATE KEY-----\n";
    public static final String NODE_KEY_PEM = "-----BEGIN EC PRIVATE KEY-----\nNODEKEYNODEKEY\n-----END EC PRIVATE KEY-----\n";

    private ClusterFixture() {
    }

    public static AwsMocks mocks() {
        return new AwsMocks(REGION, ACCOUNT)
                .shape("tls:index/privateKey:PrivateKey", (a, ids) -> Map.of("privateKeyPem",
                        a.name.endsWith("-ca") ? CA_KEY_PEM : NODE_KEY_PEM, "publicKeyPem", "-----BEGIN PUBLIC KEY-----\n"))
                .shape("tls:index/selfSignedCert:SelfSignedCert", (a, ids) -> Map.of("certPem",
                        "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n"))
                .shape("tls:index/certRequest:CertRequest", (a, ids) -> Map.of("certRequestPem",
                        "-----BEGIN CERTIFICATE REQUEST-----\nCSR\n-----END CERTIFICATE REQUEST-----\n"))
                .shape("tls:index/locallySignedCert:LocallySignedCert", (a, ids) -> Map.of("certPem",
                        "-----BEGIN CERTIFICATE-----\nNODE\n-----END CERTIFICATE-----\n"));
    }

    public static VaultRaftClusterArgs.Builder args() {
        return VaultRaftClusterArgs.builder()
                .vpcId(Output.of("vpc-0123456789abcdef0"))
                .subnetIds(Output.of(List.of("subnet-a", "subnet-b", "subnet-c")))
                .vpcCidr(Output.of("10.42.0.0/16"))
                .sealKeyArn(Output.of(SEAL_KEY))
                .dataKeyArn(Output.of(DATA_KEY))
                .backupBucketName(Output.of(BUCKET))
                .backupBucketArn(Output.of("arn:aws:s3:::" + BUCKET))
                .snapshotPrefix(Output.of("raft/vault/"))
                .nlbSecurityGroupId(Output.of(NLB_SG))
                .targetGroupArn(Output.of(TARGET_GROUP))
                .loadBalancerArn(Output.of(LOAD_BALANCER))
                .s3PrefixListId(Output.of("pl-6da54004"))
                .internetEgress(true)
                .dnsZoneName("tooling.internal")
                .vaultVersion("1.20.4")
                .vaultSha256(SHA)
                .provisionerRoleArn(PROVISIONER)
                .alarmEmails(List.of("oncall@example.com"));
    }

    public static MockRun.Result run(VaultRaftClusterArgs.Builder args) {
        return MockRun.of("test", "dev", mocks()).run(ctx -> {
            var cluster = new VaultRaftCluster("vault", args.build(), null);
            ctx.export("renderedFiles", cluster.renderedFiles);
            ctx.export("caCertPem", cluster.caCertPem);
            ctx.export("asgName", cluster.asgName);
        });
    }

    /** The launch template's user data, decoded as a node would: base64, then gunzip. */
    public static String userData(MockRun.Result result) {
        String encoded = (String) result.one("aws:ec2/launchTemplate:LaunchTemplate").input("userData");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> renderedFiles(MockRun.Result result) {
        return (Map<String, String>) result.outputs().get("renderedFiles");
    }
}
