package io.privatevault.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs any build's {@code io.privatevault.Main} with the given arguments and, when it exits, writes the peak heap
 * (the sum of every heap pool's peak usage since JVM start, the same measure {@code ScaleBenchmark} prints) to the
 * file named by {@code -Dprobe.out}. {@link PlanProcessBenchmark} puts it on the class path behind a jar, so the
 * jar of an older commit is measured with the same ruler as the current one.
 */
public final class PeakHeapProbe {
    private PeakHeapProbe() {
    }

    public static void main(String[] args) throws Throwable {
        Path out = Path.of(System.getProperty("probe.out"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            long gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
            try {
                Files.writeString(out, peak + " " + gcs + " " + Runtime.getRuntime().maxMemory() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        try {
            Class.forName("io.privatevault.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
