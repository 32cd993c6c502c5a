package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.Problems;
import io.privatevault.components.support.Cidr;
import io.privatevault.components.support.PrivateCa;
import io.privatevault.components.vpn.ClientCsr;
import io.privatevault.components.vpn.ConnectHandler;
import io.privatevault.components.vpn.VpnKeyType;
import io.privatevault.components.vpn.VpnLimits;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Inputs of {@link ClientVpn}. Every field is optional unless marked required; a missing field takes the
 * default documented on it (also when the component is constructed from another Pulumi language).
 * Rules that need values only known at deployment (the VPC CIDR, the subnet ids) are checked when those
 * values arrive, before the endpoint is registered.
 */
public final class ClientVpnArgs extends ResourceArgs {
    /** Required. The VPC the endpoint lives in (from PrivateVaultNetwork). */
    @Import(name = "vpcId", required = true)
    private Output<String> vpcId;

    /** Required. The VPC's CIDR: the client CIDR must not overlap it, and every authorised CIDR must lie inside it. */
    @Import(name = "vpcCidr", required = true)
    private Output<String> vpcCidr;

    /**
     * Required. Private subnets, one per availability zone (PrivateVaultNetwork's order); the first
     * {@link #associationCount} are associated, so the associations land in distinct AZs.
     */
    @Import(name = "subnetIds", required = true)
    private Output<List<String>> subnetIds;

    /** Required. The VPC resolver (VPC CIDR base + 2), pushed as the clients' DNS server so {@code vault.<zone>} resolves. */
    @Import(name = "resolverAddress", required = true)
    private Output<String> resolverAddress;

    /** Required. The NLB's security group: the endpoint's only egress besides DNS is TCP 8200 to it. */
    @Import(name = "nlbSecurityGroupId", required = true)
    private Output<String> nlbSecurityGroupId;

    /** Required. KMS key (KmsSeal's data key) that encrypts the connection and connect-handler log groups. */
    @Import(name = "logKmsKeyArn", required = true)
    private Output<String> logKmsKeyArn;

    /**
     * Required. CIDRs of the Vault/NLB subnets: the only networks engineers are authorised to reach.
     * Never {@code 0.0.0.0/0}; each must lie inside the VPC CIDR, which is why no extra routes are needed
     * (the association's automatic VPC route covers them under split tunnel).
     */
    @Import(name = "authorizedCidrs", required = true)
    private List<String> authorizedCidrs;

    /**
     * Required. Address pool for VPN clients, /12 to /22 (AWS's limits), overlapping neither the VPC nor an
     * attached CIDR. <b>Fixed once the endpoint exists</b>: AWS cannot change it, so a new value replaces the
     * endpoint (new DNS name, every engineer needs a new {@code .ovpn}).
     */
    @Import(name = "clientCidr", required = true)
    private String clientCidr;

    /**
     * Required. The server certificate's common name and DNS SAN, domain-style (ACM needs a domain name),
     * e.g. {@code vpn.tooling.internal}; clients check it with {@code verify-x509-name}.
     */
    @Import(name = "serverName", required = true)
    private String serverName;

    /** Vault's private DNS name, written into each {@code .ovpn} as a hint. Default: none. */
    @Import(name = "vaultFqdn")
    private Output<String> vaultFqdn;

    /** Subnet associations, 1-3, each in its own AZ. Default 1 (dev); prod uses 2 so one AZ can fail. Each costs hourly. */
    @Import(name = "associationCount")
    private Integer associationCount;

    /** CIDRs of VPCs attached by peering or transit gateway; the client CIDR must not overlap them. Default none. */
    @Import(name = "attachedCidrs")
    private List<String> attachedCidrs;

    /** Engineers who get a client certificate and a {@code .ovpn}. Default none. */
    @Import(name = "engineers")
    private List<EngineerArgs> engineers;

    /** Engineers whose access is revoked: denied by the connect handler and listed in the CRL. Default none. */
    @Import(name = "revoked")
    private List<RevokedEngineerArgs> revoked;

