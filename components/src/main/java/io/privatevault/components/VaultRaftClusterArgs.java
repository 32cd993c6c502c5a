package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.cluster.RecoveryPgpKeys;
import io.privatevault.components.support.PhysicalNames;
import io.privatevault.components.support.PrivateCa;
import io.privatevault.components.support.Problems;

import java.util.List;
import java.util.Map;

/**
 * Inputs of {@link VaultRaftCluster}. Every field is optional unless marked required; a missing field takes
 * the default documented on it (also when the component is constructed from another Pulumi language).
 */
public final class VaultRaftClusterArgs extends ResourceArgs {
    /** Required. VPC of the nodes (PrivateVaultNetwork.vpcId). */
    @Import(name = "vpcId", required = true)
    private Output<String> vpcId;

    /** Required. Private subnets, one per availability zone, at least three (PrivateVaultNetwork.privateSubnetIds). */
    @Import(name = "subnetIds", required = true)
    private Output<List<String>> subnetIds;

    /** Required. VPC CIDR: nodes may reach the VPC's interface endpoints on 443 and nothing else in it. */
    @Import(name = "vpcCidr", required = true)
    private Output<String> vpcCidr;

    /**
     * Required. KMS key for {@code seal "awskms"} (KmsSeal.keyArn). Its key policy must grant the node role
     * ({@code nodeRoleName}) kms:Encrypt, kms:Decrypt and kms:DescribeKey by naming the role, as KmsSeal's does: this
     * component gives the role no IAM permission on the key, and a key-policy statement for the account principal
     * alone only enables IAM policies, so it would leave the nodes unable to unseal.
     */
    @Import(name = "sealKeyArn", required = true)
    private Output<String> sealKeyArn;

    /** Required. KMS key for secrets, snapshots, log groups and the alarm topic (KmsSeal.dataKeyArn). */
    @Import(name = "dataKeyArn", required = true)
    private Output<String> dataKeyArn;

    /** Required. Snapshot bucket (BackupBucket.bucketName). */
    @Import(name = "backupBucketName", required = true)
    private Output<String> backupBucketName;

    /** Required. Snapshot bucket ARN (BackupBucket.bucketArn). */
    @Import(name = "backupBucketArn", required = true)
    private Output<String> backupBucketArn;

    /** Key prefix for snapshots, ending in '/'. Default {@code raft/<clusterName>/}. */
    @Import(name = "snapshotPrefix")
    private Output<String> snapshotPrefix;

    /** Required. The InternalNlb's security group: the only security group that may reach 8200. */
    @Import(name = "nlbSecurityGroupId", required = true)
    private Output<String> nlbSecurityGroupId;

    /** Required. InternalNlb.targetGroupArn; the Auto Scaling group registers the nodes there. */
    @Import(name = "targetGroupArn", required = true)
    private Output<String> targetGroupArn;

    /** Required. InternalNlb.loadBalancerArn, for the healthy-target alarms. */
    @Import(name = "loadBalancerArn", required = true)
    private Output<String> loadBalancerArn;

    /** Required. Private DNS zone, e.g. {@code tooling.internal}; the certificate covers {@code <recordName>.<zone>}. */
    @Import(name = "dnsZoneName", required = true)
    private String dnsZoneName;

    /** Record of Vault in the zone (one DNS label), as PrivateDnsZone publishes it. Default {@code vault}. */
    @Import(name = "recordName")
    private String recordName;

    /** Required. Vault version to install, e.g. {@code 2.1.2}. Changing it rolls the cluster one node at a time. */
    @Import(name = "vaultVersion", required = true)
    private String vaultVersion;

    /** Required. SHA-256 of {@code vault_<version>_linux_<arch>.zip} (from HashiCorp's signed SHA256SUMS). */
    @Import(name = "vaultSha256", required = true)
    private String vaultSha256;

    /**
     * Where the release archive comes from: {@code https://releases.hashicorp.com/vault} (default; needs
     * {@code internetEgress}) or {@code s3://<bucket>/<prefix>} mirroring that layout
     * ({@code <version>/vault_<version>_linux_<arch>.zip}), for VPCs without internet egress (with
     * {@code s3PrefixListId}). The checksum is verified either way.
     */
    @Import(name = "vaultDownloadUrl")
    private String vaultDownloadUrl;

    /**
     * Ids of resources the nodes need while they boot and that are not otherwise inputs of this component, e.g.
     * PrivateVaultNetwork.egressIds (its VPC endpoints and NAT routes): the Auto Scaling group is created only after
     * every resource these ids come from, so no node boots before it can reach AWS. Default none.
     */
    @Import(name = "bootDependencies")
    private Output<List<String>> bootDependencies;

