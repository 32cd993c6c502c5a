package io.privatevault.components.cluster;

import com.google.gson.GsonBuilder;
import io.privatevault.components.vaultconfig.AclPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every file an EC2 Vault node gets, rendered from the {@link NodeSpec} and the {@link Ec2Node}: configuration,
 * units, scripts, and the cloud-config that writes them. One renderer per format; the scripts are static files
 * (checked by shellcheck as they are) that read their parameters from {@code cluster.env}.
 */
public final class NodeFiles {
    public static final List<String> SCRIPTS = List.of("common.sh", "install-vault.sh", "prepare.sh", "init.sh",
            "bootstrap.sh", "lifecycle.sh", "tls-refresh.sh", "snapshot.sh", "snapshot-upload.sh", "seal-check.sh", "cert-check.sh");
    static final String CW_AGENT_CONFIG = "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json";
    static final String PROMETHEUS_CONFIG = "/opt/aws/amazon-cloudwatch-agent/etc/prometheus.yaml";
    /** Minutes between certificate checks: a renewal that never arrived shows within the hour. */
    public static final int CERT_CHECK_INTERVAL_MINUTES = 60;
    /**
     * jq, unzip and openssl for the scripts, the agent for logs and metrics: from the distribution's repositories
     * (Amazon Linux 2023 serves them from S3, reachable through the S3 gateway endpoint).
     */
    static final List<String> PACKAGES = List.of("jq", "unzip", "openssl", "amazon-cloudwatch-agent");
    /** Seconds between two looks at the target lifecycle state (lifecycle.sh). */
    static final int LIFECYCLE_POLL_SECONDS = 10;
    /**
     * Seconds after which an init lock whose holder is still running but has not initialised is taken over: far
     * longer than an initialisation takes (seconds, once Vault answers), short enough that a cluster is not left
     * uninitialised for long by a holder that is stuck.
     */
    static final int INIT_LOCK_TIMEOUT_SECONDS = 1200;
    /**
     * How often every node looks for a renewed node certificate: within an hour of `pulumi up` (30 minutes plus at
     * most 5 of random delay, then the fetch).
     */
    static final String TLS_REFRESH_INTERVAL = "30min";
    public static final String RAFT_DEVICE = "/dev/sdf";
    public static final String AUDIT_DEVICE = "/dev/sdg";

    private final NodeSpec spec;
    private final Ec2Node node;
    private final NodePaths paths = NodePaths.DEFAULT;

    public NodeFiles(NodeSpec spec, Ec2Node node) {
        this.spec = spec;
        this.node = node;
    }

    public VaultServerConfig serverConfig() {
        return spec.serverConfig(new RaftMembership.Ec2AutoJoin(spec.region(), node.autoJoinTagKey(), spec.clusterName()),
                new VaultServerConfig.Files(paths.raftData(), paths.nodeCert(), paths.nodeKey(), paths.caCert())).withLoopbackMetrics();
    }

    /** {@code cluster.env}: the node's own settings, then what the shared bootstrap and snapshot scripts read. */
    public NodeEnvironment environment() {
        var env = new LinkedHashMap<String, String>();
        env.put("VAULT_CLUSTER_NAME", spec.clusterName());
        env.put("AWS_REGION", spec.region());
        env.put("VAULT_ADDR", "https://127.0.0.1:" + VaultServerConfig.API_PORT);
        env.put("VAULT_CACERT", paths.caCert());
        env.put("VAULT_BINARY", paths.vaultBinary());
        env.put("VAULT_CONFIG_DIR", paths.configDir());
        env.put("VAULT_TLS_DIR", paths.tlsDir());
        env.put("VAULT_DATA_DIR", paths.raftData());
        env.put("VAULT_LOG_DIR", paths.logDir());
        env.put("VAULT_SNAPSHOT_DIR", paths.snapshotDir());
        env.put("VAULT_VERSION", node.release().version());
        env.put("VAULT_SHA256", node.release().sha256());
        env.put("VAULT_ARCH", node.release().arch());
        env.put("VAULT_DOWNLOAD_URL", node.release().downloadUrl());
        env.put("SEAL_KEY_ARN", spec.sealKeyArn());
        env.put("TLS_SECRET_ID", node.tlsSecretArn());
        env.put("INIT_LOCK_SECRET_NAME", node.initLockSecretName());
        env.put("VAULT_TLS_SERVER_NAME", spec.leaderTlsServerName());
        env.put("INIT_LOCK_TIMEOUT_SECONDS", String.valueOf(INIT_LOCK_TIMEOUT_SECONDS));
        env.put("NODE_PACKAGES", String.join(",", PACKAGES));
        env.put("CW_AGENT_CONFIG", CW_AGENT_CONFIG);
        bootstrapPolicies().forEach((variable, policy) -> env.put(variable, policyFile(policy)));
        env.put("RECOVERY_PGP_KEY_FILES", spec.recoveryPgpKeyPaths(paths.recoveryKeyDir()));
        env.putAll(spec.bootstrapEnvironment());
        env.put("LIFECYCLE_AUTH_ROLE", LifecycleLogin.ROLE);
        env.put("LIFECYCLE_POLICY", LifecycleLogin.POLICY_NAME);
        env.put("LIFECYCLE_TOKEN_TTL", LifecycleLogin.TOKEN_TTL);
        env.put("LIFECYCLE_TOKEN_MAX_TTL", LifecycleLogin.TOKEN_MAX_TTL);
        env.put("LAUNCH_HOOK_NAME", LifecycleHooks.LAUNCH_HOOK);
        env.put("TERMINATE_HOOK_NAME", LifecycleHooks.TERMINATE_HOOK);
        env.put("REFRESH_PREFERENCES", LifecycleHooks.refreshPreferences(node.nodeCount()));
        env.put("LIFECYCLE_POLL_SECONDS", String.valueOf(LIFECYCLE_POLL_SECONDS));
        env.putAll(spec.snapshotEnvironment());
        return new NodeEnvironment(env);
    }

