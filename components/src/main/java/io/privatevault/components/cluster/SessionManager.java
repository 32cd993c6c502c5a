package io.privatevault.components.cluster;

import com.google.gson.GsonBuilder;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.ssm.Document;
import com.pulumi.aws.ssm.DocumentArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.privatevault.components.VaultRaftClusterArgs;
import io.privatevault.components.support.AwsEnvironment;
import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SSM Session Manager on the EC2 nodes, only when {@code ssmSessions} is on: the node role's minimal Session Manager
 * permissions ({@link NodePolicies#sessionManager}), a session document of this cluster that logs every session to a
 * log group encrypted with the data key, and the operator-side policy ({@link #operatorPolicy}): sessions only on
 * instances tagged with this cluster, only through that document. Session Manager's account-wide preferences
 * ({@code SSM-SessionManagerRunShell}) are left alone: one document per account and Region would collide between stacks.
 */
public final class SessionManager {
    private SessionManager() {
    }

    /** {@code <cluster>-vault-shell}: the session document operators must name ({@code --document-name}). */
    public static String documentName(String cluster) {
        return cluster + "-vault-shell";
    }

    public static String logGroupName(String cluster) {
        return "/private-vault/" + cluster + "/sessions";
    }

    /** The resources the Auto Scaling group must wait for; none when sessions are off. */
    public static List<Resource> create(String name, String cluster, VaultRaftClusterArgs args, Role role, AwsEnvironment env,
                                        Map<String, String> tags, CustomResourceOptions child) {
        if (!args.ssmSessions()) {
            return List.of();
        }
        var logs = new LogGroup(name + "-session-logs", LogGroupArgs.builder()
                .name(logGroupName(cluster))
                .kmsKeyId(args.dataKeyArn())
                .retentionInDays(args.logRetentionDays())
                .tags(args.tags())
                .build(), child);
        var document = new Document(name + "-session", DocumentArgs.builder()
                .name(documentName(cluster))
                .documentType("Session")
                .documentFormat("JSON")
                .content(document(cluster))
                .tags(tags)
                .build(), CustomResourceOptions.merge(child, CustomResourceOptions.builder().dependsOn(logs).build()));
        var policy = new RolePolicy(name + "-ssm", RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(env.accountId(), env.region())
                        .applyValue(t -> NodePolicies.sessionManager(t.t1, t.t2, logGroupName(cluster)).toJson()))
                .build(), child);
        return List.of(logs, document, policy);
    }

    /**
     * A Standard_Stream shell that streams its log to the cluster's encrypted group and refuses to start unless the
     * group is encrypted ({@code cloudWatchEncryptionEnabled}); no Run As, no S3 copy, 20 minutes idle, 60 at most.
     */
    static String document(String cluster) {
        var inputs = new LinkedHashMap<String, Object>();
        inputs.put("cloudWatchLogGroupName", logGroupName(cluster));
        inputs.put("cloudWatchEncryptionEnabled", true);
        inputs.put("cloudWatchStreamingEnabled", true);
        inputs.put("s3BucketName", "");
        inputs.put("s3EncryptionEnabled", true);
        inputs.put("kmsKeyId", "");
        inputs.put("runAsEnabled", false);
        inputs.put("runAsDefaultUser", "");
        inputs.put("idleSessionTimeout", "20");
        inputs.put("maxSessionDuration", "60");
        var shellProfile = new LinkedHashMap<String, Object>(); // insertion-ordered: the same document in every JVM
        shellProfile.put("linux", "");
        shellProfile.put("windows", "");
        inputs.put("shellProfile", shellProfile);
        var doc = new LinkedHashMap<String, Object>();
        doc.put("schemaVersion", "1.0");
        doc.put("description", "Shell on a Vault node of " + cluster + "; every session is logged to " + logGroupName(cluster));
        doc.put("sessionType", "Standard_Stream");
        doc.put("inputs", inputs);
        return new GsonBuilder().disableHtmlEscaping().create().toJson(doc);
    }

    /**
     * The IAM policy an operator needs for a shell on this cluster's nodes, and no other: {@code ssm:StartSession}
     * only on instances whose {@code VaultCluster} tag is this cluster ({@code ssm:resourceTag}), only with this
     * cluster's logged session document ({@code ssm:SessionDocumentAccessCheck}: without it the default document would
     * be allowed implicitly), and ending or resuming only the operator's own sessions.
     */
    public static PolicyDocument operatorPolicy(String accountId, String region, String cluster, String tagKey) {
        return PolicyDocument.of(
                Statement.allow("ShellOnThisClustersNodes").actions("ssm:StartSession")
                        .resources("arn:aws:ec2:" + region + ":" + accountId + ":instance/*")
                        .condition("StringEquals", "ssm:resourceTag/" + tagKey, cluster)
                        .condition("BoolIfExists", "ssm:SessionDocumentAccessCheck", "true").build(),
                Statement.allow("ThroughTheLoggedShellOnly").actions("ssm:StartSession")
                        .resources("arn:aws:ssm:" + region + ":" + accountId + ":document/" + documentName(cluster))
                        .condition("BoolIfExists", "ssm:SessionDocumentAccessCheck", "true").build(),
                Statement.allow("OwnSessionsOnly").actions("ssm:TerminateSession", "ssm:ResumeSession")
                        .resources("arn:aws:ssm:" + region + ":" + accountId + ":session/${aws:userid}-*").build());
    }
}