    /**
     * Whether the nodes' subnets route to the internet (a NAT gateway: PrivateVaultNetwork {@code natGateways} single
     * or perAz, or an adopted VPC's own). Default false, PrivateVaultNetwork's default: an https {@code vaultDownloadUrl}
     * (the default one included) is then refused on EC2, since the nodes could never fetch Vault.
     */
    @Import(name = "internetEgress")
    private Boolean internetEgress;

    /** S3 gateway endpoint prefix list: lets nodes reach S3 (snapshots, packages, artifacts) without NAT. Default none. */
    @Import(name = "s3PrefixListId")
    private Output<String> s3PrefixListId;

    /**
     * Vault cluster name, Raft auto-join tag value and name of the log groups and secrets. Default
     * {@code <project>-<stack>-<component name>} (at most 63 characters): log group names are unique per account and
     * region, and nodes join any instance carrying the same tag value, so the default differs in every stack.
     */
    @Import(name = "clusterName")
    private String clusterName;

    /**
     * Name of the node IAM role. Default: generated by Pulumi (unique per stack). Set it when the seal key's
     * policy must name the role before the cluster exists (KmsSeal takes the role ARN, the cluster takes the
     * key ARN): the ARN is then {@code arn:aws:iam::<account>:role/<nodeRoleName>}.
     */
    @Import(name = "nodeRoleName")
    private String nodeRoleName;

    /**
     * Required. The IAM role the configuration layer (VaultBaseline) runs as, e.g. the CI runner's role: the
     * initialising node binds it to the {@code provisioner} policy through AWS IAM auth (mount {@code aws-provisioner},
     * role {@code provisioner}) and then revokes the root token, so without it nothing could configure Vault. A role
     * ARN without a path: Vault matches it by name (see {@code resolve_aws_unique_ids} in cluster/README.md).
     */
    @Import(name = "provisionerRoleArn", required = true)
    private String provisionerRoleArn;

    /** Raft voters: odd, 3 to 7. Default 3 (tolerates one failure; prod uses 5 to tolerate two). */
    @Import(name = "nodeCount")
    private Integer nodeCount;

    /** EC2 instance type. Default {@code m7i.large} (2 vCPU, 8 GiB: HashiCorp's "small" cluster size). */
    @Import(name = "instanceType")
    private String instanceType;

    /** AMI id. Default: the latest Amazon Linux 2023 for the instance type's architecture, resolved at launch through SSM. */
    @Import(name = "amiId")
    private String amiId;

    /** Root volume GiB (OS only). Default 20. */
    @Import(name = "rootVolumeSizeGiB")
    private Integer rootVolumeSizeGiB;

    /** Raft data volume GiB. Default 100 (HashiCorp's small-cluster sizing). */
    @Import(name = "dataVolumeSizeGiB")
    private Integer dataVolumeSizeGiB;

    /** Raft data volume IOPS (gp3, 3000-16000). Default 3000 (gp3 baseline, HashiCorp's minimum). */
    @Import(name = "dataVolumeIops")
    private Integer dataVolumeIops;

    /**
     * Raft data volume throughput MiB/s (gp3, 125-1000, and at most 0.25 MiB/s per provisioned IOPS: "The maximum
     * ratio of provisioned throughput to provisioned IOPS is .25 MiB/s per IOPS", EBS User Guide, gp3). Default 125.
     */
    @Import(name = "dataVolumeThroughput")
    private Integer dataVolumeThroughput;

    /** Log volume GiB for the server and audit logs (a full audit disk blocks Vault, so it is separate). Default 50. */
    @Import(name = "auditVolumeSizeGiB")
    private Integer auditVolumeSizeGiB;

    /**
     * KMS key for the EBS volumes. Default: the account's aws/ebs key. A customer key's policy must let the Auto Scaling
     * service-linked role (EC2) or the EBS CSI driver's role (Kubernetes) use it, as KmsSeal's data key does.
     */
    @Import(name = "ebsKmsKeyArn")
    private Output<String> ebsKmsKeyArn;

    /** CIDRs that may reach nodes directly on 8200 (besides the NLB). Default none. */
    @Import(name = "clientCidrs")
    private List<String> clientCidrs;

    /**
     * Other DNS names clients use for Vault besides {@code <recordName>.<dnsZoneName>} (e.g. a CNAME in a corporate
     * zone): the node certificate covers them too, or TLS verification fails for those clients. Default none.
     */
    @Import(name = "additionalDnsNames")
    private List<String> additionalDnsNames;

