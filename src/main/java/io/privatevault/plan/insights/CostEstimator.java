package io.privatevault.plan.insights;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.AwsSchema.AutoScalingGroup;
import io.privatevault.plan.insights.AwsSchema.Bucket;
import io.privatevault.plan.insights.AwsSchema.ClientVpnAssociation;
import io.privatevault.plan.insights.AwsSchema.ClientVpnEndpoint;
import io.privatevault.plan.insights.AwsSchema.Eip;
import io.privatevault.plan.insights.AwsSchema.HostedZone;
import io.privatevault.plan.insights.AwsSchema.KmsKey;
import io.privatevault.plan.insights.AwsSchema.LaunchTemplate;
import io.privatevault.plan.insights.AwsSchema.LoadBalancer;
import io.privatevault.plan.insights.AwsSchema.LogGroup;
import io.privatevault.plan.insights.AwsSchema.Dashboard;
import io.privatevault.plan.insights.AwsSchema.MetricAlarm;
import io.privatevault.plan.insights.AwsSchema.NatGateway;
import io.privatevault.plan.insights.AwsSchema.SecretsManagerSecret;
import io.privatevault.plan.insights.AwsSchema.Topic;
import io.privatevault.plan.insights.AwsSchema.VpcEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Prices the registered resources with {@code prices.json}: per resource and in total, every assumption stated. */
public final class CostEstimator {
    static final String PRIVATE_CA_CERTIFICATE = "aws:acmpca/certificate:Certificate";
    static final String ACM_CERTIFICATE = "aws:acm/certificate:Certificate";
    /** ACM User Guide, "Private certificates": "ACM attempts to renew a private certificate automatically after 11 months." */
    static final int ACM_PRIVATE_RENEWAL_MONTHS = 11;
    private static final String PRICES = "prices.json";
    private final JsonObject table;

    private CostEstimator(JsonObject table) {
        this.table = table;
    }

