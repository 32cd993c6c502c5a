package io.privatevault.plan;

import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.Secret;
import io.privatevault.plan.insights.PlanInsights;
import io.privatevault.plan.insights.Suppression;
import io.privatevault.stack.ConfigSource;
import io.privatevault.stack.ConfigurationSettings;
import io.privatevault.stack.InvalidSettingsException;
import io.privatevault.stack.ProjectDefinition;
import io.privatevault.stack.StackLayer;
import io.privatevault.stack.StackSettings;
import io.privatevault.stack.VaultConfiguration;
import io.privatevault.stack.VaultPlatform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The offline plan of a configuration stack, and the choice between the two kinds. A configuration stack reads its
 * platform stack through a StackReference; offline, the platform stack named by {@code platformStack} (its last
 * segment names {@code Pulumi.<stack>.yaml} beside the configuration stack's file) is planned first, in this process,
 * and its stack outputs answer the reference, as the engine answers it with the deployed stack's outputs. So the
 * Vault provider's address is the platform plan's {@code vaultUrl}, and no credentials or network are needed.
 */
public final class ConfigurationPlan {
    private ConfigurationPlan() {
    }

    /** Plans the stack file {@code stackFile} of either kind. */
    public static PlanReport planStackFile(ProjectDefinition project, Path stackFile, String stackName) throws IOException {
        return plan(project, stackFile, StackLayer.load(project, ConfigSource.fromStackFile(stackFile), stackName));
    }

    /** Plans the loaded {@code settings} of the stack file {@code stackFile}, of either kind. */
    public static PlanReport plan(ProjectDefinition project, Path stackFile, StackLayer settings) throws IOException {
        if (settings instanceof ConfigurationSettings configuration) {
            return plan(project, stackFile.toAbsolutePath().getParent(), configuration);
        }
        return PlanRunner.run((StackSettings) settings);
    }

    /** Plans {@code settings} on the run of its platform stack, whose file lies in {@code dir}. */
    public static PlanReport plan(ProjectDefinition project, Path dir, ConfigurationSettings settings) throws IOException {
        var platform = platformSettings(project, dir, settings);
        return plan(settings, platform, platformRun(platform));
    }

    /**
     * The platform stack's program under the mock engine, as its own plan runs it: its stack outputs are what the
     * StackReference reads (its report, insights and renderings are not needed for that).
     */
    public static MockRun.Result platformRun(StackSettings platform) {
        MockRun.Result result = PlanRunner.mockRun(platform).run(ctx -> VaultPlatform.define(ctx, platform));
        if (result.failed()) {
            throw new PlanRunner.PlanFailedException(result.errors());
        }
        return result;
    }

    /** The referenced platform stack's settings: refused, naming both files, when it is missing, invalid or not a platform stack. */
    static StackSettings platformSettings(ProjectDefinition project, Path dir, ConfigurationSettings settings) throws IOException {
        String name = settings.platformStackName();
        Path file = dir.resolve("Pulumi." + name + ".yaml");
        String key = project.name() + ":platformStack";
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingsException(settings.stack(), List.of(key + " must be a platform stack of this project with its stack file"
                    + " beside this one (" + file + " does not exist), got '" + settings.platformStack() + "'"));
        }
        var source = ConfigSource.fromStackFile(file);
        if (StackLayer.isConfigurationStack(project, source)) {
            throw new InvalidSettingsException(settings.stack(), List.of(key + " must be a platform stack (" + file.getFileName()
                    + " sets platformStack: it is a configuration stack itself), got '" + settings.platformStack() + "'"));
        }
        try {
            return StackSettings.load(project, source, name);
        } catch (InvalidSettingsException e) {
            throw new InvalidSettingsException(name + "' (" + file.getFileName() + ", the platform stack of '" + settings.stack(), e.problems());
        }
    }

    /** The configuration stack's plan, its StackReference answered with {@code platformRun}'s outputs. */
    public static PlanReport plan(ConfigurationSettings settings, StackSettings platform, MockRun.Result platformRun) {
        var configuration = new VaultConfiguration[1];
        MockRun.Result result = mockRun(settings, platform, platformRun).run(ctx -> configuration[0] = VaultConfiguration.define(ctx, settings));
        return report(settings, platform, platformRun, result, configuration[0]);
    }

    /** The configuration stack's mock run: AWS-shaped mocks in the platform's region, the reference answered. */
    public static MockRun mockRun(ConfigurationSettings settings, StackSettings platform, MockRun.Result platformRun) {
        return MockRun.of(settings.project(), settings.stack(), new AwsMocks(platform.region(), PlanRunner.PLAN_ACCOUNT_ID)
                .stackReference(settings.platformStack(), platformRun.outputs()));
    }

    /** The plan's work after the mock run of {@code VaultConfiguration.define}: rendered files, notes and insights. */
    public static PlanReport report(ConfigurationSettings settings, StackSettings platform, MockRun.Result platformRun,
                                    MockRun.Result result, VaultConfiguration configuration) {
        if (result.failed()) {
            throw new PlanRunner.PlanFailedException(result.errors());
        }
        Object value = MockRun.value(configuration.renderedFiles());
        @SuppressWarnings("unchecked")
        Map<String, String> rendered = value instanceof Secret s ? (Map<String, String>) s.value() : (Map<String, String>) value;
        Map<String, String> files = rendered == null ? Map.of() : rendered;
        var notes = List.of(
                "Mock outputs: account " + PlanRunner.PLAN_ACCOUNT_ID + ", region " + platform.region()
                        + "; ids and ARNs are shaped like AWS's but invented.",
                "The StackReference to '" + settings.platformStack() + "' is answered with the outputs of the platform stack's own plan ("
                        + platform.stack() + ", " + platformRun.resources().size() + " resources, planned in this process), as the engine"
                        + " answers it with the deployed stack's outputs.",
                "The Vault provider reaches " + platformRun.outputs().get("vaultUrl") + " and logs in with AWS IAM as "
                        + platform.cluster().provisionerRoleArn() + ": run `pulumi up` for this stack as that role, from a runner that"
                        + " reaches Vault (inside the VPC or over the VPN).");
        var insights = PlanInsights.analyse(result.resources(), files, result.outputs(), platform.environment().id(), platform.region(), 0,
                settings.policySuppressions().stream().map(p -> new Suppression(p.rule(), p.urn(), p.reason())).toList());
        return new PlanReport(settings.project(), settings.stack(), platform, result.resources(), result.outputs(), insights, files, notes,
                result.firstRegistrationMillis());
    }
}