    /**
     * What Vault calls besides AWS's endpoints and its peers (Kubernetes APIs for TokenReview, PostgreSQL, OIDC
     * providers, an IAM/STS proxy): one TCP egress rule each on the nodes (on Kubernetes, one egress rule of Vault's
     * NetworkPolicy). Default none: nodes reach only the VPC's endpoints on 443, S3 through the gateway endpoint and
     * each other, so every integration must be declared.
     */
    @Import(name = "integrationEgress")
    private List<VaultEgressArgs> integrationEgress;

    /**
     * Seconds after launch during which the Auto Scaling group ignores a failing EC2 status check (the group uses EC2
     * health: it replaces failed instances, never nodes that are merely sealed or leaderless). Default 600.
     */
    @Import(name = "healthCheckGracePeriodSeconds")
    private Integer healthCheckGracePeriodSeconds;

    /**
     * Break-glass roles that may read the recovery secret; its resource policy denies every other principal, whatever
     * its IAM policy. Their IAM policy needs {@code recoveryReaderPolicyJson}. Default none: nobody reads it until one
     * is named (the nodes only write it).
     */
    @Import(name = "breakGlassPrincipalArns")
    private Output<List<String>> breakGlassPrincipalArns;

    /**
     * SSM Session Manager shells on the nodes (EC2 only). Default false: a shell on a node is the TLS key and the seal
     * key's use. When on, the node role gets Session Manager's minimal permissions (not the managed
     * AmazonSSMManagedInstanceCore), sessions go through a session document that logs them to an encrypted log group,
     * and {@code sessionOperatorPolicyJson} is the IAM policy an operator needs (tag-scoped to this cluster's nodes).
     */
    @Import(name = "ssmSessions")
    private Boolean ssmSessions;

    /**
     * Break glass: lets {@code sys/generate-root} start without a Vault token ({@code enable_unauthenticated_access =
     * ["generate-root"]}). Since Vault 2.0 generating a root token needs "seal/recovery key fragments and a valid Vault
     * token" (Vault docs, "Important changes", 2.0.0): when every login is broken there is no such token. A quorum of
     * recovery shares is still needed to finish. Default false; turn it on for the break-glass procedure only
     * (docs/runbooks.md), then off again. Changing it rolls the nodes (EC2: a new launch template version).
     */
    @Import(name = "breakGlassGenerateRoot")
    private Boolean breakGlassGenerateRoot;

    /** Recovery key shares. Default 5. */
    @Import(name = "recoveryShares")
    private Integer recoveryShares;

    /** Recovery key threshold. Default 3. */
    @Import(name = "recoveryThreshold")
    private Integer recoveryThreshold;

    /**
     * The recovery key holders' OpenPGP public keys, one per share in share order, each ASCII-armored or the base64 of
     * the binary key ({@code gpg --export <holder> | base64 -w0}), as Vault's {@code -recovery-pgp-keys} reads them.
     * When set, {@code vault operator init} encrypts each share to its holder, so the recovery secret holds only
     * ciphertexts and no single read of it yields a quorum. Each must be one public key with an encryption-capable
     * (sub)key, no two the same, and exactly {@code recoveryShares} of them. Default none: the shares are stored in the
     * clear (acceptable for development only).
     */
    @Import(name = "recoveryPgpKeys")
    private List<String> recoveryPgpKeys;

    /** Minutes between Raft snapshots, 5-1440. Default 60. */
    @Import(name = "snapshotIntervalMinutes")
    private Integer snapshotIntervalMinutes;

    /**
     * An existing AWS Private CA ({@code arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>}) that
     * issues the node certificate instead of the cluster's own CA. Default none: a CA whose key is a secret in Pulumi
     * state. When set, no CA key is in state; the node certificate is issued from the node's CSR for
     * {@link #certValidityHours} (whole days) and is not reissued by {@code pulumi up} (see the cluster README, "Node
     * certificate renewal"); {@link #caValidityHours} and {@link #certEarlyRenewalHours} do not apply and must be absent.
     * Never the VPN's CA: node certificates carry client auth.
     */
    @Import(name = "certificateAuthorityArn")
    private String certificateAuthorityArn;

    /** Private CA validity in hours. Default 87600 (10 years; the CA key lives only in Pulumi state as a secret). */
    @Import(name = "caValidityHours")
    private Integer caValidityHours;

    /** Node certificate validity in hours. Default 8760 (1 year). */
    @Import(name = "certValidityHours")
    private Integer certValidityHours;

    /** Hours before expiry at which {@code pulumi up} reissues the node certificate (rolling the nodes). Default 720. */
    @Import(name = "certEarlyRenewalHours")
    private Integer certEarlyRenewalHours;

    /** Name Raft joins verify on the leader's certificate. Default {@code vault.<dnsZoneName>}. */
    @Import(name = "leaderTlsServerName")
    private String leaderTlsServerName;

