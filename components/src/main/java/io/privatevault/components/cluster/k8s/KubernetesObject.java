package io.privatevault.components.cluster.k8s;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * Any Kubernetes object, registered with the kubernetes provider under the token it uses for that kind
 * ({@code kubernetes:<group>/<version>:<Kind>}, {@code core/v1} for the core group) from a rendered manifest.
 * The same manifest map is written to {@code renderedFiles}, so what is reviewed is exactly what is applied;
 * it also covers kinds without a class in pulumi-kubernetes 4.0.0 (the TargetGroupBinding CRD).
 */
public final class KubernetesObject extends com.pulumi.resources.CustomResource {
    /** Top-level manifest fields besides apiVersion, kind and metadata that the kinds used here have. */
    static final List<String> BODY_FIELDS = List.of("spec", "data", "rules", "roleRef", "subjects", "provisioner",
            "parameters", "reclaimPolicy", "volumeBindingMode", "allowVolumeExpansion");

    public KubernetesObject(String name, String apiVersion, String kind, Output<Map<String, Object>> manifest,
                            @Nullable CustomResourceOptions options) {
        super(token(apiVersion, kind), name, Args.of(apiVersion, kind, manifest),
                CustomResourceOptions.merge(options, CustomResourceOptions.builder()
                        .version(com.pulumi.kubernetes.Utilities.getVersion()).build()));
    }

    /** The provider's type token: {@code v1} is the core group, {@code core/v1}. */
    public static String token(String apiVersion, String kind) {
        return "kubernetes:" + (apiVersion.contains("/") ? apiVersion : "core/" + apiVersion) + ":" + kind;
    }

    /** The manifest split into the provider's input properties; absent fields stay null and are not sent. */
    public static final class Args extends ResourceArgs {
        @Import(name = "apiVersion") private String apiVersion;
        @Import(name = "kind") private String kind;
        @Import(name = "metadata") private Output<Object> metadata;
        @Import(name = "spec") private Output<Object> spec;
        @Import(name = "data") private Output<Object> data;
        @Import(name = "rules") private Output<Object> rules;
        @Import(name = "roleRef") private Output<Object> roleRef;
        @Import(name = "subjects") private Output<Object> subjects;
        @Import(name = "provisioner") private Output<Object> provisioner;
        @Import(name = "parameters") private Output<Object> parameters;
        @Import(name = "reclaimPolicy") private Output<Object> reclaimPolicy;
        @Import(name = "volumeBindingMode") private Output<Object> volumeBindingMode;
        @Import(name = "allowVolumeExpansion") private Output<Object> allowVolumeExpansion;

        private Args() {
        }

        static Args of(String apiVersion, String kind, Output<Map<String, Object>> manifest) {
            var a = new Args();
            a.apiVersion = apiVersion;
            a.kind = kind;
            a.metadata = manifest.applyValue(m -> {
                for (String field : m.keySet()) {
                    if (!List.of("apiVersion", "kind", "metadata").contains(field) && !BODY_FIELDS.contains(field)) {
                        throw new IllegalArgumentException(kind + " field '" + field + "' would not be sent; add it to BODY_FIELDS");
                    }
                }
                return m.get("metadata");
            });
            a.spec = manifest.applyValue(m -> m.get("spec"));
            a.data = manifest.applyValue(m -> m.get("data"));
            a.rules = manifest.applyValue(m -> m.get("rules"));
            a.roleRef = manifest.applyValue(m -> m.get("roleRef"));
            a.subjects = manifest.applyValue(m -> m.get("subjects"));
            a.provisioner = manifest.applyValue(m -> m.get("provisioner"));
            a.parameters = manifest.applyValue(m -> m.get("parameters"));
            a.reclaimPolicy = manifest.applyValue(m -> m.get("reclaimPolicy"));
            a.volumeBindingMode = manifest.applyValue(m -> m.get("volumeBindingMode"));
            a.allowVolumeExpansion = manifest.applyValue(m -> m.get("allowVolumeExpansion"));
            return a;
        }
    }
}
