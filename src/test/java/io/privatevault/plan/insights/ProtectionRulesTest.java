package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.AwsSchema.KmsKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.privatevault.plan.insights.Fixtures.KEY_ARN;
import static io.privatevault.plan.insights.Fixtures.res;
import static io.privatevault.plan.insights.Fixtures.with;
import static io.privatevault.plan.insights.RuleAssertions.assertFires;
import static io.privatevault.plan.insights.RuleAssertions.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protection of state, and the seal key of a cross-region copy. Pulumi docs, resource options: "protect ... prevents
 * accidental deletion"; "retainOnDelete ... the resource is not deleted from the provider when it is deleted from the
 * program". KMS developer guide, multi-Region keys: a replica "has the same key ID and key material as its primary
 * key", so what one encrypted the other decrypts; a single-Region key exists in its Region only, and Vault's awskms
 * seal unwraps a restored snapshot's keyring only with the key that wrapped it.
 */
class ProtectionRulesTest {
    private static RecordedResource unprotected(RecordedResource r) {
        return new RecordedResource(r.urn(), r.type(), r.name(), r.parentUrn(), r.custom(), r.inputs(), r.dependencies());
    }

    @Test
    void statefulResourcesNeedProtectOrRetain() {
        for (var r : List.of(GoodStack.KEY, GoodStack.BUCKET, GoodStack.SECRET)) {
            assertFires("stateful-protected", with(GoodStack.resources(), unprotected(r)), r.urn());
        }
        var mount = res("vault:index/mount:Mount", "kv").in("path", "secret").in("type", "kv").build();
        assertTrue(assertFires("stateful-protected", with(GoodStack.resources(), mount), mount.urn()).get(0).message()
                .equals("Mount holds state and has neither protect nor retainOnDelete"));
        var transit = res("vault:transit/secretBackendKey:SecretBackendKey", "payments").in("name", "payments").retain().build();
        assertEquals(List.of(), run("stateful-protected", with(GoodStack.resources(), transit), "dev"), "retainOnDelete is enough");
        // A secret whose value the program writes is re-created from state.
        var tls = res(AwsSchema.SecretsManagerSecret.TYPE, "tls").in("kmsKeyId", KEY_ARN).build();
        var version = res("aws:secretsmanager/secretVersion:SecretVersion", "tls").in("secretString", Fixtures.secret("x")).dep(tls).build();
        assertEquals(List.of(), run("stateful-protected", with(with(GoodStack.resources(), tls), version), "dev"));
    }

    /** A primary bucket here, a replica bucket through a provider of eu-central-1, and replication between them. */
    private static List<RecordedResource> crossRegion(RecordedResource sealKey, RecordedResource... extra) {
        var provider = res("pulumi:providers:aws", "replica").in("region", "eu-central-1").build();
        var replica = res(AwsSchema.Bucket.TYPE, "snapshots-replica").provider(provider).protect().build();
        var replication = res(AwsSchema.BucketReplication.TYPE, "replication").in("bucket", "vault-snapshots-x")
                .in("rules", List.of(Map.of("destination", Map.of("bucket", "arn:aws:s3:::replica")))).dep(GoodStack.BUCKET, replica).build();
        var all = with(with(with(with(GoodStack.resources(), sealKey), provider), replica), replication);
        for (var r : extra) {
            all = with(all, r);
        }
        return all;
    }

    private static PolicyContext context(List<RecordedResource> resources) {
        return new PolicyContext(resources, GoodStack.renderedFiles(), Map.of("region", "eu-west-1", "sealKeyArn", KEY_ARN), "prod");
    }

    @Test
    void aCrossRegionCopyNeedsAMultiRegionSealKeyWithAReplicaThere() {
        var findings = assertFires("seal-key-cross-region", context(crossRegion(GoodStack.KEY)), GoodStack.KEY.urn());
        assertEquals("snapshots are copied to [eu-central-1] but the seal key " + KEY_ARN + " is single-Region", findings.get(0).message());
        var multi = RuleAssertions.change(GoodStack.KEY, KmsKey.MULTI_REGION, true);
        assertEquals("snapshots are copied to eu-central-1 but the seal key has no ReplicaKey there",
                run("seal-key-cross-region", context(crossRegion(multi))).get(0).message());
        var provider = res("pulumi:providers:aws", "replica").in("region", "eu-central-1").build();
        var replicaKey = res(AwsSchema.ReplicaKey.TYPE, "seal-replica").provider(provider).in("primaryKeyArn", KEY_ARN).dep(multi).protect().build();
        assertEquals(List.of(), run("seal-key-cross-region", context(crossRegion(multi, replicaKey))));
        // Without a copy elsewhere, or with an existing multi-Region key (mrk-), nothing to say.
        assertEquals(List.of(), run("seal-key-cross-region", context(GoodStack.resources())));
        var external = new PolicyContext(crossRegion(GoodStack.KEY), Map.of(), Map.of("region", "eu-west-1",
                "sealKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"), "prod");
        assertEquals(List.of(), run("seal-key-cross-region", external));
        // Without a sealKeyArn output, the rendered seal stanza names the key.
        var rendered = new PolicyContext(crossRegion(GoodStack.KEY), Map.of("node/vault.hcl", "seal \"awskms\" {\n  region = \"eu-west-1\"\n  kms_key_id = \""
                + KEY_ARN + "\"\n}\n"), Map.of("region", "eu-west-1"), "prod");
        assertEquals(1, run("seal-key-cross-region", rendered).size());
    }
}
