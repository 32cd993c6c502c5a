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
import io.privatevault.components.support.PrivateCa;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The node certificate and the CA that signs it. By default the cluster's own CA (tls provider), whose key exists only
 * in Pulumi state, as a secret; with {@code certificateAuthorityArn}, an existing AWS Private CA issues the node
 * certificate from the node's CSR and no CA key exists in state. Either way the node key is made here and nodes receive
 * the CA certificate, their certificate and their key.
 *
 * @param caCertPem   CA certificate (public), followed by its chain up to the root for a subordinate private CA
 * @param nodeCertPem node certificate (with a private CA, followed by the CA's chain)
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
        var nodeKey = new PrivateKey(name + "-node", PrivateKeyArgs.builder().algorithm("ECDSA").ecdsaCurve("P256").build(), child);
        var request = new CertRequest(name + "-node", CertRequestArgs.builder()
                .privateKeyPem(nodeKey.privateKeyPem())
                .subject(CertRequestSubjectArgs.builder().commonName(args.vaultFqdn()).organization("private-vault").build())
                .dnsNames(List.copyOf(names))
                .ipAddresses(List.of("127.0.0.1"))
                .build(), child);
        if (args.certificateAuthorityArn() != null) {
            // The CA's default end-entity template carries the CSR's names and grants server and client auth.
            var ca = PrivateCa.of(args.certificateAuthorityArn(), child.getParent().orElseThrow());
            var cert = ca.issue(name + "-node", request.certRequestPem(), args.certValidityHours() / 24,
                    PrivateCa.Template.SERVER_AND_CLIENT, child);
            // Served with the CA's chain, so a client that trusts only the root of a subordinate CA verifies it too.
            Output<String> served = Output.tuple(cert.certificate(), cert.certificateChain())
                    .applyValue(t -> t.t1.strip() + "\n" + t.t2.strip() + "\n");
            return new NodeTls(ca.bundlePem(), served, nodeKey.privateKeyPem().asSecret());
        }
        var caKey = new PrivateKey(name + "-ca", PrivateKeyArgs.builder().algorithm("ECDSA").ecdsaCurve("P384").build(), child);
        var ca = new SelfSignedCert(name + "-ca", SelfSignedCertArgs.builder()
                .privateKeyPem(caKey.privateKeyPem())
                .isCaCertificate(true)
                .subject(SelfSignedCertSubjectArgs.builder().commonName(cluster + " Vault CA").organization("private-vault").build())
                .validityPeriodHours(args.caValidityHours())
                .allowedUses(CA_USES)
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
