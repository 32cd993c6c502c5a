package io.privatevault.components.host;

import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ResourceArgs;

import java.lang.reflect.Constructor;

/**
 * Finds a component by its type token the way the SDK's component host does: {@code <package>:index:<Name>} is the
 * class {@code <java package>.<Name>}, a {@link ComponentResource} with exactly one constructor
 * {@code (String name, XArgs args, ComponentResourceOptions options)}.
 */
final class Components {
    private Components() {
    }

    static Class<?> componentClass(String javaPackage, String token) {
        String[] parts = token.split(":");
        if (parts.length != 3 || !parts[1].equals("index")) {
            throw new IllegalArgumentException("a component type is <package>:index:<Name>, got " + token);
        }
        Class<?> type;
        try {
            type = Class.forName(javaPackage + "." + parts[2]);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("this package has no component " + token, e);
        }
        if (!ComponentResource.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("this package has no component " + token + " (" + type.getName() + " is no ComponentResource)");
        }
        return type;
    }

    static Constructor<?> constructor(Class<?> component) {
        Constructor<?>[] constructors = component.getDeclaredConstructors();
        if (constructors.length != 1 || constructors[0].getParameterCount() != 3
                || !ResourceArgs.class.isAssignableFrom(constructors[0].getParameterTypes()[1])) {
            throw new IllegalStateException(component.getName() + " must declare exactly one constructor (String, XArgs, ComponentResourceOptions)");
        }
        constructors[0].setAccessible(true);
        return constructors[0];
    }

    static Class<?> argsType(Class<?> component) {
        return constructor(component).getParameterTypes()[1];
    }
}
