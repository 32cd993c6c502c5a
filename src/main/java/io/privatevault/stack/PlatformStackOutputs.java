package io.privatevault.stack;

/**
 * The platform stack's outputs that its configuration stack reads through a StackReference: the one list of names
 * both compositions use, so the platform exports exactly what the configuration needs.
 */
final class PlatformStackOutputs {
    /** The AWS region: STS for the provider's AWS login and the AWS secrets engine. */
    static final String REGION = "region";
    /** {@code https://vault.<zone>:8200}: the provider's address. */
    static final String VAULT_URL = "vaultUrl";
    /** The private CA's certificate: the provider's CA file. */
    static final String VAULT_CA_CERT_PEM = "vaultCaCertPem";
    /** The IAM role the configuration stack must run as (the bootstrap bound it). */
    static final String PROVISIONER_ROLE_ARN = "vaultProvisionerRoleArn";
    /** The provisioner login's AWS auth mount and role, which the bootstrap created. */
    static final String PROVISIONER_AUTH_MOUNT = "vaultProvisionerAuthMount";
    static final String PROVISIONER_AUTH_ROLE = "vaultProvisionerAuthRole";
    /** Where the file audit device writes, and the second audit device the platform supports. */
    static final String AUDIT_LOG_PATH = "vaultAuditLogPath";
    static final String AUDIT_SECOND_DEVICE = "vaultAuditSecondDevice";

    private PlatformStackOutputs() {
    }
}
