package io.privatevault.components.support;

import java.util.List;
import java.util.regex.Pattern;

/** An IPv4 CIDR block with its host bits zero, e.g. {@code 10.42.0.0/16}. */
public record Cidr(long base, int prefix) {
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /**
     * Private address space: RFC 1918 ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}) and RFC 6598 shared space
     * ({@code 100.64/10}, which AWS allows for VPCs and carrier-grade NAT uses). Nothing outside it ever reaches Vault.
     */
    public static final List<Cidr> PRIVATE_RANGES = List.of(new Cidr(0x0A000000L, 8), new Cidr(0xAC100000L, 12),
            new Cidr(0xC0A80000L, 16), new Cidr(0x64400000L, 10));

    /**
     * The widest range a rule that admits clients may name: {@code /16}, the largest CIDR block a VPC can have (Amazon
     * VPC user guide, "VPC CIDR blocks": "The allowed block size is between a /16 netmask (65,536 IP addresses) and
     * /28 netmask (16 IP addresses)"). A wider range names no one network but an address plan (all of
     * {@code 10.0.0.0/8}: every VPC, office and VPN of the company), so it admits callers nobody listed.
     */
    public static final int WIDEST_CLIENT_PREFIX = 16;

    /** What {@link #clientRangeProblem} allows, for messages. */
    public static final String CLIENT_RANGE_ALLOWED = "a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)"
            + " no wider than /" + WIDEST_CLIENT_PREFIX + " (the largest VPC); never a public or company-wide range";

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

    /** True when every address of the block is private ({@link #PRIVATE_RANGES}). */
    public boolean isPrivate() {
        return PRIVATE_RANGES.stream().anyMatch(range -> range.contains(this));
    }

    /** True when the block is wider than {@link #WIDEST_CLIENT_PREFIX}, e.g. {@code 10.0.0.0/8} or {@code 0.0.0.0/0}. */
    public boolean isBroad() {
        return prefix < WIDEST_CLIENT_PREFIX;
    }

    /**
     * Why a range may not admit clients (of Vault's API, an auth role, a security group), or null when it may: the one
     * "broad or public range" rule every component, setting and plan check applies, so they all agree.
     */
    public String clientRangeProblem() {
        if (!isPrivate()) {
            return prefix == 0 ? "the whole internet" : "public addresses";
        }
        return isBroad() ? "wider than /" + WIDEST_CLIENT_PREFIX + " (" + size() + " addresses, more than any VPC holds)" : null;
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
