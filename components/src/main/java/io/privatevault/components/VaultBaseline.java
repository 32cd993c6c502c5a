package io.privatevault.components;

import com.pulumi.core.Alias;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.core.v1.ServiceAccount;
import com.pulumi.kubernetes.core.v1.ServiceAccountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.rbac.v1.ClusterRoleBinding;
import com.pulumi.kubernetes.rbac.v1.ClusterRoleBindingArgs;
import com.pulumi.kubernetes.rbac.v1.inputs.RoleRefArgs;
import com.pulumi.kubernetes.rbac.v1.inputs.SubjectArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.providers.vault.Audit;
import io.privatevault.components.providers.vault.AuditArgs;
import io.privatevault.components.providers.vault.AuditRequestHeader;
import io.privatevault.components.providers.vault.AuditRequestHeaderArgs;
import io.privatevault.components.providers.vault.AuthBackend;
import io.privatevault.components.providers.vault.AuthBackendArgs;
import io.privatevault.components.providers.vault.Mount;
import io.privatevault.components.providers.vault.MountArgs;
import io.privatevault.components.providers.vault.Policy;
import io.privatevault.components.providers.vault.PolicyArgs;
import io.privatevault.components.providers.vault.Provider;
import io.privatevault.components.providers.vault.ProviderArgs;
import io.privatevault.components.providers.vault.aws.AuthBackendClient;
import io.privatevault.components.providers.vault.aws.AuthBackendClientArgs;
import io.privatevault.components.providers.vault.aws.SecretBackend;
import io.privatevault.components.providers.vault.aws.SecretBackendArgs;
import io.privatevault.components.providers.vault.database.SecretBackendConnection;
import io.privatevault.components.providers.vault.database.SecretBackendConnectionArgs;
import io.privatevault.components.providers.vault.database.inputs.SecretBackendConnectionPostgresqlArgs;
import io.privatevault.components.providers.vault.inputs.ProviderAuthLoginAwsArgs;
import io.privatevault.components.providers.vault.kubernetes.AuthBackendConfig;
import io.privatevault.components.providers.vault.kubernetes.AuthBackendConfigArgs;
import io.privatevault.components.providers.vault.kv.SecretBackendV2;
import io.privatevault.components.providers.vault.kv.SecretBackendV2Args;
import io.privatevault.components.providers.vault.transit.SecretBackendKey;
import io.privatevault.components.providers.vault.transit.SecretBackendKeyArgs;
import io.privatevault.components.cluster.AuditDevices;
import io.privatevault.components.support.AwsEnvironment;
import io.privatevault.components.vaultconfig.AclPolicy;
import io.privatevault.components.vaultconfig.CaCertFile;
import io.privatevault.components.vaultconfig.Mounts;
import io.privatevault.components.vaultconfig.Personas;
import io.privatevault.components.vaultconfig.PostgresStatements;

import javax.annotation.Nullable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration layer: Vault configured through the vault provider from the platform's outputs (in this project
 * a configuration stack that reads its platform stack through a StackReference). Audit devices, request headers, the
 * admin persona, tenants (policies, logins, KV paths, PostgreSQL credentials, transit keys, AWS roles), auth methods
 * (AWS IAM, AppRole, Kubernetes per cluster, optional OIDC) and secret engines. The provider logs in with AWS IAM
 * at the provisioner login the node bootstrap created, as the provisioner role; that login, its policy, autopilot
 * and the nodes' snapshot login belong to the bootstrap (cluster/README.md), never to this component. What holds data
 * or evidence is protected. See vaultconfig/README.md.
 */
