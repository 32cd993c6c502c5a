package io.privatevault.components.cluster;

import io.privatevault.components.vaultconfig.AclPolicy;
import io.privatevault.components.vaultconfig.Capability;
import io.privatevault.components.vaultconfig.PathRule;

import java.util.List;

/**
 * The one way the snapshot job logs in to Vault: AWS IAM auth on its own mount, a role bound to the node role (EC2
 * instance profile or the pods' IRSA role), and a policy that reads the snapshot endpoint. The node bootstrap
 * creates all three, once, with the root token, because snapshots must work before the configuration layer ever
 * runs. The configuration layer owns the tenants' {@code aws} mount and never touches this one.
 */
public final class SnapshotLogin {
    /** Its own mount: the configuration layer must be able to create and own the {@code aws} mount. */
    public static final String MOUNT = "aws-nodes";
    public static final String ROLE = "vault-node-snapshot";
    public static final String POLICY_NAME = "raft-snapshot";
    /** Long enough for the largest snapshot upload; the job revokes the token as soon as it is done. */
    public static final String TOKEN_TTL = "15m";
    public static final String TOKEN_MAX_TTL = "30m";

    private SnapshotLogin() {
    }

    /**
     * Read the snapshot endpoint, and revoke the token itself: the role sets {@code token_no_default_policy}, which
     * also takes away the default policy's {@code auth/token/revoke-self}, and without it the job's revocation
     * fails with 403 and the token lives out its TTL.
     */
    public static AclPolicy policy() {
        return new AclPolicy(POLICY_NAME, "the snapshot job of the Vault nodes", AclPolicy.BOOTSTRAP, List.of(
                PathRule.of("sys/storage/raft/snapshot", "download a Raft snapshot", Capability.READ),
                PathRule.of("auth/token/revoke-self", "revoke its own token once the upload is done", Capability.UPDATE)));
    }
}
