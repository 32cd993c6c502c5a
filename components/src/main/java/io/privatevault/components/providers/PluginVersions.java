package io.privatevault.components.providers;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the plugin versions the bindings pin. {@code com/pulumi/<name>/plugin.json} is the file the Pulumi Java
 * language host finds on the classpath to tell the CLI which resource plugin to install; reading the version
 * from the same file keeps the {@code version} resource option and the installed plugin identical.
 */
public final class PluginVersions {
    private PluginVersions() {
    }

    /** The {@code version} in {@code com/pulumi/<plugin>/plugin.json}; fails loudly when the file is missing. */
    public static String read(String plugin) {
        String path = "com/pulumi/" + plugin + "/plugin.json";
        try (InputStream in = PluginVersions.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("expected resource '" + path + "' on the classpath, not found");
            }
            JsonObject json = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!json.has("version") || !plugin.equals(json.get("name").getAsString())) {
                throw new IllegalStateException(path + " must name plugin '" + plugin + "' and a version, got " + json);
            }
            return json.get("version").getAsString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
