package io.privatevault;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The program's entry point started by hand, as a new user would: `java -jar private-vault.jar` with nothing else. */
class MainTest {
    @Test
    void withoutArgumentsAndWithoutTheEngineItSaysWhatToRunInstead() throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName());
        process.environment().keySet().removeIf(name -> name.startsWith("PULUMI_"));
        process.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        var started = process.start();
        assertTrue(started.waitFor(60, TimeUnit.SECONDS), "the program did not exit");
        String err = new String(started.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, started.exitValue(), err);
        assertEquals("", out);
        assertTrue(err.contains("pulumi up --stack dev") && err.contains("pulumi preview --stack dev"), err);
        assertTrue(err.contains("plan --stack dev"), err);
        assertTrue(err.contains("pulumi up --stack dev-config"), err);
        assertFalse(err.contains("invalid settings"), err);
    }
}
