package com.pulumi.provider.internal;

import java.io.IOException;

/**
 * Starts a {@link ResourceProviderService} (the package's, as {@code ComponentPackage.main} starts it) on an ephemeral
 * port, in this JVM, and can stop it again. This class sits in the SDK's package only because
 * {@code start()} and the bound server are package-private there ("exposed for testing"); the host's public
 * {@code startAndBlockUntilShutdown()} blocks for the life of the process.
 */
public final class LoopbackProviderServer implements AutoCloseable {
    private final ResourceProviderService service;

    public LoopbackProviderServer(ResourceProviderService service) throws IOException {
        this.service = service;
        service.start();
    }

    public int port() {
        return service.server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        service.server.shutdownNow().awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
