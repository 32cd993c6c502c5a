package io.privatevault.components.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that runs a real tool outside the JVM (shellcheck, cloud-init, systemd-analyze, openvpn, openssl, node
 * and the npm validators, python3) through {@link ExternalTools}. Tagged {@value #TAG}: the fast path
 * ({@code mvn -B -Pfast test}) leaves these out, the full run ({@code mvn -B verify}) runs them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(UsesTools.TAG)
public @interface UsesTools {
    String TAG = "tools";
}