    /** E-mail addresses subscribed to the alarm topic. Default none. */
    @Import(name = "alarmEmails")
    private List<String> alarmEmails;

    /** Log group retention in days. Default 365 (audit trail). */
    @Import(name = "logRetentionDays")
    private Integer logRetentionDays;

    /** CloudWatch namespace for the node metrics. Default {@code PrivateVault}. */
    @Import(name = "metricNamespace")
    private String metricNamespace;

    /** Vault log level. Default {@code info}. */
    @Import(name = "logLevel")
    private String logLevel;

    /** Tags for every resource. Default none. */
    @Import(name = "tags")
    private Map<String, String> tags;

    /**
     * Where Vault runs: {@code ec2} (default: an Auto Scaling group this component owns) or {@code kubernetes} (HashiCorp's
     * Helm chart on an existing EKS cluster, described by {@code kubernetes}). The NLB, DNS and VPN are the same for both.
     */
    @Import(name = "platform")
    private String platform;

    /** The EKS cluster and pod settings; required when platform is {@code kubernetes}, refused otherwise. */
    @Import(name = "kubernetes")
    private VaultKubernetesPlatformArgs kubernetes;

    private VaultRaftClusterArgs() {
    }

    public Output<String> vpcId() { return vpcId; }
    public Output<List<String>> subnetIds() { return subnetIds; }
    public Output<String> vpcCidr() { return vpcCidr; }
    public Output<String> sealKeyArn() { return sealKeyArn; }
    public Output<String> dataKeyArn() { return dataKeyArn; }
    public Output<String> backupBucketName() { return backupBucketName; }
    public Output<String> backupBucketArn() { return backupBucketArn; }
    public Output<String> nlbSecurityGroupId() { return nlbSecurityGroupId; }
    public Output<String> targetGroupArn() { return targetGroupArn; }
    public Output<String> loadBalancerArn() { return loadBalancerArn; }
    public Output<String> s3PrefixListId() { return s3PrefixListId; }
    public Output<String> ebsKmsKeyArn() { return ebsKmsKeyArn; }
    public Output<List<String>> breakGlassPrincipalArns() { return breakGlassPrincipalArns == null ? Output.of(List.of()) : breakGlassPrincipalArns; }
    public boolean ssmSessions() { return ssmSessions != null && ssmSessions; }
    public boolean breakGlassGenerateRoot() { return breakGlassGenerateRoot != null && breakGlassGenerateRoot; }
    public Output<List<String>> bootDependencies() { return bootDependencies == null ? Output.of(List.of()) : bootDependencies; }
    public String dnsZoneName() { return dnsZoneName; }
    public String vaultVersion() { return vaultVersion; }
    public String vaultSha256() { return vaultSha256; }

    public Output<String> snapshotPrefix(String cluster) {
        return snapshotPrefix != null ? snapshotPrefix : Output.of("raft/" + cluster + "/");
    }

    public String vaultDownloadUrl() {
        return vaultDownloadUrl == null ? "https://releases.hashicorp.com/vault" : vaultDownloadUrl;
    }

    public boolean internetEgress() {
        return internetEgress != null && internetEgress;
    }

    /** True when Vault comes from the internet (through NAT), which is the only reason for 443 egress to 0.0.0.0/0. */
    public boolean downloadsThroughNat() {
        return vaultDownloadUrl().startsWith("https://");
    }

    /** @param scopedName the component's {@code <project>-<stack>-<name>} ({@link PhysicalNames#scoped}) */
    public String clusterName(String scopedName) { return clusterName == null ? PhysicalNames.fit(scopedName, 63) : clusterName; }
    public String nodeRoleName() { return nodeRoleName; }
    public String provisionerRoleArn() { return provisionerRoleArn; }
    public int nodeCount() { return nodeCount == null ? 3 : nodeCount; }
    public String instanceType() { return instanceType == null ? "m7i.large" : instanceType; }

    /** arm64 for Graviton families (a 'g' right after the generation digit, e.g. m7g, c7gn), else amd64. */
    public String architecture() {
        return io.privatevault.components.cluster.InstanceArchitecture.of(instanceType());
    }

    public String amiId() {
        return amiId != null ? amiId : "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-"
                + ("arm64".equals(architecture()) ? "arm64" : "x86_64");
    }

