package io.privatevault.plan.insights;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Self-test of the benchmark harness with the {@link SyntheticStandInProgram}; the real figures come from the profile. */
class ScaleBenchmarkTest {
    private static String[] run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = ScaleBenchmark.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new String[]{String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void measuresEverySizeWithResourcesAndHeap() {
        var result = run("--program", SyntheticStandInProgram.class.getName(), "--tenants", "1,30", "--engineers", "2",
                "--runs", "1", "--warmup", "0");
        assertEquals("0", result[0], result[2]);
        var line = Pattern.compile("tenants=\\s*(\\d+) engineers=\\s*(\\d+) resources=\\s*(\\d+) median=\\s*([0-9.]+) ms.*peakHeap=\\s*([0-9.]+) MB");
        var matcher = line.matcher(result[1]);
        assertTrue(matcher.find(), result[1]);
        // 1 key + 1 policy + 2 secrets (the stack resource itself is registered too)
        int small = Integer.parseInt(matcher.group(3));
        assertTrue(Double.parseDouble(matcher.group(5)) > 0, result[1]);
        assertTrue(matcher.find(), result[1]);
        int large = Integer.parseInt(matcher.group(3));
        assertEquals(29, large - small, result[1]);
        assertTrue(Double.parseDouble(matcher.group(4)) > 0);
        assertTrue(result[1].contains("scaling vs the smallest stack"), result[1]);
    }

    @Test
    void missingProgramIsAUsageErrorNamingTheClass() {
        var result = run("--program", "io.privatevault.nowhere.Missing", "--runs", "1");
        assertEquals("2", result[0]);
        assertTrue(result[2].contains("io.privatevault.nowhere.Missing"), result[2]);
    }

    @Test
    void summaryReportsLinearityAndTheTarget() {
        var small = new ScaleBenchmark.Measurement(1, 10, 100, 1000, 900, 1100, 1 << 20, 1);
        var big = new ScaleBenchmark.Measurement(1000, 10, 10_000, 150_000, 140_000, 160_000, 1 << 28, 10);
        var text = ScaleBenchmark.summary(List.of(small, big));
        assertTrue(text.contains("resources x100.00 time x150.00 -> 1.50"), text);
        assertTrue(text.contains("planned in 150.0 s (limit 30 s): MISSED"), text);
        // Two points fit exactly: 1000 = a + 100 b, 150000 = a + 10000 b.
        assertTrue(text.contains("linear fit: time = -505 ms + 15.051 ms x resources, R^2 = 1.000"), text);
        var fast = new ScaleBenchmark.Measurement(1000, 500, 10_000, 20_000, 19_000, 21_000, 1 << 28, 10);
        assertTrue(ScaleBenchmark.summary(List.of(small, fast)).contains("MET"));
        assertTrue(!text.contains("WARNING"), text);
        var flat = new ScaleBenchmark.Measurement(1000, 10, 100, 900, 900, 900, 1 << 20, 1);
        assertTrue(ScaleBenchmark.summary(List.of(small, flat)).contains("WARNING: every size registered 100 resources"));
    }
}
