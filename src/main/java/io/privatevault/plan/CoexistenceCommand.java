package io.privatevault.plan;

import com.google.gson.GsonBuilder;
import io.privatevault.plan.insights.Coexistence;
import io.privatevault.plan.insights.Finding;
import io.privatevault.stack.InvalidSettingsException;
import io.privatevault.stack.ProjectDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code plan coexistence [STACK...]}: plans every stack of the project (default: every {@code Pulumi.<stack>.yaml} in
 * the project folder) and reports each explicit physical name two of them share (see {@link Coexistence}).
 */
@Command(name = "coexistence", mixinStandardHelpOptions = true,
        description = "Plan several stacks of the project (default: every Pulumi.<stack>.yaml in the project folder) and report"
                + " every explicit physical name two of them would both register in one account and Region (or VPC, or"
                + " Kubernetes cluster), which makes the second deployment fail.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no shared name", "1:two stacks share a name", "2:usage error, invalid settings or a failed plan"})
public final class CoexistenceCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(arity = "0..*", paramLabel = "STACK", description = "Stack names (Pulumi.<STACK>.yaml in the project folder).")
    List<String> stacks = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    /** {@code plan}, whose {@code --project-dir} names the project folder. */
    @ParentCommand
    PlanCommand plan;

    private final PrintWriter out;
    private final PrintWriter err;

    public CoexistenceCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Path projectDir = plan.projectDir;
        ProjectDefinition project;
        Path projectFile = projectDir.resolve("Pulumi.yaml");
        if (Files.isRegularFile(projectFile)) {
            try (InputStream in = Files.newInputStream(projectFile)) {
                project = ProjectDefinition.parse(in);
            }
        } else {
            project = ProjectDefinition.bundled();
        }
        List<String> names = stacks.isEmpty() ? stackFiles(projectDir) : stacks;
        if (names.size() < 2) {
            err.println("error: coexistence compares at least two stacks, got " + names);
            return 2;
        }
        var plans = new ArrayList<Coexistence.StackNames>();
        for (String name : names) {
            Path file = projectDir.resolve("Pulumi." + name + ".yaml");
            if (!Files.isRegularFile(file)) {
                err.println("error: stack file " + file + " not found");
                return 2;
            }
            try {
                var report = ConfigurationPlan.planStackFile(project, file, name);
                plans.add(new Coexistence.StackNames(name, PlanRunner.PLAN_ACCOUNT_ID, report.settings().region(), report.resources()));
            } catch (InvalidSettingsException e) {
                err.println("error: " + e.getMessage());
                return 2;
            } catch (PlanRunner.PlanFailedException e) {
                err.println("error: stack " + name + ": " + e.getMessage());
                return 2;
            }
        }
        List<Finding> findings = Coexistence.across(plans);
        int compared = plans.stream().mapToInt(p -> p.names().size()).sum();
        if (format == Format.json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("stacks", names);
            doc.put("account", PlanRunner.PLAN_ACCOUNT_ID);
            doc.put("namesCompared", compared);
            doc.put("findings", findings.stream().map(f -> (Map<String, Object>) new LinkedHashMap<String, Object>(Map.of(
                    "severity", f.severity().name(), "rule", f.rule(), "urn", f.urn(), "message", f.message()))).toList());
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(doc));
        } else {
            out.println("coexistence of " + String.join(", ", names) + " (every stack assumed in account " + PlanRunner.PLAN_ACCOUNT_ID
                    + "): " + compared + " explicit names compared, " + findings.size() + " shared");
            findings.forEach(f -> out.println("  " + f.severity() + " " + f.rule() + " " + f.urn() + ": " + f.message()));
        }
        out.flush();
        return findings.isEmpty() ? 0 : 1;
    }

    /** Every {@code Pulumi.<stack>.yaml} of the folder, platform stacks first (configuration stacks plan them again). */
    static List<String> stackFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.matches("Pulumi\\.[A-Za-z0-9_.-]+\\.ya?ml"))
                    .map(f -> PlanCommand.stackName(Path.of(f))).sorted().toList();
        }
    }
}
