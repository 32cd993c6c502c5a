package io.privatevault.components;

import com.pulumi.resources.ComponentResourceOptions;

/** Small helpers shared by the component constructors. */
final class ComponentLifecycle {
    private ComponentLifecycle() {
    }

    /**
     * Lets a constructor validate its Args inside the {@code super(...)} call, so that a bad argument
     * fails before the component itself is registered. {@code validatedArgs} is evaluated first by Java.
     */
    static ComponentResourceOptions validated(Object validatedArgs, ComponentResourceOptions options) {
        return options;
    }
}
