package io.privatevault.components.cluster;

import io.privatevault.components.vaultconfig.AclPolicy;
import io.privatevault.components.vaultconfig.Capability;
import io.privatevault.components.vaultconfig.PathRule;

import java.util.List;

/**
 * How an EC2 node's lifecycle scripts log in to Vault: a role on the snapshot job's AWS auth mount
 * ({@link SnapshotLogin#MOUNT}), bound to the node role, with a policy for exactly what joining and leaving need. The
 * node bootstrap creates both with the root token, after the snapshot login, so that a node's successful login here
 * also proves every bootstrap step before it was done. Only the EC2 platform has it: pods keep their identity and
 * volume across restarts and never leave the Raft configuration.
 *
 * <p>A node can already read every secret Vault holds (its disk and the seal key), so letting it remove a peer or make
 * the active node step down gives it nothing it did not have.
 */
public final class LifecycleLogin {
    public static final String ROLE = "vault-node-lifecycle";
    public static final String POLICY_NAME = "raft-lifecycle";
    /** One join or leave; the scripts revoke the token as soon as they are done. */
    public static final String TOKEN_TTL = "10m";
    public static final String TOKEN_MAX_TTL = "20m";

    private LifecycleLogin() {
    }

    /**
     * Autopilot's view of the cluster, the step-down ("Requires a token with root policy or sudo capability on the
     * path", Vault API docs, /sys/step-down; the CLI docs list {@code ["update", "sudo"]}), removing a peer, and
     * revoking its own token ({@code token_no_default_policy} takes the default policy's grant away, as for snapshots).
     */
    public static AclPolicy policy() {
        return new AclPolicy(POLICY_NAME, "the lifecycle scripts of the Vault nodes (join, step down, leave)", AclPolicy.BOOTSTRAP, List.of(
                PathRule.of("sys/storage/raft/autopilot/state", "whether this node is a healthy voter, and who leads", Capability.READ),
                PathRule.of("sys/step-down", "the active node hands over leadership before it is replaced", Capability.UPDATE, Capability.SUDO),
                PathRule.of("sys/storage/raft/remove-peer", "a node being terminated leaves the Raft configuration", Capability.UPDATE),
                PathRule.of("auth/token/revoke-self", "revoke its own token once done", Capability.UPDATE)));
    }
}