    /**
     * An existing AWS Private CA ({@code arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>}) that
     * issues the VPN's certificates instead of a CA of this component's own. Default none: a self-signed CA whose key
     * is a secret in Pulumi state. When set, no CA or server key exists in state: the server certificate is an ACM
     * private certificate from this CA (its key never leaves ACM, ACM renews it), the endpoint trusts that CA for
     * clients, engineers must use CSR mode and are issued by the CA for {@link #clientValidityHours} (whole days), and
     * the CRL is the CA's own. The CA, server and early-renewal settings below then do not apply and must be absent.
     */
    @Import(name = "certificateAuthorityArn")
    private String certificateAuthorityArn;

    /**
     * Key type of the VPN CA, server and generated client keys: {@code RSA_2048} (default) or {@code RSA_1024},
     * the only key types ACM imports for Client VPN. CSRs must use the same RSA size or 2048.
     */
    @Import(name = "keyType")
    private String keyType;

    /** VPN CA validity in hours. Default 87600 (10 years): renewing the CA reissues every certificate. */
    @Import(name = "caValidityHours")
    private Integer caValidityHours;

    /** Hours before the CA expires in which {@code pulumi up} renews it. Default 8760 (1 year). */
    @Import(name = "caEarlyRenewalHours")
    private Integer caEarlyRenewalHours;

    /** Server certificate validity in hours. Default 8760 (1 year); ACM re-imports it in place. */
    @Import(name = "serverValidityHours")
    private Integer serverValidityHours;

    /** Hours before the server certificate expires in which {@code pulumi up} reissues it. Default 720 (30 days). */
    @Import(name = "serverEarlyRenewalHours")
    private Integer serverEarlyRenewalHours;

    /** Client certificate validity in hours. Default 720 (30 days): short-lived, so a leaked file ages out. */
    @Import(name = "clientValidityHours")
    private Integer clientValidityHours;

    /** Hours before a client certificate expires in which {@code pulumi up} reissues it. Default 168 (7 days). */
    @Import(name = "clientEarlyRenewalHours")
    private Integer clientEarlyRenewalHours;

    /** Maximum VPN session length, 8, 10, 12 or 24 hours (AWS's values); sessions are then disconnected. Default 8. */
    @Import(name = "sessionTimeoutHours")
    private Integer sessionTimeoutHours;

    /** Text the AWS-provided client shows before connecting, at most 1400 characters. Default: an authorised-use notice. */
    @Import(name = "loginBanner")
    private String loginBanner;

    /** Retention of the connection and connect-handler logs, a CloudWatch Logs value. Default 90 days. */
    @Import(name = "logRetentionDays")
    private Integer logRetentionDays;

    /**
     * Whether this component adds the NLB security group's ingress rule from the endpoint's group on TCP 8200.
     * Default true; set false when the NLB's owner manages that rule (AWS rejects duplicates).
     */
    @Import(name = "manageNlbIngress")
    private Boolean manageNlbIngress;

    /** Tags for every taggable resource. Default none. */
    @Import(name = "tags")
    private Map<String, String> tags;

    private ClientVpnArgs() {
    }

    public Output<String> vpcId() {
        return vpcId;
    }

    public Output<String> vpcCidr() {
        return vpcCidr;
    }

    public Output<List<String>> subnetIds() {
        return subnetIds;
    }

    public Output<String> resolverAddress() {
        return resolverAddress;
    }

    public Output<String> nlbSecurityGroupId() {
        return nlbSecurityGroupId;
    }

    public Output<String> logKmsKeyArn() {
        return logKmsKeyArn;
    }

    public List<String> authorizedCidrs() {
        return authorizedCidrs == null ? List.of() : authorizedCidrs;
    }

    public String clientCidr() {
        return clientCidr;
    }

    public String serverName() {
        return serverName;
    }

    public Output<String> vaultFqdn() {
        return vaultFqdn;
    }

    public int associationCount() {
        return associationCount == null ? 1 : associationCount;
    }

    public List<String> attachedCidrs() {
        return attachedCidrs == null ? List.of() : attachedCidrs;
    }

    public List<EngineerArgs> engineers() {
        return engineers == null ? List.of() : engineers;
    }

    public List<RevokedEngineerArgs> revoked() {
        return revoked == null ? List.of() : revoked;
    }

