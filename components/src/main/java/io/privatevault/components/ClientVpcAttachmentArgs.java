package io.privatevault.components;

import com.pulumi.core.annotations.Import;
import io.privatevault.components.network.NetworkLimits;
import io.privatevault.components.support.Problems;
import io.privatevault.components.support.Cidr;

/**
 * One client network that must reach Vault, for {@link PrivateVaultNetworkArgs#attachments()}: its CIDR and how
 * it is connected, either a VPC peering to {@code peerVpcId} or an existing transit gateway. Vault's route tables
 * get a route to {@code cidr}; the client side adds its own return route (it is another team's network).
 *
 * <p>A plain nested input type (not {@code ResourceArgs}) so the multi-language host can infer it.
 */
public final class ClientVpcAttachmentArgs {
    /** Required. Short name, used in child resource names: lower-case letters, digits and '-'. */
    @Import(name = "name", required = true)
    private String name;

    /** Required. The client network's CIDR; must not overlap the Vault VPC or another attachment. */
    @Import(name = "cidr", required = true)
    private String cidr;

    /** The client VPC to peer with ({@code vpc-...}). Exactly one of this and {@code transitGatewayId}. */
    @Import(name = "peerVpcId")
    private String peerVpcId;

    /**
     * Account that owns {@code peerVpcId}. Default: this account. When set (or when {@code peerRegion} is set) the
     * peering is only requested: the owner accepts it with {@code aws.ec2.VpcPeeringConnectionAccepter}.
     */
    @Import(name = "peerAccountId")
    private String peerAccountId;

    /** Region of {@code peerVpcId}. Default: this region (then the peering is accepted at once). */
    @Import(name = "peerRegion")
    private String peerRegion;

    /**
     * An existing transit gateway ({@code tgw-...}), shared with this account if it lives in another one. Vault's
     * private subnets are attached to it once, however many attachments name it.
     */
    @Import(name = "transitGatewayId")
    private String transitGatewayId;

    private ClientVpcAttachmentArgs() {
    }

    public String name() {
        return name;
    }

    public String cidr() {
        return cidr;
    }

    public String peerVpcId() {
        return peerVpcId;
    }

    public String peerAccountId() {
        return peerAccountId;
    }

    public String peerRegion() {
        return peerRegion;
    }

    public String transitGatewayId() {
        return transitGatewayId;
    }

    public boolean isPeering() {
        return peerVpcId != null;
    }

    /** Peering inside this account and region can be accepted by the requester itself. */
    public boolean acceptsItself() {
        return peerAccountId == null && peerRegion == null;
    }

    /**
     * Checks this entry, recording problems under {@code p} (its path, e.g. {@code PrivateVaultNetworkArgs.attachments[0]});
     * returns its CIDR, or null when that is not valid.
     */
    Cidr validate(Problems p) {
        p.safeName("name", name);
        Cidr parsed = p.cidr("cidr", cidr);
        p.require((peerVpcId == null) != (transitGatewayId == null), "peerVpcId",
                peerVpcId == null ? null : peerVpcId + " and " + transitGatewayId,
                "exactly one of a peer VPC id (peerVpcId) and a transit gateway id (transitGatewayId)");
        if (peerVpcId != null) {
            p.require(peerVpcId.matches("vpc-[0-9a-f]{8,17}"), "peerVpcId", peerVpcId, "a VPC id such as vpc-0a1b2c3d4e5f67890");
        }
        if (transitGatewayId != null) {
            p.require(transitGatewayId.matches("tgw-[0-9a-f]{8,17}"), "transitGatewayId", transitGatewayId,
                    "a transit gateway id such as tgw-0a1b2c3d4e5f67890");
            p.require(peerAccountId == null, "peerAccountId", peerAccountId, "unset for a transit gateway attachment (it describes a peer VPC)");
            p.require(peerRegion == null, "peerRegion", peerRegion, "unset for a transit gateway attachment (it describes a peer VPC)");
        }
        if (peerAccountId != null) {
            p.require(peerAccountId.matches("\\d{12}"), "peerAccountId", peerAccountId, "a 12-digit AWS account id");
        }
        if (peerRegion != null) {
            p.require(NetworkLimits.isRegion(peerRegion), "peerRegion", peerRegion, "an AWS region such as eu-west-1");
        }
        return parsed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final ClientVpcAttachmentArgs args = new ClientVpcAttachmentArgs();

        public Builder name(String value) {
            args.name = value;
            return this;
        }

        public Builder cidr(String value) {
            args.cidr = value;
            return this;
        }

        public Builder peerVpcId(String value) {
            args.peerVpcId = value;
            return this;
        }

        public Builder peerAccountId(String value) {
            args.peerAccountId = value;
            return this;
        }

        public Builder peerRegion(String value) {
            args.peerRegion = value;
            return this;
        }

        public Builder transitGatewayId(String value) {
            args.transitGatewayId = value;
            return this;
        }

        /** Checked as part of {@link PrivateVaultNetworkArgs}, which knows the VPC CIDR and the other entries. */
        public ClientVpcAttachmentArgs build() {
            return args;
        }
    }
}