    public int rootVolumeSizeGiB() { return rootVolumeSizeGiB == null ? 20 : rootVolumeSizeGiB; }
    public int dataVolumeSizeGiB() { return dataVolumeSizeGiB == null ? 100 : dataVolumeSizeGiB; }
    public int dataVolumeIops() { return dataVolumeIops == null ? 3000 : dataVolumeIops; }
    public int dataVolumeThroughput() { return dataVolumeThroughput == null ? 125 : dataVolumeThroughput; }
    public int auditVolumeSizeGiB() { return auditVolumeSizeGiB == null ? 50 : auditVolumeSizeGiB; }
    public List<String> clientCidrs() { return clientCidrs == null ? List.of() : clientCidrs; }
    public List<String> additionalDnsNames() { return additionalDnsNames == null ? List.of() : additionalDnsNames; }
    public List<VaultEgressArgs> integrationEgress() { return integrationEgress == null ? List.of() : integrationEgress; }
    public int healthCheckGracePeriodSeconds() { return healthCheckGracePeriodSeconds == null ? 600 : healthCheckGracePeriodSeconds; }
    public int recoveryShares() { return recoveryShares == null ? 5 : recoveryShares; }
    public int recoveryThreshold() { return recoveryThreshold == null ? 3 : recoveryThreshold; }
    public List<String> recoveryPgpKeys() { return recoveryPgpKeys == null ? List.of() : recoveryPgpKeys; }
    public int snapshotIntervalMinutes() { return snapshotIntervalMinutes == null ? 60 : snapshotIntervalMinutes; }
    /** The AWS Private CA that issues the node certificate, or null for the cluster's own CA. */
    public String certificateAuthorityArn() { return certificateAuthorityArn; }
    public int caValidityHours() { return caValidityHours == null ? 87600 : caValidityHours; }
    public int certValidityHours() { return certValidityHours == null ? 8760 : certValidityHours; }
    public int certEarlyRenewalHours() { return certEarlyRenewalHours == null ? 720 : certEarlyRenewalHours; }
    public String leaderTlsServerName() { return leaderTlsServerName == null ? vaultFqdn() : leaderTlsServerName; }
    public String recordName() { return recordName == null ? "vault" : recordName; }
    public String vaultFqdn() { return recordName() + "." + dnsZoneName; }
    public List<String> alarmEmails() { return alarmEmails == null ? List.of() : alarmEmails; }
    public int logRetentionDays() { return logRetentionDays == null ? 365 : logRetentionDays; }
    public String metricNamespace() { return metricNamespace == null ? "PrivateVault" : metricNamespace; }
    public String logLevel() { return logLevel == null ? "info" : logLevel; }
    public Map<String, String> tags() { return tags == null ? Map.of() : tags; }
    public String platform() { return platform == null ? "ec2" : platform; }
    public boolean onKubernetes() { return "kubernetes".equals(platform()); }
    public VaultKubernetesPlatformArgs kubernetes() { return kubernetes; }

    /** Raft quorum for this many voters. */
    public int quorum() {
        return nodeCount() / 2 + 1;
    }

    /** Autopilot min_quorum: never below 3, never below a majority. */
    public int minQuorum() {
        return Math.max(3, quorum());
    }

