package io.privatevault.components;

import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static io.privatevault.components.BackupBucketTest.REPLICA_KEY;
import static io.privatevault.components.BackupBucketTest.args;
import static org.junit.jupiter.api.Assertions.*;

/** Every rule of {@link BackupBucketArgs}: the message names the setting, the value and what is allowed. */
class BackupBucketArgsTest {
    static void rejects(String message, Executable build) {
        var error = assertThrows(InvalidSettingException.class, build);
        assertEquals(message, error.getMessage());
    }

    @Test
    void aBadArgumentFromAnyLanguageRegistersNothing() throws ReflectiveOperationException {
        var field = BackupBucketArgs.Builder.class.getDeclaredField("args");
        field.setAccessible(true);
        var bad = (BackupBucketArgs) field.get(args().snapshotExpirationDays(0));
        var result = MockRun.of("test", "dev", new AwsMocks("eu-west-1", "111122223333"))
                .run(ctx -> new BackupBucket("vault-backups", bad, null));
        assertTrue(result.errors().stream().anyMatch(e -> e.equals("BackupBucketArgs.snapshotExpirationDays must be between 1 and 3650, got 0")),
                result.errors().toString());
        assertEquals(List.of(), result.resources().stream().filter(r -> !r.type().equals("pulumi:pulumi:Stack")).toList());
    }

    @Test
    void needsTheEncryptionKey() {
        rejects("BackupBucketArgs.kmsKeyArn must be set (the KmsSeal data key ARN), got nothing", () -> BackupBucketArgs.builder().build());
    }

    @Test
    void snapshotPrefixIsARelativeFolder() {
        for (String bad : List.of("raft-snapshots", "/raft-snapshots/", "Raft/", "raft//snapshots/", "")) {
            rejects("BackupBucketArgs.snapshotPrefix must be lower-case path segments of letters, digits, '.', '_' or '-', ending in '/',"
                    + " e.g. raft-snapshots/, got '" + bad + "'", () -> args().snapshotPrefix(bad).build());
        }
        assertDoesNotThrow(() -> args().snapshotPrefix("prod/raft_snapshots.v1/").build());
    }

    @Test
    void lifecycleDaysStayInRange() {
        rejects("BackupBucketArgs.snapshotExpirationDays must be between 1 and 3650, got 0", () -> args().snapshotExpirationDays(0).build());
        rejects("BackupBucketArgs.snapshotExpirationDays must be between 1 and 3650, got 3651", () -> args().snapshotExpirationDays(3651).build());
        rejects("BackupBucketArgs.noncurrentVersionExpirationDays must be between 1 and 3650, got -1",
                () -> args().noncurrentVersionExpirationDays(-1).build());
        rejects("BackupBucketArgs.abortIncompleteUploadDays must be between 1 and 30, got 31", () -> args().abortIncompleteUploadDays(31).build());
    }

    @Test
    void replicaNeedsARegionAndAKeyTogether() {
        rejects("BackupBucketArgs.replicaRegion must be an AWS region such as eu-central-1, got 'frankfurt'",
                () -> args().replica("frankfurt", REPLICA_KEY).build());
        rejects("BackupBucketArgs.replicaKmsKeyArn must be unset unless replicaRegion is set, got '(set)'",
                () -> args().replica(null, REPLICA_KEY).build());
    }

    @Test
    void bucketNamesFollowS3RulesWithoutDots() {
        String allowed = "3-63 lower-case letters, digits and '-', starting and ending with a letter or digit"
                + " (no dots: they break TLS for virtual-hosted requests)";
        for (String bad : List.of("vault.backups", "Vault-Backups", "vb", "vault-backups-", "xn--vault", "vault-s3alias")) {
            rejects("BackupBucketArgs.bucketName must be " + allowed + ", got '" + bad + "'", () -> args().bucketName(bad).build());
        }
        rejects("BackupBucketArgs.bucketName must be at most 55 characters when replicaRegion is set (the replica is named <bucketName>-replica),"
                        + " got '" + "b".repeat(56) + "'",
                () -> args().bucketName("b".repeat(56)).replica("eu-central-1", REPLICA_KEY).build());
        rejects("BackupBucketArgs.accessLogBucket must be an S3 bucket name (3-63 lower-case letters, digits, '.' and '-'), got 'Logs'",
                () -> args().accessLogBucket("Logs").build());
        assertDoesNotThrow(() -> args().accessLogBucket("logs.example.com").build());
    }

    @Test
    void generatedNamePrefixIsAlwaysS3Safe() {
        var args = args().build();
        assertEquals("vault-backups-", args.bucketPrefix("Vault_Backups"));
        assertEquals("vault-backups-", args.bucketPrefix("x"));
        String longName = "a-very-long-component-name-for-the-production-backups";
        String longPrefix = args.bucketPrefix(longName);
        assertTrue(longPrefix.length() <= 37 && longPrefix.matches("[a-z0-9][a-z0-9-]*[a-z0-9]-"), longPrefix);
        String replicaPrefix = args.replicaBucketPrefix(longName);
        assertTrue(replicaPrefix.length() <= 37 && replicaPrefix.endsWith("-replica-"), replicaPrefix);
        assertNotEquals(longPrefix, replicaPrefix);
        assertEquals("vault-backups-replica-", args.replicaBucketPrefix("vault-backups"));
    }
}
