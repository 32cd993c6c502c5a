package io.privatevault.stack;

import com.pulumi.core.Output;
import io.privatevault.components.VaultAwsSecretRoleArgs;
import io.privatevault.components.VaultBaselineArgs;
import io.privatevault.components.VaultKubernetesClusterArgs;
import io.privatevault.components.VaultOidcArgs;
import io.privatevault.components.VaultPostgresArgs;
import io.privatevault.components.VaultTenantArgs;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.support.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The configuration stack's Args ({@link VaultBaselineArgs}), built from its settings and the platform stack's
 * outputs. Pure, like {@link ComponentArgs}: the composition builds them first with placeholder outputs to collect
 * every problem, and again with the stack reference's outputs to register.
 */
final class ConfigurationArgs {
    /**
     * What the configuration takes from its platform stack (outputs of the StackReference, named in
     * {@link PlatformStackOutputs}).
     */
    record Platform(Output<String> vaultUrl, Output<String> caCertPem, Output<String> region, Output<String> provisionerAuthMount,
                    Output<String> provisionerAuthRole, Output<String> auditLogPath, Output<String> auditSecondDevice) {
    }

    private final ConfigurationSettings s;
    private final Nested nested;

    /**
     * @param nested builds a nested Args object (a tenant, a cluster, ...) that validates on its own: the pure pass
     *               records its problems under the parent's path and goes on without it; the real pass just builds.
     */
    private ConfigurationArgs(ConfigurationSettings settings, Nested nested) {
        this.s = settings;
        this.nested = nested;
    }

    /** The Args the composition registers (every problem was found before; a failure here is a defect). */
    static ConfigurationArgs forRegistration(ConfigurationSettings settings) {
        return new ConfigurationArgs(settings, new Nested() {
            @Override
            public <T> T build(String path, String argsClass, Supplier<T> build) {
                return build.get();
            }
        });
    }

    /** Builds the Args with placeholder outputs and returns every problem. */
    static List<SettingsProblems.ArgsProblem> problems(ConfigurationSettings settings) {
        var found = new ArrayList<SettingsProblems.ArgsProblem>();
        var args = new ConfigurationArgs(settings, new Nested() {
            @Override
            public <T> T build(String path, String argsClass, Supplier<T> build) {
                try {
                    return build.get();
                } catch (InvalidSettingException e) {
                    e.problems().forEach(p -> found.add(ArgsOrigins.map("VaultBaseline", rebase(p, argsClass, path), settings)));
                    return null;
                }
            }
        });
        Output<String> text = Output.of("placeholder");
        ComponentArgs.collect(found, "VaultBaseline", settings, () -> args.baseline(new Platform(text, text, text, text, text, text, text)));
        return found;
    }

    /** A nested Args class's problem under its parent's path: {@code VaultTenantArgs.name} at tenants[0]. */
    private static Problem rebase(Problem p, String argsClass, String path) {
        Function<String, String> move = setting -> setting.startsWith(argsClass) ? path + setting.substring(argsClass.length()) : setting;
        return new Problem(move.apply(p.setting()), p.value(), p.allowed(), p.comparedWith().stream().map(move).toList());
    }

    interface Nested {
        <T> T build(String path, String argsClass, Supplier<T> build);
    }

    /**
     * Where the provider's CA file goes: relative to the project directory (the engine's working directory for the
     * program and for provider plugins alike), one per stack, so state holds no machine's path.
     */
    String caCertFile() {
        return ".private-vault/" + s.stack() + "-vault-ca.pem";
    }

