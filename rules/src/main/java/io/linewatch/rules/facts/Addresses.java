package io.linewatch.rules.facts;

/** IPv4 address tests for windows, allow-lists and rules: groups, CIDR blocks. */
public final class Addresses {
    private Addresses() {
    }

    /** Broadcast (x.x.x.255, 255.255.255.255) and multicast (224/4, ff00::/8). */
    public static boolean isGroup(String ip) {
        if (ip == null) {
            return false;
        }
        if (ip.endsWith(".255") || ip.startsWith("ff")) {
            return true;
        }
        int dot = ip.indexOf('.');
        if (dot > 0) {
            try {
                int first = Integer.parseInt(ip.substring(0, dot));
                return first >= 224 && first <= 239;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** {@code ip} is {@code pattern}: an address, a CIDR block ({@code 10.1.0.0/16}) or {@code *}. */
    public static boolean matches(String pattern, String ip) {
        if (ip == null || pattern == null) {
            return false;
        }
        if (pattern.equals("*")) {
            return true;
        }
        int slash = pattern.indexOf('/');
        if (slash < 0) {
            return pattern.equals(ip);
        }
        Long net = ipv4(pattern.substring(0, slash));
        Long addr = ipv4(ip);
        if (net == null || addr == null) {
            return false;
        }
        int bits;
        try {
            bits = Integer.parseInt(pattern.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > 32) {
            return false;
        }
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (net & mask) == (addr & mask);
    }

    /** Any of the patterns matches. */
    public static boolean matchesAny(Iterable<String> patterns, String ip) {
        for (String p : patterns) {
            if (matches(p, ip)) {
                return true;
            }
        }
        return false;
    }

    /** A dotted IPv4 address as a number, or null. */
    public static Long ipv4(String s) {
        String[] p = s.split("\\.");
        if (p.length != 4) {
            return null;
        }
        long v = 0;
        for (String part : p) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                return null;
            }
            if (octet < 0 || octet > 255) {
                return null;
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    /** A valid address or CIDR pattern (for configuration checks). */
    public static boolean valid(String pattern) {
        if (pattern.equals("*")) {
            return true;
        }
        int slash = pattern.indexOf('/');
        String addr = slash < 0 ? pattern : pattern.substring(0, slash);
        if (ipv4(addr) == null) {
            return addr.contains(":"); // IPv6 addresses are compared as text
        }
        if (slash >= 0) {
            try {
                int bits = Integer.parseInt(pattern.substring(slash + 1));
                return bits >= 0 && bits <= 32;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
