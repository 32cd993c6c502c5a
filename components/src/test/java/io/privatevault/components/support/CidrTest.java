package io.privatevault.components.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one "broad or public range" rule that components, settings and plan checks share. */
class CidrTest {
    @Test
    void privateRangesAreRfc1918AndRfc6598() {
        assertEquals("[10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10]", Cidr.PRIVATE_RANGES.toString());
        Cidr.PRIVATE_RANGES.forEach(r -> assertEquals(r, Cidr.parse(r.toString()), "host bits zero"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.60.8.0/24|",
            "10.42.0.0/16|",
            "100.64.12.0/22|",
            "192.168.1.7/32|",
            "0.0.0.0/0|the whole internet",
            "128.0.0.0/1|public addresses",
            "8.8.8.0/24|public addresses",
            "172.32.0.0/16|public addresses",
            "100.128.0.0/16|public addresses",
            "10.0.0.0/8|wider than /16 (16777216 addresses, more than any VPC holds)",
            "172.16.0.0/12|wider than /16 (1048576 addresses, more than any VPC holds)",
            "10.40.0.0/15|wider than /16 (131072 addresses, more than any VPC holds)",
    })
    void aClientRangeIsPrivateAndNoWiderThanAVpc(String cidr, String problem) {
        assertEquals(problem, Cidr.parse(cidr).clientRangeProblem(), cidr);
    }

    @Test
    void problemsNameTheFieldTheValueAndWhatIsAllowed() {
        var p = Problems.of("VaultTenantArgs");
        assertNull(p.clientCidr("secretIdBoundCidrs", "0.0.0.0/0"));
        assertEquals(Cidr.parse("10.1.0.0/24"), p.clientCidr("secretIdBoundCidrs", "10.1.0.0/24"));
        assertNull(p.clientCidr("tokenBoundCidrs", "10.1.0.1/24"));
        var messages = p.list().stream().map(Problem::message).toList();
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("VaultTenantArgs.secretIdBoundCidrs must be " + Cidr.CLIENT_RANGE_ALLOWED
                + "; this one is the whole internet"), messages.get(0));
        assertTrue(messages.get(0).contains("0.0.0.0/0"), messages.get(0));
        assertTrue(messages.get(1).contains("host bits"), messages.get(1));
        assertFalse(Cidr.parse("10.0.0.0/8").isPrivate() && !Cidr.parse("10.0.0.0/8").isBroad());
    }
}
