package io.privatevault.components;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The package's entry point reads its command line as the SDK's ComponentProviderHost does. The engine starts a
 * plugin with {@code [--logtostderr] [-v=N] [--tracing <endpoint>] <engine address>} (pulumi/pulumi
 * {@code sdk/go/common/resource/plugin/plugin.go}, {@code buildPluginArguments}); the host also skips {@code --logflow}.
 */
class ComponentPackageTest {
    @Test
    void theEngineAddressIsTheOneArgumentThatIsNoFlag() {
        assertEquals("127.0.0.1:41235", ComponentPackage.engineAddress(new String[]{"127.0.0.1:41235"}));
        assertEquals("127.0.0.1:41235", ComponentPackage.engineAddress(
                new String[]{"--logtostderr", "-v=9", "--logflow", "--tracing", "http://127.0.0.1:9411", "127.0.0.1:41235"}));
    }

    @Test
    void noAddressOrTwoAddressesIsAClearError() {
        var none = assertThrows(IllegalArgumentException.class, () -> ComponentPackage.engineAddress(new String[]{"--logtostderr"}));
        assertTrue(none.getMessage().contains("exactly one engine address"), none.getMessage());
        var two = assertThrows(IllegalArgumentException.class, () -> ComponentPackage.engineAddress(new String[]{"a:1", "b:2"}));
        assertTrue(two.getMessage().contains("[a:1, b:2]"), two.getMessage());
    }

    @Test
    void theVersionIsASemanticVersionFilteredFromThePom() {
        assertTrue(ComponentPackage.VERSION.matches("\\d+\\.\\d+\\.\\d+.*"), ComponentPackage.VERSION);
        assertFalse(ComponentPackage.VERSION.contains("${"), "Maven resource filtering did not run");
    }
}
