package io.privatevault.components.construct;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only component-specific part of the Construct test. For each component the served schema lists: the inputs
 * a program in another language would pass (property names and values as that program writes them, like a
 * {@code Pulumi.yaml} resource block), values a user could get wrong with the words the error must contain, and
 * the outputs the component itself must mark secret. Everything else (which properties exist, their types, which
 * are required, which are {@code Input<T>}, which outputs to expect) comes from the served schema, so a change to a
 * component needs at most a change here.
 *
 * <p>Every map input is passed non-empty (every component's {@code tags}, {@code kubernetes.nodeSelector},
 * {@code oidc.groupPolicies}): {@code ConstructOverGrpcTest.mapInputs} checks each key reaches a child.
 */
final class ComponentFixtures {
    private ComponentFixtures() {
    }

    /**
     * One construct call's inputs for {@code component}; {@code variant} names it when a component has several.
     * {@code unusedInputs}: inputs this variant takes but does not use (no child and no output depends on them).
     * {@code absentOutputs}: declared outputs that do not exist for this variant (null in the state, not registered).
     * {@code providerConfigInputs}: inputs the component passes into a provider's JSON-typed configuration (the vault
     * provider's {@code authLoginAws}), where SDK 1.36.1 writes a secret's wire form into the JSON text
     * ({@code ConstructOverGrpcTest.providerConfigurationSecretsGap}); the secret-inputs updates send them plain.
     */
    record Fixture(String component, String variant, Map<String, Object> inputs, List<BadValue> badValues, Set<String> secretOutputs,
                   Set<String> unusedInputs, Set<String> absentOutputs, Set<String> providerConfigInputs) {
        Fixture(String component, String variant, Map<String, Object> inputs, List<BadValue> badValues, Set<String> secretOutputs) {
            this(component, variant, inputs, badValues, secretOutputs, Set.of(), Set.of(), Set.of());
        }

        Fixture(String component, String variant, Map<String, Object> inputs, List<BadValue> badValues, Set<String> secretOutputs,
                Set<String> unusedInputs, Set<String> absentOutputs) {
            this(component, variant, inputs, badValues, secretOutputs, unusedInputs, absentOutputs, Set.of());
        }

        String label() {
            return component.substring(component.lastIndexOf(':') + 1) + (variant.isEmpty() ? "" : " (" + variant + ")");
        }

        String resourceName() {
            return "test-" + label().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "");
        }
    }

    /**
     * Replacing top-level input {@code property} with {@code value} must fail with an error that names the property
     * and contains {@code allowed} (the component's words for what is allowed).
     */
    record BadValue(String property, Object value, String allowed) {
    }

    /** Material some inputs need: a real CA certificate and engineer CSR, and a folder to write into. */
    record Material(String vaultCaPem, String clusterCaPem, String aliceCsrPem, Path dir) {
        static Material generate(Path dir) {
            return new Material(TlsAnswers.caCertPem("vault-ca"), TlsAnswers.caCertPem("kubernetes"), TlsAnswers.csrPem("alice"), dir);
        }
    }

    static final String ACCOUNT = CloudAnswers.ACCOUNT;
    static final String KMS_DATA_KEY = "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/1b4c2d3e-0000-4a5b-9c8d-7e6f5a4b3c2d";
    static final String KMS_SEAL_KEY = "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/2c5d3e4f-1111-4b6c-8d9e-8f7a6b5c4d3e";
    static final String NODE_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/vault-node";
    /** Tags every taggable child must carry (a key no component sets itself). */
    static final Map<String, Object> TAGS = map("CostCentre", "vault-platform-7");
    static final List<String> SUBNETS = List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003");

    static List<Fixture> all(Material m) {
        return List.of(
                new Fixture("private-vault:index:KmsSeal", "", map(
                        "sealPrincipalArns", List.of(NODE_ROLE),
                        "adminPrincipalArns", List.of("arn:aws:iam::" + ACCOUNT + ":role/platform-admin"),
                        "deletionWindowDays", 7,
                        "aliasPrefix", "alias/private-vault",
                        "tags", TAGS),
                        List.of(new BadValue("deletionWindowDays", 3, "between 7 and 30"),
                                new BadValue("aliasPrefix", "alias/aws/vault", "(not alias/aws...)")),
                        Set.of(), Set.of(),
                        // The seal key's replica exists only with a replicaRegion.
                        Set.of("sealReplicaKeyArn")),
                new Fixture("private-vault:index:PrivateVaultNetwork", "", map(
                        "cidr", "10.42.0.0/16",
                        "availabilityZones", List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"),
                        "flowLogKmsKeyArn", KMS_DATA_KEY,
                        "attachments", List.of(map("name", "apps", "cidr", "10.60.0.0/16", "peerVpcId", "vpc-0f1e2d3c4b5a69788")),
                        "trustedAccountIds", List.of("444455556666"),
                        "endpointZoneCount", 2,
                        "tags", TAGS),
                        List.of(new BadValue("cidr", "10.0.0.0/12", "between /16 and /24"),
                                new BadValue("availabilityZones", List.of("eu-west-1a"), "2 to 6 availability zones"),
                                new BadValue("endpointZoneCount", 4, "1 to the number of availabilityZones (3)")),
                        Set.of()),
                new Fixture("private-vault:index:BackupBucket", "", map(
                        "kmsKeyArn", KMS_DATA_KEY,
                        "replicaRegion", "eu-central-1",
                        "replicaKmsKeyArn", "arn:aws:kms:eu-central-1:" + ACCOUNT + ":key/3d6e4f5a-2222-4c7d-9e0f-9a8b7c6d5e4f",
                        "snapshotExpirationDays", 90,
                        "tags", TAGS),
                        List.of(new BadValue("snapshotExpirationDays", 0, "between 1 and 3650"),
                                new BadValue("replicaRegion", "mars-north-1", "an AWS region")),
                        Set.of()),
                new Fixture("private-vault:index:InternalNlb", "", map(
                        "vpcId", "vpc-0a1b2c3d4e5f67890",
                        "subnetIds", SUBNETS,
                        "targetCidr", "10.42.0.0/16",
                        "clientCidrs", List.of("10.60.0.0/16"),
                        "clientSecurityGroups", List.of(map("securityGroupId", "sg-0a1b2c3d4e5f60010", "description", "CI runners")),
                        "tags", TAGS),
                        List.of(new BadValue("clientCidrs", List.of("0.0.0.0/0"), "never 0.0.0.0/0"),
                                new BadValue("targetType", "lambda", "instance or ip")),
                        Set.of()),
                new Fixture("private-vault:index:PrivateDnsZone", "", map(
                        "zoneName", "tooling.internal",
                        "vpcId", "vpc-0a1b2c3d4e5f67890",
                        "nlbDnsName", "vault-nlb-0123456789abcdef.elb.eu-west-1.amazonaws.com",
                        "nlbZoneId", CloudAnswers.NLB_ZONE_ID,
                        "additionalVpcs", List.of(map("vpcId", "vpc-0f1e2d3c4b5a69788", "vpcRegion", "eu-west-1")),
                        "crossAccountVpcs", List.of(map("vpcId", "vpc-0a9b8c7d6e5f40321", "vpcRegion", "eu-west-1", "accountId", "444455556666")),
                        "tags", TAGS),
                        List.of(new BadValue("zoneName", "Tooling_Internal", "DNS name"),
                                new BadValue("recordName", "vault.primary", "one lower-case DNS label")),
                        Set.of()),
                new Fixture("private-vault:index:ClientVpn", "", vpnInputs(map(
                        "engineers", List.of(map("name", "alice", "mode", "csr", "csrPem", m.aliceCsrPem()), map("name", "bob", "mode", "generated")),
                        "revoked", List.of(map("name", "carol", "serialNumbers", List.of("7F3A91C2"))))),
                        List.of(new BadValue("clientCidr", "10.250.0.0/24", "between /12 and /22"),
                                new BadValue("engineers", List.of(map("name", "dave", "mode", "emailed")), "'csr'")),
                        // bob's profile embeds the private key the program generated for him.
                        Set.of("clientConfigs")),
                // No key of a CA, the server or an engineer anywhere: an AWS Private CA issues every certificate.
                new Fixture("private-vault:index:ClientVpn", "private CA", vpnInputs(map(
                        "certificateAuthorityArn", "arn:aws:acm-pca:eu-west-1:" + ACCOUNT + ":certificate-authority/7a1c0e52-3b8d-4f6a-9e21-5c4d8b7f0a13",
                        "engineers", List.of(map("name", "alice", "mode", "csr", "csrPem", m.aliceCsrPem())),
                        "revoked", List.of(map("name", "carol")))),
                        List.of(new BadValue("engineers", List.of(map("name", "bob", "mode", "generated")), "csr when certificateAuthorityArn is set"),
                                new BadValue("certificateAuthorityArn", "arn:aws:acm:eu-west-1:" + ACCOUNT + ":certificate/x", "an AWS Private CA ARN")),
                        // The component marks every profile secret, whoever holds the key.
                        Set.of("clientConfigs"), Set.of(),
                        // The private CA signs and publishes its own CRL.
                        Set.of("revocationListPem")),
                new Fixture("private-vault:index:VaultRaftCluster", "ec2", clusterInputs(map("ssmSessions", true, "internetEgress", true, "additionalDnsNames", List.of("vault.corp.example.com"),
                                "integrationEgress", List.of(map("name", "apps-kubernetes-api", "cidr", "10.60.0.0/16", "port", 443)))),
                        List.of(new BadValue("nodeCount", 4, "an odd number from 3 to 7"),
                                // The default download URL (HashiCorp's site) without a route to the internet.
                                new BadValue("internetEgress", false, "s3://<bucket>/<prefix>"),
                                new BadValue("integrationEgress", List.of(map("name", "anywhere", "cidr", "0.0.0.0/0", "port", 443)), "never the whole internet"),
                                new BadValue("vaultSha256", "not-a-digest", "64 lower-case hex digits"),
                                new BadValue("platform", "nomad", "ec2 or kubernetes"),
                                new BadValue("provisionerRoleArn", "arn:aws:iam::" + ACCOUNT + ":role/ci/pulumi-provisioner", "without a path")),
                        Set.of()),
                new Fixture("private-vault:index:VaultRaftCluster", "kubernetes", clusterInputs(map(
                        "platform", "kubernetes",
                        "kubernetes", map(
                                "kubeconfig", "apiVersion: v1\nkind: Config\nclusters: []\nusers: [{name: deployer, user: {token: eks-token-5e1f}}]\n",
                                "nlbSubnetCidrs", List.of("10.42.240.0/26", "10.42.240.64/26", "10.42.240.128/26"),
                                "clientCidrs", List.of("10.60.0.0/16"),
                                "serviceCidr", "172.20.0.0/16",
                                "oidcIssuerUrl", "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
                                "oidcProviderArn", "arn:aws:iam::" + ACCOUNT + ":oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
                                "nodeSelector", map("vault.example.com/pool", "vault-nodes"),
                                "prometheusOperator", true,
                                "prometheusNamespace", "observability",
                                "tolerations", List.of(map("key", "dedicated", "operator", "Equal", "value", "vault", "effect", "NoSchedule"))))),
                        List.of(new BadValue("kubernetes", map("kubeconfig", "apiVersion: v1", "nlbSubnetCidrs", List.of("10.42.240.0/26"), "serviceCidr", "172.20.0.0/16",
                                "oidcIssuerUrl", "http://oidc.example", "oidcProviderArn", "arn:aws:iam::" + ACCOUNT + ":oidc-provider/oidc.example"),
                                "the cluster's OIDC issuer URL")),
                        Set.of(),
                        // Required by the schema for both platforms, used only by the EC2 one (reported).
                        Set.of("vpcId", "subnetIds", "vpcCidr"),
                        // The Auto Scaling group, launch template, node security group, TLS secret and log groups exist on EC2 only.
                        // Session Manager is EC2-only too.
                        Set.of("asgName", "securityGroupId", "launchTemplateId", "tlsSecretArn", "serverLogGroupName", "auditLogGroupName",
                                "sessionOperatorPolicyJson")),
                new Fixture("private-vault:index:VaultBaseline", "", map(
                        "address", "https://vault.tooling.internal:8200",
                        "caCertPem", m.vaultCaPem(),
                        "caCertFile", m.dir().resolve("vault-ca.pem").toString(),
                        "provisionerAuthMount", "aws-provisioner",
                        "provisionerAuthRole", "provisioner",
                        "auditLogPath", "/vault/audit/vault_audit.log",
                        "auditSecondDevice", "stdout",
                        "adminRoleArns", List.of("arn:aws:iam::" + ACCOUNT + ":role/vault-admins"),
                        "kubernetesClusters", List.of(map("name", "apps",
                                "kubeconfig", "apiVersion: v1\nkind: Config\nusers: [{name: admin, user: {token: kubeconfig-token-7f3a}}]\n",
                                "apiHost", "https://ABCD1234.gr7.eu-west-1.eks.amazonaws.com", "caCertPem", m.clusterCaPem())),
                        "tenants", List.of(
                                map("name", "payments", "authType", "kubernetes", "kubernetesCluster", "apps",
                                        "serviceAccountNames", List.of("payments-api"), "namespaces", List.of("payments"), "transitKey", true,
                                        "postgres", map("host", "payments.abc123.eu-west-1.rds.amazonaws.com", "database", "payments",
                                                "username", "vault_admin", "password", "db-admin-password-91c2"),
                                        "awsSecretRoles", List.of(map("name", "uploads", "credentialType", "assumed_role",
                                                "roleArns", List.of("arn:aws:iam::" + ACCOUNT + ":role/payments-uploads")))),
                                map("name", "ci", "authType", "approle", "secretIdBoundCidrs", List.of("10.20.0.0/24"),
                                        "tokenBoundCidrs", List.of("10.20.0.0/24")),
                                map("name", "batch", "authType", "aws", "kvPrefix", "batch-jobs",
                                        "boundIamPrincipalArns", List.of("arn:aws:iam::" + ACCOUNT + ":role/batch-worker"))),
                        "oidc", map("discoveryUrl", "https://login.example.com/oidc", "clientId", "vault",
                                "clientSecret", "oidc-client-secret-3f9a71", "allowedRedirectUris",
                                List.of("https://vault-ui.tooling.internal/ui/vault/auth/oidc/oidc/callback"),
                                "groupPolicies", map("platform-admins", List.of("admin")))),
                        List.of(new BadValue("tenants", List.of(map("name", "admin", "authType", "aws",
                                        "boundIamPrincipalArns", List.of("arn:aws:iam::" + ACCOUNT + ":role/x"))), "a name other than the built-in policies")),
                        Set.of(), Set.of(), Set.of(),
                        // Names of the bootstrap's login, not secrets: they reach the provider only inside authLoginAws.
                        Set.of("provisionerAuthMount", "provisionerAuthRole")));
    }

    private static Map<String, Object> clusterInputs(Map<String, Object> more) {
        var inputs = map(
                "vpcId", "vpc-0a1b2c3d4e5f67890",
                "subnetIds", SUBNETS,
                "vpcCidr", "10.42.0.0/16",
                "sealKeyArn", KMS_SEAL_KEY,
                "dataKeyArn", KMS_DATA_KEY,
                "ebsKmsKeyArn", KMS_DATA_KEY,
                "backupBucketName", "vault-backups-5f2a9c",
                "backupBucketArn", "arn:aws:s3:::vault-backups-5f2a9c",
                "nlbSecurityGroupId", "sg-0a1b2c3d4e5f60020",
                "targetGroupArn", "arn:aws:elasticloadbalancing:eu-west-1:" + ACCOUNT + ":targetgroup/vault/0123456789abcdef",
                "loadBalancerArn", "arn:aws:elasticloadbalancing:eu-west-1:" + ACCOUNT + ":loadbalancer/net/vault/0123456789abcdef",
                "dnsZoneName", "tooling.internal",
                "nodeRoleName", "vault-node",
                "provisionerRoleArn", "arn:aws:iam::" + ACCOUNT + ":role/pulumi-provisioner",
                "nodeCount", 3,
                "vaultVersion", "1.20.4",
                "vaultSha256", "fc5fb5d01d192f1216b139fb5c6af17e3af742aaeffc289fd861920ec55f2c9c",
                "clientCidrs", List.of("10.60.0.0/16"),
                "alarmEmails", List.of("vault-oncall@example.com"),
                "tags", TAGS);
        inputs.putAll(more);
        return inputs;
    }

    /** An insertion-ordered map from alternating keys and values, so fixtures read like the YAML they stand for. */
    /** A ClientVpn's inputs: the network, keys and names every fixture shares, then {@code own}. */
    static Map<String, Object> vpnInputs(Map<String, Object> own) {
        var inputs = map("vpcId", "vpc-0a1b2c3d4e5f67890", "vpcCidr", "10.42.0.0/16", "subnetIds", SUBNETS, "resolverAddress", "10.42.0.2",
                "nlbSecurityGroupId", "sg-0a1b2c3d4e5f60020", "logKmsKeyArn", KMS_DATA_KEY, "vaultFqdn", "vault.tooling.internal",
                "authorizedCidrs", List.of("10.42.0.0/19", "10.42.32.0/19", "10.42.64.0/19"), "clientCidr", "10.250.0.0/22",
                "serverName", "vpn.tooling.internal", "tags", TAGS);
        inputs.putAll(own);
        return inputs;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
