package io.privatevault.components;

import com.google.gson.JsonParser;
import com.pulumi.core.Output;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.testing.Secret;
import io.privatevault.components.vpn.Pem;
import io.privatevault.components.vpn.RealTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ClientVpnTest {
    static final String VPC = "10.42.0.0/16";
    static final String NLB_SG = "sg-0nlb0000000000000";
    static final String KMS = "arn:aws:kms:eu-west-1:111122223333:key/data";
    static KeyPair aliceKey;
    static String aliceCsr;

    @BeforeAll
    static void keys() {
        aliceKey = RealTls.rsa(2048);
        aliceCsr = RealTls.csr("alice", aliceKey);
    }

    static ClientVpnArgs.Builder args() {
        return ClientVpnArgs.builder()
                .vpcId(Output.of("vpc-0123456789abcdef0"))
                .vpcCidr(Output.of(VPC))
                .subnetIds(Output.of(List.of("subnet-a", "subnet-b", "subnet-c")))
                .resolverAddress(Output.of("10.42.0.2"))
                .nlbSecurityGroupId(Output.of(NLB_SG))
                .logKmsKeyArn(Output.of(KMS))
                .vaultFqdn(Output.of("vault.tooling.internal"))
                .authorizedCidrs(List.of("10.42.0.0/24", "10.42.1.0/24", "10.42.2.0/24"))
                .clientCidr("10.100.0.0/22")
                .serverName("vpn.tooling.internal")
                .engineers(ClientVpnArgs.EngineerArgs.csr("alice", aliceCsr), ClientVpnArgs.EngineerArgs.generated("bob"));
    }

    static MockRun.Result run(ClientVpnArgs.Builder args) {
        return MockRun.of("test", "dev", RealTls.mocks()).run(ctx -> {
            var vpn = new ClientVpn("vpn", args.build(), null);
            ctx.export("clientConfigs", vpn.clientConfigs);
            ctx.export("serials", vpn.clientCertificateSerials);
            ctx.export("crl", vpn.revocationListPem);
            ctx.export("crlCommand", vpn.revocationListImportCommand);
            ctx.export("renderedFiles", vpn.renderedFiles);
            ctx.export("dnsName", vpn.dnsName);
        });
    }

    static RecordedResource endpoint(MockRun.Result result) {
        return result.one("aws:ec2clientvpn/endpoint:Endpoint");
    }

    static Map<String, String> map(Object output) {
        Object value = output instanceof Secret secret ? secret.value() : output;
        @SuppressWarnings("unchecked") var map = (Map<String, String>) value;
        return map;
    }

    /** Validation failures happen before anything is registered, the component included. */
    static void assertRejected(ClientVpnArgs.Builder args, String message) {
        var error = assertThrows(InvalidSettingException.class, args::build);
        assertEquals(message, error.getMessage());
        var result = run(args);
        assertTrue(result.failed());
        assertTrue(result.errors().stream().anyMatch(e -> e.contains(message)), result.errors().toString());
        assertEquals(List.of(), result.resources().stream().filter(r -> !r.type().equals("pulumi:pulumi:Stack")).toList(),
                "nothing may be registered");
    }

    @Test
    void endpointUsesMutualCertificatesSplitTunnelUdp443AndTheVpcResolver() {
        var result = run(args());
        assertFalse(result.failed(), result.errors().toString());
        var endpoint = endpoint(result);
        var serverAcm = result.named("aws:acm/certificate:Certificate", "vpn-server");
        var chainAcm = result.named("aws:acm/certificate:Certificate", "vpn-client-chain");
        assertEquals("certificate-authentication", endpoint.input("authenticationOptions.0.type"));
        assertEquals(1, ((List<?>) endpoint.input("authenticationOptions")).size());
        assertTrue(chainAcm.urn().endsWith("vpn-client-chain"));
        assertTrue(endpoint.dependencies().contains(chainAcm.urn()) && endpoint.dependencies().contains(serverAcm.urn()));
        assertEquals(true, endpoint.input("splitTunnel"));
        assertEquals("udp", endpoint.input("transportProtocol"));
        assertEquals(443L, endpoint.input("vpnPort"));
        assertEquals(List.of("10.42.0.2"), endpoint.input("dnsServers"));
        assertEquals("10.100.0.0/22", endpoint.input("clientCidrBlock"));
        assertEquals("vpc-0123456789abcdef0", endpoint.input("vpcId"));
        assertEquals("disabled", endpoint.input("selfServicePortal"));
        assertEquals(8L, endpoint.input("sessionTimeoutHours"));
        assertEquals(true, endpoint.input("disconnectOnSessionTimeout"));
        assertEquals(true, endpoint.input("clientLoginBannerOptions.enabled"));
        assertEquals(io.privatevault.components.vpn.VpnLimits.DEFAULT_BANNER, endpoint.input("clientLoginBannerOptions.bannerText"));
        assertEquals(true, endpoint.input("connectionLogOptions.enabled"));
        assertEquals("/aws/clientvpn/test-dev-vpn", endpoint.input("connectionLogOptions.cloudwatchLogGroup"));
        assertEquals("connections", endpoint.input("connectionLogOptions.cloudwatchLogStream"));
        assertEquals(true, endpoint.input("clientConnectOptions.enabled"));
        assertEquals("arn:aws:lambda:eu-west-1:111122223333:function:AWSClientVPN-test-dev-vpn-connect",
                endpoint.input("clientConnectOptions.lambdaFunctionArn"));
        var sg = result.one("aws:ec2/securityGroup:SecurityGroup");
        assertEquals(1, ((List<?>) endpoint.input("securityGroupIds")).size());
        assertTrue(((String) endpoint.input("securityGroupIds.0")).startsWith("sg-"));
        assertTrue(endpoint.dependencies().contains(sg.urn()));
        assertTrue(((String) endpoint.input("description")).contains("10.100.0.0/22 is fixed at creation"));
        assertEquals("cvpn-endpoint-", ((String) result.outputs().get("dnsName")).substring(2, 16));
    }

    @Test
    void sessionTimeoutBannerRetentionAndKeyTypeComeFromSettings() {
        var result = run(args().sessionTimeoutHours(12).loginBanner("Tooling VPN: logged.").logRetentionDays(365).keyType("RSA_1024"));
        assertFalse(result.failed(), result.errors().toString());
        assertEquals(12L, endpoint(result).input("sessionTimeoutHours"));
        assertEquals("Tooling VPN: logged.", endpoint(result).input("clientLoginBannerOptions.bannerText"));
        result.ofType("aws:cloudwatch/logGroup:LogGroup").forEach(g -> assertEquals(365L, g.input("retentionInDays")));
        var keys = result.ofType("tls:index/privateKey:PrivateKey");
        assertEquals(4, keys.size(), "CA, server, client chain and bob's generated key");
        keys.forEach(k -> assertEquals(1024L, k.input("rsaBits")));
    }

    @Test
    void logGroupsAreKmsEncryptedWithRetention() {
        var result = run(args());
        var groups = result.ofType("aws:cloudwatch/logGroup:LogGroup");
        assertEquals(List.of("/aws/clientvpn/test-dev-vpn", "/aws/lambda/AWSClientVPN-test-dev-vpn-connect"),
                groups.stream().map(g -> (String) g.input("name")).sorted().toList());
        for (var group : groups) {
            assertEquals(KMS, group.input("kmsKeyId"));
            assertEquals(90L, group.input("retentionInDays"));
        }
    }

    @Test
    void securityGroupReachesOnlyTheNlbOn8200AndDnsOnTheResolver() {
        var result = run(args());
        var sg = result.one("aws:ec2/securityGroup:SecurityGroup");
        assertNull(sg.input("ingress"));
        assertNull(sg.input("egress"));
        var egress = result.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
        assertEquals(3, egress.size());
        var vault = result.named("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "vpn-to-vault");
        assertEquals(NLB_SG, vault.input("referencedSecurityGroupId"));
        assertEquals("tcp", vault.input("ipProtocol"));
        assertEquals(8200L, vault.input("fromPort"));
        assertEquals(8200L, vault.input("toPort"));
        assertNull(vault.input("cidrIpv4"));
        for (String protocol : List.of("udp", "tcp")) {
            var dns = result.named("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "vpn-dns-" + protocol);
            assertEquals("10.42.0.2/32", dns.input("cidrIpv4"));
            assertEquals(protocol, dns.input("ipProtocol"));
            assertEquals(53L, dns.input("fromPort"));
            assertEquals(53L, dns.input("toPort"));
        }
        var ingress = result.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assertEquals(NLB_SG, ingress.input("securityGroupId"), "the NLB group admits the endpoint's group");
        assertEquals(8200L, ingress.input("fromPort"));
        assertTrue(((String) ingress.input("referencedSecurityGroupId")).startsWith("sg-"));
        assertTrue(run(args().manageNlbIngress(false)).ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").isEmpty());
        for (var resource : result.resources()) {
            assertFalse(resource.inputs().toString().contains("0.0.0.0/0"), resource.name() + " mentions 0.0.0.0/0");
        }
    }

    @Test
    void oneAssociationInDevTwoInProdInDistinctSubnets() {
        var dev = run(args()).ofType("aws:ec2clientvpn/networkAssociation:NetworkAssociation");
        assertEquals(List.of("subnet-a"), dev.stream().map(a -> a.input("subnetId")).toList());
        var prod = run(args().associationCount(2)).ofType("aws:ec2clientvpn/networkAssociation:NetworkAssociation");
        assertEquals(List.of("subnet-a", "subnet-b"), prod.stream().map(a -> a.input("subnetId")).toList());
        prod.forEach(a -> assertTrue(((String) a.input("clientVpnEndpointId")).startsWith("cvpn-endpoint-")));
    }

    @Test
    void authorisationOnlyToTheVaultSubnetsAndNoExtraRoutes() {
        var result = run(args());
        var rules = result.ofType("aws:ec2clientvpn/authorizationRule:AuthorizationRule");
        assertEquals(List.of("10.42.0.0/24", "10.42.0.2/32", "10.42.1.0/24", "10.42.2.0/24"),
                rules.stream().map(r -> (String) r.input("targetNetworkCidr")).sorted().toList(),
                "the Vault/NLB subnets and the resolver only");
        rules.forEach(r -> assertEquals(true, r.input("authorizeAllGroups")));
        assertTrue(result.ofType("aws:ec2clientvpn/route:Route").isEmpty(),
                "the association's VPC route covers the authorised CIDRs under split tunnel");
    }

    @Test
    void pkiIsItsOwnWithDomainServerCertificateAndAcmImports() {
        var result = run(args());
        var ca = result.one("tls:index/selfSignedCert:SelfSignedCert");
        assertEquals(true, ca.input("isCaCertificate"));
        assertEquals(List.of("cert_signing", "crl_signing", "digital_signature"), ca.input("allowedUses"));
        assertEquals(87600L, ca.input("validityPeriodHours"));
        assertEquals(8760L, ca.input("earlyRenewalHours"));
        result.ofType("tls:index/privateKey:PrivateKey").forEach(k -> {
            assertEquals("RSA", k.input("algorithm"));
            assertEquals(2048L, k.input("rsaBits"));
        });
        var serverCsr = result.named("tls:index/certRequest:CertRequest", "vpn-server");
        assertEquals("vpn.tooling.internal", serverCsr.input("subject.commonName"));
        assertEquals(List.of("vpn.tooling.internal"), serverCsr.input("dnsNames"));
        var server = result.named("tls:index/locallySignedCert:LocallySignedCert", "vpn-server");
        assertEquals(List.of("digital_signature", "key_encipherment", "server_auth"), server.input("allowedUses"));
        assertEquals(8760L, server.input("validityPeriodHours"));
        assertEquals(720L, server.input("earlyRenewalHours"));
        for (String name : List.of("vpn-server", "vpn-client-chain")) {
            var acm = result.named("aws:acm/certificate:Certificate", name);
            assertTrue(acm.isSecret("privateKey"), name + " key must be secret");
            assertTrue(((String) acm.input("privateKey")).contains("PRIVATE KEY"));
            var body = Pem.certificate((String) acm.input("certificateBody"));
            assertEquals(Pem.certificate((String) acm.input("certificateChain")).getSubject(), body.getIssuer(),
                    "imported with the VPN CA as chain");
        }
        var serverBody = Pem.certificate((String) result.named("aws:acm/certificate:Certificate", "vpn-server").input("certificateBody"));
        assertTrue(serverBody.getSubject().toString().contains("CN=vpn.tooling.internal"), serverBody.getSubject().toString());
    }

    @Test
    void csrEngineersKeepTheirKeyGeneratedEngineersGetASecretOne() {
        var result = run(args());
        var alice = result.named("tls:index/locallySignedCert:LocallySignedCert", "vpn-engineer-alice");
        assertEquals(aliceCsr, alice.input("certRequestPem"), "the engineer's CSR is signed as submitted");
        assertEquals(List.of("digital_signature", "key_encipherment", "client_auth"), alice.input("allowedUses"));
        assertEquals(720L, alice.input("validityPeriodHours"), "short-lived by default");
        assertEquals(168L, alice.input("earlyRenewalHours"), "reissued by pulumi up in the last week");
        assertTrue(result.ofType("tls:index/privateKey:PrivateKey").stream().noneMatch(k -> k.name().equals("vpn-engineer-alice")),
                "no key is made for a CSR engineer");
        assertEquals("bob", result.named("tls:index/certRequest:CertRequest", "vpn-engineer-bob").input("subject.commonName"));
        result.named("tls:index/privateKey:PrivateKey", "vpn-engineer-bob");

        var configs = result.outputs().get("clientConfigs");
        assertInstanceOf(Secret.class, configs, "clientConfigs must be a secret output");
        var bob = map(configs).get("bob");
        assertTrue(bob.contains("<key>\n-----BEGIN RSA PRIVATE KEY-----"), bob);
        var aliceProfile = map(configs).get("alice");
        assertTrue(aliceProfile.contains("<key>\n# REPLACE THIS LINE with your private key"), aliceProfile);
        assertFalse(aliceProfile.contains("PRIVATE KEY-----"));
        String remote = ((String) result.outputs().get("dnsName")).substring(2);
        for (String profile : List.of(bob, aliceProfile)) {
            assertTrue(profile.contains("\nremote " + remote + " 443\n"), profile);
            for (String line : List.of("client", "dev tun", "proto udp", "remote-random-hostname", "remote-cert-tls server",
                    "verify-x509-name vpn.tooling.internal name", "data-ciphers AES-256-GCM:AES-128-GCM")) {
                assertTrue(profile.lines().anyMatch(line::equals), "missing '" + line + "' in\n" + profile);
            }
        }
        var serials = map(result.outputs().get("serials"));
        assertEquals(List.of("alice", "bob"), serials.keySet().stream().sorted().toList());
        assertTrue(serials.get("bob").matches("[0-9A-F]+"));
    }

    @Test
    void engineerNamesNeverCollideWithTheComponentsOwnResources() {
        var result = run(args().engineers(ClientVpnArgs.EngineerArgs.generated("server"), ClientVpnArgs.EngineerArgs.generated("ca"),
                ClientVpnArgs.EngineerArgs.generated("client-chain")));
        assertFalse(result.failed(), result.errors().toString());
        assertEquals(List.of("ca", "client-chain", "server"), map(result.outputs().get("clientConfigs")).keySet().stream().sorted().toList());
    }

    @Test
    void connectHandlerAllowsOnlyCurrentEngineers() {
        var result = run(args().revoked(ClientVpnArgs.RevokedEngineerArgs.of("carol", "0A1B")));
        var function = result.one("aws:lambda/function:Function");
        assertEquals("AWSClientVPN-test-dev-vpn-connect", function.input("name"));
        assertEquals("nodejs22.x", function.input("runtime"));
        assertEquals("index.handler", function.input("handler"));
        assertEquals("{\"allowed\":[\"alice\",\"bob\"],\"revoked\":[\"carol\"]}", packagedNames(function));
        assertNull(function.input("environment"), "the allow-list is packaged with the code, not in the 4 KB environment");
        var trust = JsonParser.parseString((String) result.one("aws:iam/role:Role").input("assumeRolePolicy")).getAsJsonObject();
        assertEquals("lambda.amazonaws.com", trust.getAsJsonArray("Statement").get(0).getAsJsonObject()
                .getAsJsonObject("Principal").get("Service").getAsString());
        var policy = JsonParser.parseString((String) result.one("aws:iam/rolePolicy:RolePolicy").input("policy")).getAsJsonObject();
        var statement = policy.getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertEquals("arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/AWSClientVPN-test-dev-vpn-connect:*",
                statement.get("Resource").getAsString());
    }

    @Test
    void revocationListIsSignedByTheVpnCaAndListsRevokedSerials() throws Exception {
        var result = run(args().revoked(ClientVpnArgs.RevokedEngineerArgs.of("carol", "0A:1B"),
                ClientVpnArgs.RevokedEngineerArgs.of("dave", "FF01", "ff02")));
        String pem = (String) result.outputs().get("crl");
        var crl = (org.bouncycastle.cert.X509CRLHolder) new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem)).readObject();
        var ca = Pem.certificate((String) result.named("aws:acm/certificate:Certificate", "vpn-server").input("certificateChain"));
        assertTrue(crl.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder().build(ca)));
        assertEquals(ca.getSubject(), crl.getIssuer());
        assertEquals(List.of("a1b", "ff01", "ff02"), crl.getRevokedCertificates().stream()
                .map(e -> ((org.bouncycastle.cert.X509CRLEntryHolder) e).getSerialNumber().toString(16)).sorted().toList());
        assertTrue(((String) result.outputs().get("crlCommand")).matches(
                "aws ec2 import-client-vpn-client-certificate-revocation-list --client-vpn-endpoint-id cvpn-endpoint-[0-9a-f]{17}"
                        + " --certificate-revocation-list file://crl\\.pem --region eu-west-1"));
    }

    @Test
    void renderedFilesHoldTheSampleProfileAndHandlerButNoSecret() {
        var files = run(args()).outputs().get("renderedFiles");
        assertFalse(files instanceof Secret, "renderedFiles must stay plain");
        var map = map(files);
        assertEquals(List.of("vpn/alice.sample.ovpn", "vpn/connect-handler/index.js", "vpn/crl.pem"), map.keySet().stream().sorted().toList());
        map.forEach((path, content) -> assertFalse(content.contains("PRIVATE KEY-----"), path + " holds a key"));
        assertTrue(map.get("vpn/alice.sample.ovpn").contains("# REPLACE THIS LINE with your certificate"));
        assertTrue(map.get("vpn/connect-handler/index.js").contains("names.json"));
    }

    // ---- validation: each rule, its exact message, nothing registered ------------------------------------

    @Test
    void rejectsClientCidrOverlappingTheVpcBeforeTheEndpointExists() {
        var result = run(args().clientCidr("10.42.128.0/22"));
        assertTrue(result.failed());
        String message = "ClientVpnArgs.clientCidr must be a CIDR that overlaps no VPC CIDR (it overlaps the VPC's 10.42.0.0/16), got '10.42.128.0/22'";
        assertTrue(result.errors().stream().anyMatch(e -> e.contains(message)), result.errors().toString());
        assertTrue(result.ofType("aws:ec2clientvpn/endpoint:Endpoint").isEmpty(), "no endpoint with an overlapping pool");
    }

    @Test
    void rejectsClientCidrOverlappingAnAttachedVpc() {
        assertRejected(args().attachedCidrs(List.of("10.96.0.0/12")),
                "ClientVpnArgs.clientCidr must be a CIDR that overlaps no attached VPC CIDR (it overlaps 10.96.0.0/12), got '10.100.0.0/22'");
    }

    @Test
    void rejectsClientCidrOutsideTwelveToTwentyTwo() {
        assertRejected(args().clientCidr("10.100.0.0/23"),
                "ClientVpnArgs.clientCidr must be a CIDR block between /12 and /22 (Client VPN's limits), got '10.100.0.0/23'");
    }

    @Test
    void rejectsAuthorisingTheWholeInternet() {
        assertRejected(args().authorizedCidrs(List.of("0.0.0.0/0")),
                "ClientVpnArgs.authorizedCidrs must be the Vault/NLB subnet CIDRs, never 0.0.0.0/0 (engineers reach Vault, not the internet or the whole network), got '0.0.0.0/0'");
    }

    @Test
    void rejectsAuthorisedCidrOutsideTheVpc() {
        var result = run(args().authorizedCidrs(List.of("192.168.0.0/24")));
        assertTrue(result.errors().stream().anyMatch(e -> e.contains(
                "ClientVpnArgs.authorizedCidrs must be a Vault/NLB subnet CIDR inside the VPC CIDR 10.42.0.0/16, got '192.168.0.0/24'")),
                result.errors().toString());
        assertTrue(result.ofType("aws:ec2clientvpn/authorizationRule:AuthorizationRule").stream()
                .noneMatch(r -> r.name().startsWith("vpn-vault-")), "no rule for a CIDR outside the VPC");
    }

    @Test
    void rejectsAResolverOutsideTheVpc() {
        var result = run(args().resolverAddress(Output.of("8.8.8.8")));
        assertTrue(result.errors().stream().anyMatch(e -> e.contains(
                "ClientVpnArgs.resolverAddress must be the VPC resolver, an address inside the VPC CIDR 10.42.0.0/16 (its base + 2), got '8.8.8.8'")),
                result.errors().toString());
    }

    @Test
    void rejectsTooFewSubnetsForTheAssociations() {
        var result = run(args().associationCount(2).subnetIds(Output.of(List.of("subnet-a"))));
        assertTrue(result.errors().stream().anyMatch(e -> e.contains(
                "ClientVpnArgs.subnetIds must be at least associationCount (2) subnets, one per availability zone, got [subnet-a]")),
                result.errors().toString());
    }

    @Test
    void rejectsABadCsr() {
        assertRejected(args().engineers(ClientVpnArgs.EngineerArgs.csr("alice", "-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----")),
                "ClientVpnArgs.engineers[alice].csrPem must be a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----)"
                        + " with a valid signature, e.g. from `openssl req -new -newkey rsa:2048 -nodes -keyout me.key -subj /CN=<name>`"
                        + ", got '-----BEGIN CERTIFICATE REQUEST----- not base64 -...'");
    }

    @Test
    void rejectsACsrWhoseSubjectIsSomeoneElse() {
        assertRejected(args().engineers(ClientVpnArgs.EngineerArgs.csr("mallory", aliceCsr)),
                "ClientVpnArgs.engineers[mallory].csrPem must be a CSR whose subject common name is the engineer name 'mallory'"
                        + " (use -subj /CN=mallory), got 'CN=alice'");
    }

    @Test
    void rejectsACsrWithATamperedSignature() {
        var other = RealTls.csr("alice", RealTls.rsa(2048));
        // Alice's subject and key with someone else's signature: the submitter does not hold the key.
        String forged = aliceCsr.substring(0, aliceCsr.length() - 80) + other.substring(other.length() - 80);
        var error = assertThrows(InvalidSettingException.class,
                () -> args().engineers(ClientVpnArgs.EngineerArgs.csr("alice", forged)).build());
        assertEquals("ClientVpnArgs.engineers[alice].csrPem", error.setting());
        assertTrue(error.getMessage().contains("with a valid signature"), error.getMessage());
    }

    @Test
    void rejectsDuplicateEngineers() {
        assertRejected(args().engineers(ClientVpnArgs.EngineerArgs.generated("bob"), ClientVpnArgs.EngineerArgs.generated("bob")),
                "ClientVpnArgs.engineers[].name must be unique values; this one is listed more than once, got 'bob'");
    }

    @Test
    void rejectsUnsupportedKeyTypes() {
        assertRejected(args().keyType("EC_prime256v1"),
                "ClientVpnArgs.keyType must be RSA_2048 or RSA_1024 (the key types ACM imports for Client VPN), got 'EC_prime256v1'");
        assertRejected(args().keyType("RSA_4096"),
                "ClientVpnArgs.keyType must be RSA_2048 or RSA_1024 (the key types ACM imports for Client VPN), got 'RSA_4096'");
    }

    @Test
    void rejectsCsrsForUnsupportedKeys() throws Exception {
        var generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        var ec = generator.generateKeyPair();
        var csr = io.privatevault.components.vpn.Pem.write(new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=erin"), ec.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(ec.getPrivate())));
        assertRejected(args().engineers(ClientVpnArgs.EngineerArgs.csr("erin", csr)),
                "ClientVpnArgs.engineers[erin].csrPem must be a CSR for an RSA 2048 key (the key types Client VPN accepts), got 'EC key'");
        assertRejected(args().engineers(ClientVpnArgs.EngineerArgs.csr("erin", RealTls.csr("erin", RealTls.rsa(3072)))),
                "ClientVpnArgs.engineers[erin].csrPem must be a CSR for an RSA 2048 key (the key types Client VPN accepts), got 'RSA 3072 key'");
    }

    @Test
    void rejectsARevokedNameThatIsStillAnEngineer() {
        assertRejected(args().revoked(ClientVpnArgs.RevokedEngineerArgs.of("bob")),
                "ClientVpnArgs.revoked[bob].name must be a name that is not also a current engineer (remove it from engineers to revoke it), got 'bob'");
    }

    @Test
    void rejectsOtherBadSettings() {
        assertRejected(args().sessionTimeoutHours(9),
                "ClientVpnArgs.sessionTimeoutHours must be one of 8, 10, 12 or 24 (the values Client VPN accepts), got 9");
        assertRejected(args().serverName("vpn"),
                "ClientVpnArgs.serverName must be a lower-case DNS name of two or more labels (letters, digits, '-'), e.g. tooling.internal, got 'vpn'");
        assertRejected(args().clientEarlyRenewalHours(720),
                "ClientVpnArgs.clientEarlyRenewalHours must be at least 1 and less than clientValidityHours (720), so that `pulumi up` reissues in time, got 720");
        assertRejected(args().serverValidityHours(87601),
                "ClientVpnArgs.serverValidityHours must be at most caValidityHours (87600); a certificate cannot outlive its CA, got 87601");
        assertRejected(args().clientValidityHours(9000),
                "ClientVpnArgs.clientValidityHours must be at most serverValidityHours (8760); client certificates are the short-lived ones, got 9000");
        assertRejected(args().associationCount(4), "ClientVpnArgs.associationCount must be between 1 and 3, got 4");
        assertRejected(args().logRetentionDays(10),
                "ClientVpnArgs.logRetentionDays must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, ... 3653), got 10");
        assertRejected(args().engineers(ClientVpnArgs.EngineerArgs.generated("Bob")),
                "ClientVpnArgs.engineers[0].name must be lower-case letters, digits and '-', starting with a letter and not ending with '-', at most 63 characters, got 'Bob'");
        assertRejected(args().loginBanner("x".repeat(1401)),
                "ClientVpnArgs.loginBanner must be non-empty text of at most 1400 characters (Client VPN's limit), got '" + "x".repeat(60) + "...'");
    }

    /** The allow-list file inside the connect handler's code archive, as registered. */
    @SuppressWarnings("unchecked")
    static String packagedNames(io.privatevault.components.testing.RecordedResource function) {
        var code = (java.util.Map<String, Object>) function.inputs().get("code");
        var assets = (java.util.Map<String, Object>) code.get("assets");
        return (String) ((java.util.Map<String, Object>) assets.get("names.json")).get("text");
    }
}
