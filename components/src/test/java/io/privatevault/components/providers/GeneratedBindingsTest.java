package io.privatevault.components.providers;

import io.privatevault.components.testing.UsesTools;
import io.privatevault.components.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The committed bindings are exactly what the generator writes from the schema facts: nobody edited them by hand. */
@UsesTools
class GeneratedBindingsTest {
    private static final String HINT = "change components/tools/gen_bindings.py and run it";

    @Test
    void committedBindingsMatchTheGenerator(@TempDir Path out) throws IOException {
        ExternalTools.require("python3", "apt-get install -y python3");
        Path components = ExternalTools.repoRoot().resolve("components");
        var run = ExternalTools.run(List.of("python3", components.resolve("tools/gen_bindings.py").toString(), "--out", out.toString()));
        assertEquals(0, run.exitCode(), run.all());
        String pkg = "io/privatevault/components/providers";
        for (String provider : List.of("tls", "vault")) {
            var generated = read(out.resolve(pkg).resolve(provider));
            var committed = read(components.resolve("src/main/java").resolve(pkg).resolve(provider));
            assertEquals(generated.keySet(), committed.keySet(), provider + " binding files differ from the generator's: " + HINT);
            generated.forEach((file, text) -> assertEquals(text, committed.get(file), provider + "/" + file + " was edited by hand: " + HINT));
        }
    }

    private static Map<String, String> read(Path dir) throws IOException {
        var files = new TreeMap<String, String>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }
}
