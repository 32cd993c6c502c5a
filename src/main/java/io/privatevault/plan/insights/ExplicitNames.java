package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.AwsSchema.AutoScalingGroup;
import io.privatevault.plan.insights.AwsSchema.Bucket;
import io.privatevault.plan.insights.AwsSchema.Dashboard;
import io.privatevault.plan.insights.AwsSchema.HostedZone;
import io.privatevault.plan.insights.AwsSchema.IamPolicy;
import io.privatevault.plan.insights.AwsSchema.InstanceProfile;
import io.privatevault.plan.insights.AwsSchema.KmsAlias;
import io.privatevault.plan.insights.AwsSchema.LambdaFunction;
import io.privatevault.plan.insights.AwsSchema.LaunchTemplate;
import io.privatevault.plan.insights.AwsSchema.LoadBalancer;
import io.privatevault.plan.insights.AwsSchema.LogGroup;
import io.privatevault.plan.insights.AwsSchema.MetricAlarm;
import io.privatevault.plan.insights.AwsSchema.Role;
import io.privatevault.plan.insights.AwsSchema.SecretsManagerSecret;
import io.privatevault.plan.insights.AwsSchema.SecurityGroup;
import io.privatevault.plan.insights.AwsSchema.SsmDocument;
import io.privatevault.plan.insights.AwsSchema.TargetGroup;
import io.privatevault.plan.insights.AwsSchema.Topic;
import io.privatevault.plan.insights.AwsSchema.ZoneAssociation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The explicit physical names a plan registers, each with the namespace in which AWS (or Kubernetes) keeps it
 * unique. A resource without an explicit name (no {@code name}/{@code bucket} input, or only a {@code namePrefix}) gets
 * a generated unique suffix and never collides, so it is not listed.
 *
 * <p>Namespaces, from each service's documentation: S3 bucket names are global across all accounts; IAM names are
 * unique per account (IAM is a global service); Lambda function, CloudWatch log group and alarm, KMS alias, Secrets
 * Manager secret, SNS topic, load balancer, target group, Auto Scaling group and launch template names per account
 * and Region; security group names per VPC; a private hosted zone's name may exist many times, but a VPC can be
 * associated with only one private zone of a name (Route 53 refuses the second with ConflictingDomainExists);
 * Kubernetes names per cluster (cluster-scoped kinds) or per cluster and namespace.
 */
public final class ExplicitNames {
    /** Where a name must be unique. */
    public enum Scope { GLOBAL, ACCOUNT, REGION, VPC, KUBERNETES }

    /**
     * One explicit name.
     *
     * @param urn       the resource that registers it
     * @param kind      what it names, e.g. {@code Lambda function}
     * @param scope     where AWS or Kubernetes keeps it unique
     * @param namespace the concrete namespace: the account and Region, the VPC, the cluster and namespace
     * @param value     the name
     */
    public record Name(String urn, String kind, Scope scope, String namespace, String value) {
        /** The key two stacks must not share: namespace, kind and name (IAM and S3 names compare case-insensitively). */
        public String key() {
            String v = scope == Scope.ACCOUNT || scope == Scope.GLOBAL ? value.toLowerCase(Locale.ROOT) : value;
            return namespace + "|" + kind + "|" + v;
        }
    }

    /** A resource type with an explicit name: its kind, the input that carries it and its scope. */
    record Named(String kind, String property, Scope scope) {
    }

    static final Map<String, Named> AWS = new LinkedHashMap<>();

    static {
        AWS.put(Bucket.TYPE, new Named("S3 bucket", Bucket.NAME, Scope.GLOBAL));
        AWS.put(Role.TYPE, new Named("IAM role", Role.NAME, Scope.ACCOUNT));
        AWS.put(InstanceProfile.TYPE, new Named("IAM instance profile", InstanceProfile.NAME, Scope.ACCOUNT));
        AWS.put(IamPolicy.TYPE, new Named("IAM policy", IamPolicy.NAME, Scope.ACCOUNT));
        AWS.put(LambdaFunction.TYPE, new Named("Lambda function", LambdaFunction.NAME, Scope.REGION));
        AWS.put(LogGroup.TYPE, new Named("CloudWatch log group", LogGroup.NAME, Scope.REGION));
        AWS.put(MetricAlarm.TYPE, new Named("CloudWatch alarm", MetricAlarm.NAME, Scope.REGION));
        // PutDashboard: "If a dashboard with this name already exists, this call modifies that dashboard, replacing
        // its current contents" (CloudWatch API reference); dashboards belong to the account, not a Region.
        AWS.put(Dashboard.TYPE, new Named("CloudWatch dashboard", Dashboard.NAME, Scope.ACCOUNT));
        AWS.put(SsmDocument.TYPE, new Named("SSM document", SsmDocument.NAME, Scope.REGION));
        AWS.put(KmsAlias.TYPE, new Named("KMS alias", KmsAlias.NAME, Scope.REGION));
        AWS.put(SecretsManagerSecret.TYPE, new Named("Secrets Manager secret", SecretsManagerSecret.NAME, Scope.REGION));
        AWS.put(Topic.TYPE, new Named("SNS topic", Topic.NAME, Scope.REGION));
        AWS.put(LoadBalancer.TYPE, new Named("load balancer", LoadBalancer.NAME, Scope.REGION));
        AWS.put(TargetGroup.TYPE, new Named("target group", TargetGroup.NAME, Scope.REGION));
        AWS.put(AutoScalingGroup.TYPE, new Named("Auto Scaling group", AutoScalingGroup.NAME, Scope.REGION));
        AWS.put(LaunchTemplate.TYPE, new Named("launch template", LaunchTemplate.NAME, Scope.REGION));
        AWS.put(SecurityGroup.TYPE, new Named("security group", SecurityGroup.NAME, Scope.VPC));
    }

