package io.privatevault.components.cluster;

import com.pulumi.core.Output;

import java.util.Map;
import java.util.Optional;

/**
 * What a platform built, as VaultRaftCluster exports it.
 *
 * @param roleArn           the nodes' role (instance profile, or IRSA)
 * @param roleName          its name
 * @param caCertPem         the private CA's certificate
 * @param nodeConfig        the rendered {@code vault.hcl}
 * @param renderedFiles     every rendered file, relative path to content
 * @param recoverySecretArn the secret the initialiser writes the recovery material to
 * @param audit             where the platform lets Vault's audit devices write
 * @param ec2               what exists only on EC2; empty on Kubernetes
 */
public record PlatformOutputs(Output<String> roleArn, Output<String> roleName, Output<String> caCertPem,
                              Output<String> nodeConfig, Output<Map<String, String>> renderedFiles,
                              Output<String> recoverySecretArn, AuditDevices audit, Optional<Ec2Outputs> ec2) {

    /** The Auto Scaling group, its launch template and security group, the TLS secret and the log groups. */
    public record Ec2Outputs(Output<String> asgName, Output<String> securityGroupId, Output<String> launchTemplateId,
                             Output<String> tlsSecretArn, Output<String> serverLogGroupName, Output<String> auditLogGroupName) {

        /** Outputs that resolve to nothing: optional in the component's schema, absent (not "") where they do not exist. */
        public static Ec2Outputs absent() {
            return new Ec2Outputs(Output.ofNullable(null), Output.ofNullable(null), Output.ofNullable(null),
                    Output.ofNullable(null), Output.ofNullable(null), Output.ofNullable(null));
        }
    }
}