    /** The policies the bootstrap writes on EC2: the shared ones and the lifecycle scripts'. */
    public Map<String, AclPolicy> bootstrapPolicies() {
        var policies = new LinkedHashMap<>(spec.bootstrapPolicies());
        policies.put("LIFECYCLE_POLICY_FILE", LifecycleLogin.policy());
        return policies;
    }

    /** Where a policy the bootstrap writes lies on the node. */
    private String policyFile(AclPolicy policy) {
        return paths.policyDir() + "/" + policy.name() + ".hcl";
    }

    /**
     * Units: a hardened Vault service that installs and prepares its node before every start, oneshot helpers around
     * it, the lifecycle daemon, and three timers.
     */
    public List<SystemdUnit> units() {
        String env = paths.environment();
        var units = new ArrayList<SystemdUnit>();
        units.add(SystemdUnit.builder("vault.service")
                .section("Unit").set("Description", "HashiCorp Vault (Raft)")
                .set("Documentation", "https://developer.hashicorp.com/vault/docs")
                .set("Wants", "network-online.target").set("After", "network-online.target")
                .set("RequiresMountsFor", paths.raftData() + " " + paths.logDir())
                // No start limit: a node that boots before KMS, Secrets Manager or the package repository answers
                // keeps trying every RestartSec instead of giving up after a few attempts.
                .set("StartLimitIntervalSec", 0)
                .section("Service").set("Type", "notify")
                .set("User", "vault").set("Group", "vault")
                .set("EnvironmentFile", env)
                // '+': as root, outside the sandbox below. Installing and fetching TLS at each start puts their
                // failures under Restart= too.
                .set("ExecStartPre", "+" + paths.script("install-vault.sh"))
                .set("ExecStartPre", "+" + paths.script("prepare.sh"))
                .set("ExecStart", paths.vaultBinary() + " server -config=" + paths.config())
                // SIGHUP reloads the listener's certificate (tls-refresh.sh) and reopens the audit log.
                .set("ExecReload", "/bin/kill --signal HUP $MAINPID")
                .set("KillMode", "process").set("KillSignal", "SIGINT")
                .set("Restart", "on-failure").set("RestartSec", 10).set("TimeoutStartSec", 600).set("TimeoutStopSec", 30)
                .set("StandardOutput", "append:" + paths.serverLog()).set("StandardError", "inherit")
                // Only CAP_IPC_LOCK, kept through the user switch; nothing else.
                .set("CapabilityBoundingSet", "CAP_IPC_LOCK").set("AmbientCapabilities", "CAP_IPC_LOCK")
                .set("SecureBits", "keep-caps").set("NoNewPrivileges", "yes")
                .set("ProtectSystem", "full").set("ProtectHome", "read-only").set("PrivateTmp", "yes")
                .set("PrivateDevices", "yes").set("ProtectKernelTunables", "yes").set("ProtectKernelModules", "yes")
                .set("ProtectControlGroups", "yes").set("RestrictSUIDSGID", "yes").set("LockPersonality", "yes")
                .set("RestrictNamespaces", "yes").set("RestrictRealtime", "yes")
                .set("LimitNOFILE", 65536).set("LimitMEMLOCK", "infinity")
                // No core dumps: a dump of Vault's memory holds keys in the clear.
                .set("LimitCORE", 0)
                .section("Install").set("WantedBy", "multi-user.target")
                .build());
        var init = helper("vault-init.service", "Initialise the Vault cluster once, or leave it to join", "init.sh", "Requires");
        // tmpfs, mode 0700: the only place recovery material touches before Secrets Manager. It survives a failed run,
        // and systemd starts the script again, so an interrupted bootstrap resumes from it. Exit 3 means only an
        // operator can finish (the init output is gone): no point in trying again.
        units.add(runtimeState(init, "vault-init", 30).set("RestartPreventExitStatus", 3)
                .section("Install").set("WantedBy", "multi-user.target").build());
        // The lifecycle daemon polls instance metadata; it keeps its marks across its own restarts.
        var lifecycle = helper("vault-lifecycle.service", "Hold the Auto Scaling lifecycle hooks until this node joined or left Raft",
                "lifecycle.sh", "Wants");
        units.add(runtimeState(lifecycle.set("Type", "simple"), "vault-lifecycle", 10)
                .section("Install").set("WantedBy", "multi-user.target").build());
        // Requisite: a snapshot run must never start a stopped Vault.
        units.add(helper("vault-snapshot.service", "Raft snapshot to S3 (active node only)", "snapshot.sh", "Requisite").build());
        int interval = spec.snapshots().intervalMinutes();
        units.add(timer("vault-snapshot.timer", "Raft snapshot every " + interval + " minutes",
                "vault-snapshot.service", "10min", interval + "min"));
        units.add(helper("vault-seal-check.service", "Publish whether the seal key is enabled", "seal-check.sh", null).build());
        units.add(timer("vault-seal-check.timer", "Seal key check every 5 minutes", "vault-seal-check.service", "10min", "5min"));
        // As root: it writes root:vault files and reloads vault.service.
        units.add(SystemdUnit.builder("vault-tls-refresh.service")
                .section("Unit").set("Description", "Install a renewed node certificate and reload Vault's listener")
                .section("Service").set("Type", "oneshot")
                .set("EnvironmentFile", env).set("ExecStart", paths.script("tls-refresh.sh"))
                .set("PrivateTmp", "yes").set("NoNewPrivileges", "yes").set("ProtectHome", "read-only").set("LimitCORE", 0)
                .build());
        units.add(timer("vault-tls-refresh.timer", "Look for a renewed node certificate every " + TLS_REFRESH_INTERVAL,
                "vault-tls-refresh.service", "15min", TLS_REFRESH_INTERVAL));
        units.add(helper("vault-cert-check.service", "Publish the days left on the certificate Vault serves", "cert-check.sh", null).build());
        units.add(timer("vault-cert-check.timer", "Certificate check every " + CERT_CHECK_INTERVAL_MINUTES + " minutes",
                "vault-cert-check.service", "10min", CERT_CHECK_INTERVAL_MINUTES + "min"));
        return List.copyOf(units);
    }