    /** The price table shipped with the plan. */
    public static CostEstimator load() {
        try (InputStream in = CostEstimator.class.getResourceAsStream(PRICES)) {
            if (in == null) {
                throw new IllegalStateException(PRICES + " missing from the classpath");
            }
            return new CostEstimator(JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> regions() {
        return List.copyOf(table.getAsJsonObject("regions").keySet());
    }

    public double hoursPerMonth() {
        return table.get("hoursPerMonth").getAsDouble();
    }

    /** Default usage assumptions from the data file. */
    public CostAssumptions defaults() {
        var a = table.getAsJsonObject("assumptions");
        return new CostAssumptions(num(a, "lbAverageLcu"), (int) num(a, "vpnEngineers"), num(a, "vpnHoursPerEngineer"),
                num(a, "natGbPerGateway"), num(a, "logIngestGbPerGroup"), num(a, "flowLogIngestGb"),
                num(a, "logRetentionMonthsIfUnset"), num(a, "snapshotSizeGb"), (int) num(a, "snapshotsRetained"));
    }

    private static double num(JsonObject assumptions, String key) {
        return assumptions.getAsJsonObject(key).get("value").getAsDouble();
    }

    public CostEstimate estimate(List<RecordedResource> resources, String region) {
        return estimate(resources, region, defaults());
    }

    public CostEstimate estimate(List<RecordedResource> resources, String region, CostAssumptions assumptions) {
        if (!table.getAsJsonObject("regions").has(region)) {
            throw new IllegalArgumentException("no prices for region " + region + "; prices.json has " + regions());
        }
        return new Pricing(table.getAsJsonObject("regions").getAsJsonObject(region), resources, region, assumptions).run();
    }

    private final class Pricing {
        private final JsonObject p;
        private final List<RecordedResource> resources;
        private final String region;
        private final CostAssumptions a;
        private boolean usesPrivateCa;
        private final double hours = hoursPerMonth();
        private final List<CostEstimate.Line> lines = new ArrayList<>();
        private final Map<String, Integer> free = new TreeMap<>();
        private final List<String> warnings = new ArrayList<>();

        Pricing(JsonObject prices, List<RecordedResource> resources, String region, CostAssumptions assumptions) {
            this.p = prices;
            this.resources = resources;
            this.region = region;
            this.a = assumptions;
        }

        private double price(String group, String key) {
            var g = p.getAsJsonObject(group);
            if (g == null || !g.has(key)) {
                throw new IllegalStateException("prices.json " + region + " lacks " + group + "." + key);
            }
            return g.get(key).getAsDouble();
        }

        private void line(RecordedResource r, double usd, String basis) {
            lines.add(new CostEstimate.Line(r.urn(), r.type(), r.name(), usd, basis));
        }

        CostEstimate run() {
            for (RecordedResource r : resources) {
                if (!r.custom()) {
                    continue;
                }
                switch (r.type()) {
                    case AutoScalingGroup.TYPE -> autoScalingGroup(r);
                    case LoadBalancer.TYPE -> loadBalancer(r);
                    case ClientVpnAssociation.TYPE -> line(r, hours * price("clientVpn", "associationHour"),
                            fmt("1 subnet association x %.0f h x $%s", hours, price("clientVpn", "associationHour")));
                    case ClientVpnEndpoint.TYPE -> {
                        double h = a.vpnEngineers() * a.vpnHoursPerEngineer();
                        line(r, h * price("clientVpn", "connectionHour"), fmt("%d engineers x %.0f connected h x $%s",
                                a.vpnEngineers(), a.vpnHoursPerEngineer(), price("clientVpn", "connectionHour")));
                    }
                    case NatGateway.TYPE -> natGateway(r);
                    case Eip.TYPE -> line(r, hours * p.get("publicIpv4Hour").getAsDouble(),
                            fmt("public IPv4 %.0f h x $%s", hours, p.get("publicIpv4Hour").getAsDouble()));
                    case VpcEndpoint.TYPE -> vpcEndpoint(r);
                    case AwsSchema.TransitGatewayAttachment.TYPE -> line(r, hours * p.get("transitGatewayAttachmentHour").getAsDouble(),
                            fmt("1 attachment x %.0f h x $%s (data processing not counted)", hours,
                                    p.get("transitGatewayAttachmentHour").getAsDouble()));
                    case KmsKey.TYPE -> line(r, price("kms", "keyMonth"), fmt("1 customer-managed key x $%s", price("kms", "keyMonth")));
                    case SecretsManagerSecret.TYPE -> line(r, price("secretsManager", "secretMonth"),
                            fmt("1 secret x $%s", price("secretsManager", "secretMonth")));
                    case LogGroup.TYPE -> logGroup(r);
                    case "aws:ec2/flowLog:FlowLog" -> flowLog(r);
                    case PRIVATE_CA_CERTIFICATE -> {
                        Long days = Inputs.asLong(r.input("validity.value"));
                        privateCertificate(r, days == null || days <= 0 ? null : Double.valueOf(days * 24 / hours));
                    }
                    case ACM_CERTIFICATE -> {
                        // Imported certificates are free; one requested from a private CA is a private CA certificate.
                        if (r.input("certificateAuthorityArn") != null) {
                            privateCertificate(r, (double) ACM_PRIVATE_RENEWAL_MONTHS);
                        } else {
                            free.merge(r.type(), 1, Integer::sum);
                        }
                    }
                    case Dashboard.TYPE -> dashboard(r);
                    case MetricAlarm.TYPE -> line(r, price("cloudWatch", "alarmMonth"),
                            fmt("1 standard alarm x $%s", price("cloudWatch", "alarmMonth")));
                    case Bucket.TYPE -> bucket(r);
                    case HostedZone.TYPE -> line(r, price("route53", "hostedZoneMonth"),
                            fmt("1 hosted zone x $%s", price("route53", "hostedZoneMonth")));
                    case Topic.TYPE -> line(r, price("sns", "topicMonth"), "topic free; notifications within the free tier");
                    default -> free.merge(r.type(), 1, Integer::sum);
                }
            }
            double total = lines.stream().mapToDouble(CostEstimate.Line::monthlyUsd).sum();
            List<String> notPriced = free.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).toList();
            return new CostEstimate(region, table.get("priceDate").getAsString(), table.get("_about").getAsString(),
                    List.copyOf(lines), round(total), assumptionText(), notPriced);
        }

        private List<String> assumptionText() {
            List<String> text = new ArrayList<>();
            text.add(fmt("%.0f hours per month; on-demand list prices for %s dated %s; no free tier, Savings Plans or taxes",
                    hours, region, table.get("priceDate").getAsString()));
            var defaults = table.getAsJsonObject("assumptions");
            Map<String, Object> used = new java.util.LinkedHashMap<>();
            used.put("lbAverageLcu", a.lbAverageLcu());
            used.put("vpnEngineers", a.vpnEngineers());
            used.put("vpnHoursPerEngineer", a.vpnHoursPerEngineer());
            used.put("natGbPerGateway", a.natGbPerGateway());
            used.put("logIngestGbPerGroup", a.logIngestGbPerGroup());
            used.put("flowLogIngestGb", a.flowLogIngestGb());
            used.put("logRetentionMonthsIfUnset", a.logRetentionMonthsIfUnset());
            used.put("snapshotSizeGb", a.snapshotSizeGb());
            used.put("snapshotsRetained", a.snapshotsRetained());
            used.forEach((k, v) -> text.add(k + " = " + v + ": " + defaults.getAsJsonObject(k).get("why").getAsString()));
            text.add("requestCharges: " + defaults.getAsJsonObject("requestCharges").get("why").getAsString());
            text.add("ASG instances are counted at desiredCapacity (else minSize); EBS from the launch template's block device mappings, gp3 prices for every volume type");
            if (usesPrivateCa) {
                text.add("private CA certificates: $" + price("privateCa", "certificate") + " per issuance (general-purpose mode, the first"
                        + " 1,000 a month in the Region), spread over each certificate's validity (reissued when it ends); ACM renews its"
                        + " private certificates after " + ACM_PRIVATE_RENEWAL_MONTHS + " months; the CAs' own monthly fees are not counted"
                        + " (the CAs are not in the stack)");
            }
            text.addAll(warnings);
            return text;
        }

        private double ec2Hourly(String instanceType, RecordedResource r) {
            var ec2 = p.getAsJsonObject("ec2Hourly");
            if (instanceType == null || !ec2.has(instanceType)) {
                warnings.add("WARNING: instance type " + instanceType + " of " + r.name() + " is not in prices.json; counted as $0");
                return 0;
            }
            return ec2.get(instanceType).getAsDouble();
        }

        /** Monthly cost of one gp3-priced volume: GB, IOPS above the free 3000, throughput above the free 125 MB/s. */
        private double gp3(Object size, Object iops, Object throughput, double defaultSizeGb) {
            Double gb = Inputs.asDouble(size);
            double cost = (gb == null ? defaultSizeGb : gb) * price("ebsGp3", "gbMonth");
            Long io = Inputs.asLong(iops);
            if (io != null && io > 3000) {
                cost += (io - 3000) * price("ebsGp3", "iopsMonthAbove3000");
            }
            Long mbps = Inputs.asLong(throughput);
            if (mbps != null && mbps > 125) {
                cost += (mbps - 125) * price("ebsGp3", "mbpsMonthAbove125");
            }
            return cost;
        }

        private void autoScalingGroup(RecordedResource asg) {
            Long desired = Inputs.asLong(asg.input(AutoScalingGroup.DESIRED));
            long count = desired != null ? desired : Inputs.asLong(asg.input(AutoScalingGroup.MIN)) == null ? 0
                    : Inputs.asLong(asg.input(AutoScalingGroup.MIN));
            RecordedResource lt = asg.dependencies().stream().map(this::byUrn)
                    .filter(r -> r != null && LaunchTemplate.TYPE.equals(r.type())).findFirst().orElse(null);
            if (lt == null) {
                warnings.add("WARNING: " + asg.name() + " has no launch template among its dependencies; instances not priced");
                line(asg, 0, count + " instances, launch template unknown");
                return;
            }
            String type = String.valueOf(lt.input(LaunchTemplate.INSTANCE_TYPE));
            double hourly = ec2Hourly(type, asg);
            double volumes = 0;
            long gb = 0;
            for (Object mapping : Inputs.all(lt, LaunchTemplate.BLOCK_DEVICES + ".*")) {
                Object size = first(mapping, LaunchTemplate.EBS_SIZE);
                volumes += gp3(size, first(mapping, LaunchTemplate.EBS_IOPS), first(mapping, LaunchTemplate.EBS_THROUGHPUT), 8);
                gb += Inputs.asLong(size) == null ? 8 : Inputs.asLong(size);
            }
            double usd = count * (hourly * hours + volumes);
            line(asg, usd, fmt("%d x %s x %.0f h x $%s + %d x %d GB gp3 ($%.2f/node)", count, type, hours, hourly, count, gb, volumes));
        }

        private Object first(Object root, String path) {
            return Inputs.all(root, path).stream().findFirst().orElse(null);
        }

        private RecordedResource byUrn(String urn) {
            return resources.stream().filter(r -> r.urn().equals(urn)).findFirst().orElse(null);
        }

        private void loadBalancer(RecordedResource r) {
            String kind = "application".equals(r.input(LoadBalancer.LB_TYPE)) ? "alb" : "nlb";
            double usd = hours * (price(kind, "hour") + a.lbAverageLcu() * price(kind, "lcuHour"));
            line(r, usd, fmt("%s %.0f h x ($%s + %.1f LCU x $%s)", kind.toUpperCase(Locale.ROOT), hours, price(kind, "hour"),
                    a.lbAverageLcu(), price(kind, "lcuHour")));
        }

        private void natGateway(RecordedResource r) {
            // Public and private NAT gateways have the same hourly and per-GB prices; the EIP is its own line.
            double usd = hours * price("natGateway", "hour") + a.natGbPerGateway() * price("natGateway", "gb");
            line(r, usd, fmt("%.0f h x $%s + %.0f GB x $%s", hours, price("natGateway", "hour"), a.natGbPerGateway(),
                    price("natGateway", "gb")));
        }

        private void vpcEndpoint(RecordedResource r) {
            Object kind = r.input(VpcEndpoint.ENDPOINT_TYPE);
            if (kind == null || "Gateway".equals(kind)) {
                line(r, 0, "gateway endpoint: no charge");
                return;
            }
            int azs = Inputs.strings(r.input(VpcEndpoint.SUBNETS)).size();
            if (azs == 0 && r.input(VpcEndpoint.SUBNETS) instanceof List<?> list) {
                azs = list.size();
            }
            line(r, azs * hours * price("interfaceEndpoint", "azHour"),
                    fmt("%s endpoint x %d AZ x %.0f h x $%s", kind, azs, hours, price("interfaceEndpoint", "azHour")));
        }

        /**
         * A dashboard, and the custom metrics it graphs (every metric the nodes publish is on it): each metric name with
         * its dimensions in a namespace not starting with AWS/ is one custom metric. Metric-math expressions (the per-node
         * disk search) read metrics the agent already published and add none.
         */
        private void dashboard(RecordedResource r) {
            var custom = new java.util.TreeSet<String>();
            Object body = r.input(Dashboard.BODY);
            if (body instanceof String json) {
                for (var widget : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("widgets")) {
                    var properties = widget.getAsJsonObject().getAsJsonObject("properties");
                    if (properties == null || !properties.has("metrics")) {
                        continue;
                    }
                    for (var metric : properties.getAsJsonArray("metrics")) {
                        var parts = metric.getAsJsonArray();
                        if (parts.isEmpty() || !parts.get(0).isJsonPrimitive() || parts.get(0).getAsString().startsWith("AWS/")) {
                            continue;
                        }
                        var key = new StringBuilder();
                        parts.forEach(part -> {
                            if (part.isJsonPrimitive()) {
                                key.append(part.getAsString()).append('|');
                            }
                        });
                        custom.add(key.toString());
                    }
                }
            }
            double dashboardUsd = price("cloudWatch", "dashboardMonth");
            double metricUsd = price("cloudWatch", "customMetricMonth");
            line(r, dashboardUsd + custom.size() * metricUsd, fmt("1 dashboard x $%s + %d custom metrics it graphs x $%s",
                    dashboardUsd, custom.size(), metricUsd));
        }

        private void logGroup(RecordedResource r) {
            Long days = Inputs.asLong(r.input(LogGroup.RETENTION));
            double months = days == null || days == 0 ? a.logRetentionMonthsIfUnset() : days / 30.0;
            double stored = a.logIngestGbPerGroup() * months;
            double usd = a.logIngestGbPerGroup() * price("cloudWatch", "logsIngestGb") + stored * price("cloudWatch", "logsStorageGbMonth");
            line(r, usd, fmt("%.1f GB ingested x $%s + %.1f GB stored (%.1f months) x $%s", a.logIngestGbPerGroup(),
                    price("cloudWatch", "logsIngestGb"), stored, months, price("cloudWatch", "logsStorageGbMonth")));
        }

        /**
         * A private CA's one-time fee per issued certificate, spread over the months the certificate lasts (each renewal or
         * replacement is a new issuance). The CA's own monthly fee is not counted: the CA is not part of the stack.
         */
        private void privateCertificate(RecordedResource r, Double monthsPerIssue) {
            usesPrivateCa = true;
            double perIssue = price("privateCa", "certificate");
            if (monthsPerIssue == null) {
                warnings.add("WARNING: the validity of " + r.name() + " is not known in the plan; counted as one issuance a month");
                line(r, perIssue, fmt("1 private CA certificate a month x $%s", perIssue));
                return;
            }
            line(r, perIssue / monthsPerIssue, fmt("1 private CA certificate x $%s every %.1f months", perIssue, monthsPerIssue));
        }

        private void flowLog(RecordedResource r) {
            line(r, a.flowLogIngestGb() * price("cloudWatch", "logsIngestGb"),
                    fmt("%.1f GB flow logs x $%s (storage in its log group)", a.flowLogIngestGb(), price("cloudWatch", "logsIngestGb")));
        }

        private void bucket(RecordedResource r) {
            double gb = a.snapshotSizeGb() * a.snapshotsRetained();
            line(r, gb * price("s3Standard", "gbMonth"), fmt("%d snapshots x %.2f GB = %.1f GB x $%s", a.snapshotsRetained(),
                    a.snapshotSizeGb(), gb, price("s3Standard", "gbMonth")));
        }
    }

    private static double round(double usd) {
        return Math.round(usd * 100) / 100.0;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
