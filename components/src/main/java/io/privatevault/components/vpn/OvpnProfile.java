package io.privatevault.components.vpn;

import java.util.ArrayList;
import java.util.List;

/**
 * One engineer's OpenVPN client profile for the endpoint, as a typed model; {@link #render()} is the only
 * place that writes {@code .ovpn} text.
 *
 * @param engineer   certificate common name, for the header
 * @param remoteHost the endpoint DNS name without AWS's leading {@code *.}; {@code remote-random-hostname}
 *                   adds a random label, as AWS's own exported profile does
 * @param port       the endpoint's VPN port
 * @param protocol   {@code udp} or {@code tcp}
 * @param serverName the server certificate's CN, pinned with {@code verify-x509-name}
 * @param caPem      the VPN CA
 * @param certPem    the engineer's certificate, or null for the placeholder (sample profiles)
 * @param keyPem     the engineer's key (generated mode), or null for the placeholder (CSR mode: the key stays
 *                   on the engineer's machine)
 * @param vaultUrl   where Vault answers once connected, or null
 */
public record OvpnProfile(String engineer, String remoteHost, int port, String protocol, String serverName,
                          String caPem, String certPem, String keyPem, String vaultUrl) {
    /** Modern AEAD data ciphers only (OpenVPN 2.5+ negotiates among them; no CBC fallback). */
    public static final String DATA_CIPHERS = "AES-256-GCM:AES-128-GCM";
    public static final String KEY_PLACEHOLDER = "# REPLACE THIS LINE with your private key (the file you made with your CSR)";
    public static final String CERT_PLACEHOLDER = "# REPLACE THIS LINE with your certificate (clientConfigs output or your administrator)";

    /** {@code *.cvpn-endpoint-0123.prod.clientvpn.eu-west-1.amazonaws.com} becomes {@code cvpn-endpoint-0123.prod...}. */
    public static String remoteHostOf(String endpointDnsName) {
        return endpointDnsName.startsWith("*.") ? endpointDnsName.substring(2) : endpointDnsName;
    }

    public String render() {
        var lines = new ArrayList<String>();
        lines.add("# AWS Client VPN profile for " + engineer + " (private-vault ClientVpn)");
        if (vaultUrl != null) {
            lines.add("# Vault is reachable at " + vaultUrl + " once connected");
        }
        if (keyPem == null) {
            lines.add("# Replace the placeholder line in <key> with the private key that belongs to your CSR;");
            lines.add("# the key never left your machine and is not part of this file.");
        }
        lines.add("client");
        lines.add("dev tun");
        lines.add("proto " + protocol);
        lines.add("remote " + remoteHost + " " + port);
        lines.add("remote-random-hostname");
        lines.add("resolv-retry infinite");
        lines.add("nobind");
        lines.add("persist-key");
        lines.add("persist-tun");
        lines.add("remote-cert-tls server");
        lines.add("verify-x509-name " + serverName + " name");
        lines.add("tls-version-min 1.2");
        lines.add("data-ciphers " + DATA_CIPHERS);
        lines.add("reneg-sec 0");
        lines.add("verb 3");
        inline(lines, "ca", caPem, null);
        inline(lines, "cert", certPem, CERT_PLACEHOLDER);
        inline(lines, "key", keyPem, KEY_PLACEHOLDER);
        return String.join("\n", lines) + "\n";
    }

    private static void inline(List<String> lines, String tag, String pem, String placeholder) {
        lines.add("<" + tag + ">");
        lines.add(pem == null ? placeholder : pem.strip());
        lines.add("</" + tag + ">");
    }
}
