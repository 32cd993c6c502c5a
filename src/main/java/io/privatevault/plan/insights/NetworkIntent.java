package io.privatevault.plan.insights;

import java.util.List;
import java.util.Objects;

/**
 * The flows a platform stack declares in its settings, which {@link Reachability} holds the recorded network to.
 *
 * @param vpcCidr            Vault's VPC ({@code vpcCidr}; the adopted VPC's range on Kubernetes)
 * @param vaultName          the name clients resolve ({@code vault.<zone>})
 * @param attachedVpcs       {@code attachedVpcs}: their clients call Vault through a route and the private zone
 * @param allowedClientCidrs {@code allowedClientCidrs}: clients reaching the VPC through a network outside the stack
 * @param vpnClientCidr      {@code vpnClientCidr}, empty when the Client VPN is off
 * @param awsServices        the services the nodes call (interface endpoint names, {@code s3} for the gateway)
 * @param existingEndpoints  {@code existingVpcEndpoints}: endpoints the adopted VPC already has (outside the stack)
 * @param integrations       {@code vaultIntegrationEgress}
 * @param internetDownload   the nodes download Vault from the internet through NAT (the one reason for 443 to anywhere)
 */
public record NetworkIntent(String vpcCidr, String vaultName, List<AttachedVpc> attachedVpcs, List<String> allowedClientCidrs,
                            String vpnClientCidr, List<String> awsServices, List<String> existingEndpoints,
                            List<Integration> integrations, boolean internetDownload) {
    /** No platform settings: a configuration stack or a hand-built context; nothing is declared, nothing judged. */
    public static final NetworkIntent NONE = new NetworkIntent("", "", List.of(), List.of(), "", List.of(), List.of(), List.of(), false);

    /** @param vpcId empty when only a transit gateway route is declared (then the zone association is outside the stack) */
    public record AttachedVpc(String name, String cidr, String vpcId) {
    }

    public record Integration(String name, String cidr, int port) {
    }

    public NetworkIntent {
        Objects.requireNonNull(vpcCidr, "vpcCidr");
        Objects.requireNonNull(vaultName, "vaultName");
        Objects.requireNonNull(vpnClientCidr, "vpnClientCidr");
        attachedVpcs = List.copyOf(attachedVpcs);
        allowedClientCidrs = List.copyOf(allowedClientCidrs);
        awsServices = List.copyOf(awsServices);
        existingEndpoints = List.copyOf(existingEndpoints);
        integrations = List.copyOf(integrations);
    }

    public boolean declared() {
        return !vpcCidr.isEmpty();
    }
}