    public String keyType() {
        return keyType == null ? VpnKeyType.RSA_2048.name() : keyType;
    }

    public int caValidityHours() {
        return caValidityHours == null ? 87600 : caValidityHours;
    }

    public int caEarlyRenewalHours() {
        return caEarlyRenewalHours == null ? 8760 : caEarlyRenewalHours;
    }

    public int serverValidityHours() {
        return serverValidityHours == null ? 8760 : serverValidityHours;
    }

    public int serverEarlyRenewalHours() {
        return serverEarlyRenewalHours == null ? 720 : serverEarlyRenewalHours;
    }

    public int clientValidityHours() {
        return clientValidityHours == null ? 720 : clientValidityHours;
    }

    public int clientEarlyRenewalHours() {
        return clientEarlyRenewalHours == null ? 168 : clientEarlyRenewalHours;
    }

    public int sessionTimeoutHours() {
        return sessionTimeoutHours == null ? 8 : sessionTimeoutHours;
    }

    public String loginBanner() {
        return loginBanner == null ? VpnLimits.DEFAULT_BANNER : loginBanner;
    }

    public int logRetentionDays() {
        return logRetentionDays == null ? 90 : logRetentionDays;
    }

    /** The AWS Private CA that issues the certificates, or null for the component's own CA. */
    public String certificateAuthorityArn() {
        return certificateAuthorityArn;
    }

    public boolean usesPrivateCa() {
        return certificateAuthorityArn != null;
    }

    public boolean manageNlbIngress() {
        return manageNlbIngress == null || manageNlbIngress;
    }

    public Map<String, String> tags() {
        return tags == null ? Map.of() : tags;
    }

