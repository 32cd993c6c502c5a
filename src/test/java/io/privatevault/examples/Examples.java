package io.privatevault.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the example programs are (examples/ beside the project's pom), from the root build or an IDE. */
final class Examples {
    private Examples() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("privatevault.projectDir", "."), "examples").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("examples/ not found at " + dir);
        }
        return dir;
    }
}
