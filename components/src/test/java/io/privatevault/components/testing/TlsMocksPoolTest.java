package io.privatevault.components.testing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key pool shipped in {@value TlsMocks#POOL_FILE} is what the seeded generator makes: plans stay the same
 * whether a key comes from the file or is generated, and the file cannot be swapped for other keys unnoticed.
 */
class TlsMocksPoolTest {
    @Test
    @Tag("slow")
    void everyShippedKeyIsTheSeededGeneratorsKey() {
        var pool = TlsMocks.shippedPool();
        assertEquals(16, pool.size(), pool.keySet().toString());
        pool.forEach((id, pem) -> {
            var matcher = java.util.regex.Pattern.compile("(RSA|ECDSA)([A-Z0-9]+)#\\d").matcher(id);
            assertTrue(matcher.matches(), id);
            var generated = TlsMocks.generatePooled(matcher.group(1), matcher.group(2), id);
            assertTrue(Arrays.equals(generated.getPrivate().getEncoded(), TlsMocks.keyPair(pem).getPrivate().getEncoded()),
                    id + " differs from the seeded generator's key");
        });
    }
}