    VaultBaselineArgs baseline(Platform platform) {
        var vc = s.vault();
        var clusters = new ArrayList<VaultKubernetesClusterArgs>();
        for (int i = 0; i < vc.kubernetesClusters().size(); i++) {
            var k = vc.kubernetesClusters().get(i);
            String kubeconfig = vc.kubeconfig(k.name());
            Output<String> secret = kubeconfig != null && kubeconfig.isEmpty() ? null : VaultPlatform.secret(kubeconfig);
            var built = nested.build("VaultBaselineArgs.kubernetesClusters[" + i + "]", "VaultKubernetesClusterArgs",
                    () -> VaultKubernetesClusterArgs.builder()
                            .name(k.name())
                            .apiHost(k.apiHost())
                            .caCertPem(Output.of(k.caCertPem()))
                            .reviewerNamespace(k.reviewerNamespace())
                            .kubeconfig(secret)
                            .build());
            if (built != null) {
                clusters.add(built);
            }
        }
        var tenants = new ArrayList<VaultTenantArgs>();
        for (int i = 0; i < vc.tenants().size(); i++) {
            var built = tenant("VaultBaselineArgs.tenants[" + i + "]", vc.tenants().get(i));
            if (built != null) {
                tenants.add(built);
            }
        }
        var args = VaultBaselineArgs.builder()
                .address(platform.vaultUrl())
                .caCertPem(platform.caCertPem())
                .caCertFile(caCertFile())
                .provisionerAuthMount(platform.provisionerAuthMount())
                .provisionerAuthRole(platform.provisionerAuthRole())
                .awsRegion(platform.region())
                .auditLogPath(platform.auditLogPath())
                .auditSecondDevice(platform.auditSecondDevice())
                .adminRoleArns(vc.adminRoleArns().isEmpty() ? null : Output.of(vc.adminRoleArns()))
                .kubernetesClusters(clusters)
                .tenants(tenants);
        if (vc.oidc() != null) {
            var o = vc.oidc();
            String secret = vc.oidcClientSecret();
            var oidc = nested.build("VaultBaselineArgs.oidc", "VaultOidcArgs", () -> {
                var b = VaultOidcArgs.builder()
                        .discoveryUrl(o.discoveryUrl())
                        .clientId(o.clientId())
                        .clientSecret(secret != null && secret.isEmpty() ? null : VaultPlatform.secret(secret))
                        .groupsClaim(o.groupsClaim())
                        .userClaim(o.userClaim());
                if (o.allowedRedirectUris() != null) {
                    b.allowedRedirectUris(o.allowedRedirectUris());
                }
                if (o.groupPolicies() != null) {
                    b.groupPolicies(o.groupPolicies());
                }
                return b.build();
            });
            if (oidc != null) {
                args.oidc(oidc);
            }
        }
        return args.build();
    }

    private VaultTenantArgs tenant(String path, VaultConfigSettings.Tenant t) {
        VaultPostgresArgs postgres = null;
        if (t.postgres() != null) {
            var pg = t.postgres();
            String password = s.vault().databasePassword(t.name());
            postgres = nested.build(path + ".postgres", "VaultPostgresArgs", () -> {
                var b = VaultPostgresArgs.builder()
                        .host(pg.host()).database(pg.database()).username(pg.usernameOrDefault()).sslMode(pg.sslMode())
                        .password(password != null && password.isEmpty() ? null : VaultPlatform.secret(password));
                if (pg.port() != null) {
                    b.port(pg.port());
                }
                if (pg.defaultTtl() != null) {
                    b.defaultTtlSeconds(seconds(pg.defaultTtl()));
                }
                if (pg.maxTtl() != null) {
                    b.maxTtlSeconds(seconds(pg.maxTtl()));
                }
                return b.build();
            });
            if (postgres == null) {
                return null;
            }
        }
        var roles = new ArrayList<VaultAwsSecretRoleArgs>();
        for (int j = 0; j < t.awsSecretRoles().size(); j++) {
            var r = t.awsSecretRoles().get(j);
            var built = nested.build(path + ".awsSecretRoles[" + j + "]", "VaultAwsSecretRoleArgs", () -> {
                var role = VaultAwsSecretRoleArgs.builder().name(r.name()).credentialType(r.credentialType());
                if (r.policyDocument() != null && !r.policyDocument().isEmpty()) {
                    role.policyDocument(r.policyDocument());
                }
                if (!r.roleArns().isEmpty()) {
                    role.roleArns(r.roleArns());
                }
                return role.build();
            });
            if (built == null) {
                return null;
            }
            roles.add(built);
        }
        VaultPostgresArgs pg = postgres;
        return nested.build(path, "VaultTenantArgs", () -> {
            var args = VaultTenantArgs.builder()
                    .name(t.name())
                    .authType(t.auth())
                    .transitKey(Boolean.TRUE.equals(t.transit()));
            if (t.tokenTtl() != null) {
                args.tokenTtlSeconds(seconds(t.tokenTtl()));
            }
            if (t.tokenMaxTtl() != null) {
                args.tokenMaxTtlSeconds(seconds(t.tokenMaxTtl()));
            }
            switch (t.auth()) {
                case "kubernetes" -> args.kubernetesCluster(t.cluster()).namespaces(t.namespaces()).serviceAccountNames(t.serviceAccounts());
                case "approle" -> args.secretIdBoundCidrs(t.cidrs()).tokenBoundCidrs(t.cidrs());
                case "aws" -> args.boundIamPrincipalArns(t.roleArns());
                default -> {
                }
            }
            if (pg != null) {
                args.postgres(pg);
            }
            if (!roles.isEmpty()) {
                args.awsSecretRoles(roles);
            }
            return args.build();
        });
    }

    private static int seconds(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toSeconds());
    }
}
