package io.privatevault.components;

import io.privatevault.components.testing.UsesTools;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.core.Output;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.ExternalTools;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.testing.Secret;
import io.privatevault.components.vaultconfig.AclEvaluator;
import io.privatevault.components.vaultconfig.Personas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class VaultBaselineTest {
    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2E=\n-----END CERTIFICATE-----\n";
    static final String KUBECONFIG = "apiVersion: v1\nkind: Config\nusers: [{name: admin, user: {token: kubeconfig-token-7f3a}}]\n";
    static final String DB_PASSWORD = "db-admin-password-91c2";
    static final String REVIEWER_JWT = "eyJhbGciOiJSUzI1NiJ9.reviewer-jwt-55d1";
    static final String OIDC_SECRET = "oidc-client-secret-3c9a";
    static final String VAULT = "vault:";

    @TempDir
    static Path tmp;
    static MockRun.Result base;

    static AwsMocks mocks() {
        return new AwsMocks("eu-west-1", "111122223333")
                .shape("kubernetes:core/v1:Secret", (a, ids) -> Map.of("data",
                        Map.of("token", Base64.getEncoder().encodeToString(REVIEWER_JWT.getBytes(StandardCharsets.UTF_8)))));
    }

    static VaultTenantArgs payments() {
        return VaultTenantArgs.builder().name("payments").authType("kubernetes").kubernetesCluster("apps")
                .serviceAccountNames(List.of("payments-api")).namespaces(List.of("payments"))
                .postgres(VaultPostgresArgs.builder().host("payments.abc123.eu-west-1.rds.amazonaws.com").database("payments")
                        .username("vault_admin").password(Output.ofSecret(DB_PASSWORD)).build())
                .transitKey(true)
                .awsSecretRoles(List.of(VaultAwsSecretRoleArgs.builder().name("uploads").credentialType("assumed_role")
                        .roleArns(List.of("arn:aws:iam::111122223333:role/payments-uploads")).build()))
                .build();
    }

    static VaultTenantArgs ci() {
        return VaultTenantArgs.builder().name("ci").authType("approle").secretIdBoundCidrs(List.of("10.20.0.0/24")).build();
    }

    static VaultTenantArgs batch() {
        return VaultTenantArgs.builder().name("batch").authType("aws").kvPrefix("batch-jobs")
                .boundIamPrincipalArns(List.of("arn:aws:iam::111122223333:role/batch-worker")).build();
    }

    static VaultKubernetesClusterArgs apps() {
        return VaultKubernetesClusterArgs.builder().name("apps").kubeconfig(Output.ofSecret(KUBECONFIG))
                .apiHost("https://ABCD.gr7.eu-west-1.eks.amazonaws.com").caCertPem(Output.of(CA)).build();
    }

    static VaultBaselineArgs.Builder args() {
        return VaultBaselineArgs.builder()
                .address(Output.of("https://vault.tooling.internal:8200"))
                .caCertPem(Output.of(CA))
                .caCertFile(tmp.resolve("ca/vault-ca.pem").toString())
                .kubernetesClusters(List.of(apps()))
                .tenants(List.of(payments(), ci(), batch()));
    }

    static MockRun.Result run(VaultBaselineArgs.Builder args) {
        var result = MockRun.of("test", "dev", mocks()).run(ctx -> {
            var baseline = new VaultBaseline("config", args.build(), null);
            ctx.export("renderedFiles", baseline.renderedFiles);
            ctx.export("tenantLogins", baseline.tenantLogins);
            ctx.export("authMountPaths", baseline.authMountPaths);
            ctx.export("secretMountPaths", baseline.secretMountPaths);
        });
        assertFalse(result.failed(), result.errors().toString());
        return result;
    }

    @BeforeAll
    static void runOnce() {
        base = run(args());
    }

    private static List<RecordedResource> vaultResources(MockRun.Result result) {
        return result.resources().stream().filter(r -> r.type().startsWith(VAULT)).toList();
    }

    @Test
    void providerLogsInWithAwsIamAtTheBootstrapsLoginAndReadsTheCaFromAFileWrittenFirst() throws Exception {
        var provider = base.one("pulumi:providers:vault");
        assertEquals("7.11.0", provider.version());
        assertEquals("https://vault.tooling.internal:8200", provider.input("address"));
        String caFile = tmp.resolve("ca/vault-ca.pem").toString();
        assertEquals(caFile, provider.input("caCertFile"));
        assertEquals(CA, Files.readString(Path.of(caFile)), "the CA file exists once the provider input resolved");
        assertNull(provider.input("token"), "no token: the provider logs in with AWS IAM from the first run on");
        JsonObject login = JsonParser.parseString((String) provider.input("authLoginAws")).getAsJsonObject();
        assertEquals("provisioner", login.get("role").getAsString());
        assertEquals("aws-provisioner", login.get("mount").getAsString(), "the mount VaultRaftCluster's bootstrap creates");
        assertEquals("eu-west-1", login.get("awsRegion").getAsString());
        assertEquals("https://sts.eu-west-1.amazonaws.com", login.get("awsStsEndpoint").getAsString());
        assertEquals("vault.tooling.internal", login.get("headerValue").getAsString());
        // Provider config travels as JSON text; numbers as JSON numbers.
        assertEquals(1200.0, Double.parseDouble((String) provider.input("maxLeaseTtlSeconds")));
        // The cluster's outputs name the login; the baseline takes whatever they say.
        var elsewhere = run(args().provisionerAuthMount(Output.of("aws-ci")).provisionerAuthRole(Output.of("ci-provisioner")))
                .one("pulumi:providers:vault");
        JsonObject other = JsonParser.parseString((String) elsewhere.input("authLoginAws")).getAsJsonObject();
        assertEquals("aws-ci", other.get("mount").getAsString());
        assertEquals("ci-provisioner", other.get("role").getAsString());
    }

    /**
     * By default the CA file's path is relative: the engine runs the program and the provider plugins in the project
     * directory (pulumi/pulumi: getPwdMain returns the project root as pwd; NewProvider starts the plugin with
     * {@code cmd.Dir = ctx.Pwd}), so the same relative path names the same file for both, on every machine.
     */
    @Test
    void theDefaultCaFileIsRelativeToTheProjectDirectory() throws Exception {
        var provider = run(args().caCertFile(null)).one("pulumi:providers:vault");
        assertEquals(".private-vault/config-ca.pem", provider.input("caCertFile"));
        assertEquals(CA, Files.readString(Path.of(".private-vault/config-ca.pem")), "written relative to the working directory");
        assertError("VaultBaselineArgs.caCertFile must be a file path ending in .pem", () -> args().caCertFile("../outside.pem").build());
        assertError("VaultBaselineArgs.caCertFile must be a file path ending in .pem", () -> args().caCertFile("ca.crt").build());
    }

    @Test
    void everyVaultResourceUsesTheExplicitProviderAndThePinnedPlugin() {
        var provider = base.one("pulumi:providers:vault");
        var component = base.one("private-vault:index:VaultBaseline");
        var resources = vaultResources(base);
        assertTrue(resources.size() > 25, "resources: " + resources.size());
        for (var r : resources) {
            assertTrue(r.provider().startsWith(provider.urn() + "::"), r.urn() + " provider " + r.provider());
            assertEquals("7.11.0", r.version(), r.urn());
            assertEquals(component.urn(), r.parentUrn(), r.urn());
        }
    }

    @Test
    void twoAuditDevicesOnTheClustersPathsAndAuditedRequestHeaders() {
        var file = base.named("vault:index/audit:Audit", "config-audit-file");
        assertEquals("file", file.input("type"));
        assertEquals(Map.of("file_path", "/var/log/vault/audit.log", "format", "json", "mode", "0600"), file.input("options"));
        var syslog = base.named("vault:index/audit:Audit", "config-audit-second");
        assertEquals("syslog", syslog.input("type"));
        assertEquals("syslog", syslog.input("path"));
        assertEquals("vault-audit", syslog.input("options.tag"));
        assertEquals(2, base.ofType("vault:index/audit:Audit").size());
        var headers = new TreeSet<>();
        base.ofType("vault:index/auditRequestHeader:AuditRequestHeader").forEach(h -> {
            headers.add(h.input("name"));
            assertEquals(false, h.input("hmac"));
        });
        assertEquals(new TreeSet<>(List.of("User-Agent", "X-Forwarded-For", "X-Request-Id")), headers);
    }

    /**
     * On Kubernetes (VaultRaftCluster's outputs there): the file device on the audit volume the chart mounts at
     * /vault/audit (the chart's example: "vault audit enable file file_path=/vault/audit/vault_audit.log"), and a second
     * file device on standard output ("Enable logs on stdout. This is useful when running in a container", Vault docs,
     * File audit device): the container has no /dev/log for syslog and a read-only root filesystem.
     */
    @Test
    void onKubernetesTheSecondDeviceIsStandardOutput() {
        var k8s = run(args().auditLogPath(Output.of("/vault/audit/vault_audit.log")).auditSecondDevice(Output.of("stdout")));
        assertEquals("/vault/audit/vault_audit.log", k8s.named("vault:index/audit:Audit", "config-audit-file").input("options.file_path"));
        var second = k8s.named("vault:index/audit:Audit", "config-audit-second");
        assertEquals("file", second.input("type"));
        assertEquals("stdout", second.input("path"));
        assertEquals(Map.of("file_path", "stdout", "format", "json"), second.input("options"));
        var wrong = MockRun.of("test", "dev", mocks()).run(ctx -> new VaultBaseline("config",
                args().auditSecondDevice(Output.of("socket")).build(), null));
        assertTrue(wrong.failed());
        assertTrue(String.join("\n", wrong.errors()).contains("VaultBaselineArgs.auditSecondDevice must be syslog or stdout, got 'socket'"),
                wrong.errors().toString());
    }

    /**
     * Autopilot, the nodes' snapshot login and the provisioner login are created once, by the node bootstrap, before
     * any configuration run: a second writer here would fight it over the same settings, a second login would be a
     * second way in, and a configuration run that could change its own login could lock itself out.
     */
    @Test
    void autopilotAndBothLoginsAreLeftToTheNodeBootstrap() {
        assertEquals(List.of(), base.ofType("vault:index/raftAutopilot:RaftAutopilot"));
        var policyNames = base.ofType("vault:index/policy:Policy").stream().map(p -> p.input("name")).toList();
        assertFalse(policyNames.contains("snapshot") || policyNames.contains("raft-snapshot") || policyNames.contains("provisioner"),
                policyNames.toString());
        base.ofType("vault:aws/authBackendRole:AuthBackendRole").forEach(r -> assertFalse(
                r.input("role").toString().contains("snapshot") || r.input("role").toString().contains("provisioner"),
                r.name() + " is a second bootstrap login"));
        assertFalse(base.outputs().get("authMountPaths").toString().contains("aws-nodes"), "the nodes' mount is not the baseline's");
        assertFalse(base.outputs().get("authMountPaths").toString().contains("aws-provisioner"), "the provisioner's mount is not the baseline's");
    }

    @Test
    void policiesAreRegisteredExactlyAsRendered() {
        @SuppressWarnings("unchecked")
        var files = (Map<String, String>) base.outputs().get("renderedFiles");
        assertEquals(Set.of("vault/policies/admin.hcl", "vault/policies/payments.hcl", "vault/policies/ci.hcl",
                "vault/policies/batch.hcl"), files.keySet());
        for (var policy : base.ofType("vault:index/policy:Policy")) {
            assertEquals(files.get("vault/policies/" + policy.input("name") + ".hcl"), policy.input("policy"));
        }
        assertEquals(4, base.ofType("vault:index/policy:Policy").size());
    }

    /** Parsed with HashiCorp's HCL parser: each tenant reaches exactly its own paths, personas stay in their lanes. */
    @Test
    @UsesTools
    void renderedPoliciesParseAndGrantNothingOutsideTheirPaths() throws Exception {
        @SuppressWarnings("unchecked")
        var files = (Map<String, String>) base.outputs().get("renderedFiles");
        Path dir = Files.createDirectories(tmp.resolve("policies"));
        List<Path> paths = new ArrayList<>();
        for (var e : files.entrySet()) {
            Path f = dir.resolve(e.getKey().substring("vault/policies/".length()));
            Files.writeString(f, e.getValue());
            paths.add(f);
        }
        JsonObject parsed = JsonParser.parseString(ExternalTools.hclToJson(paths.toArray(Path[]::new))).getAsJsonObject();
        Map<String, Map<String, Set<String>>> policies = new TreeMap<>();
        for (Path f : paths) {
            var rules = new TreeMap<String, Set<String>>();
            var blocks = parsed.getAsJsonObject(f.toAbsolutePath().toString()).getAsJsonObject("path");
            for (var b : blocks.entrySet()) {
                assertEquals(1, b.getValue().getAsJsonArray().size(), "one block per path: " + b.getKey());
                var caps = new TreeSet<String>();
                b.getValue().getAsJsonArray().get(0).getAsJsonObject().getAsJsonArray("capabilities").forEach(c -> caps.add(c.getAsString()));
                rules.put(b.getKey(), caps);
            }
            policies.put(f.getFileName().toString().replace(".hcl", ""), rules);
        }

        assertEquals(Map.of(
                "secret/data/payments/*", Set.of("create", "read", "update", "patch", "delete"),
                "secret/metadata/payments/*", Set.of("read", "list"),
                "secret/delete/payments/*", Set.of("update"),
                "secret/undelete/payments/*", Set.of("update"),
                "database/creds/payments", Set.of("read"),
                "transit/encrypt/payments", Set.of("update"),
                "transit/decrypt/payments", Set.of("update"),
                "transit/rewrap/payments", Set.of("update"),
                "aws/creds/payments-uploads", Set.of("read", "update"),
                "aws/sts/payments-uploads", Set.of("read", "update")), policies.get("payments"));
        assertEquals(Set.of("secret/data/batch-jobs/*", "secret/metadata/batch-jobs/*", "secret/delete/batch-jobs/*",
                "secret/undelete/batch-jobs/*"), policies.get("batch").keySet(), "batch has only KV under its own kvPrefix");
        assertEquals(Set.of("secret/data/ci/*", "secret/metadata/ci/*", "secret/delete/ci/*", "secret/undelete/ci/*"),
                policies.get("ci").keySet());
        // Cross-check: no tenant path falls under another tenant's KV folder.
        for (String tenant : List.of("payments", "ci", "batch")) {
            for (String path : policies.get(tenant).keySet()) {
                for (String other : List.of("payments/", "ci/", "batch-jobs/", "-uploads")) {
                    if (!path.contains(tenant)) {
                        assertFalse(path.contains(other), tenant + " reaches " + path);
                    }
                }
                assertFalse(policies.get(tenant).get(path).contains("sudo"), tenant + " has sudo on " + path);
            }
        }

        var admin = policies.get("admin");
        assertEquals(Set.of("deny"), admin.get("sys/raw/*"));
        assertFalse(admin.keySet().stream().anyMatch(p -> p.startsWith("secret/data")), "admins do not read tenant data");
        assertFalse(admin.containsKey("sys/audit/*"), "audit devices change only through Pulumi");
    }

    @Test
    void awsAuthBindsPersonasToIamRolesWithoutAccessKeys() {
        var backend = base.named("vault:index/authBackend:AuthBackend", "config-auth-aws");
        assertEquals("aws", backend.input("type"));
        var client = base.one("vault:aws/authBackendClient:AuthBackendClient");
        assertEquals("vault.tooling.internal", client.input("iamServerIdHeaderValue"));
        assertEquals("https://sts.eu-west-1.amazonaws.com", client.input("stsEndpoint"));
        assertNull(client.input("accessKey"));
        assertNull(client.input("secretKey"));
        var roles = new HashMap<String, RecordedResource>();
        base.ofType("vault:aws/authBackendRole:AuthBackendRole").forEach(r -> roles.put((String) r.input("role"), r));
        assertEquals(Set.of("batch"), roles.keySet(), "the provisioner's role is the bootstrap's, on its own mount");
        assertEquals(List.of("arn:aws:iam::111122223333:role/batch-worker"), roles.get("batch").input("boundIamPrincipalArns"));
        roles.values().forEach(r -> assertEquals("iam", r.input("authType")));
        var withAdmins = run(args().adminRoleArns(Output.of(List.of("arn:aws:iam::111122223333:role/ops"))));
        assertEquals(List.of("admin"), withAdmins.named("vault:aws/authBackendRole:AuthBackendRole", "config-aws-role-admin").input("tokenPolicies"));
    }

    @Test
    void appRoleSecretIdsAreCidrBoundAndShortLived() {
        var role = base.one("vault:appRole/authBackendRole:AuthBackendRole");
        assertEquals("ci", role.input("roleName"));
        assertEquals(List.of("10.20.0.0/24"), role.input("secretIdBoundCidrs"));
        assertEquals(List.of("10.20.0.0/24"), role.input("tokenBoundCidrs"));
        assertEquals(600.0, ((Number) role.input("secretIdTtl")).doubleValue());
        assertEquals(1.0, ((Number) role.input("secretIdNumUses")).doubleValue());
        assertEquals(900.0, ((Number) role.input("tokenTtl")).doubleValue());
        assertEquals(3600.0, ((Number) role.input("tokenMaxTtl")).doubleValue());
        assertEquals(List.of("ci"), role.input("tokenPolicies"));
        assertEquals("approle", base.named("vault:index/authBackend:AuthBackend", "config-auth-approle").input("type"));
    }

    @Test
    void kubernetesAuthUsesATokenReviewerCreatedInTheAppCluster() {
        var k8s = base.one("pulumi:providers:kubernetes");
        assertTrue(k8s.isSecret("kubeconfig"));
        assertEquals("vault-auth", base.one("kubernetes:core/v1:Namespace").input("metadata.name"));
        var sa = base.one("kubernetes:core/v1:ServiceAccount");
        assertEquals("vault-token-reviewer", sa.input("metadata.name"));
        assertEquals(false, sa.input("automountServiceAccountToken"));
        var binding = base.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
        assertEquals("system:auth-delegator", binding.input("roleRef.name"));
        assertEquals("ClusterRole", binding.input("roleRef.kind"));
        assertEquals("vault-token-reviewer", binding.input("subjects.0.name"));
        assertEquals("vault-auth", binding.input("subjects.0.namespace"));
        var token = base.one("kubernetes:core/v1:Secret");
        assertEquals("kubernetes.io/service-account-token", token.input("type"));
        assertEquals("vault-token-reviewer", token.input("metadata.annotations.kubernetes\\.io/service-account\\.name") != null
                ? token.input("metadata.annotations.kubernetes\\.io/service-account\\.name")
                : ((Map<?, ?>) token.input("metadata.annotations")).get("kubernetes.io/service-account.name"));
        for (var r : List.of(sa, binding, token, base.one("kubernetes:core/v1:Namespace"))) {
            assertTrue(r.provider().startsWith(k8s.urn() + "::"), r.urn());
        }

        var backend = base.named("vault:index/authBackend:AuthBackend", "config-k8s-apps");
        assertEquals("kubernetes", backend.input("type"));
        assertEquals("kubernetes-apps", backend.input("path"));
        var config = base.one("vault:kubernetes/authBackendConfig:AuthBackendConfig");
        assertEquals("https://ABCD.gr7.eu-west-1.eks.amazonaws.com", config.input("kubernetesHost"));
        assertEquals(CA, config.input("kubernetesCaCert"));
        assertTrue(config.isSecret("tokenReviewerJwt"));
        assertEquals(REVIEWER_JWT, config.input("tokenReviewerJwt"));
        assertEquals(true, config.input("disableLocalCaJwt"));
        var role = base.one("vault:kubernetes/authBackendRole:AuthBackendRole");
        assertEquals("kubernetes-apps", role.input("backend"));
        assertEquals("payments", role.input("roleName"));
        assertEquals(List.of("payments-api"), role.input("boundServiceAccountNames"));
        assertEquals(List.of("payments"), role.input("boundServiceAccountNamespaces"));
        assertEquals(List.of("payments"), role.input("tokenPolicies"));
        assertEquals(900.0, ((Number) role.input("tokenTtl")).doubleValue());
        assertEquals(Map.of("payments", "auth/kubernetes-apps/login role=payments", "ci", "auth/approle/login role=ci",
                "batch", "auth/aws/login role=batch"), base.outputs().get("tenantLogins"));
    }

    @Test
    void secretEnginesKvDatabaseAwsAndTransit() {
        var kv = base.named("vault:index/mount:Mount", "config-kv");
        assertEquals("secret", kv.input("path"));
        assertEquals("kv", kv.input("type"));
        assertEquals(Map.of("version", "2"), kv.input("options"));
        assertEquals(10.0, ((Number) base.one("vault:kv/secretBackendV2:SecretBackendV2").input("maxVersions")).doubleValue());

        var connection = base.one("vault:database/secretBackendConnection:SecretBackendConnection");
        assertEquals("payments", connection.input("name"));
        assertEquals("postgresql-database-plugin", connection.input("pluginName"));
        assertEquals(List.of("payments"), connection.input("allowedRoles"));
        assertEquals("postgresql://{{username}}:{{password}}@payments.abc123.eu-west-1.rds.amazonaws.com:5432/payments?sslmode=verify-full",
                connection.input("postgresql.connectionUrl"));
        assertEquals("vault_admin", connection.input("postgresql.username"));
        assertEquals(DB_PASSWORD, connection.input("postgresql.password"));
        var role = base.one("vault:database/secretBackendRole:SecretBackendRole");
        assertEquals("payments", role.input("dbName"));
        @SuppressWarnings("unchecked")
        var creation = (List<String>) role.input("creationStatements");
        assertEquals("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';", creation.get(0));
        assertTrue(creation.get(1).startsWith("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{{name}}\""));
        @SuppressWarnings("unchecked")
        var revocation = (List<String>) role.input("revocationStatements");
        assertEquals("DROP ROLE IF EXISTS \"{{name}}\";", revocation.get(revocation.size() - 1));
        assertEquals(3600.0, ((Number) role.input("defaultTtl")).doubleValue());
        assertEquals(86400.0, ((Number) role.input("maxTtl")).doubleValue());

        var aws = base.one("vault:aws/secretBackend:SecretBackend");
        assertEquals("eu-west-1", aws.input("region"));
        assertNull(aws.input("accessKey"), "the engine signs with the nodes' instance profile");
        assertNull(aws.input("secretKey"));
        var awsRole = base.one("vault:aws/secretBackendRole:SecretBackendRole");
        assertEquals("payments-uploads", awsRole.input("name"));
        assertEquals("assumed_role", awsRole.input("credentialType"));
        assertEquals(List.of("arn:aws:iam::111122223333:role/payments-uploads"), awsRole.input("roleArns"));

        var key = base.one("vault:transit/secretBackendKey:SecretBackendKey");
        assertEquals("payments", key.input("name"));
        assertEquals("aes256-gcm96", key.input("type"));
        assertEquals(false, key.input("deletionAllowed"));
        assertEquals(false, key.input("exportable"));
        assertEquals(List.of("secret", "database", "aws", "transit"), base.outputs().get("secretMountPaths"));
        assertEquals(List.of("aws", "approle", "kubernetes-apps"), base.outputs().get("authMountPaths"));
    }

    @Test
    void oidcIsOffByDefaultAndMapsGroupsToPoliciesWhenOn() {
        assertTrue(base.resources().stream().noneMatch(r -> r.type().startsWith("vault:jwt/")));
        var result = run(args().oidc(VaultOidcArgs.builder().discoveryUrl("https://login.example.com/").clientId("vault")
                .clientSecret(Output.of(OIDC_SECRET))
                .allowedRedirectUris(List.of("https://vault.tooling.internal:8200/ui/vault/auth/oidc/oidc/callback"))
                .groupPolicies(Map.of("platform-admins", List.of("admin"), "payments-devs", List.of("payments"))).build()));
        var backend = result.one("vault:jwt/authBackend:AuthBackend");
        assertEquals("oidc", backend.input("type"));
        assertTrue(backend.isSecret("oidcClientSecret"));
        var roles = new HashMap<String, RecordedResource>();
        result.ofType("vault:jwt/authBackendRole:AuthBackendRole").forEach(r -> roles.put((String) r.input("roleName"), r));
        assertEquals(Set.of("platform-admins", "payments-devs"), roles.keySet());
        assertEquals(Map.of("groups", "platform-admins"), roles.get("platform-admins").input("boundClaims"));
        assertEquals(List.of("admin"), roles.get("platform-admins").input("tokenPolicies"));
        assertEquals("oidc", roles.get("payments-devs").input("roleType"));
    }

    /** Every secret value appears only inside inputs registered as secrets. */
    @Test
    void noSecretReachesANonSecretInput() {
        var result = run(args().oidc(VaultOidcArgs.builder()
                .discoveryUrl("https://login.example.com/").clientId("vault").clientSecret(Output.of(OIDC_SECRET))
                .allowedRedirectUris(List.of("https://vault.tooling.internal:8200/ui/vault/auth/oidc/oidc/callback"))
                .groupPolicies(Map.of("platform-admins", List.of("admin"))).build()));
        var secrets = List.of(KUBECONFIG, DB_PASSWORD, REVIEWER_JWT, OIDC_SECRET, "kubeconfig-token-7f3a");
        int checked = 0;
        for (var r : result.resources()) {
            for (var e : r.inputs().entrySet()) {
                checked += assertNoPlainSecret(r.urn() + "." + e.getKey(), e.getValue(), secrets);
            }
        }
        assertTrue(checked > 100, "walked " + checked + " plain values");
        String files = result.outputs().get("renderedFiles").toString();
        secrets.forEach(s -> assertFalse(files.contains(s), "rendered files must not contain secrets"));
    }

    private static int assertNoPlainSecret(String where, Object value, Collection<String> secrets) {
        if (value instanceof Secret) {
            return 0;
        }
        if (value instanceof Map<?, ?> map) {
            int n = 0;
            for (var e : map.entrySet()) {
                n += assertNoPlainSecret(where + "." + e.getKey(), e.getValue(), secrets);
            }
            return n;
        }
        if (value instanceof List<?> list) {
            int n = 0;
            for (int i = 0; i < list.size(); i++) {
                n += assertNoPlainSecret(where + "." + i, list.get(i), secrets);
            }
            return n;
        }
        String text = String.valueOf(value);
        for (String s : secrets) {
            assertFalse(text.contains(s), "secret in plain input " + where);
        }
        return 1;
    }

    @Test
    void badTenantSettingsAreRejectedWithClearMessages() {
        assertError("VaultTenantArgs.authType must be one of kubernetes, approle, aws, got 'ldap'",
                () -> VaultTenantArgs.builder().name("x").authType("ldap").build());
        assertError("VaultTenantArgs.tokenTtlSeconds must be at most tokenMaxTtlSeconds (900), got 3600",
                () -> VaultTenantArgs.builder().name("x").authType("approle").secretIdBoundCidrs(List.of("10.0.0.0/24"))
                        .tokenTtlSeconds(3600).tokenMaxTtlSeconds(900).build());
        assertError("VaultTenantArgs.secretIdBoundCidrs must be one or more CIDRs",
                () -> VaultTenantArgs.builder().name("x").authType("approle").build());
        assertError("VaultBaselineArgs.tenants.kvPrefix (KV path secret/<kvPrefix>/) must be unique values; this one is listed more than once, got 'ci'",
                () -> args().tenants(List.of(ci(), VaultTenantArgs.builder().name("ci2").kvPrefix("ci").authType("approle")
                        .secretIdBoundCidrs(List.of("10.0.0.0/24")).build())).build());
        assertError("VaultBaselineArgs.tenants[0].kubernetesCluster must be one of the declared kubernetesClusters [], got 'apps'",
                () -> args().kubernetesClusters(List.of()).tenants(List.of(payments())).build());
        assertError("VaultBaselineArgs.tenants[0].name must be a name other than the built-in policies",
                () -> args().tenants(List.of(VaultTenantArgs.builder().name("admin").authType("approle")
                        .secretIdBoundCidrs(List.of("10.0.0.0/24")).build())).build());
        assertError("VaultPostgresArgs.maxTtlSeconds must be at least defaultTtlSeconds (7200), got 3600",
                () -> VaultPostgresArgs.builder().host("db").database("app").username("vault_admin").password(Output.of("x"))
                        .defaultTtlSeconds(7200).maxTtlSeconds(3600).build());
        assertError("VaultPostgresArgs.sslMode must be verify-full, verify-ca or require",
                () -> VaultPostgresArgs.builder().host("db").database("app").username("vault_admin").password(Output.of("x"))
                        .sslMode("disable").build());
        assertError("VaultBaselineArgs.tenants[0].name must be a name other than the built-in policies",
                () -> args().tenants(List.of(VaultTenantArgs.builder().name("raft-snapshot").authType("approle")
                        .secretIdBoundCidrs(List.of("10.0.0.0/24")).build())).build());
        assertError("VaultBaselineArgs.oidc.groupPolicies.devs must be a policy this baseline defines",
                () -> args().oidc(VaultOidcArgs.builder().discoveryUrl("https://login.example.com/").clientId("vault")
                        .clientSecret(Output.of("s")).allowedRedirectUris(List.of("https://vault.tooling.internal:8200/cb"))
                        .groupPolicies(Map.of("devs", List.of("root"))).build()).build());
    }

    /** Args built outside the builder (another language) are validated by the constructor before anything is registered. */
    @Test
    void invalidArgsRegisterNothing() throws ReflectiveOperationException {
        var args = args().build();
        var field = VaultBaselineArgs.class.getDeclaredField("kvMaxVersions");
        field.setAccessible(true);
        field.set(args, 0);
        var result = MockRun.of("test", "dev", mocks()).run(ctx -> new VaultBaseline("config", args, null));
        assertTrue(result.failed());
        assertTrue(result.errors().get(0).contains("VaultBaselineArgs.kvMaxVersions must be between 1 and 100, got 0"), result.errors().toString());
        assertTrue(result.resources().stream().noneMatch(r -> r.type().startsWith(VAULT) || r.type().startsWith("private-vault:")
                || r.type().startsWith("kubernetes:")));
    }

    private static void assertError(String expectedStart, org.junit.jupiter.api.function.Executable body) {
        var e = assertThrows(InvalidSettingException.class, body);
        assertTrue(e.getMessage().startsWith(expectedStart), "expected\n  " + expectedStart + "...\ngot\n  " + e.getMessage());
    }

    /** The multi-language host infers the schema from the Args classes; it must accept them (ARCHITECTURE.md §3). */
    @Test
    void componentHostCanInferTheSchema() {
        var spec = com.pulumi.provider.internal.infer.ComponentAnalyzer.generateSchema(
                new com.pulumi.provider.internal.Metadata("private-vault"), VaultBaseline.class);
        var resource = spec.getResources().get("private-vault:index:VaultBaseline");
        assertNotNull(resource, spec.getResources().keySet().toString());
        assertEquals(Set.of("address", "caCertPem"), resource.getRequiredInputs());
        assertTrue(spec.getTypes().keySet().containsAll(Set.of("private-vault:index:VaultTenant", "private-vault:index:VaultPostgres",
                "private-vault:index:VaultAwsSecretRole", "private-vault:index:VaultKubernetesCluster", "private-vault:index:VaultOidc")),
                spec.getTypes().keySet().toString());
    }

    /**
     * Without tenants the shared engines and auth methods still exist: they are protected, so their life must not
     * follow the tenants' (the first tenant that needs transit must not create the mount the last one would delete).
     */
    @Test
    void withoutTenantsTheSharedMountsStillExist() {
        var result = run(args().kubernetesClusters(List.of()).tenants(List.of()));
        assertEquals(List.of("aws", "approle"), result.outputs().get("authMountPaths"));
        assertEquals(List.of("secret", "database", "aws", "transit"), result.outputs().get("secretMountPaths"));
        assertTrue(result.resources().stream().noneMatch(r -> r.type().startsWith("kubernetes:") || r.type().equals("pulumi:providers:kubernetes")));
        assertEquals(List.of(), result.ofType("vault:database/secretBackendConnection:SecretBackendConnection"));
        assertEquals(List.of(), result.ofType("vault:appRole/authBackendRole:AuthBackendRole"));
        assertEquals(List.of(), result.ofType("vault:transit/secretBackendKey:SecretBackendKey"));
        assertEquals(1, result.ofType("vault:index/policy:Policy").size());
        assertEquals(2, result.ofType("vault:index/audit:Audit").size());
    }

    /**
     * Removing a tenant removes its policy, login role, database connection and role, AWS roles and transit key, and
     * changes nothing else: every other resource keeps its name and inputs.
     */
    @Test
    void removingATenantRemovesOnlyItsOwnResources() {
        var without = run(args().tenants(List.of(ci(), batch())));
        var before = new TreeMap<String, Map<String, Object>>();
        base.resources().forEach(r -> before.put(r.urn(), r.inputs()));
        var after = new TreeMap<String, Map<String, Object>>();
        without.resources().forEach(r -> after.put(r.urn(), r.inputs()));
        var gone = new TreeSet<>(before.keySet());
        gone.removeAll(after.keySet());
        assertTrue(after.keySet().stream().allMatch(before::containsKey), "nothing new appears");
        assertEquals(Set.of("config-policy-payments", "config-k8s-role-payments", "config-db-payments", "config-db-role-payments",
                "config-aws-secret-role-payments-uploads", "config-transit-payments"),
                gone.stream().map(u -> u.substring(u.lastIndexOf("::") + 2)).collect(java.util.stream.Collectors.toSet()));
        after.forEach((urn, inputs) -> {
            if (!urn.endsWith("::config")) {
                assertEquals(before.get(urn), inputs, urn + " changed");
            }
        });
    }

    /**
     * What holds data or evidence is protected (deleting it takes a deliberate {@code pulumi state unprotect}), a
     * transit key is kept in Vault when its tenant goes (ciphertexts stay decryptable), and nothing else is
     * protected: tenants come and go.
     */
    @Test
    void mountsAuthMethodsAndAuditDevicesAreProtectedAndTransitKeysRetained() {
        var options = ResourceOptionsProbe.run(mocks(), ctx -> new VaultBaseline("config", args().oidc(VaultOidcArgs.builder()
                .discoveryUrl("https://login.example.com/").clientId("vault").clientSecret(Output.of(OIDC_SECRET))
                .allowedRedirectUris(List.of("https://vault.tooling.internal:8200/ui/vault/auth/oidc/oidc/callback"))
                .groupPolicies(Map.of("platform-admins", List.of("admin"))).build()).build(), null));
        var protectedTypes = Set.of("vault:index/mount:Mount", "vault:index/authBackend:AuthBackend", "vault:index/audit:Audit",
                "vault:aws/secretBackend:SecretBackend", "vault:jwt/authBackend:AuthBackend");
        var protectedNames = new TreeSet<String>();
        options.forEach((name, o) -> {
            assertEquals(protectedTypes.contains(o.type()), o.protect(), name + " (" + o.type() + ") protect");
            assertEquals(o.type().equals("vault:transit/secretBackendKey:SecretBackendKey"), o.retainOnDelete(), name + " retainOnDelete");
            if (o.protect()) {
                protectedNames.add(name);
            }
        });
        assertEquals(new TreeSet<>(List.of("config-audit-file", "config-audit-second", "config-auth-approle", "config-auth-aws",
                "config-auth-oidc", "config-aws-secrets", "config-database", "config-k8s-apps", "config-kv", "config-transit")), protectedNames);
    }

    /**
     * The provisioner policy the bootstrap writes (cluster/ProvisionerLogin) lets the configuration layer do every
     * write the baseline makes, for every resource it registers here, including mounts named after settings
     * ({@code auth/kubernetes-<cluster>}); judged with Vault's documented path matching and priority
     * ({@link io.privatevault.components.vaultconfig.AclEvaluator}).
     */
    @Test
    void theProvisionerPolicyCoversEverythingTheBaselineManages() {
        var result = run(args().kubernetesClusters(List.of(apps(), VaultKubernetesClusterArgs.builder().name("batch-eu")
                        .kubeconfig(Output.ofSecret(KUBECONFIG)).apiHost("https://EFGH.gr7.eu-west-1.eks.amazonaws.com")
                        .caCertPem(Output.of(CA)).build()))
                .oidc(VaultOidcArgs.builder().discoveryUrl("https://login.example.com/").clientId("vault").clientSecret(Output.of(OIDC_SECRET))
                        .allowedRedirectUris(List.of("https://vault.tooling.internal:8200/ui/vault/auth/oidc/oidc/callback"))
                        .groupPolicies(Map.of("platform-admins", List.of("admin"))).build()));
        var policy = Personas.provisioner();
        int checked = 0;
        for (var r : vaultResources(result)) {
            for (var write : ProvisionerWrites.of(r).entrySet()) {
                for (var capability : write.getValue()) {
                    assertTrue(AclEvaluator.allows(policy, write.getKey(), capability),
                            r.urn() + ": the provisioner may not " + capability.hcl() + " " + write.getKey());
                    checked++;
                }
            }
        }
        assertTrue(checked > 150, "checked " + checked);
    }
}
