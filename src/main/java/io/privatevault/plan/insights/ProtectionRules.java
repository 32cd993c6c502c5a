package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.SecurityRules.Emitter;
import io.privatevault.plan.insights.SecurityRules.SimpleRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What must survive a change of the program: state that exists nowhere else, and the key that unseals a copy. */
final class ProtectionRules {
    /**
     * Resources whose deletion loses data or evidence: KMS keys (what they encrypted becomes unreadable), buckets
     * (snapshots), Vault's mounts, auth methods, audit devices and transit keys. A Secrets Manager secret counts when
     * the program registers no value for it (no SecretVersion): its value (the recovery keys) exists only in AWS.
     */
    static final List<String> STATEFUL = List.of(AwsSchema.KmsKey.TYPE, AwsSchema.Bucket.TYPE, AwsSchema.SecretsManagerSecret.TYPE,
            "vault:index/mount:Mount", "vault:index/authBackend:AuthBackend", "vault:index/audit:Audit",
            "vault:transit/secretBackendKey:SecretBackendKey", "vault:aws/secretBackend:SecretBackend");
    static final String SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
    private static final Pattern SEAL_KEY = Pattern.compile("seal\\s+\"awskms\"\\s*\\{[^}]*?kms_key_id\\s*=\\s*\"([^\"]+)\"", Pattern.DOTALL);

    private ProtectionRules() {
    }

    static List<Rule> all() {
        var types = new ArrayList<>(STATEFUL);
        types.add(SECRET_VERSION);
        return List.of(
                new SimpleRule("stateful-protected", Severity.HIGH,
                        "Deleting a KMS key, the snapshot bucket, the recovery secret, a Vault mount, auth method, audit device or transit key loses data or evidence; a refactor or a wrong setting must not be able to.",
                        "Register it with protect (or retainOnDelete where the program must be able to drop it from state).",
                        List.copyOf(types),
                        ProtectionRules::stateful),
                new SimpleRule("seal-key-cross-region", Severity.HIGH,
                        "A snapshot restores only with the seal key that wrapped it: a copy in another region is useless if the seal key exists only in the first.",
                        "When snapshots are copied to another region, make the seal key multi-Region (multiRegion = true) with a ReplicaKey there, or use an existing mrk- key.",
                        List.of(AwsSchema.BucketReplication.TYPE, AwsSchema.KmsKey.TYPE, AwsSchema.ReplicaKey.TYPE),
                        ProtectionRules::sealKeyCrossRegion));
    }

    private static void stateful(PolicyContext ctx, Emitter emit) {
        for (String type : STATEFUL) {
            for (var r : ctx.ofType(type)) {
                if (type.equals(AwsSchema.SecretsManagerSecret.TYPE) && !ctx.dependents(r, SECRET_VERSION).isEmpty()) {
                    continue; // the program writes its value: re-created from state
                }
                if (!r.options().protect() && !r.options().retainOnDelete()) {
                    emit.at(r.urn(), type.substring(type.lastIndexOf(':') + 1) + " holds state and has neither protect nor retainOnDelete");
                }
            }
        }
    }

    private static void sealKeyCrossRegion(PolicyContext ctx, Emitter emit) {
        var replications = ctx.ofType(AwsSchema.BucketReplication.TYPE);
        String home = ctx.stackOutputs().get("region") instanceof String r ? r : null;
        var elsewhere = new ArrayList<String>();
        for (var replication : replications) {
            // The destination bucket, registered in this plan through a provider of another region.
            for (var bucket : ctx.ofType(AwsSchema.Bucket.TYPE)) {
                String region = region(ctx, bucket);
                if (region != null && !region.equals(home) && replication.dependencies().contains(bucket.urn())) {
                    elsewhere.add(region);
                }
            }
        }
        if (elsewhere.isEmpty()) {
            return;
        }
        for (String sealArn : sealKeys(ctx)) {
            if (keyId(sealArn).startsWith("mrk-")) {
                continue; // an existing multi-Region key named by ARN
            }
            var key = ctx.ofType(AwsSchema.KmsKey.TYPE).stream().filter(k -> sealArn.equals(k.arn())).findFirst().orElse(null);
            String at = key != null ? key.urn() : replications.get(0).urn();
            if (key == null || !Inputs.isTrue(key.input(AwsSchema.KmsKey.MULTI_REGION))) {
                emit.at(at, "snapshots are copied to " + elsewhere + " but the seal key " + sealArn + " is single-Region");
                continue;
            }
            for (String region : elsewhere) {
                boolean replica = ctx.ofType(AwsSchema.ReplicaKey.TYPE).stream().anyMatch(r -> region.equals(region(ctx, r))
                        && (r.dependencies().contains(key.urn()) || sealArn.equals(r.input(AwsSchema.ReplicaKey.PRIMARY_KEY_ARN))));
                if (!replica) {
                    emit.at(at, "snapshots are copied to " + region + " but the seal key has no ReplicaKey there");
                }
            }
        }
    }

    /** The seal key: the stack's sealKeyArn output, else every key a rendered {@code seal "awskms"} stanza names. */
    static List<String> sealKeys(PolicyContext ctx) {
        if (ctx.stackOutputs().get("sealKeyArn") instanceof String arn) {
            return List.of(arn);
        }
        var keys = new ArrayList<String>();
        ctx.renderedFiles().values().forEach(text -> {
            Matcher m = SEAL_KEY.matcher(text);
            while (m.find()) {
                if (!keys.contains(m.group(1))) {
                    keys.add(m.group(1));
                }
            }
        });
        return keys;
    }

    private static String keyId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The region of the explicit AWS provider a resource is registered with, or null for the stack's default provider. */
    static String region(PolicyContext ctx, RecordedResource resource) {
        String provider = resource.provider();
        if (provider == null || provider.isEmpty()) {
            return null;
        }
        String urn = provider.substring(0, provider.lastIndexOf("::"));
        var registered = ctx.byUrn(urn);
        return registered == null ? null : Objects.toString(registered.input("region"), null);
    }
}
