package io.privatevault;

import com.pulumi.Pulumi;
import io.privatevault.plan.CoexistenceCommand;
import io.privatevault.plan.DiffCommand;
import io.privatevault.plan.PlanCommand;
import io.privatevault.stack.ConfigSource;
import io.privatevault.stack.ConfigurationSettings;
import io.privatevault.stack.InvalidSettingsException;
import io.privatevault.stack.ProjectDefinition;
import io.privatevault.stack.StackLayer;
import io.privatevault.stack.StackSettings;
import io.privatevault.stack.VaultConfiguration;
import io.privatevault.stack.VaultPlatform;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Entry point of both the Pulumi program and the CLI. Without arguments (how the Pulumi language host starts
 * it) it runs the program for the engine's stack; {@code plan ...} runs the offline plan.
 */
public final class Main {
    /** What to do instead when the jar is started by hand without a command. */
    static final String NOT_UNDER_ENGINE = """
            error: no command and no Pulumi engine: without arguments this jar is the Pulumi program, which the Pulumi CLI runs.
              Deploy or preview a stack:      pulumi up --stack dev    (or: pulumi preview --stack dev)
              Then Vault's configuration:     pulumi up --stack dev-config    (from a runner that reaches Vault)
              Plan a stack offline:           java -jar target/private-vault.jar plan --stack dev    (or: --stack dev-config)
              Every command and option:       java -jar target/private-vault.jar --help""";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            var relaunched = PlanJvm.run(args);
            if (relaunched.isPresent()) {
                System.exit(relaunched.getAsInt());
            }
            asyncTasksOnTheCommonPool();
            System.exit(cli(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
        }
        if (!ConfigSource.runByEngine()) {
            System.err.println(NOT_UNDER_ENGINE);
            System.exit(2);
            return;
        }
        // Validate before the engine sees a single registration: a bad setting creates nothing.
        String stack = System.getenv().getOrDefault("PULUMI_STACK", "");
        StackLayer settings;
        try {
            settings = StackLayer.load(ProjectDefinition.bundled(), ConfigSource.fromEngineEnvironment(), stack);
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // One program, two kinds of stack: the platform, or Vault's configuration on a platform stack's outputs.
        Pulumi.run(ctx -> {
            if (settings instanceof ConfigurationSettings configuration) {
                VaultConfiguration.define(ctx, configuration);
            } else {
                VaultPlatform.define(ctx, (StackSettings) settings);
            }
        });
    }

    /**
     * The offline plan runs the Pulumi SDK, which hands every asynchronous step to {@code CompletableFuture}'s
     * default executor. With fewer than three CPUs the common pool's parallelism is 1, and {@code CompletableFuture}
     * then starts a new thread for every task (its documented fallback): about 2,000 threads for one plan of the
     * prod stack, a second of system time on a 2-core machine. Two workers avoid that. It must be set before
     * anything touches the common pool; a value the user set wins. The Pulumi program ({@code pulumi up}) keeps the
     * JDK's default, since the real engine's task loop was not measured with it.
     */
    static void asyncTasksOnTheCommonPool() {
        String property = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }

    /** Runs the command line; returns the exit code. */
    public static int cli(String[] args, PrintWriter out, PrintWriter err) {
        var cli = new CommandLine(new Cli())
                .addSubcommand(new CommandLine(new PlanCommand(out, err))
                        .addSubcommand(new CommandLine(new DiffCommand(out, err)))
                        .addSubcommand(new CommandLine(new CoexistenceCommand(out, err))));
        cli.setOut(out).setErr(err);
        return cli.execute(args);
    }

    @CommandLine.Command(name = "private-vault", mixinStandardHelpOptions = true, version = "private-vault 0.1.0",
            description = "A private, highly available Vault on AWS. Without a command: the Pulumi program (run by `pulumi up`).")
    static final class Cli implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try: plan --stack dev)");
        }
    }
}