public final class VaultBaseline extends ComponentResource {
    /** Policy files, {@code vault/policies/<name>.hcl} -> HCL, as written to Vault. */
    @Export(name = "renderedFiles", refs = {Map.class, String.class}, tree = "[0,1,1]")
    public final Output<Map<String, String>> renderedFiles;
    /** KV v2 mount ({@code secret}). */
    @Export(name = "kvMountPath", refs = {String.class})
    public final Output<String> kvMountPath;
    /** Auth mounts this baseline enabled (e.g. {@code aws}, {@code approle}, {@code kubernetes-apps}, {@code oidc}). */
    @Export(name = "authMountPaths", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> authMountPaths;
    /** Secret engine mounts this baseline enabled. */
    @Export(name = "secretMountPaths", refs = {List.class, String.class}, tree = "[0,1]")
    public final Output<List<String>> secretMountPaths;
    /** Tenant -> its login endpoint and role, e.g. {@code auth/kubernetes-apps/login role=payments}. */
    @Export(name = "tenantLogins", refs = {Map.class, String.class}, tree = "[0,1,1]")
    public final Output<Map<String, String>> tenantLogins;
    /** The file the provider reads the CA from. */
    @Export(name = "caCertFile", refs = {String.class})
    public final Output<String> caCertFile;
    /** Where the provider logs in, e.g. {@code auth/aws-provisioner/login role=provisioner} (the bootstrap's login). */
    @Export(name = "provisionerLogin", refs = {String.class})
    public final Output<String> provisionerLogin;

    public VaultBaseline(String name, VaultBaselineArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:VaultBaseline", name, null, ComponentLifecycle.validated(args.validate(), options));
        Output<String> region = args.awsRegion() != null ? args.awsRegion() : AwsEnvironment.of(this).region();
        // Sent as X-Vault-AWS-IAM-Server-ID on AWS login and required by the AWS auth method: a signed login
        // request captured for another Vault cannot be replayed against this one.
        Output<String> serverId = args.address().applyValue(VaultBaseline::host);

        // The CA file is written inside the apply, so it exists before the engine configures the provider.
        String caPath = args.caCertFile(name);
        this.caCertFile = args.caCertPem().applyValue(pem -> CaCertFile.write(caPath, pem));
        // The login the node bootstrap created (cluster/ProvisionerLogin): no token, no first-run exception.
        this.provisionerLogin = Output.tuple(args.provisionerAuthMount(), args.provisionerAuthRole())
                .applyValue(t -> "auth/" + t.t1 + "/login role=" + t.t2);
        var login = ProviderAuthLoginAwsArgs.builder()
                .mount(args.provisionerAuthMount())
                .role(args.provisionerAuthRole())
                .awsRegion(region)
                .awsStsEndpoint(region.applyValue(VaultBaseline::stsEndpoint))
                .headerValue(serverId)
                .build();
        var provider = new Provider(name + "-vault", ProviderArgs.builder()
                .address(args.address())
                .caCertFile(caCertFile)
                .authLoginAws(login)
                // The provider's child token lives 20 minutes at most, whatever happens to this process.
                .maxLeaseTtlSeconds(1200)
                .build(), CustomResourceOptions.builder().parent(this).build());
        var vault = CustomResourceOptions.builder().parent(this).provider(provider).build();
        // What holds data or evidence (mounts, auth methods, audit devices) is protected: deleting it takes a
        // deliberate `pulumi state unprotect`, never a refactor or a removed setting.
        var stateful = CustomResourceOptions.merge(vault, CustomResourceOptions.builder().protect(true).build());

        audit(name, args, vault, stateful);

        // Policies: the admin persona's and one per tenant (the provisioner's belongs to the node bootstrap).
        List<AclPolicy> policies = new ArrayList<>(List.of(Personas.admin()));
        for (VaultTenantArgs t : args.tenants()) {
            policies.add(Personas.tenant(new Personas.Tenant(t.name(), t.kvPrefix(), t.postgres() != null, t.transitKey(),
                    t.awsSecretRoles().stream().map(r -> awsRoleName(t, r)).toList())));
        }
        var files = new TreeMap<String, String>();
        for (AclPolicy policy : policies) {
            new Policy(name + "-policy-" + policy.name(), PolicyArgs.builder().name(policy.name()).policy(policy.hcl()).build(), vault);
            files.put(policy.fileName(), policy.hcl());
        }

        // Auth methods. The shared ones exist whatever the tenants are: removing a tenant removes its roles and
        // policy, never a (protected) mount another tenant may use next.
        var logins = new TreeMap<String, String>();
        var authMounts = new ArrayList<String>();
        var awsAuth = new AuthBackend(name + "-auth-aws", AuthBackendArgs.builder()
                .type("aws").path(Mounts.AWS_AUTH).description("AWS IAM login: operators and AWS tenants").build(), stateful);
        authMounts.add(Mounts.AWS_AUTH);
        new AuthBackendClient(name + "-auth-aws-client", AuthBackendClientArgs.builder()
                .backend(awsAuth.path())
                // No access keys: Vault verifies logins with the nodes' instance profile.
                .iamServerIdHeaderValue(serverId)
                .stsRegion(region)
                .stsEndpoint(region.applyValue(VaultBaseline::stsEndpoint))
                .build(), vault);
        if (args.adminRoleArns() != null) {
            awsRole(name, "admin", awsAuth, args.adminRoleArns(), Personas.ADMIN, 3600, 28800, vault);
        }
        var appRole = new AuthBackend(name + "-auth-approle", AuthBackendArgs.builder()
                .type("approle").path(Mounts.APPROLE).description("AppRole for CI pipelines (CIDR-bound secret ids)").build(), stateful);
        authMounts.add(Mounts.APPROLE);
        Map<String, AuthBackend> k8sBackends = new LinkedHashMap<>();
        for (VaultKubernetesClusterArgs cluster : args.kubernetesClusters()) {
            k8sBackends.put(cluster.name(), kubernetesAuth(name, cluster, vault, stateful));
            authMounts.add(cluster.mountPath());
        }
        for (VaultTenantArgs t : args.tenants()) {
            switch (t.authType()) {
                case "kubernetes" -> {
                    var backend = k8sBackends.get(t.kubernetesCluster());
                    new io.privatevault.components.providers.vault.kubernetes.AuthBackendRole(name + "-k8s-role-" + t.name(),
                            io.privatevault.components.providers.vault.kubernetes.AuthBackendRoleArgs.builder()
                                    .backend(backend.path())
                                    .roleName(t.name())
                                    .boundServiceAccountNames(t.serviceAccountNames())
                                    .boundServiceAccountNamespaces(t.namespaces())
                                    .tokenPolicies(t.name())
                                    .tokenTtl(t.tokenTtlSeconds())
                                    .tokenMaxTtl(t.tokenMaxTtlSeconds())
                                    .build(), vault);
                    logins.put(t.name(), "auth/" + Mounts.kubernetes(t.kubernetesCluster()) + "/login role=" + t.name());
                }
                case "approle" -> {
                    new io.privatevault.components.providers.vault.appRole.AuthBackendRole(name + "-approle-" + t.name(),
                            io.privatevault.components.providers.vault.appRole.AuthBackendRoleArgs.builder()
                                    .backend(appRole.path())
                                    .roleName(t.name())
                                    .bindSecretId(true)
                                    .secretIdBoundCidrs(t.secretIdBoundCidrs())
                                    .tokenBoundCidrs(t.tokenBoundCidrs())
                                    .secretIdTtl(t.secretIdTtlSeconds())
                                    .secretIdNumUses(t.secretIdNumUses())
                                    .tokenPolicies(t.name())
                                    .tokenTtl(t.tokenTtlSeconds())
                                    .tokenMaxTtl(t.tokenMaxTtlSeconds())
                                    .build(), vault);
                    logins.put(t.name(), "auth/" + Mounts.APPROLE + "/login role=" + t.name());
                }
                default -> {
                    awsRole(name, "tenant-" + t.name(), awsAuth, Output.of(t.boundIamPrincipalArns()), t.name(),
                            t.tokenTtlSeconds(), t.tokenMaxTtlSeconds(), vault);
                    logins.put(t.name(), "auth/" + Mounts.AWS_AUTH + "/login role=" + t.name());
                }
            }
        }
        if (args.oidc() != null) {
            oidc(name, args.oidc(), vault, stateful);
            authMounts.add(Mounts.OIDC);
        }

        // Secret engines.
        var secretMounts = new ArrayList<String>();
        var kv = new Mount(name + "-kv", MountArgs.builder()
                .path(Mounts.KV).type("kv").options(Map.of("version", "2"))
                .description("KV v2: static secrets, one folder per tenant").build(), stateful);
        secretMounts.add(Mounts.KV);
        new SecretBackendV2(name + "-kv-config", SecretBackendV2Args.builder()
                .mount(kv.path()).maxVersions(args.kvMaxVersions()).casRequired(false).build(), vault);
        secretEngines(name, args, region, vault, stateful, secretMounts);

        this.renderedFiles = Output.of(Map.copyOf(files));
        this.kvMountPath = kv.path();
        this.authMountPaths = Output.of(List.copyOf(authMounts));
        this.secretMountPaths = Output.of(List.copyOf(secretMounts));
        this.tenantLogins = Output.of(Map.copyOf(logins));
        registerOutputs(Map.of("renderedFiles", renderedFiles, "kvMountPath", kvMountPath, "authMountPaths", authMountPaths,
                "secretMountPaths", secretMountPaths, "tenantLogins", tenantLogins, "caCertFile", caCertFile,
                "provisionerLogin", provisionerLogin));
    }

    /**
     * The two devices the platform supports (VaultRaftCluster.auditLogPath and auditSecondDevice), on different paths:
     * Vault refuses requests only when every device fails, so a full audit volume does not stop it.
     */
    private void audit(String name, VaultBaselineArgs args, CustomResourceOptions vault, CustomResourceOptions stateful) {
        new Audit(name + "-audit-file", AuditArgs.builder()
                .type("file").path("file")
                .description("JSON audit log on the audit volume")
                .options(args.auditLogPath().applyValue(path -> orderedOptions("file_path", path, "format", "json", "mode", "0600")))
                .build(), stateful);
        Output<String> second = args.auditSecondDevice().applyValue(VaultBaseline::secondAuditDevice);
        new Audit(name + "-audit-second", AuditArgs.builder()
                .type(second.applyValue(d -> d.equals(AuditDevices.SYSLOG) ? "syslog" : "file"))
                .path(second)
                .description(second.applyValue(d -> d.equals(AuditDevices.SYSLOG)
                        ? "second audit device: syslog (journald), so one failing device does not block Vault"
                        : "second audit device: standard output (the container log), so one failing device does not block Vault"))
                .options(second.applyValue(d -> d.equals(AuditDevices.SYSLOG)
                        ? orderedOptions("tag", "vault-audit", "facility", "AUTH", "format", "json")
                        : orderedOptions("file_path", "stdout", "format", "json")))
                .build(),
                // The same device as the former syslog one, so stacks that had it update it in place.
                CustomResourceOptions.merge(stateful, CustomResourceOptions.builder()
                        .aliases(Alias.builder().name(name + "-audit-syslog").build()).build()));
        // Request headers worth seeing in the audit log (not HMAC'd: they carry no secrets).
        for (String header : List.of("X-Forwarded-For", "X-Request-Id", "User-Agent")) {
            new AuditRequestHeader(name + "-audit-header-" + header.toLowerCase(java.util.Locale.ROOT),
                    AuditRequestHeaderArgs.builder().name(header).hmac(false).build(), vault);
        }
    }

    private static String secondAuditDevice(String device) {
        if (!device.equals(AuditDevices.SYSLOG) && !device.equals(AuditDevices.STDOUT)) {
            throw new IllegalArgumentException("VaultBaselineArgs.auditSecondDevice must be " + AuditDevices.SYSLOG + " or "
                    + AuditDevices.STDOUT + ", got '" + device + "'");
        }
        return device;
    }

    private static Map<String, String> orderedOptions(String... keysAndValues) {
        var options = new LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return options;
    }

    private void awsRole(String name, String role, AuthBackend awsAuth, Output<List<String>> principals, String policy,
                         int ttl, int maxTtl, CustomResourceOptions vault) {
        String vaultRole = role.startsWith("tenant-") ? policy : role;
        new io.privatevault.components.providers.vault.aws.AuthBackendRole(name + "-aws-role-" + role,
                io.privatevault.components.providers.vault.aws.AuthBackendRoleArgs.builder()
                        .backend(awsAuth.path())
                        .role(vaultRole)
                        .authType("iam")
                        .boundIamPrincipalArns(principals)
                        // Unique-id resolution calls the global IAM endpoint, which private subnets without NAT
                        // cannot reach; the bindings are exact role ARNs of roles managed as code.
                        .resolveAwsUniqueIds(false)
                        .tokenPolicies(policy)
                        .tokenTtl(ttl)
                        .tokenMaxTtl(maxTtl)
                        .build(), vault);
    }

    /** The token reviewer in the app cluster, and a Kubernetes auth mount that uses it. */
    private AuthBackend kubernetesAuth(String name, VaultKubernetesClusterArgs cluster, CustomResourceOptions vault,
                                       CustomResourceOptions stateful) {
        String prefix = name + "-k8s-" + cluster.name();
        var k8s = new com.pulumi.kubernetes.Provider(prefix, com.pulumi.kubernetes.ProviderArgs.builder()
                .kubeconfig(cluster.kubeconfig().asSecret()).build(), CustomResourceOptions.builder().parent(this).build());
        var inCluster = CustomResourceOptions.builder().parent(this).provider(k8s).build();
        String ns = cluster.reviewerNamespace();
        String account = "vault-token-reviewer";
        var namespace = new Namespace(prefix + "-ns", NamespaceArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(ns).labels(Map.of("app.kubernetes.io/managed-by", "pulumi")).build()).build(), inCluster);
        var sa = new ServiceAccount(prefix + "-reviewer", ServiceAccountArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(account).namespace(namespace.metadata().applyValue(m -> m.name().orElse(ns))).build())
                .automountServiceAccountToken(false)
                .build(), inCluster);
        new ClusterRoleBinding(prefix + "-auth-delegator", ClusterRoleBindingArgs.builder()
                .metadata(ObjectMetaArgs.builder().name("vault-token-reviewer-" + ns).build())
                .roleRef(RoleRefArgs.builder().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name("system:auth-delegator").build())
                .subjects(SubjectArgs.builder().kind("ServiceAccount").name(account).namespace(ns).build())
                // RBAC binds by name; the account need not exist first, so no dependsOn (one step off the critical path).
                .build(), inCluster);
        // A long-lived token secret: Vault calls TokenReview from outside the cluster and needs a stable JWT.
        var token = new Secret(prefix + "-reviewer-token", SecretArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(account + "-token").namespace(ns)
                        .annotations(Map.of("kubernetes.io/service-account.name", account)).build())
                .type("kubernetes.io/service-account-token")
                .build(), CustomResourceOptions.builder().parent(this).provider(k8s).dependsOn(sa).build());
        Output<String> reviewerJwt = token.data()
                .applyValue(data -> data == null || data.get("token") == null ? null
                        : new String(Base64.getDecoder().decode(data.get("token")), StandardCharsets.UTF_8))
                .asSecret();

        var backend = new AuthBackend(prefix, AuthBackendArgs.builder()
                .type("kubernetes").path(cluster.mountPath())
                .description("Kubernetes auth for cluster " + cluster.name()).build(), stateful);
        new AuthBackendConfig(prefix + "-config", AuthBackendConfigArgs.builder()
                .backend(backend.path())
                .kubernetesHost(cluster.apiHost())
                .kubernetesCaCert(cluster.caCertPem())
                .tokenReviewerJwt(reviewerJwt)
                // Vault runs outside the cluster: never fall back to a local service-account token or CA.
                .disableLocalCaJwt(true)
                .build(), vault);
        return backend;
    }

    /** One OIDC role per IdP group, bound to that group's claim, carrying exactly the group's policies. */
    private void oidc(String name, VaultOidcArgs oidc, CustomResourceOptions vault, CustomResourceOptions stateful) {
        var backend = new io.privatevault.components.providers.vault.jwt.AuthBackend(name + "-auth-oidc",
                io.privatevault.components.providers.vault.jwt.AuthBackendArgs.builder()
                        .type("oidc").path(Mounts.OIDC)
                        .description("Engineers' login through the identity provider")
                        .oidcDiscoveryUrl(oidc.discoveryUrl())
                        .oidcClientId(oidc.clientId())
                        .oidcClientSecret(oidc.clientSecret())
                        .build(), stateful);
        new TreeMap<>(oidc.groupPolicies()).forEach((group, policies) ->
                new io.privatevault.components.providers.vault.jwt.AuthBackendRole(name + "-oidc-role-" + group,
                        io.privatevault.components.providers.vault.jwt.AuthBackendRoleArgs.builder()
                                .backend(backend.path().applyValue(p -> p.orElse(Mounts.OIDC)))
                                .roleName(group)
                                .roleType("oidc")
                                .userClaim(oidc.userClaim())
                                .groupsClaim(oidc.groupsClaim())
                                .boundClaims(Map.of(oidc.groupsClaim(), group))
                                .allowedRedirectUris(oidc.allowedRedirectUris())
                                .oidcScopes("openid", "email", "profile")
                                .tokenPolicies(List.copyOf(policies))
                                .tokenTtl(oidc.tokenTtlSeconds())
                                .tokenMaxTtl(oidc.tokenMaxTtlSeconds())
                                .build(), vault));
    }

    /**
     * KV v2 and the engines tenants use, each mounted whatever the tenants are (protected mounts whose life does not
     * follow a tenant's), with the tenants' connections, roles and keys in them.
     */
    private void secretEngines(String name, VaultBaselineArgs args, Output<String> region, CustomResourceOptions vault,
                               CustomResourceOptions stateful, List<String> mounts) {
        var db = new Mount(name + "-database", MountArgs.builder()
                .path(Mounts.DATABASE).type("database").description("Dynamic PostgreSQL credentials")
                .defaultLeaseTtlSeconds(3600).maxLeaseTtlSeconds(86400).build(), stateful);
        mounts.add(Mounts.DATABASE);
        for (VaultTenantArgs t : args.tenants().stream().filter(t -> t.postgres() != null).toList()) {
            VaultPostgresArgs pg = t.postgres();
            var postgresql = SecretBackendConnectionPostgresqlArgs.builder()
                    .connectionUrl(PostgresStatements.connectionUrl(pg.host(), pg.port(), pg.database(), pg.sslMode()))
                    .username(pg.username())
                    .password(pg.password())
                    .maxOpenConnections(4);
            if (pg.tlsCaPem() != null) {
                postgresql.tlsCa(pg.tlsCaPem());
            }
            var connection = new SecretBackendConnection(name + "-db-" + t.name(), SecretBackendConnectionArgs.builder()
                    .backend(db.path())
                    .name(t.name())
                    .pluginName("postgresql-database-plugin")
                    .allowedRoles(t.name())
                    .verifyConnection(true)
                    .postgresql(postgresql.build())
                    .build(),
                    // After `vault write -f database/rotate-root/<tenant>` only Vault knows the password:
                    // never write the initial one back.
                    CustomResourceOptions.merge(vault, CustomResourceOptions.builder().ignoreChanges("postgresql.password").build()));
            new io.privatevault.components.providers.vault.database.SecretBackendRole(name + "-db-role-" + t.name(),
                    io.privatevault.components.providers.vault.database.SecretBackendRoleArgs.builder()
                            .backend(db.path())
                            .name(t.name())
                            .dbName(connection.name())
                            .creationStatements(PostgresStatements.creation(pg.grantStatements()))
                            .revocationStatements(PostgresStatements.revocation())
                            .defaultTtl(pg.defaultTtlSeconds())
                            .maxTtl(pg.maxTtlSeconds())
                            .build(), vault);
        }

        var aws = new SecretBackend(name + "-aws-secrets", SecretBackendArgs.builder()
                .path(Mounts.AWS_SECRETS)
                .description("AWS credentials on demand; Vault signs with the nodes' instance profile (no access keys)")
                .region(region)
                .stsEndpoint(region.applyValue(VaultBaseline::stsEndpoint))
                .defaultLeaseTtlSeconds(900)
                .maxLeaseTtlSeconds(3600)
                .build(), stateful);
        mounts.add(Mounts.AWS_SECRETS);
        for (VaultTenantArgs t : args.tenants()) {
            for (VaultAwsSecretRoleArgs r : t.awsSecretRoles()) {
                var role = io.privatevault.components.providers.vault.aws.SecretBackendRoleArgs.builder()
                        .backend(aws.path().applyValue(p -> p.orElse(Mounts.AWS_SECRETS)))
                        .name(awsRoleName(t, r))
                        .credentialType(r.credentialType());
                if (r.policyDocument() != null) {
                    role.policyDocument(r.policyDocument());
                }
                if ("assumed_role".equals(r.credentialType())) {
                    role.roleArns(r.roleArns()).defaultStsTtl(r.defaultStsTtlSeconds()).maxStsTtl(r.maxStsTtlSeconds());
                }
                new io.privatevault.components.providers.vault.aws.SecretBackendRole(name + "-aws-secret-role-" + awsRoleName(t, r),
                        role.build(), vault);
            }
        }

        var transit = new Mount(name + "-transit", MountArgs.builder()
                .path(Mounts.TRANSIT).type("transit").description("Encryption as a service").build(), stateful);
        mounts.add(Mounts.TRANSIT);
        // A key outlives its tenant in Vault: data encrypted with it stays decryptable until an operator deletes
        // the key on purpose (deletion_allowed is false, so Vault would refuse a delete anyway).
        var retained = CustomResourceOptions.merge(vault, CustomResourceOptions.builder().retainOnDelete(true).build());
        for (VaultTenantArgs t : args.tenants().stream().filter(VaultTenantArgs::transitKey).toList()) {
            new SecretBackendKey(name + "-transit-" + t.name(), SecretBackendKeyArgs.builder()
                    .backend(transit.path())
                    .name(t.name())
                    .type("aes256-gcm96")
                    .deletionAllowed(false)
                    .exportable(false)
                    .allowPlaintextBackup(false)
                    .autoRotatePeriod(30 * 24 * 3600)
                    .build(), retained);
        }
    }

    static String awsRoleName(VaultTenantArgs tenant, VaultAwsSecretRoleArgs role) {
        return tenant.name() + "-" + role.name();
    }

    /** Regional STS, reached through the VPC's STS interface endpoint (the global endpoint needs internet). */
    static String stsEndpoint(String region) {
        return "https://sts." + region + ".amazonaws.com";
    }

    static String host(String address) {
        String host = URI.create(address).getHost();
        if (host == null) {
            throw new IllegalArgumentException("VaultBaselineArgs.address must be an https URL with a host name, got " + address);
        }
        return host;
    }
}
