package io.privatevault.plan.insights;

import io.privatevault.plan.insights.AwsSchema.AutoScalingGroup;
import io.privatevault.plan.insights.AwsSchema.TargetGroup;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * What the load balancer and the Auto Scaling group make of Vault's {@code /v1/sys/health}: the answer each kind of
 * node gives to the target group's path (Vault's documented status codes and query parameters), judged by the target
 * group's matcher (AWS's documented syntax and default). Two rules: the pool holds exactly the active node and healthy
 * standbys; and no Auto Scaling decision depends on a cluster-level state, since a group that trusts the load balancer's
 * health replaces every node the pool leaves out, sealed and leaderless survivors with their Raft data included.
 */
public final class HealthSemantics {
    private HealthSemantics() {
    }

    /**
     * A node's state, its default {@code /v1/sys/health} code and the query parameter that replaces it (Vault API,
     * {@code /sys/health}: "200 if initialized, unsealed, and active; 429 if unsealed and standby; 472 if disaster
     * recovery secondary; 473 if performance standby; 474 if standby node but cannot connect to the active node; 501 if
     * not initialized; 503 if sealed; 530 if removed").
     *
     * @param inPool whether such a node should receive client traffic
     */
    public enum NodeState {
        ACTIVE(200, "activecode", true),
        STANDBY(429, "standbycode", true),
        PERFORMANCE_STANDBY(473, "performancestandbycode", true),
        DR_SECONDARY(472, "drsecondarycode", false),
        STANDBY_LOST_ACTIVE(474, "haunhealthycode", false),
        UNINITIALISED(501, "uninitcode", false),
        SEALED(503, "sealedcode", false),
        REMOVED(530, "removedcode", false);

        private final int defaultCode;
        private final String parameter;
        private final boolean inPool;

        NodeState(int defaultCode, String parameter, boolean inPool) {
            this.defaultCode = defaultCode;
            this.parameter = parameter;
            this.inPool = inPool;
        }

        public int defaultCode() {
            return defaultCode;
        }

        public boolean inPool() {
            return inPool;
        }
    }

    /** The query string of a health-check path, decoded; a parameter Vault cannot parse makes it answer 400 to every node. */
    public static Map<String, String> query(String path) {
        var out = new LinkedHashMap<String, String>();
        int q = path.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : path.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    /**
     * The status code a node in {@code state} answers, in the order Vault's handler decides it (uninitialised, removed,
     * sealed, standby without a heartbeat to the active node, DR secondary, performance standby unless
     * {@code perfstandbyok}, standby unless {@code standbyok}, else active), with the {@code *code} parameters applied.
     * {@code standbyok}/{@code perfstandbyok} "should still return the active status code instead of the standby status
     * code" (so {@code activecode} applies to them). Returns 400 for a parameter Vault would reject.
     */
    public static int code(NodeState state, Map<String, String> query) {
        var codes = new LinkedHashMap<NodeState, Integer>();
        for (NodeState s : NodeState.values()) {
            String value = query.get(s.parameter);
            if (value == null) {
                codes.put(s, s.defaultCode);
            } else if (value.matches("[1-9][0-9]{2}")) {
                codes.put(s, Integer.parseInt(value));
            } else {
                return 400;
            }
        }
        Boolean standbyOk = bool(query.get("standbyok"));
        Boolean perfStandbyOk = bool(query.get("perfstandbyok"));
        if (standbyOk == null || perfStandbyOk == null) {
            return 400;
        }
        return switch (state) {
            case UNINITIALISED, REMOVED, SEALED, STANDBY_LOST_ACTIVE, DR_SECONDARY, ACTIVE -> codes.get(state);
            case PERFORMANCE_STANDBY -> perfStandbyOk ? codes.get(NodeState.ACTIVE) : codes.get(state);
            case STANDBY -> standbyOk ? codes.get(NodeState.ACTIVE) : codes.get(state);
        };
    }

    /** Vault's query booleans (Go's strconv.ParseBool); absent is false, anything unparseable is null. */
    private static Boolean bool(String value) {
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "", "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> null;
        };
    }

