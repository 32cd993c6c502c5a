package io.privatevault.components.vpn;

import io.privatevault.components.support.Checks;

/**
 * Key types of the VPN PKI. AWS documents RSA 1024 and 2048 as the key types ACM imports for Client VPN,
 * so nothing else is offered (ECDSA or RSA 4096 would import but fail at endpoint creation).
 */
public enum VpnKeyType {
    RSA_2048(2048), RSA_1024(1024);

    private final int bits;

    VpnKeyType(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** The tls provider's {@code algorithm} input. */
    public String algorithm() {
        return "RSA";
    }

    public static VpnKeyType parse(String setting, String value) {
        for (VpnKeyType type : values()) {
            if (type.name().equals(value)) {
                return type;
            }
        }
        Checks.require(false, setting, value, "RSA_2048 or RSA_1024 (the key types ACM imports for Client VPN)");
        throw new AssertionError("unreachable");
    }
}
