package io.privatevault.components.cluster;

import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.VaultRaftClusterArgs;
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

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The cluster's private CA and the node certificate it signs (tls provider). The CA key exists only in
 * Pulumi state, as a secret; nodes receive the CA certificate, their certificate and their key.
 *
 * @param caCertPem   CA certificate (public)
 * @param nodeCertPem node certificate
 * @param nodeKeyPem  node private key (secret)
 */
public record NodeTls(Output<String> caCertPem, Output<String> nodeCertPem, Output<String> nodeKeyPem) {
    /** Server and client auth: nodes are servers to clients and clients of each other in Raft joins. */
    public static final List<String> NODE_USES = List.of("digital_signature", "key_encipherment", "server_auth", "client_auth");
    public static final List<String> CA_USES = List.of("cert_signing", "crl_signing");

    /** DNS names on the node certificate: the service name, the other names clients use, the Raft join name and localhost. */
    public static List<String> dnsNames(VaultRaftClusterArgs args) {
        var names = new LinkedHashSet<String>();
        names.add(args.vaultFqdn());
        names.addAll(args.additionalDnsNames());
        names.add(args.leaderTlsServerName());
        names.add("localhost");
        return List.copyOf(names);
    }

    public static NodeTls create(String name, String cluster, VaultRaftClusterArgs args, CustomResourceOptions child) {
        return create(name, cluster, args, List.of(), child);
    }

    /** With {@code extraDnsNames} on the node certificate (e.g. in-cluster service names on Kubernetes). */
    public static NodeTls create(String name, String cluster, VaultRaftClusterArgs args, List<String> extraDnsNames,
                                 CustomResourceOptions child) {
        var names = new LinkedHashSet<>(dnsNames(args));
        names.addAll(extraDnsNames);
        var caKey = new PrivateKey(name + "-ca", PrivateKeyArgs.builder().algorithm("ECDSA").ecdsaCurve("P384").build(), child);
        var ca = new SelfSignedCert(name + "-ca", SelfSignedCertArgs.builder()
                .privateKeyPem(caKey.privateKeyPem())
                .isCaCertificate(true)
                .subject(SelfSignedCertSubjectArgs.builder().commonName(cluster + " Vault CA").organization("private-vault").build())
                .validityPeriodHours(args.caValidityHours())
                .allowedUses(CA_USES)
                .build(), child);
        var nodeKey = new PrivateKey(name + "-node", PrivateKeyArgs.builder().algorithm("ECDSA").ecdsaCurve("P256").build(), child);
        var request = new CertRequest(name + "-node", CertRequestArgs.builder()
                .privateKeyPem(nodeKey.privateKeyPem())
                .subject(CertRequestSubjectArgs.builder().commonName(args.vaultFqdn()).organization("private-vault").build())
                .dnsNames(List.copyOf(names))
                .ipAddresses(List.of("127.0.0.1"))
                .build(), child);
        var cert = new LocallySignedCert(name + "-node", LocallySignedCertArgs.builder()
                .certRequestPem(request.certRequestPem())
                .caPrivateKeyPem(caKey.privateKeyPem())
                .caCertPem(ca.certPem())
                .validityPeriodHours(args.certValidityHours())
                .earlyRenewalHours(args.certEarlyRenewalHours())
                .allowedUses(NODE_USES)
                .build(), child);
        return new NodeTls(ca.certPem(), cert.certPem(), nodeKey.privateKeyPem().asSecret());
    }
}
