package io.privatevault.components.support;

import java.util.regex.Pattern;

/** An IPv4 CIDR block with its host bits zero, e.g. {@code 10.42.0.0/16}. */
public record Cidr(long base, int prefix) {
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** Parses a CIDR or throws {@link InvalidSettingException} naming {@code setting}. */
    public static Cidr parse(String setting, String text) {
        var m = text == null ? null : SHAPE.matcher(text.trim());
        Checks.require(m != null && m.matches(), setting, text, "an IPv4 CIDR block such as 10.42.0.0/16");
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            Checks.require(octet <= 255, setting, text, "an IPv4 CIDR block with octets 0-255");
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        Checks.require(prefix <= 32, setting, text, "an IPv4 CIDR block with a prefix length of 0-32");
        Checks.require((address & ~mask(prefix)) == 0, setting, text,
                "a CIDR block whose host bits are zero (did you mean " + format(address & mask(prefix)) + "/" + prefix + "?)");
        return new Cidr(address, prefix);
    }

    public static Cidr parse(String text) {
        return parse("CIDR", text);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean overlaps(Cidr other) {
        return base < other.base + other.size() && other.base < base + size();
    }

    public boolean contains(Cidr other) {
        return other.base >= base && other.base + other.size() <= base + size();
    }

    /** The {@code index}-th block of prefix {@code base prefix + newBits} inside this one. */
    public Cidr subnet(int newBits, int index) {
        int newPrefix = prefix + newBits;
        if (newPrefix > 32 || index < 0 || index >= (1L << newBits)) {
            throw new IllegalArgumentException("cannot carve subnet " + index + " of /" + newPrefix + " from " + this);
        }
        return new Cidr(base + index * (1L << (32 - newPrefix)), newPrefix);
    }

    /** The address {@code offset} hosts into the block, e.g. {@code offset(2)} is the Amazon-provided DNS resolver. */
    public String address(int offset) {
        return format(base + offset);
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }
}
