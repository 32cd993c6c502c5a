package io.privatevault.components;

import com.pulumi.asset.AssetArchive;
import com.pulumi.asset.StringAsset;
import com.pulumi.aws.acm.Certificate;
import com.pulumi.aws.acm.CertificateArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.cloudwatch.LogStream;
import com.pulumi.aws.cloudwatch.LogStreamArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2clientvpn.AuthorizationRule;
import com.pulumi.aws.ec2clientvpn.AuthorizationRuleArgs;
import com.pulumi.aws.ec2clientvpn.Endpoint;
import com.pulumi.aws.ec2clientvpn.EndpointArgs;
import com.pulumi.aws.ec2clientvpn.NetworkAssociation;
import com.pulumi.aws.ec2clientvpn.NetworkAssociationArgs;
import com.pulumi.aws.ec2clientvpn.inputs.EndpointAuthenticationOptionArgs;
import com.pulumi.aws.ec2clientvpn.inputs.EndpointClientConnectOptionsArgs;
import com.pulumi.aws.ec2clientvpn.inputs.EndpointClientLoginBannerOptionsArgs;
import com.pulumi.aws.ec2clientvpn.inputs.EndpointConnectionLogOptionsArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.Function;
import com.pulumi.aws.lambda.FunctionArgs;
import com.pulumi.aws.lambda.inputs.FunctionLoggingConfigArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.privatevault.components.host.MayBeAbsent;
import io.privatevault.components.providers.tls.CertRequest;
import io.privatevault.components.providers.tls.CertRequestArgs;
import io.privatevault.components.providers.tls.LocallySignedCert;
import io.privatevault.components.providers.tls.LocallySignedCertArgs;
import io.privatevault.components.providers.tls.PrivateKey;
import io.privatevault.components.providers.tls.PrivateKeyArgs;
import io.privatevault.components.providers.tls.SelfSignedCert;
import io.privatevault.components.providers.tls.SelfSignedCertArgs;
import io.privatevault.components.providers.tls.inputs.CertRequestSubjectArgs;
import io.privatevault.components.providers.tls.inputs.SelfSignedCertSubjectArgs;
import io.privatevault.components.support.AwsEnvironment;
import io.privatevault.components.support.PhysicalNames;
import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;
import io.privatevault.components.support.PrivateCa;
import io.privatevault.components.vpn.ConnectHandler;
import io.privatevault.components.vpn.OvpnProfile;
import io.privatevault.components.vpn.Pem;
import io.privatevault.components.vpn.RevocationList;
import io.privatevault.components.vpn.VpnKeyType;
import io.privatevault.components.vpn.VpnNetwork;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Engineers' way to Vault: an AWS Client VPN endpoint with mutual certificate authentication from its own CA or an
 * existing AWS Private CA (separate from Vault's either way), split tunnel, UDP 443, the VPC resolver as DNS,
 * KMS-encrypted connection logs, a security group that reaches only the NLB on 8200 (plus DNS), and per-engineer
 * certificates and {@code .ovpn} files. Removing or revoking an engineer cuts access at the next {@code pulumi up}
 * through a client connect handler that admits only current common names; a CRL of the CA backs it up.
 */
public final class ClientVpn extends ComponentResource {
    private static final int VAULT_PORT = 8200;
    private static final int VPN_PORT = 443;
    private static final String PROTOCOL = "udp";
    private static final List<String> SERVER_USES = List.of("digital_signature", "key_encipherment", "server_auth");
    private static final List<String> CLIENT_USES = List.of("digital_signature", "key_encipherment", "client_auth");

    /** Client VPN endpoint id. */
    @Export(name = "endpointId", refs = {String.class})
    public final Output<String> endpointId;
    /** Endpoint DNS name as AWS reports it ({@code *.cvpn-endpoint-...}). */
    @Export(name = "dnsName", refs = {String.class})
    public final Output<String> dnsName;
    /** The endpoint's security group (allow it wherever engineers must reach). */
    @Export(name = "securityGroupId", refs = {String.class})
    public final Output<String> securityGroupId;
    /** Client address pool; fixed at creation (a change replaces the endpoint). */
    @Export(name = "clientCidrBlock", refs = {String.class})
    public final Output<String> clientCidrBlock;
    /** The VPN CA certificate (PEM); with a private CA, its certificate followed by its chain. */
    @Export(name = "caCertPem", refs = {String.class})
    public final Output<String> caCertPem;
    /** Secret: engineer name to a ready {@code .ovpn} (CSR engineers get a key placeholder). */
    @Export(name = "clientConfigs", refs = {Map.class, String.class}, tree = "[0,1,1]")
    public final Output<Map<String, String>> clientConfigs;
    /** Engineer name to the serial (hex) of their current certificate: copy it into {@code revoked} when revoking. */
    @Export(name = "clientCertificateSerials", refs = {Map.class, String.class}, tree = "[0,1,1]")
    public final Output<Map<String, String>> clientCertificateSerials;
    /** The CRL (PEM) signed by the VPN CA, listing the revoked serials. Public by nature. Absent with a private CA, which publishes its own. */
    @MayBeAbsent("when certificateAuthorityArn is set (the private CA signs and publishes its own CRL)")
    @Export(name = "revocationListPem", refs = {String.class})
    public final Output<String> revocationListPem;
    /**
     * The AWS CLI command that imports {@code crl.pem} (the CRL above) into the endpoint; with a private CA, a shell
     * command that downloads the CA's CRL from its S3 bucket, converts it from DER to PEM and imports it.
     */
    @MayBeAbsent("when certificateAuthorityArn names a CA that publishes no CRL to S3")
    @Export(name = "revocationListImportCommand", refs = {String.class})
    public final Output<String> revocationListImportCommand;
    /** The client connect handler (Lambda) ARN. */
    @Export(name = "connectHandlerArn", refs = {String.class})
    public final Output<String> connectHandlerArn;
    /** CloudWatch log group of the connection log. */
    @Export(name = "connectionLogGroupName", refs = {String.class})
    public final Output<String> connectionLogGroupName;
    /** Sample {@code .ovpn} with placeholders, the connect handler source and the CRL. Never secrets. */
    @Export(name = "renderedFiles", refs = {Map.class, String.class}, tree = "[0,1,1]")
    public final Output<Map<String, String>> renderedFiles;

    public ClientVpn(String name, ClientVpnArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:ClientVpn", name, null, ComponentLifecycle.validated(args.validate(), options));
        var env = AwsEnvironment.of(this);
        var child = CustomResourceOptions.builder().parent(this).build();
        var keyType = VpnKeyType.parse("ClientVpnArgs.keyType", args.keyType());
        var tags = new LinkedHashMap<>(args.tags());
        tags.putIfAbsent("Name", name);
        // Log group and function names are unique per account and region: they carry the project and stack.
        String scoped = PhysicalNames.scoped(name);

        var pki = args.usesPrivateCa() ? privateCaPki(name, args, tags, this, child) : ownPki(name, args, keyType, tags, child);

        // --- Logs: connection log and connect-handler log, both KMS-encrypted with retention ----------------
        var connectionLogs = new LogGroup(name + "-connections", LogGroupArgs.builder()
                .name("/aws/clientvpn/" + scoped)
                .retentionInDays(args.logRetentionDays())
                .kmsKeyId(args.logKmsKeyArn())
                .tags(tags)
                .build(), child);
        var connectionStream = new LogStream(name + "-connections", LogStreamArgs.builder()
                .name("connections")
                .logGroupName(connectionLogs.name())
                .build(), child);

        // --- Connect handler: admits only current engineers' common names ----------------------------------
        String functionName = ConnectHandler.functionName(scoped);
        var handlerLogs = new LogGroup(name + "-connect-handler", LogGroupArgs.builder()
                .name("/aws/lambda/" + functionName)
                .retentionInDays(args.logRetentionDays())
                .kmsKeyId(args.logKmsKeyArn())
                .tags(tags)
                .build(), child);
        var handlerRole = new Role(name + "-connect-handler", RoleArgs.builder()
                .description("Client VPN connect handler of " + name + ": writes its own log only")
                .assumeRolePolicy(ConnectHandler.trustPolicy())
                .tags(tags)
                .build(), child);
        var handlerLogging = new RolePolicy(name + "-connect-handler-logs", RolePolicyArgs.builder()
                .role(handlerRole.name())
                .policy(handlerLogs.arn().applyValue(arn -> PolicyDocument.of(Statement.allow("OwnLogGroupOnly")
                        .actions("logs:CreateLogStream", "logs:PutLogEvents").resources(arn + ":*").build()).toJson()))
                .build(), child);
        var allowed = args.engineers().stream().map(ClientVpnArgs.EngineerArgs::name).toList();
        var revokedNames = args.revoked().stream().map(ClientVpnArgs.RevokedEngineerArgs::name).toList();
        String handlerSource = ConnectHandler.source();
        var handler = new Function(name + "-connect-handler", FunctionArgs.builder()
                .name(functionName)
                .description("Client VPN connect handler: admits only current engineers of " + name)
                .role(handlerRole.arn())
                .runtime(ConnectHandler.RUNTIME)
                .handler(ConnectHandler.HANDLER)
                .architectures("arm64")
                .memorySize(128)
                .timeout(10)
                .code(new AssetArchive(Map.of(ConnectHandler.FILE, new StringAsset(handlerSource),
                        ConnectHandler.NAMES_FILE, new StringAsset(ConnectHandler.names(allowed, revokedNames)))))
                .loggingConfig(FunctionLoggingConfigArgs.builder().logFormat("JSON").logGroup(handlerLogs.name()).build())
                .tags(tags)
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(handlerLogging, handlerLogs).build());

        // --- Security group: egress only to the NLB on 8200 and DNS to the resolver -----------------------
        var securityGroup = new SecurityGroup(name + "-endpoint", SecurityGroupArgs.builder()
                .description("Client VPN " + name + ": egress only to the Vault NLB on 8200 and DNS to the VPC resolver")
                .vpcId(args.vpcId())
                .tags(tags)
                .build(), child);
        new SecurityGroupEgressRule(name + "-to-vault", SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(securityGroup.id())
                .referencedSecurityGroupId(args.nlbSecurityGroupId())
                .ipProtocol("tcp").fromPort(VAULT_PORT).toPort(VAULT_PORT)
                .description("Vault API through the internal NLB")
                .build(), child);
        for (String protocol : List.of("udp", "tcp")) {
            new SecurityGroupEgressRule(name + "-dns-" + protocol, SecurityGroupEgressRuleArgs.builder()
                    .securityGroupId(securityGroup.id())
                    .cidrIpv4(args.resolverAddress().applyValue(ip -> ip + "/32"))
                    .ipProtocol(protocol).fromPort(53).toPort(53)
                    .description("DNS to the VPC resolver (" + protocol + ")")
                    .build(), child);
        }
        if (args.manageNlbIngress()) {
            new SecurityGroupIngressRule(name + "-nlb-from-vpn", SecurityGroupIngressRuleArgs.builder()
                    .securityGroupId(args.nlbSecurityGroupId())
                    .referencedSecurityGroupId(securityGroup.id())
                    .ipProtocol("tcp").fromPort(VAULT_PORT).toPort(VAULT_PORT)
                    .description("Vault API from Client VPN " + name)
                    .build(), child);
        }

        // --- Endpoint ---------------------------------------------------------------------------------------
        var endpoint = new Endpoint(name, EndpointArgs.builder()
                .description("private-vault " + name + ": client CIDR " + args.clientCidr()
                        + " is fixed at creation (changing it replaces the endpoint)")
                .serverCertificateArn(pki.serverCertificateArn())
                .authenticationOptions(EndpointAuthenticationOptionArgs.builder()
                        .type("certificate-authentication")
                        .rootCertificateChainArn(pki.clientChainArn())
                        .build())
                .clientCidrBlock(args.vpcCidr().applyValue(vpc -> VpnNetwork.clientCidr(args.clientCidr(), vpc)))
                .splitTunnel(true)
                .transportProtocol(PROTOCOL)
                .vpnPort(VPN_PORT)
                .dnsServers(args.resolverAddress().applyValue(List::of))
                .vpcId(args.vpcId())
                .securityGroupIds(securityGroup.id().applyValue(List::of))
                .selfServicePortal("disabled")
                .sessionTimeoutHours(args.sessionTimeoutHours())
                .disconnectOnSessionTimeout(true)
                .clientLoginBannerOptions(EndpointClientLoginBannerOptionsArgs.builder()
                        .enabled(true).bannerText(args.loginBanner()).build())
                .clientConnectOptions(EndpointClientConnectOptionsArgs.builder()
                        .enabled(true).lambdaFunctionArn(handler.arn()).build())
                .connectionLogOptions(EndpointConnectionLogOptionsArgs.builder()
                        .enabled(true)
                        .cloudwatchLogGroup(connectionLogs.name())
                        .cloudwatchLogStream(connectionStream.name())
                        .build())
                .tags(tags)
                .build(), child);

        // One association per AZ; AWS adds the route to the VPC CIDR for each, which is all split tunnel needs
        // because every authorised CIDR lies inside the VPC (checked).
        for (int i = 0; i < args.associationCount(); i++) {
            int index = i;
            new NetworkAssociation(name + "-subnet-" + (i + 1), NetworkAssociationArgs.builder()
                    .clientVpnEndpointId(endpoint.id())
                    .subnetId(args.subnetIds().applyValue(ids -> VpnNetwork.associatedSubnet(ids, args.associationCount(), index)))
                    .build(), child);
        }
        for (int i = 0; i < args.authorizedCidrs().size(); i++) {
            String cidr = args.authorizedCidrs().get(i);
            new AuthorizationRule(name + "-vault-" + (i + 1), AuthorizationRuleArgs.builder()
                    .clientVpnEndpointId(endpoint.id())
                    .targetNetworkCidr(args.vpcCidr().applyValue(vpc -> VpnNetwork.authorizedCidr(cidr, vpc)))
                    .authorizeAllGroups(true)
                    .description("Vault/NLB subnet " + cidr)
                    .build(), child);
        }

        // Client VPN applies authorisation to DNS too: without this rule the pushed resolver is unreachable.
        new AuthorizationRule(name + "-dns", AuthorizationRuleArgs.builder()
                .clientVpnEndpointId(endpoint.id())
                .targetNetworkCidr(Output.tuple(args.resolverAddress(), args.vpcCidr())
                        .applyValue(t -> VpnNetwork.resolverCidr(t.t1, t.t2)))
                .authorizeAllGroups(true)
                .description("VPC resolver, so vault.<zone> resolves")
                .build(), child);

        // --- Client profiles, serials, CRL --------------------------------------------------------------------
        Output<String> remote = endpoint.dnsName().applyValue(OvpnProfile::remoteHostOf);
        Output<String> vaultUrl = args.vaultFqdn() == null ? Output.of("")
                : args.vaultFqdn().applyValue(fqdn -> "https://" + fqdn + ":" + VAULT_PORT);
        var profiles = new ArrayList<Output<Map.Entry<String, String>>>();
        var serials = new ArrayList<Output<Map.Entry<String, String>>>();
        for (var entry : pki.clientCertPems().entrySet()) {
            String engineer = entry.getKey();
            Output<String> keyPem = pki.generatedKeys().getOrDefault(engineer, Output.of(""));
            profiles.add(Output.tuple(remote, pki.caCertPem(), entry.getValue(), keyPem, vaultUrl)
                    .applyValue(t -> Map.entry(engineer, new OvpnProfile(engineer, t.t1, VPN_PORT, PROTOCOL, args.serverName(),
                            t.t2, t.t3, t.t4.isEmpty() ? null : t.t4, t.t5.isEmpty() ? null : t.t5).render())));
            serials.add(entry.getValue().applyValue(pem -> Map.entry(engineer, Pem.serialHex(pem))));
        }
        String sampleEngineer = args.engineers().stream().filter(e -> !e.generated()).map(ClientVpnArgs.EngineerArgs::name)
                .findFirst().orElse("example");

        this.endpointId = endpoint.id();
        this.dnsName = endpoint.dnsName();
        this.securityGroupId = securityGroup.id();
        this.clientCidrBlock = endpoint.clientCidrBlock();
        this.caCertPem = pki.caCertPem();
        this.clientConfigs = entries(profiles).asSecret();
        this.clientCertificateSerials = entries(serials);
        this.revocationListPem = pki.revocationListPem();
        this.revocationListImportCommand = args.usesPrivateCa()
                ? Output.tuple(endpoint.id(), env.region(), pki.crlS3Uri())
                        .applyValue(t -> t.t3.map(uri -> RevocationList.importFromPrivateCaCommand(t.t1, t.t2, uri)).orElse(null))
                : Output.tuple(endpoint.id(), env.region()).applyValue(t -> RevocationList.importCommand(t.t1, t.t2));
        this.connectHandlerArn = handler.arn();
        this.connectionLogGroupName = connectionLogs.name();
        Output<String> crlFile = args.usesPrivateCa() ? Output.of("") : pki.revocationListPem();
        this.renderedFiles = Output.tuple(remote, pki.caCertPem(), vaultUrl, crlFile).applyValue(t -> {
            var files = new TreeMap<String, String>();
            files.put("vpn/" + sampleEngineer + ".sample.ovpn", new OvpnProfile(sampleEngineer, t.t1, VPN_PORT, PROTOCOL,
                    args.serverName(), t.t2, null, null, t.t3.isEmpty() ? null : t.t3).render());
            files.put("vpn/connect-handler/" + ConnectHandler.FILE, handlerSource);
            if (!args.usesPrivateCa()) {
                files.put("vpn/crl.pem", t.t4);
            }
            return Map.copyOf(files);
        });
        registerOutputs(Map.ofEntries(Map.entry("endpointId", endpointId), Map.entry("dnsName", dnsName),
                Map.entry("securityGroupId", securityGroupId), Map.entry("clientCidrBlock", clientCidrBlock),
                Map.entry("caCertPem", caCertPem), Map.entry("clientConfigs", clientConfigs),
                Map.entry("clientCertificateSerials", clientCertificateSerials),
                Map.entry("revocationListPem", revocationListPem),
                Map.entry("revocationListImportCommand", revocationListImportCommand),
                Map.entry("connectHandlerArn", connectHandlerArn),
                Map.entry("connectionLogGroupName", connectionLogGroupName), Map.entry("renderedFiles", renderedFiles)));
    }

    /**
     * The VPN's certificates. With the own CA, {@code revocationListPem} is its CRL and {@code crlS3Uri} empty; with a
     * private CA, {@code revocationListPem} is absent and {@code crlS3Uri} says where the CA publishes its CRL, if it does.
     */
    private record Pki(Output<String> serverCertificateArn, Output<String> clientChainArn, Output<String> caCertPem,
                       Map<String, Output<String>> clientCertPems, Map<String, Output<String>> generatedKeys,
                       Output<String> revocationListPem, Output<Optional<String>> crlS3Uri) {
    }

    /** A CA of its own (keys in state), a server certificate and a client-chain certificate imported into ACM. */
    private static Pki ownPki(String name, ClientVpnArgs args, VpnKeyType keyType, Map<String, String> tags, CustomResourceOptions child) {
        var caKey = key(name + "-ca", keyType, child);
        var ca = new SelfSignedCert(name + "-ca", SelfSignedCertArgs.builder()
                .privateKeyPem(caKey.privateKeyPem())
                .subject(SelfSignedCertSubjectArgs.builder().commonName(name + " Client VPN CA").organization("private-vault").build())
                .isCaCertificate(true)
                .setSubjectKeyId(true)
                .validityPeriodHours(args.caValidityHours())
                .earlyRenewalHours(args.caEarlyRenewalHours())
                .allowedUses("cert_signing", "crl_signing", "digital_signature")
                .build(), child);
        var serverKey = key(name + "-server", keyType, child);
        var serverCert = sign(name + "-server", request(name + "-server", serverKey, args.serverName(), List.of(args.serverName()), child),
                caKey, ca, args.serverValidityHours(), args.serverEarlyRenewalHours(), SERVER_USES, child);
        // Client VPN trusts the CA chain of the certificate named by rootCertificateChainArn.
        String chainName = "clients." + args.serverName();
        var chainKey = key(name + "-client-chain", keyType, child);
        var chainCert = sign(name + "-client-chain", request(name + "-client-chain", chainKey, chainName, List.of(chainName), child),
                caKey, ca, args.serverValidityHours(), args.serverEarlyRenewalHours(), CLIENT_USES, child);
        var serverAcm = imported(name + "-server", serverCert, serverKey, ca, tags, child);
        var chainAcm = imported(name + "-client-chain", chainCert, chainKey, ca, tags, child);

        // Engineers: CSR mode signs their request (their key never enters state); generated mode makes a key.
        var certs = new LinkedHashMap<String, Output<String>>();
        var keys = new LinkedHashMap<String, Output<String>>();
        for (var engineer : args.engineers()) {
            String resourceName = engineerResource(name, engineer);
            Output<String> csrPem;
            if (engineer.generated()) {
                var engineerKey = key(resourceName, keyType, child);
                keys.put(engineer.name(), engineerKey.privateKeyPem().asSecret());
                csrPem = request(resourceName, engineerKey, engineer.name(), List.of(), child);
            } else {
                csrPem = Output.of(engineer.csrPem());
            }
            certs.put(engineer.name(), sign(resourceName, csrPem, caKey, ca, args.clientValidityHours(),
                    args.clientEarlyRenewalHours(), CLIENT_USES, child).certPem());
        }
        var revokedSerials = args.revoked().stream().flatMap(r -> r.serialNumbers().stream()).toList();
        // Derived from the CA key, so the engine marks it secret; a CRL is public by design.
        Output<String> crl = Output.tuple(ca.certPem(), caKey.privateKeyPem())
                .applyValue(t -> RevocationList.generate(t.t1, t.t2, revokedSerials)).asPlaintext();
        return new Pki(serverAcm.arn(), chainAcm.arn(), ca.certPem(), certs, keys, crl, Output.of(Optional.empty()));
    }

    /**
     * An AWS Private CA issues everything; no key of a CA or of the server is in state. The server certificate is
     * requested through ACM (its key stays in ACM, which renews it while the endpoint uses it); the client chain is the
     * same ACM certificate, since Client VPN accepts the server certificate's ARN as client certificate ARN when both
     * come from one CA. Engineers' certificates are issued from their CSRs (generated engineers are refused).
     */
    private static Pki privateCaPki(String name, ClientVpnArgs args, Map<String, String> tags, Resource parent,
                                    CustomResourceOptions child) {
        var ca = PrivateCa.of(args.certificateAuthorityArn(), parent);
        var server = new Certificate(name + "-server", CertificateArgs.builder()
                .domainName(args.serverName())
                .certificateAuthorityArn(args.certificateAuthorityArn())
                // Client VPN takes RSA 1024 and 2048 only; ACM's private certificates default to RSA 2048, made explicit.
                .keyAlgorithm("RSA_2048")
                .tags(tags)
                .build(), child);
        int days = args.clientValidityHours() / 24;
        var certs = new LinkedHashMap<String, Output<String>>();
        for (var engineer : args.engineers()) {
            certs.put(engineer.name(), ca.issue(engineerResource(name, engineer), Output.of(engineer.csrPem()), days,
                    PrivateCa.Template.CLIENT, child).certificate());
        }
        return new Pki(server.arn(), server.arn(), ca.bundlePem(), certs, Map.of(), Output.ofNullable(null), ca.crlS3Uri());
    }

    /** "-engineer-" keeps engineer names (e.g. "server") from colliding with the component's own resources. */
    private static String engineerResource(String name, ClientVpnArgs.EngineerArgs engineer) {
        return name + "-engineer-" + engineer.name();
    }

    /** A certificate of the component's own CA imported into ACM, where Client VPN reads it. */
    private static Certificate imported(String resourceName, LocallySignedCert cert, PrivateKey key, SelfSignedCert ca,
                                        Map<String, String> tags, CustomResourceOptions child) {
        return new Certificate(resourceName, CertificateArgs.builder()
                .certificateBody(cert.certPem())
                .privateKey(key.privateKeyPem().asSecret())
                .certificateChain(ca.certPem())
                .tags(tags)
                .build(), child);
    }

    private static PrivateKey key(String resourceName, VpnKeyType keyType, CustomResourceOptions child) {
        return new PrivateKey(resourceName, PrivateKeyArgs.builder()
                .algorithm(keyType.algorithm()).rsaBits(keyType.bits()).build(), child);
    }

    private static Output<String> request(String resourceName, PrivateKey key, String commonName, List<String> dnsNames,
                                          CustomResourceOptions child) {
        var builder = CertRequestArgs.builder()
                .privateKeyPem(key.privateKeyPem())
                .subject(CertRequestSubjectArgs.builder().commonName(commonName).organization("private-vault").build());
        if (!dnsNames.isEmpty()) {
            builder.dnsNames(dnsNames);
        }
        return new CertRequest(resourceName, builder.build(), child).certRequestPem();
    }

    private static LocallySignedCert sign(String resourceName, Output<String> csrPem, PrivateKey caKey, SelfSignedCert ca,
                                          int validityHours, int earlyRenewalHours, List<String> uses, CustomResourceOptions child) {
        return new LocallySignedCert(resourceName, LocallySignedCertArgs.builder()
                .certRequestPem(csrPem)
                .caPrivateKeyPem(caKey.privateKeyPem())
                .caCertPem(ca.certPem())
                .validityPeriodHours(validityHours)
                .earlyRenewalHours(earlyRenewalHours)
                .allowedUses(uses)
                .setSubjectKeyId(true)
                .build(), child);
    }

    private static Output<Map<String, String>> entries(List<Output<Map.Entry<String, String>>> entries) {
        if (entries.isEmpty()) {
            return Output.of(Map.of());
        }
        return Output.all(entries).applyValue(list -> {
            var map = new TreeMap<String, String>();
            list.forEach(e -> map.put(e.getKey(), e.getValue()));
            return Map.copyOf(map);
        });
    }
}
