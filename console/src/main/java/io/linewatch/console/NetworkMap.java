package io.linewatch.console;

import io.linewatch.inventory.AssetRole;
import io.linewatch.model.schema.LinkFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who talks to whom, for {@code /api/map}: one node per asset (an address seen talking that the inventory does not
 * hold gets a node of its own), grouped by VLAN and subnet; one edge per client, server and protocol with its
 * transactions, writes and engineering actions; edges between pairs the baseline never learned marked new. The
 * physical side, as far as the inventory knows it ({@code asset.attachment.*}, from LLDP/CDP): one link per device
 * and the switch port it hangs off. With a focus, only what lies within {@code hops} of it (over traffic), and with
 * {@code physical} also the switches the devices shown hang off.
 */
final class NetworkMap {
    private NetworkMap() {
    }

    static Map<String, Object> build(List<Map<String, Object>> assets, List<Traffic.Edge> trafficEdges,
            Map<String, Object> baseline, String focus, int hops, boolean physical) {
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        Map<String, String> nodeOfIp = new HashMap<>();
        for (Map<String, Object> a : assets) {
            String id = Docs.str(a, "asset.id");
            if (id == null) {
                continue;
            }
            List<String> ips = Docs.strings(a, "host.ip");
            List<String> vlans = Docs.strings(a, "network.vlan.id");
            Map<String, Object> n = node(id, ips.isEmpty() ? id : ips.get(0), Docs.str(a, "asset.role"),
                    vlans.isEmpty() ? null : vlans.get(0), ips.isEmpty() ? null : ips.get(0));
            n.put("ips", ips);
            n.put("manufacturer", Docs.str(a, "device.manufacturer"));
            n.put("model", Docs.str(a, "device.model.name"));
            nodes.put(id, n);
            for (String ip : ips) {
                nodeOfIp.putIfAbsent(ip, id);
            }
        }
        List<Map<String, Object>> links = new ArrayList<>();
        for (Map<String, Object> a : assets) {
            Map<String, Object> link = physicalLink(a, nodes);
            if (link != null) {
                links.add(link);
            }
        }
        Set<String> learned = learnedPairs(baseline);
        Map<String, Map<String, Object>> edges = new LinkedHashMap<>();
        if (!trafficEdges.isEmpty()) {
            for (Traffic.Edge e : trafficEdges) {
                String s = nodeFor(e.source, nodes, nodeOfIp);
                String d = nodeFor(e.destination, nodes, nodeOfIp);
                Map<String, Object> edge = edges.computeIfAbsent(s + "|" + d + "|" + e.protocol,
                        k -> edge(s, d, e.protocol, learned != null && !learned.contains(e.source + ">" + e.destination)));
                add(edge, "transactions", e.transactions);
                add(edge, "writes", e.writes);
                add(edge, "engineering", e.engineering);
                add(edge, "flows", e.flows);
            }
        } else { // no events to read: the inventory's communication map
            for (Map<String, Object> a : assets) {
                String id = Docs.str(a, "asset.id");
                List<String> ips = Docs.strings(a, "host.ip");
                for (Map<String, Object> p : Docs.maps(a, "asset.peers")) {
                    String peerIp = Docs.str(p, "ip");
                    if (id == null || peerIp == null || !"client".equals(Docs.str(p, "as"))) {
                        continue;
                    }
                    String d = nodeFor(peerIp, nodes, nodeOfIp);
                    String protocol = String.valueOf(p.get("protocol"));
                    String client = ips.isEmpty() ? id : ips.get(0);
                    Map<String, Object> edge = edges.computeIfAbsent(id + "|" + d + "|" + protocol,
                            k -> edge(id, d, protocol, learned != null && !learned.contains(client + ">" + peerIp)));
                    add(edge, "transactions", Docs.num(p, "transactions"));
                    add(edge, "flows", Docs.num(p, "flows"));
                }
            }
        }
        Set<String> keep = null;
        if (focus != null && nodes.containsKey(focus)) {
            keep = within(focus, Math.max(1, Math.min(3, hops)), edges.values());
            for (Map<String, Object> l : physical ? links : List.<Map<String, Object>>of()) {
                if (keep.contains((String) l.get("device"))) {
                    keep.add((String) l.get("switch")); // the physical side of the devices shown
                }
            }
        }
        List<Map<String, Object>> outNodes = new ArrayList<>();
        Map<String, Map<String, Object>> groups = new TreeMap<>();
        for (Map<String, Object> n : nodes.values()) {
            if (keep != null && !keep.contains((String) n.get("id"))) {
                continue;
            }
            outNodes.add(n);
            String g = (String) n.get("group");
            Map<String, Object> group = groups.computeIfAbsent(g, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", k);
                m.put("label", n.get("group_label"));
                m.put("size", 0L);
                m.put("roles", new TreeMap<String, Long>());
                return m;
            });
            add(group, "size", 1);
            @SuppressWarnings("unchecked")
            Map<String, Long> roles = (Map<String, Long>) group.get("roles");
            roles.merge(String.valueOf(n.get("role")), 1L, Long::sum);
        }
        List<Map<String, Object>> outEdges = new ArrayList<>();
        for (Map<String, Object> e : edges.values()) {
            if (keep == null || keep.contains((String) e.get("source")) && keep.contains((String) e.get("target"))) {
                outEdges.add(e);
            }
        }
        List<Map<String, Object>> outLinks = new ArrayList<>();
        for (Map<String, Object> l : links) {
            if (keep == null || keep.contains((String) l.get("device")) && keep.contains((String) l.get("switch"))) {
                outLinks.add(l);
            }
        }
        Map<String, Long> roleCounts = new TreeMap<>();
        for (Map<String, Object> n : outNodes) {
            roleCounts.merge(String.valueOf(n.get("role")), 1L, Long::sum);
        }
        List<Map<String, Object>> roles = new ArrayList<>();
        for (AssetRole r : AssetRole.values()) { // every role the inventory knows, in its order, for the legend
            roles.add(role(r.value, r.label, roleCounts.getOrDefault(r.value, 0L)));
            roleCounts.remove(r.value);
        }
        roleCounts.forEach((value, count) -> roles.add(role(value, AssetRole.label(value), count))); // from older files
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("focus", keep == null ? null : focus);
        out.put("hops", keep == null ? null : Math.max(1, Math.min(3, hops)));
        out.put("baseline", learned != null);
        out.put("groups", new ArrayList<>(groups.values()));
        out.put("nodes", outNodes);
        out.put("edges", outEdges);
        out.put("links", outLinks);
        out.put("roles", roles);
        return out;
    }

    /** The switch port an asset hangs off ({@code asset.attachment.*}), when that switch is an asset too; or null. */
    private static Map<String, Object> physicalLink(Map<String, Object> asset, Map<String, Map<String, Object>> nodes) {
        String device = Docs.str(asset, "asset.id");
        String sw = Docs.str(asset, LinkFields.ATTACHMENT_SWITCH_ID);
        if (device == null || sw == null || !nodes.containsKey(sw) || !nodes.containsKey(device)) {
            return null;
        }
        String port = Docs.str(asset, LinkFields.ATTACHMENT_PORT_ID);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("id", "l:" + sw + "|" + port + "|" + device);
        l.put("switch", sw);
        l.put("switch_name", Docs.str(asset, LinkFields.ATTACHMENT_SWITCH_NAME));
        l.put("port", port);
        l.put("port_description", Docs.str(asset, LinkFields.ATTACHMENT_PORT_DESCRIPTION));
        l.put("device", device);
        l.put("protocol", Docs.str(asset, LinkFields.ATTACHMENT_PROTOCOL));
        l.put("basis", Docs.str(asset, LinkFields.ATTACHMENT_BASIS));
        return l;
    }

    private static Map<String, Object> role(String value, String label, long count) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("label", label);
        m.put("count", count);
        return m;
    }

    private static Set<String> within(String focus, int hops, Iterable<Map<String, Object>> edges) {
        Map<String, Set<String>> adj = new HashMap<>();
        for (Map<String, Object> e : edges) {
            String s = (String) e.get("source");
            String t = (String) e.get("target");
            adj.computeIfAbsent(s, k -> new HashSet<>()).add(t);
            adj.computeIfAbsent(t, k -> new HashSet<>()).add(s);
        }
        Set<String> seen = new HashSet<>(Set.of(focus));
        Deque<String> frontier = new ArrayDeque<>(List.of(focus));
        for (int h = 0; h < hops; h++) {
            Deque<String> next = new ArrayDeque<>();
            for (String n : frontier) {
                for (String m : adj.getOrDefault(n, Set.of())) {
                    if (seen.add(m)) {
                        next.add(m);
                    }
                }
            }
            frontier = next;
        }
        return seen;
    }

    /** {@code client>server} pairs of the baseline's talkers, or null without a baseline. */
    private static Set<String> learnedPairs(Map<String, Object> baseline) {
        if (baseline == null) {
            return null;
        }
        Set<String> pairs = new HashSet<>();
        for (Map<String, Object> t : Docs.maps(baseline, "talkers")) {
            pairs.add(Docs.str(t, "client") + ">" + Docs.str(t, "server"));
        }
        return pairs;
    }

    private static String nodeFor(String ip, Map<String, Map<String, Object>> nodes, Map<String, String> nodeOfIp) {
        String id = nodeOfIp.get(ip);
        if (id == null) {
            id = "ip:" + ip;
            Map<String, Object> n = node(id, ip, "unknown", null, ip);
            n.put("ips", List.of(ip));
            n.put("inventory", false);
            nodes.put(id, n);
            nodeOfIp.put(ip, id);
        }
        return id;
    }

    private static Map<String, Object> node(String id, String label, String role, String vlan, String ip) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", id);
        n.put("label", label);
        n.put("role", role == null ? "unknown" : role);
        n.put("vlan", vlan);
        String subnet = subnet(ip);
        String key = (vlan == null ? "" : "vlan " + vlan + " ") + subnet;
        n.put("group", "g:" + key);
        n.put("group_label", (vlan == null ? "" : "VLAN " + vlan + " · ") + subnet);
        return n;
    }

    /** The /24 of an IPv4 address, the /64 of an IPv6 one. */
    static String subnet(String ip) {
        if (ip == null) {
            return "no address";
        }
        if (ip.indexOf(':') >= 0) {
            String[] parts = ip.split(":", -1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < Math.min(4, parts.length); i++) {
                b.append(parts[i].isEmpty() ? "0" : parts[i]).append(':');
            }
            return b.append(":/64").toString();
        }
        int dot = ip.lastIndexOf('.');
        return dot < 0 ? ip : ip.substring(0, dot) + ".0/24";
    }

    private static Map<String, Object> edge(String s, String d, String protocol, boolean isNew) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "e:" + s + "|" + d + "|" + protocol);
        m.put("source", s);
        m.put("target", d);
        m.put("protocol", protocol);
        m.put("transactions", 0L);
        m.put("writes", 0L);
        m.put("engineering", 0L);
        m.put("flows", 0L);
        m.put("new", isNew);
        return m;
    }

    private static void add(Map<String, Object> m, String key, long v) {
        m.put(key, ((Long) m.get(key)) + v);
    }
}
