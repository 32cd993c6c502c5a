package io.privatevault.components;

import io.privatevault.components.host.MayBeAbsent;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.cluster.AccessAlarms;
import io.privatevault.components.cluster.ClusterAlarms;
import io.privatevault.components.cluster.Ec2Platform;
import io.privatevault.components.cluster.OpsScripts;
import io.privatevault.components.cluster.PlatformOutputs;
import io.privatevault.components.cluster.ProvisionerLogin;
import io.privatevault.components.cluster.RecoverySecret;
import io.privatevault.components.cluster.SessionManager;
import io.privatevault.components.cluster.VaultServerConfig;
import io.privatevault.components.cluster.k8s.KubernetesPlatform;
import io.privatevault.components.support.AwsEnvironment;
import io.privatevault.components.support.PhysicalNames;

import javax.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Vault cluster on Raft integrated storage, on an EC2 Auto Scaling group over three availability zones.
 * Nodes install a pinned Vault release, fetch their TLS material from Secrets Manager, auto-unseal with KMS,
 * join each other through EC2 tags, and one of them initialises the cluster, storing the recovery keys in Secrets
 * Manager, creating the snapshot job's and the configuration layer's AWS logins and revoking its root token. A timer
 * on every node ships Raft snapshots from the active node to S3. See cluster/README.md.
 *
 * <p>With {@code platform: kubernetes} the same cluster (CA, seal, recovery secret, snapshots, alarms, NLB) runs
 * from HashiCorp's Helm chart on an existing EKS cluster instead of an Auto Scaling group; see cluster/k8s/README.md.
 * Both platforms render the same node spec (cluster/NodeSpec); the outputs that exist only on EC2 are absent
 * (they resolve to nothing, and are optional in the component's schema) on Kubernetes.
 */
public final class VaultRaftCluster extends ComponentResource {
    /** EC2 tag key Raft auto-join looks for; its value is the cluster name. */
    public static final String AUTO_JOIN_TAG = "VaultCluster";

    /** The Auto Scaling group; absent on Kubernetes. */
    @MayBeAbsent("on Kubernetes")
    @Export(name = "asgName", refs = {String.class})
    public final Output<String> asgName;
    /** The nodes' security group; absent on Kubernetes (the pods are reached through the NetworkPolicy). */
    @MayBeAbsent("on Kubernetes")
    @Export(name = "securityGroupId", refs = {String.class})
    public final Output<String> securityGroupId;
    @Export(name = "roleArn", refs = {String.class})
    public final Output<String> roleArn;
    @Export(name = "roleName", refs = {String.class})
    public final Output<String> roleName;
    /** Absent on Kubernetes. */
    @MayBeAbsent("on Kubernetes")
    @Export(name = "launchTemplateId", refs = {String.class})
    public final Output<String> launchTemplateId;
    /**
     * The CA certificate (public; with {@code certificateAuthorityArn}, the AWS Private CA's certificate and chain):
     * clients and the Vault provider trust Vault through it.
     */
    @Export(name = "caCertPem", refs = {String.class})
    public final Output<String> caCertPem;
    /** The rendered {@code vault.hcl} (on EC2 with per-node values as tokens; on Kubernetes the chart's raft config). */
    @Export(name = "nodeConfig", refs = {String.class})
    public final Output<String> nodeConfig;
    /** Every file a node gets, relative path to content; none holds a secret. */
    @Export(name = "renderedFiles", refs = {Map.class, String.class, String.class}, tree = "[0,1,2]")
    public final Output<Map<String, String>> renderedFiles;
    /** The Secrets Manager secret of the node TLS bundle; absent on Kubernetes (a Kubernetes TLS Secret instead). */
    @MayBeAbsent("on Kubernetes")
    @Export(name = "tlsSecretArn", refs = {String.class})
    public final Output<String> tlsSecretArn;
    /** Secrets Manager secret the initialising node writes the recovery keys to (never the root token, which it revokes). */
    @Export(name = "recoverySecretArn", refs = {String.class})
    public final Output<String> recoverySecretArn;
    /** IAM policy JSON a break-glass role ({@code breakGlassPrincipalArns}) needs to read the recovery secret. */
    @Export(name = "recoveryReaderPolicyJson", refs = {String.class})
    public final Output<String> recoveryReaderPolicyJson;
    /**
     * IAM policy JSON an operator needs for an SSM shell on this cluster's nodes (tag-scoped, logged session document
     * only); absent unless {@code ssmSessions} is on (EC2).
     */
    @MayBeAbsent("unless ssmSessions is on (EC2)")
    @Export(name = "sessionOperatorPolicyJson", refs = {String.class})
    public final Output<String> sessionOperatorPolicyJson;
    @Export(name = "alarmTopicArn", refs = {String.class})
    public final Output<String> alarmTopicArn;
    /** Absent on Kubernetes (logs go to the cluster's log pipeline). */
    @MayBeAbsent("on Kubernetes")
    @Export(name = "serverLogGroupName", refs = {String.class})
    public final Output<String> serverLogGroupName;
    /** Absent on Kubernetes. */
    @MayBeAbsent("on Kubernetes")
    @Export(name = "auditLogGroupName", refs = {String.class})
    public final Output<String> auditLogGroupName;
    /** {@code https://vault.<zone>:8200}. */
    @Export(name = "vaultAddress", refs = {String.class})
    public final Output<String> vaultAddress;
    /** The AWS auth mount the configuration layer logs in at (VaultBaseline.provisionerAuthMount); the bootstrap creates it. */
    @Export(name = "provisionerAuthMount", refs = {String.class})
    public final Output<String> provisionerAuthMount;
    /** The role of {@code provisionerAuthMount} bound to {@code provisionerRoleArn} (VaultBaseline.provisionerAuthRole). */
    @Export(name = "provisionerAuthRole", refs = {String.class})
    public final Output<String> provisionerAuthRole;
    /** Where the file audit device writes, on the audit volume (VaultBaseline.auditLogPath). */
    @Export(name = "auditLogPath", refs = {String.class})
    public final Output<String> auditLogPath;
    /** The second audit device the platform supports: {@code syslog} on EC2, {@code stdout} on Kubernetes (VaultBaseline.auditSecondDevice). */
    @Export(name = "auditSecondDevice", refs = {String.class})
    public final Output<String> auditSecondDevice;

    public VaultRaftCluster(String name, VaultRaftClusterArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:VaultRaftCluster", name, null, ComponentLifecycle.validated(args.validate(), options));
        String cluster = args.clusterName(PhysicalNames.scoped(name));
        // Sorted: the tags feed the launch template and the group's tag list, which must not reorder between runs.
        var tags = new TreeMap<>(args.tags());
        tags.put(AUTO_JOIN_TAG, cluster);

        // The nodes: instances of an Auto Scaling group, or pods of HashiCorp's chart, over the same node spec.
        PlatformOutputs nodes = args.onKubernetes()
                ? KubernetesPlatform.create(this, name, cluster, args, tags)
                : Ec2Platform.create(this, name, cluster, args, AUTO_JOIN_TAG, tags);
        var topic = ClusterAlarms.create(name, cluster, args, nodes.ec2().map(PlatformOutputs.Ec2Outputs::asgName),
                AwsEnvironment.of(this).region(), tags, CustomResourceOptions.builder().parent(this).build());

        // Every read of the recovery secret and every change to who may use the keys reaches the same topic.
        AccessAlarms.create(name, nodes.recoverySecretArn(), args.sealKeyArn(), args.dataKeyArn(), topic, tags,
                CustomResourceOptions.builder().parent(this).build());
        var env = AwsEnvironment.of(this);

        var ec2 = nodes.ec2().orElseGet(PlatformOutputs.Ec2Outputs::absent);
        this.asgName = ec2.asgName();
        this.securityGroupId = ec2.securityGroupId();
        this.roleArn = nodes.roleArn();
        this.roleName = nodes.roleName();
        this.launchTemplateId = ec2.launchTemplateId();
        this.caCertPem = nodes.caCertPem();
        this.nodeConfig = nodes.nodeConfig();
        this.renderedFiles = nodes.renderedFiles().applyValue(OpsScripts::addTo);
        this.tlsSecretArn = ec2.tlsSecretArn();
        this.recoverySecretArn = nodes.recoverySecretArn();
        this.recoveryReaderPolicyJson = Output.tuple(nodes.recoverySecretArn(), args.dataKeyArn(), env.region())
                .applyValue(t -> RecoverySecret.readerPolicy(t.t1, t.t2, t.t3).toJson());
        this.sessionOperatorPolicyJson = args.ssmSessions() && !args.onKubernetes()
                ? Output.tuple(env.accountId(), env.region()).applyValue(t ->
                        SessionManager.operatorPolicy(t.t1, t.t2, cluster, AUTO_JOIN_TAG).toJson())
                : Output.ofNullable(null);
        this.alarmTopicArn = topic.arn();
        this.serverLogGroupName = ec2.serverLogGroupName();
        this.auditLogGroupName = ec2.auditLogGroupName();
        this.vaultAddress = Output.of("https://" + args.vaultFqdn() + ":" + VaultServerConfig.API_PORT);
        this.provisionerAuthMount = Output.of(ProvisionerLogin.MOUNT);
        this.provisionerAuthRole = Output.of(ProvisionerLogin.ROLE);
        this.auditLogPath = Output.of(nodes.audit().logPath());
        this.auditSecondDevice = Output.of(nodes.audit().secondDevice());
        registerAll();
    }

    private void registerAll() {
        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("asgName", asgName);
        outputs.put("securityGroupId", securityGroupId);
        outputs.put("roleArn", roleArn);
        outputs.put("roleName", roleName);
        outputs.put("launchTemplateId", launchTemplateId);
        outputs.put("caCertPem", caCertPem);
        outputs.put("nodeConfig", nodeConfig);
        outputs.put("renderedFiles", renderedFiles);
        outputs.put("tlsSecretArn", tlsSecretArn);
        outputs.put("recoverySecretArn", recoverySecretArn);
        outputs.put("recoveryReaderPolicyJson", recoveryReaderPolicyJson);
        outputs.put("sessionOperatorPolicyJson", sessionOperatorPolicyJson);
        outputs.put("alarmTopicArn", alarmTopicArn);
        outputs.put("serverLogGroupName", serverLogGroupName);
        outputs.put("auditLogGroupName", auditLogGroupName);
        outputs.put("vaultAddress", vaultAddress);
        outputs.put("provisionerAuthMount", provisionerAuthMount);
        outputs.put("provisionerAuthRole", provisionerAuthRole);
        outputs.put("auditLogPath", auditLogPath);
        outputs.put("auditSecondDevice", auditSecondDevice);
        registerOutputs(outputs);
    }
}
