package io.privatevault.components;

import io.privatevault.components.host.MayBeAbsent;
import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.kms.ReplicaKey;
import com.pulumi.aws.kms.ReplicaKeyArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.kms.KeyPolicies;
import io.privatevault.components.support.PhysicalNames;
import io.privatevault.components.support.AwsEnvironment;

import javax.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's customer-managed KMS keys: a <b>seal</b> key that only the Vault nodes may use (auto-unseal; its
 * key policy is the one place that grants them the key), and a <b>data</b> key for everything else that must be
 * encrypted at rest (log groups, Secrets Manager secrets, Raft snapshots, the alarm topic, EBS volumes), each use
 * through its service and by the named roles only. Two keys keep the unseal key's blast radius to the nodes alone.
 * With a {@code replicaRegion} the seal key is multi-Region and replicated there, so a snapshot copied to that Region
 * can be unsealed. Both rotate yearly, are deleted only after a waiting period, and are protected: Pulumi refuses to
 * delete or replace them.
 */
public final class KmsSeal extends ComponentResource {
    /** Seal key ARN, for {@code seal "awskms"}. */
    @Export(name = "keyArn", refs = {String.class})
    public final Output<String> keyArn;
    /** Seal key id. */
    @Export(name = "keyId", refs = {String.class})
    public final Output<String> keyId;
    /** Seal key alias name. */
    @Export(name = "alias", refs = {String.class})
    public final Output<String> alias;
    /** Data key ARN, for log groups, secrets, snapshots and the alarm topic. */
    @Export(name = "dataKeyArn", refs = {String.class})
    public final Output<String> dataKeyArn;
    /** The seal key's replica in {@code replicaRegion} (what a restored cluster there unseals with); absent without one. */
    @MayBeAbsent("without replicaRegion")
    @Export(name = "sealReplicaKeyArn", refs = {String.class})
    public final Output<String> sealReplicaKeyArn;
    /** IAM policy JSON the EBS CSI driver's role needs for volumes under the data key (AWS's documented KMS policy). */
    @Export(name = "ebsCsiPolicyJson", refs = {String.class})
    public final Output<String> ebsCsiPolicyJson;

    public KmsSeal(String name, KmsSealArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:KmsSeal", name, null, ComponentLifecycle.validated(args.validate(), options));
        var env = AwsEnvironment.of(this);
        // Keys hold state nothing else can recreate: a deleted seal key is a Vault that never unseals again.
        var keyOptions = CustomResourceOptions.builder().parent(this).protect(true).build();
        var child = CustomResourceOptions.builder().parent(this).build();
        Output<List<String>> admins = args.adminPrincipalArns() != null
                ? args.adminPrincipalArns() : env.accountRootArn().applyValue(List::of);
        Map<String, String> tags = args.tags();
        String replicaRegion = args.replicatesSealKey() ? args.replicaRegion() : null;

        var sealArgs = KeyArgs.builder();
        if (args.multiRegion()) {
            sealArgs.multiRegion(true); // a create-time choice: a single-Region key can never be replicated
        }
        var sealKey = new Key(name + "-seal", sealArgs
                .description("Vault auto-unseal (" + name + ")")
                .keyUsage("ENCRYPT_DECRYPT")
                .customerMasterKeySpec("SYMMETRIC_DEFAULT")
                .enableKeyRotation(true)
                .deletionWindowInDays(args.deletionWindowDays())
                .policy(Output.tuple(env.accountId(), admins, args.sealPrincipalArns())
                        .applyValue(t -> KeyPolicies.seal(t.t1, t.t2, t.t3, replicaRegion).toJson()))
                .tags(tags)
                .build(), keyOptions);
        var use = Output.tuple(args.sealPrincipalArns(), args.restorePrincipalArns(), args.breakGlassPrincipalArns(),
                        args.replicationPrincipalArns(), args.ebsCsiPrincipalArns())
                .applyValue(t -> new KeyPolicies.DataKeyUse(t.t1, t.t2, t.t3, t.t4, t.t5, args.autoScalingVolumes()));
        var dataKey = new Key(name + "-data", KeyArgs.builder()
                .description("Vault platform data at rest: logs, secrets, snapshots, alarms, volumes (" + name + ")")
                .keyUsage("ENCRYPT_DECRYPT")
                .customerMasterKeySpec("SYMMETRIC_DEFAULT")
                .enableKeyRotation(true)
                .deletionWindowInDays(args.deletionWindowDays())
                .policy(Output.tuple(env.accountId(), env.region(), admins, use)
                        .applyValue(t -> KeyPolicies.data(t.t1, t.t2, t.t3, t.t4).toJson()))
                .tags(tags)
                .build(), keyOptions);
        String prefix = args.aliasPrefix(PhysicalNames.scoped(name));
        var sealAlias = new Alias(name + "-seal", AliasArgs.builder()
                .name(prefix + "-seal").targetKeyId(sealKey.keyId()).build(), child);
        new Alias(name + "-data", AliasArgs.builder()
                .name(prefix + "-data").targetKeyId(dataKey.keyId()).build(), child);

        Output<String> replicaArn = Output.ofNullable(null);
        if (replicaRegion != null) {
            // Provider objects cannot cross the multi-language boundary, so the component makes its own.
            var provider = new Provider(name + "-replica", ProviderArgs.builder().region(replicaRegion).build(), child);
            var replica = new ReplicaKey(name + "-seal-replica", ReplicaKeyArgs.builder()
                    .description("Vault auto-unseal, replica of " + name + "-seal for restores in " + replicaRegion)
                    .primaryKeyArn(sealKey.arn())
                    .deletionWindowInDays(args.deletionWindowDays())
                    .policy(Output.tuple(env.accountId(), admins, args.restorePrincipalArns())
                            .applyValue(t -> KeyPolicies.sealReplica(t.t1, t.t2, t.t3).toJson()))
                    .tags(tags)
                    .build(), CustomResourceOptions.builder().parent(this).provider(provider).protect(true).build());
            new Alias(name + "-seal-replica", AliasArgs.builder().name(prefix + "-seal").targetKeyId(replica.keyId()).build(),
                    CustomResourceOptions.builder().parent(this).provider(provider).build());
            replicaArn = replica.arn();
        }

        this.keyArn = sealKey.arn();
        this.keyId = sealKey.keyId();
        this.alias = sealAlias.name();
        this.dataKeyArn = dataKey.arn();
        this.sealReplicaKeyArn = replicaArn;
        this.ebsCsiPolicyJson = dataKey.arn().applyValue(arn -> KeyPolicies.ebsCsiDriver(arn).toJson());
        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("keyArn", keyArn);
        outputs.put("keyId", keyId);
        outputs.put("alias", alias);
        outputs.put("dataKeyArn", dataKeyArn);
        outputs.put("sealReplicaKeyArn", sealReplicaKeyArn);
        outputs.put("ebsCsiPolicyJson", ebsCsiPolicyJson);
        registerOutputs(outputs);
    }
}
