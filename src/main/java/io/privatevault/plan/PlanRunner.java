package io.privatevault.plan;

import io.privatevault.components.testing.AwsMocks;
import io.privatevault.components.testing.MockRun;
import io.privatevault.components.testing.Secret;
import io.privatevault.plan.insights.NetworkIntent;
import io.privatevault.plan.insights.PlanInsights;
import io.privatevault.plan.insights.Suppression;
import io.privatevault.stack.StackSettings;
import io.privatevault.stack.VaultPlatform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the composition for validated settings under the SDK mock engine and collects a {@link PlanReport}. */
public final class PlanRunner {
    /** The account id mock ARNs carry: AWS's documentation example account, obviously not a real one. */
    public static final String PLAN_ACCOUNT_ID = "123456789012";

    private PlanRunner() {
    }

    public static PlanReport run(StackSettings settings) {
        VaultPlatform[] platform = new VaultPlatform[1];
        MockRun.Result result = mockRun(settings).run(ctx -> platform[0] = VaultPlatform.define(ctx, settings));
        return report(settings, result, platform[0]);
    }

    /** The mock engine run the plan uses for {@code settings}: AWS-shaped mock outputs in the plan account. */
    public static MockRun mockRun(StackSettings settings) {
        return MockRun.of(settings.project(), settings.stack(), new AwsMocks(settings.region(), PLAN_ACCOUNT_ID));
    }

    /**
     * The plan's work after the mock run of {@code VaultPlatform.define(ctx, settings)} that returned
     * {@code platform}: rendered files, notes and insights (the scale benchmark times this too).
     */
    public static PlanReport report(StackSettings settings, MockRun.Result result, VaultPlatform platform) {
        if (result.failed()) {
            throw new PlanFailedException(result.errors());
        }
        Object value = MockRun.value(platform.renderedFiles());
        @SuppressWarnings("unchecked")
        Map<String, String> rendered = value instanceof Secret s ? (Map<String, String>) s.value() : (Map<String, String>) value;
        List<String> notes = new ArrayList<>();
        notes.add("Mock outputs: account " + PLAN_ACCOUNT_ID + ", region " + settings.region()
                + "; ids and ARNs are shaped like AWS's but invented.");
        if (settings.vpn().enabled()) {
            notes.add("private-vault:vpnClientCidr (" + settings.vpn().clientCidr()
                    + ") cannot change after the Client VPN endpoint is created: changing it replaces the endpoint.");
        }
        Map<String, String> files = rendered == null ? Map.of() : rendered;
        var insights = PlanInsights.analyse(result.resources(), files, result.outputs(), settings.environment().id(),
                settings.region(), settings.vpn().enabled() ? settings.vpn().engineers().size() : 0,
                settings.policySuppressions().stream().map(p -> new Suppression(p.rule(), p.urn(), p.reason())).toList(),
                networkIntent(settings));
        return new PlanReport(settings.project(), settings.stack(), settings, result.resources(), result.outputs(),
                insights, files, List.copyOf(notes), result.firstRegistrationMillis());
    }

    /**
     * The services the nodes call on 443 whatever the settings: the KMS seal, the TLS bundle and recovery secret, the
     * CloudWatch agent's logs and metrics, AWS IAM auth and the provisioner login (STS), cloud auto-join and the agent's
     * DescribeTags (EC2), packages and snapshots (S3, through the gateway endpoint).
     */
    static final List<String> NODE_SERVICES = List.of("kms", "secretsmanager", "logs", "monitoring", "sts", "ec2", "s3");
    /** What the SSM agent calls when Session Manager is on. */
    static final List<String> SESSION_SERVICES = io.privatevault.components.network.EndpointCatalog.SESSION_MANAGER;

    /** The flows the settings declare, which the plan's reachability check holds the recorded network to. */
    public static NetworkIntent networkIntent(StackSettings settings) {
        var net = settings.network();
        var services = new ArrayList<>(NODE_SERVICES);
        if (settings.cluster().ssmSessions()) {
            services.addAll(SESSION_SERVICES);
        }
        return new NetworkIntent(net.vpcCidr(), settings.dns().vaultFqdn(),
                net.attachedVpcs().stream().map(a -> new NetworkIntent.AttachedVpc(a.name(), a.cidr(), a.vpcId() == null ? "" : a.vpcId())).toList(),
                net.allowedClientCidrs(), settings.vpn().enabled() ? settings.vpn().clientCidr() : "", services,
                net.existingVpcEndpoints(),
                net.integrationEgress().stream().map(e -> new NetworkIntent.Integration(e.name(), e.cidr(), e.port() == null ? 0 : e.port())).toList(),
                !net.natGateways().equals("none") && settings.cluster().vaultArtifactUrl().isEmpty());
    }

    /** The program itself failed under the mock engine. */
    public static final class PlanFailedException extends RuntimeException {
        public PlanFailedException(List<String> errors) {
            super("the program failed under the mock engine:\n  - " + String.join("\n  - ", errors));
        }
    }
}
