package io.privatevault.stack;

import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.RecordedResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class StackSettingsTest {
    static final String PCA = "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555";

    @Test
    void shippedStacksLoadWithTheirEnvironmentDefaults() {
        var dev = TestStacks.settings("dev");
        assertEquals(StackSettings.Environment.DEV, dev.environment());
        assertEquals(3, dev.cluster().nodeCount());
        assertEquals(1, dev.vpn().subnetCount());
        assertFalse(dev.dns().deletionProtection());
        assertEquals(7, dev.kms().deletionWindowDays());
        assertEquals(30, dev.network().logRetentionDays());

        var prod = TestStacks.settings("prod");
        assertEquals(5, prod.cluster().nodeCount());
        assertEquals(2, prod.vpn().subnetCount());
        assertTrue(prod.dns().deletionProtection());
        assertEquals(30, prod.kms().deletionWindowDays());
        assertEquals(365, prod.network().logRetentionDays());
        assertEquals(3, prod.network().availabilityZones().size());
        assertEquals("pulumi", prod.tags().get("ManagedBy"));
    }

    @Test
    void prodDefaultsApplyWhenTheStackLeavesThemOut() {
        var prod = TestStacks.settings("prod", nulls("nodeCount", "deletionProtection", "kmsDeletionWindowDays",
                "logRetentionDays", "vpnSubnetCount", "snapshotRetentionDays", "instanceType"));
        assertEquals(5, prod.cluster().nodeCount());
        assertTrue(prod.dns().deletionProtection());
        assertEquals(30, prod.kms().deletionWindowDays());
        assertEquals(90, prod.backup().retentionDays());
        assertEquals("m6i.large", prod.cluster().instanceType());
    }

    @Test
    void emptyZoneListMeansThreeZonesOfTheRegion() {
        var dev = TestStacks.settings("dev", Map.of("availabilityZones", List.of()));
        assertEquals(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"), dev.network().availabilityZones());
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("dev", Map.of("nodeCount", 4), "private-vault:nodeCount must be an odd number from 3 to 7 (Raft needs a majority; even counts add no fault tolerance), got 4"),
                Arguments.of("dev", Map.of("nodeCount", 1), "private-vault:nodeCount must be an odd number from 3 to 7 (Raft needs a majority; even counts add no fault tolerance), got 1"),
                Arguments.of("prod", Map.of("nodeCount", 3), "private-vault:nodeCount must be odd and between 5 and 7 in prod, got 3"),
                Arguments.of("dev", Map.of("environment", "staging"), "private-vault:environment must be dev or prod, got 'staging'"),
                Arguments.of("dev", Map.of("aws:region", "eu-west-9"), "aws:region must be an AWS commercial region"),
                Arguments.of("dev", Map.of("availabilityZones", List.of("eu-west-1a", "eu-west-1a")),
                        "private-vault:availabilityZones must be unique values; this one is listed more than once, got 'eu-west-1a'"),
                Arguments.of("dev", Map.of("availabilityZones", List.of("us-east-1a")),
                        "private-vault:availabilityZones must be zones of region eu-west-1 such as eu-west-1a, got 'us-east-1a'"),
                Arguments.of("dev", Map.of("availabilityZones", List.of("eu-west-1a", "eu-west-1b")),
                        "private-vault:availabilityZones must be 3 to 6 distinct zones (Raft quorum must survive the loss of a zone)"),
                Arguments.of("dev", Map.of("vpcCidr", "11.0.0.0/16"), "private-vault:vpcCidr must be inside private address space"),
                Arguments.of("dev", Map.of("allowedClientCidrs", List.of("0.0.0.0/1")), "private-vault:allowedClientCidrs must be a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) no wider than /16"),
                Arguments.of("dev", Map.of("nodeCount", 9), "private-vault:nodeCount must be an odd number from 3 to 7 (Raft needs a majority; even counts add no fault tolerance), got 9"),
                Arguments.of("dev", Map.of("dataVolumeSizeGb", 20, "dataVolumeIops", 16000), "private-vault:dataVolumeIops must be at most 500 IOPS per GiB of dataVolumeSizeGiB (gp3), here 10000, got 16000"),
                Arguments.of("dev", Map.of("vpnBanner", ""), "private-vault:vpnBanner must be non-empty text of at most 1400 characters (Client VPN's limit), got ''"),
                Arguments.of("dev", Map.of("vpnCertValidityHours", 100), "private-vault:vpnCertValidityHours must be between 336 and 8760, got 100"),
                Arguments.of("dev", Map.of("engineers", List.of(Map.of("name", "dave", "mode", "csr", "csr", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))),
                        "private-vault:engineers[0].csr must be"),
                Arguments.of("dev", Map.of("revokedEngineers", List.of(Map.of("name", "alice"))),
                        "private-vault:revokedEngineers[0].name must be a name that is not also a current engineer (remove it from engineers to revoke it), got 'alice'"),
                Arguments.of("dev", Map.of("vpnEnabled", false, "attachedVpcs", List.of()),
                        "private-vault:vpnEnabled must be true, or attachedVpcs / allowedClientCidrs set"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("admin", "approle", Map.of("cidrs", List.of("10.60.0.0/16"))))),
                        "private-vault:tenants[0].name must be a name other than the built-in policies"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("web", "approle", Map.of("cidrs", List.of("10.60.0.0/16"), "tokenMaxTtl", "7d")))),
                        "private-vault:tenants[0].tokenMaxTtl must be at most 86400 (24 hours: tenant tokens are short-lived), got 604800"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("web", "aws", Map.of("roleArns", List.of("arn:aws:iam::123456789012:user/web"))))),
                        "private-vault:tenants[0].roleArns must be IAM role ARNs"),
                Arguments.of("prod", Map.of("availabilityZones", List.of("eu-west-1a", "eu-west-1b")),
                        "private-vault:availabilityZones must be 3 to 6 distinct zones"),
                Arguments.of("dev", Map.of("vpcCidr", "10.32.0.0/12"), "private-vault:vpcCidr must be a CIDR block between /16 and /24 (the sizes AWS allows for a VPC), got '10.32.0.0/12'"),
                Arguments.of("dev", Map.of("vpcCidr", "10.42.0.0/26"), "private-vault:vpcCidr must be a CIDR block between /16 and /24 (the sizes AWS allows for a VPC), got '10.42.0.0/26'"),
                Arguments.of("dev", Map.of("vpcCidr", "10.42.1.0/16"), "private-vault:vpcCidr must be a CIDR block whose host bits are zero (did you mean 10.42.0.0/16?)"),
                Arguments.of("dev", Map.of("vpcCidr", "10.300.0.0/16"), "private-vault:vpcCidr must be an IPv4 CIDR block with octets 0-255, got '10.300.0.0/16'"),
                Arguments.of("dev", Map.of("vpcCidr", "vpc"), "private-vault:vpcCidr must be an IPv4 CIDR block such as 10.42.0.0/16, got 'vpc'"),
                Arguments.of("dev", Map.of("vpnClientCidr", "10.250.0.0/24"), "private-vault:vpnClientCidr must be a CIDR block between /12 and /22 (Client VPN's limits), got '10.250.0.0/24'"),
                Arguments.of("dev", Map.of("vpnClientCidr", "10.0.0.0/11"), "private-vault:vpnClientCidr must be a CIDR block between /12 and /22"),
                Arguments.of("dev", Map.of("vpnClientCidr", "10.42.4.0/22"), "private-vault:vpnClientCidr must be a CIDR that does not overlap the Vault VPC 10.42.0.0/16, got '10.42.4.0/22'"),
                Arguments.of("dev", Map.of("vpnClientCidr", "10.60.0.0/22"), "private-vault:vpnClientCidr must be a CIDR that overlaps no attached VPC CIDR (it overlaps 10.60.0.0/16), got '10.60.0.0/22'"),
                Arguments.of("dev", Map.of("attachedVpcs", List.of(Map.of("name", "apps", "cidr", "10.42.128.0/20", "vpcId", "vpc-0a1b2c3d4e5f60001"))),
                        "private-vault:attachedVpcs[0].cidr must be a CIDR that does not overlap the Vault VPC 10.42.0.0/16"),
                Arguments.of("dev", Map.of("attachedVpcs", List.of(Map.of("name", "apps", "cidr", "10.60.0.0/16"))),
                        "private-vault:attachedVpcs[0].vpcId must be the application VPC's id such as vpc-0a1b2c3d4e5f67890 (also with"
                                + " transitGatewayId): the private zone is associated with it so its applications resolve vault.tooling.internal, got nothing"),
                Arguments.of("dev", Map.of("dnsAssociatedVpcIds", List.of("vpc-0a1b2c3d4e5f60001")),
                        "private-vault:dnsAssociatedVpcIds must be VPCs other than attachedVpcs' (those are associated with the zone already), got 'vpc-0a1b2c3d4e5f60001'"),
                Arguments.of("dev", Map.of("vaultAdditionalDnsNames", List.of("Vault_Example")), "private-vault:vaultAdditionalDnsNames must be"),
                Arguments.of("dev", Map.of("vaultIntegrationEgress", List.of(Map.of("name", "db", "cidr", "10.61.0.0/16", "port", 70000))),
                        "private-vault:vaultIntegrationEgress[0].port must be between 1 and 65535, got 70000"),
                Arguments.of("prod", Map.of("engineers", List.of(Map.of("name", "alice", "mode", "generated"))),
                        "private-vault:engineers[0].mode must be csr in prod (the engineer makes the key and sends a CSR; a generated key would live in Pulumi state), got 'generated'"),
                Arguments.of("dev", Map.of("existingVpcEndpoints", List.of("kms")),
                        "private-vault:existingVpcEndpoints must be left out unless existingVpcId is set, got [kms]"),
                Arguments.of("k8s", Map.of("existingVpcEndpoints", List.of("dynamodb")), "private-vault:existingVpcEndpoints must be one of kms, "),
                Arguments.of("k8s", Map.of("vaultIntegrationEgress", List.of(Map.of("name", "db", "cidr", "0.0.0.0/0", "port", 5432))),
                        "private-vault:vaultIntegrationEgress[0].cidr must be the integration's own addresses, never the whole internet (0.0.0.0/0), got '0.0.0.0/0'"),
                Arguments.of("dev", Map.of("attachedVpcs", List.of(Map.of("name", "apps", "cidr", "10.60.0.0/16", "vpcId", "vpc-0a1b2c3d4e5f60001", "peer", "x"))),
                        "private-vault:attachedVpcs[0].peer must be a known field"),
                Arguments.of("dev", Map.of("dnsZone", "Tooling_Internal"), "private-vault:dnsZone must be a lower-case DNS name of two or more labels"),
                Arguments.of("dev", Map.of("dnsZone", "internal"), "private-vault:dnsZone must be a lower-case DNS name of two or more labels"),
                Arguments.of("dev", Map.of("vaultRecordName", "vault.api"), "private-vault:vaultRecordName must be one lower-case DNS label"),
                Arguments.of("prod", Map.of("deletionProtection", false), "private-vault:deletionProtection must be true in prod, got false"),
                // Who holds the keys, the recovery material and the snapshots is named in prod (issue 15 items 1 and 4).
                Arguments.of("prod", Map.of("kmsAdminArns", List.of()), "private-vault:kmsAdminArns must be at least one IAM role ARN in prod"),
                Arguments.of("prod", Map.of("breakGlassRoleArn", ""), "private-vault:breakGlassRoleArn must be the IAM role ARN that may read the recovery secret, required in prod"),
                Arguments.of("prod", Map.of("backupRestoreRoleArn", ""), "private-vault:backupRestoreRoleArn must be the IAM role ARN that may read snapshots, required in prod"),
                Arguments.of("dev", Map.of("breakGlassRoleArn", "arn:aws:iam::123456789012:user/alice"),
                        "private-vault:breakGlassRoleArn must be empty or an IAM role ARN such as arn:aws:iam::123456789012:role/vault-break-glass, got 'arn:aws:iam::123456789012:user/alice'"),
                Arguments.of("dev", Map.of("backupRestoreRoleArn", "arn:aws:iam::123456789012:role/*"),
                        "private-vault:backupRestoreRoleArn must be empty or an IAM role ARN"),
                Arguments.of("k8s", Map.of("ssmSessionsEnabled", true), "private-vault:ssmSessionsEnabled must be false on kubernetes"),
                // One read of the recovery secret must not yield a quorum of shares in prod.
                Arguments.of("prod", Map.of("recoveryPgpKeys", List.of()), "private-vault:recoveryPgpKeys must be the recovery key holders' PGP public keys in prod, one per recovery share"),
                Arguments.of("dev", Map.of("recoveryPgpKeys", List.of("not-a-key", "x", "y", "z", "w")), "private-vault:recoveryPgpKeys[0] must be one OpenPGP public key"),
                Arguments.of("dev", Map.of("dataVolumeThroughput", 1000), "private-vault:dataVolumeThroughput must be at most 0.25 MiB/s per provisioned IOPS (gp3), here 750 for dataVolumeIops 3000, got 1000"),
                Arguments.of("dev", Map.of("kmsDeletionWindowDays", 3), "private-vault:kmsDeletionWindowDays must be between 7 and 30, got 3"),
                Arguments.of("dev", Map.of("logRetentionDays", 45), "private-vault:logRetentionDays must be a CloudWatch Logs retention period"),
                Arguments.of("dev", Map.of("vpnSubnetCount", 4), "private-vault:vpnSubnetCount must be between 1 and 3, got 4"),
                // The lean profile's levers: endpoints in fewer zones and one VPN association are non-production only.
                Arguments.of("prod", Map.of("vpcEndpointZoneCount", 1), "private-vault:vpcEndpointZoneCount must be every availabilityZone (3) in prod:"
                        + " an outage of the zones holding the endpoints would cut every node off KMS, Secrets Manager and STS, got 1"),
                Arguments.of("prod", Map.of("vpnSubnetCount", 1),
                        "private-vault:vpnSubnetCount must be at least 2 in prod (one association's zone outage would lock engineers out), got 1"),
                Arguments.of("dev", Map.of("vpcEndpointZoneCount", 4), "private-vault:vpcEndpointZoneCount must be 1 to the number of availabilityZones (3), got 4"),
                Arguments.of("dev", Map.of("vpcEndpointZoneCount", 0), "private-vault:vpcEndpointZoneCount must be 1 to the number of availabilityZones (3), got 0"),
                Arguments.of("dev", Map.of("auditVolumeSizeGb", 5), "private-vault:auditVolumeSizeGb must be between 10 and 16384, got 5"),
                // Another release on Graviton needs its arm64 digest; the default is the pinned release's.
                Arguments.of("dev", Map.of("vaultVersion", "2.1.3", "instanceType", "t4g.small"),
                        "private-vault:vaultSha256Arm64 must be the SHA-256 of vault_2.1.3_linux_arm64.zip (from HashiCorp's SHA256SUMS) when"
                                + " vaultVersion is not the pinned 2.1.2; the default is that release's digest"),
                Arguments.of("prod", Map.of("vaultVersion", "2.1.3"), "private-vault:vaultSha256 must be the SHA-256 of vault_2.1.3_linux_amd64.zip"),
                Arguments.of("dev", Map.of("vaultSha256Arm64", "abc"), "private-vault:vaultSha256Arm64 must be the 64 lower-case hex digits"),
                Arguments.of("dev", Map.of("vpnSessionTimeoutHours", 9), "private-vault:vpnSessionTimeoutHours must be one of 8, 10, 12 or 24 (the values Client VPN accepts), got 9"),
                Arguments.of("dev", Map.of("recoveryThreshold", 6), "private-vault:recoveryThreshold must be between 1 and 5, got 6"),
                Arguments.of("dev", Map.of("vaultVersion", "latest"), "private-vault:vaultVersion must be a release version such as 2.1.2, got 'latest'"),
                Arguments.of("dev", Map.of("nodeCount", "three"), "private-vault:nodeCount must be a whole number, got 'three'"),
                Arguments.of("dev", Map.of("natGateways", "yes"), "private-vault:natGateways must be one of none, single, perAz, got 'yes'"),
                Arguments.of("dev", Map.of("vpnEnabled", "yes"), "private-vault:vpnEnabled must be true or false, got 'yes'"),
                Arguments.of("dev", Map.of("existingVpcId", "vpc-0a1b2c3d4e5f60009", "existingPrivateSubnetIds", List.of("subnet-0a1b2c3d4e5f60001")),
                        "private-vault:existingPrivateSubnetIds must be 3 subnet ids, one per entry of availabilityZones"),
                Arguments.of("dev", Map.of("nodeCont", 3), "private-vault:nodeCont must be a declared setting; did you mean 'nodeCount'?"),
                Arguments.of("dev", Map.of("engineers", List.of(Map.of("name", "alice", "mode", "generated"), Map.of("name", "alice", "mode", "generated"))),
                        "private-vault:engineers names must be unique values; this one is listed more than once, got 'alice'"),
                Arguments.of("dev", Map.of("engineers", List.of(Map.of("name", "Alice Smith", "mode", "generated"))),
                        "private-vault:engineers[0].name must be lower-case letters, digits and '-'"),
                Arguments.of("dev", Map.of("engineers", List.of(Map.of("name", "dave", "mode", "csr"))),
                        "private-vault:engineers[0].csr must be a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----) with a valid signature"),
                Arguments.of("dev", Map.of("engineers", List.of(Map.of("name", "dave", "mode", "sso"))),
                        "private-vault:engineers[0].mode must be csr or generated, got 'sso'"),
                // AWS Private CAs (issue 15 item 6): well-formed ARNs, CSR engineers only, whole days, never one CA for both.
                Arguments.of("dev", Map.of("vpnCertificateAuthorityArn", "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"),
                        "private-vault:vpnCertificateAuthorityArn must be empty (a CA of the program's own) or an AWS Private CA ARN,"
                                + " arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>, got 'arn:aws:acm:"),
                Arguments.of("dev", Map.of("vaultCertificateAuthorityArn", "certificate-authority/11111111-2222-3333-4444-555555555555"),
                        "private-vault:vaultCertificateAuthorityArn must be empty (a CA of the program's own) or an AWS Private CA ARN"),
                // AWS Private CA User Guide, "Regions": "private certificate authorities (CAs) are Regional resources. To use
                // private CAs in more than one Region, you must create your CAs in those Regions."
                Arguments.of("dev", Map.of("vaultCertificateAuthorityArn", PCA.replace("eu-west-1", "us-east-1")),
                        "private-vault:vaultCertificateAuthorityArn must be a private CA in the stack's region eu-west-1 (private CAs are"
                                + " Regional resources; create or choose one there)"),
                Arguments.of("dev", Map.of("vpnCertificateAuthorityArn", PCA, "vaultCertificateAuthorityArn", PCA),
                        "private-vault:vpnCertificateAuthorityArn must be a different CA from vaultCertificateAuthorityArn: the CA's"
                                + " certificates carry server and client auth, so a Vault node certificate would authenticate to the VPN"),
                Arguments.of("dev", Map.of("vpnCertificateAuthorityArn", PCA, "engineers", List.of(Map.of("name", "bob", "mode", "generated"))),
                        "private-vault:engineers[0].mode must be csr when vpnCertificateAuthorityArn is set (" + PCA
                                + " issues certificates from CSRs only; the engineer keeps the key), got 'generated'"),
                Arguments.of("dev", Map.of("vpnCertificateAuthorityArn", PCA, "vpnCertValidityHours", 700),
                        "private-vault:vpnCertValidityHours must be whole days between 24 and 175200 hours when certificateAuthorityArn is set"
                                + " (AWS Private CA's IssueCertificate takes a validity in DAYS, MONTHS or YEARS, not hours), got 700"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("payments", "approle", Map.of("cidrs", List.of("10.60.0.0/16"))),
                                tenant("payments", "approle", Map.of("cidrs", List.of("10.60.0.0/16"))))),
                        "private-vault:tenants names must be unique values; this one is listed more than once, got 'payments'"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("pay/ments", "approle", Map.of()))),
                        "private-vault:tenants[0].name must be lower-case letters, digits and '-'"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("payments", "ldap", Map.of()))),
                        "private-vault:tenants[0].auth must be one of kubernetes, approle, aws, got 'ldap'"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("payments", "approle", Map.of("cidrs", List.of("10.60.0.0/16"), "tokenTtl", "2h", "tokenMaxTtl", "1h")))),
                        "private-vault:tenants[0].tokenTtl must be at most tokenMaxTtlSeconds (3600), got 7200"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("payments", "approle", Map.of("cidrs", List.of("10.60.0.0/16"), "tokenTtl", "0s")))),
                        "private-vault:tenants[0].tokenTtl must be a positive duration such as 90s, 15m, 1h or 7d, got '0s'"),
                Arguments.of("dev-config", Map.of("kubernetesClusters", List.of(Map.of("name", "apps", "apiHost", "https://apps.example.com", "caCertPem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")),
                                "tenants", List.of(tenant("payments", "kubernetes", Map.of("cluster", "apps", "namespaces", List.of("payments"))))),
                        "private-vault:tenants[0].serviceAccounts must be one or more service account names (no wildcards)"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("payments", "kubernetes", Map.of("cluster", "nowhere",
                                "namespaces", List.of("payments"), "serviceAccounts", List.of("api"))))),
                        "private-vault:tenants[0].cluster must be one of the declared kubernetesClusters [apps-dev], got 'nowhere'"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("payments", "approle", Map.of("cidrs", List.of("10.60.0.0/16"),
                                "postgres", Map.of("host", "db", "database", "payments", "sslMode", "disable"))))),
                        "private-vault:tenants[0].postgres.sslMode must be verify-full, verify-ca or require"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("web", "aws", Map.of("roleArns", List.of("arn:aws:iam::123456789012:role/web"),
                                "awsSecretRoles", List.of(Map.of("name", "bucket", "credentialType", "iam_user")))))),
                        "private-vault:tenants[0].awsSecretRoles[0].policyDocument must be an IAM policy JSON document for iam_user"),
                Arguments.of("dev", Map.of("vaultProvisionerRoleArn", ""),
                        "private-vault:vaultProvisionerRoleArn must be the ARN of the IAM role the configuration layer runs as, without a path"),
                // Vault docs, AWS auth role: with resolve_aws_unique_ids false "you MUST leave out the path component in
                // bound_iam_principal_arn for roles", so a role with a path could never log in.
                Arguments.of("dev", Map.of("vaultProvisionerRoleArn", "arn:aws:iam::123456789012:role/ci/vault-provisioner"),
                        "private-vault:vaultProvisionerRoleArn must be the ARN of the IAM role the configuration layer runs as, without a path"),
                Arguments.of("dev-config", Map.of("oidc", Map.of("discoveryUrl", "https://idp.example.com", "clientId", "vault",
                                "allowedRedirectUris", List.of("http://vault.example.com/callback"), "groupPolicies", Map.of("ops", List.of("admin")))),
                        "private-vault:oidc.allowedRedirectUris must be https:// URIs"),
                Arguments.of("dev-config", Map.of("kubernetesClusters", List.of(Map.of("name", "apps", "apiHost", "https://apps.example.com/api",
                                "caCertPem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))),
                        "private-vault:kubernetesClusters[0].apiHost must be an https:// URL of the API server, without a path"),
                Arguments.of("dev-config", Map.of("oidc", Map.of("discoveryUrl", "http://idp", "clientId", "vault", "allowedRedirectUris", List.of("https://x"))),
                        "private-vault:oidc.discoveryUrl must be an https:// URL, got 'http://idp'"),
                Arguments.of("dev", Map.of("policySuppressions", List.of(Map.of("rule", "x", "urn", "urn:pulumi:dev::p::*", "reason", "because we must"))),
                        "private-vault:policySuppressions[0].urn must be one resource URN (no wildcards)"),
                Arguments.of("dev", Map.of("tags", Map.of("Environment", "x")), "private-vault:tags.Environment must be left out"),
                // Rules across settings and the program's policy, which no component sees.
                Arguments.of("dev", Map.of("backupReplicaRegion", "eu-west-1"), "private-vault:backupReplicaRegion must be empty or an AWS region other than eu-west-1, got 'eu-west-1'"),
                Arguments.of("dev", Map.of("backupReplicaRegion", "mars-1"), "private-vault:backupReplicaRegion must be an AWS region such as eu-central-1, got 'mars-1'"),
                Arguments.of("dev", Map.of("kmsAdminArns", List.of("admin")), "private-vault:kmsAdminArns must be IAM ARNs such as arn:aws:iam::123456789012:role/platform-admin, got 'admin'"),
                Arguments.of("dev-config", Map.of("vaultAdminRoleArns", List.of("root")), "private-vault:vaultAdminRoleArns must be IAM ARNs such as"),
                Arguments.of("dev", Map.of("dnsAssociatedVpcIds", List.of("vpc-1")), "private-vault:dnsAssociatedVpcIds must be VPC ids such as vpc-0a1b2c3d4e5f67890, got 'vpc-1'"),
                Arguments.of("dev", Map.of("dnsCrossAccountVpcs", List.of(Map.of("vpcId", "vpc-0a1b2c3d4e5f60009", "region", "eu-west-9", "accountId", "210987654321"))),
                        "private-vault:dnsCrossAccountVpcs[0].region must be an AWS region, got 'eu-west-9'"),
                Arguments.of("dev", Map.of("dnsCrossAccountVpcs", List.of(Map.of("vpcId", "vpc-0a1b2c3d4e5f60009", "region", "eu-west-2", "accountId", "1234"))),
                        "private-vault:dnsCrossAccountVpcs[0].accountId must be a 12-digit AWS account id, got '1234'"),
                Arguments.of("dev", Map.of("dnsCrossAccountVpcs", List.of(Map.of("vpcId", "vpc-0a1b2c3d4e5f60009", "region", "eu-west-2"))),
                        "private-vault:dnsCrossAccountVpcs[0].accountId must be set, got nothing"),
                Arguments.of("dev", Map.of("attachedVpcs", List.of(Map.of("name", "apps", "cidr", "10.60.0.0/16", "vpcId", "vpc-0a1b2c3d4e5f60001", "peerRegion", "eu-west-9"))),
                        "private-vault:attachedVpcs[0].peerRegion must be empty or an AWS region, got 'eu-west-9'"),
                Arguments.of("dev", Map.of("existingRouteTableIds", List.of("rtb-0e1f2a3b4c5d60a44")),
                        "private-vault:existingRouteTableIds must be empty unless existingVpcId is set, got [rtb-0e1f2a3b4c5d60a44]"),
                Arguments.of("dev", Map.of("vaultArtifactUrl", "https://mirror.example.com/vault"),
                        "private-vault:vaultArtifactUrl must be empty (download from HashiCorp through NAT) or s3://bucket/prefix"),
                Arguments.of("dev", Map.of("vaultArtifactUrl", ""),
                        "private-vault:vaultArtifactUrl must be an s3://bucket/prefix holding the Vault zip when natGateways is none"),
                Arguments.of("dev", Map.of("vaultArtifactUrl", "s3://Bad_Bucket/vault"),
                        "private-vault:vaultArtifactUrl must be an https:// URL or s3://<bucket>/<prefix> (a valid S3 bucket name"),
                Arguments.of("dev", Map.of("alarmEmails", List.of("oncall@example.com", "oncall@example.com")),
                        "private-vault:alarmEmails must be unique values; this one is listed more than once, got 'oncall@example.com'"),
                Arguments.of("dev", Map.of("engineers", List.of(Map.of("name", "dave", "mode", "generated", "csr", "x"))),
                        "private-vault:engineers[0].csr must be absent in generated mode"),
                Arguments.of("dev-config", Map.of("kubernetesClusters", List.of(Map.of("name", "apps", "apiHost", "https://apps.example.com", "caCertPem", "MIIB"))),
                        "private-vault:kubernetesClusters[0].caCertPem must be the cluster's CA certificate as PEM"),
                Arguments.of("dev-config", Map.of("kubernetesClusters", List.of(Map.of("name", "apps", "apiHost", "https://apps.example.com",
                                "caCertPem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")), "kubeconfigs", Map.of()),
                        "private-vault:kubeconfigs.apps must be set (a secret kubeconfig), got nothing"),
                Arguments.of("dev-config", Map.of("oidc", Map.of("discoveryUrl", "https://idp.example.com", "clientId", "vault",
                                "allowedRedirectUris", List.of("https://vault.tooling.internal:8250/oidc/callback"), "groupPolicies", Map.of("ops", List.of("admin")))),
                        "private-vault:oidcClientSecret must be set (a secret), got nothing"),
                Arguments.of("dev", Map.of("policySuppressions", List.of(Map.of("rule", "x", "urn", "urn:pulumi:dev::p::a::b", "reason", "ok"))),
                        "private-vault:policySuppressions[0].reason must be a written reason (at least 10 characters), got 'ok'"),
                Arguments.of("dev-config", Map.of("tenants", List.of(Map.of("auth", "approle", "cidrs", List.of("10.60.0.0/16")))),
                        "private-vault:tenants[0].name must be set, got nothing"),
                Arguments.of("dev-config", Map.of("tenants", List.of(tenant("web", "approle", Map.of("cidrs", List.of("10.60.0.0/16"),
                                "postgres", Map.of("host", "db", "database", "web", "port", "5432"))))),
                        "private-vault:tenants[0].postgres.port must be a whole number, got '5432'"));
    }

    static Map<String, Object> tenant(String name, String auth, Map<String, Object> more) {
        var map = new java.util.LinkedHashMap<String, Object>(more);
        map.put("name", name);
        map.put("auth", auth);
        return map;
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badSettings")
    void eachRuleNamesTheKeyTheValueAndWhatIsAllowed(String stack, Map<String, Object> overrides, String expected) {
        var error = assertThrows(InvalidSettingsException.class, () -> TestStacks.load(stack, overrides));
        assertTrue(error.problems().stream().anyMatch(p -> p.startsWith(expected)),
                () -> "expected a problem starting with\n  " + expected + "\ngot\n  " + String.join("\n  ", error.problems()));
        // Every problem names what the user wrote, never a component's argument.
        error.problems().forEach(p -> assertTrue(p.startsWith("private-vault:") || p.startsWith("aws:"), p));
    }

    /**
     * A node count the cluster's Args refuse, handed to the composition directly (as a caller that skips
     * {@link StackSettings#load} would): the pure build of every Args finds it, reports it on the stack key, and the
     * program registers nothing at all.
     */
    @Test
    void anArgsProblemFoundByThePureBuildRegistersNothing() {
        var valid = TestStacks.settings("dev");
        var c = valid.cluster();
        var fourNodes = new StackSettings(valid.project(), valid.stack(), valid.environment(), valid.region(), valid.tags(),
                valid.network(), valid.kms(), valid.backup(),
                new StackSettings.Cluster(4, c.instanceType(), c.vaultVersion(), c.vaultSha256(), c.vaultArtifactUrl(), c.dataVolumeSizeGb(),
                        c.dataVolumeIops(), c.dataVolumeThroughput(), c.recoveryShares(), c.recoveryThreshold(), c.recoveryPgpKeys(), c.alarmEmails(),
                        c.provisionerRoleArn(), c.breakGlassRoleArn(), c.ssmSessions(), c.vaultSha256Arm64(), c.auditVolumeSizeGb(),
                        c.certificateAuthorityArn(), c.breakGlassGenerateRoot()),
                valid.dns(), valid.vpn(), valid.policySuppressions(), valid.platform());
        var result = MockRun.of("private-vault", "dev", new AwsMocks("eu-west-1", "123456789012"))
                .run(ctx -> VaultPlatform.define(ctx, fourNodes));
        assertTrue(result.failed());
        assertTrue(String.join("\n", result.errors()).contains(
                "private-vault:nodeCount must be an odd number from 3 to 7 (Raft needs a majority; even counts add no fault tolerance), got 4"),
                result.errors().toString());
        // The engine's own stack resource exists before the program runs; the program added nothing to it.
        assertEquals(List.of(), result.resources().stream().map(RecordedResource::type).filter(t -> !t.equals("pulumi:pulumi:Stack")).toList());
        // The same settings through load: the same problem, before the engine is involved at all.
        var error = assertThrows(InvalidSettingsException.class, () -> TestStacks.settings("dev", Map.of("nodeCount", 4)));
        assertEquals(List.of("private-vault:nodeCount must be an odd number from 3 to 7 (Raft needs a majority; even counts add no fault tolerance), got 4"),
                error.problems());
    }

    /**
     * Problems of reading, of the components' Args and of the settings' own rules, and settings of the other kind of
     * stack, all in one run, in Pulumi.yaml's order.
     */
    @Test
    void anInvalidStackListsEveryProblemOfEveryKind() {
        var error = assertThrows(InvalidSettingsException.class, () -> TestStacks.settings("prod", Map.of(
                "recoveryShares", "five",
                "dnsZone", "x",
                "deletionProtection", false,
                "tenants", List.of(tenant("web", "approle", Map.of("cidrs", List.of("10.60.0.0/16")))),
                "vpnClientCidr", "10.40.0.0/22")));
        assertEquals(List.of(
                "private-vault:recoveryShares must be a whole number, got 'five'",
                "private-vault:deletionProtection must be true in prod, got false",
                "private-vault:dnsZone must be a lower-case DNS name of two or more labels (letters, digits, '-'), e.g. tooling.internal, got 'x'",
                "private-vault:vpnClientCidr must be a CIDR that does not overlap the Vault VPC 10.40.0.0/16, got '10.40.0.0/22'",
                "private-vault:tenants must be absent from a platform stack: it configures Vault itself and belongs in its configuration"
                        + " stack's file (e.g. Pulumi.prod-config.yaml, which sets private-vault:platformStack: prod), got '(set)'"),
                error.problems(), error.getMessage());
        var configuration = assertThrows(InvalidSettingsException.class, () -> TestStacks.configuration("dev-config", Map.of(
                "nodeCount", 5,
                "vaultAdminRoleArns", List.of("root"),
                "tenants", List.of(tenant("admin", "approle", Map.of("cidrs", List.of("10.60.0.0/16"))),
                        tenant("web", "approle", Map.of("cidrs", List.of("10.60.0.0/16"), "tokenTTl", "15m"))))));
        assertEquals(List.of(
                "private-vault:nodeCount must be absent from a configuration stack: it belongs in its platform stack's file (Pulumi.dev.yaml,"
                        + " the stack private-vault:platformStack names), got '(set)'",
                "private-vault:vaultAdminRoleArns must be IAM ARNs such as arn:aws:iam::123456789012:role/platform-admin, got 'root'",
                "private-vault:tenants[1].tokenTTl must be a known field (auth, awsSecretRoles, cidrs, cluster, name, namespaces, postgres,"
                        + " roleArns, serviceAccounts, tokenMaxTtl, tokenTtl, transit); did you mean 'tokenTtl'?, got '15m'"),
                configuration.problems(), configuration.getMessage());
    }

    /**
     * A configuration stack's settings that the baseline's Args refuse, handed to the composition directly: the problem
     * is reported on the stack key and nothing is registered, not even the StackReference.
     */
    @Test
    void aConfigurationArgsProblemFoundByThePureBuildRegistersNothing() {
        var valid = TestStacks.configuration("dev-config");
        var admin = new VaultConfigSettings.Tenant("admin", "approle", null, null, null, List.of("10.60.8.0/24"), null, null, null, null,
                null, null);
        var vault = valid.vault();
        var refused = new ConfigurationSettings(valid.project(), valid.stack(), valid.platformStack(), valid.tags(),
                new VaultConfigSettings(vault.adminRoleArns(), List.of(admin), vault.kubernetesClusters(), vault.kubeconfigs(),
                        vault.databasePasswords(), vault.oidc(), vault.oidcClientSecret()), valid.policySuppressions());
        var result = MockRun.of("private-vault", "dev-config", new AwsMocks("eu-west-1", "123456789012"))
                .run(ctx -> VaultConfiguration.define(ctx, refused));
        assertTrue(result.failed());
        assertTrue(String.join("\n", result.errors()).contains("private-vault:tenants[0].name must be a name other than the built-in policies"),
                result.errors().toString());
        assertEquals(List.of(), result.resources().stream().map(RecordedResource::type).filter(t -> !t.equals("pulumi:pulumi:Stack")).toList());
    }

    /** The settings that the split replaced say what took their place, whichever kind of stack carries them. */
    @Test
    void removedSettingsSayWhatReplacedThem() {
        var error = assertThrows(InvalidSettingsException.class, () -> TestStacks.settings("dev",
                Map.of("vaultConfigEnabled", true, "vaultBootstrapToken", "hvs.secret-token")));
        assertEquals(java.util.Set.of(
                "private-vault:vaultConfigEnabled must be removed: Vault's configuration is a stack of its own now, whose file sets"
                        + " private-vault:platformStack (e.g. Pulumi.dev-config.yaml for dev; see the README), got '(set)'",
                "private-vault:vaultBootstrapToken must be removed: the initialising node binds vaultProvisionerRoleArn to Vault's"
                        + " provisioner policy and revokes its root token, so the configuration stack needs no token (see the README,"
                        + " first deployment), got '(set)'"), java.util.Set.copyOf(error.problems()));
        assertFalse(error.getMessage().contains("hvs.secret-token"), "a removed secret setting is not echoed");
        var configuration = assertThrows(InvalidSettingsException.class, () -> TestStacks.configuration("dev-config",
                Map.of("vaultConfigEnabled", true)));
        assertTrue(configuration.problems().get(0).startsWith("private-vault:vaultConfigEnabled must be removed"), configuration.getMessage());
    }

    static Stream<Arguments> badPlatformStacks() {
        return Stream.of(
                Arguments.of("dev-config", "private-vault:platformStack must be another stack: the platform stack, not this one, got 'dev-config'"),
                Arguments.of("acme/other-project/dev", "private-vault:platformStack must be a stack of this project (private-vault)"),
                Arguments.of("acme/dev", "private-vault:platformStack must be the platform stack's name (e.g. dev) or <organization>/private-vault/<stack>"),
                Arguments.of("dev stack", "private-vault:platformStack must be the platform stack's name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPlatformStacks")
    void theReferenceToThePlatformStackIsAStackOfThisProject(String reference, String expected) {
        var error = assertThrows(InvalidSettingsException.class, () -> TestStacks.configuration("dev-config", Map.of("platformStack", reference)));
        assertTrue(error.problems().stream().anyMatch(p -> p.startsWith(expected)), error.getMessage());
        assertEquals("dev", TestStacks.configuration("dev-config", Map.of("platformStack", "acme/private-vault/dev")).platformStackName());
    }

    @Test
    void aTypoInTheAwsNamespaceIsFlaggedAndNoRegionIsInvented() {
        var overrides = new java.util.HashMap<String, Object>();
        overrides.put("aws:region", null);
        overrides.put("aws:regoin", "eu-west-1");
        overrides.put("availabilityZones", List.of());
        overrides.put("backupReplicaRegion", "eu-central-1");
        var error = assertThrows(InvalidSettingsException.class, () -> TestStacks.settings("dev", overrides));
        assertEquals(List.of(
                "aws:regoin must be a setting of the AWS provider; did you mean 'region'? (see the provider's configuration reference), got 'eu-west-1'",
                "aws:region must be an AWS commercial region such as eu-west-1 or us-east-1 (set it with `pulumi config set aws:region <region>`), got nothing"),
                error.problems(), "no follow-up problem may assume a region");
        // The provider's other settings are its own, and accepted.
        TestStacks.settings("dev", Map.of("aws:profile", "platform", "aws:skipCredentialsValidation", "true"));
        assertTrue(StackSettings.awsProviderKeys().containsAll(List.of("region", "profile", "assumeRole", "defaultTags")),
                StackSettings.awsProviderKeys().toString());
    }

    @Test
    void keysWrittenOutsideTheConfigWrapperAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var file = dir.resolve("Pulumi.stray.yaml");
        java.nio.file.Files.writeString(file, "config:\n  aws:region: eu-west-1\nprivate-vault:nodeCount: 5\nvpnEnabled: false\n");
        var error = assertThrows(ConfigSource.InvalidStackFileException.class, () -> ConfigSource.fromStackFile(file));
        assertTrue(error.getMessage().contains("private-vault:nodeCount, vpnEnabled are not a stack file field and would be ignored;"
                + " settings belong under `config:`"), error.getMessage());
    }

    @Test
    void theEngineAndTheStackFileFeedTheSameBinding() throws Exception {
        var file = TestStacks.config("dev", Map.of());
        // What the language host hands a program: every value a string, lists and objects as JSON.
        var engine = ConfigSource.fromEngine(SettingsReader.JSON.writeValueAsString(file.values()), "[]");
        assertEquals(StackSettings.load(TestStacks.project(), file, "dev"), StackSettings.load(TestStacks.project(), engine, "dev"));
        var bad = ConfigSource.fromEngine("{\"private-vault:nodeCount\":\"4\",\"aws:region\":\"eu-west-1\",\"private-vault:vaultArtifactUrl\":\"s3://b/v\"}", "[]");
        var error = assertThrows(InvalidSettingsException.class, () -> StackSettings.load(TestStacks.project(), bad, "dev"));
        assertTrue(error.problems().contains(
                "private-vault:nodeCount must be an odd number from 3 to 7 (Raft needs a majority; even counts add no fault tolerance), got 4"),
                error.getMessage());
    }

    @Test
    void secretSettingsGivenInPlainTextAreKnown() {
        var plain = new SettingsReader(TestStacks.project(), TestStacks.config("dev-config", Map.of("oidcClientSecret", "hunter2")));
        plain.secret("oidcClientSecret");
        plain.secretMap("kubeconfigs");
        assertEquals(java.util.Set.of("private-vault:oidcClientSecret"), plain.plaintextSecrets(),
                "kubeconfigs is secure: in the dev-config stack file, oidcClientSecret is not");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var error = assertThrows(InvalidSettingsException.class,
                () -> TestStacks.settings("dev", Map.of("nodeCount", 4, "vpcCidr", "10.0.0.0/8", "dnsZone", "x")));
        assertEquals(3, error.problems().size(), error.getMessage());
    }

    @Test
    void anEncryptedValueOfflineIsPlannedWithItsDefaultInsteadOfFailing() {
        var base = TestStacks.config("dev", Map.of());
        var values = new java.util.HashMap<>(base.values());
        values.put("private-vault:vpnBanner", null);
        values.put("private-vault:nodeCount", null);
        var secrets = new java.util.HashSet<>(base.secretKeys());
        secrets.add("private-vault:vpnBanner");
        secrets.add("private-vault:nodeCount");
        var settings = StackSettings.load(TestStacks.project(), new ConfigSource(values, secrets), "dev");
        assertEquals("Authorised use only. Activity on this network is logged.", settings.vpn().banner());
        assertEquals(3, settings.cluster().nodeCount());
    }

    private static Map<String, Object> nulls(String... keys) {
        var map = new java.util.HashMap<String, Object>();
        for (String key : keys) {
            map.put(key, null);
        }
        return map;
    }
}
