package io.privatevault;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class PlanJvmTest {
    @Test
    void onlyThePlanIsRelaunchedAndOnlyOnce() {
        assertTrue(PlanJvm.relaunches(new String[]{"plan", "--stack", "dev"}, null, null));
        assertTrue(PlanJvm.relaunches(new String[]{"plan"}, null, ""));
        assertFalse(PlanJvm.relaunches(new String[]{"plan", "diff", "a.json", "b.json"}, null, null), "diff is quick in place");
        assertFalse(PlanJvm.relaunches(new String[]{}, null, null), "the Pulumi program itself");
        assertFalse(PlanJvm.relaunches(new String[]{"--version"}, null, null));
        assertFalse(PlanJvm.relaunches(new String[]{"plan", "--stack", "dev"}, "child", null), "the second JVM runs the plan");
        assertFalse(PlanJvm.relaunches(new String[]{"plan", "--stack", "dev"}, null, "same"), "opted out");
    }

    @Test
    void jvmOptionsAreThoseBeforeTheJar() {
        Path jar = Path.of("/opt/pv/private-vault.jar");
        assertEquals(Optional.of(List.of("-Xmx2g", "-Dx=y")),
                PlanJvm.jvmOptionsBeforeJar(List.of("-Xmx2g", "-Dx=y", "-jar", "/opt/pv/private-vault.jar", "plan"), jar));
        assertEquals(Optional.of(List.of()), PlanJvm.jvmOptionsBeforeJar(List.of("-jar", "/opt/pv/./private-vault.jar", "plan"), jar));
        assertEquals(Optional.empty(), PlanJvm.jvmOptionsBeforeJar(List.of("-cp", "/opt/pv/private-vault.jar", "io.privatevault.Main"), jar),
                "started without -jar: the caller chose the JVM's options");
        assertEquals(Optional.empty(), PlanJvm.jvmOptionsBeforeJar(List.of("-jar", "/elsewhere/other.jar", "plan"), jar));
    }

    /** The flags first, then the user's options (later options win), then the class path and the same arguments. */
    @Test
    void theSecondJvmGetsTheFlagsThenTheUsersOptions() {
        Path jar = Path.of("/opt/pv/private-vault.jar");
        var archive = new PlanJvm.Archive(Path.of("/opt/pv/private-vault.jsa"), true);
        var command = PlanJvm.command("/usr/bin/java", List.of("-XX:TieredStopAtLevel=4"), jar, archive, 42L,
                new String[]{"plan", "--stack", "prod"});
        var expected = new ArrayList<>(List.of("/usr/bin/java"));
        expected.addAll(PlanJvm.FLAGS);
        expected.addAll(List.of("-XX:SharedArchiveFile=/opt/pv/private-vault.jsa", "-XX:TieredStopAtLevel=4",
                "-Dprivatevault.planJvm=child", "-Dprivatevault.startedAt=42", "-cp", "/opt/pv/private-vault.jar",
                "io.privatevault.Main", "plan", "--stack", "prod"));
        assertEquals(expected, command);
        var dumping = PlanJvm.command("java", List.of(), jar, new PlanJvm.Archive(Path.of("/opt/pv/private-vault.jsa"), false), 1L, new String[]{"plan"});
        assertTrue(dumping.stream().anyMatch(a -> a.matches("-XX:ArchiveClassesAtExit=/opt/pv/private-vault\\.jsa\\.\\d+\\.tmp")), dumping.toString());
        var none = PlanJvm.command("java", List.of(), jar, null, 1L, new String[]{"plan"});
        assertTrue(none.stream().noneMatch(a -> a.contains("Archive")), none.toString());
    }

    /** The archive is used only while the jar and the JDK are those it was made from. */
    @Test
    void theArchiveIsUsedOnlyForTheJarAndJdkThatMadeIt(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("private-vault.jar"), "jar bytes");
        var fresh = PlanJvm.archive(jar);
        assertEquals(dir.resolve("private-vault.jsa"), fresh.file());
        assertFalse(fresh.usable(), "no archive yet: this run makes one");
        Files.writeString(fresh.file(), "archive");
        Files.writeString(fresh.identity(), PlanJvm.identity(jar));
        assertTrue(PlanJvm.archive(jar).usable());
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertFalse(PlanJvm.archive(jar).usable(), "a rebuilt jar needs a new archive");
        Files.writeString(fresh.identity(), PlanJvm.identity(jar).replace(System.getProperty("java.vm.version"), "other-jdk"));
        assertFalse(PlanJvm.archive(jar).usable(), "another JDK needs a new archive");
    }

    /**
     * End to end through {@code java -jar}: a jar of this build's classes (dependencies by manifest Class-Path) runs
     * the plan in a second JVM, whose output is byte for byte the in-place one; its first run makes the archive,
     * the next uses it, and nothing but the plan reaches stdout.
     */
    @Test
    @Tag("slow")
    void javaJarRunsThePlanInTheSecondJvm(@TempDir Path dir) throws Exception {
        Path jar = thinJar(dir);
        var args = List.of("plan", "--stack", "prod", "--format", "json", "--project-dir",
                System.getProperty("privatevault.projectDir", "."));
        var inPlace = new java.io.StringWriter();
        assertEquals(0, Main.cli(args.toArray(String[]::new), new java.io.PrintWriter(inPlace), new java.io.PrintWriter(System.err)));
        for (int run = 1; run <= 2; run++) {
            var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
            command.addAll(args);
            Path out = dir.resolve("out" + run);
            Path err = dir.resolve("err" + run);
            var process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            process.environment().remove("PRIVATEVAULT_PLAN_JVM");
            Process started = process.start();
            assertTrue(started.waitFor(180, TimeUnit.SECONDS), "plan did not finish");
            assertEquals(0, started.exitValue(), Files.readString(err));
            assertEquals(inPlace.toString(), Files.readString(out), "run " + run + " printed something else than the plan");
            assertEquals("", Files.readString(err), "run " + run + " printed to stderr");
            assertTrue(Files.isRegularFile(dir.resolve("private-vault.jsa")), "run " + run + " left no class data sharing archive");
        }
    }

    /**
     * This build's classes in a jar whose manifest names this test JVM's class path (surefire's manifest-only jar
     * among it), so the jar runs like the shaded one: the plan's classes come from the jar itself.
     */
    private static Path thinJar(Path dir) throws IOException {
        var entries = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toUri().toString()).toList();
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", entries));
        Path main = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path jar = dir.resolve("private-vault.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest); var files = Files.walk(main)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(main.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
