package io.privatevault.stack;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import com.pulumi.Context;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.TlsMocks;
import io.privatevault.components.vpn.Pem;
import io.privatevault.plan.ConfigurationPlan;
import io.privatevault.plan.JsonRenderer;
import io.privatevault.plan.PlanReport;
import io.privatevault.plan.TextRenderer;
import io.privatevault.plan.insights.BenchmarkProgram;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The scale benchmark's program ({@link io.privatevault.plan.insights.ScaleBenchmark#DEFAULT_PROGRAM}): the
 * shipped {@code Pulumi.dev-config.yaml} plus {@code tenants} tenants, on the shipped {@code Pulumi.dev.yaml} plus
 * {@code engineers} VPN engineers, planned exactly as {@code plan --stack dev-config} does: settings validation of
 * both stacks, the platform stack's program under the mock engine (its outputs answer the configuration's
 * StackReference), the configuration's composition under the mock engine, its report with insights
 * ({@link ConfigurationPlan#report}) and
 * both renderings (JSON and the default text). Every timed run plans both stacks; the resources it reports are the
 * configuration stack's (the platform's, a fixed share per engineer count, are in the time, not the count).
 *
 * <p>Tenants cycle through AppRole, Kubernetes on the dev stack's {@code apps-dev} cluster, and Kubernetes with a
 * transit key; engineers ({@code e0}, {@code e1}, ...) alternate between generated keys and CSR mode. CSR mode gets a real PEM CSR per engineer
 * (CN = the name) signed by one of a few RSA 2048 keys made once, as an engineer would submit it: making CSRs
 * is the engineer's work, not the plan's, so they are cached across runs.
 */
public final class VaultPlatformBenchmarkProgram implements BenchmarkProgram {
    private static final Gson GSON = new Gson();
    private static final int CSR_KEYS = 4;
    private static final Map<String, String> CSRS = new ConcurrentHashMap<>();
    private static volatile List<KeyPair> csrKeys;

    /** The settings, platform plan and configuration of the run in progress (the benchmark calls mockRun, program, plan in turn). */
    private ConfigurationSettings settings;
    private StackSettings platformSettings;
    private MockRun.Result platformRun;
    private VaultConfiguration configuration;

    /** Validated platform settings: the dev stack file plus the generated engineers. */
    static StackSettings platform(int engineers) {
        return StackSettings.load(ProjectDefinition.bundled(), platformConfig(engineers), "dev");
    }

    /** Validated configuration settings: the dev-config stack file plus the generated tenants. */
    static ConfigurationSettings configuration(int tenants) {
        return ConfigurationSettings.load(ProjectDefinition.bundled(), configurationConfig(tenants), "dev-config");
    }

    private static Path stackFilePath(String stack) {
        return Path.of(System.getProperty("privatevault.projectDir", "."), "Pulumi." + stack + ".yaml");
    }

    private static ConfigSource stackFile(String stack) {
        try {
            return ConfigSource.fromStackFile(stackFilePath(stack));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The dev-config stack file's configuration with {@code tenants} tenants added. */
    static ConfigSource configurationConfig(int tenants) {
        return withAdded(stackFile("dev-config"), "private-vault:tenants", tenants(tenants));
    }

    /** The dev stack file's configuration with {@code engineers} engineers added. */
    static ConfigSource platformConfig(int engineers) {
        return withAdded(stackFile("dev"), "private-vault:engineers", engineers(engineers));
    }

    private static ConfigSource withAdded(ConfigSource base, String key, List<Map<String, Object>> added) {
        var values = new LinkedHashMap<>(base.values());
        var listType = new TypeToken<List<Map<String, Object>>>() { }.getType();
        List<Map<String, Object>> items = new ArrayList<>(GSON.fromJson(values.getOrDefault(key, "[]"), listType));
        items.addAll(added);
        values.put(key, GSON.toJson(items));
        return new ConfigSource(values, base.secretKeys());
    }

    /**
     * The same two stacks as stack files the CLI reads: {@code dir/Pulumi.dev.yaml} (the dev stack file plus the
     * engineers) and {@code dir/Pulumi.dev-config.yaml} (the dev-config stack file plus the tenants), so that
     * {@code plan --stack dir/Pulumi.dev-config.yaml} plans them as the in-process program does. Returns the latter.
     */
    @SuppressWarnings("unchecked")
    public static Path writeStackFiles(Path dir, int tenants, int engineers) {
        try {
            Files.createDirectories(dir);
            var yaml = new org.yaml.snakeyaml.Yaml();
            for (var entry : Map.of("dev", Map.entry("private-vault:engineers", engineers(engineers)),
                    "dev-config", Map.entry("private-vault:tenants", tenants(tenants))).entrySet()) {
                Map<String, Object> doc = yaml.load(Files.readString(stackFilePath(entry.getKey())));
                var config = (Map<String, Object>) doc.get("config");
                var items = new ArrayList<>((List<Object>) config.getOrDefault(entry.getValue().getKey(), List.of()));
                items.addAll(entry.getValue().getValue());
                config.put(entry.getValue().getKey(), items);
                Files.writeString(dir.resolve("Pulumi." + entry.getKey() + ".yaml"), yaml.dump(doc));
            }
            return dir.resolve("Pulumi.dev-config.yaml");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** {@code count} tenants cycling through AppRole, Kubernetes, and Kubernetes with a transit key. */
    static List<Map<String, Object>> tenants(int count) {
        var result = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < count; i++) {
            var tenant = new LinkedHashMap<String, Object>();
            tenant.put("name", "tenant-" + i);
            if (i % 3 == 0) {
                tenant.put("auth", "approle");
                tenant.put("cidrs", List.of("10.60." + (i % 256) + ".0/24"));
            } else {
                tenant.put("auth", "kubernetes");
                tenant.put("cluster", "apps-dev");
                tenant.put("namespaces", List.of("tenant-" + i));
                tenant.put("serviceAccounts", List.of("tenant-" + i + "-api"));
                tenant.put("transit", i % 3 == 2);
            }
            result.add(tenant);
        }
        return result;
    }

    /** {@code count} engineers, alternating generated keys and CSR mode. */
    static List<Map<String, Object>> engineers(int count) {
        var result = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < count; i++) {
            // Short names: the connect handler's allow-list must fit Lambda's 4 KB environment (ConnectHandler), which
            // holds ~500 names of up to 4 characters but only ~200 of 15.
            String name = "e" + i;
            result.add(i % 2 == 0 ? Map.of("name", name, "mode", "generated") : Map.of("name", name, "mode", "csr", "csr", csr(name)));
        }
        return result;
    }

    /** A real PEM CSR with subject CN={@code name}, signed with one of a few RSA 2048 keys (made once). */
    static String csr(String name) {
        return CSRS.computeIfAbsent(name, n -> {
            KeyPair pair = keys().get(Math.floorMod(n.hashCode(), CSR_KEYS));
            var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + n), pair.getPublic());
            return Pem.write(builder.build(TlsMocks.signer(pair))).replace("\r\n", "\n");
        });
    }

    private static List<KeyPair> keys() {
        if (csrKeys == null) {
            synchronized (VaultPlatformBenchmarkProgram.class) {
                if (csrKeys == null) {
                    try {
                        var generator = KeyPairGenerator.getInstance("RSA");
                        generator.initialize(2048, new SecureRandom());
                        var made = new ArrayList<KeyPair>();
                        for (int i = 0; i < CSR_KEYS; i++) {
                            made.add(generator.generateKeyPair());
                        }
                        csrKeys = List.copyOf(made);
                    } catch (GeneralSecurityException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            }
        }
        return csrKeys;
    }

    /** Validates both stacks and plans the platform (its outputs answer the StackReference); returns the configuration's run. */
    @Override
    public MockRun mockRun(int tenants, int engineers) {
        settings = configuration(tenants);
        platformSettings = platform(engineers);
        platformRun = ConfigurationPlan.platformRun(platformSettings);
        return ConfigurationPlan.mockRun(settings, platformSettings, platformRun);
    }

    @Override
    public Consumer<Context> program(int tenants, int engineers) {
        var s = settings;
        return ctx -> configuration = VaultConfiguration.define(ctx, s);
    }

    /** Everything {@code plan} does after the run: report with insights, then the JSON and text renderings. */
    @Override
    public Object plan(MockRun.Result result, int engineers) {
        PlanReport report = ConfigurationPlan.report(settings, platformSettings, platformRun, result, configuration);
        String json = JsonRenderer.render(report, false);
        String text = TextRenderer.render(report, false);
        configuration = null;
        platformRun = null;
        return json.length() + text.length() + report.insights().findings().findings().size();
    }
}
