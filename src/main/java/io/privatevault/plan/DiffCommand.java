package io.privatevault.plan;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Gson;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
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
            diff = PlanDiff.of(read("base plan", base), read("head plan", head));
        } catch (UnreadablePlanException | PlanDiff.NotComparableException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        out.print(format == Format.json
                ? new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(diff.toMap()) + "\n"
                : diff.toMarkdown(title));
        out.flush();
        return diff.hasChanges() ? 1 : 0;
    }

    /** A plan file that cannot be read as a plan document; the message says which file and why. */
    static final class UnreadablePlanException extends Exception {
        UnreadablePlanException(String message) {
            super(message);
        }
    }

    /** {@code file} as a plan document, or an error naming it ({@code label}: base or head plan) and the problem. */
    static JsonObject read(String label, Path file) throws UnreadablePlanException {
        if (!Files.exists(file)) {
            throw new UnreadablePlanException(label + " " + file + " does not exist (write it with `plan --stack NAME --format json > "
                    + file.getFileName() + "`)");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UnreadablePlanException("cannot read " + label + " " + file + ": " + e);
        }
        JsonElement parsed;
        try {
            // Strict: Gson's lenient default would take a bare word for a JSON string.
            var reader = new JsonReader(new StringReader(text));
            reader.setLenient(false);
            parsed = new Gson().getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedJsonException("more text after the JSON value at " + reader.getPath());
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            // Gson words a syntax error as advice to its caller ("Use JsonReader.setLenient(true) to accept ...").
            String where = String.valueOf(e.getMessage()).replaceFirst("^Use JsonReader\\.setLenient\\(true\\) to accept ", "");
            throw new UnreadablePlanException(label + " " + file + " is not JSON (" + where
                    + "); plan diff reads the output of `plan --format json`");
        }
        if (!parsed.isJsonObject()) {
            throw new UnreadablePlanException(label + " " + file + " is JSON but not a plan document (expected an object, got "
                    + (parsed.isJsonArray() ? "an array" : parsed.isJsonNull() ? "nothing" : "a value") + ")");
        }
        String problem = PlanDiff.problem(label + " " + file, parsed.getAsJsonObject());
        if (problem != null) {
            throw new UnreadablePlanException(problem);
        }
        return parsed.getAsJsonObject();
    }
}
