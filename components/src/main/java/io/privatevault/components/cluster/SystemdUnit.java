package io.privatevault.components.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file as a typed model: ordered sections of (key, value) directives, rendered once.
 * Keys may repeat (e.g. {@code ExecStartPre}), hence a list per section.
 *
 * @param fileName e.g. {@code vault.service}
 */
public record SystemdUnit(String fileName, Map<String, List<Directive>> sections) {
    public record Directive(String key, String value) {
    }

    public static Builder builder(String fileName) {
        return new Builder(fileName);
    }

    /** Values of a directive in a section (empty when absent). */
    public List<String> values(String section, String key) {
        return sections.getOrDefault(section, List.of()).stream().filter(d -> d.key().equals(key)).map(Directive::value).toList();
    }

    public String render() {
        var out = new StringBuilder("# Rendered by private-vault (VaultRaftCluster).\n");
        sections.forEach((section, directives) -> {
            out.append('[').append(section).append("]\n");
            directives.forEach(d -> out.append(d.key()).append('=').append(d.value()).append('\n'));
            out.append('\n');
        });
        return out.toString().stripTrailing() + "\n";
    }

    public static final class Builder {
        private final String fileName;
        private final Map<String, List<Directive>> sections = new LinkedHashMap<>();
        private String current;

        private Builder(String fileName) {
            if (!fileName.matches("[a-z0-9-]+\\.(service|timer)")) {
                throw new IllegalArgumentException("unit file name " + fileName);
            }
            this.fileName = fileName;
        }

        public Builder section(String name) {
            current = name;
            sections.computeIfAbsent(name, k -> new ArrayList<>());
            return this;
        }

        public Builder set(String key, Object value) {
            if (current == null) {
                throw new IllegalStateException("set() before section()");
            }
            String text = String.valueOf(value);
            if (text.contains("\n")) {
                throw new IllegalArgumentException(key + " value spans lines");
            }
            sections.get(current).add(new Directive(key, text));
            return this;
        }

        public SystemdUnit build() {
            var copy = new LinkedHashMap<String, List<Directive>>();
            sections.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new SystemdUnit(fileName, java.util.Collections.unmodifiableMap(copy));
        }
    }
}
