package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.cluster.AuditDevices;
import io.privatevault.components.cluster.ProvisionerLogin;
import io.privatevault.components.support.Problems;
import io.privatevault.components.vaultconfig.Personas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Inputs of {@link VaultBaseline}, the configuration layer. Every field is optional unless marked required; a
 * missing field takes the default documented on it (also when the component is constructed from another
 * Pulumi language).
 */
public final class VaultBaselineArgs extends ResourceArgs {
    /** Required. Vault's API address as clients use it, e.g. {@code https://vault.tooling.internal:8200}. */
    @Import(name = "address", required = true)
    private Output<String> address;

    /** Required. PEM of the CA that signed the Vault nodes' certificate (VaultRaftCluster.caCertPem). */
    @Import(name = "caCertPem", required = true)
    private Output<String> caCertPem;

    /**
     * Where the CA PEM is written for the vault provider, which takes a CA only as a file. Default
     * {@code .private-vault/<component name>-ca.pem}, relative: the engine starts the program and the provider plugins
     * in the project directory, so a relative path names the same file for both and state holds no path of one
     * machine ({@code pulumi refresh} and {@code destroy} from another checkout find it there once it is written; see
     * vaultconfig/README.md). The file holds only the public CA certificate.
     */
    @Import(name = "caCertFile")
    private String caCertFile;

    /**
     * The AWS auth mount the provider logs in at (VaultRaftCluster.provisionerAuthMount). Default
     * {@code aws-provisioner}, where VaultRaftCluster's bootstrap creates the provisioner login.
     */
    @Import(name = "provisionerAuthMount")
    private Output<String> provisionerAuthMount;

    /**
     * The role on that mount (VaultRaftCluster.provisionerAuthRole), bound to the IAM role Pulumi runs as and to the
     * {@code provisioner} policy. Default {@code provisioner}.
     */
    @Import(name = "provisionerAuthRole")
    private Output<String> provisionerAuthRole;

    /** IAM roles of operators who get the {@code admin} persona through AWS IAM auth. Default none (use OIDC groups). */
    @Import(name = "adminRoleArns")
    private Output<List<String>> adminRoleArns;

    /** Region of the STS endpoint for AWS login and of the AWS secrets engine. Default: the AWS provider's region. */
    @Import(name = "awsRegion")
    private Output<String> awsRegion;

    /**
     * The file audit device's path on the audit volume (VaultRaftCluster.auditLogPath). Default
     * {@code /var/log/vault/audit.log}, where EC2 nodes ship it from.
     */
    @Import(name = "auditLogPath")
    private Output<String> auditLogPath;

    /**
     * The second audit device (VaultRaftCluster.auditSecondDevice): {@code syslog} (EC2: journald) or {@code stdout}
     * (Kubernetes: the container log). Default {@code syslog}. Vault refuses requests when every audit device fails,
     * so two on different paths keep a full audit volume from stopping it.
     */
    @Import(name = "auditSecondDevice")
    private Output<String> auditSecondDevice;

    /** Maximum KV v2 versions kept per secret. Default 10. */
    @Import(name = "kvMaxVersions")
    private Integer kvMaxVersions;

    /** Teams and applications. Default none. */
    @Import(name = "tenants")
    private List<VaultTenantArgs> tenants;

    /** Application clusters with Kubernetes auth. Default none. */
    @Import(name = "kubernetesClusters")
    private List<VaultKubernetesClusterArgs> kubernetesClusters;

    /** Human login through OIDC. Default off. */
    @Import(name = "oidc")
    private VaultOidcArgs oidc;

    private VaultBaselineArgs() {
    }

    public Output<String> address() {
        return address;
    }

    public Output<String> caCertPem() {
        return caCertPem;
    }

    /** The CA file's path as the provider gets it (relative to the project directory unless set absolute). */
    public String caCertFile(String componentName) {
        return caCertFile != null ? caCertFile : ".private-vault/" + componentName + "-ca.pem";
    }

    public Output<String> provisionerAuthMount() {
        return provisionerAuthMount != null ? provisionerAuthMount : Output.of(ProvisionerLogin.MOUNT);
    }

    public Output<String> provisionerAuthRole() {
        return provisionerAuthRole != null ? provisionerAuthRole : Output.of(ProvisionerLogin.ROLE);
    }

    public Output<List<String>> adminRoleArns() {
        return adminRoleArns;
    }

    public Output<String> awsRegion() {
        return awsRegion;
    }

    public Output<String> auditLogPath() {
        return auditLogPath != null ? auditLogPath : Output.of(AuditDevices.ec2().logPath());
    }

    public Output<String> auditSecondDevice() {
        return auditSecondDevice != null ? auditSecondDevice : Output.of(AuditDevices.ec2().secondDevice());
    }

    public int kvMaxVersions() {
        return kvMaxVersions == null ? 10 : kvMaxVersions;
    }

