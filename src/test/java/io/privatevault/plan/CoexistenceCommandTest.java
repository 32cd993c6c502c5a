package io.privatevault.plan;

import io.privatevault.Main;
import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code plan coexistence}: exit 0 when no two stacks share a name, 1 with the shared names, 2 on a usage error. */
class CoexistenceCommandTest {
    private static PlanCommandTest.Outcome run(Path projectDir, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        String[] full = new String[args.length + 4];
        full[0] = "plan";
        full[1] = "--project-dir";
        full[2] = projectDir.toString();
        full[3] = "coexistence";
        System.arraycopy(args, 0, full, 4, args.length);
        int code = Main.cli(full, new PrintWriter(out, true), new PrintWriter(err, true));
        return new PlanCommandTest.Outcome(code, out.toString(), err.toString());
    }

    @Test
    void theShippedPlatformStacksShareNoName() {
        var outcome = run(TestStacks.projectDir(), "dev", "prod", "k8s");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().matches("(?s)coexistence of dev, prod, k8s \\(every stack assumed in account 123456789012\\): \\d+ explicit names compared, 0 shared\\s*"),
                outcome.out());
    }

    /** Two copies of dev that both associate one application VPC with their tooling.internal zone. */
    @Test
    void twoStacksSharingAZoneInOneVpcExitOne(@TempDir Path dir) throws Exception {
        Files.copy(TestStacks.projectDir().resolve("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        String dev = Files.readString(TestStacks.projectDir().resolve("Pulumi.dev.yaml"))
                + "  private-vault:dnsAssociatedVpcIds:\n    - vpc-0a1b2c3d4e5f60009\n";
        Files.writeString(dir.resolve("Pulumi.blue.yaml"), dev);
        Files.writeString(dir.resolve("Pulumi.green.yaml"), dev);
        var outcome = run(dir, "--format", "json");
        assertEquals(1, outcome.exitCode(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("\"rule\": \"coexistence\""), outcome.out());
        assertTrue(outcome.out().contains("private hosted zone 'tooling.internal' in VPC vpc-0a1b2c3d4e5f60009 is also registered by stack green"),
                outcome.out());
    }

    @Test
    void oneStackIsAUsageError() {
        var outcome = run(TestStacks.projectDir(), "dev");
        assertEquals(2, outcome.exitCode());
        assertEquals("error: coexistence compares at least two stacks, got [dev]\n", outcome.err());
    }
}
