package io.privatevault.plan.insights;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An AWS IAM policy simulator, {@code @cloud-copilot/iam-simulate} (npm, pinned in {@code tools/validators}), run by
 * Node.js over a batch of requests in one process: identity and resource policies together, with AWS's same-account
 * and KMS key-policy trust rules and every condition operator. The offline plan finds it in the project's
 * {@code tools/validators/node_modules} (installed by {@code npm ci --prefix tools/validators}, which
 * {@code tools/test} runs), looking upward from the working directory and from the jar, or where
 * {@code PRIVATEVAULT_NODE_MODULES} points; Node.js is {@code node} on the PATH or {@code PRIVATEVAULT_NODE}.
 * Without either, {@link #locate} says what is missing and the checks that need it are reported as not run.
 */
public final class IamSimulator {
    /** The simulator package, as npm names it. */
    static final String PACKAGE = "@cloud-copilot/iam-simulate";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    /** Verdicts of recent batches: a batch is a pure function of its requests (plans of one stack repeat them). */
    private static final Map<String, List<Verdict>> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Verdict>> eldest) {
            return size() > 16;
        }
    };

    private final Path node;
    private final Path modules;

    private IamSimulator(Path node, Path modules) {
        this.node = node;
        this.modules = modules;
    }

    /**
     * One authorization request and the policies that decide it.
     *
     * @param principal        the caller: an IAM role ARN, or a service principal such as {@code logs.eu-west-1.amazonaws.com}
     * @param resourceAccount  the account owning {@code resource}
     * @param context          request context keys ({@code kms:ViaService}, {@code aws:PrincipalArn}, ...): strings or lists
     * @param identityPolicies the caller's IAM policies (JSON), none for a service principal
     * @param resourcePolicy   the resource's policy (key policy, bucket policy, secret policy, topic policy), or null
     */
    public record Request(String id, String principal, String action, String resource, String resourceAccount,
                         Map<String, Object> context, List<String> identityPolicies, String resourcePolicy) {
    }

    /** {@code Allowed}, {@code ImplicitlyDenied}, {@code ExplicitlyDenied}, or {@code Error} with the simulator's errors. */
    public record Verdict(String id, String result, List<String> errors) {
        public boolean allowed() {
            return "Allowed".equals(result);
        }

        public boolean error() {
            return "Error".equals(result);
        }
    }

    /** The simulator on this machine, or {@link NotJudgedException} saying what is missing and how to install it. */
    public static IamSimulator locate() {
        var starts = new ArrayList<Path>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            var source = IamSimulator.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                starts.add(Path.of(source.getLocation().toURI()).toAbsolutePath());
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // no jar location: the working directory is the only place to look
        }
        return locate(System.getenv(), starts);
    }

    /** The simulator as {@code environment} and the folders above {@code starts} provide it. */
    static IamSimulator locate(Map<String, String> environment, List<Path> starts) {
        Path node = nodeExecutable(environment).orElseThrow(() -> new NotJudgedException(
                "Node.js is not installed (no `node` on the PATH, nor PRIVATEVAULT_NODE): install Node.js 20 "
                        + "(apt-get install -y nodejs), then `npm ci --prefix tools/validators`"));
        Path modules = nodeModules(environment, starts).orElseThrow(() -> new NotJudgedException(
                "the IAM policy simulator " + PACKAGE + " is not installed: run `npm ci --prefix tools/validators` in the project"
                        + " (looked in tools/validators/node_modules above " + starts
                        + "; PRIVATEVAULT_NODE_MODULES overrides)"));
        return new IamSimulator(node, modules);
    }

    private static Optional<Path> nodeExecutable(Map<String, String> environment) {
        String explicit = environment.get("PRIVATEVAULT_NODE");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        for (String dir : environment.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
                return Optional.of(Path.of(dir, "node"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> nodeModules(Map<String, String> environment, List<Path> starts) {
        String explicit = environment.get("PRIVATEVAULT_NODE_MODULES");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(IamSimulator::holdsSimulator);
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("tools/validators/node_modules");
                if (holdsSimulator(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean holdsSimulator(Path modules) {
        return Files.isRegularFile(modules.resolve(PACKAGE).resolve("package.json"));
    }

    /** Runs every request in one Node.js process; verdicts in request order. */
    public List<Verdict> run(List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        var input = new LinkedHashMap<String, Object>();
        input.put("simulations", requests);
        String json = GSON.toJson(input);
        synchronized (CACHE) {
            var cached = CACHE.get(json);
            if (cached != null) {
                return cached;
            }
        }
        var verdicts = simulate(json);
        synchronized (CACHE) {
            CACHE.put(json, verdicts);
        }
        return verdicts;
    }

    /** A simulator process waiting for its input, and where its errors go. */
    private record Started(Path node, Path modules, Process process, Path err) {
        void discard() {
            process.destroyForcibly();
            try {
                Files.deleteIfExists(err);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    /** The process {@link #prestart} started, until a run takes it. */
    private static final AtomicReference<Started> SPARE = new AtomicReference<>();
    private static final AtomicBoolean STOP_AT_EXIT = new AtomicBoolean();

    /**
     * Starts a simulator process ahead of its input, so that loading Node.js and the simulator (most of a run's time)
     * overlaps the plan's mock run; the next {@link #run} takes it. Best effort: without Node.js or the simulator,
     * nothing starts, and the check says why when it runs. The process is stopped at exit if no run took it.
     */
    public static void prestart() {
        try {
            var simulator = locate();
            var started = simulator.start();
            if (!SPARE.compareAndSet(null, started)) {
                started.discard();
            } else if (!STOP_AT_EXIT.getAndSet(true)) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    var left = SPARE.getAndSet(null);
                    if (left != null) {
                        left.discard();
                    }
                }));
            }
        } catch (NotJudgedException | IOException e) {
            // reported by the check itself
        }
    }

    private Started start() throws IOException {
        var builder = new ProcessBuilder(node.toString(), "-e", driver());
        builder.environment().put("NODE_PATH", modules.toString());
        Path err = Files.createTempFile("iam-simulate", ".err");
        builder.redirectError(err.toFile());
        return new Started(node, modules, builder.start(), err);
    }

    /** The prestarted process when it runs this simulator, else a new one. */
    private Started take() throws IOException {
        var spare = SPARE.getAndSet(null);
        if (spare != null && spare.node().equals(node) && spare.modules().equals(modules) && spare.process().isAlive()) {
            return spare;
        }
        if (spare != null) {
            spare.discard();
        }
        return start();
    }

    private List<Verdict> simulate(String json) {
        try {
            var started = take();
            Process process = started.process();
            Path err = started.err();
            try (var stdin = process.getOutputStream()) {
                stdin.write(json.getBytes(StandardCharsets.UTF_8));
            }
            String out;
            try (InputStream stdout = process.getInputStream()) {
                out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the IAM policy simulator did not finish in 120 s");
            }
            String errors = Files.readString(err, StandardCharsets.UTF_8);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the IAM policy simulator failed (exit " + process.exitValue() + "): " + errors.strip());
            }
            JsonObject doc = JsonParser.parseString(out).getAsJsonObject();
            var verdicts = new ArrayList<Verdict>();
            doc.getAsJsonArray("results").forEach(r -> {
                var o = r.getAsJsonObject();
                var messages = new ArrayList<String>();
                o.getAsJsonArray("errors").forEach(e -> messages.add(e.getAsString()));
                verdicts.add(new Verdict(o.get("id").getAsString(), o.get("result").getAsString(), List.copyOf(messages)));
            });
            return List.copyOf(verdicts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the IAM policy simulator with " + node, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String driver() throws IOException {
        try (InputStream in = IamSimulator.class.getResourceAsStream("iam-simulate.js")) {
            if (in == null) {
                throw new IllegalStateException("iam-simulate.js missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
