package io.linewatch.rules.facts;

import java.util.List;
import java.util.Set;

/**
 * An approved window for engineering work on some assets: inside it, program downloads, mode changes
 * and firmware updates to those assets are expected; outside it they are alerts.
 *
 * @param targets    IPv4 addresses or CIDR blocks ({@code 10.1.2.0/24}); empty = every asset
 * @param operations {@code ot.operation} values allowed in the window; empty = program, control, firmware
 */
public record MaintenanceWindow(String name, long startNanos, long endNanos, List<String> targets, Set<String> operations) {
    public static final Set<String> ENGINEERING = Set.of("program", "control", "firmware");

    public boolean covers(String ip, String operation, long timestampNanos) {
        if (timestampNanos < startNanos || timestampNanos > endNanos) {
            return false;
        }
        if (!(operations.isEmpty() ? ENGINEERING : operations).contains(operation)) {
            return false;
        }
        if (targets.isEmpty()) {
            return true;
        }
        for (String t : targets) {
            if (matches(t, ip)) {
                return true;
            }
        }
        return false;
    }

    /** The window's name, for Drools' accessor-style field access. */
    public String getName() {
        return name;
    }

    static boolean matches(String target, String ip) {
        if (ip == null) {
            return false;
        }
        int slash = target.indexOf('/');
        if (slash < 0) {
            return target.equals(ip);
        }
        Long net = ipv4(target.substring(0, slash));
        Long addr = ipv4(ip);
        if (net == null || addr == null) {
            return false;
        }
        int bits = Integer.parseInt(target.substring(slash + 1));
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (net & mask) == (addr & mask);
    }

    static Long ipv4(String s) {
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
}
