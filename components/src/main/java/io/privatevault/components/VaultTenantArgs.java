package io.privatevault.components;

import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.Problems;

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
    void validate(Problems p) {
        p.safeName("name", name);
        boolean auth = p.require(authType != null && Set.of("kubernetes", "approle", "aws").contains(authType), "authType", authType,
                "one of kubernetes, approle, aws");
        p.safeName("kvPrefix", kvPrefix());
        p.require(tokenTtlSeconds() >= 60, "tokenTtlSeconds", tokenTtlSeconds(), "at least 60");
        p.require(tokenMaxTtlSeconds() <= 86400, "tokenMaxTtlSeconds", tokenMaxTtlSeconds(), "at most 86400 (24 hours: tenant tokens are short-lived)");
        p.compare(tokenTtlSeconds() <= tokenMaxTtlSeconds(), "tokenTtlSeconds", tokenTtlSeconds(),
                "at most tokenMaxTtlSeconds (" + tokenMaxTtlSeconds() + ")", "tokenMaxTtlSeconds");
        switch (auth ? authType : "") {
            case "kubernetes" -> {
                p.safeName("kubernetesCluster", kubernetesCluster);
                p.require(!serviceAccountNames().isEmpty() && serviceAccountNames().stream().allMatch(VaultTenantArgs::isDnsLabel),
                        "serviceAccountNames", serviceAccountNames(), "one or more service account names (no wildcards)");
                p.require(!namespaces().isEmpty() && namespaces().stream().allMatch(VaultTenantArgs::isDnsLabel),
                        "namespaces", namespaces(), "one or more namespace names (no wildcards)");
            }
            case "approle" -> {
                p.require(!secretIdBoundCidrs().isEmpty(), "secretIdBoundCidrs", secretIdBoundCidrs(),
                        "one or more CIDRs (a secret id usable from anywhere is a password on the internet)");
                secretIdBoundCidrs().forEach(c -> p.clientCidr("secretIdBoundCidrs", c));
                p.require(!tokenBoundCidrs().isEmpty(), "tokenBoundCidrs", tokenBoundCidrs(), "one or more CIDRs");
                if (tokenBoundCidrs != null) {
                    tokenBoundCidrs().forEach(c -> p.clientCidr("tokenBoundCidrs", c));
                }
                p.between("secretIdTtlSeconds", secretIdTtlSeconds(), 60, 86400);
                p.between("secretIdNumUses", secretIdNumUses(), 1, 100);
            }
            case "aws" -> {
                p.require(!boundIamPrincipalArns().isEmpty(), "boundIamPrincipalArns", boundIamPrincipalArns(),
                        "one or more IAM role ARNs");
                boundIamPrincipalArns().forEach(arn -> p.require(arn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+"),
                        "boundIamPrincipalArns", arn, "IAM role ARNs without wildcards"));
            }
            default -> {
            }
        }
        if (auth && !"kubernetes".equals(authType)) {
            p.require(kubernetesCluster == null && serviceAccountNames == null && namespaces == null, "kubernetesCluster",
                    kubernetesCluster, "unset unless authType is kubernetes");
        }
        if (auth && !"approle".equals(authType)) {
            p.require(secretIdBoundCidrs == null && tokenBoundCidrs == null, "secretIdBoundCidrs", secretIdBoundCidrs,
                    "unset unless authType is approle");
        }
        if (auth && !"aws".equals(authType)) {
            p.require(boundIamPrincipalArns == null, "boundIamPrincipalArns", boundIamPrincipalArns, "unset unless authType is aws");
        }
        if (postgres != null) {
            postgres.validate(p.at("postgres"));
        }
        for (int i = 0; i < awsSecretRoles().size(); i++) {
            awsSecretRoles().get(i).validate(p.at("awsSecretRoles[" + i + "]"));
        }
        p.unique("awsSecretRoles.name", awsSecretRoles().stream().map(VaultAwsSecretRoleArgs::name).toList());
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
            var problems = Problems.of("VaultTenantArgs");
            args.validate(problems);
            problems.orThrow();
            return args;
        }
    }
}
