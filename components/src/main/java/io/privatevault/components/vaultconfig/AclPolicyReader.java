package io.privatevault.components.vaultconfig;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Vault ACL policy as Vault accepts it (Vault docs, "Policies", policy syntax): HCL with {@code path "<glob>"}
 * blocks whose {@code capabilities} list the grants (other block attributes, such as {@code allowed_parameters}, are
 * read past), the legacy {@code policy = "read|write|sudo|deny"} shorthand, or the same structure as JSON. Used to
 * judge policies a plan registers, whoever wrote them.
 */
public final class AclPolicyReader {
    /** The legacy shorthand, as Vault expands it (hashicorp/vault vault/policy.go, parsePaths: "Map old-style policies into capabilities"). */
    private static final Map<String, Set<Capability>> LEGACY = Map.of(
            "deny", EnumSet.of(Capability.DENY),
            "read", EnumSet.of(Capability.READ, Capability.LIST),
            "write", EnumSet.of(Capability.CREATE, Capability.READ, Capability.UPDATE, Capability.DELETE, Capability.LIST),
            "sudo", EnumSet.of(Capability.CREATE, Capability.READ, Capability.UPDATE, Capability.DELETE, Capability.LIST, Capability.SUDO));

    private final String text;
    private int at;

    private AclPolicyReader(String text) {
        this.text = text;
    }

    /** The policy's path rules; throws {@link IllegalArgumentException} saying where the text is not a policy. */
    public static AclPolicy read(String name, String policy) {
        String trimmed = policy == null ? "" : policy.strip();
        Map<String, Set<Capability>> paths = trimmed.startsWith("{") ? json(trimmed) : new AclPolicyReader(policy).hcl();
        var rules = new ArrayList<PathRule>();
        paths.forEach((path, caps) -> rules.add(new PathRule(path, caps, "")));
        return new AclPolicy(name, "", "", rules);
    }

    private static Map<String, Set<Capability>> json(String policy) {
        var paths = new LinkedHashMap<String, Set<Capability>>();
        try {
            JsonElement root = JsonParser.parseString(policy);
            JsonElement path = root.getAsJsonObject().get("path");
            if (path == null || !path.isJsonObject()) {
                throw new IllegalArgumentException("a JSON policy needs a \"path\" object");
            }
            path.getAsJsonObject().entrySet().forEach(e -> {
                var caps = EnumSet.noneOf(Capability.class);
                var block = e.getValue().getAsJsonObject();
                if (block.has("capabilities")) {
                    block.getAsJsonArray("capabilities").forEach(c -> caps.add(capability(c.getAsString())));
                }
                if (block.has("policy")) {
                    caps.addAll(legacy(block.get("policy").getAsString()));
                }
                merge(paths, e.getKey(), caps);
            });
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("not a Vault policy in JSON: " + e.getMessage());
        }
        return paths;
    }

    // ---- HCL ----------------------------------------------------------------------------------------------------

    private Map<String, Set<Capability>> hcl() {
        var paths = new LinkedHashMap<String, Set<Capability>>();
        skip();
        while (at < text.length()) {
            String keyword = identifier();
            skip();
            if (keyword.equals("path")) {
                String path = string();
                skip();
                expect('{');
                merge(paths, path, pathBody());
            } else if (keyword.equals("name")) {
                // A top-level name attribute is ignored by Vault.
                expect('=');
                value();
            } else {
                throw error("unexpected '" + keyword + "' (a policy holds path blocks)");
            }
            skip();
        }
        return paths;
    }

