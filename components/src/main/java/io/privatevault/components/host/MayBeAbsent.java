package io.privatevault.components.host;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a component's {@code @Export} field: the output resolves to nothing in some configurations (say which in
 * {@link #value}). Every other output is marked required in the served schema ({@link RequiredOutputs}), so other
 * languages type it as always present; this one stays optional ({@code T | undefined} in TypeScript).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface MayBeAbsent {
    /** When the output is absent. */
    String value();
}
