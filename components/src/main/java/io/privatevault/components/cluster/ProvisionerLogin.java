package io.privatevault.components.cluster;

import io.privatevault.components.vaultconfig.AclPolicy;
import io.privatevault.components.vaultconfig.Personas;

/**
 * The one way the configuration layer logs in to Vault: AWS IAM auth on its own mount, a role bound to the provisioner
 * IAM role ({@code VaultRaftClusterArgs.provisionerRoleArn}), and the {@code provisioner} policy. The node bootstrap
 * writes all three once, with the root token, and then revokes that token: the configuration layer's first run
 * already logs in with AWS IAM, and no root token outlives the bootstrap. The configuration layer reads the mount and
 * role from the cluster's outputs and may not change any of the three (its policy denies it), so no configuration
 * change can lock it out.
 */
public final class ProvisionerLogin {
    /** Its own mount, apart from the configuration layer's {@code aws} mount (people and tenants) and {@code aws-nodes}. */
    public static final String MOUNT = "aws-provisioner";
    public static final String ROLE = "provisioner";
    public static final String POLICY_NAME = Personas.PROVISIONER;
    /** A configuration run takes minutes; the provider's own child token lives at most 20 of them. */
    public static final String TOKEN_TTL = "30m";
    public static final String TOKEN_MAX_TTL = "1h";

    private ProvisionerLogin() {
    }

    /** Written by the bootstrap, defined once ({@link Personas#provisioner()}). */
    public static AclPolicy policy() {
        return Personas.provisioner();
    }
}
