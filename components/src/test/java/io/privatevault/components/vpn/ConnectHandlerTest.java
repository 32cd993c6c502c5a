package io.privatevault.components.vpn;

import io.privatevault.components.testing.UsesTools;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ConnectHandlerTest {
    @Test
    @UsesTools
    void failsClosedWithoutAnAllowList(@TempDir Path dir) throws Exception {
        ExternalTools.require("node", "apt-get install -y nodejs");
        Files.writeString(dir.resolve("index.js"), ConnectHandler.source());
        // No names.json beside it: the module must not load, and Client VPN denies on a failed invocation.
        var builder = new ProcessBuilder("node", "-e", "require('./index.js')").directory(dir.toFile()).redirectErrorStream(true);
        var node = builder.start();
        assertTrue(node.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        assertNotEquals(0, node.exitValue(), new String(node.getInputStream().readAllBytes()));
    }

    @Test
    void functionNameCarriesClientVpnsRequiredPrefixAndFitsLambda() {
        assertEquals("AWSClientVPN-tooling-vpn-connect", ConnectHandler.functionName("tooling-vpn"));
        var error = assertThrows(InvalidSettingException.class, () -> ConnectHandler.functionName("x".repeat(44)));
        assertEquals("ClientVpn name must be letters, digits, '-' or '_' and at most 43 characters (the connect handler is named"
                + " AWSClientVPN-<name>-connect), got '" + "x".repeat(44) + "'", error.getMessage());
    }

    @Test

    @UsesTools
    void aThousandEngineersFitTheAllowList(@TempDir Path dir) throws Exception {
        ExternalTools.require("node", "apt-get install -y nodejs");
        var many = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "engineer-number-" + i).toList();
        Files.writeString(dir.resolve("index.js"), ConnectHandler.source());
        Files.writeString(dir.resolve(ConnectHandler.NAMES_FILE), ConnectHandler.names(many, List.of("mallory")));
        var builder = new ProcessBuilder("node", "-e", "const h = require('./index.js');"
                + "process.stdout.write(JSON.stringify([h.decide('engineer-number-999').allow, h.decide('mallory').allow]))")
                .directory(dir.toFile()).redirectErrorStream(true);
        var node = builder.start();
        assertTrue(node.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("[true,false]", new String(node.getInputStream().readAllBytes()).trim());
    }
}
