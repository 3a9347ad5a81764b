package io.linewatch.inventory.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Zones the user names ({@code --zones FILE}): a name, the CIDR blocks and VLANs it holds, and its Purdue level.
 * Built from a parsed YAML or JSON tree (maps, lists, scalars), so the reader of the file stays where the YAML
 * library is. A device belongs to the zone whose CIDR holds its address with the longest prefix; failing that,
 * to the first zone listing one of its VLANs; failing that, to an inferred segment.
 *
 * <pre>
 * zones:
 *   - name: Line 3 cell
 *     cidrs: [10.3.1.0/24]
 *     vlans: [31]
 *     level: 1          # Purdue level 0-5 (3.5 for a DMZ)
 * </pre>
 */
public final class Zones {
    static final Set<String> KEYS = Set.of("name", "cidrs", "vlans", "level");
    public static final int MAX_ZONES = 4096;

    /** One zone. {@code level} is null when the file gives none. */
    public record Zone(String name, List<Cidr> cidrs, Set<Integer> vlans, Double level) {
        public String levelText() {
            if (level == null) {
                return "";
            }
            return level == Math.rint(level) ? String.valueOf(level.intValue()) : String.valueOf(level);
        }
    }

    private final List<Zone> zones;

    private Zones(List<Zone> zones) {
        this.zones = List.copyOf(zones);
    }

    public static Zones none() {
        return new Zones(List.of());
    }

    public List<Zone> zones() {
        return zones;
    }

    public boolean isEmpty() {
        return zones.isEmpty();
    }

