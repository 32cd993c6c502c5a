package io.privatevault.components.construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * One property value as the engine sees it after decoding the wire format ({@link PropertyValues}): its kind and
 * value, whether a secret wrapper covered it, and the resources an output value said it depends on. Secrecy and
 * dependencies are kept on the node where the wrapper was; {@link #visitStrings} tells whether a string sits under
 * a secret anywhere above it.
 */
record Prop(Kind kind, Object value, boolean secret, Set<String> dependencies) {
    enum Kind { NULL, STRING, NUMBER, BOOL, LIST, MAP, UNKNOWN, RESOURCE, ASSET, ARCHIVE }

    static final Prop NULL = new Prop(Kind.NULL, null, false, Set.of());

    Prop wrapped(boolean secret, Set<String> dependencies) {
        var deps = new TreeSet<>(this.dependencies);
        deps.addAll(dependencies);
        return new Prop(kind, value, this.secret || secret, deps);
    }

    String string() {
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    List<Prop> list() {
        return (List<Prop>) value;
    }

    @SuppressWarnings("unchecked")
    Map<String, Prop> map() {
        return (Map<String, Prop>) value;
    }

    boolean isUnknown() {
        return kind == Kind.UNKNOWN;
    }

    boolean isNull() {
        return kind == Kind.NULL;
    }

    /** True when this value or anything inside it is unknown. */
    boolean containsUnknown() {
        return switch (kind) {
            case UNKNOWN -> true;
            case LIST -> list().stream().anyMatch(Prop::containsUnknown);
            case MAP -> map().values().stream().anyMatch(Prop::containsUnknown);
            default -> false;
        };
    }

    /** True when this value or anything inside it is secret. */
    boolean containsSecret() {
        return secret || switch (kind) {
            case LIST -> list().stream().anyMatch(Prop::containsSecret);
            case MAP -> map().values().stream().anyMatch(Prop::containsSecret);
            default -> false;
        };
    }

    /** Every string inside, with whether a secret wrapper covers it (here or on an enclosing value). */
    void visitStrings(BiConsumer<String, Boolean> visitor) {
        visit(this, false, visitor);
    }

    private static void visit(Prop p, boolean underSecret, BiConsumer<String, Boolean> visitor) {
        boolean secret = underSecret || p.secret;
        switch (p.kind) {
            case STRING -> visitor.accept(p.string(), secret);
            case LIST -> p.list().forEach(e -> visit(e, secret, visitor));
            case MAP -> p.map().values().forEach(e -> visit(e, secret, visitor));
            default -> {
            }
        }
    }

    /** Every dependency recorded anywhere inside. */
    Set<String> allDependencies() {
        var all = new TreeSet<>(dependencies);
        switch (kind) {
            case LIST -> list().forEach(e -> all.addAll(e.allDependencies()));
            case MAP -> map().values().forEach(e -> all.addAll(e.allDependencies()));
            default -> {
            }
        }
        return all;
    }

    /**
     * The plain Java value (String, Double, Boolean, List, Map, null), wrappers dropped; unknowns become
     * {@link PropertyValues#UNKNOWN}, the wire's unknown sentinel, so code reading inputs sees them for what they are.
     */
    Object toJava() {
        return switch (kind) {
            case NULL -> null;
            case UNKNOWN -> PropertyValues.UNKNOWN;
            case LIST -> {
                var out = new ArrayList<>();
                list().forEach(e -> out.add(e.toJava()));
                yield out;
            }
            case MAP -> {
                var out = new LinkedHashMap<String, Object>();
                map().forEach((k, v) -> out.put(k, v.toJava()));
                yield out;
            }
            default -> value;
        };
    }

    @Override
    public String toString() {
        String body = switch (kind) {
            case STRING -> '"' + string() + '"';
            case UNKNOWN -> "<unknown>";
            default -> String.valueOf(value);
        };
        return (secret ? "secret(" + body + ")" : body) + (dependencies.isEmpty() ? "" : " deps=" + dependencies);
    }
}
