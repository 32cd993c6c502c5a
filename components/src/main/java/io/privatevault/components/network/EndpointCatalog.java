package io.privatevault.components.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interface endpoints {@link io.privatevault.components.PrivateVaultNetwork} knows how to create, and whether
 * AWS accepts a VPC endpoint policy on each (AWS PrivateLink guide, "AWS services that integrate with AWS
 * PrivateLink"; ssmmessages and ec2messages take none, so setting one would fail the create).
 */
public final class EndpointCatalog {
    /** Short service name -> supports an endpoint policy. Insertion order is the documented default order. */
    private static final Map<String, Boolean> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("kms", true);            // auto-unseal, snapshot and log encryption
        SERVICES.put("secretsmanager", true); // node TLS material, init lock, recovery keys
        SERVICES.put("ssm", true);            // Session Manager (no SSH)
        SERVICES.put("ssmmessages", false);
        SERVICES.put("ec2messages", false);
        SERVICES.put("ec2", true);            // Raft auto-join (DescribeInstances)
        SERVICES.put("sts", true);            // AWS IAM auth, regional STS for the SDKs
        SERVICES.put("logs", true);           // CloudWatch agent: server and audit logs
        SERVICES.put("monitoring", true);     // CloudWatch metrics: snapshot age
        SERVICES.put("sns", true);
        SERVICES.put("ecr.api", true);
        SERVICES.put("ecr.dkr", true);
        SERVICES.put("elasticloadbalancing", true);
        SERVICES.put("autoscaling", true);
    }

    /** What a Vault node needs with no NAT: the default of {@code endpointServices}. */
    public static final List<String> DEFAULTS = List.of(
            "kms", "secretsmanager", "ssm", "ssmmessages", "ec2messages", "ec2", "sts", "logs", "monitoring");

    /** The endpoints only Session Manager uses: a stack without sessions needs none of them. */
    public static final List<String> SESSION_MANAGER = List.of("ssm", "ssmmessages", "ec2messages");

    private EndpointCatalog() {
    }

    public static boolean known(String service) {
        return SERVICES.containsKey(service);
    }

    public static boolean supportsPolicy(String service) {
        return SERVICES.getOrDefault(service, false);
    }

    public static List<String> names() {
        return List.copyOf(SERVICES.keySet());
    }
}
