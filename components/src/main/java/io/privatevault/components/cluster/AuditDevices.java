package io.privatevault.components.cluster;

import io.privatevault.components.cluster.k8s.Chart;

/**
 * Where a platform lets Vault's audit devices write; the configuration layer enables exactly these. Vault answers no
 * request that no enabled audit device can record ("It is highly recommended that you configure Vault to use multiple
 * audit devices", Vault docs, Audit devices), so there are two, on different paths: the {@code file} device on the
 * audit volume, and a second one that leaves by another way, so a full or failing audit volume does not stop Vault.
 *
 * @param logPath      the {@code file} device's {@code file_path}, on the audit volume
 * @param secondDevice {@link #SYSLOG} or {@link #STDOUT}
 */
public record AuditDevices(String logPath, String secondDevice) {
    /** A {@code syslog} device: journald, through the host's {@code /dev/log} (EC2 nodes have it). */
    public static final String SYSLOG = "syslog";
    /**
     * A second {@code file} device with {@code file_path=stdout}, the container log the cluster's log pipeline collects
     * (Vault docs, File audit device: "Enable logs on stdout. This is useful when running in a container"). A Vault
     * container has no {@code /dev/log} for syslog, and its root filesystem is read-only.
     */
    public static final String STDOUT = "stdout";

    /** On an EC2 node: the log volume the CloudWatch agent ships (and logrotate rotates), and journald. */
    public static AuditDevices ec2() {
        return new AuditDevices(NodePaths.DEFAULT.auditLog(), SYSLOG);
    }

    /**
     * In the chart's pods: the audit volume ({@code server.auditStorage}, mounted at {@code /vault/audit}; the chart's
     * own example enables {@code file_path=/vault/audit/vault_audit.log}) and standard output.
     */
    public static AuditDevices kubernetes() {
        return new AuditDevices(Chart.AUDIT_DIR + "/vault_audit.log", STDOUT);
    }
}
