package io.privatevault.components.testing;

/** A property value that is not known until the resource it comes from is created (a preview's "computed"). */
public enum Unknown {
    VALUE;

    @Override
    public String toString() {
        return "[unknown]";
    }
}
