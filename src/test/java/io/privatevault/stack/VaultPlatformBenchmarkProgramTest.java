package io.privatevault.stack;

import io.privatevault.components.vpn.ClientCsr;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scale benchmark's program is the dev stack plus valid tenants and engineers, and plans end to end. */
class VaultPlatformBenchmarkProgramTest {
    @Test
    void addsTenantsAndEngineersOfEveryKindToTheDevStack() {
        var base = TestStacks.settings("dev");
        var s = VaultPlatformBenchmarkProgram.settings(6, 4);
        var tenants = s.vaultConfig().tenants();
        assertEquals(base.vaultConfig().tenants().size() + 6, tenants.size());
        assertTrue(s.vaultConfig().enabled());
        assertTrue(tenants.stream().anyMatch(t -> t.auth().equals("approle") && t.name().startsWith("tenant-")));
        assertTrue(tenants.stream().anyMatch(t -> t.auth().equals("kubernetes") && t.cluster().equals("apps-dev") && t.transit()));
        assertTrue(tenants.stream().anyMatch(t -> t.auth().equals("kubernetes") && !t.transit() && t.name().startsWith("tenant-")));
        var engineers = s.vpn().engineers();
        assertEquals(base.vpn().engineers().size() + 4, engineers.size());
        assertTrue(engineers.stream().anyMatch(e -> e.mode().equals("generated") && e.name().startsWith("e")));
        var csr = engineers.stream().filter(e -> e.mode().equals("csr")).toList();
        assertFalse(csr.isEmpty());
        csr.forEach(e -> assertEquals(e.name(), ClientCsr.parse("csr", e.csrPem()).commonName()));
    }

    /** The generated tenants and engineers reach the plan: their resources are registered and rendered. */
    @Test
    void plansTheFullOfflinePlan() {
        var program = new VaultPlatformBenchmarkProgram();
        var result = program.mockRun(3, 2).run(program.program(3, 2));
        assertFalse(result.failed(), String.valueOf(result.errors()));
        var names = result.resources().stream().map(r -> r.name()).toList();
        for (String generated : java.util.List.of("tenant-0", "tenant-1", "tenant-2", "e0", "e1")) {
            assertTrue(names.stream().anyMatch(n -> n.contains(generated)), generated + " registered nothing: " + names);
        }
        assertTrue((Integer) program.plan(result, 2) > 0);
        var baseline = program.mockRun(0, 0).run(program.program(0, 0));
        assertTrue(result.resources().size() > baseline.resources().size());
    }

    /** The stack file the process benchmark hands to the CLI loads to the same settings as the in-process program. */
    @Test
    void theWrittenStackFileIsTheSameStack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var file = VaultPlatformBenchmarkProgram.writeStackFile(dir, 4, 3);
        var fromFile = StackSettings.load(TestStacks.project(), ConfigSource.fromStackFile(file), "dev");
        var inProcess = VaultPlatformBenchmarkProgram.settings(4, 3);
        assertEquals(inProcess.vaultConfig().tenants(), fromFile.vaultConfig().tenants());
        assertEquals(inProcess.vpn().engineers(), fromFile.vpn().engineers());
        assertTrue(fromFile.vaultConfig().enabled());
    }
}
