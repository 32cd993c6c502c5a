package io.privatevault.stack;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project file ({@code Pulumi.yaml}): its name and the declared settings (type, description, default).
 * The build copies Pulumi.yaml into the jar, so the declaration is the single source of truth both under
 * {@code pulumi up} and in the offline plan.
 */
public record ProjectDefinition(String name, Map<String, Declaration> settings) {

    /** One declared setting. {@code defaultValue} is null when the default depends on the environment. */
    public record Declaration(String key, String type, String itemsType, String description, Object defaultValue) {
    }

    /** The Pulumi.yaml bundled with the program. */
    public static ProjectDefinition bundled() {
        try (InputStream in = ProjectDefinition.class.getResourceAsStream("/Pulumi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("Pulumi.yaml is not on the classpath; build with `mvn package`");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static ProjectDefinition parse(InputStream in) {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        String name = (String) doc.get("name");
        var settings = new LinkedHashMap<String, Declaration>();
        var config = (Map<String, Object>) doc.getOrDefault("config", Map.of());
        config.forEach((key, raw) -> {
            var spec = (Map<String, Object>) raw;
            var items = (Map<String, Object>) spec.get("items");
            settings.put(key, new Declaration(key, (String) spec.get("type"),
                    items == null ? null : (String) items.get("type"),
                    (String) spec.get("description"), spec.get("default")));
        });
        return new ProjectDefinition(name, Collections.unmodifiableMap(settings));
    }
}
