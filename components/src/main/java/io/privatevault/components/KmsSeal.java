package io.privatevault.components;

import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.privatevault.components.kms.KeyPolicies;
import io.privatevault.components.support.PhysicalNames;
import io.privatevault.components.support.AwsEnvironment;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The platform's customer-managed KMS keys: a <b>seal</b> key that only the Vault nodes may use (auto-unseal; its
 * key policy is the one place that grants them the key), and a <b>data</b> key for everything else that must be encrypted at rest (log groups, Secrets Manager
 * secrets, Raft snapshots, the alarm topic). Two keys keep the unseal key's blast radius to the nodes alone.
 * Both rotate yearly and are deleted only after a waiting period.
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

    public KmsSeal(String name, KmsSealArgs args, @Nullable ComponentResourceOptions options) {
        super("private-vault:index:KmsSeal", name, null, ComponentLifecycle.validated(args.validate(), options));
        var env = AwsEnvironment.of(this);
        var child = CustomResourceOptions.builder().parent(this).build();
        Output<List<String>> admins = args.adminPrincipalArns() != null
                ? args.adminPrincipalArns() : env.accountRootArn().applyValue(List::of);
        Map<String, String> tags = args.tags();

        var sealKey = new Key(name + "-seal", KeyArgs.builder()
                .description("Vault auto-unseal (" + name + ")")
                .keyUsage("ENCRYPT_DECRYPT")
                .customerMasterKeySpec("SYMMETRIC_DEFAULT")
                .enableKeyRotation(true)
                .deletionWindowInDays(args.deletionWindowDays())
                .policy(Output.tuple(env.accountId(), admins, args.sealPrincipalArns())
                        .applyValue(t -> KeyPolicies.seal(t.t1, t.t2, t.t3).toJson()))
                .tags(tags)
                .build(), child);
        var dataKey = new Key(name + "-data", KeyArgs.builder()
                .description("Vault platform data at rest: logs, secrets, snapshots, alarms (" + name + ")")
                .keyUsage("ENCRYPT_DECRYPT")
                .customerMasterKeySpec("SYMMETRIC_DEFAULT")
                .enableKeyRotation(true)
                .deletionWindowInDays(args.deletionWindowDays())
                .policy(Output.tuple(env.accountId(), env.region(), admins)
                        .applyValue(t -> KeyPolicies.data(t.t1, t.t2, t.t3).toJson()))
                .tags(tags)
                .build(), child);
        String prefix = args.aliasPrefix(PhysicalNames.scoped(name));
        var sealAlias = new Alias(name + "-seal", AliasArgs.builder()
                .name(prefix + "-seal").targetKeyId(sealKey.keyId()).build(), child);
        new Alias(name + "-data", AliasArgs.builder()
                .name(prefix + "-data").targetKeyId(dataKey.keyId()).build(), child);

        this.keyArn = sealKey.arn();
        this.keyId = sealKey.keyId();
        this.alias = sealAlias.name();
        this.dataKeyArn = dataKey.arn();
        registerOutputs(Map.of("keyArn", keyArn, "keyId", keyId, "alias", alias, "dataKeyArn", dataKeyArn));
    }
}
