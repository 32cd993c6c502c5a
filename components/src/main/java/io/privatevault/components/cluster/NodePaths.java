package io.privatevault.components.cluster;

/** Where things live on a node. One place, so scripts, units and configs agree. */
public record NodePaths(String configDir, String raftData, String tlsDir, String logDir, String snapshotDir,
                        String scriptDir, String vaultBinary) {
    public static final NodePaths DEFAULT = new NodePaths("/etc/vault.d", "/opt/vault/data", "/opt/vault/tls",
            "/var/log/vault", "/opt/vault/data/snapshots", "/usr/local/libexec/vault", "/usr/local/bin/vault");

    public String config() {
        return configDir + "/vault.hcl";
    }

    public String configTemplate() {
        return configDir + "/vault.hcl.in";
    }

    public String environment() {
        return configDir + "/cluster.env";
    }

    public String policyDir() {
        return configDir + "/policies";
    }

    /** The recovery key holders' PGP public keys, one file per share. */
    public String recoveryKeyDir() {
        return configDir + "/recovery-pgp";
    }

    public String caCert() {
        return tlsDir + "/ca.pem";
    }

    public String nodeCert() {
        return tlsDir + "/vault.pem";
    }

    public String nodeKey() {
        return tlsDir + "/vault-key.pem";
    }

    public String serverLog() {
        return logDir + "/vault.log";
    }

    public String auditLog() {
        return logDir + "/audit.log";
    }

    public String script(String name) {
        return scriptDir + "/" + name;
    }
}