    /**
     * The codes a target group's matcher accepts (ELB API, {@code Matcher.HttpCode}: "For Network Load Balancers, you can
     * specify values between 200 and 599, with the default value being 200-399. You can specify multiple values (for
     * example, "200,202") or a range of values (for example, "200-299")"; for Application Load Balancers the default is
     * 200). Null when the text is not of that form.
     */
    public static IntPredicate matcher(Object httpCode, boolean networkLoadBalancer) {
        String text = httpCode == null ? (networkLoadBalancer ? "200-399" : "200") : String.valueOf(httpCode).trim();
        List<IntPredicate> parts = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.matches("\\d{3}")) {
                int c = Integer.parseInt(p);
                parts.add(x -> x == c);
            } else if (p.matches("\\d{3}-\\d{3}")) {
                int from = Integer.parseInt(p.substring(0, 3));
                int to = Integer.parseInt(p.substring(4));
                parts.add(x -> from <= x && x <= to);
            } else {
                return null;
            }
        }
        return x -> parts.stream().anyMatch(m -> m.test(x));
    }

    public static List<Rule> rules() {
        return List.of(
                new SecurityRules.SimpleRule("health-check-pool-semantics", Severity.HIGH,
                        "The NLB must send clients to the active node and healthy standbys only: a sealed, uninitialised, removed or"
                                + " leaderless node that passes answers every request with an error, and a healthy standby that fails is"
                                + " capacity lost.",
                        "Check /v1/sys/health?standbyok=true&perfstandbyok=true over HTTPS with matcher 200 (or another query and"
                                + " matcher that accept 200/429/473 as Vault answers them and reject 472, 474, 501, 503, 530).",
                        List.of(TargetGroup.TYPE),
                        HealthSemantics::pool),
                new SecurityRules.SimpleRule("asg-health-independent-of-cluster-state", Severity.MEDIUM,
                        "With healthCheckType ELB the group terminates every node the target group fails, and with it its Raft data"
                                + " volume: after a quorum loss or a KMS outage the survivors answer 474/503 and would be replaced,"
                                + " turning a recoverable outage into data loss.",
                        "Set healthCheckType EC2: replace instances for instance failures only; the NLB pool, autopilot and"
                                + " systemd handle sealed, leaderless and uninitialised nodes.",
                        List.of(AutoScalingGroup.TYPE),
                        HealthSemantics::autoScaling));
    }

    private static void pool(PolicyContext ctx, SecurityRules.Emitter emit) {
        for (var group : ctx.ofType(TargetGroup.TYPE)) {
            Object path = group.input(TargetGroup.PATH);
            Object protocol = group.input(TargetGroup.PROTOCOL);
            if (!(path instanceof String p) || !p.startsWith("/v1/sys/health")
                    || !("HTTP".equals(protocol) || "HTTPS".equals(protocol))) {
                // Not an HTTP check of Vault's health endpoint: health-check-decided reports it.
                continue;
            }
            String target = String.valueOf(group.input(TargetGroup.TARGET_PROTOCOL)).toUpperCase(Locale.ROOT);
            boolean nlb = target.startsWith("TCP") || target.startsWith("TLS") || target.startsWith("UDP");
            IntPredicate accepted = matcher(group.input(TargetGroup.MATCHER), nlb);
            if (accepted == null) {
                emit.at(group.urn(), "healthCheck.matcher " + group.input(TargetGroup.MATCHER) + " is not a code, list or range of codes");
                continue;
            }
            var query = query(p);
            for (NodeState state : NodeState.values()) {
                int code = code(state, query);
                boolean passes = accepted.test(code);
                if (passes != state.inPool()) {
                    emit.at(group.urn(), "a node that is " + state.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " answers " + code
                            + " to " + p + ", which the matcher " + (passes ? "accepts: it would receive traffic"
                            : "rejects: it would be left out of the pool"));
                }
            }
        }
    }

    private static void autoScaling(PolicyContext ctx, SecurityRules.Emitter emit) {
        for (var asg : ctx.ofType(AutoScalingGroup.TYPE)) {
            Object type = asg.input(AutoScalingGroup.HEALTH_CHECK_TYPE);
            if (type != null && "ELB".equalsIgnoreCase(String.valueOf(type))) {
                boolean registered = Inputs.present(asg.input(AutoScalingGroup.TARGET_GROUPS));
                emit.at(asg.urn(), "healthCheckType is ELB" + (registered ? " with the Vault target group" : "")
                        + ": the group would terminate sealed (503), leaderless (474), uninitialised (501) and removed (530) nodes,"
                        + " cluster-level states, with their Raft volumes");
            }
        }
    }
}
