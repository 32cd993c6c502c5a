package io.privatevault.stack;

/**
 * The settings of one stack of either kind: a platform stack ({@link StackSettings}, composed by
 * {@link VaultPlatform}) or a configuration stack ({@link ConfigurationSettings}, composed by
 * {@link VaultConfiguration}). A stack is a configuration stack when its file sets {@code platformStack}.
 */
public sealed interface StackLayer permits StackSettings, ConfigurationSettings {
    String project();

    String stack();

    /** Accepted findings of the offline plan: a setting of both kinds of stack. */
    java.util.List<StackSettings.PolicySuppression> policySuppressions();

    /**
     * Reads and validates the settings of {@code stack} as the kind its file makes it; throws
     * {@link InvalidSettingsException} listing every problem (a setting of the other kind among them).
     */
    static StackLayer load(ProjectDefinition project, ConfigSource source, String stack) {
        return isConfigurationStack(project, source) ? ConfigurationSettings.load(project, source, stack)
                : StackSettings.load(project, source, stack);
    }

    /** True when the stack sets {@code platformStack} (to anything but empty). */
    static boolean isConfigurationStack(ProjectDefinition project, ConfigSource source) {
        String key = project.name() + ":" + SettingsLayer.PLATFORM_STACK;
        return source.values().containsKey(key) && (source.values().get(key) == null || !source.values().get(key).isBlank());
    }
}
