package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.Checks;
import io.privatevault.components.support.Cidr;

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

    /** Required. KMS key for {@code seal "awskms"} (KmsSeal.keyArn). */
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

    /** Required. Private DNS zone, e.g. {@code tooling.internal}; the certificate covers {@code vault.<zone>}. */
    @Import(name = "dnsZoneName", required = true)
    private String dnsZoneName;

    /** Required. Vault version to install, e.g. {@code 1.20.4}. Changing it rolls the cluster one node at a time. */
    @Import(name = "vaultVersion", required = true)
    private String vaultVersion;

    /** Required. SHA-256 of {@code vault_<version>_linux_<arch>.zip} (from HashiCorp's signed SHA256SUMS). */
    @Import(name = "vaultSha256", required = true)
    private String vaultSha256;

    /**
     * Where the release archive comes from: {@code https://releases.hashicorp.com/vault} (default; needs NAT) or
     * {@code s3://<bucket>/<prefix>} mirroring that layout ({@code <version>/vault_<version>_linux_<arch>.zip}),
     * for VPCs without internet egress. The checksum is verified either way.
     */
    @Import(name = "vaultDownloadUrl")
    private String vaultDownloadUrl;

    /** S3 gateway endpoint prefix list: lets nodes reach S3 (snapshots, packages, artifacts) without NAT. Default none. */
    @Import(name = "s3PrefixListId")
    private Output<String> s3PrefixListId;

    /** Vault cluster name, auto-join tag value and name prefix of the secrets. Default: the component name. */
    @Import(name = "clusterName")
    private String clusterName;

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

    /** Raft data volume throughput MiB/s (gp3, 125-1000). Default 125. */
    @Import(name = "dataVolumeThroughput")
    private Integer dataVolumeThroughput;

    /** Log volume GiB for the server and audit logs (a full audit disk blocks Vault, so it is separate). Default 50. */
    @Import(name = "auditVolumeSizeGiB")
    private Integer auditVolumeSizeGiB;

    /** KMS key for the EBS volumes. Default: the account's aws/ebs key (a CMK needs a grant for the Auto Scaling service-linked role). */
    @Import(name = "ebsKmsKeyArn")
    private Output<String> ebsKmsKeyArn;

    /** CIDRs that may reach nodes directly on 8200 (besides the NLB). Default none. */
    @Import(name = "clientCidrs")
    private List<String> clientCidrs;

    /** Seconds an instance has before ELB health counts; covers install, first init and Raft join. Default 600. */
    @Import(name = "healthCheckGracePeriodSeconds")
    private Integer healthCheckGracePeriodSeconds;

    /** Recovery key shares. Default 5. */
    @Import(name = "recoveryShares")
    private Integer recoveryShares;

    /** Recovery key threshold. Default 3. */
    @Import(name = "recoveryThreshold")
    private Integer recoveryThreshold;

    /** Minutes between Raft snapshots, 5-1440. Default 60. */
    @Import(name = "snapshotIntervalMinutes")
    private Integer snapshotIntervalMinutes;

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
    public String dnsZoneName() { return dnsZoneName; }
    public String vaultVersion() { return vaultVersion; }
    public String vaultSha256() { return vaultSha256; }

    public Output<String> snapshotPrefix(String cluster) {
        return snapshotPrefix != null ? snapshotPrefix : Output.of("raft/" + cluster + "/");
    }

    public String vaultDownloadUrl() {
        return vaultDownloadUrl == null ? "https://releases.hashicorp.com/vault" : vaultDownloadUrl;
    }

    /** True when Vault comes from the internet (through NAT), which is the only reason for 443 egress to 0.0.0.0/0. */
    public boolean downloadsThroughNat() {
        return vaultDownloadUrl().startsWith("https://");
    }

    public String clusterName(String componentName) { return clusterName == null ? componentName : clusterName; }
    public int nodeCount() { return nodeCount == null ? 3 : nodeCount; }
    public String instanceType() { return instanceType == null ? "m7i.large" : instanceType; }

    /** arm64 for Graviton families (a 'g' right after the generation digit, e.g. m7g, c7gn), else amd64. */
    public String architecture() {
        return instanceType().matches("[a-z]+[0-9]+g[a-z]*\\..*") ? "arm64" : "amd64";
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
    public int healthCheckGracePeriodSeconds() { return healthCheckGracePeriodSeconds == null ? 600 : healthCheckGracePeriodSeconds; }
    public int recoveryShares() { return recoveryShares == null ? 5 : recoveryShares; }
    public int recoveryThreshold() { return recoveryThreshold == null ? 3 : recoveryThreshold; }
    public int snapshotIntervalMinutes() { return snapshotIntervalMinutes == null ? 60 : snapshotIntervalMinutes; }
    public int caValidityHours() { return caValidityHours == null ? 87600 : caValidityHours; }
    public int certValidityHours() { return certValidityHours == null ? 8760 : certValidityHours; }
    public int certEarlyRenewalHours() { return certEarlyRenewalHours == null ? 720 : certEarlyRenewalHours; }
    public String leaderTlsServerName() { return leaderTlsServerName == null ? vaultFqdn() : leaderTlsServerName; }
    public String vaultFqdn() { return "vault." + dnsZoneName; }
    public List<String> alarmEmails() { return alarmEmails == null ? List.of() : alarmEmails; }
    public int logRetentionDays() { return logRetentionDays == null ? 365 : logRetentionDays; }
    public String metricNamespace() { return metricNamespace == null ? "PrivateVault" : metricNamespace; }
    public String logLevel() { return logLevel == null ? "info" : logLevel; }
    public Map<String, String> tags() { return tags == null ? Map.of() : tags; }

    /** Raft quorum for this many voters. */
    public int quorum() {
        return nodeCount() / 2 + 1;
    }

    /** Autopilot min_quorum: never below 3, never below a majority. */
    public int minQuorum() {
        return Math.max(3, quorum());
    }

    /** Instance refresh keeps (n-1)/n healthy: one node at a time, quorum intact. */
    public int refreshMinHealthyPercentage() {
        return (nodeCount() - 1) * 100 / nodeCount();
    }

    /** Checks every rule; called by the builder and again by the component (other languages skip the builder). */
    VaultRaftClusterArgs validate() {
        String p = "VaultRaftClusterArgs.";
        for (var required : List.of(
                Map.entry("vpcId", vpcId == null), Map.entry("subnetIds", subnetIds == null),
                Map.entry("vpcCidr", vpcCidr == null), Map.entry("sealKeyArn", sealKeyArn == null),
                Map.entry("dataKeyArn", dataKeyArn == null), Map.entry("backupBucketName", backupBucketName == null),
                Map.entry("backupBucketArn", backupBucketArn == null),
                Map.entry("nlbSecurityGroupId", nlbSecurityGroupId == null),
                Map.entry("targetGroupArn", targetGroupArn == null), Map.entry("loadBalancerArn", loadBalancerArn == null))) {
            Checks.require(!required.getValue(), p + required.getKey(), null, "set");
        }
        Checks.dnsName(p + "dnsZoneName", dnsZoneName);
        Checks.require(vaultVersion != null && vaultVersion.matches("\\d+\\.\\d+\\.\\d+"), p + "vaultVersion", vaultVersion,
                "a release version such as 1.20.4");
        Checks.require(vaultSha256 != null && vaultSha256.matches("[0-9a-f]{64}"), p + "vaultSha256", vaultSha256,
                "the 64 lower-case hex digits of the release archive's SHA-256");
        String url = vaultDownloadUrl();
        Checks.require(url.matches("(https://|s3://)[A-Za-z0-9._/-]+"), p + "vaultDownloadUrl", url,
                "an https:// or s3:// URL (letters, digits, '.', '_', '/', '-')");
        if (clusterName != null) {
            Checks.safeName(p + "clusterName", clusterName);
        }
        int n = nodeCount();
        Checks.require(n >= 3 && n <= 7 && n % 2 == 1, p + "nodeCount", n,
                "an odd number from 3 to 7 (Raft needs a majority; even counts add no fault tolerance)");
        Checks.require(instanceType().matches("[a-z][a-z0-9-]*[0-9][a-z0-9-]*\\.[a-z0-9]+"), p + "instanceType", instanceType(),
                "an EC2 instance type such as m7i.large");
        if (amiId != null) {
            Checks.require(amiId.matches("ami-[0-9a-f]{8,17}|resolve:ssm:/[A-Za-z0-9/._-]+"), p + "amiId", amiId,
                    "an AMI id (ami-...) or resolve:ssm:<parameter>");
        }
        Checks.between(p + "rootVolumeSizeGiB", rootVolumeSizeGiB(), 8, 1024);
        Checks.between(p + "dataVolumeSizeGiB", dataVolumeSizeGiB(), 20, 16384);
        Checks.between(p + "dataVolumeIops", dataVolumeIops(), 3000, 16000);
        Checks.between(p + "dataVolumeThroughput", dataVolumeThroughput(), 125, 1000);
        Checks.require(dataVolumeIops() <= 500 * dataVolumeSizeGiB(), p + "dataVolumeIops", dataVolumeIops(),
                "at most 500 IOPS per GiB of dataVolumeSizeGiB (gp3), here " + 500 * dataVolumeSizeGiB());
        Checks.between(p + "auditVolumeSizeGiB", auditVolumeSizeGiB(), 10, 16384);
        for (String cidr : clientCidrs()) {
            Cidr.parse(p + "clientCidrs", cidr);
        }
        Checks.unique(p + "clientCidrs", clientCidrs());
        Checks.between(p + "healthCheckGracePeriodSeconds", healthCheckGracePeriodSeconds(), 300, 3600);
        Checks.between(p + "recoveryShares", recoveryShares(), 1, 10);
        Checks.between(p + "recoveryThreshold", recoveryThreshold(), 1, recoveryShares());
        Checks.between(p + "snapshotIntervalMinutes", snapshotIntervalMinutes(), 5, 1440);
        Checks.between(p + "caValidityHours", caValidityHours(), 8760, 175200);
        Checks.between(p + "certValidityHours", certValidityHours(), 168, caValidityHours());
        Checks.between(p + "certEarlyRenewalHours", certEarlyRenewalHours(), 24, certValidityHours() / 2);
        Checks.dnsName(p + "leaderTlsServerName", leaderTlsServerName());
        for (String email : alarmEmails()) {
            Checks.require(email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"), p + "alarmEmails", email, "e-mail addresses");
        }
        Checks.require(List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
                        2922, 3288, 3653).contains(logRetentionDays()), p + "logRetentionDays", logRetentionDays(),
                "a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)");
        Checks.require(metricNamespace().matches("[A-Za-z0-9._/#:-]{1,255}") && !metricNamespace().startsWith("AWS/"),
                p + "metricNamespace", metricNamespace(), "a CloudWatch namespace not starting with AWS/");
        Checks.require(logLevel().matches("trace|debug|info|warn|error"), p + "logLevel", logLevel(), "one of trace, debug, info, warn, error");
        return this;
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
        public Builder dnsZoneName(String v) { a.dnsZoneName = v; return this; }
        public Builder vaultVersion(String v) { a.vaultVersion = v; return this; }
        public Builder vaultSha256(String v) { a.vaultSha256 = v; return this; }
        public Builder vaultDownloadUrl(String v) { a.vaultDownloadUrl = v; return this; }
        public Builder clusterName(String v) { a.clusterName = v; return this; }
        public Builder nodeCount(int v) { a.nodeCount = v; return this; }
        public Builder instanceType(String v) { a.instanceType = v; return this; }
        public Builder amiId(String v) { a.amiId = v; return this; }
        public Builder rootVolumeSizeGiB(int v) { a.rootVolumeSizeGiB = v; return this; }
        public Builder dataVolumeSizeGiB(int v) { a.dataVolumeSizeGiB = v; return this; }
        public Builder dataVolumeIops(int v) { a.dataVolumeIops = v; return this; }
        public Builder dataVolumeThroughput(int v) { a.dataVolumeThroughput = v; return this; }
        public Builder auditVolumeSizeGiB(int v) { a.auditVolumeSizeGiB = v; return this; }
        public Builder clientCidrs(List<String> v) { a.clientCidrs = List.copyOf(v); return this; }
        public Builder healthCheckGracePeriodSeconds(int v) { a.healthCheckGracePeriodSeconds = v; return this; }
        public Builder recoveryShares(int v) { a.recoveryShares = v; return this; }
        public Builder recoveryThreshold(int v) { a.recoveryThreshold = v; return this; }
        public Builder snapshotIntervalMinutes(int v) { a.snapshotIntervalMinutes = v; return this; }
        public Builder caValidityHours(int v) { a.caValidityHours = v; return this; }
        public Builder certValidityHours(int v) { a.certValidityHours = v; return this; }
        public Builder certEarlyRenewalHours(int v) { a.certEarlyRenewalHours = v; return this; }
        public Builder leaderTlsServerName(String v) { a.leaderTlsServerName = v; return this; }
        public Builder alarmEmails(List<String> v) { a.alarmEmails = List.copyOf(v); return this; }
        public Builder logRetentionDays(int v) { a.logRetentionDays = v; return this; }
        public Builder metricNamespace(String v) { a.metricNamespace = v; return this; }
        public Builder logLevel(String v) { a.logLevel = v; return this; }
        public Builder tags(Map<String, String> v) { a.tags = Map.copyOf(v); return this; }

        public VaultRaftClusterArgs build() {
            return a.validate();
        }
    }
}