    /** The timer units the first boot enables. */
    public List<String> timers() {
        return units().stream().map(SystemdUnit::fileName).filter(f -> f.endsWith(".timer")).toList();
    }

    /** A oneshot script as the vault user, sandboxed, optionally bound to vault.service by {@code vaultDependency}. */
    private SystemdUnit.Builder helper(String name, String description, String script, String vaultDependency) {
        var unit = SystemdUnit.builder(name).section("Unit").set("Description", description);
        if (vaultDependency != null) {
            unit.set(vaultDependency, "vault.service").set("After", "vault.service");
        }
        return unit.section("Service").set("Type", "oneshot")
                .set("User", "vault").set("Group", "vault")
                .set("EnvironmentFile", paths.environment())
                .set("ExecStart", paths.script(script))
                .set("NoNewPrivileges", "yes").set("ProtectSystem", "full").set("ProtectHome", "read-only")
                .set("PrivateTmp", "yes").set("PrivateDevices", "yes").set("CapabilityBoundingSet", "")
                .set("LimitCORE", 0);
    }

    /** A tmpfs work folder (0700) kept across the service's restarts, and restarts after a failure. */
    private static SystemdUnit.Builder runtimeState(SystemdUnit.Builder unit, String directory, int restartSeconds) {
        return unit.set("RuntimeDirectory", directory).set("RuntimeDirectoryMode", "0700")
                .set("RuntimeDirectoryPreserve", "yes")
                .set("Restart", "on-failure").set("RestartSec", restartSeconds);
    }

