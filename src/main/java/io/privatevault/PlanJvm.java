package io.privatevault;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code java -jar private-vault.jar plan ...} runs the plan in a second JVM started with flags that suit a short
 * batch run of generated code. A jar's manifest cannot carry JVM flags and {@code java -jar} reads none from
 * anywhere else, so starting the JVM again is the only way every user of the documented command gets them.
 * Measured on a 2-core machine (README, "Speed"):
 * <ul>
 *   <li>{@code -XX:TieredStopAtLevel=1}: the plan is over in seconds, long before C2-compiled code pays back the
 *   four CPU-seconds that C2 spends compiling (protobuf reflection, annotation reflection, lambda spinning);</li>
 *   <li>{@code -XX:+UseSerialGC}: one short-lived heap of a few hundred MB; G1's concurrent threads and region
 *   bookkeeping cost more system time than they save;</li>
 *   <li>class data sharing: the first run dumps the classes it loaded into {@code <jar>.jsa} beside the jar
 *   ({@code -XX:ArchiveClassesAtExit}); later runs map it ({@code -XX:SharedArchiveFile}) instead of reading and
 *   verifying some 4,000 classes from the 100 MB jar. The archive is used only while the jar and the JDK are the
 *   ones it was made from ({@code <jar>.jsa.id}), and made again otherwise; without a writable folder there is
 *   none;</li>
 *   <li>{@code -Xlog:disable -Xlog:all=warning,cds*=off:stderr}: JVM warnings go to stderr, never into a
 *   plan on stdout, and class data sharing is silent (it reports every class it leaves out of an archive, and an
 *   archive it cannot map only means a slower start).</li>
 * </ul>
 * JVM options given before {@code -jar} are passed on after these, so they win. The Pulumi program ({@code pulumi
 * up}, no arguments), {@code plan diff} and a JVM started any other way than {@code -jar} run in place, as does
 * every run with {@code PRIVATEVAULT_PLAN_JVM=same} in the environment.
 */
final class PlanJvm {
    /** Set in the second JVM, so it runs the plan itself. */
    static final String CHILD_PROPERTY = "privatevault.planJvm";
    /** Epoch milliseconds at which the first JVM started, for {@code --timings}. */
    static final String STARTED_PROPERTY = "privatevault.startedAt";
    static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
            "-Xlog:disable", "-Xlog:all=warning,cds*=off:stderr");

    private PlanJvm() {
    }

    /** The class data sharing archive beside {@code jar}: to use, to make, or none. */
    record Archive(Path file, boolean usable) {
        Path identity() {
            return file.resolveSibling(file.getFileName() + ".id");
        }

        Path dumping() {
            return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        }
    }

    /**
     * Runs the plan in the second JVM and returns its exit code; empty when this JVM must run it (not a plan, not
     * started with {@code -jar}, already the second JVM, opted out, or the second JVM could not be started).
     */
    static OptionalInt run(String[] args) {
        if (!relaunches(args, System.getProperty(CHILD_PROPERTY), System.getenv("PRIVATEVAULT_PLAN_JVM"))) {
            return OptionalInt.empty();
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        Optional<Path> jar = ownJar();
        Optional<List<String>> jvmOptions = self.arguments().flatMap(a -> jvmOptionsBeforeJar(Arrays.asList(a), jar.orElse(null)));
        if (jar.isEmpty() || jvmOptions.isEmpty() || self.command().isEmpty()) {
            return OptionalInt.empty();
        }
        Archive archive = archive(jar.get());
        long startedAt = self.startInstant().map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis());
        List<String> command = command(self.command().get(), jvmOptions.get(), jar.get(), archive, startedAt, args);
        try {
            Process plan = new ProcessBuilder(command).inheritIO().start();
            // A first JVM stopped by a signal (a CI timeout, say) takes the plan with it.
            Runtime.getRuntime().addShutdownHook(new Thread(plan::destroy));
            int code = plan.waitFor();
            if (archive != null && !archive.usable()) {
                keepDump(archive, jar.get(), code);
            }
            return OptionalInt.of(code);
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(130);
        }
    }

    /** Only {@code plan} (not {@code plan diff}), not in the second JVM, not opted out. */
    static boolean relaunches(String[] args, String childProperty, String environment) {
        return args.length > 0 && args[0].equals("plan") && !(args.length > 1 && args[1].equals("diff"))
                && childProperty == null && !"same".equals(environment);
    }

    /** The JVM options of a command line {@code [options..., -jar, JAR, args...]}, when JAR is {@code jar}. */
    static Optional<List<String>> jvmOptionsBeforeJar(List<String> arguments, Path jar) {
        int at = arguments.indexOf("-jar");
        if (at < 0 || at + 1 >= arguments.size() || jar == null) {
            return Optional.empty();
        }
        Path given = Path.of(arguments.get(at + 1)).toAbsolutePath().normalize();
        return given.equals(jar) ? Optional.of(List.copyOf(arguments.subList(0, at))) : Optional.empty();
    }

    /** The second JVM's command line. */
    static List<String> command(String java, List<String> jvmOptions, Path jar, Archive archive, long startedAt, String[] args) {
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(FLAGS);
        if (archive != null) {
            command.add(archive.usable() ? "-XX:SharedArchiveFile=" + archive.file() : "-XX:ArchiveClassesAtExit=" + archive.dumping());
        }
        command.addAll(jvmOptions);
        command.add("-D" + CHILD_PROPERTY + "=child");
        command.add("-D" + STARTED_PROPERTY + "=" + startedAt);
        command.addAll(List.of("-cp", jar.toString(), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** The jar this class was loaded from, or empty (classes from a folder, as in tests). */
    static Optional<Path> ownJar() {
        try {
            var source = PlanJvm.class.getProtectionDomain().getCodeSource();
            Path location = source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
            return location != null && Files.isRegularFile(location) && location.toString().endsWith(".jar")
                    ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** {@code <jar>.jsa}: usable when its identity matches jar and JDK, to be made when the folder is writable, else null. */
    static Archive archive(Path jar) {
        Path file = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "") + ".jsa");
        var archive = new Archive(file, false);
        try {
            if (Files.isRegularFile(file) && Files.isRegularFile(archive.identity())
                    && Files.readString(archive.identity()).equals(identity(jar))) {
                return new Archive(file, true);
            }
        } catch (IOException e) {
            // unreadable: make it again
        }
        return Files.isWritable(jar.getParent()) ? archive : null;
    }

    /** What the archive was made from: the JDK build and the jar's size and modification time. */
    static String identity(Path jar) throws IOException {
        return System.getProperty("java.vm.version") + " " + System.getProperty("java.home") + " " + Files.size(jar) + " "
                + Files.getLastModifiedTime(jar).toMillis() + "\n";
    }

    /** After a run that dumped the archive: keep it when the run succeeded, else drop it. */
    private static void keepDump(Archive archive, Path jar, int exitCode) {
        Path dump = archive.dumping();
        try {
            if (exitCode == 0 && Files.isRegularFile(dump)) {
                Files.move(dump, archive.file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(archive.identity(), identity(jar));
            } else {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            // no archive this time; the next run tries again
        }
    }
}
