package io.privatevault.components.support;

import java.util.List;

/**
 * Settings or component arguments with values that are not allowed: every problem found, each saying which,
 * what and why. The message is the problems' messages, one per line.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private final List<Problem> problems;

    public InvalidSettingException(String setting, Object value, String allowed) {
        this(List.of(new Problem(setting, value, allowed)));
    }

    public InvalidSettingException(List<Problem> problems) {
        super(String.join("\n", problems.stream().map(Problem::message).toList()));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidSettingException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The setting of the first problem. */
    public String setting() {
        return problems.get(0).setting();
    }

    public List<Problem> problems() {
        return problems;
    }
}
