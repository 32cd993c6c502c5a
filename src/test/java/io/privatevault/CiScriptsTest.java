package io.privatevault;

import io.privatevault.components.testing.ExternalTools;
import io.privatevault.components.testing.UsesTools;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's test command ({@code tools/test}) must pass on a fresh Debian machine: it installs every package a
 * test asks for, and {@code .ci/run} runs exactly it.
 */
class CiScriptsTest {
    private static final Path ROOT = TestStacks.projectDir();
    /** Debian's Essential packages, present on every installation (Debian Policy 3.8). */
    private static final Set<String> ESSENTIAL = Set.of("bash", "dash");

    @Test
    @UsesTools
    void theScriptsPassShellcheck() {
        ExternalTools.require("shellcheck", "apt-get install -y shellcheck");
        var run = ExternalTools.run(List.of("shellcheck", ROOT.resolve("tools/test").toString(), ROOT.resolve(".ci/run").toString()));
        assertEquals(0, run.exitCode(), run.all());
    }

    /** Every {@code ExternalTools.require(tool, "apt-get install -y PACKAGE")} names a package the scripts install. */
    @Test
    void everyPackageATestRequiresIsInstalled() throws IOException {
        String test = Files.readString(ROOT.resolve("tools/test"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        var installLine = Pattern.compile("apt-get install -y -qq --no-install-recommends \\\\\\n\\s+([a-z0-9. -]+?)\\s*>/dev/null").matcher(test);
        assertTrue(installLine.find(), "no apt-get install line in tools/test");
        Set<String> installed = new TreeSet<>(List.of(installLine.group(1).trim().split("\\s+")));
        var hint = Pattern.compile("ExternalTools\\.require\\(\"[^\"]+\", \"apt-get install -y ([a-z0-9.-]+)\"\\)");
        Set<String> required = new TreeSet<>();
        for (Path sources : List.of(ROOT.resolve("src/test/java"), ROOT.resolve("components/src/test/java"))) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    var m = hint.matcher(Files.readString(file));
                    while (m.find()) {
                        required.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(required.size() >= 8, "found only " + required);
        required.removeAll(installed);
        required.removeAll(ESSENTIAL);
        // Node.js is a precondition of tools/test; .ci/run installs it on an empty machine.
        assertTrue(required.remove("nodejs") && ci.contains("missing+=(nodejs)"), ".ci/run must bring nodejs");
        assertEquals(Set.of(), required, "packages tests require that tools/test does not install");
    }

    @Test
    void ciRunsTheReadmeCommand() throws IOException {
        var lines = Files.readAllLines(ROOT.resolve(".ci/run")).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals("tools/test", lines.get(lines.size() - 1), ".ci/run must end by running the README's test command");
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("\ntools/test "), "the README's test command is tools/test");
        assertTrue(Files.isExecutable(ROOT.resolve("tools/test")) && Files.isExecutable(ROOT.resolve(".ci/run")));
        assertTrue(Files.readString(ROOT.resolve("tools/test")).contains("\nmvn -B verify\n"));
        assertTrue(Files.isRegularFile(ROOT.resolve("tools/validators/package-lock.json")), "npm ci needs the committed lock file");
        // The plan's kms-key-use check runs the IAM policy simulator from there (plan/insights/IamSimulator).
        String validators = Files.readString(ROOT.resolve("tools/validators/package.json"));
        assertTrue(validators.contains("\"@cloud-copilot/iam-simulate\"") && validators.contains("\"@cloud-copilot/iam-policy\""),
                "tools/validators must pin the IAM policy simulator");
    }
}
