package io.privatevault.components.cluster.k8s;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/** The one YAML serialiser for values and manifests: block style, multi-line strings as literal blocks. */
public final class Yaml {
    private Yaml() {
    }

    public static String render(Object document) {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(200);
        options.setSplitLines(false);
        // Manifests reuse maps (one hardened securityContext); readers expect plain YAML, not anchors.
        options.setDereferenceAliases(true);
        var representer = new LiteralRepresenter(options);
        return "# Rendered by private-vault (VaultRaftCluster, platform kubernetes).\n"
                + new org.yaml.snakeyaml.Yaml(representer, options).dump(document);
    }

    private static final class LiteralRepresenter extends Representer {
        LiteralRepresenter(DumperOptions options) {
            super(options);
            this.representers.put(String.class, new LiteralString());
        }

        private final class LiteralString implements Represent {
            @Override
            public Node representData(Object data) {
                String s = (String) data;
                DumperOptions.ScalarStyle style = s.contains("\n") ? DumperOptions.ScalarStyle.LITERAL : null;
                return style == null ? representScalar(Tag.STR, s) : representScalar(Tag.STR, s, style);
            }
        }
    }
}
