package io.privatevault.components.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's disaster-recovery scripts: {@code restore.sh} (the newest snapshot into a running cluster, usually a
 * new one in the backup region) and {@code restore-drill.sh} (the newest snapshot into a throwaway single-node Vault,
 * compared by a marker secret), with the helpers both source. They run on an operator's host, not on a node, so they
 * take their values from the environment (docs/runbooks.md lists them) and are shipped as rendered files:
 * {@code plan --artifacts DIR} writes them to {@code DIR/ops/}, executable.
 */
public final class OpsScripts {
    /** In the order they are written; the resources live in {@code ops/} next to the node scripts. */
    public static final List<String> SCRIPTS = List.of("restore-lib.sh", "restore.sh", "restore-drill.sh");
    /** The folder of the rendered files (and of the resources). */
    public static final String FOLDER = "ops/";

    private OpsScripts() {
    }

    /** {@code files} plus the scripts under {@code ops/}. */
    public static Map<String, String> addTo(Map<String, String> files) {
        var out = new LinkedHashMap<>(files);
        for (String script : SCRIPTS) {
            out.put(FOLDER + script, NodeFiles.script(FOLDER + script));
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
