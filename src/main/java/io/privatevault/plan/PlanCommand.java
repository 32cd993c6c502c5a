package io.privatevault.plan;

import io.privatevault.plan.insights.IamSimulator;
import io.privatevault.plan.insights.PolicyPack;
import io.privatevault.stack.ConfigSource;
import io.privatevault.stack.InvalidSettingsException;
import io.privatevault.stack.ProjectDefinition;
import io.privatevault.stack.StackLayer;
import io.privatevault.stack.StackSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code plan}: the offline plan of one stack under the Pulumi mock engine, without credentials or network. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Run the program for a stack under the Pulumi mock engine (no cloud credentials, no network) "
                + "and report every resource `pulumi up` would create, findings, outputs and rendered files.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:plan produced", "1:the program failed under the mock engine", "2:usage error or invalid stack settings"})
public final class PlanCommand implements Callable<Integer> {
    enum Format { text, json, mermaid }

    @Option(names = "--stack", paramLabel = "NAME|FILE",
            description = "Stack name (reads Pulumi.<NAME>.yaml in the project folder) or a path to a stack file.")
    String stack;

    @Option(names = "--format", defaultValue = "text", description = "text, json or mermaid (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--artifacts", paramLabel = "DIR", description = "Write every rendered file (node configs, scripts, units, policies, sample VPN config) below DIR.")
    Path artifacts;

    @Option(names = "--show-secrets", description = "Print secret values instead of [secret].")
    boolean showSecrets;

    @Option(names = "--timings", description = "Print start-up timings to stderr: JVM start to first resource registration, and the whole plan.")
    boolean timings;

    @Option(names = "--project-dir", defaultValue = ".", paramLabel = "DIR", description = "Folder holding Pulumi.yaml (default: current folder).")
    Path projectDir;

    private final PrintWriter out;
    private final PrintWriter err;

    public PlanCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (stack == null) {
            err.println("error: missing --stack NAME|FILE (or a subcommand: diff, coexistence)");
            return 2;
        }
        ProjectDefinition project = loadProject();
        Path stackFile = stack.endsWith(".yaml") || stack.endsWith(".yml") ? Path.of(stack)
                : projectDir.resolve("Pulumi." + stack + ".yaml");
        if (!Files.isRegularFile(stackFile)) {
            err.println("error: stack file " + stackFile + " not found");
            return 2;
        }
        String stackName = stackName(stackFile);
        StackLayer settings;
        try {
            settings = StackLayer.load(project, ConfigSource.fromStackFile(stackFile), stackName);
        } catch (InvalidSettingsException | ConfigSource.InvalidStackFileException e) {
            err.println("error: " + e.getMessage());
            err.println("nothing was planned; fix " + stackFile + " and run again");
            return 2;
        }
        // Suppressions are the plan's own setting: their rule names are checked against the policy pack before the
        // mock run, so a typo costs no run and shows no stack trace.
        var unknownRules = PolicyPack.standard().unknownRules(
                settings.policySuppressions().stream().map(StackSettings.PolicySuppression::rule).toList(),
                i -> project.name() + ":policySuppressions[" + i + "].rule");
        if (!unknownRules.isEmpty()) {
            unknownRules.forEach(problem -> err.println("error: " + problem));
            err.println("nothing was planned; fix " + stackFile + " and run again");
            return 2;
        }
        // Node.js and the IAM policy simulator load while the program runs under the mock engine (kms-key-use).
        IamSimulator.prestart();
        PlanReport report;
        try {
            // A configuration stack is planned on the plan of the platform stack it references.
            report = ConfigurationPlan.plan(project, stackFile, settings);
        } catch (InvalidSettingsException e) {
            err.println("error: " + e.getMessage());
            err.println("nothing was planned; fix " + stackFile + " and run again");
            return 2;
        } catch (PlanRunner.PlanFailedException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        // Files first: a folder that cannot be written is an error before any output.
        int written = artifacts == null ? 0 : ArtifactWriter.write(report.renderedFiles(), artifacts);
        switch (format) {
            case json -> JsonRenderer.render(report, showSecrets, out);
            case mermaid -> out.print(MermaidRenderer.render(report));
            default -> out.print(TextRenderer.render(report, showSecrets, artifacts));
        }
        // Everything on stdout is written before anything goes to stderr, so the two never interleave on a terminal.
        out.flush();
        if (artifacts != null) {
            err.println("wrote " + written + " rendered files to " + artifacts);
        }
        if (timings) {
            // From the first JVM's start when `java -jar` relaunched the plan (io.privatevault.PlanJvm).
            long jvmStart = Long.getLong("privatevault.startedAt",
                    ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L));
            err.printf("timings: JVM start to first resource registration %d ms; JVM start to plan written %d ms%n",
                    report.firstRegistrationMillis() - jvmStart, System.currentTimeMillis() - jvmStart);
        }
        err.flush();
        return 0;
    }

    /** The project's own Pulumi.yaml when present (the user may be editing it), else the bundled copy. */
    private ProjectDefinition loadProject() throws Exception {
        Path file = projectDir.resolve("Pulumi.yaml");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return ProjectDefinition.parse(in);
            }
        }
        return ProjectDefinition.bundled();
    }

    /** {@code Pulumi.prod.yaml} is stack {@code prod}. */
    static String stackName(Path stackFile) {
        String file = stackFile.getFileName().toString();
        return file.replaceFirst("^Pulumi\\.", "").replaceFirst("\\.ya?ml$", "");
    }
}
