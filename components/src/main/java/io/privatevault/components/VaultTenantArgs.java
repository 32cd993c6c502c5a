package io.privatevault.components;

import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.Checks;
import io.privatevault.components.support.Cidr;

import java.util.List;
import java.util.Set;

/**
 * A team or application using Vault. It gets KV v2 paths under {@code secret/<kvPrefix>/}, optional PostgreSQL
 * dynamic credentials, an optional transit key and AWS secret roles, one ACL policy (named after the tenant) that
 * reaches only those, and one way to log in, chosen by {@link #authType}.
 */
public final class VaultTenantArgs extends ResourceArgs {
    /** Required. Tenant name: a safe name, used as policy name, role name and key name. */
    @Import(name = "name", required = true)
    private String name;

    /** Required. How the tenant logs in: {@code kubernetes}, {@code approle} (CI) or {@code aws} (EC2/Lambda IAM roles). */
    @Import(name = "authType", required = true)
    private String authType;

    /** KV v2 folder under {@code secret/}: one path segment. Default: the tenant name. Must be unique across tenants. */
    @Import(name = "kvPrefix")
    private String kvPrefix;

    /** kubernetes: the cluster (one of VaultBaselineArgs.kubernetesClusters) the workloads run in. */
    @Import(name = "kubernetesCluster")
    private String kubernetesCluster;

    /** kubernetes: service account names allowed to log in (no wildcards). */
    @Import(name = "serviceAccountNames")
    private List<String> serviceAccountNames;

    /** kubernetes: namespaces those service accounts live in (no wildcards). */
    @Import(name = "namespaces")
    private List<String> namespaces;

    /** approle: CIDRs a secret id may be used from (CI runners' addresses). Required for approle. */
    @Import(name = "secretIdBoundCidrs")
    private List<String> secretIdBoundCidrs;

    /** approle: CIDRs the issued token may be used from. Default: {@link #secretIdBoundCidrs}. */
    @Import(name = "tokenBoundCidrs")
    private List<String> tokenBoundCidrs;

    /** approle: secret id lifetime in seconds. Default 600: a CI job fetches a fresh one per run. */
    @Import(name = "secretIdTtlSeconds")
    private Integer secretIdTtlSeconds;

    /** approle: how often a secret id may be used. Default 1. */
    @Import(name = "secretIdNumUses")
    private Integer secretIdNumUses;

    /** aws: IAM role ARNs (EC2 instance roles, Lambda execution roles) allowed to log in. Required for aws. */
    @Import(name = "boundIamPrincipalArns")
    private List<String> boundIamPrincipalArns;

    /** Token lifetime in seconds. Default 900 (15 min): short, renewed by the agent. */
    @Import(name = "tokenTtlSeconds")
    private Integer tokenTtlSeconds;

    /** Maximum token lifetime in seconds. Default 3600. */
    @Import(name = "tokenMaxTtlSeconds")
    private Integer tokenMaxTtlSeconds;

    /** Dynamic PostgreSQL credentials at {@code database/creds/<name>}. Default none. */
    @Import(name = "postgres")
    private VaultPostgresArgs postgres;

    /** A transit key {@code transit/keys/<name>} for encryption as a service. Default false. */
    @Import(name = "transitKey")
    private Boolean transitKey;

    /** AWS secrets engine roles {@code aws/creds/<name>-<role>}. Default none. */
    @Import(name = "awsSecretRoles")
    private List<VaultAwsSecretRoleArgs> awsSecretRoles;

    private VaultTenantArgs() {
    }

    public String name() {
        return name;
    }

    public String authType() {
        return authType;
    }

    public String kvPrefix() {
        return kvPrefix == null ? name : kvPrefix;
    }

    public String kubernetesCluster() {
        return kubernetesCluster;
    }

    public List<String> serviceAccountNames() {
        return serviceAccountNames == null ? List.of() : serviceAccountNames;
    }

    public List<String> namespaces() {
        return namespaces == null ? List.of() : namespaces;
    }

    public List<String> secretIdBoundCidrs() {
        return secretIdBoundCidrs == null ? List.of() : secretIdBoundCidrs;
    }

    public List<String> tokenBoundCidrs() {
        return tokenBoundCidrs == null ? secretIdBoundCidrs() : tokenBoundCidrs;
    }

    public int secretIdTtlSeconds() {
        return secretIdTtlSeconds == null ? 600 : secretIdTtlSeconds;
    }

    public int secretIdNumUses() {
        return secretIdNumUses == null ? 1 : secretIdNumUses;
    }

    public List<String> boundIamPrincipalArns() {
        return boundIamPrincipalArns == null ? List.of() : boundIamPrincipalArns;
    }

    public int tokenTtlSeconds() {
        return tokenTtlSeconds == null ? 900 : tokenTtlSeconds;
    }

    public int tokenMaxTtlSeconds() {
        return tokenMaxTtlSeconds == null ? 3600 : tokenMaxTtlSeconds;
    }

    public VaultPostgresArgs postgres() {
        return postgres;
    }

    public boolean transitKey() {
        return transitKey != null && transitKey;
    }

    public List<VaultAwsSecretRoleArgs> awsSecretRoles() {
        return awsSecretRoles == null ? List.of() : awsSecretRoles;
    }

