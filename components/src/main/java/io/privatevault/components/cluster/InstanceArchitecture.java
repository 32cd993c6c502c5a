package io.privatevault.components.cluster;

/**
 * The CPU architecture of an EC2 instance type, as Vault's release archives name it: Graviton families carry a
 * {@code g} right after the generation digit (m7g, c7gn, t4g), everything else this program runs is x86-64.
 */
public final class InstanceArchitecture {
    public static final String ARM64 = "arm64";
    public static final String AMD64 = "amd64";

    private InstanceArchitecture() {
    }

    /** {@code arm64} or {@code amd64} for an instance type such as {@code t4g.small} or {@code m6i.large}. */
    public static String of(String instanceType) {
        return instanceType.matches("[a-z]+[0-9]+g[a-z]*\\..*") ? ARM64 : AMD64;
    }
}
