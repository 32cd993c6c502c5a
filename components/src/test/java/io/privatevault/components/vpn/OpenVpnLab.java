package io.privatevault.components.vpn;

import io.privatevault.components.testing.ExternalTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A throw-away network namespace (loopback only) with a real OpenVPN 2.6 server in it, and clients started
 * one at a time against it. Every wait is bounded; {@link #close()} stops the processes it started and
 * deletes the namespace.
 */
public final class OpenVpnLab implements AutoCloseable {
    private final String namespace = "pvvpn" + ProcessHandle.current().pid();
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private Process server;
    private boolean namespaceCreated;

    /** How a client attempt ended. */
    public record Attempt(boolean connected, String clientLog, String serverLog, Duration elapsed) {
    }

    public OpenVpnLab(Path dir) {
        this.dir = dir;
        ExternalTools.require("openvpn", "apt-get install -y openvpn");
        ExternalTools.require("ip", "apt-get install -y iproute2");
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            fail("/dev/net/tun is missing: OpenVPN needs the tun device for this test");
        }
        checked(List.of("ip", "netns", "add", namespace), "create the network namespace (needs root or CAP_SYS_ADMIN)");
        namespaceCreated = true;
        try {
            checked(List.of("ip", "-n", namespace, "link", "set", "lo", "up"), "bring up loopback in the namespace");
        } catch (AssertionError e) {
            close();
            throw e;
        }
    }

    /** Starts the server with {@code config} (file names relative to the lab folder) and waits until it listens. */
    public void startServer(String config) throws IOException, InterruptedException {
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, config);
        Path log = dir.resolve("server.log");
        server = start(List.of("openvpn", "--cd", dir.toString(), "--config", conf.toString(), "--log", log.toString()));
        if (!waitFor(log, "Initialization Sequence Completed", Duration.ofSeconds(20), server)) {
            fail("OpenVPN server did not start:\n" + read(log));
        }
    }

    /**
     * Connects with a client profile, waiting at most {@code limit}: connected when the client completes its
     * initialisation, refused as soon as the server logs a verification error for it.
     */
    public Attempt connect(String name, String profile, Duration limit) throws IOException, InterruptedException {
        Path serverLog = dir.resolve("server.log");
        int serverOffset = read(serverLog).length();
        Path ovpn = dir.resolve(name + ".ovpn");
        Files.writeString(ovpn, profile);
        Path log = dir.resolve(name + ".log");
        long start = System.nanoTime();
        // The namespace has no routes to configure and nothing to resolve: keep the tunnel's addresses off the host.
        Process client = start(List.of("openvpn", "--config", ovpn.toString(), "--log", log.toString(),
                "--ifconfig-noexec", "--route-noexec", "--hand-window", "10", "--tls-exit"));
        boolean connected = false;
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && client.isAlive()) {
            if (read(log).contains("Initialization Sequence Completed")) {
                connected = true;
                break;
            }
            if (read(serverLog).substring(serverOffset).contains("VERIFY ERROR")) {
                break;
            }
            Thread.sleep(100);
        }
        connected |= read(log).contains("Initialization Sequence Completed");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        stop(client);
        Thread.sleep(200);
        return new Attempt(connected, read(log), read(serverLog).substring(serverOffset), elapsed);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            stop(process);
        }
        if (namespaceCreated) {
            ExternalTools.run(List.of("ip", "netns", "del", namespace));
            namespaceCreated = false;
        }
    }

    public boolean namespaceExists() {
        return ExternalTools.run(List.of("ip", "netns", "list")).stdout().lines().anyMatch(l -> l.startsWith(namespace));
    }

    private Process start(List<String> command) throws IOException {
        var full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        var process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("process-" + processes.size() + ".out").toFile()).start();
        processes.add(process);
        return process;
    }

    private static void stop(Process process) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean waitFor(Path log, String text, Duration limit, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (read(log).contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return read(log).contains(text);
            }
            Thread.sleep(100);
        }
        return false;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void checked(List<String> command, String purpose) {
        var run = ExternalTools.run(command);
        if (run.exitCode() != 0) {
            fail("cannot " + purpose + ": " + String.join(" ", command) + " -> " + run.all());
        }
    }
}
