package io.privatevault.components;

import com.pulumi.core.Output;
import io.privatevault.components.nlb.NlbClientSecurityGroupArgs;
import io.privatevault.components.nlb.VaultHealthCheck;
import io.privatevault.components.support.InvalidSettingException;
import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class InternalNlbTest {
    static InternalNlbArgs.Builder args() {
        return InternalNlbArgs.builder()
                .vpcId(Output.of("vpc-0123456789abcdef0"))
                .subnetIds(Output.of(List.of("subnet-a", "subnet-b", "subnet-c")))
                .targetCidr(Output.of("10.42.0.0/16"))
                .clientCidrs(List.of("10.50.0.0/16", "172.16.0.0/22"))
                .clientSecurityGroups(List.of(NlbClientSecurityGroupArgs.of(Output.of("sg-0vpn000000000000"), "Client VPN")));
    }

    static MockRun.Result run(InternalNlbArgs.Builder args) {
        var result = MockRun.of("test", "dev", new AwsMocks("eu-west-1", "111122223333")).run(ctx -> {
            var nlb = new InternalNlb("vault", args.build(), null);
            ctx.export("dnsName", nlb.dnsName);
            ctx.export("zoneId", nlb.zoneId);
            ctx.export("worstCaseRemovalSeconds", nlb.worstCaseRemovalSeconds);
        });
        assertFalse(result.failed(), result.errors().toString());
        return result;
    }

    @Test
    void internalNlbWithItsOwnSecurityGroupAndCrossZone() {
        var result = run(args());
        var lb = result.one("aws:lb/loadBalancer:LoadBalancer");
        assertEquals("network", lb.input("loadBalancerType"));
        assertEquals(true, lb.input("internal"));
        assertEquals(true, lb.input("enableCrossZoneLoadBalancing"));
        assertEquals(true, lb.input("enableDeletionProtection"), "deletion protection is the default");
        assertEquals(List.of("subnet-a", "subnet-b", "subnet-c"), lb.input("subnets"));
        var sg = result.one("aws:ec2/securityGroup:SecurityGroup");
        assertEquals(1, ((List<?>) lb.input("securityGroups")).size(), "created with its security group");
        assertTrue(lb.dependencies().contains(sg.urn()));
        assertEquals(false, run(args().deletionProtection(false)).one("aws:lb/loadBalancer:LoadBalancer").input("enableDeletionProtection"));
        assertEquals("Z2IFOLAFXWLO4F", result.outputs().get("zoneId"));
    }

    @Test
    void securityGroupAdmitsOnlyDeclaredClientsOnTheVaultPort() {
        var result = run(args());
        var ingress = result.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assertEquals(3, ingress.size());
        for (var rule : ingress) {
            assertEquals(8200L, rule.input("fromPort"));
            assertEquals(8200L, rule.input("toPort"));
            assertEquals("tcp", rule.input("ipProtocol"));
        }
        assertEquals("10.50.0.0/16", result.named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "vault-client-cidr-0").input("cidrIpv4"));
        assertEquals("172.16.0.0/22", result.named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "vault-client-cidr-1").input("cidrIpv4"));
        assertEquals("sg-0vpn000000000000", result.named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "vault-client-sg-0").input("referencedSecurityGroupId"));
        var egress = result.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
        assertEquals("10.42.0.0/16", egress.input("cidrIpv4"));
        assertEquals(8200L, egress.input("fromPort"));
        assertEquals(8200L, egress.input("toPort"));
    }

    @Test
    void tcpPassthroughWithHttpsHealthChecksThatAdmitActiveAndStandbyOnly() {
        var result = run(args());
        var listener = result.one("aws:lb/listener:Listener");
        assertEquals("TCP", listener.input("protocol"));
        assertEquals(8200L, listener.input("port"));
        assertNull(listener.input("certificateArn"), "TLS passes through to Vault");
        assertEquals("forward", listener.input("defaultActions.0.type"));
        var tg = result.one("aws:lb/targetGroup:TargetGroup");
        assertEquals("TCP", tg.input("protocol"));
        assertEquals("instance", tg.input("targetType"));
        assertEquals("HTTPS", tg.input("healthCheck.protocol"));
        assertEquals("traffic-port", tg.input("healthCheck.port"));
        assertEquals("/v1/sys/health?standbyok=true&perfstandbyok=true", tg.input("healthCheck.path"));
        assertEquals("200", tg.input("healthCheck.matcher"), "sealed 503, uninitialised 501, removed 530 stay unhealthy");
        assertEquals(5L, tg.input("healthCheck.interval"));
        assertEquals(4L, tg.input("healthCheck.timeout"));
        assertEquals(2L, tg.input("healthCheck.healthyThreshold"));
        assertEquals(2L, tg.input("healthCheck.unhealthyThreshold"));
        assertEquals(15L, tg.input("deregistrationDelay"));
        assertEquals(true, tg.input("connectionTermination"));
        assertEquals(true, tg.input("targetHealthStates.0.enableUnhealthyConnectionTermination"));
        assertEquals("true", tg.input("preserveClientIp"));
        assertEquals(14L, ((Number) result.outputs().get("worstCaseRemovalSeconds")).longValue());
        assertEquals(14, VaultHealthCheck.worstCaseRemovalSeconds());
    }

    @Test
    void ipTargetsForKubernetes() {
        var tg = run(args().targetType("ip")).one("aws:lb/targetGroup:TargetGroup");
        assertEquals("ip", tg.input("targetType"));
        assertEquals("/v1/sys/health?standbyok=true&perfstandbyok=true", tg.input("healthCheck.path"));
        // "By default, client IP preservation is enabled ... for instance type target groups ... IP type target groups
        // (TCP, TLS): Disabled" (ELB, Edit target group attributes for your Network Load Balancer): set explicitly,
        // Vault's audit log and CIDR-bound logins see the caller on Kubernetes too.
        assertEquals("true", tg.input("preserveClientIp"));
        assertEquals("false", run(args().targetType("ip").preserveClientIp(false)).one("aws:lb/targetGroup:TargetGroup")
                .input("preserveClientIp"));
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("InternalNlbArgs.targetType must be instance or ip, got 'lambda'",
                assertThrows(InvalidSettingException.class, () -> args().targetType("lambda").build()).getMessage());
        assertEquals("InternalNlbArgs.clientCidrs must be private client ranges, never 0.0.0.0/0, got '0.0.0.0/0'",
                assertThrows(InvalidSettingException.class, () -> args().clientCidrs(List.of("0.0.0.0/0")).build()).getMessage());
        assertEquals("InternalNlbArgs.clientCidrs must be a CIDR block whose host bits are zero (did you mean 10.50.0.0/16?), got '10.50.1.0/16'",
                assertThrows(InvalidSettingException.class, () -> args().clientCidrs(List.of("10.50.1.0/16")).build()).getMessage());
    }
}
