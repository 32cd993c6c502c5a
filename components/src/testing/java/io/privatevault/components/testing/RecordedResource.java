package io.privatevault.components.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One resource as the program registered it with the engine: the exact request the Pulumi CLI would see.
 *
 * @param urn          the resource URN
 * @param type         type token, e.g. {@code aws:ec2/vpc:Vpc}
 * @param name         logical name
 * @param parentUrn    the parent's URN, or {@code null} for children of the stack
 * @param custom       true for provider-managed resources, false for components
 * @param inputs       inputs by Pulumi property name; secrets wrapped in {@link Secret}, unknowns {@link Unknown#VALUE}
 * @param dependencies URNs this resource depends on (explicit {@code dependsOn} and every input from another resource)
 * @param options      the resource options of the registration
 * @param id           the mock engine's id of the resource, {@code null} for components
 * @param arn          the mock {@code arn} output, {@code null} when the resource has none
 */
public record RecordedResource(
        String urn,
        String type,
        String name,
        String parentUrn,
        boolean custom,
        Map<String, Object> inputs,
        Set<String> dependencies,
        RecordedOptions options,
        String id,
        String arn) {

    /** A resource registered with no resource options and no mock id (fixtures for rules and renderers). */
    public RecordedResource(String urn, String type, String name, String parentUrn, boolean custom,
                            Map<String, Object> inputs, Set<String> dependencies) {
        this(urn, type, name, parentUrn, custom, inputs, dependencies, RecordedOptions.NONE, null, null);
    }

    /** The same resource with other inputs. */
    public RecordedResource withInputs(Map<String, Object> newInputs) {
        return new RecordedResource(urn, type, name, parentUrn, custom, newInputs, dependencies, options, id, arn);
    }

    /** Explicit provider reference ({@code <provider URN>::<id>}), empty for the default provider. */
    public String provider() {
        return options.provider();
    }

    /** Plugin version requested for this resource, empty for the default. */
    public String version() {
        return options.version();
    }

    /** Input by dotted path ({@code a.b.0.c}); secrets are unwrapped. Returns null when absent. */
    public Object input(String path) {
        Object current = inputs;
        for (String part : path.split("\\.")) {
            current = unwrap(current);
            if (current instanceof Map<?, ?> map) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(part);
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return unwrap(current);
    }

    /** Whether the input at the top-level property name was registered as a secret. */
    public boolean isSecret(String property) {
        return inputs.get(property) instanceof Secret;
    }

    private static Object unwrap(Object value) {
        return value instanceof Secret secret ? secret.value() : value;
    }
}
