package io.privatevault.components.vaultconfig;

/** Vault ACL capabilities, in the order Vault documents them. */
public enum Capability {
    CREATE, READ, UPDATE, PATCH, DELETE, LIST, SUDO, DENY;

    /** The lower-case spelling Vault's policy language uses. */
    public String hcl() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
