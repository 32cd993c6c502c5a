package io.privatevault.components.support;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Stack-scoped physical names: deterministic, distinct per project and stack, within AWS's length limits. */
class PhysicalNamesTest {
    @Test
    void scopedCarriesProjectStackAndComponentInCharactersEveryServiceAccepts() {
        assertEquals("private-vault-dev-vault", PhysicalNames.scoped("private-vault", "dev", "vault"));
        assertEquals("team-a-blue-green-vault-vpn", PhysicalNames.scoped("Team_A", "blue.green", "vault--vpn"));
        assertNotEquals(PhysicalNames.scoped("private-vault", "dev", "vault"), PhysicalNames.scoped("private-vault", "prod", "vault"));
    }

    @Test
    void fitKeepsShortNamesAndHashesLongOnesDeterministically() {
        assertEquals("short", PhysicalNames.fit("short", 63));
        String longName = "private-vault-" + "x".repeat(60) + "-vault";
        String fitted = PhysicalNames.fit(longName, 63);
        assertEquals(63, fitted.length(), fitted);
        assertEquals(fitted, PhysicalNames.fit(longName, 63), "the same name on every run");
        assertNotEquals(fitted, PhysicalNames.fit(longName + "2", 63));
        // A head ending in '-' is trimmed, never doubled before the hash.
        assertFalse(PhysicalNames.fit("a".repeat(53) + "-" + "b".repeat(20), 63).contains("--"));
    }
}
