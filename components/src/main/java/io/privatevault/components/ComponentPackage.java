package io.privatevault.components;

import com.pulumi.provider.internal.ComponentProviderHost;

/**
 * Entry point of the multi-language component package ({@code PulumiPlugin.yaml}, {@code runtime: java}):
 * serves every component of this package to Pulumi programs in any language through the SDK's component
 * provider host. Type tokens are {@code private-vault:index:<ClassName>}.
 */
public final class ComponentPackage {
    /** The package name other languages install the components under. */
    public static final String NAME = "private-vault";

    private ComponentPackage() {
    }

    public static void main(String[] args) throws Exception {
        new ComponentProviderHost(NAME, ComponentPackage.class.getPackage()).start(args);
    }
}