    /** Checks the tenant on its own; cross-tenant rules (unique names and paths, known clusters) are in VaultBaselineArgs. */
    void validate(String at) {
        Checks.safeName(at + ".name", name);
        Checks.require(authType != null && Set.of("kubernetes", "approle", "aws").contains(authType), at + ".authType", authType, "one of kubernetes, approle, aws");
        Checks.safeName(at + ".kvPrefix", kvPrefix());
        Checks.require(tokenTtlSeconds() >= 60, at + ".tokenTtlSeconds", tokenTtlSeconds(), "at least 60");
        Checks.require(tokenMaxTtlSeconds() >= tokenTtlSeconds() && tokenMaxTtlSeconds() <= 86400, at + ".tokenMaxTtlSeconds",
                tokenMaxTtlSeconds(), "between tokenTtlSeconds (" + tokenTtlSeconds() + ") and 86400");
        switch (authType) {
            case "kubernetes" -> {
                Checks.safeName(at + ".kubernetesCluster", kubernetesCluster);
                Checks.require(!serviceAccountNames().isEmpty() && serviceAccountNames().stream().allMatch(VaultTenantArgs::isDnsLabel),
                        at + ".serviceAccountNames", serviceAccountNames(), "one or more service account names (no wildcards)");
                Checks.require(!namespaces().isEmpty() && namespaces().stream().allMatch(VaultTenantArgs::isDnsLabel),
                        at + ".namespaces", namespaces(), "one or more namespace names (no wildcards)");
            }
            case "approle" -> {
                Checks.require(!secretIdBoundCidrs().isEmpty(), at + ".secretIdBoundCidrs", secretIdBoundCidrs(),
                        "one or more CIDRs (a secret id usable from anywhere is a password on the internet)");
                secretIdBoundCidrs().forEach(c -> Cidr.parse(at + ".secretIdBoundCidrs", c));
                Checks.require(!tokenBoundCidrs().isEmpty(), at + ".tokenBoundCidrs", tokenBoundCidrs(), "one or more CIDRs");
                tokenBoundCidrs().forEach(c -> Cidr.parse(at + ".tokenBoundCidrs", c));
                Checks.between(at + ".secretIdTtlSeconds", secretIdTtlSeconds(), 60, 86400);
                Checks.between(at + ".secretIdNumUses", secretIdNumUses(), 1, 100);
            }
            default -> {
                Checks.require(!boundIamPrincipalArns().isEmpty(), at + ".boundIamPrincipalArns", boundIamPrincipalArns(),
                        "one or more IAM role ARNs");
                boundIamPrincipalArns().forEach(arn -> Checks.require(arn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+"),
                        at + ".boundIamPrincipalArns", arn, "IAM role ARNs without wildcards"));
            }
        }
        if (!"kubernetes".equals(authType)) {
            Checks.require(kubernetesCluster == null && serviceAccountNames == null && namespaces == null, at + ".kubernetesCluster",
                    kubernetesCluster, "unset unless authType is kubernetes");
        }
        if (!"approle".equals(authType)) {
            Checks.require(secretIdBoundCidrs == null && tokenBoundCidrs == null, at + ".secretIdBoundCidrs", secretIdBoundCidrs,
                    "unset unless authType is approle");
        }
        if (!"aws".equals(authType)) {
            Checks.require(boundIamPrincipalArns == null, at + ".boundIamPrincipalArns", boundIamPrincipalArns, "unset unless authType is aws");
        }
        if (postgres != null) {
            postgres.validate(at + ".postgres");
        }
        for (int i = 0; i < awsSecretRoles().size(); i++) {
            awsSecretRoles().get(i).validate(at + ".awsSecretRoles[" + i + "]");
        }
        Checks.unique(at + ".awsSecretRoles.name", awsSecretRoles().stream().map(VaultAwsSecretRoleArgs::name).toList());
    }

    /** Kubernetes object names: one DNS label. */
    private static boolean isDnsLabel(String value) {
        return value != null && value.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final VaultTenantArgs args = new VaultTenantArgs();

        public Builder name(String value) {
            args.name = value;
            return this;
        }

        public Builder authType(String value) {
            args.authType = value;
            return this;
        }

        public Builder kvPrefix(String value) {
            args.kvPrefix = value;
            return this;
        }

        public Builder kubernetesCluster(String value) {
            args.kubernetesCluster = value;
            return this;
        }

        public Builder serviceAccountNames(List<String> value) {
            args.serviceAccountNames = List.copyOf(value);
            return this;
        }

        public Builder namespaces(List<String> value) {
            args.namespaces = List.copyOf(value);
            return this;
        }

        public Builder secretIdBoundCidrs(List<String> value) {
            args.secretIdBoundCidrs = List.copyOf(value);
            return this;
        }

        public Builder tokenBoundCidrs(List<String> value) {
            args.tokenBoundCidrs = List.copyOf(value);
            return this;
        }

        public Builder secretIdTtlSeconds(int value) {
            args.secretIdTtlSeconds = value;
            return this;
        }

        public Builder secretIdNumUses(int value) {
            args.secretIdNumUses = value;
            return this;
        }

        public Builder boundIamPrincipalArns(List<String> value) {
            args.boundIamPrincipalArns = List.copyOf(value);
            return this;
        }

        public Builder tokenTtlSeconds(int value) {
            args.tokenTtlSeconds = value;
            return this;
        }

        public Builder tokenMaxTtlSeconds(int value) {
            args.tokenMaxTtlSeconds = value;
            return this;
        }

        public Builder postgres(VaultPostgresArgs value) {
            args.postgres = value;
            return this;
        }

        public Builder transitKey(boolean value) {
            args.transitKey = value;
            return this;
        }

        public Builder awsSecretRoles(List<VaultAwsSecretRoleArgs> value) {
            args.awsSecretRoles = List.copyOf(value);
            return this;
        }

        public VaultTenantArgs build() {
            args.validate("VaultTenantArgs");
            return args;
        }
    }
}
