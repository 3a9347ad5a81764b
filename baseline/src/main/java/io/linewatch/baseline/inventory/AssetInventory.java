package io.linewatch.baseline.inventory;

import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.IdentitySink;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every device seen on the wire, keyed by IP address while traffic flows and folded into assets at
 * export: an asset is identified by its MAC when that MAC belongs to this one IP only (a router's MAC
 * fronts many IPs, so those stay separate assets keyed by IP).
 */
public final class AssetInventory implements IdentitySink {
    /** One IP address's record. */
    static final class Host {
        final String ip;
        final Set<String> macs = new TreeSet<>();
        final Set<Integer> vlans = new TreeSet<>();
        long firstSeen = Long.MAX_VALUE;
        long lastSeen = Long.MIN_VALUE;
        /** protocol -> set of roles ("client", "server"). */
        final Map<String, Set<String>> protocols = new TreeMap<>();
        /** asset field -> current identity value and where it came from. */
        final Map<String, IdentityFact> identity = new TreeMap<>();
        final List<IdentityFact> identityHistory = new ArrayList<>();

        Host(String ip) {
            this.ip = ip;
        }

        void seen(long ts) {
            firstSeen = Math.min(firstSeen, ts);
            lastSeen = Math.max(lastSeen, ts);
        }
    }

    /** Loopback and some tunnels carry an all-zero MAC: it names no device. */
    private static final String NO_MAC = "00:00:00:00:00:00";

    private final Map<String, Host> hosts = new HashMap<>();
    private final Map<String, Set<String>> ipsByMac = new HashMap<>();

    /** An address pair seen in traffic (IP packet endpoint or ARP sender). {@code mac} may be null. */
    public void sighting(long ts, String ip, String mac, int vlan) {
        if (ip == null || ip.equals("0.0.0.0") || ip.equals("255.255.255.255") || (mac != null && isGroupMac(mac))) {
            return; // broadcast and multicast destinations are not devices
        }
        Host h = hosts.computeIfAbsent(ip, Host::new);
        h.seen(ts);
        if (mac != null && !mac.equals(NO_MAC)) {
            h.macs.add(mac);
            ipsByMac.computeIfAbsent(mac, m -> new TreeSet<>()).add(ip);
        }
        if (vlan >= 0) {
            h.vlans.add(vlan);
        }
    }

    /** A protocol transaction: the source speaks the protocol as client, the destination as server. */
    public void transaction(EventDoc event) {
        String protocol = event.getString(Fields.NETWORK_PROTOCOL);
        String seen = event.getString(Fields.OT_SEEN);
        if (protocol == null || Values.SEEN_MALFORMED.equals(seen)) {
            return;
        }
        role(event.getString(Fields.SOURCE_IP), protocol, "client");
        role(event.getString(Fields.DESTINATION_IP), protocol, "server");
    }

    private void role(String ip, String protocol, String as) {
        Host h = ip == null ? null : hosts.get(ip);
        if (h != null) {
            h.protocols.computeIfAbsent(protocol, p -> new TreeSet<>()).add(as);
        }
    }

    @Override
    public void accept(IdentityFact fact) {
        Host h = hosts.computeIfAbsent(fact.ip(), Host::new);
        h.seen(fact.timestampNanos());
        IdentityFact previous = h.identity.get(fact.field());
        if (previous == null || !previous.value().equals(fact.value())) {
            h.identityHistory.add(fact);
        }
        h.identity.put(fact.field(), fact);
    }

    public int size() {
        return hosts.size();
    }

    /** Asset documents (SCHEMA.md), ordered by asset id. */
    public List<EventDoc> assets() {
        List<EventDoc> out = new ArrayList<>();
        List<Host> sorted = new ArrayList<>(hosts.values());
        sorted.sort(Comparator.comparing(h -> h.ip));
        for (Host h : sorted) {
            out.add(document(h));
        }
        out.sort(Comparator.comparing(d -> d.getString(Fields.ASSET_ID)));
        return out;
    }

    private EventDoc document(Host h) {
        String soleMac = h.macs.size() == 1 ? h.macs.iterator().next() : null;
        boolean macIsOurs = soleMac != null && ipsByMac.getOrDefault(soleMac, Set.of()).size() == 1;
        EventDoc d = new EventDoc();
        d.put(Fields.ASSET_ID, macIsOurs ? soleMac : h.ip);
        d.put(Fields.HOST_IP, List.of(h.ip));
        d.put(Fields.HOST_MAC, new ArrayList<>(h.macs));
        if (!h.vlans.isEmpty()) {
            d.put(Fields.NETWORK_VLAN_ID, new ArrayList<>(h.vlans));
        }
        Map<String, Object> sources = new LinkedHashMap<>();
        for (IdentityFact f : h.identity.values()) {
            d.put(f.field(), f.value());
            sources.put(f.field(), f.source());
        }
        List<Map<String, Object>> protocols = new ArrayList<>();
        h.protocols.forEach((p, roles) -> roles.forEach(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("protocol", p);
            m.put("as", r);
            protocols.add(m);
        }));
        d.put(Fields.ASSET_PROTOCOLS, protocols);
        if (h.firstSeen != Long.MAX_VALUE) {
            d.put(Fields.ASSET_FIRST_SEEN, Timestamps.iso(h.firstSeen));
            d.put(Fields.ASSET_LAST_SEEN, Timestamps.iso(h.lastSeen));
        }
        if (!sources.isEmpty()) {
            d.put(Fields.ASSET_IDENTITY_SOURCE, sources);
        }
        return d;
    }

    private static boolean isGroupMac(String mac) {
        // the I/G bit of the first octet marks broadcast and multicast
        return (Integer.parseInt(mac.substring(0, 2), 16) & 1) == 1;
    }
}
