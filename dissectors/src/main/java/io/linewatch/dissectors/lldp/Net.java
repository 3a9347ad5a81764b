package io.linewatch.dissectors.lldp;

import java.util.Locale;

/** Address text for the advertisements. */
final class Net {
    private Net() {
    }

    static String ipv4(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    static String ipv6(byte[] b, int off) {
        try {
            byte[] a = java.util.Arrays.copyOfRange(b, off, off + 16);
            return java.net.InetAddress.getByAddress(a).getHostAddress(); // literal bytes: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an address
        }
    }

    static String mac(byte[] b, int off) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", b[off + i] & 0xff));
        }
        return sb.toString();
    }

    static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = 0; i < len; i++) {
            sb.append(String.format(Locale.ROOT, "%02x", b[off + i] & 0xff));
        }
        return sb.toString();
    }

    static boolean isIpv4(String a) {
        return a != null && a.indexOf(':') < 0 && a.chars().filter(c -> c == '.').count() == 3;
    }

    /** IANA address family numbers used by LLDP management addresses and network-address ids (1 IPv4, 2 IPv6, 6 802 MAC). */
    static String address(int family, byte[] b, int off, int len) {
        if (family == 1 && len == 4) {
            return ipv4(b, off);
        }
        if (family == 2 && len == 16) {
            return ipv6(b, off);
        }
        if (family == 6 && len == 6) {
            return mac(b, off);
        }
        return hex(b, off, len);
    }

    /** Names of the set bits of {@code bits}, from a table indexed by bit number. */
    static void bits(int bits, String[] names, java.util.List<String> out) {
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(names[i]);
            }
        }
    }
}
