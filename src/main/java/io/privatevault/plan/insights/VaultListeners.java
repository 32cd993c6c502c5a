package io.privatevault.plan.insights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code listener "tcp"} blocks of a rendered vault.hcl: just enough HCL (comments, quoted strings,
 * nested braces) to get each block's top-level attributes without a full parser in the plan's classpath.
 */
final class VaultListeners {
    private static final Pattern LISTENER = Pattern.compile("(?m)^\\s*listener\\s+\"tcp\"\\s*\\{");
    private static final Pattern ATTRIBUTE = Pattern.compile("(?m)^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s#]+)");

    private VaultListeners() {
    }

    /** Attributes of every TCP listener, values unquoted. */
    static List<Map<String, String>> parse(String hcl) {
        String text = stripComments(hcl);
        List<Map<String, String>> listeners = new ArrayList<>();
        Matcher m = LISTENER.matcher(text);
        while (m.find()) {
            int end = matchingBrace(text, m.end() - 1);
            String body = text.substring(m.end(), end < 0 ? text.length() : end);
            listeners.add(topLevelAttributes(body));
        }
        return listeners;
    }

    /** The file's own top-level attributes (outside every block), values unquoted. */
    static Map<String, String> topLevel(String hcl) {
        return topLevelAttributes(stripComments(hcl));
    }

    private static Map<String, String> topLevelAttributes(String body) {
        // Blank out nested blocks so their attributes are not mistaken for the listener's own.
        var flat = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' && (i == 0 || body.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (!quoted && c == '{') {
                depth++;
            }
            flat.append(depth == 0 || c == '\n' ? c : ' ');
            if (!quoted && c == '}') {
                depth--;
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher a = ATTRIBUTE.matcher(flat);
        while (a.find()) {
            String value = a.group(2);
            attributes.put(a.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
        return attributes;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && text.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String stripComments(String hcl) {
        var out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < hcl.length(); i++) {
            char c = hcl.charAt(i);
            if (c == '"' && (i == 0 || hcl.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (!quoted && (c == '#' || c == '/' && i + 1 < hcl.length() && hcl.charAt(i + 1) == '/')) {
                while (i < hcl.length() && hcl.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
                continue;
            }
            if (!quoted && c == '/' && i + 1 < hcl.length() && hcl.charAt(i + 1) == '*') {
                int close = hcl.indexOf("*/", i + 2);
                i = close < 0 ? hcl.length() : close + 1;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
