package io.privatevault.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** Writes the components' rendered files (node configs, scripts, units, policies, sample VPN config) to a folder. */
public final class ArtifactWriter {
    private ArtifactWriter() {
    }

    /** Writes every file below {@code dir}; returns how many. Paths may not escape {@code dir}. */
    public static int write(Map<String, String> files, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        for (var entry : files.entrySet()) {
            Path target = root.resolve(entry.getKey()).normalize();
            if (!target.startsWith(root)) {
                throw new IOException("rendered file path escapes the artifacts folder: " + entry.getKey());
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, entry.getValue());
            if (entry.getKey().endsWith(".sh")) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return files.size();
    }
}
