package io.privatevault.stack;

import java.util.List;

/** Every problem found in a stack's settings, reported together before anything is registered. */
public class InvalidSettingsException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidSettingsException(String stack, List<String> problems) {
        super("invalid settings for stack '" + stack + "':\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
