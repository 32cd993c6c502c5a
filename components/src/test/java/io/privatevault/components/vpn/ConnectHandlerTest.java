package io.privatevault.components.vpn;

import io.privatevault.components.testing.UsesTools;
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

    /**
     * "The name of the Lambda function must begin with the AWSClientVPN- prefix" (AWS Client VPN, "Connection
     * authorization"); Lambda function names are at most 64 characters (Lambda CreateFunction, FunctionName) and
     * unique per account and Region, so the name carries the component's stack-scoped name.
     */
    @Test
    void functionNameCarriesClientVpnsRequiredPrefixTheStackAndFitsLambda() {
        assertEquals("AWSClientVPN-private-vault-dev-vault-vpn-connect", ConnectHandler.functionName("private-vault-dev-vault-vpn"));
        String scoped = "a-forty-character-project-and-stack-name-vault-vpn";
        String fitted = ConnectHandler.functionName(scoped);
        assertEquals(64, fitted.length(), fitted);
        assertTrue(fitted.matches("AWSClientVPN-a-forty-character-project-and-stack-name-v-[0-9a-f]{8}"), fitted);
        assertNotEquals(fitted, ConnectHandler.functionName(scoped + "2"), "a hash of the whole name keeps long names apart");
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
