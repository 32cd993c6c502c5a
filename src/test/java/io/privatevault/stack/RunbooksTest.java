package io.privatevault.stack;

import io.privatevault.components.VaultRaftCluster;
import io.privatevault.components.cluster.ClusterAlarms;
import io.privatevault.components.cluster.NodeFiles;
import io.privatevault.components.cluster.LifecycleHooks;
import io.privatevault.components.cluster.NodeSpec;
import io.privatevault.components.nlb.VaultHealthCheck;
import io.privatevault.components.testing.RecordedResource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/runbooks.md quotes the numbers and names the code uses: each sentence below is built from the constant (or the
 * planned resource input) it describes, so changing the code without the runbook fails here, and names that do not
 * exist (outputs the stacks do not export, old log group paths) are refused.
 */
class RunbooksTest {
    static String runbooks;

    @BeforeAll
    static void read() throws Exception {
        runbooks = Files.readString(TestStacks.projectDir().resolve(Path.of("docs", "runbooks.md"))).replaceAll("\\s+", " ");
    }

    private static void quotes(String sentence) {
        assertTrue(runbooks.contains(sentence), "docs/runbooks.md must say: " + sentence);
    }

    private static Object input(String type, String nameSuffix, String property) {
        List<RecordedResource> found = TestStacks.plan("dev").resources().stream()
                .filter(r -> r.type().equals(type) && r.name().endsWith(nameSuffix)).toList();
        assertEquals(1, found.size(), type + " *" + nameSuffix);
        return found.get(0).input(property);
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }

    @Test
    void replacementNumbersAreTheCodes() {
        int outOfPool = VaultHealthCheck.INTERVAL_SECONDS * VaultHealthCheck.UNHEALTHY_THRESHOLD + VaultHealthCheck.TIMEOUT_SECONDS;
        quotes("takes it out of the pool within " + outOfPool + " s (" + VaultHealthCheck.UNHEALTHY_THRESHOLD + " failed checks "
                + VaultHealthCheck.INTERVAL_SECONDS + " s apart, each waiting up to " + VaultHealthCheck.TIMEOUT_SECONDS + " s)");
        int grace = number(input("aws:autoscaling/group:Group", "", "healthCheckGracePeriod"));
        quotes("after the " + grace + " s grace period of a new instance, `healthCheckGracePeriodSeconds`");
        int minHealthy = number(input("aws:autoscaling/group:Group", "", "instanceRefresh.preferences.minHealthyPercentage"));
        assertEquals(LifecycleHooks.MIN_HEALTHY_PERCENTAGE, minHealthy);
        quotes("minimum healthy " + minHealthy + " %, with room for one more instance");
        quotes("removes a dead Raft peer after " + NodeSpec.Autopilot.DEAD_SERVER_THRESHOLD + " without contact");
        quotes("(launch lifecycle hook, at most " + LifecycleHooks.LAUNCH_TIMEOUT_SECONDS + " s, then abandoned)");
        quotes("(termination lifecycle hook, at most " + LifecycleHooks.TERMINATE_TIMEOUT_SECONDS + " s)");
        quotes("the refresh then waits the " + LifecycleHooks.INSTANCE_WARMUP_SECONDS + " s warm-up");
        quotes("the group tagged `" + VaultRaftCluster.AUTO_JOIN_TAG + "=<project>-<stack>`");
    }

    @Test
    void certificateNumbersAreTheCodes() {
        int validity = number(input("tls:index/locallySignedCert:LocallySignedCert", "-node", "validityPeriodHours"));
        int early = number(input("tls:index/locallySignedCert:LocallySignedCert", "-node", "earlyRenewalHours"));
        quotes("valid for `certValidityHours` (default " + validity + " h, one year)");
        quotes("(default " + early + " h, " + early / 24 + " days)");
        quotes("the certificate it serves every " + NodeFiles.CERT_CHECK_INTERVAL_MINUTES + " minutes");
        quotes("the alarm fires below " + ClusterAlarms.CERTIFICATE_DAYS + " days");
    }

    @Test
    void namesAreTheOnesTheStacksHave() {
        var outputs = TestStacks.plan("dev").outputs().keySet();
        var named = Pattern.compile("`(\\w+)` output|<(\\w+) output>").matcher(runbooks);
        int seen = 0;
        while (named.find()) {
            String output = named.group(1) != null ? named.group(1) : named.group(2);
            assertTrue(outputs.contains(output), "runbooks name a stack output the platform stack does not export: " + output);
            seen++;
        }
        assertTrue(seen >= 3, "the runbooks name the outputs they use");
        String serverLogs = "/private-vault/" + TestStacks.settings("dev").project() + "-dev/server";
        assertEquals(serverLogs, input("aws:cloudwatch/logGroup:LogGroup", "-server-logs", "name"));
        quotes("/private-vault/<project>-<stack>/server");
        for (String stale : List.of("<asgName>", "tlsSecretArn", "/private-vault/vault/", "10 minutes", "300 s warm-up", "(n-1)/n",
                "clientConfigs", "clientCertificateSerials")) {
            assertFalse(runbooks.contains(stale), "docs/runbooks.md still says " + stale);
        }
    }
}
