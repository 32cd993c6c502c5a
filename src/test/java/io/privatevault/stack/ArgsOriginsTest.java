package io.privatevault.stack;

import com.pulumi.core.Output;
import com.pulumi.resources.ResourceArgs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every component argument the composition sets from a setting knows that setting, so that a problem a component
 * finds is reported on the key the user wrote. Arguments the program decides itself are listed here on purpose.
 */
class ArgsOriginsTest {
    /** Decided by the program, not by a setting: a component refusing one of these is a defect of the program. */
    private static final Set<String> PROGRAM_OWN = Set.of(
            "tags", "InternalNlbArgs.deletionProtection", "InternalNlbArgs.targetType", "ClientVpnArgs.manageNlbIngress",
            "ClientVpnArgs.engineers[].mode", "VaultBaselineArgs.tenants[].transitKey", "VaultBaselineArgs.caCertFile");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "k8s"})
    void everyArgumentSetFromASettingHasAnOrigin(String stack) throws Exception {
        var s = TestStacks.settings(stack);
        var args = ComponentArgs.forRegistration(s);
        Output<String> text = Output.of("placeholder");
        var kms = new ComponentArgs.Kms(text, text);
        var network = new ComponentArgs.Network(text, Output.of(List.of()), Output.of(List.of()), text, text, text, Output.of(List.of()));
        var nlb = new ComponentArgs.Nlb(text, text, text, text, text);
        var networkArgs = args.network(kms);
        var subnets = args.frontSubnetCidrs(networkArgs);
        var built = new java.util.ArrayList<ResourceArgs>(List.of(args.kms(text), networkArgs, args.backups(kms, text), args.nlb(network),
                args.dns(network, nlb), args.cluster(kms, network, new ComponentArgs.Backups(text, text, text), nlb, subnets)));
        if (s.vpn().enabled()) {
            built.add(args.vpn(kms, network, nlb, text, subnets));
        }
        var unmapped = new TreeSet<String>();
        for (var a : built) {
            walk(a.getClass().getSimpleName(), a, s, unmapped);
        }
        assertEquals(Set.of(), unmapped, "arguments set from settings without an origin in ArgsOrigins");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev-config", "prod-config", "k8s-config"})
    void everyConfigurationArgumentSetFromASettingHasAnOrigin(String stack) throws Exception {
        var s = TestStacks.configuration(stack);
        Output<String> text = Output.of("placeholder");
        var baseline = ConfigurationArgs.forRegistration(s).baseline(new ConfigurationArgs.Platform(text, text, text, text, text, text, text));
        var unmapped = new TreeSet<String>();
        walk(baseline.getClass().getSimpleName(), baseline, s, unmapped);
        assertEquals(Set.of(), unmapped, "arguments set from settings without an origin in ArgsOrigins");
    }

    /** Nested Args classes (named ...Args, as the component contract requires). */
    private static boolean isArgs(Object value) {
        return value != null && value.getClass().getSimpleName().endsWith("Args");
    }

    private static void walk(String path, Object args, StackLayer s, Set<String> unmapped) throws IllegalAccessException {
        for (var field : args.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            Object value = field.get(args);
            String at = path + "." + field.getName();
            if (value == null || value instanceof Output<?> || value instanceof java.util.Collection<?> c && c.isEmpty()) {
                continue;
            }
            if (isArgs(value)) {
                walk(at, value, s, unmapped);
            } else if (value instanceof List<?> list && isArgs(list.get(0))) {
                for (int i = 0; i < list.size(); i++) {
                    walk(at + "[" + i + "]", list.get(i), s, unmapped);
                }
            } else {
                String generic = at.replaceAll("\\[\\d+]", "[]");
                boolean own = PROGRAM_OWN.contains(generic) || PROGRAM_OWN.contains(field.getName());
                String probe = value instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0)) : String.valueOf(value);
                if (!own && ArgsOrigins.origin(at, probe, s).equals(at)) {
                    unmapped.add(generic);
                }
            }
        }
    }
}
