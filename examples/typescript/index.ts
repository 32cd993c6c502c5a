// The Vault platform of examples/java in TypeScript. The test suite type-checks this file with tsc against
// declarations generated from the package schema the provider serves (ExamplesAgainstSchemaTest).
// snippet:readme (README.md, Using the components from other programs)
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as privateVault from "@pulumi/private-vault";

const config = new pulumi.Config();
const provisionerRoleArn = config.require("provisionerRoleArn");
const region = new pulumi.Config("aws").require("region");
// Named before the cluster exists: the seal key policy must admit the node role the cluster creates.
const nodeRoleName = `${pulumi.getProject()}-${pulumi.getStack()}-vault-node`;

const accountId = aws.getCallerIdentityOutput().accountId;
const kms = new privateVault.KmsSeal("kms", {
    sealPrincipalArns: [pulumi.interpolate`arn:aws:iam::${accountId}:role/${nodeRoleName}`],
});

// One NAT gateway: the nodes download Vault from HashiCorp. AWS APIs go through the VPC endpoints.
const network = new privateVault.PrivateVaultNetwork("network", {
    cidr: "10.42.0.0/16",
    availabilityZones: [`${region}a`, `${region}b`, `${region}c`],
    natGateways: "single",
    flowLogKmsKeyArn: kms.dataKeyArn,
});

// end-snippet

// Only the nodes write snapshots; nobody reads them until you name a restore role (readerPrincipalArns).
const backups = new privateVault.BackupBucket("backups", {
    kmsKeyArn: kms.dataKeyArn,
    writerPrincipalArns: [pulumi.interpolate`arn:aws:iam::${accountId}:role/${nodeRoleName}`],
    readerPrincipalArns: [],
});

const nlb = new privateVault.InternalNlb("nlb", {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    targetCidr: network.cidr,
    clientCidrs: ["10.60.0.0/16"], // who may call Vault on 8200
});

const dns = new privateVault.PrivateDnsZone("dns", {
    zoneName: "tooling.internal",
    vpcId: network.vpcId,
    nlbDnsName: nlb.dnsName,
    nlbZoneId: nlb.zoneId,
});

const cluster = new privateVault.VaultRaftCluster("cluster", {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    vpcCidr: network.cidr,
    sealKeyArn: kms.keyArn,
    dataKeyArn: kms.dataKeyArn,
    ebsKmsKeyArn: kms.dataKeyArn,
    backupBucketName: backups.bucketName,
    backupBucketArn: backups.bucketArn,
    snapshotPrefix: backups.snapshotPrefix,
    nlbSecurityGroupId: nlb.securityGroupId,
    targetGroupArn: nlb.targetGroupArn,
    loadBalancerArn: nlb.loadBalancerArn,
    dnsZoneName: "tooling.internal",
    nodeRoleName: nodeRoleName,
    nodeCount: 3,
    internetEgress: true, // natGateways single: the nodes download Vault from releases.hashicorp.com
    bootDependencies: network.egressIds, // no node boots before the endpoints and routes it calls
    provisionerRoleArn: provisionerRoleArn, // who configures Vault (VaultBaseline, in a second stack)
    vaultVersion: "2.1.2",
    vaultSha256: "873bbdac35ca4b0c3e2886c41991ca1272fc452826208d5499f32d12cd2e76e1",
});

const vpn = new privateVault.ClientVpn("vpn", {
    vpcId: network.vpcId,
    vpcCidr: network.cidr,
    subnetIds: network.privateSubnetIds,
    resolverAddress: network.resolverAddress,
    nlbSecurityGroupId: nlb.securityGroupId,
    logKmsKeyArn: kms.dataKeyArn,
    // The private subnets PrivateVaultNetwork plans for 10.42.0.0/16 over three zones.
    authorizedCidrs: ["10.42.0.0/19", "10.42.32.0/19", "10.42.64.0/19"],
    clientCidr: "10.250.0.0/22",
    serverName: "vpn.tooling.internal",
    vaultFqdn: dns.vaultFqdn,
    // mode "csr" with csrPem keeps the person's key out of state (required in prod)
    engineers: [{ name: "alice", mode: "generated" }],
});

export const vaultAddress = cluster.vaultAddress;
export const vaultCaCertPem = cluster.caCertPem;
export const recoverySecretArn = cluster.recoverySecretArn;
export const vpnClientConfigs = vpn.clientConfigs;
