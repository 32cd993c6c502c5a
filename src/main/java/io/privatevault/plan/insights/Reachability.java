package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reachability: every flow the settings declare ({@link NetworkIntent}) is possible through the recorded security
 * groups and their rules, routes and attachments, the NLB's listener, the VPC endpoints, the private zone's
 * associations and the Client VPN, and no rule opens a path nobody declared. Security groups are stateful (a reply
 * needs no rule), routes are not (the return path needs a route back), so each flow is judged at the hops where it
 * can fail: the source's route, the private zone, the NLB's security group and listener, the target's security group,
 * the endpoint. {@link #flows} is the per-flow report the plan prints; {@link #evaluate} turns each impossible flow
 * (naming the hop that fails) and each undeclared open path into a finding. Hops in networks the stack does not own
 * (the attached VPC's own routes, an adopted VPC's route tables, pods behind a NetworkPolicy) are reported as outside
 * the model, never as findings.
 */
public final class Reachability extends DescribedRule {
    static final String ID = "reachability";
    static final int API_PORT = 8200;
    static final int CLUSTER_PORT = 8201;
    static final int HTTPS = 443;
    static final String SECURITY_GROUP = AwsSchema.SecurityGroup.TYPE;
    static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    static final String LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";
    static final String LISTENER = "aws:lb/listener:Listener";
    static final String TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
    static final String VPC = "aws:ec2/vpc:Vpc";
    static final String SUBNET = "aws:ec2/subnet:Subnet";
    static final String ROUTE = "aws:ec2/route:Route";
    static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    static final String ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    static final String PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection";
    static final String TGW_ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
    static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    static final String ZONE = "aws:route53/zone:Zone";
    static final String ZONE_ASSOCIATION = "aws:route53/zoneAssociation:ZoneAssociation";
    static final String RECORD = "aws:route53/record:Record";
    static final String VPN_ENDPOINT = "aws:ec2clientvpn/endpoint:Endpoint";
    static final String VPN_AUTHORIZATION = "aws:ec2clientvpn/authorizationRule:AuthorizationRule";
    static final String VPN_ASSOCIATION = "aws:ec2clientvpn/networkAssociation:NetworkAssociation";
    static final String LAUNCH_TEMPLATE = AwsSchema.LaunchTemplate.TYPE;
    static final String GROUP = AwsSchema.AutoScalingGroup.TYPE;
    static final String NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

    /** What a flow's hops add up to. */
    public enum Status { POSSIBLE, IMPOSSIBLE, OUTSIDE_MODEL }

    /**
     * One hop of a flow.
     *
     * @param urn the resource that decides it (or the one missing it), empty when no resource of the stack does
     */
    public record Hop(String what, Status status, String urn) {
    }

    /** A declared flow and the hops it takes. */
    public record Flow(String from, String to, String port, List<Hop> hops) {
        public Flow {
            hops = List.copyOf(hops);
        }

        public Status status() {
            if (hops.stream().anyMatch(h -> h.status() == Status.IMPOSSIBLE)) {
                return Status.IMPOSSIBLE;
            }
            return hops.stream().anyMatch(h -> h.status() == Status.OUTSIDE_MODEL) ? Status.OUTSIDE_MODEL : Status.POSSIBLE;
        }

        public String toText() {
            var sb = new StringBuilder(from).append(" -> ").append(to).append(':').append(port).append(' ').append(status());
            hops.forEach(h -> sb.append("\n      ").append(h.status() == Status.POSSIBLE ? "ok" : h.status() == Status.IMPOSSIBLE
                    ? "FAILS" : "outside the model").append(": ").append(h.what()));
            return sb.toString();
        }
    }

    public Reachability() {
        super(ID, Severity.HIGH,
                "A declared flow that a security group, route, endpoint or zone association blocks breaks Vault's clients or its boot; a rule nobody declared is an open path into or out of Vault.",
                "Declare the flow in the settings (attachedVpcs, allowedClientCidrs, vpnClientCidr, vaultIntegrationEgress) and let the components create its rules, or remove the rule that opens the undeclared path.",
                List.of(SECURITY_GROUP, INGRESS, EGRESS, LOAD_BALANCER, LISTENER, TARGET_GROUP, VPC, SUBNET, ROUTE, ROUTE_TABLE,
                ROUTE_TABLE_ASSOCIATION, PEERING, TGW_ATTACHMENT, ENDPOINT, ZONE, ZONE_ASSOCIATION, RECORD, VPN_ENDPOINT,
                VPN_AUTHORIZATION, VPN_ASSOCIATION, LAUNCH_TEMPLATE, GROUP, NETWORK_POLICY));
    }

    @Override
    public List<Finding> evaluate(PolicyContext ctx) {
        var findings = new ArrayList<Finding>();
        var model = Model.of(ctx);
        if (model == null) {
            return findings;
        }
        for (Flow flow : model.flows()) {
            flow.hops().stream().filter(h -> h.status() == Status.IMPOSSIBLE).findFirst().ifPresent(h ->
                    findings.add(new Finding(severity(), ID, h.urn().isEmpty() ? model.anchorUrn() : h.urn(),
                            "declared flow " + flow.from() + " -> " + flow.to() + ":" + flow.port() + " is impossible: " + h.what())));
        }
        model.undeclared().forEach(u -> findings.add(new Finding(severity(), ID, u.urn(), "undeclared open path: " + u.what())));
        return findings;
    }

    /** The declared flows of the stack and their hops; empty when the stack declares no network (configuration stacks). */
    public static List<Flow> flows(PolicyContext ctx) {
        var model = Model.of(ctx);
        return model == null ? List.of() : model.flows();
    }

    /** A security group rule, ingress or egress, with the peer it names. */
    private record SgRule(RecordedResource resource, String group, boolean ingress, String protocol, long fromPort,
                          long toPort, String cidr, String peerGroup, String prefixList) {
        static SgRule of(RecordedResource r, boolean ingress) {
            Long from = Inputs.asLong(r.input("fromPort"));
            Long to = Inputs.asLong(r.input("toPort"));
            return new SgRule(r, str(r.input("securityGroupId")), ingress, str(r.input("ipProtocol")),
                    from == null ? -1 : from, to == null ? -1 : to, str(r.input("cidrIpv4")),
                    str(r.input("referencedSecurityGroupId")), str(r.input("prefixListId")));
        }

        boolean allProtocols() {
            return protocol.equals("-1") || protocol.equalsIgnoreCase("all");
        }

        /** TCP by name or by protocol number (EC2 accepts both). */
        boolean tcp() {
            return protocol.equalsIgnoreCase("tcp") || protocol.equals("6");
        }

        /** Opens {@code port} over TCP ("-1" is every protocol and port). */
        boolean opens(int port) {
            return allProtocols() || tcp() && fromPort <= port && port <= toPort;
        }

        /** Opens exactly {@code port} over TCP, nothing more. */
        boolean opensOnly(int port) {
            return tcp() && fromPort == port && toPort == port;
        }

        String describe() {
            String peer = !cidr.isEmpty() ? cidr : !peerGroup.isEmpty() ? "security group " + peerGroup
                    : !prefixList.isEmpty() ? "prefix list " + prefixList : "?";
            String ports = allProtocols() ? "all traffic" : protocol + " " + (fromPort == toPort ? String.valueOf(fromPort) : fromPort + "-" + toPort);
            return resource.name() + " (" + (ingress ? "ingress " + ports + " from " : "egress " + ports + " to ") + peer + ")";
        }
    }

    private record Undeclared(String urn, String what) {
    }

    /** The recorded network, read once per evaluation. */
    private static final class Model {
        private final PolicyContext ctx;
        private final NetworkIntent intent;
        private final String vpcCidr;
        private final List<SgRule> rules = new ArrayList<>();
        private final RecordedResource nlb;
        private final List<String> nlbGroups;
        private final List<String> nlbSubnets;
        private final RecordedResource nodeGroup;
        private final List<String> nodeSubnets;
        private final boolean pods;
        /** The NetworkPolicy selecting the Vault pods (Kubernetes only; null when there is none). */
        private final RecordedResource policy;
        /** Whether the target group passes callers through with their own address. */
        private final boolean preservesClientIp;

        private Model(PolicyContext ctx, RecordedResource nlb) {
            this.ctx = ctx;
            this.intent = ctx.network();
            this.nlb = nlb;
            var vpc = ctx.ofType(VPC).stream().findFirst();
            this.vpcCidr = vpc.map(v -> str(v.input("cidrBlock"))).filter(c -> !c.isEmpty()).orElse(intent.vpcCidr());
            ctx.ofType(INGRESS).forEach(r -> rules.add(SgRule.of(r, true)));
            ctx.ofType(EGRESS).forEach(r -> rules.add(SgRule.of(r, false)));
            this.nlbGroups = Inputs.strings(nlb.input("securityGroups"));
            this.nlbSubnets = Inputs.strings(nlb.input("subnets"));
            var template = ctx.ofType(LAUNCH_TEMPLATE).stream().findFirst().orElse(null);
            this.pods = template == null;
            String nodeSg = template == null ? "" : Inputs.all(template, "networkInterfaces.*.securityGroups.*").stream()
                    .map(String::valueOf).findFirst().orElseGet(() -> Inputs.all(template, "vpcSecurityGroupIds.*").stream()
                            .map(String::valueOf).findFirst().orElse(""));
            this.nodeGroup = ctx.ofType(SECURITY_GROUP).stream().filter(g -> nodeSg.equals(g.id())).findFirst().orElse(null);
            this.nodeSubnets = ctx.ofType(GROUP).stream().flatMap(g -> Inputs.strings(g.input(AwsSchema.AutoScalingGroup.SUBNETS)).stream()).toList();
            // The policy that selects Vault's server pods (others select the init Job's pod).
            this.policy = pods ? ctx.ofType(NETWORK_POLICY).stream().filter(p -> io.privatevault.components.cluster.k8s.Chart.serverLabels()
                    .equals(Inputs.unwrap(p.input("spec.podSelector.matchLabels")))).findFirst().orElse(null) : null;
            this.preservesClientIp = ctx.ofType(TARGET_GROUP).stream().anyMatch(t -> "true".equals(str(t.input("preserveClientIp"))));
        }

        /** Null when there is nothing to judge: no declared network, or no NLB in the plan. */
        static Model of(PolicyContext ctx) {
            if (!ctx.network().declared()) {
                return null;
            }
            var nlb = ctx.ofType(LOAD_BALANCER).stream().filter(l -> "network".equals(l.input("loadBalancerType"))).findFirst();
            return nlb.map(l -> new Model(ctx, l)).orElse(null);
        }

        String anchorUrn() {
            return nlb.urn();
        }

        List<Flow> flows() {
            var flows = new ArrayList<Flow>();
            for (var attached : intent.attachedVpcs()) {
                var hops = new ArrayList<Hop>();
                hops.add(returnRoute(attached.cidr(), true));
                hops.add(zoneResolves(attached.vpcId(), attached.name()));
                hops.addAll(nlbAdmits(attached.cidr()));
                podsAdmitThrough(hops, List.of(attached.cidr()), "attached VPC " + attached.name());
                flows.add(new Flow("attached VPC " + attached.name() + " (" + attached.cidr() + ")", "NLB", String.valueOf(API_PORT), hops));
            }
            for (String cidr : intent.allowedClientCidrs()) {
                var hops = new ArrayList<Hop>();
                hops.add(returnRoute(cidr, false));
                hops.addAll(nlbAdmits(cidr));
                podsAdmitThrough(hops, List.of(cidr), "clients " + cidr);
                flows.add(new Flow("allowed clients " + cidr, "NLB", String.valueOf(API_PORT), hops));
            }
            if (!intent.vpnClientCidr().isEmpty()) {
                flows.add(new Flow("Client VPN " + intent.vpnClientCidr(), "NLB", String.valueOf(API_PORT), vpnHops()));
            }
            flows.add(new Flow("NLB", pods ? "Vault pods" : "nodes", String.valueOf(API_PORT), nlbToTargets()));
            for (int port : List.of(API_PORT, CLUSTER_PORT)) {
                flows.add(new Flow(pods ? "Vault pods" : "nodes", pods ? "Vault pods" : "nodes", String.valueOf(port),
                        pods ? podsToPods(port) : nodesToNodes(port)));
            }
            for (String service : intent.awsServices()) {
                flows.add(new Flow(pods ? "Vault pods" : "nodes", "AWS " + service, String.valueOf(HTTPS),
                        pods ? podsToService(service) : toService(service)));
            }
            for (var integration : intent.integrations()) {
                flows.add(new Flow(pods ? "Vault pods" : "nodes", "integration " + integration.name() + " (" + integration.cidr() + ")",
                        String.valueOf(integration.port()), pods ? List.of(podPolicy(false, List.of(integration.cidr()), integration.port(),
                                integration.name()), securityGroupsOfPods()) : toIntegration(integration)));
            }
            return flows;
        }

        // ---- pods: the NetworkPolicy is judged; the cluster's node and pod security groups are not in the stack ----

        private Hop securityGroupsOfPods() {
            return new Hop("pods: the EKS node and pod security groups (the cluster's, not this stack's) decide too; not modelled",
                    Status.OUTSIDE_MODEL, "");
        }

        /**
         * A caller reaches the pods through the NLB: with client IP preservation the pods see the caller's own address
         * (the Client VPN's is its network interfaces' in its associated subnets), without it the NLB's.
         */
        private void podsAdmitThrough(List<Hop> hops, List<String> callers, String who) {
            if (!pods) {
                return;
            }
            hops.add(podPolicy(true, preservesClientIp ? callers : subnetCidrs(nlbSubnets), API_PORT,
                    preservesClientIp ? who + " (client IP preserved)" : "the NLB's subnets (client IP not preserved)"));
        }

        private List<Hop> podsToPods(int port) {
            return List.of(podPolicyPeers(false, port), podPolicyPeers(true, port), securityGroupsOfPods());
        }

        private List<Hop> podsToService(String service) {
            if (service.equals("s3")) {
                return List.of(new Hop("S3 is called by the snapshot Job's pods, which the Vault pods' NetworkPolicy does not select",
                        Status.OUTSIDE_MODEL, ""));
            }
            // Interface endpoints have their network interfaces in the VPC: 443 to the VPC's range reaches every one.
            return List.of(podPolicy(false, List.of(vpcCidr), HTTPS, "the VPC's interface endpoints (" + service + ")"), securityGroupsOfPods());
        }

        /**
         * Whether the policy admits ({@code ingress}) or lets out every one of {@code cidrs} on TCP {@code port} through an
         * ipBlock (or a rule without peers). A policy that does not list the direction in policyTypes filters nothing there.
         */
        private Hop podPolicy(boolean ingress, List<String> cidrs, int port, String what) {
            if (!filters(ingress)) {
                return new Hop("no NetworkPolicy filters the Vault pods' " + direction(ingress) + ": nothing stops " + what, Status.POSSIBLE, "");
            }
            var missing = cidrs.stream().filter(c -> policyRules(ingress, port).stream().noneMatch(peers -> peers.isEmpty()
                    || peers.stream().anyMatch(p -> Cidr.contains(str(Inputs.get(p, "ipBlock.cidr")), c)))).toList();
            String verb = ingress ? "admits " + what + " (" : "lets " + port + " out to " + what + " (";
            return missing.isEmpty()
                    ? new Hop("NetworkPolicy " + policy.name() + " " + verb + String.join(", ", cidrs) + ")" + (ingress ? " on " + port : ""), Status.POSSIBLE, "")
                    : new Hop("NetworkPolicy " + policy.name() + (ingress ? " does not admit " : " does not let " + port + " out to ")
                    + String.join(", ", missing) + " (" + what + ")" + (ingress ? " on " + port : ""), Status.IMPOSSIBLE, policy.urn());
        }

        /** Whether the policy admits (and lets out) {@code port} between the pods it selects. */
        private Hop podPolicyPeers(boolean ingress, int port) {
            if (!filters(ingress)) {
                return new Hop("no NetworkPolicy filters the Vault pods' " + direction(ingress), Status.POSSIBLE, "");
            }
            Object selected = Inputs.unwrap(policy.input("spec.podSelector.matchLabels"));
            boolean ok = policyRules(ingress, port).stream().anyMatch(peers -> peers.isEmpty()
                    || peers.stream().anyMatch(p -> !(p instanceof Map<?, ?> m && m.containsKey("namespaceSelector"))
                    && Objects.equals(Inputs.unwrap(Inputs.get(p, "podSelector.matchLabels")), selected)));
            return ok ? new Hop("NetworkPolicy " + policy.name() + (ingress ? " admits" : " lets out") + " " + port + " between the Vault pods", Status.POSSIBLE, "")
                    : new Hop("NetworkPolicy " + policy.name() + (ingress ? " does not admit " : " does not let out ") + port
                    + " between the Vault pods", Status.IMPOSSIBLE, policy.urn());
        }

        /** A policy selects the Vault pods and lists the direction in its policyTypes (otherwise it filters nothing there). */
        private boolean filters(boolean ingress) {
            return policy != null && Inputs.strings(policy.input("spec.policyTypes")).contains(ingress ? "Ingress" : "Egress");
        }

        private static String direction(boolean ingress) {
            return ingress ? "ingress" : "egress";
        }

        /** The peer lists of the policy's ingress ({@code from}) or egress ({@code to}) rules that open TCP {@code port}. */
        private List<List<Object>> policyRules(boolean ingress, int port) {
            var found = new ArrayList<List<Object>>();
            for (Object rule : Inputs.all(policy, ingress ? "spec.ingress.*" : "spec.egress.*")) {
                var ports = Inputs.all(rule, "ports.*");
                boolean opens = ports.isEmpty() || ports.stream().anyMatch(p -> {
                    Object protocol = Inputs.unwrap(Inputs.get(p, "protocol"));
                    Long number = Inputs.asLong(Inputs.unwrap(Inputs.get(p, "port")));
                    Long end = Inputs.asLong(Inputs.unwrap(Inputs.get(p, "endPort")));
                    return (protocol == null || "TCP".equals(protocol)) && (number == null || number == port
                            || end != null && number <= port && port <= end);
                });
                if (opens) {
                    found.add(Inputs.all(rule, ingress ? "from.*" : "to.*"));
                }
            }
            return found;
        }

        /** The route back from Vault's subnets to {@code cidr} (security groups are stateful, routes are not). */
        private Hop returnRoute(String cidr, boolean required) {
            if (Cidr.contains(vpcCidr, cidr)) {
                return new Hop("inside the VPC (local route)", Status.POSSIBLE, "");
            }
            var tables = routeTables(nlbSubnets);
            if (tables.isEmpty()) {
                return new Hop("route to " + cidr + ": the NLB subnets' route tables are not in this stack", Status.OUTSIDE_MODEL, "");
            }
            var owned = ctx.ofType(ROUTE_TABLE).stream().map(RecordedResource::id).toList();
            for (String table : tables) {
                if (!owned.contains(table)) {
                    return new Hop("route to " + cidr + ": route table " + table + " is adopted, its routes are outside the stack",
                            Status.OUTSIDE_MODEL, "");
                }
                var route = ctx.ofType(ROUTE).stream().filter(r -> table.equals(str(r.input("routeTableId"))))
                        .filter(r -> Cidr.contains(str(r.input("destinationCidrBlock")), cidr)).findFirst();
                if (route.isEmpty()) {
                    return required ? new Hop("no route to " + cidr + " in route table " + table, Status.IMPOSSIBLE, anchorUrn())
                            : new Hop("no route to " + cidr + " in the stack's route tables: it reaches Vault through a network the stack does not own", Status.OUTSIDE_MODEL, "");
                }
                String missing = missingAttachment(route.get());
                if (missing != null) {
                    return new Hop(missing, Status.IMPOSSIBLE, route.get().urn());
                }
            }
            return new Hop("route to " + cidr + " in " + tables.size() + " route table(s) through a recorded attachment (the far side's routes are outside the model)", Status.POSSIBLE, "");
        }

        private String missingAttachment(RecordedResource route) {
            String peering = str(route.input("vpcPeeringConnectionId"));
            if (!peering.isEmpty() && ctx.ofType(PEERING).stream().noneMatch(p -> peering.equals(p.id()))) {
                return "route " + route.name() + " names peering " + peering + ", which the stack does not create";
            }
            String tgw = str(route.input("transitGatewayId"));
            if (!tgw.isEmpty() && ctx.ofType(TGW_ATTACHMENT).stream().noneMatch(a -> tgw.equals(str(a.input("transitGatewayId"))))) {
                return "route " + route.name() + " names transit gateway " + tgw + ", but no VPC attachment to it is recorded";
            }
            return null;
        }

        private Set<String> routeTables(List<String> subnets) {
            var tables = new LinkedHashSet<String>();
            ctx.ofType(ROUTE_TABLE_ASSOCIATION).stream().filter(a -> subnets.contains(str(a.input("subnetId"))))
                    .forEach(a -> tables.add(str(a.input("routeTableId"))));
            return tables;
        }

        /** Clients in {@code vpcId} resolve the Vault name only when the private zone is associated with their VPC. */
        private Hop zoneResolves(String vpcId, String name) {
            var zone = ctx.ofType(ZONE).stream().findFirst().orElse(null);
            if (zone == null) {
                return new Hop("no private zone in this stack", Status.IMPOSSIBLE, anchorUrn());
            }
            var record = ctx.ofType(RECORD).stream().filter(r -> intent.vaultName().equals(str(r.input("name")))).findFirst();
            if (record.isEmpty()) {
                return new Hop("no record " + intent.vaultName() + " in zone " + str(zone.input("name")), Status.IMPOSSIBLE, zone.urn());
            }
            if (vpcId.isEmpty()) {
                return new Hop("resolving " + intent.vaultName() + " from " + name + ": no vpcId declared, the association is outside the stack", Status.OUTSIDE_MODEL, "");
            }
            boolean inline = Inputs.all(zone, "vpcs.*.vpcId").contains(vpcId);
            boolean associated = ctx.ofType(ZONE_ASSOCIATION).stream().anyMatch(a -> vpcId.equals(str(a.input("vpcId"))));
            return inline || associated
                    ? new Hop(intent.vaultName() + " resolves from " + vpcId + " (zone association)", Status.POSSIBLE, "")
                    : new Hop(intent.vaultName() + " does not resolve from " + vpcId + ": the private zone is not associated with it", Status.IMPOSSIBLE, zone.urn());
        }

        /** The NLB's security group admits {@code cidr} on 8200 and a TCP listener on 8200 forwards to a target group. */
        private List<Hop> nlbAdmits(String cidr) {
            var hops = new ArrayList<Hop>();
            var admit = rules.stream().filter(r -> r.ingress() && nlbGroups.contains(r.group()) && r.opens(API_PORT) && Cidr.contains(r.cidr(), cidr)).findFirst();
            hops.add(admit.map(r -> new Hop("NLB security group admits " + cidr + " (" + r.resource().name() + ")", Status.POSSIBLE, ""))
                    .orElseGet(() -> new Hop("the NLB's security group has no ingress on " + API_PORT + " from " + cidr, Status.IMPOSSIBLE, nlbGroupUrn())));
            hops.add(listener());
            return hops;
        }

        private Hop listener() {
            var listener = ctx.ofType(LISTENER).stream().filter(l -> nlb.id() != null && nlb.id().equals(str(l.input("loadBalancerArn"))) || l.dependencies().contains(nlb.urn()))
                    .filter(l -> Long.valueOf(API_PORT).equals(Inputs.asLong(l.input("port")))).findFirst();
            if (listener.isEmpty()) {
                return new Hop("the NLB has no listener on " + API_PORT, Status.IMPOSSIBLE, nlb.urn());
            }
            var arns = Inputs.all(listener.get(), "defaultActions.*.targetGroupArn");
            var group = ctx.ofType(TARGET_GROUP).stream().filter(t -> arns.contains(t.id())).findFirst();
            return group.map(t -> new Hop("listener " + listener.get().name() + " forwards " + API_PORT + " to target group " + t.name()
                            + " (port " + t.input("port") + ")", Long.valueOf(API_PORT).equals(Inputs.asLong(t.input("port")))
                            ? Status.POSSIBLE : Status.IMPOSSIBLE, t.urn()))
                    .orElseGet(() -> new Hop("listener " + listener.get().name() + " forwards to no recorded target group", Status.IMPOSSIBLE, listener.get().urn()));
        }

        private String nlbGroupUrn() {
            return ctx.ofType(SECURITY_GROUP).stream().filter(g -> nlbGroups.contains(g.id())).map(RecordedResource::urn).findFirst().orElse(nlb.urn());
        }

        private List<Hop> vpnHops() {
            var hops = new ArrayList<Hop>();
            var endpoint = ctx.ofType(VPN_ENDPOINT).stream().findFirst().orElse(null);
            if (endpoint == null) {
                hops.add(new Hop("no Client VPN endpoint in this stack", Status.IMPOSSIBLE, anchorUrn()));
                return hops;
            }
            hops.add(new Hop("client CIDR " + str(endpoint.input("clientCidrBlock")), intent.vpnClientCidr().equals(str(endpoint.input("clientCidrBlock")))
                    ? Status.POSSIBLE : Status.IMPOSSIBLE, endpoint.urn()));
            boolean associated = ctx.ofType(VPN_ASSOCIATION).stream().anyMatch(a -> Objects.equals(endpoint.id(), str(a.input("clientVpnEndpointId"))));
            hops.add(new Hop(associated ? "associated with a subnet of the VPC (client traffic leaves from its network interface)"
                    : "not associated with any subnet", associated ? Status.POSSIBLE : Status.IMPOSSIBLE, endpoint.urn()));
            var authorized = ctx.ofType(VPN_AUTHORIZATION).stream().filter(a -> Objects.equals(endpoint.id(), str(a.input("clientVpnEndpointId"))))
                    .map(a -> str(a.input("targetNetworkCidr"))).toList();
            var unauthorized = subnetCidrs(nlbSubnets).stream().filter(s -> authorized.stream().noneMatch(a -> Cidr.contains(a, s))).toList();
            hops.add(unauthorized.isEmpty() ? new Hop("authorization rules cover the NLB's subnets", Status.POSSIBLE, "")
                    : new Hop("no authorization rule covers the NLB subnet(s) " + String.join(", ", unauthorized), Status.IMPOSSIBLE, endpoint.urn()));
            var vpnGroups = Inputs.strings(endpoint.input("securityGroupIds"));
            var out = rules.stream().filter(r -> !r.ingress() && vpnGroups.contains(r.group()) && r.opens(API_PORT)
                    && (nlbGroups.contains(r.peerGroup()) || subnetCidrs(nlbSubnets).stream().allMatch(s -> Cidr.contains(r.cidr(), s)))).findFirst();
            hops.add(out.map(r -> new Hop("VPN security group lets 8200 out to the NLB (" + r.resource().name() + ")", Status.POSSIBLE, ""))
                    .orElseGet(() -> new Hop("the VPN's security group has no egress on " + API_PORT + " to the NLB", Status.IMPOSSIBLE, endpoint.urn())));
            var in = rules.stream().filter(r -> r.ingress() && nlbGroups.contains(r.group()) && r.opens(API_PORT)
                    && (vpnGroups.contains(r.peerGroup()) || Cidr.contains(r.cidr(), intent.vpcCidr()))).findFirst();
            hops.add(in.map(r -> new Hop("NLB security group admits the VPN's security group (" + r.resource().name() + ")", Status.POSSIBLE, ""))
                    .orElseGet(() -> new Hop("the NLB's security group does not admit the VPN's security group on " + API_PORT, Status.IMPOSSIBLE, nlbGroupUrn())));
            var zone = ctx.ofType(ZONE).stream().findFirst();
            hops.add(zone.map(z -> new Hop(intent.vaultName() + " resolves through the VPC resolver (zone associated with Vault's VPC)",
                    Status.POSSIBLE, "")).orElseGet(() -> new Hop("no private zone in this stack", Status.IMPOSSIBLE, anchorUrn())));
            hops.add(listener());
            // Client VPN translates its clients to its network interfaces' addresses, in the associated subnets.
            podsAdmitThrough(hops, subnetCidrs(vpnSubnets(endpoint)), "the Client VPN's associated subnets");
            return hops;
        }

        private List<String> vpnSubnets(RecordedResource endpoint) {
            return ctx.ofType(VPN_ASSOCIATION).stream().filter(a -> Objects.equals(endpoint.id(), str(a.input("clientVpnEndpointId"))))
                    .map(a -> str(a.input("subnetId"))).filter(id -> !id.isEmpty()).toList();
        }

        private List<Hop> nlbToTargets() {
            var hops = new ArrayList<Hop>();
            var targets = subnetCidrs(pods ? nlbSubnets : nodeSubnets);
            var out = rules.stream().filter(r -> !r.ingress() && nlbGroups.contains(r.group()) && r.opens(API_PORT)
                    && (nodeGroup != null && nodeGroup.id().equals(r.peerGroup()) || targets.stream().allMatch(t -> Cidr.contains(r.cidr(), t)))).findFirst();
            hops.add(out.map(r -> new Hop("NLB security group lets 8200 out to the targets (" + r.resource().name() + ")", Status.POSSIBLE, ""))
                    .orElseGet(() -> new Hop("the NLB's security group has no egress on " + API_PORT + " to the targets", Status.IMPOSSIBLE, nlbGroupUrn())));
            if (pods) {
                hops.add(podPolicy(true, subnetCidrs(nlbSubnets), API_PORT, "the NLB's subnets (its health checks)"));
                hops.add(securityGroupsOfPods());
                return hops;
            }
            hops.add(nodeAdmits(API_PORT, r -> nlbGroups.contains(r.peerGroup())
                    || subnetCidrs(nlbSubnets).stream().allMatch(s -> Cidr.contains(r.cidr(), s)), "the NLB"));
            return hops;
        }

        private Hop nodeAdmits(int port, java.util.function.Predicate<SgRule> from, String source) {
            if (nodeGroup == null) {
                return new Hop("the nodes' security group is not recorded", Status.IMPOSSIBLE, anchorUrn());
            }
            var admit = rules.stream().filter(r -> r.ingress() && nodeGroup.id().equals(r.group()) && r.opens(port)).filter(from).findFirst();
            return admit.map(r -> new Hop("nodes' security group admits " + source + " on " + port + " (" + r.resource().name() + ")", Status.POSSIBLE, ""))
                    .orElseGet(() -> new Hop("the nodes' security group has no ingress on " + port + " from " + source, Status.IMPOSSIBLE, nodeGroup.urn()));
        }

        private Hop nodeSends(int port, java.util.function.Predicate<SgRule> to, String target) {
            if (nodeGroup == null) {
                return new Hop("the nodes' security group is not recorded", Status.IMPOSSIBLE, anchorUrn());
            }
            var out = rules.stream().filter(r -> !r.ingress() && nodeGroup.id().equals(r.group()) && r.opens(port)).filter(to).findFirst();
            return out.map(r -> new Hop("nodes' security group lets " + port + " out to " + target + " (" + r.resource().name() + ")", Status.POSSIBLE, ""))
                    .orElseGet(() -> new Hop("the nodes' security group has no egress on " + port + " to " + target, Status.IMPOSSIBLE, nodeGroup.urn()));
        }

        private List<Hop> nodesToNodes(int port) {
            var subnets = subnetCidrs(nodeSubnets);
            java.util.function.Predicate<SgRule> peer = r -> nodeGroup.id().equals(r.peerGroup())
                    || !subnets.isEmpty() && subnets.stream().allMatch(s -> Cidr.contains(r.cidr(), s));
            return List.of(nodeSends(port, peer, "the other nodes"), nodeAdmits(port, peer, "the other nodes"));
        }

        private List<Hop> toService(String service) {
            var hops = new ArrayList<Hop>();
            if (service.equals("s3")) {
                var gateway = ctx.ofType(ENDPOINT).stream().filter(e -> str(e.input("serviceName")).endsWith(".s3")
                        && "Gateway".equals(str(e.input("vpcEndpointType")))).findFirst();
                if (gateway.isEmpty()) {
                    hops.add(intent.existingEndpoints().contains(service)
                            ? new Hop("the adopted VPC's own S3 gateway endpoint (existingVpcEndpoints)", Status.OUTSIDE_MODEL, "")
                            : new Hop("no S3 gateway endpoint", Status.IMPOSSIBLE, anchorUrn()));
                    return hops;
                }
                var tables = routeTables(nodeSubnets);
                var served = Inputs.strings(gateway.get().input("routeTableIds"));
                var missing = tables.stream().filter(t -> !served.contains(t)).toList();
                hops.add(missing.isEmpty() ? new Hop("S3 gateway endpoint routes the nodes' route tables (" + tables.size() + ")", Status.POSSIBLE, "")
                        : new Hop("the S3 gateway endpoint is not in route table(s) " + String.join(", ", missing), Status.IMPOSSIBLE, gateway.get().urn()));
                hops.add(nodeSends(HTTPS, r -> !r.prefixList().isEmpty() || "0.0.0.0/0".equals(r.cidr()), "the S3 prefix list"));
                return hops;
            }
            var endpoint = ctx.ofType(ENDPOINT).stream().filter(e -> str(e.input("serviceName")).endsWith("." + service)
                    && "Interface".equals(str(e.input("vpcEndpointType")))).findFirst();
            if (endpoint.isEmpty()) {
                hops.add(intent.existingEndpoints().contains(service)
                        ? new Hop("the adopted VPC's own " + service + " endpoint (existingVpcEndpoints)", Status.OUTSIDE_MODEL, "")
                        : new Hop("no interface endpoint for " + service + " (the subnets have no other way to AWS)", Status.IMPOSSIBLE, anchorUrn()));
                return hops;
            }
            var e = endpoint.get();
            hops.add(Inputs.isTrue(e.input("privateDnsEnabled"))
                    ? new Hop("endpoint " + e.name() + " with private DNS (the service's public name resolves to it)", Status.POSSIBLE, "")
                    : new Hop("endpoint " + e.name() + " has private DNS off: the SDK's default name does not reach it", Status.IMPOSSIBLE, e.urn()));
            var endpointGroups = Inputs.strings(e.input("securityGroupIds"));
            var endpointSubnets = subnetCidrs(Inputs.strings(e.input("subnetIds")));
            var nodes = subnetCidrs(nodeSubnets);
            var admit = rules.stream().filter(r -> r.ingress() && endpointGroups.contains(r.group()) && r.opens(HTTPS)
                    && (nodeGroup != null && nodeGroup.id().equals(r.peerGroup()) || !nodes.isEmpty() && nodes.stream().allMatch(n -> Cidr.contains(r.cidr(), n)))).findFirst();
            hops.add(admit.map(r -> new Hop("endpoint security group admits the nodes on 443 (" + r.resource().name() + ")", Status.POSSIBLE, ""))
                    .orElseGet(() -> new Hop("the security group of endpoint " + e.name() + " does not admit the nodes on 443", Status.IMPOSSIBLE, e.urn())));
            hops.add(nodeSends(HTTPS, r -> endpointGroups.contains(r.peerGroup())
                    || !endpointSubnets.isEmpty() && endpointSubnets.stream().allMatch(s -> Cidr.contains(r.cidr(), s)), "endpoint " + e.name()));
            return hops;
        }

        private List<Hop> toIntegration(NetworkIntent.Integration integration) {
            var hops = new ArrayList<Hop>();
            hops.add(nodeSends(integration.port(), r -> Cidr.contains(r.cidr(), integration.cidr()), integration.cidr()));
            if (Cidr.contains(vpcCidr, integration.cidr())) {
                hops.add(new Hop("inside the VPC (local route)", Status.POSSIBLE, ""));
                return hops;
            }
            var tables = routeTables(nodeSubnets);
            for (String table : tables) {
                var route = ctx.ofType(ROUTE).stream().filter(r -> table.equals(str(r.input("routeTableId"))))
                        .filter(r -> Cidr.contains(str(r.input("destinationCidrBlock")), integration.cidr())).findFirst();
                if (route.isEmpty()) {
                    hops.add(new Hop("no route to " + integration.cidr() + " in the nodes' route table " + table, Status.IMPOSSIBLE, anchorUrn()));
                    return hops;
                }
            }
            hops.add(tables.isEmpty() ? new Hop("the nodes' route tables are not in this stack", Status.OUTSIDE_MODEL, "")
                    : new Hop("route to " + integration.cidr() + " in the nodes' " + tables.size() + " route table(s)", Status.POSSIBLE, ""));
            return hops;
        }

        private List<String> subnetCidrs(List<String> subnetIds) {
            var cidrs = new ArrayList<String>();
            for (String id : subnetIds) {
                var subnet = ctx.ofType(SUBNET).stream().filter(s -> id.equals(s.id())).findFirst();
                // A subnet the stack does not create (an adopted VPC): the VPC range is all that is known of it.
                cidrs.add(subnet.map(s -> str(s.input("cidrBlock"))).orElse(vpcCidr));
            }
            return cidrs;
        }

        /** Rules that open a path no declared flow needs. */
        List<Undeclared> undeclared() {
            var found = new ArrayList<Undeclared>();
            var clients = new ArrayList<String>();
            intent.attachedVpcs().forEach(a -> clients.add(a.cidr()));
            clients.addAll(intent.allowedClientCidrs());
            if (!intent.vpnClientCidr().isEmpty()) {
                clients.add(intent.vpnClientCidr());
            }
            var vpnGroups = ctx.ofType(VPN_ENDPOINT).stream().flatMap(e -> Inputs.strings(e.input("securityGroupIds")).stream()).toList();
            for (SgRule r : rules) {
                if (r.ingress() && nlbGroups.contains(r.group())) {
                    boolean declared = r.opensOnly(API_PORT) && (vpnGroups.contains(r.peerGroup())
                            || !r.cidr().isEmpty() && clients.stream().anyMatch(c -> Cidr.contains(c, r.cidr())));
                    if (!declared) {
                        found.add(new Undeclared(r.resource().urn(), "the NLB admits what no setting declares: " + r.describe()
                                + "; declared clients: " + (clients.isEmpty() ? "none" : String.join(", ", clients))));
                    }
                }
                if (nodeGroup == null || !nodeGroup.id().equals(r.group())) {
                    continue;
                }
                String why = r.ingress() ? nodeIngressDeclared(r) : nodeEgressDeclared(r);
                if (why != null) {
                    found.add(new Undeclared(r.resource().urn(), why));
                }
            }
            if (policy != null) {
                var callers = new ArrayList<String>();
                intent.attachedVpcs().forEach(a -> callers.add(a.cidr()));
                callers.addAll(intent.allowedClientCidrs());
                podIngressDeclared(callers, found);
            }
            return found;
        }

        /** Every address block the pods' policy admits to 8200 is the NLB's, the VPN's, or a declared client network. */
        private void podIngressDeclared(List<String> clients, List<Undeclared> found) {
            var sources = new ArrayList<String>(subnetCidrs(nlbSubnets));
            ctx.ofType(VPN_ENDPOINT).forEach(e -> sources.addAll(subnetCidrs(vpnSubnets(e))));
            if (preservesClientIp) {
                sources.addAll(clients);
            }
            for (var peers : policyRules(true, API_PORT)) {
                for (Object peer : peers) {
                    String cidr = str(Inputs.get(peer, "ipBlock.cidr"));
                    if (!cidr.isEmpty() && sources.stream().noneMatch(c -> Cidr.contains(c, cidr))) {
                        found.add(new Undeclared(policy.urn(), "NetworkPolicy " + policy.name() + " admits 8200 from " + cidr
                                + ", which is neither the NLB's or the Client VPN's subnets nor a declared client network"
                                + (preservesClientIp ? "" : " (client IPs are not preserved: only the NLB's subnets reach the pods)")));
                    }
                }
            }
        }

        private String nodeIngressDeclared(SgRule r) {
            boolean fromNlb = nlbGroups.contains(r.peerGroup()) && r.opensOnly(API_PORT);
            boolean fromPeers = nodeGroup.id().equals(r.peerGroup()) && (r.opensOnly(API_PORT) || r.opensOnly(CLUSTER_PORT));
            return fromNlb || fromPeers ? null : "the nodes admit what no flow declares (only the NLB on 8200 and the other nodes on 8200/8201 are): " + r.describe();
        }

        private String nodeEgressDeclared(SgRule r) {
            if (nodeGroup.id().equals(r.peerGroup()) && (r.opensOnly(API_PORT) || r.opensOnly(CLUSTER_PORT))) {
                return null;
            }
            if (r.opensOnly(HTTPS) && (!r.prefixList().isEmpty() || !r.cidr().isEmpty() && Cidr.contains(vpcCidr, r.cidr()))) {
                return null; // the S3 gateway's prefix list, and the interface endpoints inside the VPC
            }
            if (!r.cidr().isEmpty() && intent.integrations().stream().anyMatch(i -> r.opensOnly(i.port()) && Cidr.contains(i.cidr(), r.cidr()))) {
                return null;
            }
            if (r.opensOnly(HTTPS) && "0.0.0.0/0".equals(r.cidr()) && intent.internetDownload()) {
                return null; // Vault's download through NAT
            }
            return "the nodes can reach what no flow declares: " + r.describe()
                    + (r.opensOnly(HTTPS) && "0.0.0.0/0".equals(r.cidr()) ? " (443 to anywhere is declared only when Vault downloads through NAT)" : "");
        }
    }

    private static String str(Object value) {
        Object v = Inputs.unwrap(value);
        return v == null || Inputs.unknown(v) ? "" : String.valueOf(v);
    }

    /** IPv4 CIDR containment. */
    static final class Cidr {
        private Cidr() {
        }

        /** True when every address of {@code inner} is in {@code outer}; false when either is not an IPv4 CIDR. */
        static boolean contains(String outer, String inner) {
            long[] o = parse(outer);
            long[] i = parse(inner);
            return o != null && i != null && o[1] <= i[1] && (i[0] >>> (32 - o[1]) << (32 - o[1]) & 0xFFFFFFFFL) == o[0] >>> (32 - o[1]) << (32 - o[1]);
        }

        private static long[] parse(String cidr) {
            if (cidr == null || !cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
                return null;
            }
            String[] parts = cidr.split("/");
            int bits = Integer.parseInt(parts[1]);
            long address = 0;
            for (String octet : parts[0].split("\\.")) {
                int value = Integer.parseInt(octet);
                if (value > 255) {
                    return null;
                }
                address = address << 8 | value;
            }
            return bits > 32 ? null : new long[]{address, bits};
        }
    }
}
