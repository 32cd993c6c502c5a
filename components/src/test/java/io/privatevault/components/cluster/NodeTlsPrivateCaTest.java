package io.privatevault.components.cluster;

import com.google.gson.JsonParser;
import io.privatevault.components.VaultRaftCluster;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.PrivateCaMocks;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.components.vpn.Pem;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Nodes whose certificate an existing AWS Private CA issues: on EC2 and on Kubernetes, no CA key in state. */
public class NodeTlsPrivateCaTest {
    public static final String CA = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/99999999-8888-7777-6666-555555555555";

    public static MockRun.Result run(String stack, VaultRaftClusterArgs.Builder args) {
        // Real tls material: the private CA signs the node's actual CSR.
        var mocks = new AwsMocks(ClusterFixture.REGION, ClusterFixture.ACCOUNT).privateCa(CA, new PrivateCaMocks.Authority("EC_prime256v1", null));
        return MockRun.of("test", stack, mocks).run(ctx -> {
            var cluster = new VaultRaftCluster("vault", args.build(), null);
            ctx.export("caCertPem", cluster.caCertPem);
        });
    }

    /** The node certificate: issued by the CA from the node's CSR, with the CA's key out of state. */
    public static String assertIssuedByTheCa(MockRun.Result result) throws Exception {
        assertFalse(result.failed(), result.errors().toString());
        assertEquals(List.of("vault-node"), result.ofType("tls:index/privateKey:PrivateKey").stream().map(RecordedResource::name).toList(),
                "the node key is the only key: no CA key in state");
        assertEquals(List.of(), result.ofType("tls:index/selfSignedCert:SelfSignedCert"));
        assertEquals(List.of(), result.ofType("tls:index/locallySignedCert:LocallySignedCert"));
        var csr = result.one("tls:index/certRequest:CertRequest");
        var issued = result.one("aws:acmpca/certificate:Certificate");
        assertEquals(CA, issued.input("certificateAuthorityArn"));
        assertTrue(((String) issued.input("certificateSigningRequest")).contains("BEGIN CERTIFICATE REQUEST"));
        assertTrue(issued.dependencies().contains(csr.urn()), "issued from the node's CSR");
        // 8760 h = 365 days: IssueCertificate's validity has no hours unit.
        assertEquals(Map.of("type", "DAYS", "value", "365"), issued.input("validity"));
        // "The specified signing algorithm family (RSA or ECDSA) must match the algorithm family of the CA's secret key."
        assertEquals("SHA256WITHECDSA", issued.input("signingAlgorithm"), "a P-256 CA signs with ECDSA and SHA-256");
        String caPem = (String) result.outputs().get("caCertPem");
        var ca = Pem.certificate(caPem);
        assertTrue(ca.getSubject().toString().contains("Private CA 99999999"), ca.getSubject().toString());
        return caPem;
    }

    @Test
    void ec2NodesGetTheCasCertificateThroughTheirSecret() throws Exception {
        var result = run("dev", ClusterFixture.args().certificateAuthorityArn(CA));
        String caPem = assertIssuedByTheCa(result);
        var version = result.one("aws:secretsmanager/secretVersion:SecretVersion");
        var bundle = JsonParser.parseString((String) version.input("secretString")).getAsJsonObject();
        assertEquals(caPem, bundle.get("ca_pem").getAsString());
        String served = bundle.get("cert_pem").getAsString();
        assertEquals(2, served.split("-----BEGIN CERTIFICATE-----", -1).length - 1, "the node certificate, then the CA's chain");
        assertTrue(served.strip().endsWith(caPem.strip()), "served with the chain the CA returned");
        var node = Pem.certificate(served);
        assertTrue(node.isSignatureValid(new JcaContentVerifierProviderBuilder().build(Pem.certificate(caPem))));
        var names = Arrays.stream(GeneralNames.fromExtensions(node.getExtensions(), Extension.subjectAlternativeName).getNames())
                .filter(n -> n.getTagNo() == GeneralName.dNSName).map(n -> n.getName().toString()).toList();
        assertEquals(List.of("vault.tooling.internal", "localhost"), names, "the template copies the CSR's names");
        // EndEntityCertificate/V1: server auth for clients, client auth for Raft joins to the peers.
        assertEquals("arn:aws:acm-pca:::template/EndEntityCertificate/V1", result.one("aws:acmpca/certificate:Certificate").input("templateArn"));
        var uses = org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(node.getExtensions());
        assertTrue(uses.hasKeyPurposeId(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth)
                && uses.hasKeyPurposeId(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth));
        assertTrue(bundle.get("key_pem").getAsString().contains("PRIVATE KEY"));
    }

    @Test
    void refusesABadArnPartialDaysAndTheOwnCasSettings() {
        var arn = assertThrows(InvalidSettingException.class,
                () -> ClusterFixture.args().certificateAuthorityArn("arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x").build());
        assertTrue(arn.getMessage().contains("VaultRaftClusterArgs.certificateAuthorityArn must be an AWS Private CA ARN"), arn.getMessage());
        var hours = assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().certificateAuthorityArn(CA).certValidityHours(8770).build());
        assertTrue(hours.getMessage().contains("VaultRaftClusterArgs.certValidityHours must be whole days"), hours.getMessage());
        var early = assertThrows(InvalidSettingException.class, () -> ClusterFixture.args().certificateAuthorityArn(CA).certEarlyRenewalHours(720).build());
        assertTrue(early.getMessage().contains("VaultRaftClusterArgs.certEarlyRenewalHours must be absent"), early.getMessage());
    }
}