    /** Checks every rule that plain values allow; called by the builder and again by the component. */
    ClientVpnArgs validate() {
        var p = Problems.of("ClientVpnArgs");
        for (var required : List.of(new Object[]{vpcId, "vpcId"}, new Object[]{vpcCidr, "vpcCidr"},
                new Object[]{subnetIds, "subnetIds"}, new Object[]{resolverAddress, "resolverAddress"},
                new Object[]{nlbSecurityGroupId, "nlbSecurityGroupId"}, new Object[]{logKmsKeyArn, "logKmsKeyArn"})) {
            p.require(required[0] != null, (String) required[1], null, "set (an output of the network, NLB or KMS component)");
        }
        Cidr client = p.cidr("clientCidr", clientCidr);
        if (client != null) {
            p.require(client.prefix() >= 12 && client.prefix() <= 22, "clientCidr", clientCidr,
                    "a CIDR block between /12 and /22 (Client VPN's limits)");
        }
        p.dnsName("serverName", serverName);
        p.require(!authorizedCidrs().isEmpty(), "authorizedCidrs", null, "one or more CIDRs of the Vault/NLB subnets");
        for (String cidr : authorizedCidrs()) {
            Cidr parsed = p.cidr("authorizedCidrs", cidr);
            if (parsed != null) {
                p.require(parsed.prefix() > 0, "authorizedCidrs", cidr,
                        "the Vault/NLB subnet CIDRs, never 0.0.0.0/0 (engineers reach Vault, not the internet or the whole network)");
            }
        }
        p.unique("authorizedCidrs", authorizedCidrs());
        var attached = new ArrayList<Cidr>();
        for (String cidr : attachedCidrs()) {
            attached.add(p.cidr("attachedCidrs", cidr));
        }
        if (client != null) {
            for (String cidr : authorizedCidrs()) {
                if (p.valid("authorizedCidrs")) {
                    p.compare(!Cidr.parse(cidr).overlaps(client), "clientCidr", clientCidr,
                            "a CIDR that overlaps none of authorizedCidrs (it overlaps " + cidr + ")", "authorizedCidrs");
                }
            }
            for (int i = 0; i < attached.size(); i++) {
                if (attached.get(i) != null) {
                    p.compare(!attached.get(i).overlaps(client), "clientCidr", clientCidr,
                            "a CIDR that overlaps no attached VPC CIDR (it overlaps " + attachedCidrs().get(i) + ")", "attachedCidrs");
                }
            }
        }
        p.between("associationCount", associationCount(), 1, 3);
        VpnKeyType type = p.run(() -> VpnKeyType.parse(p.path("keyType"), keyType()));
        if (usesPrivateCa()) {
            checkPrivateCa(p);
        } else {
            boolean ca = checkValidity(p, "ca", caValidityHours(), caEarlyRenewalHours());
            boolean server = checkValidity(p, "server", serverValidityHours(), serverEarlyRenewalHours());
            boolean clientOk = checkValidity(p, "client", clientValidityHours(), clientEarlyRenewalHours());
            if (ca && server) {
                p.compare(serverValidityHours() <= caValidityHours(), "serverValidityHours", serverValidityHours(),
                        "at most caValidityHours (" + caValidityHours() + "); a certificate cannot outlive its CA", "caValidityHours");
            }
            if (server && clientOk) {
                p.compare(clientValidityHours() <= serverValidityHours(), "clientValidityHours", clientValidityHours(),
                        "at most serverValidityHours (" + serverValidityHours() + "); client certificates are the short-lived ones", "serverValidityHours");
            }
        }
        p.require(VpnLimits.SESSION_TIMEOUTS.contains(sessionTimeoutHours()), "sessionTimeoutHours",
                sessionTimeoutHours(), "one of 8, 10, 12 or 24 (the values Client VPN accepts)");
        p.require(!loginBanner().isBlank() && loginBanner().length() <= 1400, "loginBanner",
                loginBanner().length() > 60 ? loginBanner().substring(0, 60) + "..." : loginBanner(),
                "non-empty text of at most 1400 characters (Client VPN's limit)");
        p.require(VpnLimits.LOG_RETENTION_DAYS.contains(logRetentionDays()), "logRetentionDays", logRetentionDays(),
                "a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, ... 3653)");

        var names = new ArrayList<String>();
        for (int i = 0; i < engineers().size(); i++) {
            EngineerArgs engineer = engineers().get(i);
            if (p.require(engineer != null, "engineers[" + i + "]", null, "an engineer (no empty entries)")) {
                engineer.validate(p, i, type, certificateAuthorityArn);
                names.add(engineer.name);
            }
        }
        p.unique("engineers[].name", names);
        var current = new HashSet<>(names);
        var revokedNames = new ArrayList<String>();
        for (int i = 0; i < revoked().size(); i++) {
            RevokedEngineerArgs entry = revoked().get(i);
            if (p.require(entry != null, "revoked[" + i + "]", null, "a revoked engineer (no empty entries)")) {
                entry.validate(p, i);
                // Removing an engineer deletes their aws.acmpca.Certificate, and the provider revokes it at the CA.
                p.require(!usesPrivateCa() || entry.serialNumbers().isEmpty(), "revoked[" + entry.name + "].serialNumbers",
                        entry.serialNumbers(), "absent when certificateAuthorityArn is set (removing the engineer revokes their"
                                + " certificate at the CA; `aws acm-pca revoke-certificate` revokes any other)");
                p.require(!current.contains(entry.name), "revoked[" + entry.name + "].name", entry.name,
                        "a name that is not also a current engineer (remove it from engineers to revoke it)");
                revokedNames.add(entry.name);
            }
        }
        p.unique("revoked[].name", revokedNames);
        p.orThrow();
        return this;
    }

    /** With an AWS Private CA: its ARN's shape, a validity IssueCertificate can express, and none of the own CA's settings. */
    private void checkPrivateCa(Problems p) {
        p.require(PrivateCa.isArn(certificateAuthorityArn), "certificateAuthorityArn", certificateAuthorityArn, PrivateCa.ARN_SHAPE);
        p.require(clientValidityHours() >= 24 && clientValidityHours() <= 175200 && PrivateCa.wholeDays(clientValidityHours()),
                "clientValidityHours", clientValidityHours(), "whole days between 24 and 175200 hours when certificateAuthorityArn is set"
                        + " (AWS Private CA's IssueCertificate takes a validity in DAYS, MONTHS or YEARS, not hours)");
        // ACM chooses the server certificate's lifetime and renews it; the CA is not this component's.
        for (var own : List.of(new Object[]{caValidityHours, "caValidityHours"}, new Object[]{caEarlyRenewalHours, "caEarlyRenewalHours"},
                new Object[]{serverValidityHours, "serverValidityHours"}, new Object[]{serverEarlyRenewalHours, "serverEarlyRenewalHours"},
                new Object[]{clientEarlyRenewalHours, "clientEarlyRenewalHours"})) {
            p.require(own[0] == null, (String) own[1], own[0], "absent when certificateAuthorityArn is set (ACM renews the server"
                    + " certificate; the private CA's certificates are reissued with `pulumi up --replace`, see the VPN README)");
        }
    }

