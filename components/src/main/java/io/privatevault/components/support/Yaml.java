package io.privatevault.components.support;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The one YAML serialiser (cloud-config, Helm values, Kubernetes manifests): block style, two-space indent, no
 * line splitting, multi-line strings (file contents, scripts) as literal blocks so rendered artifacts stay readable,
 * and no anchors: documents that reuse a map (one hardened securityContext) are written out in full, as readers
 * expect plain YAML.
 */
public final class Yaml {
    private Yaml() {
    }

    /** {@code document} (maps, lists, strings, numbers, booleans) as a YAML document without a header line. */
    public static String render(Object document) {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(200);
        options.setSplitLines(false);
        options.setDereferenceAliases(true);
        return new org.yaml.snakeyaml.Yaml(new LiteralBlocks(options), options).dump(document);
    }

    private static final class LiteralBlocks extends Representer {
        LiteralBlocks(DumperOptions options) {
            super(options);
            this.representers.put(String.class, data -> {
                String s = (String) data;
                return s.contains("\n") ? representScalar(Tag.STR, s, DumperOptions.ScalarStyle.LITERAL) : representScalar(Tag.STR, s);
            });
        }
    }
}
