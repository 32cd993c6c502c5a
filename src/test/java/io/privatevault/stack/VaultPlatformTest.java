package io.privatevault.stack;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.PlanReport;
import io.privatevault.plan.PlanRunner;
import io.privatevault.plan.insights.Severity;
import io.privatevault.plan.insights.CostEstimate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The composed platform of the shipped stacks: what the components promise holds once they are wired together. */
class VaultPlatformTest {
    static PlanReport plan(String stack, Map<String, Object> overrides) {
        return overrides.isEmpty() ? TestStacks.plan(stack) : PlanRunner.run(TestStacks.settings(stack, overrides));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shippedStacksHaveNoHighFindings(String stack) {
        var report = plan(stack, Map.of());
        assertEquals(0, report.insights().findings().count(Severity.HIGH), report.insights().findings().toText());
    }

    /**
     * Issue 15, "no private keys of people in state in prod", and no CA key either: prod's VPN and node certificates
     * come from two AWS Private CAs. The only private key in its plan is the nodes' own TLS key; dev keeps its own CAs.
     */
    @Test
    void prodHoldsNoCaKeyItsCertificatesComeFromTwoPrivateCas() {
        var prod = plan("prod", Map.of());
        assertEquals(List.of("vault-cluster-node"), prod.resources().stream().filter(r -> r.type().equals("tls:index/privateKey:PrivateKey"))
                .map(RecordedResource::name).toList());
        assertEquals(List.of(), prod.resources().stream().filter(r -> r.type().equals("tls:index/selfSignedCert:SelfSignedCert")
                || r.type().equals("tls:index/locallySignedCert:LocallySignedCert")).toList());
        var issued = prod.resources().stream().filter(r -> r.type().equals("aws:acmpca/certificate:Certificate")).toList();
        assertEquals(List.of("vault-cluster-node", "vault-vpn-engineer-alice", "vault-vpn-engineer-carol"),
                issued.stream().map(RecordedResource::name).sorted().toList());
        var cas = issued.stream().map(r -> (String) r.input("certificateAuthorityArn")).distinct().toList();
        assertEquals(2, cas.size(), "one CA for the nodes, another for the VPN: " + cas);
        var server = one(prod, "aws:acm/certificate:Certificate");
        assertNull(server.input("privateKey"), "the VPN server certificate is requested from the CA, its key stays in ACM");
        assertEquals(issued.stream().filter(r -> r.name().contains("-vpn-")).findFirst().orElseThrow().input("certificateAuthorityArn"),
                server.input("certificateAuthorityArn"));
        assertTrue(plan("dev", Map.of()).resources().stream().anyMatch(r -> r.type().equals("tls:index/selfSignedCert:SelfSignedCert")),
                "dev keeps the program's own CAs");
    }

    @Test
    void nodeCountsAndVpnAssociationsFollowTheEnvironment() {
        var dev = plan("dev", Map.of());
        var prod = plan("prod", Map.of());
        assertEquals(3L, one(dev, "aws:autoscaling/group:Group").input("desiredCapacity"));
        assertEquals(5L, one(prod, "aws:autoscaling/group:Group").input("desiredCapacity"));
        assertEquals(1, dev.resources().stream().filter(r -> r.type().equals("aws:ec2clientvpn/networkAssociation:NetworkAssociation")).count());
        assertEquals(2, prod.resources().stream().filter(r -> r.type().equals("aws:ec2clientvpn/networkAssociation:NetworkAssociation")).count());
        assertEquals(true, one(prod, "aws:lb/loadBalancer:LoadBalancer").input("enableDeletionProtection"));
        assertEquals(true, one(prod, "aws:lb/loadBalancer:LoadBalancer").input("internal"));
    }

    /**
     * "To use a private hosted zone, ... you must associate it with a VPC" and DNS queries from a VPC resolve only
     * zones associated with it (Route 53, "Working with private hosted zones"): every attached application VPC is
     * associated, whether peered or behind the transit gateway, and the node certificate names what clients dial.
     */
    @Test
    void attachedVpcsResolveVaultAndTheCertificateCoversTheirNames() {
        var dev = plan("dev", Map.of());
        assertEquals(java.util.List.of("vpc-0a1b2c3d4e5f60001"), zoneVpcs(dev));
        var prod = plan("prod", Map.of());
        assertEquals(java.util.List.of("vpc-0a1b2c3d4e5f60004", "vpc-0a1b2c3d4e5f60002", "vpc-0a1b2c3d4e5f60003"), zoneVpcs(prod));
        // Another account's attached VPC: this stack authorises it, that account associates.
        var shared = plan("dev", Map.of("attachedVpcs", java.util.List.of(Map.of("name", "apps", "cidr", "10.60.0.0/16",
                "vpcId", "vpc-0a1b2c3d4e5f60009", "peerAccountId", "210987654321"))));
        assertEquals(java.util.List.of(), zoneVpcs(shared));
        assertEquals("vpc-0a1b2c3d4e5f60009", one(shared, "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization").input("vpcId"));

        assertEquals(java.util.List.of("vault.tooling.internal", "localhost"), nodeCertificateNames(dev));
        var named = plan("dev", Map.of("vaultAdditionalDnsNames", java.util.List.of("vault.corp.example.com")));
        assertEquals(java.util.List.of("vault.tooling.internal", "vault.corp.example.com", "localhost"), nodeCertificateNames(named));
    }

    /** dev-config's Kubernetes logins and database engine need the apps cluster's API and PostgreSQL: dev declares both. */
    @Test
    void devNodesReachTheIntegrationsDevConfigUses() {
        var ports = plan("dev", Map.of()).resources().stream()
                .filter(r -> r.type().equals("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") && "10.60.0.0/16".equals(r.input("cidrIpv4")))
                .map(r -> ((Number) r.input("fromPort")).intValue()).sorted().toList();
        assertEquals(java.util.List.of(443, 5432), ports);
    }

    private static Object nodeCertificateNames(PlanReport report) {
        return report.resources().stream().filter(r -> r.type().equals("tls:index/certRequest:CertRequest")
                        && r.input("dnsNames") instanceof java.util.List<?> names && names.contains("localhost"))
                .findFirst().orElseThrow().input("dnsNames");
    }

    private static java.util.List<Object> zoneVpcs(PlanReport report) {
        return report.resources().stream().filter(r -> r.type().equals("aws:route53/zoneAssociation:ZoneAssociation"))
                .map(r -> r.input("vpcId")).toList();
    }

    @Test
    void theSealKeyPolicyNamesTheRoleTheClusterCreates() {
        var dev = plan("dev", Map.of());
        var role = dev.resources().stream().filter(r -> r.type().equals("aws:iam/role:Role") && "private-vault-dev-vault-node".equals(r.input("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no node role named private-vault-dev-vault-node"));
        String policy = (String) dev.resources().stream().filter(r -> r.name().equals("vault-kms-seal") && r.type().equals("aws:kms/key:Key"))
                .findFirst().orElseThrow().input("policy");
        assertTrue(policy.contains(":role/" + role.input("name")), policy);
    }

    @Test
    void renderedFilesCoverNodesTheBootstrapsPoliciesAndVpn() {
        var rendered = plan("dev", Map.of()).renderedFiles();
        var files = rendered.keySet();
        assertTrue(files.contains("node/vault.hcl"), files.toString());
        assertTrue(files.containsAll(java.util.List.of("node/policies/provisioner.hcl", "node/policies/raft-snapshot.hcl")), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.endsWith(".ovpn")), files.toString());
        files.forEach(f -> assertFalse(rendered.get(f).contains("PRIVATE KEY-----\nMI"), f + " holds a private key"));
    }

    /** prod's monthly estimate before the lean profile existed: the profile must never make prod dearer. */
    static final double PROD_MONTHLY_USD_BEFORE_LEAN_PROFILE = 957.05;

    /**
     * dev runs the lean profile (docs/plan-insights.md): interface endpoints in one zone while the nodes keep three,
     * Graviton nodes installing the linux_arm64 release checked against its own digest, small volumes, one VPN
     * association; prod keeps an interface in every zone. "When you create an interface endpoint, you can enable it
     * in one subnet per Availability Zone" (AWS PrivateLink guide, "Access an AWS service using an interface VPC
     * endpoint"), and each enabled zone is billed per hour (AWS PrivateLink pricing).
     */
    @Test
    void devRunsTheLeanProfileAndProdKeepsEveryZone() {
        var dev = plan("dev", Map.of());
        var devSubnets = dev.resources().stream().filter(r -> r.type().equals("aws:ec2/subnet:Subnet"))
                .filter(r -> "eu-west-1a".equals(r.input("availabilityZone"))).toList();
        assertEquals(1, devSubnets.size());
        var interfaces = interfaceEndpoints(dev);
        assertEquals(9, interfaces.size());
        for (var endpoint : interfaces) {
            assertEquals(1, ((java.util.List<?>) endpoint.input("subnetIds")).size(), endpoint.name());
            assertTrue(endpoint.dependencies().contains(devSubnets.get(0).urn()), endpoint.name() + " sits in eu-west-1a's subnet");
        }
        assertEquals(3, ((java.util.List<?>) one(dev, "aws:autoscaling/group:Group").input("vpcZoneIdentifiers")).size(),
                "the nodes keep their three zones");
        assertEquals(1, dev.resources().stream().filter(r -> r.type().equals("aws:ec2clientvpn/networkAssociation:NetworkAssociation")).count());

        var lt = one(dev, "aws:ec2/launchTemplate:LaunchTemplate");
        assertEquals("t4g.small", lt.input("instanceType"));
        assertEquals("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64", lt.input("imageId"));
        assertEquals(20L, lt.input("blockDeviceMappings.1.ebs.volumeSize"), "data volume");
        assertEquals(20L, lt.input("blockDeviceMappings.2.ebs.volumeSize"), "audit volume");
        String env = dev.renderedFiles().values().stream().filter(text -> text.contains("VAULT_ARCH=")).findFirst().orElseThrow();
        assertTrue(env.contains("VAULT_ARCH=arm64"), env);
        assertTrue(env.contains("VAULT_SHA256=" + TestStacks.project().settings().get("vaultSha256Arm64").defaultValue()), env);

        var prod = plan("prod", Map.of());
        interfaceEndpoints(prod).forEach(e -> assertEquals(3, ((java.util.List<?>) e.input("subnetIds")).size(), e.name()));
        assertEquals("m6i.large", one(prod, "aws:ec2/launchTemplate:LaunchTemplate").input("instanceType"));
    }

    /** The budget for a private dev stack with its VPN, as the plan itself estimates it; prod never dearer. */
    @Test
    void devCostsAtMost250AMonthInThePlanAndProdNoMoreThanBefore() {
        var dev = plan("dev", Map.of()).insights().cost();
        assertTrue(dev.totalMonthlyUsd() <= 250.0, dev.toText());
        assertTrue(dev.lines().stream().anyMatch(l -> l.type().equals("aws:ec2clientvpn/networkAssociation:NetworkAssociation")),
                "the estimate includes the VPN");
        assertTrue(dev.lines().stream().anyMatch(l -> l.basis().contains("t4g.small") && l.basis().contains("$0.0184")), dev.toText());
        assertTrue(dev.lines().stream().anyMatch(l -> l.basis().contains("x 1 AZ x")), dev.toText());
        assertTrue(dev.assumptions().stream().noneMatch(a -> a.startsWith("WARNING")), "every resource priced: " + dev.assumptions());
        var prod = plan("prod", Map.of()).insights().cost();
        // Prod's certificates from AWS Private CA came later, with their own price: not a lean-profile matter.
        double privateCa = prod.lines().stream().filter(l -> l.basis().startsWith("1 private CA certificate"))
                .mapToDouble(CostEstimate.Line::monthlyUsd).sum();
        assertTrue(privateCa > 0, prod.toText());
        assertTrue(prod.totalMonthlyUsd() - privateCa <= PROD_MONTHLY_USD_BEFORE_LEAN_PROFILE + 0.005, prod.toText());
    }

    /**
     * Session Manager's endpoints (ssm, ssmmessages, ec2messages: "To use Session Manager without internet access,
     * create the interface VPC endpoints for ssm, ssmmessages and ec2messages", AWS Systems Manager user guide) exist
     * only where sessions are on: dev turns them on, prod leaves them off and pays for none of the three.
     */
    @Test
    void sessionManagerEndpointsExistOnlyWithSessions() {
        var sessionServices = java.util.List.of("ssm", "ssmmessages", "ec2messages");
        java.util.function.Function<PlanReport, java.util.List<String>> services = report -> interfaceEndpoints(report).stream()
                .map(e -> ((String) e.input("serviceName")).replace("com.amazonaws.eu-west-1.", "")).toList();
        assertTrue(services.apply(plan("dev", Map.of())).containsAll(sessionServices));
        var prod = services.apply(plan("prod", Map.of()));
        assertTrue(prod.stream().noneMatch(sessionServices::contains), prod.toString());
        assertEquals(java.util.Set.of("kms", "secretsmanager", "ec2", "sts", "logs", "monitoring"), java.util.Set.copyOf(prod));
    }

    /**
     * Break glass on Vault 2.x: "Authenticating to the affected endpoints [sys/rekey, sys/generate-root, ...] now requires
     * seal/recovery key fragments and a valid Vault token" unless enable_unauthenticated_access lists them (Vault docs,
     * "Important changes", 2.0.0). The setting renders it on both platforms, and the plan reports it while it is on.
     */
    @Test
    void breakGlassLetsGenerateRootStartWithoutATokenOnBothPlatformsAndThePlanSaysSo() {
        for (String stack : java.util.List.of("prod", "k8s")) {
            var off = plan(stack, Map.of());
            String file = stack.equals("prod") ? "cluster/node/vault.hcl" : "cluster/k8s/vault.hcl";
            assertFalse(off.renderedFiles().entrySet().stream().anyMatch(e -> e.getKey().endsWith("vault.hcl")
                    && e.getValue().contains("enable_unauthenticated_access")), stack);
            var on = plan(stack, Map.of("breakGlassGenerateRoot", true));
            var hcl = on.renderedFiles().entrySet().stream().filter(e -> e.getKey().endsWith("vault.hcl")).map(Map.Entry::getValue).toList();
            assertFalse(hcl.isEmpty(), stack + ": " + on.renderedFiles().keySet());
            hcl.forEach(text -> assertTrue(text.contains("enable_unauthenticated_access = [\"generate-root\"]"), stack + ":\n" + text));
            assertTrue(on.insights().findings().findings().stream().anyMatch(f -> f.rule().equals("break-glass-left-open")),
                    stack + ": " + on.insights().findings().toText());
        }
    }

    private static java.util.List<RecordedResource> interfaceEndpoints(PlanReport report) {
        return report.resources().stream().filter(r -> r.type().equals("aws:ec2/vpcEndpoint:VpcEndpoint")
                && "Interface".equals(r.input("vpcEndpointType"))).toList();
    }

    /** The configuration stack learns from these outputs where Vault is, how to log in and which audit devices exist. */
    @Test
    void thePlatformExportsWhatItsConfigurationStackReads() {
        var dev = plan("dev", Map.of()).outputs();
        assertEquals("https://vault.tooling.internal:8200", dev.get(PlatformStackOutputs.VAULT_URL));
        assertTrue(String.valueOf(dev.get(PlatformStackOutputs.VAULT_CA_CERT_PEM)).startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals("eu-west-1", dev.get(PlatformStackOutputs.REGION));
        assertEquals("arn:aws:iam::123456789012:role/vault-provisioner-dev", dev.get(PlatformStackOutputs.PROVISIONER_ROLE_ARN));
        assertEquals("aws-provisioner", dev.get(PlatformStackOutputs.PROVISIONER_AUTH_MOUNT));
        assertEquals("provisioner", dev.get(PlatformStackOutputs.PROVISIONER_AUTH_ROLE));
        assertEquals("/var/log/vault/audit.log", dev.get(PlatformStackOutputs.AUDIT_LOG_PATH));
        assertEquals("syslog", dev.get(PlatformStackOutputs.AUDIT_SECOND_DEVICE));
        var k8s = plan("k8s", Map.of()).outputs();
        assertEquals("/vault/audit/vault_audit.log", k8s.get(PlatformStackOutputs.AUDIT_LOG_PATH));
        assertEquals("stdout", k8s.get(PlatformStackOutputs.AUDIT_SECOND_DEVICE));
    }

    private static RecordedResource one(PlanReport report, String type) {
        var found = report.resources().stream().filter(r -> r.type().equals(type)).toList();
        assertEquals(1, found.size(), type);
        return found.get(0);
    }
}
