package io.privatevault.plan;

import io.privatevault.stack.VaultPlatformBenchmarkProgram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What a user gets from the plan, measured from outside: each case runs {@code java -jar JAR plan ...} as its own
 * process, exactly as documented (no JVM flags), and reports the median wall time and CPU time (user + system of
 * every JVM of the run: JIT, GC, every thread, a second JVM included) over the runs, after one untimed run, plus
 * the peak heap of one more run measured by {@link PeakHeapProbe}. With {@code --baseline-jar} (a jar built from an older commit) every case runs against
 * both jars, interleaved run by run so that load from elsewhere on the machine hits both alike, and prints before
 * and after side by side.
 *
 * <p>Run by the {@code -Pbenchmark} profile after {@code package}, or directly:
 * {@code java -cp <test classpath> io.privatevault.plan.PlanProcessBenchmark --jar target/private-vault.jar
 * --baseline-jar /path/to/old/private-vault.jar}.
 */
@Command(name = "plan-process-benchmark", mixinStandardHelpOptions = true,
        description = "Times `java -jar private-vault.jar plan` as separate processes: before and after.")
public final class PlanProcessBenchmark implements Callable<Integer> {
    @Option(names = "--jar", required = true, description = "the jar under test (after)")
    Path jar;
    @Option(names = "--baseline-jar", description = "a jar of an older commit (before); optional")
    Path baselineJar;
    @Option(names = "--project-dir", defaultValue = ".", description = "folder with Pulumi.yaml and the stack files")
    Path projectDir;
    @Option(names = "--runs", defaultValue = "5", description = "timed runs per case and jar; medians are printed")
    int runs;
    @Option(names = "--tenants", defaultValue = "1000", description = "tenants of the large case")
    int tenants;
    @Option(names = "--engineers", defaultValue = "10", description = "VPN engineers of the large case")
    int engineers;

    private final PrintStream out;

    PlanProcessBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlanProcessBenchmark(System.out)).execute(args));
    }

    /** Wall, CPU and peak heap of one case and jar. */
    record Figures(double wallSeconds, double minWall, double maxWall, double cpuSeconds, long peakHeapBytes) {
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("plan-benchmark");
        Path large = VaultPlatformBenchmarkProgram.writeStackFiles(work.resolve("large"), tenants, engineers);
        var cases = List.of(
                new String[]{"plan --stack prod --format json", "--stack", "prod"},
                new String[]{"plan, dev-config + " + tenants + " tenants on dev + " + engineers + " engineers, --format json", "--stack", large.toString()});
        out.printf(Locale.ROOT, "plan process benchmark: %d cores, %s, %d runs per case and jar (medians), load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), runs,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.printf(Locale.ROOT, "%-58s %-7s %22s %10s %12s%n", "case", "jar", "wall median (min-max)", "CPU", "peak heap");
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("plan", "--project-dir", projectDir.toAbsolutePath().toString()));
            args.addAll(Arrays.asList(c).subList(1, c.length));
            args.addAll(List.of("--format", "json"));
            var after = new ArrayList<double[]>();
            var before = new ArrayList<double[]>();
            // One untimed run each: fills the page cache, and lets the jar make its class data sharing archive.
            timed(jar, args);
            if (baselineJar != null) {
                timed(baselineJar, args);
            }
            for (int i = 0; i < runs; i++) {
                if (baselineJar != null) {
                    before.add(timed(baselineJar, args));
                }
                after.add(timed(jar, args));
            }
            if (baselineJar != null) {
                print(c[0], "before", figures(before, peakHeap(baselineJar, args, work)));
                print("", "after", figures(after, peakHeap(jar, args, work)));
            } else {
                print(c[0], "this", figures(after, peakHeap(jar, args, work)));
            }
        }
        return 0;
    }

    private void print(String name, String which, Figures f) {
        out.printf(Locale.ROOT, "%-58s %-7s %8.2f s (%.2f-%.2f) %8.2f s %9.0f MB%n", name, which, f.wallSeconds(), f.minWall(),
                f.maxWall(), f.cpuSeconds(), f.peakHeapBytes() / 1048576.0);
    }

    private static Figures figures(List<double[]> runs, long peakHeap) {
        double[] wall = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
        double[] cpu = runs.stream().mapToDouble(r -> r[1]).sorted().toArray();
        return new Figures(median(wall), wall[0], wall[wall.length - 1], median(cpu), peakHeap);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One {@code java -jar} run: {wall seconds, CPU seconds}. Output goes to a file, as a redirect would. */
    private static double[] timed(Path jar, List<String> args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString()));
        command.addAll(args);
        long cpuBefore = childrenCpuMillis();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int code = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code);
        }
        return new double[]{wall, (childrenCpuMillis() - cpuBefore) / 1000.0};
    }

    /**
     * Peak heap of one {@code java -jar} run: the largest of its JVMs' peaks (a second JVM included), reported by
     * {@link PeakHeapProbe}, which {@code JDK_JAVA_OPTIONS} loads into every JVM the {@code java} launcher starts.
     */
    private static long peakHeap(Path jar, List<String> args, Path work) throws IOException, InterruptedException {
        Path reports = Files.createTempDirectory(work, "heap");
        var command = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString()));
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JDK_JAVA_OPTIONS", "-javaagent:" + probeJar(work) + "=" + reports);
        int code = builder.start().waitFor();
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code);
        }
        long peak = 0;
        try (var files = Files.list(reports)) {
            for (Path report : files.toList()) {
                peak = Math.max(peak, Long.parseLong(Files.readString(report).trim()));
            }
        }
        return peak;
    }

    /** A jar holding {@link PeakHeapProbe} as a Java agent ({@code Premain-Class}), made once per benchmark. */
    private static Path probeJar(Path work) throws IOException {
        Path jar = work.resolve("peak-heap-probe.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        var manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", PeakHeapProbe.class.getName());
        String entry = PeakHeapProbe.class.getName().replace('.', '/') + ".class";
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest);
             var in = PeakHeapProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * CPU time (user + system, milliseconds) of this process's finished children, from {@code /proc/self/stat}
     * (cutime + cstime, in USER_HZ = 100 ticks a second on Linux): the kernel adds a child's times when it is reaped.
     */
    static long childrenCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17.
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
        } catch (IOException e) {
            throw new UncheckedIOException("CPU time of child processes needs Linux /proc", e);
        }
    }
}
