package io.privatevault.components.cluster;

import io.privatevault.components.support.Hcl;

import java.util.ArrayList;
import java.util.List;

/**
 * How a platform's Vault nodes find each other and learn their own addresses: the one part of {@code vault.hcl}
 * the platforms do differently. On EC2 every node renders the same file with tokens that {@code prepare.sh} fills
 * from the instance metadata, and nodes join by EC2 tag ({@code auto_join}); on Kubernetes the chart gives each
 * pod its addresses and node id through its environment, and pods join each other by their stable names.
 */
public sealed interface RaftMembership permits RaftMembership.Ec2AutoJoin, RaftMembership.ChartPods {
    /** Address the listener binds. */
    String listenHost();

    /** Host of {@code api_addr} and {@code cluster_addr}; null where the platform sets them through the environment. */
    String advertisedHost();

    /** Raft {@code node_id}; null where the platform sets it through the environment. */
    String nodeId();

    /** What each {@code retry_join} block names as the leader to join. */
    List<Hcl.Body> joinTargets();

    /** Whether the node labels its pod active/standby ({@code service_registration "kubernetes"}). */
    boolean registersWithKubernetes();

    /** A comment for the top of the file, or null. */
    String note();

    /** Refuses a rendering the platform would corrupt. */
    void check(String hcl);

    /**
     * EC2: one launch template for every node, per-node values as {@link NodeFact} tokens, peers found through
     * go-discover's AWS provider by the instances' cluster tag, over their private addresses.
     */
    record Ec2AutoJoin(String region, String tagKey, String tagValue) implements RaftMembership {
        public String autoJoin() {
            return "provider=aws region=" + region + " tag_key=" + tagKey + " tag_value=" + tagValue + " addr_type=private_v4";
        }

        @Override
        public String listenHost() {
            return "0.0.0.0";
        }

        @Override
        public String advertisedHost() {
            return NodeFact.PRIVATE_IP.token();
        }

        @Override
        public String nodeId() {
            // The instance id: a replaced instance is a new Raft member that autopilot can clean up.
            return NodeFact.INSTANCE_ID.token();
        }

        @Override
        public List<Hcl.Body> joinTargets() {
            return List.of(Hcl.body()
                    .attr("auto_join", autoJoin())
                    .attr("auto_join_scheme", "https")
                    .attr("auto_join_port", VaultServerConfig.API_PORT)
                    .build());
        }

        @Override
        public boolean registersWithKubernetes() {
            return false;
        }

        @Override
        public String note() {
            var tokens = new ArrayList<String>();
            for (NodeFact fact : NodeFact.values()) {
                tokens.add(fact.token());
            }
            return "Rendered by private-vault (VaultRaftCluster). prepare.sh replaces " + String.join(", ", tokens)
                    + " from instance metadata.";
        }

        @Override
        public void check(String hcl) {
            String rest = hcl;
            for (NodeFact fact : NodeFact.values()) {
                rest = rest.replace(fact.token(), "");
            }
            if (rest.contains("@")) {
                throw new IllegalArgumentException("vault.hcl holds a token prepare.sh does not fill: " + rest);
            }
        }
    }

    /**
     * HashiCorp's chart: the StatefulSet's pods {@code <release>-<i>.<release>-internal} join each other by name; the
     * chart sets {@code VAULT_API_ADDR}, {@code VAULT_CLUSTER_ADDR} and {@code VAULT_RAFT_NODE_ID} (the pod name)
     * in each pod's environment. The listener binds IPv6 and IPv4, as the chart's own default does.
     *
     * @param release  the Helm release (and chart fullname)
     * @param replicas the StatefulSet's pods
     */
    record ChartPods(String release, int replicas) implements RaftMembership {
        /** Words the chart's start command rewrites with sed wherever they appear in the configuration. */
        static final List<String> CHART_TOKENS = List.of("HOSTNAME", "POD_IP", "HOST_IP", "API_ADDR", "TRANSIT_ADDR", "RAFT_ADDR");

        /** Pod {@code i} through the headless service. */
        public String podAddress(int i) {
            return "https://" + release + "-" + i + "." + release + "-internal:" + VaultServerConfig.API_PORT;
        }

        @Override
        public String listenHost() {
            return "[::]";
        }

        @Override
        public String advertisedHost() {
            return null;
        }

        @Override
        public String nodeId() {
            return null;
        }

        @Override
        public List<Hcl.Body> joinTargets() {
            var targets = new ArrayList<Hcl.Body>();
            for (int i = 0; i < replicas; i++) {
                targets.add(Hcl.body().attr("leader_api_addr", podAddress(i)).build());
            }
            return List.copyOf(targets);
        }

        @Override
        public boolean registersWithKubernetes() {
            return true;
        }

        @Override
        public String note() {
            return null;
        }

        @Override
        public void check(String hcl) {
            for (String token : CHART_TOKENS) {
                if (hcl.contains(token)) {
                    throw new IllegalArgumentException("the Vault config contains '" + token + "', which the chart would rewrite");
                }
            }
        }
    }
}
