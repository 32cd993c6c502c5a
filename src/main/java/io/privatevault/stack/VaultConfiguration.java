package io.privatevault.stack;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;
import io.privatevault.components.VaultBaseline;

import java.util.Map;

/**
 * The configuration stack's composition: Vault's own configuration (VaultBaseline: audit devices, personas, tenants,
 * auth methods, engines) through the Vault provider, wired from the platform stack's outputs read through a
 * {@link StackReference} ({@link PlatformStackOutputs}). It registers no AWS infrastructure. Both {@code pulumi up}
 * and the offline plan (which answers the reference with the platform stack's own plan) run exactly this code.
 */
public final class VaultConfiguration {
    private Output<Map<String, String>> renderedFiles = Output.of(Map.of());

    private VaultConfiguration() {
    }

    /** Registers the configuration for {@code settings} and exports its stack outputs. */
    public static VaultConfiguration define(Context ctx, ConfigurationSettings settings) {
        var configuration = new VaultConfiguration();
        configuration.compose(ctx, settings);
        return configuration;
    }

    /** Every file the components rendered (the policies), by relative path (what {@code plan --artifacts} writes). */
    public Output<Map<String, String>> renderedFiles() {
        return renderedFiles;
    }

    private void compose(Context ctx, ConfigurationSettings s) {
        // The Args first, registering nothing: settings a component refuses create nothing at all.
        SettingsProblems.throwIfAny(s, ConfigurationArgs.problems(s));
        var platform = new StackReference(VaultPlatform.NAME + "-platform", StackReferenceArgs.builder().name(s.platformStack()).build());
        var outputs = new ConfigurationArgs.Platform(
                text(platform, PlatformStackOutputs.VAULT_URL),
                text(platform, PlatformStackOutputs.VAULT_CA_CERT_PEM),
                text(platform, PlatformStackOutputs.REGION),
                text(platform, PlatformStackOutputs.PROVISIONER_AUTH_MOUNT),
                text(platform, PlatformStackOutputs.PROVISIONER_AUTH_ROLE),
                text(platform, PlatformStackOutputs.AUDIT_LOG_PATH),
                text(platform, PlatformStackOutputs.AUDIT_SECOND_DEVICE));
        var baseline = new VaultBaseline(VaultPlatform.NAME + "-config", ConfigurationArgs.forRegistration(s).baseline(outputs), null);
        renderedFiles = baseline.renderedFiles;

        ctx.export("platformStack", Output.of(s.platformStack()));
        ctx.export("vaultUrl", outputs.vaultUrl());
        ctx.export("vaultCaCertFile", baseline.caCertFile);
        ctx.export("vaultProvisionerLogin", baseline.provisionerLogin);
        ctx.export("vaultKvMount", baseline.kvMountPath);
        ctx.export("vaultAuthMounts", baseline.authMountPaths);
        ctx.export("vaultSecretMounts", baseline.secretMountPaths);
        ctx.export("vaultTenantLogins", baseline.tenantLogins);
    }

    /** A string output of the platform stack; a missing one fails the run, naming the output and the stack. */
    private static Output<String> text(StackReference platform, String name) {
        return platform.requireOutput(name).applyValue(String::valueOf);
    }
}
