package io.linewatch.inventory;

import java.util.Collection;

/** What an address says about where its device sits: private (RFC 1918 and the like) or globally routed. */
final class Addresses {
    private Addresses() {
    }

    /**
     * True for an IPv4 address that cannot be on the same link as the private ones it talks with: a public
     * address whose peers include a private address was reached through a router (NAT or not), so the MAC it
     * was seen with is the router's. A plant numbered in public space (all peers public) is left alone.
     */
    static boolean behindGateway(String ip, Collection<String> peers) {
        if (!isIpv4(ip) || isPrivate(ip)) {
            return false;
        }
        for (String p : peers) {
            if (isIpv4(p) && isPrivate(p) && !p.startsWith("127.")) {
                return true;
            }
        }
        return false;
    }

    static boolean isIpv4(String ip) {
        return ip != null && ip.indexOf(':') < 0 && ip.indexOf('/') < 0 && ip.chars().filter(c -> c == '.').count() == 3;
    }

    /** RFC 1918, loopback, link-local, and carrier-grade NAT space (RFC 6598). */
    static boolean isPrivate(String ip) {
        String[] p = ip.split("\\.");
        try {
            int a = Integer.parseInt(p[0]);
            int b = Integer.parseInt(p[1]);
            return a == 10 || a == 127 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)
                    || (a == 169 && b == 254) || (a == 100 && b >= 64 && b <= 127);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }
}
