package io.privatevault.components.testing;

/** A property value that the program marked secret. Renderers mask it unless asked to show secrets. */
public record Secret(Object value) {
    @Override
    public String toString() {
        return "[secret]";
    }
}