    private static SystemdUnit timer(String name, String description, String service, String first, String every) {
        return SystemdUnit.builder(name)
                .section("Unit").set("Description", description)
                .section("Timer").set("OnBootSec", first).set("OnUnitActiveSec", every)
                .set("RandomizedDelaySec", "5min").set("Unit", service)
                .section("Install").set("WantedBy", "timers.target")
                .build();
    }

    /**
     * CloudWatch agent: the server and audit logs to their log groups; disk and memory, and Vault's own metrics scraped
     * from the loopback listener ({@link VaultTelemetry}), to our namespace. Only the declared series become CloudWatch
     * metrics, each with the cluster as its one dimension, so every node's datapoints meet in one metric per name.
     * Insertion-ordered maps only: {@code Map.of} iterates in a per-JVM random order, which would change the
     * user data, and so roll every node, on every {@code pulumi up}.
     */
    public String cloudWatchAgentConfig() {
        var files = List.of(
                ordered("file_path", paths.serverLog(), "log_group_name", node.serverLogGroup(), "log_stream_name", "{instance_id}"),
                ordered("file_path", paths.auditLog(), "log_group_name", node.auditLogGroup(), "log_stream_name", "{instance_id}"));
        String namespace = spec.snapshots().metricNamespace();
        var units = new LinkedHashMap<String, Object>();
        VaultTelemetry.COLLECTED.forEach(m -> units.put(m.prometheus(), m.unit()));
        var declarations = new ArrayList<Object>();
        var plain = VaultTelemetry.COLLECTED.stream().filter(m -> m.quantile() == null).map(m -> "^" + m.prometheus() + "$").toList();
        declarations.add(ordered("source_labels", List.of("job"), "label_matcher", "^" + VaultTelemetry.JOB + "$",
                "dimensions", List.of(List.of(VaultTelemetry.DIMENSION)), "metric_selectors", plain));
        for (var m : VaultTelemetry.COLLECTED.stream().filter(m -> m.quantile() != null).toList()) {
            // A summary: only the one quantile (source labels are joined with ';').
            declarations.add(ordered("source_labels", List.of("job", "quantile"),
                    "label_matcher", "^" + VaultTelemetry.JOB + ";" + m.quantile().replace(".", "\\.") + "$",
                    "dimensions", List.of(List.of(VaultTelemetry.DIMENSION)), "metric_selectors", List.of("^" + m.prometheus() + "$")));
        }
        var prometheus = ordered(
                "cluster_name", spec.clusterName(),
                "log_group_name", node.metricsLogGroup(),
                "prometheus_config_path", PROMETHEUS_CONFIG,
                "emf_processor", ordered("metric_declaration_dedup", true, "metric_namespace", namespace,
                        "metric_unit", units, "metric_declaration", declarations));
        var config = ordered(
                // root: the audit log is 0600 vault:vault.
                "agent", ordered("metrics_collection_interval", 60, "run_as_user", "root"),
                "logs", ordered("logs_collected", ordered("files", ordered("collect_list", files)),
                        "metrics_collected", ordered("prometheus", prometheus)),
                "metrics", ordered(
                        "namespace", namespace,
                        "append_dimensions", ordered("AutoScalingGroupName", "${aws:AutoScalingGroupName}",
                                "InstanceId", "${aws:InstanceId}"),
                        "metrics_collected", ordered(
                                "disk", ordered("measurement", List.of("used_percent"),
                                        "resources", List.of("/", paths.raftData(), paths.logDir())),
                                "mem", ordered("measurement", List.of("mem_used_percent")))));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(config) + "\n";
    }