    private static boolean checkValidity(Problems p, String which, int validity, int earlyRenewal) {
        boolean ok = p.require(validity >= 24 && validity <= 175200, which + "ValidityHours", validity,
                "between 24 and 175200 hours (1 day to 20 years)");
        return p.compare(earlyRenewal >= 1 && earlyRenewal < validity, which + "EarlyRenewalHours", earlyRenewal,
                "at least 1 and less than " + which + "ValidityHours (" + validity + "), so that `pulumi up` reissues in time",
                which + "ValidityHours") && ok;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One engineer with VPN access. */
    public static final class EngineerArgs extends ResourceArgs {
        /** Required. Lower-case name; the client certificate's common name and the key of {@code clientConfigs}. */
        @Import(name = "name", required = true)
        private String name;

        /**
         * {@code csr} (default, recommended): the engineer submits {@link #csrPem} and keeps the private key;
         * {@code generated}: the program makes the key, stored as a Pulumi secret.
         */
        @Import(name = "mode")
        private String mode;

        /** PEM certificate signing request (CSR mode only) whose subject CN is {@link #name}. */
        @Import(name = "csrPem")
        private String csrPem;

        private EngineerArgs() {
        }

        public static EngineerArgs csr(String name, String csrPem) {
            var engineer = new EngineerArgs();
            engineer.name = name;
            engineer.mode = "csr";
            engineer.csrPem = csrPem;
            return engineer;
        }

        public static EngineerArgs generated(String name) {
            var engineer = new EngineerArgs();
            engineer.name = name;
            engineer.mode = "generated";
            return engineer;
        }

        public String name() {
            return name;
        }

        public String mode() {
            return mode == null ? "csr" : mode;
        }

        public boolean generated() {
            return "generated".equals(mode());
        }

        public String csrPem() {
            return csrPem;
        }

        /** Checks entry {@code index}; paths name the engineer once the name itself is valid. */
        void validate(Problems parent, int index, VpnKeyType keyType, String certificateAuthorityArn) {
            if (!parent.at("engineers[" + index + "]").safeName("name", name)) {
                return;
            }
            var p = parent.at("engineers[" + name + "]");
            p.require("csr".equals(mode()) || "generated".equals(mode()), "mode", mode,
                    "'csr' (the engineer submits a CSR) or 'generated' (the program makes a secret key)");
            if (generated() && certificateAuthorityArn != null) {
                p.require(false, "mode", mode, "csr when certificateAuthorityArn is set (" + certificateAuthorityArn
                        + " issues certificates from CSRs only; the engineer keeps the key)");
            } else if (generated()) {
                p.require(csrPem == null, "csrPem", "(a CSR)", "absent in generated mode (set mode: csr to use it)");
            } else if ("csr".equals(mode())) {
                p.run(() -> ClientCsr.parse(p.path("csrPem"), csrPem).requireFor(p.path("csrPem"), name,
                        keyType == null ? VpnKeyType.RSA_2048 : keyType));
            }
        }
    }

    /** An engineer whose access is revoked. */
    public static final class RevokedEngineerArgs extends ResourceArgs {
        /** Required. The revoked certificate common name (the former engineer name); the connect handler denies it. */
        @Import(name = "name", required = true)
        private String name;

        /**
         * Serial numbers (hex, from the {@code clientCertificateSerials} output) of the certificates to list in the
         * CRL. Default none: the connect handler alone then denies the name.
         */
        @Import(name = "serialNumbers")
        private List<String> serialNumbers;

        private RevokedEngineerArgs() {
        }

        public static RevokedEngineerArgs of(String name, String... serialNumbers) {
            var entry = new RevokedEngineerArgs();
            entry.name = name;
            entry.serialNumbers = List.of(serialNumbers);
            return entry;
        }

        public String name() {
            return name;
        }

        public List<String> serialNumbers() {
            return serialNumbers == null ? List.of() : serialNumbers;
        }

        void validate(Problems parent, int index) {
            if (!parent.at("revoked[" + index + "]").safeName("name", name)) {
                return;
            }
            for (String serial : serialNumbers()) {
                parent.require(serial != null && serial.replace(":", "").matches("(?i)[0-9a-f]{1,40}"),
                        "revoked[" + name + "].serialNumbers", serial,
                        "hexadecimal certificate serial numbers (as in the clientCertificateSerials output)");
            }
        }
    }

    public static final class Builder {
        private final ClientVpnArgs args = new ClientVpnArgs();

        public Builder vpcId(Output<String> value) {
            args.vpcId = value;
            return this;
        }

        public Builder vpcCidr(Output<String> value) {
            args.vpcCidr = value;
            return this;
        }

        public Builder subnetIds(Output<List<String>> value) {
            args.subnetIds = value;
            return this;
        }

        public Builder resolverAddress(Output<String> value) {
            args.resolverAddress = value;
            return this;
        }

        public Builder nlbSecurityGroupId(Output<String> value) {
            args.nlbSecurityGroupId = value;
            return this;
        }

        public Builder logKmsKeyArn(Output<String> value) {
            args.logKmsKeyArn = value;
            return this;
        }

        public Builder authorizedCidrs(List<String> value) {
            args.authorizedCidrs = List.copyOf(value);
            return this;
        }

        public Builder clientCidr(String value) {
            args.clientCidr = value;
            return this;
        }

        public Builder serverName(String value) {
            args.serverName = value;
            return this;
        }

        public Builder vaultFqdn(Output<String> value) {
            args.vaultFqdn = value;
            return this;
        }

        public Builder associationCount(int value) {
            args.associationCount = value;
            return this;
        }

        public Builder attachedCidrs(List<String> value) {
            args.attachedCidrs = List.copyOf(value);
            return this;
        }

        public Builder engineers(List<EngineerArgs> value) {
            args.engineers = new ArrayList<>(value);
            return this;
        }

        public Builder engineers(EngineerArgs... value) {
            return engineers(List.of(value));
        }

        public Builder revoked(List<RevokedEngineerArgs> value) {
            args.revoked = new ArrayList<>(value);
            return this;
        }

        public Builder revoked(RevokedEngineerArgs... value) {
            return revoked(List.of(value));
        }

        public Builder keyType(String value) {
            args.keyType = value;
            return this;
        }

        public Builder caValidityHours(int value) {
            args.caValidityHours = value;
            return this;
        }

        public Builder caEarlyRenewalHours(int value) {
            args.caEarlyRenewalHours = value;
            return this;
        }

        public Builder serverValidityHours(int value) {
            args.serverValidityHours = value;
            return this;
        }

        public Builder serverEarlyRenewalHours(int value) {
            args.serverEarlyRenewalHours = value;
            return this;
        }

        public Builder clientValidityHours(int value) {
            args.clientValidityHours = value;
            return this;
        }

        public Builder clientEarlyRenewalHours(int value) {
            args.clientEarlyRenewalHours = value;
            return this;
        }

        public Builder sessionTimeoutHours(int value) {
            args.sessionTimeoutHours = value;
            return this;
        }

        public Builder loginBanner(String value) {
            args.loginBanner = value;
            return this;
        }

        public Builder logRetentionDays(int value) {
            args.logRetentionDays = value;
            return this;
        }

        public Builder certificateAuthorityArn(String value) {
            args.certificateAuthorityArn = value;
            return this;
        }

        public Builder manageNlbIngress(boolean value) {
            args.manageNlbIngress = value;
            return this;
        }

        public Builder tags(Map<String, String> value) {
            args.tags = Map.copyOf(value);
            return this;
        }

        public ClientVpnArgs build() {
            return args.validate();
        }
    }
}
