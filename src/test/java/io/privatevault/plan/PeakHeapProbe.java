package io.privatevault.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Java agent that, when its JVM exits, writes the JVM's peak heap (the sum of every heap pool's peak usage since
 * start, the measure {@code ScaleBenchmark} prints) to {@code <folder>/<pid>.heap}, the folder being the agent
 * argument. {@link PlanProcessBenchmark} hands it to every JVM of a run through {@code JDK_JAVA_OPTIONS}, so it
 * measures what {@code java -jar} gives users, a second JVM included, and a jar of an older commit with the same
 * ruler.
 */
public final class PeakHeapProbe {
    private PeakHeapProbe() {
    }

    public static void premain(String folder) {
        Path out = Path.of(folder).resolve(ProcessHandle.current().pid() + ".heap");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            try {
                Files.writeString(out, Long.toString(peak));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }
}
