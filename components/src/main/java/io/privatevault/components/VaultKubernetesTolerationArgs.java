package io.privatevault.components;

import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.Problems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Kubernetes toleration for the Vault pods, so they may run on nodes tainted for Vault only. */
public final class VaultKubernetesTolerationArgs extends ResourceArgs {
    /** Required. Taint key, e.g. {@code dedicated}. */
    @Import(name = "key", required = true)
    private String key;

    /** {@code Equal} (default) or {@code Exists}. */
    @Import(name = "operator")
    private String operator;

    /** Taint value for {@code Equal}, e.g. {@code vault}; empty for {@code Exists}. */
    @Import(name = "value")
    private String value;

    /** {@code NoSchedule} (default), {@code PreferNoSchedule} or {@code NoExecute}. */
    @Import(name = "effect")
    private String effect;

    private VaultKubernetesTolerationArgs() {
    }

    public static VaultKubernetesTolerationArgs of(String key, String operator, String value, String effect) {
        var t = new VaultKubernetesTolerationArgs();
        t.key = key;
        t.operator = operator;
        t.value = value;
        t.effect = effect;
        return t;
    }

    public String key() { return key; }
    public String operator() { return operator == null ? "Equal" : operator; }
    public String value() { return value == null ? "" : value; }
    public String effect() { return effect == null ? "NoSchedule" : effect; }

    /** The toleration as the pod spec (and the chart's {@code server.tolerations}) expects it. */
    public Map<String, Object> toManifest() {
        var m = new LinkedHashMap<String, Object>();
        m.put("key", key);
        m.put("operator", operator());
        if (operator().equals("Equal")) {
            m.put("value", value());
        }
        m.put("effect", effect());
        return m;
    }

    void validate(Problems p) {
        p.require(key != null && key.matches("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"),
                "key", key, "a Kubernetes label key such as dedicated or example.com/vault");
        if (p.require(List.of("Equal", "Exists").contains(operator()), "operator", operator(), "Equal or Exists")) {
            p.require(operator().equals("Equal") ? value().matches("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?") : value().isEmpty(),
                    "value", value(), operator().equals("Equal") ? "a label value for Equal" : "empty for Exists");
        }
        p.require(List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect()), "effect", effect(),
                "NoSchedule, PreferNoSchedule or NoExecute");
    }
}
