package io.privatevault.components.support;

/** A setting or component argument with a value that is not allowed. The message says which, what and why. */
public class InvalidSettingException extends IllegalArgumentException {
    private final String setting;

    public InvalidSettingException(String setting, Object value, String allowed) {
        super(setting + " must be " + allowed + ", got " + show(value));
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }

    private static String show(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
