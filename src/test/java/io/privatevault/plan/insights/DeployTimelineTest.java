package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.AwsSchema.*;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.privatevault.plan.insights.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeployTimelineTest {
    private static final DeployTimeline TIMELINE = DeployTimeline.load();

    private static List<String> names(CriticalPath path) {
        return path.steps().stream().map(CriticalPath.Step::name).toList();
    }

    @Test
    void longestChainFollowsDependenciesAndWeights() {
        var key = res(KmsKey.TYPE, "key").build();                                   // 10
        var lt = res(LaunchTemplate.TYPE, "lt").dep(key).build();                      // 3
        var asg = res(AutoScalingGroup.TYPE, "asg").dep(lt).build();                  // 300
        var nlb = res(LoadBalancer.TYPE, "nlb").build();                              // 180
        var record = res(HostedZone.TYPE, "zone").build();                            // 60
        var path = TIMELINE.criticalPath(List.of(record, nlb, asg, lt, key));
        assertEquals(List.of("key", "lt", "asg"), names(path));
        assertEquals(313, path.chainSeconds());
        assertEquals(List.of(10.0, 13.0, 313.0), path.steps().stream().map(CriticalPath.Step::readyAtSeconds).toList());
        assertEquals((313 + 30) / 60.0, path.estimatedMinutes(), 1e-9);
        assertTrue(path.toText().contains("~5.7 min"), path.toText());
    }

    @Test
    void dependingOnAComponentWaitsForEverythingInside() {
        var component = res("private-vault:index:InternalNlb", "nlb").component().build();
        var lb = res(LoadBalancer.TYPE, "nlb-lb").parent(component).build();        // 180
        var tg = res(TargetGroup.TYPE, "nlb-tg").parent(component).build();          // 3
        var zone = res(HostedZone.TYPE, "zone").build();                              // 60
        // The record takes the component's dnsName output: its dependency is the component URN.
        var record = res("aws:route53/record:Record", "vault-alias").dep(component, zone).build(); // 45
        var path = TIMELINE.criticalPath(List.of(component, lb, tg, zone, record));
        assertEquals(List.of("nlb-lb", "vault-alias"), names(path));
        assertEquals(225, path.chainSeconds());
    }

    @Test
    void childWaitsForItsCustomParentAndComponentsCostNothing() {
        var vpc = res(Vpc(), "vpc").build();
        var subnet = res(Subnet.TYPE, "subnet").parent(vpc).build();
        var endpoint = res(ClientVpnEndpoint.TYPE, "vpn").build();
        var assoc = res(ClientVpnAssociation.TYPE, "assoc").dep(endpoint, subnet).build();
        var path = TIMELINE.criticalPath(List.of(vpc, subnet, endpoint, assoc));
        assertEquals(List.of("vpn", "assoc"), names(path));
        assertEquals(450, path.chainSeconds());
        var component = res("private-vault:index:ClientVpn", "c").component().build();
        assertEquals(0, TIMELINE.seconds(component));
    }

    private static String Vpc() {
        return "aws:ec2/vpc:Vpc";
    }

    @Test
    void cyclesAreCutAndReportedUnknownTypesUseTheDefault() {
        var a = new RecordedResource(Fixtures.urn("x:index:A", "a"), "x:index:A", "a", null, true, java.util.Map.of(),
                Set.of(Fixtures.urn("x:index:B", "b")));
        var b = new RecordedResource(Fixtures.urn("x:index:B", "b"), "x:index:B", "b", null, true, java.util.Map.of(),
                Set.of(Fixtures.urn("x:index:A", "a")));
        var path = TIMELINE.criticalPath(List.of(a, b));
        assertEquals(10, path.chainSeconds());
        assertTrue(path.warnings().stream().anyMatch(w -> w.startsWith("dependency cycle cut")), path.warnings().toString());
        assertTrue(path.warnings().stream().anyMatch(w -> w.contains("x:index:A is not in creation-times.json")), path.warnings().toString());
    }

    @Test
    void goodStackPathRunsThroughTheVpnAssociation() {
        var path = TIMELINE.criticalPath(GoodStack.resources());
        assertEquals("vpn-assoc-a", path.steps().get(path.steps().size() - 1).name(), path.toText());
        assertEquals(30 + 420, path.chainSeconds(), path.toText());
    }

    @Test
    void dependencyImpliedByAnotherPrerequisiteIsRedundant() {
        var key = res(KmsKey.TYPE, "key").build();
        var group = res(SecurityGroup.TYPE, "sg").build();
        var lt = res(LaunchTemplate.TYPE, "lt").dep(key, group).build();
        // The ASG needs the launch template; its dependsOn on the key and the group adds nothing.
        var asg = res(AutoScalingGroup.TYPE, "asg").dep(lt, key, group).build();
        var zone = res(HostedZone.TYPE, "zone").build();
        var record = res("aws:route53/record:Record", "r").dep(zone, asg).build();
        var redundant = TIMELINE.redundantDependencies(List.of(key, group, lt, asg, zone, record));
        assertEquals(Set.of(new DeployTimeline.RedundantDependency(asg.urn(), group.urn(), lt.urn()),
                new DeployTimeline.RedundantDependency(asg.urn(), key.urn(), lt.urn())), Set.copyOf(redundant));
        assertEquals(2, redundant.size());
        // Given the explicit dependsOn only (here: the key), just that one is reported.
        var explicit = TIMELINE.redundantDependencies(List.of(key, group, lt, asg, zone, record),
                r -> r.urn().equals(asg.urn()) ? Set.of(key.urn()) : Set.of());
        assertEquals(List.of(new DeployTimeline.RedundantDependency(asg.urn(), key.urn(), lt.urn())), explicit);
    }

    @Test
    void componentTreeAloneNeverMakesADependencyRedundant() {
        var component = res("private-vault:index:InternalNlb", "nlb").component().build();
        var lb = res(LoadBalancer.TYPE, "nlb-lb").parent(component).build();
        var tg = res(TargetGroup.TYPE, "nlb-tg").parent(component).build();
        // Depending on the component and on one of its children: neither edge is implied by the other alone.
        var record = res("aws:route53/record:Record", "r").dep(component, lb).build();
        assertEquals(List.of(), TIMELINE.redundantDependencies(List.of(component, lb, tg, record)));
        assertEquals(List.of(), TIMELINE.redundantDependencies(GoodStack.resources()));
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        List<RecordedResource> chain = new ArrayList<>();
        RecordedResource previous = null;
        for (int i = 0; i < 20_000; i++) {
            var b = res(SecurityGroup.TYPE, "sg" + i);
            if (previous != null) {
                b.dep(previous);
            }
            previous = b.build();
            chain.add(previous);
        }
        var path = TIMELINE.criticalPath(chain);
        assertEquals(20_000, path.steps().size());
        assertEquals(80_000, path.chainSeconds());
    }

    @Test
    void everyAwsSchemaTypeHasACreationTime() {
        for (Class<?> nested : AwsSchema.class.getDeclaredClasses()) {
            try {
                String type = (String) nested.getField("TYPE").get(null);
                assertTrue(TIMELINE.knows(type), type);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
