package io.privatevault.stack;

import io.privatevault.components.vpn.ClientCsr;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scale benchmark's program is the dev stack plus valid tenants and engineers, and plans end to end. */
class VaultPlatformBenchmarkProgramTest {
    @Test
    void addsTenantsToDevConfigAndEngineersOfEveryKindToDev() {
        var base = TestStacks.configuration("dev-config");
        var tenants = VaultPlatformBenchmarkProgram.configuration(6).vault().tenants();
        assertEquals(base.vault().tenants().size() + 6, tenants.size());
        assertTrue(tenants.stream().anyMatch(t -> t.auth().equals("approle") && t.name().startsWith("tenant-")));
        assertTrue(tenants.stream().anyMatch(t -> t.auth().equals("kubernetes") && t.cluster().equals("apps-dev") && t.transit()));
        assertTrue(tenants.stream().anyMatch(t -> t.auth().equals("kubernetes") && !t.transit() && t.name().startsWith("tenant-")));
        var engineers = VaultPlatformBenchmarkProgram.platform(4).vpn().engineers();
        assertEquals(TestStacks.settings("dev").vpn().engineers().size() + 4, engineers.size());
        assertTrue(engineers.stream().anyMatch(e -> e.mode().equals("generated") && e.name().startsWith("e")));
        var csr = engineers.stream().filter(e -> e.mode().equals("csr")).toList();
        assertFalse(csr.isEmpty());
        csr.forEach(e -> assertEquals(e.name(), ClientCsr.parse("csr", e.csr()).commonName()));
    }

    /** The generated tenants and engineers reach the plan: their resources are registered and rendered. */
    @Test
    void plansBothStacksEndToEnd() {
        var program = new VaultPlatformBenchmarkProgram();
        var result = program.mockRun(3, 2).run(program.program(3, 2));
        assertFalse(result.failed(), String.valueOf(result.errors()));
        assertTrue(result.resources().stream().anyMatch(r -> r.type().equals("pulumi:pulumi:StackReference")), "the configuration stack's run");
        var names = result.resources().stream().map(r -> r.name()).toList();
        for (String generated : java.util.List.of("tenant-0", "tenant-1", "tenant-2")) {
            assertTrue(names.stream().anyMatch(n -> n.contains(generated)), generated + " registered nothing: " + names);
        }
        assertTrue((Integer) program.plan(result, 2) > 0);
        var baseline = program.mockRun(0, 0).run(program.program(0, 0));
        assertTrue(result.resources().size() > baseline.resources().size());
    }

    /** The stack files the process benchmark hands to the CLI load to the same settings as the in-process program. */
    @Test
    void theWrittenStackFilesAreTheSameStacks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var file = VaultPlatformBenchmarkProgram.writeStackFiles(dir, 4, 3);
        var configuration = ConfigurationSettings.load(TestStacks.project(), ConfigSource.fromStackFile(file), "dev-config");
        var platform = StackSettings.load(TestStacks.project(), ConfigSource.fromStackFile(dir.resolve("Pulumi.dev.yaml")), "dev");
        assertEquals(VaultPlatformBenchmarkProgram.configuration(4).vault().tenants(), configuration.vault().tenants());
        assertEquals(VaultPlatformBenchmarkProgram.platform(3).vpn().engineers(), platform.vpn().engineers());
        assertEquals("dev", configuration.platformStack());
    }
}
