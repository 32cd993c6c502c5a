package com.example.vault;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.outputs.GetCallerIdentityResult;
import io.privatevault.components.BackupBucket;
import io.privatevault.components.BackupBucketArgs;
import io.privatevault.components.ClientVpn;
import io.privatevault.components.ClientVpnArgs;
import io.privatevault.components.InternalNlb;
import io.privatevault.components.InternalNlbArgs;
import io.privatevault.components.KmsSeal;
import io.privatevault.components.KmsSealArgs;
import io.privatevault.components.PrivateDnsZone;
import io.privatevault.components.PrivateDnsZoneArgs;
import io.privatevault.components.PrivateVaultNetwork;
import io.privatevault.components.PrivateVaultNetworkArgs;
import io.privatevault.components.VaultRaftCluster;
import io.privatevault.components.VaultRaftClusterArgs;

import java.util.List;

/**
 * A Vault platform from the private-vault components: keys, a private network, snapshot bucket, internal NLB, private
 * zone, a three-node Raft cluster and Client VPN for engineers. {@code pulumi up} deploys it as written (with
 * {@code aws:region} and {@code provisionerRoleArn} set); the README's "Components" snippet is taken from here.
 * Vault's own configuration ({@code VaultBaseline}) runs in a second stack, from where Vault is reachable: see the
 * library's vaultconfig/README.md.
 */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    public static void stack(Context ctx) {
        String region = ctx.config("aws").require("region");
        String provisionerRoleArn = ctx.config().require("provisionerRoleArn");
        String vaultArtifactUrl = ctx.config().get("vaultArtifactUrl").orElse("");
        String nodeRoleName = ctx.projectName() + "-" + ctx.stackName() + "-vault-node";

        // snippet:readme (README.md, Components, shows what lies between these markers)
        // Keys first: the seal key policy names the node role before the cluster creates it.
        var account = AwsFunctions.getCallerIdentity().applyValue(GetCallerIdentityResult::accountId);
        var kms = new KmsSeal("vault-kms", KmsSealArgs.builder()
                .sealPrincipalArns(account.applyValue(id -> List.of("arn:aws:iam::" + id + ":role/" + nodeRoleName)))
                .build(), null);

        // Without an artifact bucket the nodes download Vault from HashiCorp, through one NAT gateway.
        var networkArgs = PrivateVaultNetworkArgs.builder()
                .cidr("10.42.0.0/16")
                .availabilityZones(region + "a", region + "b", region + "c")
                .natGateways(vaultArtifactUrl.isEmpty() ? "single" : "none")
                .flowLogKmsKeyArn(kms.dataKeyArn)
                .build();
        var network = new PrivateVaultNetwork("vault-network", networkArgs, null);
        List<String> vaultSubnets = networkArgs.subnetPlan().privateSubnets().stream().map(Object::toString).toList();

        // Only the nodes write snapshots; nobody reads them until you name a restore role (readerPrincipalArns).
        var nodeRoleArn = account.applyValue(id -> "arn:aws:iam::" + id + ":role/" + nodeRoleName);
        var backups = new BackupBucket("vault-backups", BackupBucketArgs.builder().kmsKeyArn(kms.dataKeyArn)
                .writerPrincipalArns(nodeRoleArn.applyValue(List::of)).readerPrincipalArns(Output.of(List.of()))
                .build(), null);

        var nlb = new InternalNlb("vault-nlb", InternalNlbArgs.builder()
                .vpcId(network.vpcId).subnetIds(network.privateSubnetIds).targetCidr(network.cidr)
                .clientCidrs(List.of("10.60.0.0/16"))            // who may call Vault on 8200
                .build(), null);

        var dns = new PrivateDnsZone("vault-dns", PrivateDnsZoneArgs.builder()
                .zoneName("tooling.internal").vpcId(network.vpcId)
                .nlbDnsName(nlb.dnsName).nlbZoneId(nlb.zoneId)
                .build(), null);

        var clusterArgs = VaultRaftClusterArgs.builder()
                .vpcId(network.vpcId).subnetIds(network.privateSubnetIds).vpcCidr(network.cidr)
                .sealKeyArn(kms.keyArn).dataKeyArn(kms.dataKeyArn).ebsKmsKeyArn(kms.dataKeyArn)
                .backupBucketName(backups.bucketName).backupBucketArn(backups.bucketArn).snapshotPrefix(backups.snapshotPrefix)
                .nlbSecurityGroupId(nlb.securityGroupId).targetGroupArn(nlb.targetGroupArn).loadBalancerArn(nlb.loadBalancerArn)
                .dnsZoneName("tooling.internal")
                .nodeRoleName(nodeRoleName).nodeCount(3)
                .bootDependencies(network.egressIds)              // no node boots before the endpoints and routes it calls
                .provisionerRoleArn(provisionerRoleArn)          // who configures Vault (VaultBaseline)
                .vaultVersion("2.1.2").vaultSha256("873bbdac35ca4b0c3e2886c41991ca1272fc452826208d5499f32d12cd2e76e1");
        if (vaultArtifactUrl.isEmpty()) {                       // the zip from releases.hashicorp.com, through NAT
            clusterArgs.internetEgress(true);
        } else {                                                // no internet route: the zip from S3, through the gateway endpoint
            clusterArgs.vaultDownloadUrl(vaultArtifactUrl).s3PrefixListId(network.s3PrefixListId);
        }
        var cluster = new VaultRaftCluster("vault-cluster", clusterArgs.build(), null);

        var vpn = new ClientVpn("vault-vpn", ClientVpnArgs.builder()
                .vpcId(network.vpcId).vpcCidr(network.cidr).subnetIds(network.privateSubnetIds)
                .resolverAddress(network.resolverAddress).nlbSecurityGroupId(nlb.securityGroupId)
                .logKmsKeyArn(kms.dataKeyArn).authorizedCidrs(vaultSubnets)
                .clientCidr("10.250.0.0/22").serverName("vpn.tooling.internal").vaultFqdn(dns.vaultFqdn)
                .engineers(ClientVpnArgs.EngineerArgs.generated("alice")) // EngineerArgs.csr(name, pem) keeps the key out of state
                .build(), null);
        // end-snippet

        ctx.export("vaultAddress", cluster.vaultAddress);
        ctx.export("vaultCaCertPem", cluster.caCertPem);
        ctx.export("recoverySecretArn", cluster.recoverySecretArn);
        ctx.export("vpnClientConfigs", vpn.clientConfigs);
    }
}