    /** Cluster-scoped Kubernetes kinds (every other kind the program registers lives in a namespace). */
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "StorageClass", "ClusterRole", "ClusterRoleBinding",
            "PersistentVolume", "CustomResourceDefinition", "PriorityClass");

    private ExplicitNames() {
    }

    /**
     * Every explicit name of one plan.
     *
     * @param stack     the stack, which owns every id its own resources got (a VPC created here is a VPC of this stack
     *                  only, whatever id the mock engine gave it)
     * @param accountId the account the stack deploys to
     * @param region    its Region
     */
    public static List<Name> of(List<RecordedResource> resources, String stack, String accountId, String region) {
        Set<String> ownIds = new HashSet<>();
        Map<String, RecordedResource> byId = new LinkedHashMap<>();
        Map<String, RecordedResource> byUrn = new LinkedHashMap<>();
        for (var r : resources) {
            byUrn.put(r.urn(), r);
            if (r.id() != null) {
                ownIds.add(r.id());
                byId.put(r.id(), r);
            }
        }
        var names = new ArrayList<Name>();
        for (var r : resources) {
            if (!r.custom()) {
                continue;
            }
            var named = AWS.get(r.type());
            if (named != null && r.input(named.property()) instanceof String value && !value.isBlank()) {
                String namespace = switch (named.scope()) {
                    case GLOBAL -> "aws";
                    case ACCOUNT -> "account " + accountId;
                    case REGION -> "account " + accountId + " " + region;
                    case VPC -> "VPC " + vpc(r.input(SecurityGroup.VPC), stack, ownIds);
                    case KUBERNETES -> throw new IllegalStateException();
                };
                names.add(new Name(r.urn(), named.kind(), named.scope(), namespace, value));
            }
            if (HostedZone.TYPE.equals(r.type()) && r.input(HostedZone.NAME) instanceof String zone) {
                for (Object vpc : Inputs.all(r, HostedZone.VPCS)) {
                    names.add(privateZone(r.urn(), zone, vpc, stack, ownIds));
                }
            }
            if (ZoneAssociation.TYPE.equals(r.type())) {
                var zone = byId.get(String.valueOf(r.input(ZoneAssociation.ZONE)));
                if (zone != null && zone.input(HostedZone.NAME) instanceof String zoneName) {
                    names.add(privateZone(r.urn(), zoneName, r.input(ZoneAssociation.VPC), stack, ownIds));
                }
            }
            if (r.type().startsWith("kubernetes:") && !r.type().startsWith("kubernetes:helm.sh/")) {
                kubernetes(r, byUrn).ifPresent(names::add);
            }
        }
        return List.copyOf(names);
    }

    /** A VPC id as a namespace: one the stack created is the stack's own, whatever the mock engine called it. */
    private static String vpc(Object id, String stack, Set<String> ownIds) {
        String text = String.valueOf(id);
        return ownIds.contains(text) ? text + " (created by stack " + stack + ")" : text;
    }

    private static Name privateZone(String urn, String zone, Object vpc, String stack, Set<String> ownIds) {
        return new Name(urn, "private hosted zone", Scope.VPC, "VPC " + vpc(vpc, stack, ownIds), zone);
    }

    /**
     * A Kubernetes object's name in its cluster: the cluster is known by the provider the program gives it, whose
     * logical name the program derives from the cluster's own name (the Vault cluster, or an application cluster of
     * {@code kubernetesClusters}).
     */
    private static java.util.Optional<Name> kubernetes(RecordedResource r, Map<String, RecordedResource> byUrn) {
        if (!(r.input("metadata.name") instanceof String name)) {
            return java.util.Optional.empty();
        }
        String kind = r.type().substring(r.type().lastIndexOf(':') + 1);
        String provider = r.provider();
        String providerUrn = provider.contains("::") ? provider.substring(0, provider.lastIndexOf("::")) : provider;
        var providerResource = byUrn.get(providerUrn);
        String cluster = providerResource != null ? providerResource.name() : providerUrn.isEmpty() ? "default" : providerUrn;
        String namespace = CLUSTER_SCOPED.contains(kind) ? "Kubernetes cluster " + cluster
                : "Kubernetes cluster " + cluster + " namespace " + r.input("metadata.namespace");
        return java.util.Optional.of(new Name(r.urn(), "Kubernetes " + kind, Scope.KUBERNETES, namespace, name));
    }
}
