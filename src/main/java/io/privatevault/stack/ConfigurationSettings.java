package io.privatevault.stack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A configuration stack's settings: which platform stack it configures Vault for ({@code platformStack}, a
 * StackReference name), Vault's own configuration ({@link VaultConfigSettings}), and the settings of both kinds of
 * stack (tags, accepted findings). Everything about the platform (Vault's URL and CA, the region, the provisioner
 * login, the audit devices) comes from the platform stack's outputs, never from this stack's file.
 */
public record ConfigurationSettings(String project, String stack, String platformStack, Map<String, String> tags,
                                    VaultConfigSettings vault, List<StackSettings.PolicySuppression> policySuppressions)
        implements StackLayer {

    /** A stack name, or a fully qualified {@code <organization>/<project>/<stack>} (Pulumi's StackReference names). */
    private static final Pattern REFERENCE = Pattern.compile("([A-Za-z0-9_.-]+)(/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+))?");

    /** The referenced stack's own name: the last segment of {@code platformStack}. */
    public String platformStackName() {
        return platformStackName(platformStack);
    }

    static String platformStackName(String reference) {
        return reference.substring(reference.lastIndexOf('/') + 1);
    }

    /** How configuration stacks' settings are read: {@link SettingsReader#load} and {@link SettingsReader#keysRead} with these. */
    private static final SettingsReader.Kind<ConfigurationSettings> KIND = new SettingsReader.Kind<>(ConfigurationSettings::read, ConfigurationArgs::problems, ConfigurationSettings::rules);

    /**
     * Reads and validates the settings of {@code stack}, including the Args built from them; throws
     * {@link InvalidSettingsException} listing every problem.
     */
    public static ConfigurationSettings load(ProjectDefinition project, ConfigSource source, String stack) {
        return SettingsReader.load(KIND, project, source, stack);
    }

    /** The declared settings {@link #load} reads. */
    static Set<String> keysRead(ProjectDefinition project, ConfigSource source, String stack) {
        return SettingsReader.keysRead(KIND, project, source, stack);
    }

    private static ConfigurationSettings read(SettingsReader r, String project, String stack) {
        r.unknownKeys(StackSettings.awsProviderKeys()).forEach(p -> r.problem(p.setting(), p.value(), p.allowed()));
        String platformStack = r.string(SettingsLayer.PLATFORM_STACK, null);
        String platformFile = REFERENCE.matcher(platformStack).matches() ? "Pulumi." + platformStackName(platformStack) + ".yaml" : "Pulumi.<stack>.yaml";
        r.otherLayersKeys(SettingsLayer.CONFIGURATION, key -> "absent from a configuration stack: it belongs in its platform stack's file ("
                        + platformFile + ", the stack private-vault:platformStack names)")
                .forEach(p -> r.problem(p.setting(), p.value(), p.allowed()));
        if (!io.privatevault.components.support.Checks.isSafeName(stack)) {
            r.problem(StackSettings.STACK_NAME, stack, "lower-case letters, digits and '-'");
        }
        return new ConfigurationSettings(project, stack, platformStack, StackSettings.tags(r, project, stack), VaultConfigSettings.read(r),
                r.objects("policySuppressions", StackSettings.PolicySuppression.class));
    }

    private static void rules(ConfigurationSettings s, SettingsProblems p) {
        String key = s.project() + ":" + SettingsLayer.PLATFORM_STACK;
        var m = REFERENCE.matcher(s.platformStack());
        boolean wellFormed = m.matches();
        p.rule(wellFormed, key, s.platformStack(), "the platform stack's name (e.g. dev) or <organization>/" + s.project()
                + "/<stack> (Pulumi Cloud)");
        if (wellFormed) {
            p.rule(m.group(3) == null || m.group(3).equals(s.project()), key, s.platformStack(),
                    "a stack of this project (" + s.project() + "): the platform and its configuration are one program");
            p.rule(!s.platformStackName().equals(s.stack()), key, s.platformStack(), "another stack: the platform stack, not this one");
        }
        VaultConfigSettings.rules(s.project(), s.vault(), p);
        StackSettings.suppressionRules(s.project(), s.policySuppressions(), p);
    }
}
