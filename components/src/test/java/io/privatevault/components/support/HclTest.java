package io.privatevault.components.support;

import io.privatevault.components.testing.UsesTools;

import com.google.gson.JsonParser;
import io.privatevault.components.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

@UsesTools
class HclTest {
    @Test
    void valuesCannotBreakOutOfTheirString(@TempDir Path dir) throws IOException {
        String hostile = "a\"b\\c\n\t$plain %plain } {";
        var body = Hcl.body().attr("value", hostile).attr("list", List.of("x", 2, true))
                .block("path", List.of("secret/\"data\"/*"), Hcl.body().attr("capabilities", List.of("read")).build())
                .build();
        Path file = dir.resolve("t.hcl");
        Files.writeString(file, body.render());
        var parsed = JsonParser.parseString(ExternalTools.hclToJson(file)).getAsJsonObject()
                .getAsJsonObject(file.toAbsolutePath().toString());
        assertEquals(hostile, parsed.get("value").getAsString());
        assertEquals("[\"x\",2,true]", parsed.get("list").toString());
        assertTrue(parsed.getAsJsonObject("path").has("secret/\"data\"/*"));
    }

    /** A comment with a line break in it stays a comment: the break is folded, so no attribute can ride in on it. */
    @Test
    void commentsStayOnTheirLine(@TempDir Path dir) throws IOException {
        var body = Hcl.body().comment("header\ninjected = true")
                .commentedBlock("why\r\nsneaky = 1", "path", List.of("a/*"), Hcl.body().attr("capabilities", List.of("read")).build())
                .build();
        assertEquals("""
                # header injected = true

                # why sneaky = 1
                path "a/*" {
                  capabilities = ["read"]
                }
                """, body.render());
        Path file = dir.resolve("c.hcl");
        Files.writeString(file, body.render());
        var parsed = JsonParser.parseString(ExternalTools.hclToJson(file)).getAsJsonObject()
                .getAsJsonObject(file.toAbsolutePath().toString());
        assertEquals(java.util.Set.of("path"), parsed.keySet());
    }

    @Test
    void refusesTemplateSequencesThatHcl1AndHcl2ReadDifferently() {
        assertThrows(IllegalArgumentException.class, () -> Hcl.body().attr("v", "${env.HOME}").build().render());
        assertThrows(IllegalArgumentException.class, () -> Hcl.body().attr("v", "%{if x}").build().render());
    }

    @Test
    void rejectsNamesThatAreNotIdentifiers() {
        assertThrows(IllegalArgumentException.class, () -> Hcl.body().attr("bad name", "x").build().render());
    }
}
