package io.privatevault.components.vpn;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OvpnProfileTest {
    static final String CA = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";

    @Test
    void remoteDropsAwsWildcardLabelOnly() {
        assertEquals("cvpn-endpoint-0123.prod.clientvpn.eu-west-1.amazonaws.com",
                OvpnProfile.remoteHostOf("*.cvpn-endpoint-0123.prod.clientvpn.eu-west-1.amazonaws.com"));
        assertEquals("vpn.example.com", OvpnProfile.remoteHostOf("vpn.example.com"));
    }

    @Test
    void inlinesMaterialOrAClearPlaceholder() {
        String csrMode = new OvpnProfile("alice", "cvpn.example", 443, "udp", "vpn.tooling.internal", CA, "CERT", null, null).render();
        assertTrue(csrMode.contains("<cert>\nCERT\n</cert>\n<key>\n" + OvpnProfile.KEY_PLACEHOLDER + "\n</key>\n"), csrMode);
        assertTrue(csrMode.contains("<ca>\n" + CA.strip() + "\n</ca>"));
        String generated = new OvpnProfile("bob", "cvpn.example", 443, "udp", "vpn.tooling.internal", CA, "CERT", "KEY", "https://vault.x.internal:8200").render();
        assertTrue(generated.contains("<key>\nKEY\n</key>"));
        assertFalse(generated.contains("REPLACE THIS LINE"));
        assertTrue(generated.startsWith("# AWS Client VPN profile for bob (private-vault ClientVpn)\n# Vault is reachable at https://vault.x.internal:8200"));
        // The complete directive set, in order (comments and inline material filtered out).
        List<String> directives = generated.lines().filter(l -> !l.startsWith("#") && !l.startsWith("<") && !l.equals("CERT")
                && !l.equals("KEY") && !l.startsWith("-----") && !l.equals("CA")).toList();
        assertEquals(List.of("client", "dev tun", "proto udp", "remote cvpn.example 443", "remote-random-hostname",
                "resolv-retry infinite", "nobind", "persist-key", "persist-tun", "remote-cert-tls server",
                "verify-x509-name vpn.tooling.internal name", "tls-version-min 1.2", "data-ciphers AES-256-GCM:AES-128-GCM",
                "reneg-sec 0", "verb 3"), directives);
    }
}
