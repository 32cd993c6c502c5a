package io.privatevault.components.cluster;

/**
 * Per-instance values that exist only on the instance. The rendered {@code vault.hcl} carries these tokens;
 * {@code prepare.sh} replaces them from the instance metadata service before every Vault start, so one
 * launch template serves every node.
 */
public enum NodeFact {
    /** EC2 instance id: the Raft {@code node_id}, so a replaced instance is a new Raft member that autopilot can clean up. */
    INSTANCE_ID("@INSTANCE_ID@", "instance-id"),
    /** Primary private IPv4: {@code api_addr} and {@code cluster_addr}. */
    PRIVATE_IP("@PRIVATE_IP@", "local-ipv4");

    private final String token;
    private final String metadataPath;

    NodeFact(String token, String metadataPath) {
        this.token = token;
        this.metadataPath = metadataPath;
    }

    public String token() {
        return token;
    }

    public String metadataPath() {
        return metadataPath;
    }
}