    private Set<Capability> pathBody() {
        var caps = EnumSet.noneOf(Capability.class);
        var arguments = new java.util.HashSet<String>();
        skip();
        while (peek() != '}') {
            String attribute = identifier();
            skip();
            if (peek() == '{') {
                // A nested block (HCL1 style), e.g. allowed_parameters { ... }
                at++;
                skipBalanced('{', '}');
            } else {
                // "Vault now returns an error when it detects the same argument more than once" (Vault docs,
                // "Important changes", 2.1.0): an older Vault merged them, 2.1 refuses the policy.
                if (!arguments.add(attribute)) {
                    throw error("'" + attribute + "' is set twice in one path block (Vault 2.1 refuses a repeated argument)");
                }
                expect('=');
                skip();
                Object value = value();
                if (attribute.equals("capabilities")) {
                    if (!(value instanceof List<?> list)) {
                        throw error("capabilities must be a list");
                    }
                    list.forEach(c -> caps.add(capability(String.valueOf(c))));
                } else if (attribute.equals("policy")) {
                    caps.addAll(legacy(String.valueOf(value)));
                }
            }
            skip();
            if (peek() == ',') {
                at++;
                skip();
            }
        }
        at++;
        if (caps.isEmpty()) {
            throw error("a path block without capabilities");
        }
        return caps;
    }

    /** A string, number, boolean, list of them, or an object (read past: only capabilities matter). */
    private Object value() {
        skip();
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '[') {
            at++;
            var list = new ArrayList<Object>();
            skip();
            while (peek() != ']') {
                list.add(value());
                skip();
                if (peek() == ',') {
                    at++;
                    skip();
                }
            }
            at++;
            return list;
        }
        if (c == '{') {
            at++;
            skipBalanced('{', '}');
            return Map.of();
        }
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || "._-".indexOf(text.charAt(at)) >= 0)) {
            at++;
        }
        if (start == at) {
            throw error("expected a value");
        }
        return text.substring(start, at);
    }

    private void skipBalanced(char open, char close) {
        int depth = 1;
        while (at < text.length() && depth > 0) {
            char c = text.charAt(at);
            if (c == '"') {
                string();
                continue;
            }
            if (c == '#' || c == '/' && at + 1 < text.length() && (text.charAt(at + 1) == '/' || text.charAt(at + 1) == '*')) {
                skip();
                continue;
            }
            depth += c == open ? 1 : c == close ? -1 : 0;
            at++;
        }
        if (depth > 0) {
            throw error("unbalanced '" + open + "'");
        }
    }

    private String identifier() {
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_' || text.charAt(at) == '-')) {
            at++;
        }
        if (start == at) {
            throw error("expected a name");
        }
        return text.substring(start, at);
    }

    private String string() {
        expect('"');
        var out = new StringBuilder();
        while (at < text.length() && text.charAt(at) != '"') {
            char c = text.charAt(at++);
            if (c == '\\' && at < text.length()) {
                char next = text.charAt(at++);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        expect('"');
        return out.toString();
    }

    /** Skips white space and comments ({@code #}, {@code //}, {@code /* *}{@code /}). */
    private void skip() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '#' || c == '/' && at + 1 < text.length() && text.charAt(at + 1) == '/') {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else if (c == '/' && at + 1 < text.length() && text.charAt(at + 1) == '*') {
                int end = text.indexOf("*/", at + 2);
                if (end < 0) {
                    throw error("unterminated comment");
                }
                at = end + 2;
            } else {
                return;
            }
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end of policy");
        }
        return text.charAt(at);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String what) {
        int line = 1;
        for (int i = 0; i < Math.min(at, text.length()); i++) {
            line += text.charAt(i) == '\n' ? 1 : 0;
        }
        return new IllegalArgumentException("not a Vault policy: " + what + " on line " + line);
    }

    private static Capability capability(String name) {
        try {
            return Capability.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Vault policy: unknown capability '" + name + "'");
        }
    }

    private static Set<Capability> legacy(String policy) {
        var caps = LEGACY.get(policy);
        if (caps == null) {
            throw new IllegalArgumentException("not a Vault policy: unknown policy '" + policy + "' (deny, read, write or sudo)");
        }
        return caps;
    }

    /** Vault merges blocks of the same path: capabilities add up (and deny wins when evaluated). */
    private static void merge(Map<String, Set<Capability>> paths, String path, Set<Capability> caps) {
        paths.merge(path, caps, (a, b) -> {
            var all = EnumSet.copyOf(a);
            all.addAll(b);
            return all;
        });
    }
}
