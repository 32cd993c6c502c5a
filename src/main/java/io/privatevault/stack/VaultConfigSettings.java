package io.privatevault.stack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Vault's own configuration (policies, auth methods, engines and audit through the Vault provider): the settings of a
 * configuration stack besides {@code platformStack}. Secret values are {@code null} when the stack holds them
 * encrypted and they cannot be decrypted here (offline plan): present, secret, unknown.
 *
 * @param kubeconfigs       kubeconfig of each application cluster, by cluster name (secret)
 * @param databasePasswords password of each tenant's PostgreSQL admin user, by tenant name (secret)
 * @param oidcClientSecret  the OIDC client secret (secret); empty when not set
 */
public record VaultConfigSettings(List<String> adminRoleArns, List<Tenant> tenants, List<KubernetesCluster> kubernetesClusters,
                                  Map<String, String> kubeconfigs, Map<String, String> databasePasswords, Oidc oidc,
                                  String oidcClientSecret) {

    /** An application cluster whose workloads log in to Vault; its kubeconfig is in {@link #kubeconfigs}. */
    public record KubernetesCluster(@JsonProperty(required = true) String name, @JsonProperty(required = true) String apiHost,
                                    @JsonProperty(required = true) String caCertPem, String reviewerNamespace) {
    }

    /**
     * A team or application served by Vault. Fields left out take the defaults of {@code VaultTenantArgs} (token
     * TTL 15m, max 1h); {@code cidrs} bind both the AppRole secret id and its tokens.
     */
    public record Tenant(@JsonProperty(required = true) String name, @JsonProperty(required = true) String auth, String cluster,
                         List<String> namespaces, List<String> serviceAccounts, List<String> cidrs, List<String> roleArns,
                         Postgres postgres, Boolean transit, List<AwsSecretRole> awsSecretRoles,
                         @JsonDeserialize(using = SettingValues.Ttl.class) Duration tokenTtl,
                         @JsonDeserialize(using = SettingValues.Ttl.class) Duration tokenMaxTtl) {
        public Tenant {
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            serviceAccounts = serviceAccounts == null ? List.of() : List.copyOf(serviceAccounts);
            cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
            roleArns = roleArns == null ? List.of() : List.copyOf(roleArns);
            awsSecretRoles = awsSecretRoles == null ? List.of() : List.copyOf(awsSecretRoles);
        }
    }

    /**
     * A tenant's PostgreSQL database for dynamic credentials; the admin user defaults to {@code vault_admin}.
     * {@code defaultTtl} and {@code maxTtl} are the database role's: how long the credentials Vault creates live
     * (defaults of {@code VaultPostgresArgs}: 1h and 24h).
     */
    public record Postgres(@JsonProperty(required = true) String host, Integer port, @JsonProperty(required = true) String database,
                           String username, String sslMode,
                           @JsonDeserialize(using = SettingValues.Ttl.class) Duration defaultTtl,
                           @JsonDeserialize(using = SettingValues.Ttl.class) Duration maxTtl) {
        public String usernameOrDefault() {
            return username == null ? "vault_admin" : username;
        }
    }

    /** A role of the AWS secrets engine: {@code iam_user} (with a policy) or {@code assumed_role} (with role ARNs). */
    public record AwsSecretRole(@JsonProperty(required = true) String name, @JsonProperty(required = true) String credentialType,
                                String policyDocument, List<String> roleArns) {
        public AwsSecretRole {
            roleArns = roleArns == null ? List.of() : List.copyOf(roleArns);
        }
    }

    /** Human login through OIDC; the client secret is {@link #oidcClientSecret}. */
    public record Oidc(@JsonProperty(required = true) String discoveryUrl, @JsonProperty(required = true) String clientId,
                       List<String> allowedRedirectUris, Map<String, List<String>> groupPolicies, String groupsClaim, String userClaim) {
    }

    static VaultConfigSettings read(SettingsReader r) {
        return new VaultConfigSettings(r.strings("vaultAdminRoleArns"), r.objects("tenants", Tenant.class),
                r.objects("kubernetesClusters", KubernetesCluster.class), r.secretMap("kubeconfigs"), r.secretMap("databasePasswords"),
                r.object("oidc", Oidc.class), r.secret("oidcClientSecret"));
    }

    /** The configuration's own rules: what only the settings see (the components take these values as outputs). */
    static void rules(String project, VaultConfigSettings vc, SettingsProblems p) {
        String k = project + ":";
        for (String arn : vc.adminRoleArns()) {
            p.rule(StackSettings.IAM_ARN.matcher(arn).matches(), k + "vaultAdminRoleArns", arn,
                    "IAM ARNs such as arn:aws:iam::123456789012:role/platform-admin");
        }
        for (int i = 0; i < vc.kubernetesClusters().size(); i++) {
            var cluster = vc.kubernetesClusters().get(i);
            p.rule(cluster.caCertPem().contains("-----BEGIN CERTIFICATE-----"), k + "kubernetesClusters[" + i + "].caCertPem", "(not PEM)",
                    "the cluster's CA certificate as PEM (aws eks describe-cluster --query cluster.certificateAuthority.data | base64 -d)");
        }
    }

    /** The kubeconfig of {@code cluster}: null when unknown here (encrypted offline), empty when the stack has none. */
    String kubeconfig(String cluster) {
        return kubeconfigs == null ? null : kubeconfigs.getOrDefault(cluster, "");
    }

    /** The database password of {@code tenant}: null when unknown here (encrypted offline), empty when the stack has none. */
    String databasePassword(String tenant) {
        return databasePasswords == null ? null : databasePasswords.getOrDefault(tenant, "");
    }
}
