package io.privatevault.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's component snippets are the examples' code between {@code snippet:readme} and {@code end-snippet}
 * (Java dedented), so what the README shows is what the tests build, plan and type-check.
 */
class ReadmeSnippetsTest {
    private static final Pattern REGION = Pattern.compile("(?s)\\n[^\\n]*snippet:readme[^\\n]*\\n(.*?)\\n[^\\n]*end-snippet");

    @Test
    void theReadmeShowsTheExamplesAsTheyAre() throws IOException {
        String readme = Files.readString(Examples.dir().getParent().resolve("README.md"));
        for (var example : List.of(Path.of("java/src/main/java/com/example/vault/App.java"), Path.of("typescript/index.ts"),
                Path.of("yaml/Pulumi.yaml"))) {
            String snippet = snippet(Files.readString(Examples.dir().resolve(example)), example.toString().endsWith(".java"));
            assertTrue(readme.contains("\n" + snippet + "\n"), "README.md must show examples/" + example + " between its markers:\n" + snippet);
        }
    }

    static String snippet(String source, boolean dedent) {
        var m = REGION.matcher(source);
        assertTrue(m.find(), "no snippet:readme ... end-snippet region");
        List<String> lines = m.group(1).lines().toList();
        int indent = dedent ? lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0) : 0;
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }
}
