package io.privatevault.plan;

import io.privatevault.stack.StackSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * A Mermaid flowchart of the planned platform: who reaches Vault and how (applications and engineers to the
 * NLB, the NLB to the nodes), how the nodes spread over availability zones, and the services they use. Only
 * parts whose resources the plan registered are drawn.
 */
public final class MermaidRenderer {
    private MermaidRenderer() {
    }

    public static String render(PlanReport report) {
        if (ConfigurationDiagram.applies(report)) {
            return ConfigurationDiagram.render(report);
        }
        StackSettings s = report.settings();
        boolean nlb = has(report, "aws:lb/loadBalancer:LoadBalancer");
        boolean nodes = has(report, "aws:autoscaling/group:Group");
        boolean vpn = has(report, "aws:ec2clientvpn/endpoint:Endpoint");
        boolean zone = has(report, "aws:route53/zone:Zone");
        boolean bucket = has(report, "aws:s3/bucketV2:BucketV2");
        boolean kms = has(report, "aws:kms/key:Key");

        var out = new ArrayList<String>();
        out.add("flowchart LR");
        out.add("  subgraph clients[\"Clients\"]");
        if (s.network().attachedVpcs().isEmpty() && s.network().allowedClientCidrs().isEmpty()) {
            out.add("    apps[\"Applications in the VPC\"]");
        } else {
            var lines = new ArrayList<String>();
            s.network().attachedVpcs().forEach(v -> lines.add(v.name() + " " + v.cidr()));
            s.network().allowedClientCidrs().forEach(c -> lines.add("client " + c));
            out.add("    apps[\"Applications<br/>" + String.join("<br/>", lines) + "\"]");
        }
        if (vpn) {
            out.add("    engineers[\"Engineers<br/>Client VPN " + s.vpn().clientCidr() + ", UDP 443\"]");
        }
        out.add("  end");
        out.add("  subgraph vpc[\"Vault VPC " + (s.network().existingVpcId().isEmpty() ? s.network().vpcCidr() : s.network().existingVpcId())
                + (s.network().natGateways().equals("none") ? ", no internet route" : ", NAT egress") + "\"]");
        if (zone) {
            out.add("    dns[(\"Route 53 private zone<br/>" + s.dns().vaultFqdn() + "\")]");
        }
        if (nlb) {
            out.add("    nlb[\"Internal NLB<br/>TCP 8200, TLS passthrough\"]");
        }
        List<String> nodeIds = new ArrayList<>();
        if (nodes) {
            var zones = s.network().availabilityZones();
            for (int z = 0; z < zones.size(); z++) {
                out.add("    subgraph az" + z + "[\"" + zones.get(z) + "\"]");
                for (int n = z; n < s.cluster().nodeCount(); n += zones.size()) {
                    out.add("      node" + n + "[\"Vault node " + (n + 1) + "\"]");
                    nodeIds.add("node" + n);
                }
                out.add("    end");
            }
        }
        out.add("  end");
        if (kms) {
            out.add("  kms[\"KMS seal key (auto-unseal)\"]");
        }
        if (bucket) {
            out.add("  s3[(\"S3 snapshots, SSE-KMS\")]");
        }
        String entry = nlb ? "nlb" : null;
        if (entry != null) {
            out.add("  apps -->|\"https 8200\"| nlb");
            if (vpn) {
                out.add("  engineers -->|\"https 8200\"| nlb");
            }
            nodeIds.forEach(n -> out.add("  nlb -->|\"8200\"| " + n));
        }
        if (zone) {
            out.add("  apps -.->|\"resolves " + s.dns().vaultFqdn() + "\"| dns");
        }
        for (int i = 0; i + 1 < nodeIds.size(); i++) {
            out.add("  " + nodeIds.get(i) + " <-->|\"raft 8201\"| " + nodeIds.get(i + 1));
        }
        if (kms && !nodeIds.isEmpty()) {
            out.add("  " + nodeIds.get(0) + " -.->|\"unseal\"| kms");
        }
        if (bucket && !nodeIds.isEmpty()) {
            out.add("  " + nodeIds.get(0) + " -.->|\"snapshots (active node)\"| s3");
        }
        return String.join("\n", out) + "\n";
    }

    private static boolean has(PlanReport report, String type) {
        return report.resources().stream().anyMatch(r -> r.type().equals(type));
    }
}
