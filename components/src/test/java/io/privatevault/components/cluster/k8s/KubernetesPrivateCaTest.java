package io.privatevault.components.cluster.k8s;

import io.privatevault.components.cluster.NodeTlsPrivateCaTest;
import io.privatevault.components.vpn.Pem;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.privatevault.components.cluster.NodeTlsPrivateCaTest.CA;
import static org.junit.jupiter.api.Assertions.*;

/** On Kubernetes too, an existing AWS Private CA issues the node certificate and no CA key is in state. */
class KubernetesPrivateCaTest {
    @Test
    void kubernetesNodesGetItThroughTheirTlsSecret() throws Exception {
        var result = NodeTlsPrivateCaTest.run("k8s", K8sFixture.args().certificateAuthorityArn(CA));
        String caPem = NodeTlsPrivateCaTest.assertIssuedByTheCa(result);
        var secret = result.ofType("kubernetes:core/v1:Secret").stream().filter(s -> "kubernetes.io/tls".equals(s.input("type")))
                .findFirst().orElseThrow();
        assertEquals(caPem, ((Map<?, ?>) secret.input("stringData")).get("ca.crt"));
        var node = Pem.certificate((String) ((Map<?, ?>) secret.input("stringData")).get("tls.crt"));
        assertTrue(node.isSignatureValid(new JcaContentVerifierProviderBuilder().build(Pem.certificate(caPem))));
    }

}
