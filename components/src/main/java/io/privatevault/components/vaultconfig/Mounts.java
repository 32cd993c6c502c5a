package io.privatevault.components.vaultconfig;

/** Mount paths the baseline uses; tenants' policies and the provisioner's are written against these. */
public final class Mounts {
    /** KV v2 for static secrets. */
    public static final String KV = "secret";
    public static final String DATABASE = "database";
    /** AWS secrets engine (dynamic IAM/STS credentials). */
    public static final String AWS_SECRETS = "aws";
    public static final String TRANSIT = "transit";
    /** Auth mounts live under {@code auth/}, so the AWS auth method may share the name of the AWS secrets engine. */
    public static final String AWS_AUTH = "aws";
    public static final String APPROLE = "approle";
    public static final String OIDC = "oidc";

    private Mounts() {
    }

    /** Kubernetes auth mount of one application cluster. */
    public static String kubernetes(String cluster) {
        return "kubernetes-" + cluster;
    }
}
