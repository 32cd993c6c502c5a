package io.privatevault.components.support;

import io.privatevault.components.KmsSealArgs;
import io.privatevault.components.VaultRaftClusterArgs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The collector every Args class validates with: all problems at once, comparisons only between valid values. */
class ProblemsTest {
    @Test
    void collectsEveryProblemAndThrowsOnceListingThemAll() {
        var p = Problems.of("XArgs");
        p.between("a", 0, 1, 3);
        p.safeName("b", "Not Safe");
        p.require(true, "c", 1, "fine");
        var error = assertThrows(InvalidSettingException.class, p::orThrow);
        assertEquals(List.of("XArgs.a", "XArgs.b"), error.problems().stream().map(Problem::setting).toList());
        assertEquals("XArgs.a must be between 1 and 3, got 0\nXArgs.b must be lower-case letters, digits and '-', starting with a letter"
                + " and not ending with '-', at most 63 characters, got 'Not Safe'", error.getMessage());
        assertEquals("XArgs.a", error.setting());
    }

    @Test
    void aComparisonIsSkippedWhileAComparedValueIsWrongAndRecordsWhatItComparedWith() {
        var p = Problems.of("XArgs");
        p.between("shares", 0, 1, 10);
        assertTrue(p.compare(false, "threshold", 3, "at most shares", "shares"), "skipped: shares is wrong itself");
        assertEquals(1, p.list().size());

        var q = Problems.of("XArgs");
        assertFalse(q.compare(false, "threshold", 6, "at most shares (5)", "shares"));
        assertEquals(List.of("XArgs.shares"), q.list().get(0).comparedWith());
    }

    @Test
    void nestedCollectorsShareTheListAndValidCoversNestedFields() {
        var p = Problems.of("XArgs");
        p.at("tenants[0]").safeName("name", "X");
        assertFalse(p.valid("tenants"));
        assertFalse(p.valid("tenants[0]"));
        assertTrue(p.valid("tenants[1]"));
        assertEquals("XArgs.tenants[0].name", p.list().get(0).setting());
        assertNull(p.cidr("cidr", "10.0.0.1/8"), "an invalid CIDR yields null and a problem");
        assertEquals(2, p.list().size());
    }

    @Test
    void uniqueReportsEachDuplicateOnce() {
        var p = Problems.of("XArgs");
        p.unique("zones", List.of("a", "a", "a", "b", "b"));
        assertEquals(List.of("a", "b"), p.list().stream().map(Problem::value).toList());
    }

    @Test
    void aBuilderThrowsOneExceptionListingEveryProblem() {
        var error = assertThrows(InvalidSettingException.class, () -> KmsSealArgs.builder()
                .deletionWindowDays(3).aliasPrefix("alias/aws/x").build());
        assertEquals(List.of("KmsSealArgs.sealPrincipalArns", "KmsSealArgs.deletionWindowDays", "KmsSealArgs.aliasPrefix"),
                error.problems().stream().map(Problem::setting).toList());

        var cluster = assertThrows(InvalidSettingException.class, () -> VaultRaftClusterArgs.builder()
                .dnsZoneName("tooling.internal").vaultVersion("1.20.4").vaultSha256("0".repeat(64))
                .nodeCount(4).recoveryShares(0).recoveryThreshold(3).build());
        var settings = cluster.problems().stream().map(Problem::setting).toList();
        assertTrue(settings.contains("VaultRaftClusterArgs.nodeCount"), settings.toString());
        assertTrue(settings.contains("VaultRaftClusterArgs.recoveryShares"), settings.toString());
        assertFalse(settings.contains("VaultRaftClusterArgs.recoveryThreshold"), "judged against a share count that is wrong itself: " + settings);
        assertTrue(settings.contains("VaultRaftClusterArgs.vpcId"), "required outputs are listed too: " + settings);
    }
}