    /** Checks every rule; called by the builder and again by the component (other languages skip the builder). */
    VaultRaftClusterArgs validate() {
        var p = Problems.of("VaultRaftClusterArgs");
        for (var required : List.of(
                Map.entry("vpcId", vpcId == null), Map.entry("subnetIds", subnetIds == null),
                Map.entry("vpcCidr", vpcCidr == null), Map.entry("sealKeyArn", sealKeyArn == null),
                Map.entry("dataKeyArn", dataKeyArn == null), Map.entry("backupBucketName", backupBucketName == null),
                Map.entry("backupBucketArn", backupBucketArn == null),
                Map.entry("nlbSecurityGroupId", nlbSecurityGroupId == null),
                Map.entry("targetGroupArn", targetGroupArn == null), Map.entry("loadBalancerArn", loadBalancerArn == null))) {
            p.require(!required.getValue(), required.getKey(), null, "set");
        }
        boolean zone = p.dnsName("dnsZoneName", dnsZoneName);
        boolean record = p.dnsLabel("recordName", recordName());
        p.require(vaultVersion != null && vaultVersion.matches("\\d+\\.\\d+\\.\\d+"), "vaultVersion", vaultVersion,
                "a release version such as 2.1.2");
        p.require(vaultSha256 != null && vaultSha256.matches("[0-9a-f]{64}"), "vaultSha256", vaultSha256,
                "the 64 lower-case hex digits of the release archive's SHA-256");
        String url = vaultDownloadUrl();
        // An S3 mirror is named by a bucket (S3's naming rules) and a key prefix; a release site by its https URL.
        p.require(url.matches("https://[A-Za-z0-9._/-]+|s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9._/-]*)?"), "vaultDownloadUrl", url,
                "an https:// URL or s3://<bucket>/<prefix> (a valid S3 bucket name; letters, digits, '.', '_', '/', '-')");
        // Vault is fetched from the internet only where a route leads there (the Kubernetes platform runs the image).
        p.compare(onKubernetes() || !downloadsThroughNat() || internetEgress(), "vaultDownloadUrl", url,
                "s3://<bucket>/<prefix> (a mirror of releases.hashicorp.com/vault, with s3PrefixListId) when internetEgress is"
                        + " false: the nodes' subnets have no route to the internet", "internetEgress");
        p.require(downloadsThroughNat() || s3PrefixListId != null, "s3PrefixListId", null,
                "set when vaultDownloadUrl is s3:// (without NAT, nodes reach S3 only through the gateway endpoint)");
        if (clusterName != null) {
            p.safeName("clusterName", clusterName);
        }
        if (nodeRoleName != null) {
            p.require(nodeRoleName.matches("[A-Za-z0-9+=,.@_-]{1,64}"), "nodeRoleName", nodeRoleName,
                    "an IAM role name (letters, digits and +=,.@_-, at most 64 characters)");
        }
        // Vault's AWS auth with resolve_aws_unique_ids=false compares the caller's role by name: a path would never match.
        p.require(provisionerRoleArn != null && provisionerRoleArn.matches("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_-]{1,64}"),
                "provisionerRoleArn", provisionerRoleArn,
                "the ARN of the IAM role the configuration layer runs as, without a path (arn:aws:iam::<account>:role/<name>):"
                        + " Vault's AWS auth matches an assumed role by name only");
        int n = nodeCount();
        p.require(n >= 3 && n <= 7 && n % 2 == 1, "nodeCount", n,
                "an odd number from 3 to 7 (Raft needs a majority; even counts add no fault tolerance)");
        p.require(instanceType().matches("[a-z][a-z0-9-]*[0-9][a-z0-9-]*\\.[a-z0-9]+"), "instanceType", instanceType(),
                "an EC2 instance type such as m7i.large");
        if (amiId != null) {
            p.require(amiId.matches("ami-[0-9a-f]{8,17}|resolve:ssm:/[A-Za-z0-9/._-]+"), "amiId", amiId,
                    "an AMI id (ami-...) or resolve:ssm:<parameter>");
        }
        p.between("rootVolumeSizeGiB", rootVolumeSizeGiB(), 8, 1024);
        p.between("dataVolumeSizeGiB", dataVolumeSizeGiB(), 20, 16384);
        if (p.between("dataVolumeIops", dataVolumeIops(), 3000, 16000)) {
            p.compare(dataVolumeIops() <= 500 * dataVolumeSizeGiB(), "dataVolumeIops", dataVolumeIops(),
                    "at most 500 IOPS per GiB of dataVolumeSizeGiB (gp3), here " + 500 * dataVolumeSizeGiB(), "dataVolumeSizeGiB");
        }
        if (p.between("dataVolumeThroughput", dataVolumeThroughput(), 125, 1000)) {
            // AWS refuses a launch whose gp3 volume asks for more than 0.25 MiB/s per provisioned IOPS.
            p.compare(4 * dataVolumeThroughput() <= dataVolumeIops(), "dataVolumeThroughput", dataVolumeThroughput(),
                    "at most 0.25 MiB/s per provisioned IOPS (gp3), here " + dataVolumeIops() / 4 + " for dataVolumeIops "
                            + dataVolumeIops(), "dataVolumeIops");
        }
        p.between("auditVolumeSizeGiB", auditVolumeSizeGiB(), 10, 16384);
        for (String cidr : clientCidrs()) {
            p.cidr("clientCidrs", cidr);
        }
        p.unique("clientCidrs", clientCidrs());
        for (String dnsName : additionalDnsNames()) {
            p.dnsName("additionalDnsNames", dnsName);
        }
        p.unique("additionalDnsNames", additionalDnsNames());
        for (int i = 0; i < integrationEgress().size(); i++) {
            if (p.require(integrationEgress().get(i) != null, "integrationEgress[" + i + "]", null, "a destination {name, cidr, port}")) {
                integrationEgress().get(i).validate(p.at("integrationEgress[" + i + "]"));
            }
        }
        p.unique("integrationEgress", integrationEgress().stream().filter(java.util.Objects::nonNull).map(VaultEgressArgs::name).toList());
        p.between("healthCheckGracePeriodSeconds", healthCheckGracePeriodSeconds(), 300, 3600);
        if (p.between("recoveryShares", recoveryShares(), 1, 10)) {
            p.compare(recoveryThreshold() >= 1 && recoveryThreshold() <= recoveryShares(), "recoveryThreshold", recoveryThreshold(),
                    "between 1 and " + recoveryShares(), "recoveryShares");
        } else {
            p.require(recoveryThreshold() >= 1, "recoveryThreshold", recoveryThreshold(), "at least 1");
        }
        RecoveryPgpKeys.check(p, recoveryPgpKeys(), recoveryShares());
        p.between("snapshotIntervalMinutes", snapshotIntervalMinutes(), 5, 1440);
        if (certificateAuthorityArn != null) {
            p.require(PrivateCa.isArn(certificateAuthorityArn), "certificateAuthorityArn", certificateAuthorityArn, PrivateCa.ARN_SHAPE);
            p.require(certValidityHours() >= 168 && certValidityHours() <= 175200 && PrivateCa.wholeDays(certValidityHours()),
                    "certValidityHours", certValidityHours(), "whole days between 168 and 175200 hours when certificateAuthorityArn is set"
                            + " (AWS Private CA's IssueCertificate takes a validity in DAYS, MONTHS or YEARS, not hours)");
            p.require(caValidityHours == null, "caValidityHours", caValidityHours, "absent when certificateAuthorityArn is set (the CA is not this cluster's)");
            p.require(certEarlyRenewalHours == null, "certEarlyRenewalHours", certEarlyRenewalHours, "absent when certificateAuthorityArn is set"
                    + " (a certificate the private CA issued is reissued with `pulumi up --replace`, not by an early-renewal window)");
        } else {
            if (p.between("caValidityHours", caValidityHours(), 8760, 175200)) {
                p.compare(certValidityHours() >= 168 && certValidityHours() <= caValidityHours(), "certValidityHours", certValidityHours(),
                        "between 168 and " + caValidityHours(), "caValidityHours");
            }
            p.compare(certEarlyRenewalHours() >= 24 && certEarlyRenewalHours() <= certValidityHours() / 2, "certEarlyRenewalHours",
                    certEarlyRenewalHours(), "between 24 and " + certValidityHours() / 2, "certValidityHours");
        }
        if (zone && record) {
            p.dnsName("leaderTlsServerName", leaderTlsServerName());
        }
        for (String email : alarmEmails()) {
            p.require(email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"), "alarmEmails", email, "e-mail addresses");
        }
        p.unique("alarmEmails", alarmEmails());
        p.require(List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
                        2922, 3288, 3653).contains(logRetentionDays()), "logRetentionDays", logRetentionDays(),
                "a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)");
        p.require(metricNamespace().matches("[A-Za-z0-9._/#:-]{1,255}") && !metricNamespace().startsWith("AWS/"),
                "metricNamespace", metricNamespace(), "a CloudWatch namespace not starting with AWS/");
        p.require(logLevel().matches("trace|debug|info|warn|error"), "logLevel", logLevel(), "one of trace, debug, info, warn, error");
        validatePlatform(p);
        p.orThrow();
        return this;
    }

