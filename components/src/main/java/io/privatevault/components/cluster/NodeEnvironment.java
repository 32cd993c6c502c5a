package io.privatevault.components.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /etc/vault.d/cluster.env}: the only way cluster-specific values reach the node scripts, read by
 * systemd ({@code EnvironmentFile=}) and by the scripts. Values are restricted to characters that mean the
 * same to systemd and to bash, so nothing needs quoting and nothing can be injected. No secret is ever here.
 */
public record NodeEnvironment(Map<String, String> values) {
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9:/._=@+,*-]*");

    public NodeEnvironment {
        values.forEach((k, v) -> {
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("environment key " + k);
            }
            if (v == null || !SAFE_VALUE.matcher(v).matches()) {
                throw new IllegalArgumentException("environment value of " + k + " has characters that would need quoting: " + v);
            }
        });
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String render() {
        var out = new StringBuilder("# Rendered by private-vault (VaultRaftCluster). Not secret.\n");
        values.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString();
    }
}