    /**
     * Reads the parsed file: a mapping with a {@code zones} list, or the list itself.
     *
     * @param source the file name, for messages
     */
    @SuppressWarnings("unchecked")
    public static Zones fromTree(Object tree, String source) throws ReportException {
        Object list = tree;
        if (tree instanceof Map<?, ?> top) {
            for (Object k : top.keySet()) {
                if (!"zones".equals(k)) {
                    throw new ReportException(source + ": unknown key '" + k + "' (expected 'zones')");
                }
            }
            list = top.get("zones");
        }
        if (!(list instanceof List<?> entries)) {
            throw new ReportException(source + ": expected a list of zones (zones: - name: ...)");
        }
        if (entries.size() > MAX_ZONES) {
            throw new ReportException(source + ": " + entries.size() + " zones, more than " + MAX_ZONES);
        }
        List<Zone> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (Object e : entries) {
            i++;
            String where = source + ": zone " + i;
            if (!(e instanceof Map)) {
                throw new ReportException(where + " is not a mapping (name, cidrs, vlans, level)");
            }
            Map<String, Object> m = (Map<String, Object>) e;
            for (Object k : m.keySet()) {
                if (!KEYS.contains(String.valueOf(k))) {
                    throw new ReportException(where + ": unknown key '" + k + "' (name, cidrs, vlans, level)");
                }
            }
            Object name = m.get("name");
            if (!(name instanceof String n) || n.isBlank()) {
                throw new ReportException(where + " has no name");
            }
            where = source + ": zone '" + n + "'";
            if (!names.add(n.toLowerCase(Locale.ROOT))) {
                throw new ReportException(where + " is named twice");
            }
            List<Cidr> cidrs = new ArrayList<>();
            for (Object c : list(m.get("cidrs"), where + ": cidrs")) {
                cidrs.add(Cidr.parse(String.valueOf(c), where));
            }
            Set<Integer> vlans = new TreeSet<>();
            for (Object v : list(m.get("vlans"), where + ": vlans")) {
                int vlan;
                try {
                    vlan = v instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(v).trim());
                } catch (NumberFormatException ex) {
                    throw new ReportException(where + ": VLAN '" + v + "' is not a number");
                }
                if (vlan < 0 || vlan > 4095) {
                    throw new ReportException(where + ": VLAN " + vlan + " is outside 0-4095");
                }
                vlans.add(vlan);
            }
            if (cidrs.isEmpty() && vlans.isEmpty()) {
                throw new ReportException(where + " lists neither cidrs nor vlans");
            }
            Double level = null;
            Object l = m.get("level");
            if (l != null) {
                try {
                    level = l instanceof Number num ? num.doubleValue() : Double.parseDouble(String.valueOf(l).trim());
                } catch (NumberFormatException ex) {
                    throw new ReportException(where + ": level '" + l + "' is not a number (Purdue level 0-5)");
                }
                if (level < 0 || level > 5 || level.isNaN()) {
                    throw new ReportException(where + ": level " + l + " is outside the Purdue levels 0-5");
                }
            }
            out.add(new Zone(n.strip(), List.copyOf(cidrs), vlans, level));
        }
        return new Zones(out);
    }

    private static List<?> list(Object o, String where) throws ReportException {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof String || o instanceof Number) {
            return List.of(o);
        }
        throw new ReportException(where + " must be a list");
    }

    /** The zone a device belongs to, or null. */
    public Zone zoneOf(String ip, Set<Integer> deviceVlans) {
        Zone best = null;
        int bestPrefix = -1;
        byte[] address = ip == null ? null : Cidr.bytes(ip);
        if (address != null) {
            for (Zone z : zones) {
                for (Cidr c : z.cidrs()) {
                    if (c.prefix() > bestPrefix && c.contains(address)) {
                        best = z;
                        bestPrefix = c.prefix();
                    }
                }
            }
        }
        if (best != null) {
            return best;
        }
        for (Zone z : zones) {
            for (Integer v : deviceVlans) {
                if (z.vlans().contains(v)) {
                    return z;
                }
            }
        }
        return null;
    }

    /** An IPv4 or IPv6 block. */
    public record Cidr(byte[] network, int prefix, String text) {
        static Cidr parse(String s, String where) throws ReportException {
            String t = s.strip();
            int slash = t.indexOf('/');
            String addr = slash < 0 ? t : t.substring(0, slash);
            byte[] a = bytes(addr);
            if (a == null) {
                throw new ReportException(where + ": '" + s + "' is not an address or CIDR block");
            }
            int prefix = a.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new ReportException(where + ": '" + s + "' has no valid prefix length");
                }
                if (prefix < 0 || prefix > a.length * 8) {
                    throw new ReportException(where + ": '" + s + "' has a prefix outside 0-" + a.length * 8);
                }
            }
            return new Cidr(mask(a, prefix), prefix, t);
        }

        boolean contains(byte[] address) {
            return address.length == network.length && java.util.Arrays.equals(mask(address, prefix), network);
        }

        private static byte[] mask(byte[] a, int prefix) {
            byte[] m = a.clone();
            for (int i = 0; i < m.length; i++) {
                int bits = Math.max(0, Math.min(8, prefix - 8 * i));
                m[i] = (byte) (m[i] & (0xff << (8 - bits)));
            }
            return m;
        }

        /** The bytes of a literal IPv4 or IPv6 address; null when it is not one (never a name lookup). */
        static byte[] bytes(String ip) {
            if (ip.indexOf(':') >= 0) {
                return ipv6(ip);
            }
            String[] p = ip.split("\\.", -1);
            if (p.length != 4) {
                return null;
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (p[i].isEmpty() || p[i].length() > 3 || !p[i].chars().allMatch(Character::isDigit)) {
                    return null;
                }
                int v = Integer.parseInt(p[i]);
                if (v > 255) {
                    return null;
                }
                out[i] = (byte) v;
            }
            return out;
        }

        private static byte[] ipv6(String ip) {
            String s = ip;
            int zone = s.indexOf('%');
            if (zone >= 0) {
                s = s.substring(0, zone);
            }
            if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
            try {
                // a literal with a colon is parsed, never looked up
                byte[] b = java.net.InetAddress.getByName("[" + s + "]").getAddress();
                return b.length == 16 ? b : null;
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(network) * 31 + prefix;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
