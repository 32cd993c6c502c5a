package io.privatevault.plan;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code plan diff BASE.json HEAD.json}: what a pull request changes, for a PR comment. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two `plan --format json` documents (base and head of a pull request).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no change", "1:resources, findings or cost changed", "2:usage error or unreadable plan"})
public final class DiffCommand implements Callable<Integer> {
    enum Format { markdown, json }

    @Parameters(index = "0", paramLabel = "BASE.json")
    Path base;

    @Parameters(index = "1", paramLabel = "HEAD.json")
    Path head;

    @Option(names = "--format", defaultValue = "markdown", description = "markdown or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--title", defaultValue = "Offline plan diff", description = "Heading of the Markdown comment.")
    String title;

    private final PrintWriter out;
    private final PrintWriter err;

    public DiffCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        PlanDiff diff;
        try {
            diff = PlanDiff.of(read(base), read(head));
        } catch (IOException | JsonParseException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        out.print(format == Format.json
                ? new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(diff.toMap()) + "\n"
                : diff.toMarkdown(title));
        out.flush();
        return diff.hasChanges() ? 1 : 0;
    }

    private static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}
