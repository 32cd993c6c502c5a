package io.privatevault.components.cluster.k8s;

import io.privatevault.components.testing.UsesTools;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.components.VaultEgressArgs;
import io.privatevault.components.cluster.ClusterFixture;
import io.privatevault.components.testing.ExternalTools;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.testing.Secret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.privatevault.components.cluster.ClusterFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** Vault on Kubernetes under the mock engine: every hardening decision of the platform, on the registered inputs. */
class KubernetesPlatformTest {
    static MockRun.Result run;
    static Map<String, String> files;
    static Map<String, Object> values;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void runOnce() {
        run = K8sFixture.run(K8sFixture.args());
        assertFalse(run.failed(), run.errors().toString());
        files = (Map<String, String>) run.outputs().get("renderedFiles");
        values = (Map<String, Object>) yaml(files.get("k8s/values.yaml"));
    }

    static Object yaml(String text) {
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> manifest(Manifests.Id id) {
        return (Map<String, Object>) yaml(files.get(id.file()));
    }

    @SuppressWarnings("unchecked")
    static Object at(Object root, String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.chars().allMatch(Character::isDigit)) {
                current = ((List<Object>) list).get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return current;
    }

    static RecordedResource object(Manifests.Id id) {
        return run.named(KubernetesObject.token(id.apiVersion(), id.kind()), "vault-" + id.key());
    }

    static String raftConfig() {
        return (String) at(values, "server.ha.raft.config");
    }

    @Test
    void theReleaseIsHashiCorpsChartAtThePinnedVersion() {
        var release = run.one("kubernetes:helm.sh/v3:Release");
        assertEquals("vault", release.input("chart"));
        assertEquals("0.34.1", release.input("version"));
        assertEquals("https://helm.releases.hashicorp.com", release.input("repositoryOpts.repo"));
        assertEquals("vault", release.input("namespace"));
        assertEquals("vault", release.input("name"));
        assertEquals("1.20.4", release.input("values.server.image.tag"));
        assertEquals("hashicorp/vault", release.input("values.server.image.repository"));
        // Parented to the component, through the provider built from the kubeconfig.
        assertTrue(release.parentUrn().endsWith("VaultRaftCluster::vault"), release.parentUrn());
        assertTrue(release.provider().contains("pulumi:providers:kubernetes::vault-k8s"), release.provider());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReleaseGetsExactlyTheRenderedValues() {
        var registered = (Map<String, Object>) run.one("kubernetes:helm.sh/v3:Release").input("values");
        assertEquals(normalise(values), normalise(registered));
    }

    /** Integers may come back from the engine as doubles. */
    static Object normalise(Object o) {
        if (o instanceof Map<?, ?> m) {
            var out = new HashMap<Object, Object>();
            m.forEach((k, v) -> out.put(k, normalise(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(KubernetesPlatformTest::normalise).toList();
        }
        return o instanceof Number n && !(o instanceof Double d && d != Math.rint(d)) ? (Object) n.longValue() : o;
    }

    @Test
    void theValuesUseOnlyTheChartsDocumentedNamesForThePinnedVersion() throws IOException {
        String list;
        try (InputStream in = getClass().getResourceAsStream("vault-chart-values.txt")) {
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var exact = new TreeSet<String>();
        var freeForm = new TreeSet<String>();
        String version = null;
        for (String line : list.lines().map(String::trim).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("chart-version:")) {
                version = line.substring("chart-version:".length()).trim();
            } else if (line.endsWith("/*")) {
                freeForm.add(line.substring(0, line.length() - 2));
            } else {
                exact.add(line);
            }
        }
        assertEquals(Chart.DEFAULT_VERSION, version, "the list was checked against another chart version than the default");
        var used = new TreeSet<String>();
        collect(values, "", freeForm, used);
        // The names only the Prometheus Operator's values set (serverTelemetry, off by default).
        collect(PrometheusTelemetryTest.values(), "", freeForm, used);
        var undocumented = new TreeSet<>(used);
        undocumented.removeAll(exact);
        undocumented.removeAll(freeForm);
        assertEquals(Set.of(), undocumented, "values the list does not document for chart " + version);
        var unused = new TreeSet<>(exact);
        unused.addAll(freeForm);
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "listed names the values no longer set: keep the list to what is relied on");
    }

    private static void collect(Object node, String path, Set<String> freeForm, Set<String> out) {
        if (node instanceof Map<?, ?> map && !freeForm.contains(path) && !map.isEmpty()) {
            map.forEach((k, v) -> collect(v, path.isEmpty() ? (String) k : path + "." + k, freeForm, out));
        } else {
            out.add(path);
        }
    }

    @Test
    void haRaftJoinsEveryPodOverTlsWithThePinnedServerName() {
        assertEquals(true, at(values, "server.ha.enabled"));
        assertEquals(5, at(values, "server.ha.replicas"));
        assertEquals(true, at(values, "server.ha.raft.enabled"));
        assertEquals(true, at(values, "server.ha.raft.setNodeId"), "node_id = pod name");
        assertEquals(false, at(values, "global.tlsDisable"), "pods serve TLS: nothing terminates it before them");
        String hcl = raftConfig();
        for (int i = 0; i < 5; i++) {
            assertTrue(hcl.contains("leader_api_addr = \"https://vault-" + i + ".vault-internal:8200\""), hcl);
        }
        assertEquals(5, hcl.split("retry_join \\{", -1).length - 1);
        assertEquals(5, hcl.split("leader_tls_servername = \"vault.tooling.internal\"", -1).length - 1);
        assertEquals(5, hcl.split("leader_ca_cert_file = \"/vault/userconfig/vault-tls/ca.crt\"", -1).length - 1);
        assertTrue(hcl.contains("tls_cert_file = \"/vault/userconfig/vault-tls/tls.crt\""));
        assertTrue(hcl.contains("tls_key_file = \"/vault/userconfig/vault-tls/tls.key\""));
        assertTrue(hcl.contains("tls_min_version = \"tls12\""));
        assertFalse(hcl.contains("tls_disable"), hcl);
        assertTrue(hcl.contains("seal \"awskms\" {\n  region = \"eu-west-1\"\n  kms_key_id = \"" + SEAL_KEY + "\""), hcl);
        assertTrue(hcl.contains("disable_mlock = true"));
        assertEquals(hcl, run.outputs().get("nodeConfig"));
        assertEquals(hcl, files.get("k8s/vault.hcl"), "rendered beside the values, so the plan's listener rule reads it");
    }

    @Test
    @UsesTools
    void theRaftConfigParsesWithHashiCorpsHclParser(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("vault.hcl");
        Files.writeString(file, raftConfig());
        JsonObject doc = JsonParser.parseString(ExternalTools.hclToJson(file)).getAsJsonObject().getAsJsonObject(file.toString());
        var joins = doc.getAsJsonObject("storage").getAsJsonArray("raft").get(0).getAsJsonObject().getAsJsonArray("retry_join");
        assertEquals(5, joins.size());
        joins.forEach(j -> assertEquals("vault.tooling.internal", j.getAsJsonObject().get("leader_tls_servername").getAsString()));
        assertTrue(doc.getAsJsonObject("service_registration").has("kubernetes"), doc.toString());
        assertEquals(SEAL_KEY, doc.getAsJsonObject("seal").getAsJsonArray("awskms").get(0).getAsJsonObject().get("kms_key_id").getAsString());
    }

    @Test
    void theIrsaRoleTrustsTheClustersOidcProviderForExactlyTheVaultServiceAccount() {
        var role = run.one("aws:iam/role:Role");
        assertEquals("pv-k8s-vault-node", role.input("name"), "the seal key's policy names this role up front");
        var statements = JsonParser.parseString((String) role.input("assumeRolePolicy")).getAsJsonObject().getAsJsonArray("Statement");
        assertEquals(1, statements.size());
        var s = statements.get(0).getAsJsonObject();
        assertEquals(K8sFixture.OIDC_PROVIDER, s.getAsJsonObject("Principal").get("Federated").getAsString());
        assertEquals("sts:AssumeRoleWithWebIdentity", s.get("Action").getAsString());
        var condition = s.getAsJsonObject("Condition");
        assertEquals(Set.of("StringEquals"), condition.keySet(), "no StringLike: no wildcard subjects");
        String host = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
        assertEquals("system:serviceaccount:vault:vault", condition.getAsJsonObject("StringEquals").get(host + ":sub").getAsString());
        assertEquals("sts.amazonaws.com", condition.getAsJsonObject("StringEquals").get(host + ":aud").getAsString());
        // The chart's service account is that account, annotated with this role.
        assertEquals("vault", at(values, "server.serviceAccount.name"));
        assertEquals(Map.of("eks.amazonaws.com/role-arn", run.outputs().get("roleArn")), at(values, "server.serviceAccount.annotations"));
        assertEquals("vault", at(manifest(Manifests.INIT_JOB), "spec.template.spec.serviceAccountName"));
        assertEquals("vault", at(manifest(Manifests.SNAPSHOT_CRON_JOB), "spec.jobTemplate.spec.template.spec.serviceAccountName"));
    }

    @Test
    void theIrsaRoleMayOnlyDoWhatVaultAndItsJobsNeed() {
        var policy = JsonParser.parseString((String) run.one("aws:iam/rolePolicy:RolePolicy").input("policy")).getAsJsonObject();
        var bySid = new HashMap<String, JsonObject>();
        policy.getAsJsonArray("Statement").forEach(e -> bySid.put(e.getAsJsonObject().get("Sid").getAsString(), e.getAsJsonObject()));
        // No seal statement: the seal key's policy grants the role the key, as on EC2.
        assertEquals(Set.of("StoreRecoveryMaterial", "DataKeyThroughSecretsManagerAndS3", "UploadSnapshots",
                "ListSnapshots", "PublishMetrics"), bySid.keySet());
        String recovery = env(manifest(Manifests.INIT_JOB), "spec.template.spec").get("RECOVERY_SECRET_ID");
        assertTrue(recovery.startsWith("arn:aws:secretsmanager:eu-west-1:111122223333:secret:private-vault/test-k8s-vault/recovery-"), recovery);
        assertEquals(recovery, bySid.get("StoreRecoveryMaterial").get("Resource").getAsString());
        assertEquals("secretsmanager:PutSecretValue", bySid.get("StoreRecoveryMaterial").get("Action").getAsString());
        assertEquals("arn:aws:s3:::" + BUCKET + "/raft/vault/*", bySid.get("UploadSnapshots").get("Resource").getAsString());
        assertEquals("raft/vault/*", bySid.get("ListSnapshots").getAsJsonObject("Condition").getAsJsonObject("StringLike")
                .get("s3:prefix").getAsString());
        bySid.forEach((sid, st) -> {
            String text = st.toString();
            assertFalse(text.contains("ec2:") || text.contains("logs:") || text.contains("iam:"), sid + ": " + text);
            if (text.contains("\"Resource\":\"*\"")) {
                assertEquals("PublishMetrics", sid);
            }
        });
    }

    @Test
    void tlsMaterialIsAKubernetesTlsSecretFromThePrivateCa() {
        var secret = run.one("kubernetes:core/v1:Secret");
        assertEquals("kubernetes.io/tls", secret.input("type"));
        assertEquals("vault-tls", secret.input("metadata.name"));
        assertEquals("vault", secret.input("metadata.namespace"));
        assertTrue(secret.isSecret("stringData"), "the key is a Pulumi secret");
        assertEquals(NODE_KEY_PEM, ((Map<?, ?>) secret.input("stringData")).get("tls.key"));
        assertEquals("-----BEGIN CERTIFICATE-----\nNODE\n-----END CERTIFICATE-----\n", ((Map<?, ?>) secret.input("stringData")).get("tls.crt"));
        assertEquals("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n", ((Map<?, ?>) secret.input("stringData")).get("ca.crt"));
        assertEquals(run.outputs().get("caCertPem"), ((Map<?, ?>) secret.input("stringData")).get("ca.crt"));
        @SuppressWarnings("unchecked")
        var names = (List<String>) run.one("tls:index/certRequest:CertRequest").input("dnsNames");
        assertTrue(names.containsAll(List.of("vault.tooling.internal", "localhost", "vault-active.vault.svc", "*.vault-internal")), names.toString());
        // Server and client auth from the same private CA as on EC2 (Raft joins are TLS clients).
        assertEquals(1, run.ofType("tls:index/selfSignedCert:SelfSignedCert").size());
    }

    @Test
    void noRenderedFileHoldsASecret() {
        files.forEach((path, content) -> {
            assertFalse(content.contains("PRIVATE KEY"), path);
            assertFalse(content.contains("sekrit-token"), path);
        });
        var provider = run.one("pulumi:providers:kubernetes");
        assertTrue(provider.isSecret("kubeconfig"), "the kubeconfig stays a secret");
    }

    @Test
    void serviceRegistrationLabelsTheActivePodWithARoleThatAllowsOnlyThat() {
        assertTrue(raftConfig().contains("service_registration \"kubernetes\" {"), raftConfig());
        assertEquals(false, at(values, "server.serviceAccount.serviceDiscovery.enabled"), "our Role replaces the chart's");
        assertEquals(false, at(values, "server.authDelegator.enabled"), "no TokenReview rights");
        var role = manifest(Manifests.DISCOVERY_ROLE);
        assertEquals(List.of(Map.of("apiGroups", List.of(""), "resources", List.of("pods"), "verbs", List.of("get", "update", "patch"))),
                role.get("rules"));
        assertEquals("vault", at(role, "metadata.namespace"));
        var binding = manifest(Manifests.DISCOVERY_BINDING);
        assertEquals(Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", at(role, "metadata.name")), binding.get("roleRef"));
        assertEquals(List.of(Map.of("kind", "ServiceAccount", "name", "vault", "namespace", "vault")), binding.get("subjects"));
    }

    @Test
    void noTwoPodsShareANodeAndPodsSpreadOverZones() {
        var term = at(values, "server.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0");
        assertEquals("kubernetes.io/hostname", at(term, "topologyKey"));
        assertEquals(Chart.serverLabels(), at(term, "labelSelector.matchLabels"));
        assertNull(at(values, "server.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"), "required, not preferred");
        var spread = at(values, "server.topologySpreadConstraints.0");
        assertEquals("topology.kubernetes.io/zone", at(spread, "topologyKey"));
        assertEquals("DoNotSchedule", at(spread, "whenUnsatisfiable"));
        assertEquals(1, at(spread, "maxSkew"));
        assertEquals(Chart.serverLabels(), at(spread, "labelSelector.matchLabels"));
    }

    @Test
    void theDisruptionBudgetNeverCostsQuorum() {
        assertEquals(true, at(values, "server.ha.disruptionBudget.enabled"));
        int maxUnavailable = (Integer) at(values, "server.ha.disruptionBudget.maxUnavailable");
        assertEquals(1, maxUnavailable);
        int replicas = (Integer) at(values, "server.ha.replicas");
        assertTrue(replicas - maxUnavailable >= replicas / 2 + 1, "voluntary evictions always leave a majority of voters");
    }

    @Test
    void vaultRunsOnlyOnTheDedicatedNodes() {
        var selector = Map.of("workload", "vault");
        var toleration = List.of(Map.of("key", "dedicated", "operator", "Equal", "value", "vault", "effect", "NoSchedule"));
        assertEquals(selector, at(values, "server.nodeSelector"));
        assertEquals(toleration, at(values, "server.tolerations"));
        assertEquals(selector, at(manifest(Manifests.INIT_JOB), "spec.template.spec.nodeSelector"));
        assertEquals(toleration, at(manifest(Manifests.SNAPSHOT_CRON_JOB), "spec.jobTemplate.spec.template.spec.tolerations"));
    }

    @Test
    void podsRunNonRootWithAReadOnlyRootAndOnlyIpcLock() {
        var pod = at(values, "server.statefulSet.securityContext.pod");
        assertEquals(true, at(pod, "runAsNonRoot"));
        assertEquals(100, at(pod, "runAsUser"));
        assertEquals(1000, at(pod, "runAsGroup"));
        assertEquals("RuntimeDefault", at(pod, "seccompProfile.type"));
        var container = at(values, "server.statefulSet.securityContext.container");
        assertEquals(true, at(container, "readOnlyRootFilesystem"));
        assertEquals(false, at(container, "allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), at(container, "capabilities.drop"));
        assertEquals(List.of("IPC_LOCK"), at(container, "capabilities.add"));
        for (var id : List.of(Manifests.INIT_JOB, Manifests.SNAPSHOT_CRON_JOB)) {
            String base = id == Manifests.INIT_JOB ? "spec.template.spec" : "spec.jobTemplate.spec.template.spec";
            var m = manifest(id);
            assertEquals(true, at(m, base + ".securityContext.runAsNonRoot"), id.key());
            assertEquals(100, at(m, base + ".securityContext.runAsUser"), id.key());
            assertEquals(false, at(m, base + ".automountServiceAccountToken"), id.key());
            for (String c : List.of("initContainers.0", "containers.0")) {
                assertEquals(true, at(m, base + "." + c + ".securityContext.readOnlyRootFilesystem"), id.key() + c);
                assertEquals(List.of("ALL"), at(m, base + "." + c + ".securityContext.capabilities.drop"), id.key() + c);
                assertNull(at(m, base + "." + c + ".securityContext.capabilities.add"), "jobs need no capability");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void coreDumpsAreOffAndVaultRunsAsPid1() {
        var mounts = (List<Map<String, Object>>) at(values, "server.volumeMounts");
        var entry = mounts.stream().filter(m -> Manifests.ENTRYPOINT_PATH.equals(m.get("mountPath"))).findFirst().orElseThrow();
        assertEquals("entrypoint.sh", entry.get("subPath"));
        var volumes = (List<Map<String, Object>>) at(values, "server.volumes");
        var volume = volumes.stream().filter(v -> entry.get("name").equals(v.get("name"))).findFirst().orElseThrow();
        assertEquals(Chart.SCRIPTS_CONFIG_MAP, at(volume, "configMap.name"));
        assertEquals(0555, at(volume, "configMap.defaultMode"));
        assertEquals(files.get("k8s/scripts/entrypoint.sh"), ((Map<?, ?>) at(manifest(Manifests.OPS_CONFIG), "data")).get("entrypoint.sh"));
        // /tmp is the only writable path the chart needs on a read-only root.
        assertTrue(mounts.stream().anyMatch(m -> "/tmp".equals(m.get("mountPath"))));
    }

    @Test
    @UsesTools
    void theEntrypointDisablesCoreDumpsAndExecsItsCommand(@TempDir Path dir) throws Exception {
        ExternalTools.require("sh", "apt-get install -y dash");
        Path script = dir.resolve("entrypoint.sh");
        Files.writeString(script, files.get("k8s/scripts/entrypoint.sh"));
        var process = new ProcessBuilder("sh", script.toString(), "sh", "-c", "ulimit -c; echo $$").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.waitFor());
        // Same PID: the wrapper exec'd its command instead of forking it, so Vault would be PID 1.
        assertEquals(List.of("0", String.valueOf(process.pid())), out.lines().toList());
    }

    @Test
    void dataAndAuditLiveOnEncryptedGp3() {
        var sc = manifest(Manifests.STORAGE_CLASS);
        assertEquals("ebs.csi.aws.com", sc.get("provisioner"));
        assertEquals("gp3", at(sc, "parameters.type"));
        assertEquals("true", at(sc, "parameters.encrypted"));
        assertEquals(DATA_KEY, at(sc, "parameters.kmsKeyId"));
        assertEquals("WaitForFirstConsumer", sc.get("volumeBindingMode"));
        assertEquals("Retain", sc.get("reclaimPolicy"));
        String name = (String) at(sc, "metadata.name");
        assertEquals(name, at(values, "server.dataStorage.storageClass"));
        assertEquals(name, at(values, "server.auditStorage.storageClass"));
        assertEquals(true, at(values, "server.auditStorage.enabled"));
        assertEquals("100Gi", at(values, "server.dataStorage.size"));
        assertEquals("50Gi", at(values, "server.auditStorage.size"));
    }

    /**
     * Ingress: with client IP preservation the pods see each caller's own address, except health checks (the NLB's
     * addresses) and the Client VPN ("the source IP address from the client CIDR range is translated to the Client VPN
     * network interface IP address", AWS re:Post knowledge center, Client VPN resource access), both in the NLB's
     * subnets. So 8200 is admitted from those subnets and the NLB's client networks, never from a cluster subnet.
     */
    @Test
    @SuppressWarnings("unchecked")
    void onlyTheNlbSubnetsAndItsClientsReach8200AndOnlyVaultPodsReach8201() {
        var np = manifest(Manifests.NETWORK_POLICY);
        assertEquals(Chart.serverLabels(), at(np, "spec.podSelector.matchLabels"));
        assertEquals(List.of("Ingress", "Egress"), at(np, "spec.policyTypes"));
        var rules = (List<Map<String, Object>>) at(np, "spec.ingress");
        var sources8201 = new ArrayList<Object>();
        var cidrs8200 = new LinkedHashSet<Object>();
        for (var rule : rules) {
            var from = (List<Map<String, Object>>) rule.get("from");
            assertFalse(from == null || from.isEmpty(), "every rule names its sources: " + rule);
            var ports = ((List<Map<String, Object>>) rule.get("ports")).stream().map(p -> p.get("port")).toList();
            assertTrue(Set.of(8200, 8201).containsAll(ports), ports.toString());
            for (var source : from) {
                assertFalse(source.containsKey("namespaceSelector"), "no other namespace: " + source);
                if (ports.contains(8201)) {
                    sources8201.add(source);
                }
                if (source.containsKey("ipBlock")) {
                    assertEquals(List.of(8200), ports);
                    assertNull(at(source, "ipBlock.except"));
                    cidrs8200.add(at(source, "ipBlock.cidr"));
                }
            }
        }
        var expected = new LinkedHashSet<Object>(K8sFixture.NLB_SUBNETS);
        expected.addAll(K8sFixture.CLIENT_CIDRS);
        assertEquals(expected, cidrs8200);
        assertEquals(List.of(Map.of("podSelector", Map.of("matchLabels", Chart.serverLabels()))), sources8201);
    }

    /**
     * The init Job's pod holds the root token until it revokes it: a policy selecting that pod alone ("a pod is isolated
     * for ingress if there is any NetworkPolicy that both selects the pod and has Ingress in its policyTypes", Kubernetes
     * docs, "Network Policies") admits nothing and lets it call only Vault, DNS and the VPC's endpoints.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theInitPodTakesNoConnectionAndCallsOnlyVaultDnsAndTheVpc() {
        var np = manifest(Manifests.INIT_NETWORK_POLICY);
        var selector = (Map<String, Object>) at(np, "spec.podSelector.matchLabels");
        var initLabels = (Map<String, Object>) at(manifest(Manifests.INIT_JOB), "spec.template.metadata.labels");
        var snapshotLabels = (Map<String, Object>) at(manifest(Manifests.SNAPSHOT_CRON_JOB), "spec.jobTemplate.spec.template.metadata.labels");
        assertTrue(initLabels.entrySet().containsAll(selector.entrySet()), "selects the init pod: " + selector + " in " + initLabels);
        assertFalse(snapshotLabels.entrySet().containsAll(selector.entrySet()), "and not the snapshot pods");
        assertFalse(Chart.serverLabels().entrySet().containsAll(selector.entrySet()), "nor Vault's");
        assertEquals(List.of("Ingress", "Egress"), at(np, "spec.policyTypes"));
        assertEquals(List.of(), at(np, "spec.ingress"), "no ingress rule: nothing may connect");
        var allowed = new java.util.TreeSet<String>();
        for (var rule : (List<Map<String, Object>>) at(np, "spec.egress")) {
            for (var port : (List<Map<String, Object>>) rule.get("ports")) {
                for (var peer : (List<Map<String, Object>>) rule.get("to")) {
                    allowed.add(port.get("protocol") + "/" + port.get("port") + " " + (peer.containsKey("ipBlock") ? at(peer, "ipBlock.cidr")
                            : peer.containsKey("namespaceSelector") ? "kube-dns" : at(peer, "podSelector.matchLabels")));
                }
            }
        }
        assertEquals(new java.util.TreeSet<>(List.of("TCP/8200 " + Chart.serverLabels(), "UDP/53 kube-dns", "TCP/53 kube-dns",
                "UDP/53 172.20.0.0/16", "TCP/53 172.20.0.0/16", "TCP/443 10.42.0.0/16")), allowed);
    }

    /** Egress: exactly what a Vault server calls, each on its port; without a declared integration nothing else. */
    @Test
    @SuppressWarnings("unchecked")
    void egressIsVaultPeersDnsHttpsInTheVpcAndDeclaredIntegrationsOnly() {
        var egress = (List<Map<String, Object>>) at(manifest(Manifests.NETWORK_POLICY), "spec.egress");
        var allowed = new java.util.TreeSet<String>();
        for (var rule : egress) {
            var to = (List<Map<String, Object>>) rule.get("to");
            assertFalse(to == null || to.isEmpty(), "every egress rule names its destinations: " + rule);
            for (var port : (List<Map<String, Object>>) rule.get("ports")) {
                for (var peer : to) {
                    String where = peer.containsKey("ipBlock") ? (String) at(peer, "ipBlock.cidr")
                            : peer.containsKey("namespaceSelector") ? "kube-dns" : "vault-pods";
                    allowed.add(port.get("protocol") + "/" + port.get("port") + " " + where);
                }
            }
        }
        assertEquals(new java.util.TreeSet<>(List.of("TCP/8200 vault-pods", "TCP/8201 vault-pods",
                "UDP/53 kube-dns", "TCP/53 kube-dns", "UDP/53 172.20.0.0/16", "TCP/53 172.20.0.0/16",
                "TCP/443 10.42.0.0/16", "TCP/443 172.20.0.0/16")), allowed);
        assertEquals(Map.of("kubernetes.io/metadata.name", "kube-system"), at(egress.get(1), "to.0.namespaceSelector.matchLabels"));
        assertEquals(Map.of("k8s-app", "kube-dns"), at(egress.get(1), "to.0.podSelector.matchLabels"));
        // 443 reaches AWS only inside the VPC: STS (IRSA, AWS auth) must use the regional endpoint, never sts.amazonaws.com.
        assertEquals("regional", at(values, "server.extraEnvironmentVars.AWS_STS_REGIONAL_ENDPOINTS"));

        var withPostgres = K8sFixture.run(K8sFixture.args().integrationEgress(List.of(VaultEgressArgs.of("orders-db", "10.61.4.0/24", 5432))));
        assertFalse(withPostgres.failed(), withPostgres.errors().toString());
        var rendered = (List<Map<String, Object>>) withPostgres.resources().stream()
                .filter(r -> r.type().equals("kubernetes:networking.k8s.io/v1:NetworkPolicy")).findFirst().orElseThrow().input("spec.egress");
        assertEquals(Map.of("to", List.of(Map.of("ipBlock", Map.of("cidr", "10.61.4.0/24"))),
                "ports", List.of(Map.of("protocol", "TCP", "port", 5432L))), rendered.get(rendered.size() - 1));
    }

    @Test
    void requestsAndLimitsComeFromTheArgs() {
        assertEquals(Map.of("cpu", "1", "memory", "4Gi"), at(values, "server.resources.requests"));
        assertEquals(Map.of("cpu", "2", "memory", "4Gi"), at(values, "server.resources.limits"));
        var other = K8sFixture.run(K8sFixture.args().kubernetes(K8sFixture.platform().cpuRequest("500m").cpuLimit("1500m")
                .memoryRequest("2Gi").memoryLimit("3Gi").build()));
        assertFalse(other.failed(), other.errors().toString());
        assertEquals(Map.of("cpu", "500m", "memory", "2Gi"), other.one("kubernetes:helm.sh/v3:Release").input("values.server.resources.requests"));
        assertEquals(Map.of("cpu", "1500m", "memory", "3Gi"), other.one("kubernetes:helm.sh/v3:Release").input("values.server.resources.limits"));
    }

    @Test
    void aTargetGroupBindingPutsThePodsIntoTheNlbTargetGroupAsIpTargets() {
        var tgb = object(Manifests.TARGET_GROUP_BINDING);
        assertEquals("kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding", tgb.type());
        assertEquals("elbv2.k8s.aws/v1beta1", tgb.input("apiVersion"));
        assertEquals(TARGET_GROUP, tgb.input("spec.targetGroupARN"));
        assertEquals("ip", tgb.input("spec.targetType"));
        assertEquals("vault", tgb.input("spec.serviceRef.name"));
        assertEquals(8200, ((Number) tgb.input("spec.serviceRef.port")).intValue());
        assertEquals(NLB_SG, tgb.input("spec.networking.ingress.0.from.0.securityGroup.groupID"));
        assertTrue(tgb.dependencies().contains(run.one("kubernetes:helm.sh/v3:Release").urn()), "after the release's services");
    }

    @Test
    void everyRenderedManifestIsExactlyWhatIsRegistered() {
        var all = new ArrayList<>(Manifests.BEFORE_RELEASE);
        all.addAll(Manifests.AFTER_RELEASE);
        for (var id : all) {
            var m = manifest(id);
            var registered = object(id);
            assertEquals(id.apiVersion(), m.get("apiVersion"));
            assertEquals(id.kind(), m.get("kind"));
            for (var field : m.keySet()) {
                assertEquals(normalise(m.get(field)), normalise(registered.input(field)), id.key() + "." + field);
            }
            assertFalse(registered.provider().isEmpty(), "applied with the cluster's provider");
        }
        var namespace = object(Manifests.NAMESPACE).urn();
        for (var id : Manifests.BEFORE_RELEASE) {
            if (id != Manifests.NAMESPACE) {
                assertTrue(object(id).dependencies().contains(namespace), id.key() + " after the namespace");
            }
        }
        var release = run.one("kubernetes:helm.sh/v3:Release");
        assertTrue(release.dependencies().contains(namespace));
        assertTrue(release.dependencies().contains(run.one("kubernetes:core/v1:Secret").urn()), "the TLS secret exists before the pods");
        for (var id : Manifests.AFTER_RELEASE) {
            assertTrue(object(id).dependencies().contains(release.urn()), id.key() + " after the release");
        }
    }

    @Test
    void theInitJobIsTheOnlyInitialiserAndKeepsTheMaterialInMemory() {
        var job = manifest(Manifests.INIT_JOB);
        assertEquals(1, at(job, "spec.parallelism"));
        assertEquals(1, at(job, "spec.completions"));
        String base = "spec.template.spec";
        assertEquals("OnFailure", at(job, base + ".restartPolicy"), "a restarted container finds the material again");
        var env = env(job, base);
        assertEquals("https://vault-0.vault-internal:8200", env.get("VAULT_ADDR"));
        assertEquals("vault.tooling.internal", env.get("VAULT_TLS_SERVER_NAME"));
        assertEquals("5", env.get("RECOVERY_SHARES"));
        assertEquals("3", env.get("RECOVERY_THRESHOLD"));
        assertTrue(env.get("RECOVERY_SECRET_ID").contains(":secret:private-vault/test-k8s-vault/recovery-"));
        assertNoStaticToken(env);
        assertEquals("Memory", at(job, base + ".volumes.3.emptyDir.medium"));
        assertEquals("work", at(job, base + ".volumes.3.name"));
        assertEquals("/run/init", at(job, base + ".containers.0.volumeMounts.3.mountPath"));
        // The jobs get the CA certificate only, never the server key.
        assertEquals(List.of(Map.of("key", "ca.crt", "path", "ca.crt")), at(job, base + ".volumes.2.secret.items"));
        // The node spec's bootstrap settings, as on EC2; the bootstrap itself is KubernetesBootstrapBehaviourTest's.
        assertEquals("3", env.get("AUTOPILOT_MIN_QUORUM"));
        assertEquals("2m", env.get("AUTOPILOT_DEAD_SERVER_THRESHOLD"));
        assertEquals("aws-nodes", env.get("SNAPSHOT_AUTH_MOUNT"));
        assertEquals("/run/init", env.get("BOOTSTRAP_DIR"), "the memory volume");
        assertEquals("/ops/raft-snapshot.hcl", env.get("SNAPSHOT_POLICY_FILE"));
        assertTrue(((Map<?, ?>) at(manifest(Manifests.OPS_CONFIG), "data")).containsKey("raft-snapshot.hcl"));
    }

    @Test
    void snapshotsRunFromTheActiveNodeOnScheduleWithoutAStaticToken() {
        var cron = manifest(Manifests.SNAPSHOT_CRON_JOB);
        assertEquals("0 * * * *", at(cron, "spec.schedule"));
        assertEquals("Forbid", at(cron, "spec.concurrencyPolicy"));
        var env = env(cron, "spec.jobTemplate.spec.template.spec");
        assertEquals("https://vault-active.vault.svc:8200", env.get("VAULT_ADDR"));
        assertEquals(BUCKET, env.get("SNAPSHOT_BUCKET"));
        assertEquals("raft/vault/", env.get("SNAPSHOT_PREFIX"));
        assertEquals(DATA_KEY, env.get("DATA_KEY_ARN"));
        assertNoStaticToken(env);
        assertEquals("aws-nodes", env.get("SNAPSHOT_AUTH_MOUNT"), "the same dedicated mount as the EC2 nodes' timer");
        assertEquals("/run/snapshot", env.get("VAULT_SNAPSHOT_DIR"), "the memory volume");
        // The init Job binds the IRSA role to the snapshot policy, as the EC2 nodes do for theirs.
        assertEquals(run.outputs().get("roleArn"), env(manifest(Manifests.INIT_JOB), "spec.template.spec").get("NODE_ROLE_ARN"));
        // Both jobs run scripts shared with the EC2 nodes, byte for byte.
        var ec2 = ClusterFixture.renderedFiles(ClusterFixture.run(ClusterFixture.args()));
        for (String shared : List.of("bootstrap.sh", "snapshot-upload.sh")) {
            assertEquals(ec2.get("node/" + shared), files.get("k8s/scripts/" + shared), shared);
        }
    }

    @Test
    void schedulesFollowTheInterval() {
        assertEquals("*/15 * * * *", Manifests.schedule(15));
        assertEquals("0 * * * *", Manifests.schedule(60));
        assertEquals("0 */6 * * *", Manifests.schedule(360));
        assertEquals("0 0 * * *", Manifests.schedule(1440));
    }

    @Test
    void alarmsWatchTheNlbTargetsAndSnapshotsButNoAutoScalingGroup() {
        var names = run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").stream().map(RecordedResource::name).toList();
        // The CronJob publishes the snapshot age and verification; Vault's telemetry has no collector here (see k8s/README).
        assertEquals(Set.of("vault-healthy-targets", "vault-quorum", "vault-snapshot-age", "vault-snapshot-verify"), Set.copyOf(names));
        assertTrue(run.ofType("aws:autoscaling/group:Group").isEmpty());
        assertTrue(run.ofType("aws:ec2/launchTemplate:LaunchTemplate").isEmpty());
    }

    /** Outputs that exist only on EC2 are absent here, not empty strings pretending to be values. */
    @Test
    void ec2OnlyOutputsAreAbsent() {
        assertTrue(run.outputs().containsKey("roleArn"));
        assertNull(run.outputs().get("asgName"), run.outputs().toString());
    }

    @Test
    @UsesTools
    void everyScriptPassesShellcheck(@TempDir Path dir) throws IOException {
        ExternalTools.require("shellcheck", "apt-get install -y shellcheck");
        var command = new ArrayList<>(List.of("shellcheck", "-S", "warning", "-x", "-P", dir.toString()));
        for (String script : Manifests.SCRIPTS) {
            Path file = dir.resolve(script);
            Files.writeString(file, files.get("k8s/scripts/" + script));
            command.add(file.toString());
        }
        var result = ExternalTools.run(command, dir);
        assertEquals(0, result.exitCode(), result.all());
        assertEquals("", result.all().trim());
    }

    /** No Vault token in a pod's environment: the Jobs log in with their AWS identity or take the root token from init. */
    private static void assertNoStaticToken(Map<String, String> env) {
        assertFalse(env.containsKey("VAULT_TOKEN"), env.toString());
        env.forEach((k, v) -> assertFalse(v.matches("(hvs|hvb|s)\\..*"), "a token in " + k));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Object> manifest, String podSpec) {
        var out = new HashMap<String, String>();
        for (var e : (List<Map<String, Object>>) at(manifest, podSpec + ".containers.0.env")) {
            out.put((String) e.get("name"), (String) e.get("value"));
        }
        return out;
    }

    @Test
    void valuesAreNotSecretAndSecretsAreNotValues() {
        assertFalse(run.one("kubernetes:helm.sh/v3:Release").isSecret("values"));
        assertFalse(values.toString().contains("PRIVATE KEY"));
        assertInstanceOf(Secret.class, run.one("kubernetes:core/v1:Secret").inputs().get("stringData"));
    }
}
