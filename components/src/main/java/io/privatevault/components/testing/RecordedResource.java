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
 * @param provider     provider reference, empty for the default provider
 * @param version      plugin version requested for this resource, empty for the default
 */
public record RecordedResource(
        String urn,
        String type,
        String name,
        String parentUrn,
        boolean custom,
        Map<String, Object> inputs,
        Set<String> dependencies,
        String provider,
        String version) {

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
