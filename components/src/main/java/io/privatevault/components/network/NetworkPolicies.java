package io.privatevault.components.network;

import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

import java.util.List;

/** Endpoint and flow-log policies of {@link io.privatevault.components.PrivateVaultNetwork}, from typed statements. */
public final class NetworkPolicies {
    private NetworkPolicies() {
    }

    /**
     * Interface endpoint policy: only principals of this account (and the explicitly trusted ones) may call the
     * service through the endpoint, so credentials from elsewhere (a stolen or personal key) cannot use Vault's
     * private path to AWS.
     */
    public static PolicyDocument interfaceEndpoint(List<String> accountIds) {
        return PolicyDocument.of(Statement.allow("OnlyTrustedAccountsPrincipals")
                .principal("*", "*").actions("*").resources("*")
                .condition("StringEquals", "aws:PrincipalAccount", accountIds)
                .build());
    }

    /**
     * AWS-owned buckets that package managers and agents read anonymously through the S3 gateway endpoint (AWS
     * docs: Amazon Linux repositories, SSM Agent, CloudWatch agent). Without them a node with no NAT cannot
     * install packages.
     */
    static List<String> awsOwnedPackageBuckets(String region) {
        return List.of(
                "arn:aws:s3:::al2023-repos-" + region + "-de612dc2/*",
                "arn:aws:s3:::al2023-" + region + "/*",
                "arn:aws:s3:::amazonlinux-2-repos-" + region + "/*",
                "arn:aws:s3:::amazonlinux." + region + ".amazonaws.com/*",
                "arn:aws:s3:::packages." + region + ".amazonaws.com/*",
                "arn:aws:s3:::repo." + region + ".amazonaws.com/*",
                "arn:aws:s3:::aws-ssm-" + region + "/*",
                "arn:aws:s3:::amazon-ssm-" + region + "/*",
                "arn:aws:s3:::amazon-ssm-packages-" + region + "/*",
                "arn:aws:s3:::" + region + "-birdwatcher-prod/*",
                "arn:aws:s3:::aws-ssm-document-attachments-" + region + "/*",
                "arn:aws:s3:::patch-baseline-snapshot-" + region + "/*",
                "arn:aws:s3:::amazoncloudwatch-agent-" + region + "/*",
                "arn:aws:s3:::amazoncloudwatch-agent/*");
    }

    /**
     * S3 gateway endpoint policy: trusted principals reach trusted accounts' buckets only (no copying snapshots
     * to a bucket elsewhere), plus read-only access to the AWS-owned package buckets.
     */
    public static PolicyDocument s3GatewayEndpoint(List<String> accountIds, String region) {
        return PolicyDocument.of(
                Statement.allow("OnlyTrustedAccountsToTheirBuckets")
                        .principal("*", "*").actions("*").resources("*")
                        .condition("StringEquals", "aws:PrincipalAccount", accountIds)
                        .condition("StringEquals", "aws:ResourceAccount", accountIds)
                        .build(),
                Statement.allow("ReadAwsOwnedPackageBuckets")
                        .principal("*", "*").actions("s3:GetObject").resources(awsOwnedPackageBuckets(region))
                        .build());
    }

    /** Flow-log delivery role trust, limited to flow logs of this account (confused-deputy protection). */
    public static PolicyDocument flowLogTrust(String accountId, String region) {
        return PolicyDocument.of(Statement.assumeRoleBy("VpcFlowLogsDelivery", "vpc-flow-logs.amazonaws.com")
                .condition("StringEquals", "aws:SourceAccount", accountId)
                .condition("ArnLike", "aws:SourceArn", "arn:aws:ec2:" + region + ":" + accountId + ":vpc-flow-log/*")
                .build());
    }

    /**
     * The delivery role writes to its own log group only. {@code DescribeLogGroups} (which AWS documents for the
     * role) cannot be scoped to one group, so it gets this account's groups in this region: metadata, no data.
     */
    public static PolicyDocument flowLogDelivery(String logGroupArn, String accountId, String region) {
        return PolicyDocument.of(
                Statement.allow("WriteThisLogGroupOnly")
                        .actions("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams")
                        .resources(logGroupArn, logGroupArn + ":*")
                        .build(),
                Statement.allow("FindTheLogGroup")
                        .actions("logs:DescribeLogGroups")
                        .resources("arn:aws:logs:" + region + ":" + accountId + ":log-group:*")
                        .build());
    }
}