    public List<VaultTenantArgs> tenants() {
        return tenants == null ? List.of() : tenants;
    }

    public List<VaultKubernetesClusterArgs> kubernetesClusters() {
        return kubernetesClusters == null ? List.of() : kubernetesClusters;
    }

    public VaultOidcArgs oidc() {
        return oidc;
    }

    /** Checks every rule; called by the builder and again by the component (other languages skip the builder). */
    VaultBaselineArgs validate() {
        var p = Problems.of("VaultBaselineArgs");
        p.require(address != null, "address", null, "set (https://vault.<zone>:8200)");
        p.require(caCertPem != null, "caCertPem", null, "set (the Vault cluster CA PEM)");
        if (caCertFile != null) {
            p.require(caCertFile.endsWith(".pem") && caCertFile.matches("[A-Za-z0-9._/-]+") && !Path.of(caCertFile).normalize().startsWith(".."),
                    "caCertFile", caCertFile, "a file path ending in .pem, relative to the project directory (recommended) or absolute");
        }
        p.between("kvMaxVersions", kvMaxVersions(), 1, 100);

        Set<String> clusters = new HashSet<>();
        for (int i = 0; i < kubernetesClusters().size(); i++) {
            var cluster = kubernetesClusters().get(i);
            String at = "kubernetesClusters[" + i + "]";
            if (p.require(cluster != null, at, null, "a cluster")) {
                cluster.validate(p.at(at));
                p.require(clusters.add(cluster.name()), "kubernetesClusters.name", cluster.name(),
                        "unique cluster names; this one is listed more than once");
            }
        }
        List<String> names = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < tenants().size(); i++) {
            var tenant = tenants().get(i);
            String at = "tenants[" + i + "]";
            if (!p.require(tenant != null, at, null, "a tenant")) {
                continue;
            }
            tenant.validate(p.at(at));
            if (p.valid(at + ".name")) {
                p.require(!Personas.RESERVED.contains(tenant.name()), at + ".name", tenant.name(),
                        "a name other than the built-in policies " + Personas.RESERVED);
            }
            if ("kubernetes".equals(tenant.authType()) && p.valid(at + ".kubernetesCluster")) {
                p.compare(clusters.contains(tenant.kubernetesCluster()), at + ".kubernetesCluster", tenant.kubernetesCluster(),
                        "one of the declared kubernetesClusters " + clusters, "kubernetesClusters");
            }
            names.add(tenant.name());
            prefixes.add(tenant.kvPrefix());
        }
        p.unique("tenants.name", names);
        p.unique("tenants.kvPrefix (KV path secret/<kvPrefix>/)", prefixes);
        if (oidc != null) {
            oidc.validate(p.at("oidc"));
            if (p.valid("oidc.groupPolicies", "tenants")) {
                Set<String> known = new HashSet<>(names);
                known.addAll(Personas.HUMAN_POLICIES);
                oidc.groupPolicies().forEach((group, policies) -> policies.forEach(policy -> p.require(known.contains(policy),
                        "oidc.groupPolicies." + group, policy, "a policy this baseline defines: " + new java.util.TreeSet<>(known))));
            }
        }
        p.orThrow();
        return this;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final VaultBaselineArgs args = new VaultBaselineArgs();

        public Builder address(Output<String> value) {
            args.address = value;
            return this;
        }

        public Builder caCertPem(Output<String> value) {
            args.caCertPem = value;
            return this;
        }

        public Builder caCertFile(String value) {
            args.caCertFile = value;
            return this;
        }

        public Builder provisionerAuthMount(Output<String> value) {
            args.provisionerAuthMount = value;
            return this;
        }

        public Builder provisionerAuthRole(Output<String> value) {
            args.provisionerAuthRole = value;
            return this;
        }

        public Builder adminRoleArns(Output<List<String>> value) {
            args.adminRoleArns = value;
            return this;
        }

        public Builder awsRegion(Output<String> value) {
            args.awsRegion = value;
            return this;
        }

        public Builder auditLogPath(Output<String> value) {
            args.auditLogPath = value;
            return this;
        }

        public Builder auditSecondDevice(Output<String> value) {
            args.auditSecondDevice = value;
            return this;
        }

        public Builder kvMaxVersions(int value) {
            args.kvMaxVersions = value;
            return this;
        }

        public Builder tenants(List<VaultTenantArgs> value) {
            args.tenants = List.copyOf(value);
            return this;
        }

        public Builder kubernetesClusters(List<VaultKubernetesClusterArgs> value) {
            args.kubernetesClusters = List.copyOf(value);
            return this;
        }

        public Builder oidc(VaultOidcArgs value) {
            args.oidc = value;
            return this;
        }

        public VaultBaselineArgs build() {
            return args.validate();
        }
    }
}
