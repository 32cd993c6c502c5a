package io.privatevault.components.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal typed model of an HCL body (comments, attributes and labelled blocks) and its one serialiser. Vault's
 * server configuration and every Vault policy (baseline personas, tenants, the nodes' snapshot policy) are built
 * from this model, never by concatenating fragments.
 */
public final class Hcl {
    private Hcl() {
    }

    /** A comment, an attribute or a block inside a body. */
    public sealed interface Entry permits Comment, Attribute, Block {
    }

    /** {@code # text}; line breaks in the text are folded into spaces, so a comment never ends early. */
    public record Comment(String text) implements Entry {
    }

    /** {@code name = value}; values are String, Boolean, Integer/Long/Double, or a List of those. */
    public record Attribute(String name, Object value) implements Entry {
    }

    /** {@code type "label" ... { body }}, with an optional comment on the line above it. */
    public record Block(String type, List<String> labels, Body body, String comment) implements Entry {
    }

    /** An ordered list of entries; built with {@link #body()}. */
    public record Body(List<Entry> entries) {
        public String render() {
            var out = new StringBuilder();
            write(this, 0, out);
            return out.toString();
        }
    }

    public static BodyBuilder body() {
        return new BodyBuilder();
    }

    public static final class BodyBuilder {
        private final List<Entry> entries = new ArrayList<>();

        public BodyBuilder comment(String text) {
            entries.add(new Comment(text));
            return this;
        }

        /** Adds {@code name = value}; a null value is left out (an unset optional). */
        public BodyBuilder attr(String name, Object value) {
            if (value != null) {
                entries.add(new Attribute(name, value));
            }
            return this;
        }

        public BodyBuilder block(String type, List<String> labels, Body body) {
            return commentedBlock(null, type, labels, body);
        }

        public BodyBuilder block(String type, Body body) {
            return block(type, List.of(), body);
        }

        /** A block with {@code # comment} above it (none when the comment is null or blank). */
        public BodyBuilder commentedBlock(String comment, String type, List<String> labels, Body body) {
            entries.add(new Block(type, List.copyOf(labels), body, comment == null || comment.isBlank() ? null : comment));
            return this;
        }

        /** Adds every entry of {@code other}, in order. */
        public BodyBuilder all(Body other) {
            entries.addAll(other.entries());
            return this;
        }

        public Body build() {
            return new Body(List.copyOf(entries));
        }
    }

    /** Blocks stand apart from what surrounds them by one blank line; attributes and comments do not. */
    private static void write(Body body, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth);
        Entry previous = null;
        for (Entry entry : body.entries()) {
            if ((entry instanceof Block || previous instanceof Block) && previous != null) {
                out.append('\n');
            }
            if (entry instanceof Comment c) {
                out.append(indent).append(comment(c.text())).append('\n');
            } else if (entry instanceof Attribute a) {
                out.append(indent).append(identifier(a.name())).append(" = ").append(value(a.value())).append('\n');
            } else if (entry instanceof Block b) {
                if (b.comment() != null) {
                    out.append(indent).append(comment(b.comment())).append('\n');
                }
                out.append(indent).append(identifier(b.type()));
                for (String label : b.labels()) {
                    out.append(' ').append(quote(label));
                }
                out.append(" {\n");
                write(b.body(), depth + 1, out);
                out.append(indent).append("}\n");
            }
            previous = entry;
        }
    }

    private static String comment(String text) {
        return "# " + text.replaceAll("[\\r\\n]+", " ");
    }

    private static String identifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("not an HCL identifier: " + name);
        }
        return name;
    }

    private static String value(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%s", d);
        }
        if (value instanceof List<?> list) {
            var parts = new ArrayList<String>();
            list.forEach(v -> parts.add(value(v)));
            return "[" + String.join(", ", parts) + "]";
        }
        throw new IllegalArgumentException("unsupported HCL value " + value);
    }

    /**
     * A quoted HCL string. Vault reads its configuration and policies with HCL 1, where {@code ${} is literal text,
     * while HCL 2 tools read it as a template (and HCL 2's {@code $${} escape is literal text to HCL 1). No escape
     * means the same to both, so such values are refused rather than rendered ambiguously. Quotes, backslashes and
     * control characters are escaped the way both versions read them.
     */
    public static String quote(String s) {
        if (s.contains("${") || s.contains("%{")) {
            throw new IllegalArgumentException("HCL value contains a template sequence: " + s);
        }
        var out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
