package io.privatevault.components.vaultconfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The vault provider accepts its CA only as a file ({@code caCertFile}) or folder, not as PEM text, so the
 * cluster CA is written to a fixed path before the provider is configured. Only a public certificate is written.
 */
public final class CaCertFile {
    private CaCertFile() {
    }

    /** Writes {@code pem} to {@code path} (atomically, world-readable, owner-writable) unless it already holds it; returns the path. */
    public static String write(String path, String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----") || pem.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException("VaultBaselineArgs.caCertPem must be a PEM certificate (and nothing secret), writing " + path);
        }
        Path file = Path.of(path);
        try {
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(pem)) {
                return path;
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".ca-", ".pem");
            Files.writeString(tmp, pem, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system (Windows): the default ACL applies.
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Vault CA to " + path, e);
        }
    }
}
