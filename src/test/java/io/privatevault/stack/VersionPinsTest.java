package io.privatevault.stack;

import io.privatevault.components.cluster.k8s.Chart;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default Vault and chart pins are the current patch releases of supported lines, and the rolling-upgrade runbook
 * walks through exactly those. Checked on 2026-12-02 against:
 * <ul>
 *   <li>Vault 2.1.2, the newest release of the newest line (2.1.0, 2.1.1, 2.1.2; no 2.1.3 or 2.2 published); the
 *       SHA-256 of {@code vault_2.1.2_linux_amd64.zip} is the one HashiCorp's Homebrew tap formula for 2.1.2 carries
 *       from {@code https://releases.hashicorp.com/vault/2.1.2/vault_2.1.2_SHA256SUMS} (the nodes refuse any other
 *       file, so a wrong digest fails closed); {@code vault_2.1.2_linux_arm64.zip}'s (Graviton nodes, setting
 *       {@code vaultSha256Arm64}) is the same formula's {@code OS.linux? && Hardware::CPU.arm?} digest;</li>
 *   <li>hashicorp/vault-helm 0.34.1 (2026-08-13), the newest chart release ("Default `vault` version updated to
 *       v2.0.4 ... Tested with Vault v2.0.4, v1.21.9, v1.20.14, v1.19.20", CHANGELOG); every value name the component
 *       sets is in that tag's values.yaml ({@code vault-chart-values.txt}). The component sets the image tag to
 *       {@code vaultVersion}, so EC2 and Kubernetes run the same Vault.</li>
 * </ul>
 * Change the pins in Pulumi.yaml (Vault) and {@link Chart#DEFAULT_VERSION} (chart) together with this comment.
 */
class VersionPinsTest {
    static final String VAULT = "2.1.2";
    static final String VAULT_LINUX_AMD64_SHA256 = "873bbdac35ca4b0c3e2886c41991ca1272fc452826208d5499f32d12cd2e76e1";
    static final String VAULT_LINUX_ARM64_SHA256 = "57c0c4d2f8c1694b18f26f922eca40e472355934dca2f3bd63f415042d1898ed";
    static final String CHART = "0.34.1";

    @Test
    void theDefaultsAreTheCheckedReleases() {
        var cluster = TestStacks.settings("prod", java.util.Map.of()).cluster();
        assertEquals(VAULT, cluster.vaultVersion(), "the default every platform stack gets");
        assertEquals(VAULT_LINUX_AMD64_SHA256, cluster.vaultSha256());
        assertEquals(VAULT_LINUX_ARM64_SHA256, cluster.vaultSha256Arm64());
        assertEquals(VAULT_LINUX_ARM64_SHA256, TestStacks.settings("dev").cluster().vaultSha256ForInstanceType(), "dev's Graviton nodes");
        assertEquals(CHART, Chart.DEFAULT_VERSION);
        assertEquals(CHART, TestStacks.settings("k8s").platform().eks().chartVersion(), "the shipped Kubernetes stack pins the default");
    }

    @Test
    void theUpgradeRunbookUsesThem() throws Exception {
        String runbooks = Files.readString(TestStacks.projectDir().resolve(Path.of("docs", "runbooks.md")));
        int start = runbooks.indexOf("### Rolling Vault upgrade");
        String upgrade = runbooks.substring(start, runbooks.indexOf("\n### ", start + 1));
        for (String expected : new String[]{"Vault " + VAULT, "chart " + CHART, "`vaultVersion: " + VAULT + "`",
                "vault_" + VAULT + "_linux_amd64.zip", "releases.hashicorp.com/vault/" + VAULT + "/vault_" + VAULT + "_SHA256SUMS"}) {
            assertTrue(upgrade.contains(expected), "the upgrade runbook names " + expected + ":\n" + upgrade);
        }
    }
}
