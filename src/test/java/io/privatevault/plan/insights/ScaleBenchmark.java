package io.privatevault.plan.insights;

import io.privatevault.components.testing.MockRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Times the full offline plan for growing stacks: median wall time, resources registered and peak heap per size,
 * and how time grows against resources (a ratio near 1 = linear). Not a unit test: run it with
 * {@code mvn -B -o -Pbenchmark -DskipTests package} (see the root pom) or
 * {@code java -cp <classpath> io.privatevault.plan.insights.ScaleBenchmark --help}.
 */
@Command(name = "scale-benchmark", mixinStandardHelpOptions = true,
        description = "Times the offline plan for stacks of growing size.")
public final class ScaleBenchmark implements Callable<Integer> {
    /** The composition's benchmark hook: a {@link BenchmarkProgram} over VaultPlatform. */
    public static final String DEFAULT_PROGRAM = "io.privatevault.stack.VaultPlatformBenchmarkProgram";
    /** The target for 1,000 tenants on a 2-core build machine. */
    static final double TARGET_SECONDS_AT_1000_TENANTS = 30;

    @Option(names = "--program", description = "BenchmarkProgram class (default: ${DEFAULT-VALUE})")
    String programClass = DEFAULT_PROGRAM;
    @Option(names = "--tenants", split = ",", description = "tenant counts (default: ${DEFAULT-VALUE})")
    List<Integer> tenants = List.of(1, 100, 1000);
    @Option(names = "--engineers", split = ",", description = "engineer counts (default: ${DEFAULT-VALUE})")
    List<Integer> engineers = List.of(10, 500);
    @Option(names = "--runs", description = "timed runs per size; the median is reported (default: ${DEFAULT-VALUE})")
    int runs = 3;
    @Option(names = "--warmup", description = "untimed runs before the first size, for JIT and class loading (default: ${DEFAULT-VALUE})")
    int warmup = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;

    ScaleBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    static int run(PrintStream out, PrintStream err, String... args) {
        var cli = new CommandLine(new ScaleBenchmark(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        return cli.execute(args);
    }

    /** One measured size. */
    public record Measurement(int tenants, int engineers, int resources, double medianMillis, double minMillis,
                              double maxMillis, long peakHeapBytes, long gcCount, double medianCpuMillis) {
        /** Without CPU time (not measured). */
        public Measurement(int tenants, int engineers, int resources, double medianMillis, double minMillis,
                           double maxMillis, long peakHeapBytes, long gcCount) {
            this(tenants, engineers, resources, medianMillis, minMillis, maxMillis, peakHeapBytes, gcCount, -1);
        }
    }

    @Override
    public Integer call() {
        BenchmarkProgram program;
        try {
            program = (BenchmarkProgram) Class.forName(programClass).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no benchmark program class " + programClass
                    + " on the classpath; pass --program <class implementing " + BenchmarkProgram.class.getName() + ">");
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot instantiate " + programClass + ": " + e, e);
        }
        out.printf(Locale.ROOT, "scale benchmark: program %s, %d run(s) per size, %d warm-up, %d cores, max heap %d MB%n",
                programClass, runs, warmup, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (int i = 0; i < warmup; i++) {
            once(program, tenants.get(0), engineers.get(0));
        }
        List<Measurement> results = new ArrayList<>();
        for (int t : tenants) {
            for (int e : engineers) {
                Measurement m = measure(program, t, e);
                results.add(m);
                out.printf(Locale.ROOT, "tenants=%5d engineers=%4d resources=%6d median=%9.1f ms (min %.1f, max %.1f) peakHeap=%6.1f MB gcs=%d cpu=%.1f ms%n",
                        m.tenants(), m.engineers(), m.resources(), m.medianMillis(), m.minMillis(), m.maxMillis(),
                        m.peakHeapBytes() / 1048576.0, m.gcCount(), m.medianCpuMillis());
            }
        }
        out.print(summary(results));
        return 0;
    }

    /** Growth against the smallest size: time ratio / resource ratio (1.0 = linear), and the 1,000-tenant target. */
    static String summary(List<Measurement> results) {
        var sb = new StringBuilder("scaling vs the smallest stack (time ratio / resource ratio; 1.0 = linear):\n");
        Measurement base = results.stream().min(java.util.Comparator.comparingInt(Measurement::resources)).orElseThrow();
        for (Measurement m : results) {
            double resourceRatio = (double) m.resources() / base.resources();
            double timeRatio = m.medianMillis() / base.medianMillis();
            sb.append(String.format(Locale.ROOT, "  tenants=%5d engineers=%4d resources x%.2f time x%.2f -> %.2f, %.3f ms/resource%n",
                    m.tenants(), m.engineers(), resourceRatio, timeRatio, timeRatio / resourceRatio, m.medianMillis() / m.resources()));
        }
        if (results.size() > 1 && results.stream().mapToInt(Measurement::resources).distinct().count() == 1) {
            sb.append("WARNING: every size registered ").append(base.resources())
                    .append(" resources: the program ignores tenants and engineers, so this measures no growth\n");
        }
        if (results.stream().mapToInt(Measurement::resources).distinct().count() >= 2) {
            // Least squares time = fixed + perResource x resources; R^2 near 1 means growth is linear in resources.
            double n = results.size();
            double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
            for (Measurement m : results) {
                double x = m.resources(), y = m.medianMillis();
                sx += x; sy += y; sxx += x * x; sxy += x * y; syy += y * y;
            }
            double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            double fixed = (sy - slope * sx) / n;
            double ssTot = syy - sy * sy / n;
            double ssRes = 0;
            for (Measurement m : results) {
                double e = m.medianMillis() - (fixed + slope * m.resources());
                ssRes += e * e;
            }
            sb.append(String.format(Locale.ROOT, "linear fit: time = %.0f ms + %.3f ms x resources, R^2 = %.3f%n",
                    fixed, slope, ssTot == 0 ? 1 : 1 - ssRes / ssTot));
        }
        results.stream().filter(m -> m.tenants() >= 1000).forEach(m -> sb.append(String.format(Locale.ROOT,
                "target: %d tenants / %d engineers planned in %.1f s (limit %.0f s): %s%n", m.tenants(), m.engineers(),
                m.medianMillis() / 1000, TARGET_SECONDS_AT_1000_TENANTS,
                m.medianMillis() / 1000 < TARGET_SECONDS_AT_1000_TENANTS ? "MET" : "MISSED")));
        return sb.toString();
    }

    Measurement measure(BenchmarkProgram program, int t, int e) {
        double[] millis = new double[runs];
        double[] cpu = new double[runs];
        long peak = 0;
        long gcs = 0;
        int resources = 0;
        for (int i = 0; i < runs; i++) {
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long gcBefore = gcCount();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            resources = once(program, t, e);
            millis[i] = (System.nanoTime() - start) / 1e6;
            cpu[i] = (processCpuNanos() - cpuStart) / 1e6;
            gcs = Math.max(gcs, gcCount() - gcBefore);
            // Sum of per-pool peaks: an upper bound of the heap in use at any one moment of the run.
            peak = Math.max(peak, heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
        }
        double[] sorted = millis.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new Measurement(t, e, resources, median, sorted[0], sorted[sorted.length - 1], peak, gcs, median(cpu));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * CPU time of the whole process (all threads, JIT and GC included), or -1: on a shared machine wall time
     * depends on the load, CPU time much less, so both are printed.
     */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .filter(c -> c >= 0).sum();
    }

    /** One full plan; returns the number of resources registered. */
    private static int once(BenchmarkProgram program, int t, int e) {
        MockRun.Result result = program.mockRun(t, e).run(program.program(t, e));
        if (result.failed()) {
            throw new IllegalStateException("program failed for tenants=" + t + " engineers=" + e + ": " + result.errors());
        }
        Object planned = program.plan(result, e);
        if (planned == null) {
            throw new IllegalStateException("plan returned nothing");
        }
        return result.resources().size();
    }
}
