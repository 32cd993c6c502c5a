package io.privatevault.plan.insights;

import com.google.gson.JsonParser;
import io.privatevault.components.testing.RecordedResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.privatevault.plan.insights.Fixtures.res;
import static io.privatevault.plan.insights.Fixtures.with;
import static io.privatevault.plan.insights.RuleAssertions.assertFires;
import static io.privatevault.plan.insights.RuleAssertions.change;
import static io.privatevault.plan.insights.RuleAssertions.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExposureRulesTest {
    @Test
    void broadOrPublicRangesInRulesAndVaultBindingsFire() {
        var corporate = change(GoodStack.CLIENT_RULE, "cidrIpv4", "10.0.0.0/8");
        assertTrue(assertFires("broad-cidr", with(GoodStack.resources(), corporate), corporate.urn()).get(0).message()
                .startsWith("admits 10.0.0.0/8, wider than /16"));
        var publicRange = change(GoodStack.CLIENT_RULE, "cidrIpv4", "128.0.0.0/1");
        assertFires("broad-cidr", with(GoodStack.resources(), publicRange), publicRange.urn());
        var inline = change(GoodStack.NODE_GROUP, "ingress", List.of(Map.of("fromPort", 8200L, "toPort", 8200L, "protocol", "tcp",
                "cidrBlocks", List.of("172.16.0.0/12"))));
        assertFires("broad-cidr", with(GoodStack.resources(), inline), inline.urn());
        var approle = res("vault:appRole/authBackendRole:AuthBackendRole", "ci").in("secretIdBoundCidrs", List.of("10.60.8.0/24"))
                .in("tokenBoundCidrs", List.of("0.0.0.0/0")).build();
        assertEquals("tokenBoundCidrs admits 0.0.0.0/0, the whole internet",
                assertFires("broad-cidr", with(GoodStack.resources(), approle), approle.urn()).get(0).message());
        var oneAddress = res("vault:aws/authBackendRole:AuthBackendRole", "ops").in("tokenBoundCidrs", List.of("10.1.2.3")).build();
        assertEquals(List.of(), run("broad-cidr", with(GoodStack.resources(), oneAddress), "dev"), "a single address is a /32");
        // The whole internet on a security group rule is no-world-ingress's finding, not this rule's.
        assertEquals(List.of(), run("broad-cidr", with(GoodStack.resources(), change(GoodStack.CLIENT_RULE, "cidrIpv4", "0.0.0.0/0")), "dev"));
    }

    private static RecordedResource networkPolicy(List<String> types, List<Object> ingress) {
        return res(ExposureRules.NETWORK_POLICY, "vault-server").in("apiVersion", "networking.k8s.io/v1").in("kind", "NetworkPolicy")
                .in("spec", Map.of("podSelector", Map.of("matchLabels", Map.of("component", "server")), "policyTypes", types, "ingress", ingress))
                .build();
    }

    private static final Map<String, Object> PEERS = Map.of("from", List.of(Map.of("podSelector", Map.of("matchLabels", Map.of("component", "server")))),
            "ports", List.of(Map.of("port", 8200L, "protocol", "TCP"), Map.of("port", 8201L, "protocol", "TCP")));

    @Test
    void aNetworkPolicyAdmittingWholeSubnetsOrWithoutEgressFires() {
        var narrow = networkPolicy(List.of("Ingress", "Egress"), List.of(Map.of("from", List.of(Map.of("ipBlock", Map.of("cidr", "10.44.48.0/27")),
                Map.of("ipBlock", Map.of("cidr", "10.44.48.32/27"))), "ports", List.of(Map.of("port", 8200L, "protocol", "TCP"))), PEERS));
        assertEquals(List.of(), run("k8s-network-policy", with(GoodStack.resources(), narrow), "prod"));
        var subnets = networkPolicy(List.of("Ingress", "Egress"), List.of(Map.of("from", List.of(Map.of("ipBlock", Map.of("cidr", "10.44.0.0/20"))),
                "ports", List.of(Map.of("port", 8200L, "protocol", "TCP"))), PEERS));
        assertEquals("ingress[0] admits 8200 from ipBlock 10.44.0.0/20, a whole workload subnet (wider than /24, the most a load balancer subnet needs)",
                assertFires("k8s-network-policy", with(GoodStack.resources(), subnets), subnets.urn()).get(0).message());
        var everyone = networkPolicy(List.of("Ingress", "Egress"), List.of(Map.of("ports", List.of(Map.of("port", 8200L)))));
        assertEquals("ingress[0] admits 8200 from every source", run("k8s-network-policy", with(GoodStack.resources(), everyone), "dev").get(0).message());
        var ingressOnly = networkPolicy(List.of("Ingress"), List.of(PEERS));
        assertEquals("no egress policy (policyTypes [Ingress]): Vault's pods may call anything",
                run("k8s-network-policy", with(GoodStack.resources(), ingressOnly), "dev").get(0).message());
        // A rule for other ports only (8201 between peers) is not about the API.
        var raftOnly = networkPolicy(List.of("Ingress", "Egress"), List.of(Map.of("from", List.of(Map.of("ipBlock", Map.of("cidr", "10.0.0.0/16"))),
                "ports", List.of(Map.of("port", 8201L)))));
        assertEquals(List.of(), run("k8s-network-policy", with(GoodStack.resources(), raftOnly), "dev"));
    }

    /**
     * With the NLB preserving client IPs the pods see attached VPCs' own addresses, so the policy admits those networks:
     * outside the cluster's VPC no pod holds one of their addresses. Inside it only a load-balancer-sized block may be admitted.
     */
    @Test
    void aClientNetworkOutsideTheClustersVpcIsNotAWorkloadSubnet() {
        var intent = new NetworkIntent("10.44.0.0/16", "vault.k8s.tooling.internal", List.of(), List.of(), "", List.of(), List.of(),
                List.of(), false);
        java.util.function.Function<String, PolicyContext> admitting = cidr -> new PolicyContext(with(GoodStack.resources(),
                networkPolicy(List.of("Ingress", "Egress"), List.of(Map.of("from", List.of(Map.of("ipBlock", Map.of("cidr", "10.44.240.0/26")),
                        Map.of("ipBlock", Map.of("cidr", cidr))), "ports", List.of(Map.of("port", 8200L, "protocol", "TCP"))), PEERS))),
                Map.of(), Map.of(), "prod", intent);
        assertEquals(List.of(), run("k8s-network-policy", admitting.apply("10.70.0.0/16")));
        var cluster = admitting.apply("10.44.0.0/20");
        assertEquals("ingress[0] admits 8200 from ipBlock 10.44.0.0/20, a whole workload subnet (wider than /24, the most a load balancer subnet needs)",
                assertFires("k8s-network-policy", cluster, cluster.ofType(ExposureRules.NETWORK_POLICY).get(0).urn()).get(0).message());
        // A company-wide block contains the cluster's VPC too.
        assertEquals(1, run("k8s-network-policy", admitting.apply("10.0.0.0/9")).size());
    }

    /** A person's key: a private key whose request names no host and whose certificate is for client authentication. */
    private static List<RecordedResource> person(String name, boolean host) {
        var vpn = res("private-vault:index:ClientVpn", "vpn").component().build();
        var key = res(ExposureRules.PRIVATE_KEY, "vpn-engineer-" + name).parent(vpn).in("algorithm", "RSA").build();
        var request = res(ExposureRules.CERT_REQUEST, "vpn-engineer-" + name).parent(vpn).in("subject", Map.of("commonName", name))
                .in("privateKeyPem", Fixtures.secret("pem")).in("dnsNames", host ? List.of(name + ".vpn.internal") : List.of()).dep(key).build();
        var cert = res(ExposureRules.SIGNED_CERT, "vpn-engineer-" + name).parent(vpn).in("allowedUses", List.of("digital_signature", "client_auth"))
                .dep(request).build();
        return List.of(vpn, key, request, cert);
    }

    @Test
    void aPersonsGeneratedKeyFiresInProdOnly() {
        var all = new ArrayList<>(GoodStack.resources());
        all.addAll(person("alice", false));
        var findings = assertFires("vpn-person-keys-prod", GoodStack.context(all, "prod"), Fixtures.urn(ExposureRules.PRIVATE_KEY, "vpn-engineer-alice"));
        assertEquals("a person's client key (alice) is generated into Pulumi state in prod", findings.get(0).message());
        assertEquals(List.of(), run("vpn-person-keys-prod", all, "dev"));
        var chain = new ArrayList<>(GoodStack.resources());
        chain.addAll(person("clients", true));
        assertEquals(List.of(), run("vpn-person-keys-prod", chain, "prod"), "a host's client certificate (the VPN's client chain) is no person's");
    }

    @Test
    void secretInputsRegisteredInPlainTextFire() {
        var plain = res("vault:database/secretBackendConnection:SecretBackendConnection", "db").in("name", "payments")
                .in("postgresql", Map.of("connectionUrl", "postgresql://{{username}}:{{password}}@db:5432/p", "password", "hunter2")).build();
        assertEquals("postgresql.password is secret in the provider schema but registered in plain text",
                assertFires("secret-input-in-plain", with(GoodStack.resources(), plain), plain.urn()).get(0).message());
        var wrapped = change(plain, "postgresql", Fixtures.secret(Map.of("password", "hunter2")));
        var inner = change(plain, "postgresql", Map.of("password", Fixtures.secret("hunter2")));
        var unknown = change(plain, "postgresql", Map.of("password", Fixtures.unknown()));
        for (var ok : List.of(wrapped, inner, unknown)) {
            assertEquals(List.of(), run("secret-input-in-plain", with(GoodStack.resources(), ok), "dev"));
        }
        var jwt = res("vault:kubernetes/authBackendConfig:AuthBackendConfig", "k8s").in("tokenReviewerJwt", "eyJhbGciOi").build();
        assertFires("secret-input-in-plain", with(GoodStack.resources(), jwt), jwt.urn());
    }

    /**
     * The secret input paths the rule checks are exactly those the provider schemas mark secret (shared/provider-schemas,
     * copied into the component tests' resources): every input, and every property of an object type an input leads to.
     */
    @Test
    void secretInputPathsAreTheProviderSchemas() throws Exception {
        Path schemas = Path.of(System.getProperty("privatevault.projectDir", ".")).resolve("components/src/test/resources/provider-schemas");
        var expected = new TreeMap<String, List<String>>();
        for (String file : List.of("vault.json", "tls.json")) {
            var schema = JsonParser.parseString(Files.readString(schemas.resolve(file))).getAsJsonObject();
            var types = schema.getAsJsonObject("types");
            var resources = new TreeMap<String, com.google.gson.JsonObject>();
            schema.getAsJsonObject("resources").entrySet().forEach(e -> resources.put(e.getKey(), e.getValue().getAsJsonObject()));
            var provider = schema.getAsJsonObject("providerResource");
            resources.put(provider.get("token").getAsString(), provider);
            resources.forEach((token, resource) -> {
                var paths = new ArrayList<String>();
                walk(resource.getAsJsonObject("inputs"), "", types, new TreeSet<>(), paths);
                if (!paths.isEmpty()) {
                    expected.put(token, paths.stream().sorted().toList());
                }
            });
        }
        var actual = new TreeMap<String, List<String>>();
        ExposureRules.secretInputPaths().forEach((k, v) -> actual.put(k, v.stream().sorted().toList()));
        assertEquals(expected, actual);
        assertTrue(actual.get("vault:database/secretBackendConnection:SecretBackendConnection").contains("postgresql.password"));
    }

    private static void walk(com.google.gson.JsonObject properties, String prefix, com.google.gson.JsonObject types, TreeSet<String> seen, List<String> out) {
        properties.entrySet().forEach(e -> {
            var property = e.getValue().getAsJsonObject();
            String path = prefix + e.getKey();
            if (property.get("secret").getAsBoolean()) {
                out.add(path);
                return;
            }
            var m = java.util.regex.Pattern.compile("(array<)?object:(.+?)>?").matcher(property.get("type").getAsString());
            if (m.matches() && !seen.contains(m.group(2)) && types.has(m.group(2))) {
                var next = new TreeSet<>(seen);
                next.add(m.group(2));
                walk(types.getAsJsonObject(m.group(2)).getAsJsonObject("properties"), path + (m.group(1) != null ? ".*." : "."), types, next, out);
            }
        });
    }
}
