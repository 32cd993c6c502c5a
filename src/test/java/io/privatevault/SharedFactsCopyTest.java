package io.privatevault;

import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * components/ carries copies of the provider-schema facts so that the component package tests on its own;
 * they must stay byte-identical to the steering repository's shared/provider-schemas.
 */
class SharedFactsCopyTest {
    @Test
    void providerSchemaCopiesMatchShared() throws Exception {
        Path shared = TestStacks.projectDir().resolveSibling("shared").resolve("provider-schemas");
        Path copies = TestStacks.projectDir().resolve("components/src/test/resources/provider-schemas");
        assertTrue(Files.isDirectory(shared), "shared/ must sit beside the checkout: " + shared);
        for (String file : new String[]{"tls.json", "vault.json"}) {
            assertEquals(Files.readString(shared.resolve(file)), Files.readString(copies.resolve(file)),
                    file + " differs from shared/provider-schemas; copy it again");
        }
    }
}