    private void validatePlatform(Problems p) {
        if (!p.require(List.of("ec2", "kubernetes").contains(platform()), "platform", platform(), "ec2 or kubernetes")) {
            return;
        }
        if (!onKubernetes()) {
            p.require(kubernetes == null, "kubernetes", "(set)", "left out unless platform is kubernetes");
            return;
        }
        p.compare(!ssmSessions(), "ssmSessions", true, "false on kubernetes (a shell in a pod is kubectl exec, governed by the cluster's RBAC)",
                "platform");
        if (p.require(kubernetes != null, "kubernetes", null, "set when platform is kubernetes")) {
            kubernetes.validate(p.at("kubernetes"));
        }
        // A CronJob schedule can only express intervals that divide the hour or the day.
        int m = snapshotIntervalMinutes();
        p.compare(m < 60 ? 60 % m == 0 : m % 60 == 0 && 1440 % m == 0, "snapshotIntervalMinutes", m,
                "a divisor of 60 (5, 6, 10, 12, 15, 20, 30) or of 1440 in whole hours (60, 120, 180, 240, 360, 480, 720, 1440) on kubernetes (a CronJob schedule)",
                "platform");
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final VaultRaftClusterArgs a = new VaultRaftClusterArgs();

        public Builder vpcId(Output<String> v) { a.vpcId = v; return this; }
        public Builder subnetIds(Output<List<String>> v) { a.subnetIds = v; return this; }
        public Builder vpcCidr(Output<String> v) { a.vpcCidr = v; return this; }
        public Builder sealKeyArn(Output<String> v) { a.sealKeyArn = v; return this; }
        public Builder dataKeyArn(Output<String> v) { a.dataKeyArn = v; return this; }
        public Builder backupBucketName(Output<String> v) { a.backupBucketName = v; return this; }
        public Builder backupBucketArn(Output<String> v) { a.backupBucketArn = v; return this; }
        public Builder snapshotPrefix(Output<String> v) { a.snapshotPrefix = v; return this; }
        public Builder nlbSecurityGroupId(Output<String> v) { a.nlbSecurityGroupId = v; return this; }
        public Builder targetGroupArn(Output<String> v) { a.targetGroupArn = v; return this; }
        public Builder loadBalancerArn(Output<String> v) { a.loadBalancerArn = v; return this; }
        public Builder s3PrefixListId(Output<String> v) { a.s3PrefixListId = v; return this; }
        public Builder ebsKmsKeyArn(Output<String> v) { a.ebsKmsKeyArn = v; return this; }
        public Builder breakGlassPrincipalArns(Output<List<String>> v) { a.breakGlassPrincipalArns = v; return this; }
        public Builder ssmSessions(boolean v) { a.ssmSessions = v; return this; }
        public Builder breakGlassGenerateRoot(boolean v) { a.breakGlassGenerateRoot = v; return this; }
        public Builder bootDependencies(Output<List<String>> v) { a.bootDependencies = v; return this; }
        public Builder dnsZoneName(String v) { a.dnsZoneName = v; return this; }
        public Builder recordName(String v) { a.recordName = v; return this; }
        public Builder vaultVersion(String v) { a.vaultVersion = v; return this; }
        public Builder vaultSha256(String v) { a.vaultSha256 = v; return this; }
        public Builder vaultDownloadUrl(String v) { a.vaultDownloadUrl = v; return this; }
        public Builder internetEgress(boolean v) { a.internetEgress = v; return this; }
        public Builder clusterName(String v) { a.clusterName = v; return this; }
        public Builder nodeRoleName(String v) { a.nodeRoleName = v; return this; }
        public Builder provisionerRoleArn(String v) { a.provisionerRoleArn = v; return this; }
        public Builder nodeCount(int v) { a.nodeCount = v; return this; }
        public Builder instanceType(String v) { a.instanceType = v; return this; }
        public Builder amiId(String v) { a.amiId = v; return this; }
        public Builder rootVolumeSizeGiB(int v) { a.rootVolumeSizeGiB = v; return this; }
        public Builder dataVolumeSizeGiB(int v) { a.dataVolumeSizeGiB = v; return this; }
        public Builder dataVolumeIops(int v) { a.dataVolumeIops = v; return this; }
        public Builder dataVolumeThroughput(int v) { a.dataVolumeThroughput = v; return this; }
        public Builder auditVolumeSizeGiB(int v) { a.auditVolumeSizeGiB = v; return this; }
        public Builder clientCidrs(List<String> v) { a.clientCidrs = List.copyOf(v); return this; }
        public Builder additionalDnsNames(List<String> v) { a.additionalDnsNames = List.copyOf(v); return this; }
        public Builder integrationEgress(List<VaultEgressArgs> v) { a.integrationEgress = List.copyOf(v); return this; }
        public Builder healthCheckGracePeriodSeconds(int v) { a.healthCheckGracePeriodSeconds = v; return this; }
        public Builder recoveryShares(int v) { a.recoveryShares = v; return this; }
        public Builder recoveryThreshold(int v) { a.recoveryThreshold = v; return this; }
        public Builder recoveryPgpKeys(List<String> v) { a.recoveryPgpKeys = List.copyOf(v); return this; }
        public Builder snapshotIntervalMinutes(int v) { a.snapshotIntervalMinutes = v; return this; }
        public Builder certificateAuthorityArn(String v) { a.certificateAuthorityArn = v; return this; }
        public Builder caValidityHours(int v) { a.caValidityHours = v; return this; }
        public Builder certValidityHours(int v) { a.certValidityHours = v; return this; }
        public Builder certEarlyRenewalHours(int v) { a.certEarlyRenewalHours = v; return this; }
        public Builder leaderTlsServerName(String v) { a.leaderTlsServerName = v; return this; }
        public Builder alarmEmails(List<String> v) { a.alarmEmails = List.copyOf(v); return this; }
        public Builder logRetentionDays(int v) { a.logRetentionDays = v; return this; }
        public Builder metricNamespace(String v) { a.metricNamespace = v; return this; }
        public Builder logLevel(String v) { a.logLevel = v; return this; }
        public Builder tags(Map<String, String> v) { a.tags = Map.copyOf(v); return this; }
        public Builder platform(String v) { a.platform = v; return this; }
        public Builder kubernetes(VaultKubernetesPlatformArgs v) { a.kubernetes = v; return this; }

        public VaultRaftClusterArgs build() {
            return a.validate();
        }
    }
}
