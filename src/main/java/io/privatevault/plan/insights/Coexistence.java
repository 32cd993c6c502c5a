package io.privatevault.plan.insights;

import io.privatevault.components.testing.RecordedResource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two stacks of one project in one account and Region must deploy side by side: no explicit physical name of one may
 * equal another's in the namespace AWS (or Kubernetes) keeps it unique in ({@link ExplicitNames}).
 *
 * <p>Two checks. Within one plan, the policy-pack rule {@link #RULE} ({@code explicit-name-carries-stack}): every name
 * AWS keeps unique per Region, account or globally contains {@code <project>-<stack>}, so no other stack of the project
 * can produce it. Across plans, {@link #across}: names that cannot carry the stack (a private zone's name in a VPC, a
 * Kubernetes namespace an operator chose) are compared between every pair of stacks; {@code plan coexistence} plans
 * every stack file of the project and reports them.
 */
public final class Coexistence {
    public static final String ACROSS_RULE = "coexistence";

    private Coexistence() {
    }

    /** The per-stack rule of the policy pack. */
    public static final Rule RULE = new Rule() {
        @Override
        public String id() {
            return "explicit-name-carries-stack";
        }

        @Override
        public Severity severity() {
            return Severity.HIGH;
        }

        @Override
        public String rationale() {
            return "AWS names Lambda functions, log groups, KMS aliases and the like once per account and Region (IAM per account,"
                    + " S3 globally): a name without the stack is the same in every stack, and the second stack's pulumi up fails.";
        }

        @Override
        public String fix() {
            return "Derive the name from <project>-<stack> (components: support/PhysicalNames.scoped), or let Pulumi generate it.";
        }

        @Override
        public List<String> resourceTypes() {
            return List.of(AwsSchema.LambdaFunction.TYPE, AwsSchema.LogGroup.TYPE, AwsSchema.KmsAlias.TYPE, AwsSchema.Role.TYPE,
                    AwsSchema.SecretsManagerSecret.TYPE, AwsSchema.Bucket.TYPE);
        }

        @Override
        public List<Finding> evaluate(PolicyContext context) {
            if (context.resources().isEmpty()) {
                return List.of();
            }
            String stackToken = stackToken(context.resources().get(0).urn());
            var findings = new ArrayList<Finding>();
            for (var name : ExplicitNames.of(context.resources(), "", "", "")) {
                boolean unique = name.scope() == ExplicitNames.Scope.VPC || name.scope() == ExplicitNames.Scope.KUBERNETES
                        || name.value().toLowerCase(Locale.ROOT).contains(stackToken);
                if (!unique) {
                    findings.add(new Finding(severity(), id(), name.urn(), name.kind() + " '" + name.value() + "' does not contain '"
                            + stackToken + "': every stack of this project would register the same name in its account"
                            + (name.scope() == ExplicitNames.Scope.REGION ? " and Region" : "")));
                }
            }
            return findings;
        }
    };

    /** {@code <project>-<stack>} from a URN ({@code urn:pulumi:<stack>::<project>::...}), lower-case. */
    static String stackToken(String urn) {
        String[] parts = urn.split("::");
        String stack = parts[0].substring("urn:pulumi:".length());
        return (parts[1] + "-" + stack).toLowerCase(Locale.ROOT);
    }

    /**
     * One stack's plan as the cross-stack check sees it.
     *
     * @param stack     stack name
     * @param accountId account it deploys to (the plan's mock account: every stack is assumed to share one, the worst case)
     * @param region    its Region
     */
    public record StackNames(String stack, String accountId, String region, List<RecordedResource> resources) {
        public List<ExplicitNames.Name> names() {
            return ExplicitNames.of(resources, stack, accountId, region);
        }
    }

    /**
     * Findings (rule {@value #ACROSS_RULE}) for every explicit name two of {@code stacks} share: one per resource,
     * naming the other stack and its resource.
     */
    public static List<Finding> across(List<StackNames> stacks) {
        Map<String, List<Map.Entry<String, ExplicitNames.Name>>> byKey = new LinkedHashMap<>();
        for (var stack : stacks) {
            for (var name : stack.names()) {
                byKey.computeIfAbsent(name.key(), k -> new ArrayList<>()).add(Map.entry(stack.stack(), name));
            }
        }
        var findings = new ArrayList<Finding>();
        for (var holders : byKey.values()) {
            var stacksHolding = holders.stream().map(Map.Entry::getKey).distinct().toList();
            if (stacksHolding.size() < 2) {
                continue;
            }
            for (var holder : holders) {
                var others = holders.stream().filter(h -> !h.getKey().equals(holder.getKey()))
                        .map(h -> h.getKey() + " (" + h.getValue().urn() + ")").distinct().toList();
                var name = holder.getValue();
                findings.add(new Finding(Severity.HIGH, ACROSS_RULE, name.urn(), name.kind() + " '" + name.value() + "' in "
                        + name.namespace() + " is also registered by stack " + String.join(", ", others)
                        + ": the second stack to deploy fails"));
            }
        }
        return findings;
    }
}
