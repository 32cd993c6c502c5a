package io.privatevault.components.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the real validators that .ci/run installs (Debian: shellcheck, cloud-init, systemd, openvpn;
 * npm in tools/validators: ajv-cli, @cdktf/hcl2json). A missing tool fails the test with the install
 * command: these checks never pass silently. Tests that use them are tagged {@link UsesTools}.
 */
public final class ExternalTools {
    private ExternalTools() {
    }

    /** Output and exit code of a finished tool run. */
    public record Run(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    /**
     * The fast path ({@code -Pfast}) excludes tests tagged {@link UsesTools}; a test that reaches a tool without the
     * tag is reported as skipped there (never as passed), and runs in full with {@code mvn -B verify}.
     */
    private static void skipInFastPath() {
        if ("skip".equals(System.getProperty("privatevault.tools"))) {
            Assumptions.abort("runs an external tool: left out of the fast path (tag it @UsesTools); mvn -B verify runs it");
        }
    }

    /** Fails the test unless {@code command} is on the PATH. */
    public static void require(String command, String installHint) {
        skipInFastPath();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        fail(command + " is not installed; it is required for this check (" + installHint + "; .ci/run installs it)");
    }

    /** The repository root: the nearest folder above the working directory holding tools/validators. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("tools/validators"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("cannot find tools/validators above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The npm validators folder, failing when {@code npm ci} has not been run there. */
    public static Path validators() {
        skipInFastPath();
        Path dir = repoRoot().resolve("tools/validators");
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            fail("npm validators are not installed: run `npm ci --prefix tools/validators` (.ci/run does)");
        }
        require("node", "apt-get install -y nodejs");
        return dir;
    }

    public static Run run(List<String> command) {
        return run(command, null);
    }

    public static Run run(List<String> command, Path workingDirectory) {
        try {
            var builder = new ProcessBuilder(command);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            Path out = Files.createTempFile("tool", ".out");
            Path err = Files.createTempFile("tool", ".err");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("timed out: " + command);
            }
            var run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return run;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Parses HCL files with HashiCorp's parser; returns the JSON text {"file": {...}}; fails on a parse error. */
    public static String hclToJson(Path... files) {
        Path dir = validators();
        var command = new ArrayList<>(List.of("node", dir.resolve("hcl2json.js").toString()));
        for (Path f : files) {
            command.add(f.toAbsolutePath().toString());
        }
        Run run = run(command);
        if (run.exitCode() != 0) {
            fail("HCL parser rejected the file: " + run.all());
        }
        return run.stdout();
    }

    /** Validates data files against a JSON Schema (draft 2020-12) with ajv-cli; returns the run. */
    public static Run ajv(Path schema, Path... data) {
        Path dir = validators();
        var command = new ArrayList<>(List.of(dir.resolve("node_modules/.bin/ajv").toString(), "validate",
                "--spec=draft2020", "--strict=false", "--all-errors", "--errors=text", "-c", "ajv-formats",
                "-s", schema.toAbsolutePath().toString()));
        for (Path d : data) {
            command.add("-d");
            command.add(d.toAbsolutePath().toString());
        }
        return run(command, dir);
    }
}