    /**
     * The agent's Prometheus scrape configuration (Prometheus's own {@code scrape_config} format): Vault's loopback
     * listener over HTTPS, verified against the private CA and the name every node certificate carries, keeping only
     * the series {@link VaultTelemetry} names.
     */
    public String prometheusConfig() {
        var job = ordered(
                "job_name", VaultTelemetry.JOB,
                "scheme", "https",
                "metrics_path", "/v1/sys/metrics",
                "params", ordered("format", List.of("prometheus")),
                "tls_config", ordered("ca_file", paths.caCert(), "server_name", spec.leaderTlsServerName()),
                "static_configs", List.of(ordered("targets", List.of("127.0.0.1:" + VaultTelemetry.LISTENER_PORT))),
                "metric_relabel_configs", List.of(ordered("source_labels", List.of("__name__"),
                        "regex", VaultTelemetry.keptSeriesRegex(), "action", "keep")));
        return io.privatevault.components.support.Yaml.render(ordered(
                "global", ordered("scrape_interval", VaultTelemetry.SCRAPE_INTERVAL_SECONDS + "s", "scrape_timeout", "10s"),
                "scrape_configs", List.of(job)));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    public CloudConfig cloudConfig() {
        var files = new ArrayList<CloudConfig.File>();
        files.add(new CloudConfig.File(paths.configTemplate(), serverConfig().render(), "root:root", "0644"));
        files.add(new CloudConfig.File(paths.environment(), environment().render(), "root:root", "0644"));
        for (AclPolicy policy : bootstrapPolicies().values()) {
            files.add(new CloudConfig.File(policyFile(policy), policy.hcl(), "root:root", "0644"));
        }
        spec.bootstrap().recoveryPgpKeyFiles().forEach((file, key) ->
                files.add(new CloudConfig.File(paths.recoveryKeyDir() + "/" + file, key, "root:root", "0644")));
        for (String script : SCRIPTS) {
            files.add(new CloudConfig.File(paths.script(script), nodeCopy(script(script)), "root:root", "0755"));
        }
        for (SystemdUnit unit : units()) {
            files.add(new CloudConfig.File("/etc/systemd/system/" + unit.fileName(), unit.render(), "root:root", "0644"));
        }
        files.add(new CloudConfig.File("/etc/logrotate.d/vault", Logrotate.forVault(paths).render(), "root:root", "0644"));
        files.add(new CloudConfig.File(CW_AGENT_CONFIG, cloudWatchAgentConfig(), "root:root", "0644"));
        files.add(new CloudConfig.File(PROMETHEUS_CONFIG, prometheusConfig(), "root:root", "0644"));
        var enable = new ArrayList<>(List.of("systemctl", "enable", "--now", "vault.service", "vault-init.service", "vault-lifecycle.service"));
        enable.addAll(timers());
        var commands = List.of(
                List.of("systemctl", "mask", "swap.target"),
                List.of("systemctl", "daemon-reload"),
                List.copyOf(enable));
        return new CloudConfig(
                List.of(new CloudConfig.SystemUser("vault", "/opt/vault", "/sbin/nologin")),
                List.of(new CloudConfig.Filesystem(RAFT_DEVICE, "vault-raft", "xfs"),
                        new CloudConfig.Filesystem(AUDIT_DEVICE, "vault-logs", "xfs")),
                List.of(new CloudConfig.Mount("LABEL=vault-raft", paths.raftData(), "xfs", "defaults,nofail,noatime"),
                        new CloudConfig.Mount("LABEL=vault-logs", paths.logDir(), "xfs", "defaults,nofail,noatime")),
                List.copyOf(files), commands);
    }

    /** Relative path -> content, for {@code renderedFiles} and {@code plan --artifacts}. */
    public Map<String, String> rendered() {
        var out = new LinkedHashMap<String, String>();
        out.put("node/vault.hcl", serverConfig().render());
        out.put("node/cluster.env", environment().render());
        for (AclPolicy policy : bootstrapPolicies().values()) {
            out.put("node/policies/" + policy.name() + ".hcl", policy.hcl());
        }
        spec.bootstrap().recoveryPgpKeyFiles().forEach((file, key) -> out.put("node/recovery-pgp/" + file, key));
        for (SystemdUnit unit : units()) {
            out.put("node/" + unit.fileName(), unit.render());
        }
        for (String script : SCRIPTS) {
            out.put("node/" + script, script(script));
        }
        out.put("node/logrotate-vault", Logrotate.forVault(paths).render());
        out.put("node/amazon-cloudwatch-agent.json", cloudWatchAgentConfig());
        out.put("node/prometheus.yaml", prometheusConfig());
        out.put("node/cloud-init.yaml", cloudConfig().render());
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * What the node gets of a script: its full-line comments left out (the shebang and shellcheck directives kept),
     * because EC2 takes at most 16 KiB of user data and the comments are a third of it. The scripts carry no heredoc
     * or multi-line string in which a line could start with '#'; the behaviour tests run these copies.
     */
    static String nodeCopy(String script) {
        var out = new StringBuilder();
        script.lines().forEach(line -> {
            String t = line.strip();
            boolean comment = t.startsWith("#") && !t.startsWith("#!") && !t.startsWith("# shellcheck");
            if (!comment) {
                out.append(line).append('\n');
            }
        });
        return out.toString();
    }

    /** A node script's source; also read by the Kubernetes platform for the shared bootstrap and snapshot upload. */
    public static String script(String name) {
        try (InputStream in = NodeFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing node script resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
