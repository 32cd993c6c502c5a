package io.privatevault.components;

import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.Problems;

/**
 * A destination Vault itself calls, besides AWS's endpoints and its peers: an application cluster's Kubernetes API
 * (TokenReview for Kubernetes auth), a PostgreSQL server (database secrets engine), an OIDC provider (discovery and
 * keys), a proxy to IAM/STS (AWS secrets engine). Each becomes one TCP egress rule on the nodes.
 */
public final class VaultEgressArgs extends ResourceArgs {
    /** Required. What is called, one lower-case DNS label, e.g. {@code apps-kubernetes-api}; names the rule. */
    @Import(name = "name", required = true)
    private String name;

    /** Required. Its addresses, an IPv4 CIDR block (never {@code 0.0.0.0/0}), e.g. {@code 10.60.0.0/16}. */
    @Import(name = "cidr", required = true)
    private String cidr;

    /** Required. Its TCP port, e.g. 443 (Kubernetes API, OIDC) or 5432 (PostgreSQL). */
    @Import(name = "port", required = true)
    private Integer port;

    private VaultEgressArgs() {
    }

    public static VaultEgressArgs of(String name, String cidr, int port) {
        var e = new VaultEgressArgs();
        e.name = name;
        e.cidr = cidr;
        e.port = port;
        return e;
    }

    public String name() { return name; }
    public String cidr() { return cidr; }
    public int port() { return port; }

    void validate(Problems p) {
        p.dnsLabel("name", name);
        if (p.cidr("cidr", cidr) != null) {
            p.require(!cidr.endsWith("/0"), "cidr", cidr, "the integration's own addresses, never the whole internet (0.0.0.0/0)");
        }
        p.between("port", port, 1, 65535);
    }
}
