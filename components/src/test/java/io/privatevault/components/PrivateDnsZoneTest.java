package io.privatevault.components;

import com.pulumi.core.Output;
import io.privatevault.components.dns.DnsCrossAccountVpcArgs;
import io.privatevault.components.dns.DnsVpcAssociationArgs;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PrivateDnsZoneTest {
    static final String NLB = "vault-nlb-0123456789abcdef.elb.eu-west-1.amazonaws.com";

    static PrivateDnsZoneArgs.Builder args() {
        return PrivateDnsZoneArgs.builder()
                .zoneName("tooling.internal")
                .vpcId(Output.of("vpc-0vault0000000000"))
                .nlbDnsName(Output.of(NLB))
                .nlbZoneId(Output.of("Z2IFOLAFXWLO4F"));
    }

    static MockRun.Result run(PrivateDnsZoneArgs.Builder args) {
        var result = MockRun.of("test", "dev", new AwsMocks("eu-west-1", "111122223333")).run(ctx -> {
            var zone = new PrivateDnsZone("dns", args.build(), null);
            ctx.export("vaultFqdn", zone.vaultFqdn);
            ctx.export("zoneId", zone.zoneId);
        });
        assertFalse(result.failed(), result.errors().toString());
        return result;
    }

    @Test
    void privateZoneWithAnAliasThatEvaluatesTargetHealth() {
        var result = run(args());
        var zone = result.one("aws:route53/zone:Zone");
        assertEquals("tooling.internal", zone.input("name"));
        assertEquals("vpc-0vault0000000000", zone.input("vpcs.0.vpcId"));
        assertEquals(false, zone.input("forceDestroy"));
        var record = result.one("aws:route53/record:Record");
        assertEquals("vault.tooling.internal", record.input("name"));
        assertEquals("A", record.input("type"));
        assertEquals(NLB, record.input("aliases.0.name"));
        assertEquals("Z2IFOLAFXWLO4F", record.input("aliases.0.zoneId"));
        assertEquals(true, record.input("aliases.0.evaluateTargetHealth"));
        assertEquals(result.outputs().get("zoneId"), record.input("zoneId"));
        assertEquals("vault.tooling.internal", result.outputs().get("vaultFqdn"));
    }

    @Test
    void associatesMoreVpcsAndAuthorisesOtherAccounts() {
        var result = run(args()
                .additionalVpcs(List.of(DnsVpcAssociationArgs.of(Output.of("vpc-0apps000000000000"), null),
                        DnsVpcAssociationArgs.of(Output.of("vpc-0ci00000000000000"), "eu-central-1")))
                .crossAccountVpcs(List.of(DnsCrossAccountVpcArgs.of(Output.of("vpc-0other0000000000"), "eu-west-1", "444455556666"))));
        var associations = result.ofType("aws:route53/zoneAssociation:ZoneAssociation");
        assertEquals(2, associations.size());
        assertEquals("vpc-0apps000000000000", result.named("aws:route53/zoneAssociation:ZoneAssociation", "dns-vpc-0").input("vpcId"));
        assertEquals("eu-central-1", result.named("aws:route53/zoneAssociation:ZoneAssociation", "dns-vpc-1").input("vpcRegion"));
        var authorisation = result.one("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization");
        assertEquals("vpc-0other0000000000", authorisation.input("vpcId"));
        assertEquals("eu-west-1", authorisation.input("vpcRegion"));
        assertEquals(result.outputs().get("zoneId"), authorisation.input("zoneId"));
        assertEquals("dns-authorize-444455556666-0", authorisation.name());
        for (var association : associations) {
            assertEquals(result.outputs().get("zoneId"), association.input("zoneId"));
        }
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("PrivateDnsZoneArgs.zoneName must be a lower-case DNS name of two or more labels (letters, digits, '-'), e.g. tooling.internal, got 'Tooling'",
                assertThrows(InvalidSettingException.class, () -> args().zoneName("Tooling").build()).getMessage());
        assertEquals("PrivateDnsZoneArgs.crossAccountVpcs[0].accountId must be a 12-digit AWS account id, got '1234'",
                assertThrows(InvalidSettingException.class, () -> args().crossAccountVpcs(List.of(
                        DnsCrossAccountVpcArgs.of(Output.of("vpc-1"), "eu-west-1", "1234"))).build()).getMessage());
        assertEquals("PrivateDnsZoneArgs.recordName must be one lower-case DNS label (letters, digits, '-', at most 63 characters), got 'vault.x'",
                assertThrows(InvalidSettingException.class, () -> args().recordName("vault.x").build()).getMessage());
    }
}
