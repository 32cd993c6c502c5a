package io.privatevault.stack;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import com.pulumi.Context;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.TlsMocks;
import io.privatevault.components.vpn.Pem;
import io.privatevault.plan.JsonRenderer;
import io.privatevault.plan.PlanReport;
import io.privatevault.plan.PlanRunner;
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
 * shipped {@code Pulumi.dev.yaml} (configuration layer enabled) plus {@code tenants} tenants and
 * {@code engineers} VPN engineers, planned exactly as {@code plan --stack dev} does: settings validation, the
 * composition under the mock engine ({@link PlanRunner#mockRun}), the report with insights
 * ({@link PlanRunner#report}) and both renderings (JSON and the default text).
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

    /** The settings and platform of the run in progress (the benchmark calls mockRun, program, plan in turn). */
    private StackSettings settings;
    private int settingsTenants = -1;
    private int settingsEngineers = -1;
    private VaultPlatform platform;

    /** Validated settings: the dev stack file plus the generated tenants and engineers. */
    static StackSettings settings(int tenants, int engineers) {
        return StackSettings.load(ProjectDefinition.bundled(), config(tenants, engineers), "dev");
    }

    /** The dev stack file's configuration with {@code tenants} tenants and {@code engineers} engineers added. */
    static ConfigSource config(int tenants, int engineers) {
        ConfigSource base;
        try {
            base = ConfigSource.fromStackFile(devStackFile());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        var values = new LinkedHashMap<>(base.values());
        var listType = new TypeToken<List<Map<String, Object>>>() { }.getType();
        List<Map<String, Object>> t = new ArrayList<>(GSON.fromJson(values.getOrDefault("private-vault:tenants", "[]"), listType));
        t.addAll(tenants(tenants));
        List<Map<String, Object>> e = new ArrayList<>(GSON.fromJson(values.getOrDefault("private-vault:engineers", "[]"), listType));
        e.addAll(engineers(engineers));
        values.put("private-vault:tenants", GSON.toJson(t));
        values.put("private-vault:engineers", GSON.toJson(e));
        values.put("private-vault:vaultConfigEnabled", "true");
        return new ConfigSource(values, base.secretKeys());
    }

    private static Path devStackFile() {
        return Path.of(System.getProperty("privatevault.projectDir", "."), "Pulumi.dev.yaml");
    }

    /**
     * The same stack as a stack file the CLI reads ({@code plan --stack FILE}): the dev stack file with the
     * generated tenants and engineers appended to its own and the configuration layer on. Written to
     * {@code dir/Pulumi.dev.yaml}, so the stack keeps the name dev.
     */
    @SuppressWarnings("unchecked")
    public static Path writeStackFile(Path dir, int tenants, int engineers) {
        try {
            var yaml = new org.yaml.snakeyaml.Yaml();
            Map<String, Object> doc = yaml.load(Files.readString(devStackFile()));
            var config = (Map<String, Object>) doc.get("config");
            var t = new ArrayList<>((List<Object>) config.getOrDefault("private-vault:tenants", List.of()));
            t.addAll(tenants(tenants));
            var e = new ArrayList<>((List<Object>) config.getOrDefault("private-vault:engineers", List.of()));
            e.addAll(engineers(engineers));
            config.put("private-vault:tenants", t);
            config.put("private-vault:engineers", e);
            config.put("private-vault:vaultConfigEnabled", true);
            Files.createDirectories(dir);
            Path file = dir.resolve("Pulumi.dev.yaml");
            Files.writeString(file, yaml.dump(doc));
            return file;
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

    private StackSettings settingsFor(int tenants, int engineers) {
        if (settings == null || settingsTenants != tenants || settingsEngineers != engineers) {
            settings = settings(tenants, engineers);
            settingsTenants = tenants;
            settingsEngineers = engineers;
        }
        return settings;
    }

    /** The plan's mock run; loads (validates) the settings for this size, which the program then uses. */
    @Override
    public MockRun mockRun(int tenants, int engineers) {
        settings = null;
        return PlanRunner.mockRun(settingsFor(tenants, engineers));
    }

    @Override
    public Consumer<Context> program(int tenants, int engineers) {
        var s = settingsFor(tenants, engineers);
        return ctx -> platform = VaultPlatform.define(ctx, s);
    }

    /** Everything {@code plan} does after the run: report with insights, then the JSON and text renderings. */
    @Override
    public Object plan(MockRun.Result result, int engineers) {
        PlanReport report = PlanRunner.report(settings, result, platform);
        String json = JsonRenderer.render(report, false);
        String text = TextRenderer.render(report, false);
        platform = null;
        return json.length() + text.length() + report.insights().findings().findings().size();
    }
}
