package io.linewatch.inventory;

import io.linewatch.inventory.advisories.AdvisoryLibrary;
import io.linewatch.inventory.oui.OuiRegistry;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.IdentitySink;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import io.linewatch.model.schema.LinkFields;
import io.linewatch.model.schema.ProfinetFields;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every device seen on the wire, keyed by IP address while traffic flows and folded into assets at
 * export: an asset is identified by its MAC when that MAC belongs to this one IP only (a router's MAC
 * fronts many IPs, so those stay separate assets keyed by IP).
 *
 * <p>Per device it keeps addresses, identity facts with where and when each was last confirmed and every
 * change as history, a communication map (peers, protocols, client/server), and the behaviour that decides
 * its role ({@link RoleClassifier}). Everything is capped; what is dropped is counted in {@link #counters()}.
 */
public final class AssetInventory implements IdentitySink {
    public static final int MAX_HOSTS = 65_536;
    static final int MAX_PEERS = 256;
    static final int MAX_HISTORY = 64;
    static final int MAX_PEER_FUNCTIONS = 32;
    /**
     * S7 requests a PLC sends to the programming device during a download (it asks for each block): the
     * engineering goes the other way, so for roles the responder is the engineer and the requester the PLC.
     */
    static final Set<String> DEVICE_INITIATED_ACTIONS = Set.of("download_block", "download_ended");
    static final String IDENTIFIED_BY_DISSECTOR = "dissector";
    static final String IDENTIFIED_BY_PORT = "port";
    static final String AS_CLIENT = "client";
    static final String AS_SERVER = "server";

    /** Request fields (SCHEMA.md) that tell one repeated request from another when looking for polling cycles. */

    /** A host's peer: no string built per transaction to find it. */
    record PeerKey(String ip, String protocol, String as) {
    }

    /** One IP address's record. */
    static final class Host {
        final String ip;
        final Set<String> macs = new TreeSet<>();
        final Set<Integer> vlans = new TreeSet<>();
        long firstSeen = Long.MAX_VALUE;
        long lastSeen = Long.MIN_VALUE;
        /** protocol -> role ("client", "server") -> how the protocol was identified. */
        final Map<String, Map<String, String>> protocols = new TreeMap<>();
        /** asset field -> current identity value, where it came from and when it was last confirmed. */
        final Map<String, IdentityRecord> identity = new TreeMap<>();
        final Deque<IdentityChange> identityHistory = new ArrayDeque<>();
        /** Hashed by (ip, protocol, as): looked up twice per transaction; written sorted ({@link #document}). */
        final Map<PeerKey, Peer> peers = new HashMap<>();
        final Behaviour behaviour = new Behaviour();
        /** For a device behind a communication module (no address of its own): the module's IP and the route. */
        String parentIp;
        String route;
        /** Known only by its MAC (a layer-2 protocol told about it, no IP address yet): keyed and identified by the MAC. */
        boolean macOnly;
        /** The role and its evidence as a previous run wrote them ({@link #restore}), or null. */
        RoleClassifier.Decision restoredRole;
        /**
         * The last role and the behaviour's {@code verdictVersion} it was decided at; the document's decision (with
         * evidence) and the {@code version} it was made at.
         */
        AssetRole role;
        long roleAt = -1;
        RoleClassifier.Decision decision;
        long decidedAt = -1;

        Host(String ip) {
            this.ip = ip;
        }

        void seen(long ts) {
            firstSeen = Math.min(firstSeen, ts);
            lastSeen = Math.max(lastSeen, ts);
        }
    }

    /** One line of the communication map: this host talked {@code protocol} with {@code ip}, as {@code as}. */
    static final class Peer {
        final String ip;
        final String protocol;
        final String as;
        long firstSeen = Long.MAX_VALUE;
        long lastSeen = Long.MIN_VALUE;
        long transactions;
        long flows;
        /** Actions (functions) seen in decoded transactions with this peer, capped at {@link #MAX_PEER_FUNCTIONS}. */
        final Set<String> functions = new TreeSet<>();
        /** The action last found in or added to {@link #functions}: a repeated poll skips the set. */
        String lastFunction;

        Peer(String ip, String protocol, String as) {
            this.ip = ip;
            this.protocol = protocol;
            this.as = as;
        }
    }

    /** The current value of one identity field. */
    static final class IdentityRecord {
        IdentityFact fact;
        long firstSeen;
        long lastConfirmed;

        IdentityRecord(IdentityFact fact) {
            this.fact = fact;
            this.firstSeen = fact.timestampNanos();
            this.lastConfirmed = fact.timestampNanos();
        }
    }

    /** A field's value changed: kept, never overwritten. */
    record IdentityChange(String field, String oldValue, String newValue, long changedAt, String oldSource,
                          String source, String eventId) {
    }

    /** Loopback and some tunnels carry an all-zero MAC: it names no device. */
    private static final String NO_MAC = "00:00:00:00:00:00";

    private final Map<String, Host> hosts = new HashMap<>();
    /**
     * Hosts without identity or industrial transactions, least recently seen first: what the cap evicts
     * (a flood of spoofed sources must not push out the devices that matter).
     */
    private final LinkedHashMap<String, Host> weak = new LinkedHashMap<>(1024, 0.75f, true);
    /** Addresses refused at the cap (full of well-evidenced hosts), so each is counted once; bounded. */
    private final Set<String> refused = new java.util.HashSet<>();
    private final int maxHosts;
    private final Map<String, Set<String>> ipsByMac = new HashMap<>();
    /** Facts known by MAC only (DHCP), per MAC and field, until the lease for that MAC is seen; oldest MAC first. */
    private final LinkedHashMap<String, Map<String, IdentityFact>> pendingByMac = new LinkedHashMap<>();
    static final int MAX_PENDING_MACS = 4096;
    private final Map<String, Long> counters = new TreeMap<>();
    private final OuiRegistry oui;
    private AdvisoryLibrary advisories;

    public AssetInventory() {
        this(OuiRegistry.shipped());
    }

    public AssetInventory(OuiRegistry oui) {
        this(oui, MAX_HOSTS);
    }

    /** @param maxHosts the host cap (tests use small ones) */
    public AssetInventory(OuiRegistry oui, int maxHosts) {
        this.oui = oui;
        this.maxHosts = maxHosts;
    }

    /** Known-vulnerability matching for {@link #assets()}; null for none. */
    public void useAdvisories(AdvisoryLibrary library) {
        this.advisories = library;
    }

    /** An address pair seen in traffic (IP packet endpoint or ARP sender). {@code mac} may be null. */
    public void sighting(long ts, String ip, String mac, int vlan) {
        if (ip == null || ip.equals("0.0.0.0") || ip.equals("255.255.255.255") || (mac != null && isGroupMac(mac))) {
            return; // broadcast and multicast destinations are not devices
        }
        Host h = host(ip);
        if (h == null) {
            return;
        }
        h.seen(ts);
        weak.get(ip); // least recently seen is evicted first
        if (mac != null && !mac.equals(NO_MAC)) {
            h.macs.add(mac);
            ipsByMac.computeIfAbsent(mac, m -> new TreeSet<>()).add(ip);
            absorbMacOnly(mac, h);
        }
        if (vlan >= 0) {
            h.vlans.add(vlan);
        }
    }

    /** Layer-2 identity sources: their fact's MAC is the sender's own (PROFINET DCP, LLDP, CDP). */
    static boolean layer2Source(String source) {
        return source != null && (source.startsWith("profinet_dcp.") || source.startsWith("lldp.") || source.startsWith("cdp."));
    }

    /** LLDP/CDP: identity about a device, not evidence that it speaks an industrial protocol. */
    private static boolean advertisementSource(String source) {
        return source != null && (source.startsWith("lldp.") || source.startsWith("cdp."));
    }

    /**
     * The device with that MAC was known by its MAC only (layer-2 identity); now an address is seen with it: what
     * was learned moves to the address's host.
     */
    private void absorbMacOnly(String mac, Host into) {
        Host from = hosts.get(mac);
        if (from == null || !from.macOnly || from == into) {
            return;
        }
        hosts.remove(mac);
        hostsChanged++;
        weak.remove(mac);
        from.identity.forEach(into.identity::putIfAbsent);
        into.identityHistory.addAll(from.identityHistory);
        while (into.identityHistory.size() > MAX_HISTORY) {
            into.identityHistory.removeFirst();
        }
        into.vlans.addAll(from.vlans);
        if (from.firstSeen != Long.MAX_VALUE) {
            into.seen(from.firstSeen);
            into.seen(from.lastSeen);
        }
        into.behaviour.verdictInputChanged(); // its role is decided again with what the MAC-only host had
        into.behaviour.identitySources.addAll(from.behaviour.identitySources);
        from.behaviour.advertised.forEach(into.behaviour.advertised::putIfAbsent);
        weak.remove(into.ip);
    }

    /** The host of a device known by MAC: the one address host that MAC belongs to, else a MAC-only host. */
    private Host hostOfMac(String mac) {
        Set<String> ips = ipsByMac.get(mac);
        if (ips != null && ips.size() == 1) {
            return hosts.get(ips.iterator().next());
        }
        Host h = host(mac);
        if (h != null && !h.macOnly && h.macs.isEmpty()) {
            h.macOnly = true;
            h.macs.add(mac);
        }
        return h;
    }

    /** A protocol transaction: the source speaks the protocol as client, the destination as server. */
    public void transaction(Transaction t) {
        if (t.seen() == Seen.MALFORMED) {
            return;
        }
        Channel ch = channel(t.sourceIp(), t.destinationIp(), t.protocol().wireName);
        String protocol = ch.protocol;
        long ts = t.timestampNanos();
        Operation op = t.operation();
        String action = t.action();
        Host client = ch.client;
        Host server = ch.server;
        if (client != null) {
            if (!ch.clientRole) {
                ch.clientRole = role(client, protocol, AS_CLIENT, IDENTIFIED_BY_DISSECTOR);
            }
            ch.clientPeer = peerTransaction(client, ch.clientPeer, ch.dst, protocol, AS_CLIENT, ts, action);
        }
        if (server != null) {
            if (!ch.serverRole) {
                ch.serverRole = role(server, protocol, AS_SERVER, IDENTIFIED_BY_DISSECTOR);
            }
            ch.serverPeer = peerTransaction(server, ch.serverPeer, ch.src, protocol, AS_SERVER, ts, action);
        }
        // for roles: who asked for the work and who did it (on the wire, except where a PLC asks during a download)
        boolean reversed = DEVICE_INITIATED_ACTIONS.contains(action);
        Host asker = reversed ? server : client;
        Host doer = reversed ? client : server;
        String askerIp = reversed ? ch.dst : ch.src;
        String doerIp = reversed ? ch.src : ch.dst;
        if (asker != null) {
            if (op != null) {
                asker.behaviour.requested(op).add(doerIp, action);
            }
            if (doerIp != null && ts != Long.MIN_VALUE && t.seen() != Seen.RESPONSE) {
                asker.behaviour.request(requestProbe.set(t, doerIp), doerIp, protocol, action, ts);
            }
        }
        if (doer != null) {
            if (ch.industrial) {
                Behaviour.Counted c;
                if (reversed) {
                    c = ch.clientServed = served(doer, ch.clientServed, protocol);
                } else {
                    c = ch.serverServed = served(doer, ch.serverServed, protocol);
                }
                c.add(askerIp, action);
                if (t.outcome() == Outcome.FAILURE) {
                    c.failed();
                }
            }
            if (op != null) {
                doer.behaviour.received(op).add(askerIp, action);
            }
        }
    }

    /** A conversation that ended: tells about services no dissector handles, and servers that never answered. */
    public void flowEnded(FlowRecord f) {
        Endpoints e = f.endpoints();
        flow(e.clientIp(), e.serverIp(), e.transport(), e.serverPort(), f.application(), f.firstSeenNanos(),
                f.lastSeenNanos(), f.clientPackets() + f.serverPackets(), f.serverPackets());
    }

    /**
     * What the transactions of one (source address, destination address, protocol) touch, resolved once instead of
     * per transaction: both hosts, their peer entries for each other, the server's per-protocol count. Valid while
     * no host has been added or removed since ({@link #hostsChanged}); a cached entry is one the inventory keeps (a
     * capped-out entry is looked up again each time, so what is dropped is still counted each time).
     */
    private static final class Channel {
        String srcIp;
        String dstIp;
        String protocol;
        int hash;
        long resolvedAt = -1;
        String src;
        String dst;
        Host client;
        Host server;
        boolean industrial;
        /** The host's protocol entry says "dissector": nothing left for {@link #role} to do. */
        boolean clientRole;
        boolean serverRole;
        Peer clientPeer;
        Peer serverPeer;
        /** The doer's {@code served} count: the server's, or the client's for device-initiated actions. */
        Behaviour.Counted serverServed;
        Behaviour.Counted clientServed;

        Channel set(String srcIp, String dstIp, String protocol) {
            this.srcIp = srcIp;
            this.dstIp = dstIp;
            this.protocol = protocol;
            hash = (java.util.Objects.hashCode(srcIp) * 31 + java.util.Objects.hashCode(dstIp)) * 31 + protocol.hashCode();
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Channel c && hash == c.hash && protocol.equals(c.protocol)
                    && java.util.Objects.equals(srcIp, c.srcIp) && java.util.Objects.equals(dstIp, c.dstIp);
        }
    }

    /** Channels kept at once; past that the table starts over (each channel is resolved again on its next use). */
    static final int MAX_CHANNELS = 32_768;
    private final HashMap<Channel, Channel> channels = new HashMap<>();
    private final Channel channelProbe = new Channel();
    private final Behaviour.RequestKey requestProbe = new Behaviour.RequestKey();
    /** Goes up whenever a host is added or removed: every channel resolved before is resolved again. */
    private long hostsChanged;
    private long roleDecisions;

    private Channel channel(String srcIp, String dstIp, String protocol) {
        Channel ch = channels.get(channelProbe.set(srcIp, dstIp, protocol));
        if (ch == null) {
            if (channels.size() >= MAX_CHANNELS) {
                channels.clear();
            }
            ch = new Channel().set(srcIp, dstIp, protocol);
            channels.put(ch, ch);
        }
        if (ch.resolvedAt != hostsChanged) {
            resolve(ch);
        }
        return ch;
    }

    private void resolve(Channel ch) {
        ch.src = deviceAddress(ch.srcIp);
        ch.dst = deviceAddress(ch.dstIp);
        ch.client = ch.src == null ? null : hosts.get(ch.src);
        ch.server = ch.dst == null ? null : hosts.get(ch.dst);
        ch.industrial = ServiceCatalog.categoryOf(ch.protocol) == ServiceCatalog.Category.INDUSTRIAL;
        if (ch.industrial) {
            // an industrial conversation decoded both ways: these are devices, kept at the cap
            if (ch.client != null) {
                weak.remove(ch.client.ip);
            }
            if (ch.server != null) {
                weak.remove(ch.server.ip);
            }
        }
        ch.clientRole = false;
        ch.serverRole = false;
        ch.clientPeer = null;
        ch.serverPeer = null;
        ch.serverServed = null;
        ch.clientServed = null;
        ch.resolvedAt = hostsChanged;
    }

    /** The doer's count of transactions served for the protocol; {@code cached} when it is one the host keeps. */
    private static Behaviour.Counted served(Host doer, Behaviour.Counted cached, String protocol) {
        if (cached != null) {
            doer.behaviour.version++;
            return cached;
        }
        Behaviour.Counted c = doer.behaviour.counted(doer.behaviour.served, protocol);
        return doer.behaviour.served.get(protocol) == c ? c : null;
    }

    /** One transaction with a peer: through {@code cached} when known, else looked up; returns the entry to cache. */
    private Peer peerTransaction(Host h, Peer cached, String peerIp, String protocol, String as, long ts, String action) {
        if (cached == null) {
            peer(h, peerIp, protocol, as, ts, true, action);
            return peerIp == null ? null : h.peers.get(new PeerKey(peerIp, protocol, as));
        }
        cached.transactions++;
        function(cached, action);
        seen(cached, ts);
        return cached;
    }

    /** {@code port} is the server port, -1 if the transport has none; {@code answered} the server's packets, -1 if not known. */
    private void flow(String srcIp, String dstIp, String transport, long port, String application, long start,
                      long end, long packets, long answered) {
        String src = deviceAddress(srcIp);
        String dst = deviceAddress(dstIp);
        ServiceCatalog.Service known = ServiceCatalog.lookup(transport, port);
        String service;
        String identifiedBy;
        ServiceCatalog.Category category;
        if (application != null) {
            service = application;
            identifiedBy = IDENTIFIED_BY_DISSECTOR;
            category = ServiceCatalog.categoryOf(application);
        } else if (known != null) {
            service = known.name();
            identifiedBy = IDENTIFIED_BY_PORT;
            category = known.category();
        } else {
            service = (transport == null ? "ip" : transport) + "/" + port; // -1: a transport without ports
            identifiedBy = null;
            category = null;
        }
        Host client = src == null ? null : hosts.get(src);
        Host server = dst == null ? null : hosts.get(dst);
        if (client != null) {
            // a known device's flows count for when it was seen, even those that carried nothing
            seenDuring(client, start, end);
            if (identifiedBy != null) {
                role(client, service, AS_CLIENT, identifiedBy);
            }
            peer(client, dst, service, AS_CLIENT, start, false, null);
            peerSeen(client, dst, service, AS_CLIENT, end);
            if (category != null) {
                client.behaviour.category(client.behaviour.usedCategory, category, service).add(dst, null);
            }
            if (category == ServiceCatalog.Category.INDUSTRIAL) {
                Behaviour.FlowUse use = client.behaviour.clientFlow(service);
                use.flows.add(dst, null);
                use.packets += packets;
                if (start != Long.MIN_VALUE) {
                    use.firstSeen = Math.min(use.firstSeen, start);
                }
                if (end != Long.MIN_VALUE) {
                    use.lastSeen = Math.max(use.lastSeen, end);
                }
            }
        }
        // a server that never answered (a scan, a dead port) serves nothing
        boolean served = answered != 0;
        if (server != null && served) {
            seenDuring(server, start, end);
            if (identifiedBy != null) {
                role(server, service, AS_SERVER, identifiedBy);
            }
            peer(server, src, service, AS_SERVER, start, false, null);
            peerSeen(server, src, service, AS_SERVER, end);
            if (category != null) {
                server.behaviour.category(server.behaviour.servedCategory, category, service).add(src, null);
            }
            if (category == ServiceCatalog.Category.INDUSTRIAL) {
                server.behaviour.counted(server.behaviour.servedByPort, service).add(src, null);
            }
        }
    }

    private static void seenDuring(Host h, long start, long end) {
        if (start != Long.MIN_VALUE) {
            h.seen(start);
        }
        if (end != Long.MIN_VALUE) {
            h.seen(end);
        }
    }

    private Host host(String ip) {
        Host h = hosts.get(ip);
        if (h == null) {
            if (hosts.size() >= maxHosts && !evictWeakest()) {
                // full of devices with identity or industrial transactions: the newcomer waits, counted once
                if (refused.size() < maxHosts ? refused.add(ip) : !refused.contains(ip)) {
                    count("inventory.hosts_dropped");
                }
                return null;
            }
            h = new Host(ip);
            hosts.put(ip, h);
            hostsChanged++;
            weak.put(ip, h);
        }
        return h;
    }

    /**
     * The device a CIP route leads to from the module at {@code ip}, keyed by the module's address and the route, each
     * hop a backplane slot (port 1) or a port and link: {@code "1/0"} is {@code ip/backplane/0}; {@code "1/2,2/10.0.0.5,1/0"}
     * (through the module in slot 2, out of its port 2 to 10.0.0.5, slot 0 of that chassis) is
     * {@code ip/backplane/2/port/2/10.0.0.5/backplane/0}. A route that leaves the chassis keeps the whole route in its
     * key: the address it names may be on another network, so it is not taken for a host seen here.
     */
    private Host hostBehind(String ip, String route) {
        StringBuilder key = new StringBuilder(ip);
        for (String hop : route.split(",")) {
            String[] portLink = hop.split("/", 2);
            key.append(BACKPLANE_PORT.equals(portLink[0]) && portLink.length == 2 ? "/backplane/" : "/port/").append(
                    BACKPLANE_PORT.equals(portLink[0]) && portLink.length == 2 ? portLink[1] : hop);
        }
        Host h = host(key.toString());
        if (h != null && h.parentIp == null) {
            h.parentIp = ip;
            h.route = route;
        }
        return h;
    }

    /** CIP port 1 of a ControlLogix module is its chassis backplane; the link is the slot. */
    private static final String BACKPLANE_PORT = "1";

    /** The slot of the last hop when it is a backplane slot (where the device sits in its chassis), else null. */
    static Long backplaneSlot(String route) {
        String last = route.substring(route.lastIndexOf(',') + 1);
        String[] portLink = last.split("/", 2);
        if (!BACKPLANE_PORT.equals(portLink[0]) || portLink.length != 2 || !portLink[1].matches("[0-9]{1,3}")) {
            return null;
        }
        return Long.parseLong(portLink[1]);
    }

    /** Makes room by removing the least recently seen host with no identity and no industrial transactions. */
    private boolean evictWeakest() {
        Iterator<Map.Entry<String, Host>> it = weak.entrySet().iterator();
        if (!it.hasNext()) {
            return false;
        }
        Host victim = it.next().getValue();
        it.remove();
        hosts.remove(victim.ip);
        hostsChanged++;
        for (String mac : victim.macs) {
            Set<String> ips = ipsByMac.get(mac);
            if (ips != null) {
                ips.remove(victim.ip);
                if (ips.isEmpty()) {
                    ipsByMac.remove(mac);
                }
            }
        }
        count("inventory.hosts_evicted");
        return true;
    }

    /** @return whether the protocol's entry now says a dissector identified it (nothing a later call can change) */
    private static boolean role(Host h, String protocol, String as, String identifiedBy) {
        Map<String, String> roles = h.protocols.get(protocol);
        if (roles == null) {
            if (h.protocols.size() >= Behaviour.MAX_KEYS) {
                h.behaviour.dropped++;
                return false;
            }
            roles = new TreeMap<>();
            h.protocols.put(protocol, roles);
        }
        String before = roles.get(as);
        if (before == null || IDENTIFIED_BY_DISSECTOR.equals(identifiedBy)) {
            roles.put(as, identifiedBy); // a dissector's word outranks a port guess
        }
        return IDENTIFIED_BY_DISSECTOR.equals(roles.get(as));
    }

    private void peer(Host h, String peerIp, String protocol, String as, long ts, boolean transaction, String action) {
        if (peerIp == null) {
            return;
        }
        PeerKey key = new PeerKey(peerIp, protocol, as);
        Peer p = h.peers.get(key);
        if (p == null) {
            if (h.peers.size() >= MAX_PEERS) {
                count("inventory.peers_dropped");
                return;
            }
            p = new Peer(peerIp, protocol, as);
            h.peers.put(key, p);
        }
        if (transaction) {
            p.transactions++;
            function(p, action);
        } else {
            p.flows++;
        }
        seen(p, ts);
    }

    /** The peer's functions gain {@code action} (capped, counted when dropped). */
    private void function(Peer p, String action) {
        if (action == null || action == p.lastFunction) {
            return; // the one just recorded (a poll repeats its action)
        }
        if (p.functions.contains(action)) {
            p.lastFunction = action;
        } else if (p.functions.size() < MAX_PEER_FUNCTIONS) {
            p.functions.add(action);
            p.lastFunction = action;
        } else {
            count("inventory.peer_functions_dropped");
        }
    }

    private static void peerSeen(Host h, String peerIp, String protocol, String as, long ts) {
        seen(peerIp == null ? null : h.peers.get(new PeerKey(peerIp, protocol, as)), ts);
    }

    private static void seen(Peer p, long ts) {
        if (p != null && ts != Long.MIN_VALUE) {
            p.firstSeen = Math.min(p.firstSeen, ts);
            p.lastSeen = Math.max(p.lastSeen, ts);
        }
    }

    @Override
    public void accept(IdentityFact fact) {
        if (IdentityFact.ADDRESS_BINDING.equals(fact.field())) {
            Map<String, IdentityFact> waiting = fact.mac() == null || fact.ip() == null ? null : pendingByMac.remove(fact.mac());
            if (waiting != null) {
                waiting.values().forEach(f -> accept(withIp(f, fact.ip())));
            }
            return;
        }
        boolean complete = fact.field() != null && fact.value() != null && !fact.value().isBlank();
        // a layer-2 sender (PROFINET DCP, LLDP, CDP) is a device of its own, keyed by its MAC until an address is seen
        boolean layer2ByMac = fact.ip() == null && fact.mac() != null && fact.route() == null && layer2Source(fact.source());
        if (fact.ip() == null && fact.mac() != null && fact.route() == null && !layer2ByMac && complete) {
            byMac(fact);
            return;
        }
        if ((fact.ip() == null && !layer2ByMac) || !complete) {
            count("inventory.identity_facts_incomplete");
            return;
        }
        boolean nameService = HostNames.isNameService(fact.source());
        Host h;
        if (layer2ByMac) {
            h = hostOfMac(fact.mac());
        } else if (HostNames.attachOnly(fact.source())) {
            // a DNS answer may name any address: only hosts seen on this segment take its name
            h = hosts.get(fact.ip());
            if (h == null) {
                count("inventory.names_for_unseen_hosts");
                return;
            }
            if (!onSegment(h)) {
                count("inventory.names_off_segment");
                return;
            }
        } else {
            h = fact.route() == null ? host(fact.ip()) : hostBehind(fact.ip(), fact.route());
        }
        if (h == null) {
            return;
        }
        if (!layer2ByMac && fact.mac() != null && layer2Source(fact.source()) && !fact.mac().equals(NO_MAC)) {
            // the frame's sender reported this address: its MAC is the device's own
            h.macs.add(fact.mac());
            ipsByMac.computeIfAbsent(fact.mac(), m -> new TreeSet<>()).add(h.ip);
            absorbMacOnly(fact.mac(), h);
        }
        if (!nameService) {
            h.seen(fact.timestampNanos()); // a DHCP request or a DNS answer is not the device talking
            weak.remove(h.ip); // a device that told us who it is stays
            h.behaviour.verdictInputChanged();
            if (fact.source() != null && !advertisementSource(fact.source())) {
                h.behaviour.identitySources.add(fact.source());
            }
            if (Fields.DEVICE_TYPE.equals(fact.field())) {
                h.behaviour.reportedType = fact.value();
            }
        }
        advertisedRole(h, fact);
        IdentityRecord current = h.identity.get(fact.field());
        if (current == null) {
            h.identity.put(fact.field(), new IdentityRecord(fact));
            return;
        }
        if (HostNames.rank(fact.source()) < HostNames.rank(current.fact.source())) {
            // a weaker witness (DNS under NetBIOS under DHCP under the device's own protocol) never replaces a name
            count("inventory.names_outranked");
            return;
        }
        if (sameValue(current.fact.value(), fact.value())) {
            // confirmed again: keep the value as first seen, note when and by which exchange
            current.firstSeen = Math.min(current.firstSeen, fact.timestampNanos());
            if (fact.timestampNanos() >= current.lastConfirmed) {
                current.lastConfirmed = fact.timestampNanos();
                current.fact = new IdentityFact(fact.timestampNanos(), fact.ip(), fact.mac(), fact.field(),
                        current.fact.value(), fact.source(), fact.eventId());
            }
            return;
        }
        if (fact.timestampNanos() < current.lastConfirmed) {
            // an older report (merged captures out of order): history, but the newer value stays current
            history(h, new IdentityChange(fact.field(), fact.value(), current.fact.value(), current.firstSeen,
                    fact.source(), current.fact.source(), current.fact.eventId()));
            return;
        }
        history(h, new IdentityChange(fact.field(), current.fact.value(), fact.value(), fact.timestampNanos(),
                current.fact.source(), fact.source(), fact.eventId()));
        h.identity.put(fact.field(), new IdentityRecord(fact));
    }

    /** What a layer-2 fact says the device is: LLDP/CDP bridging makes a switch; a PROFINET DCP role a PLC or I/O device. */
    private static void advertisedRole(Host h, IdentityFact fact) {
        String v = fact.value();
        if (LinkFields.DEVICE_CAPABILITIES.equals(fact.field()) || ProfinetFields.ASSET_ROLE.equals(fact.field())) {
            h.behaviour.verdictInputChanged(); // what it states may change its role
        }
        if (LinkFields.DEVICE_CAPABILITIES.equals(fact.field())) {
            for (String cap : v.split(",")) {
                if (cap.equals("bridge") || cap.equals("switch") || cap.equals("transparent_bridge")) {
                    h.behaviour.advertised.put(AssetRole.SWITCH, "advertises bridging (" + v + ") over " + protocolOf(fact.source()));
                    return;
                }
            }
        } else if (ProfinetFields.ASSET_ROLE.equals(fact.field())) {
            if (v.contains("io_controller")) {
                h.behaviour.advertised.put(AssetRole.PLC, "reports the PROFINET device role IO controller (DCP)");
            } else if (v.contains("io_device")) {
                h.behaviour.advertised.put(AssetRole.IO_ADAPTER, "reports the PROFINET device role IO device (DCP)");
            }
        }
    }

    private static String protocolOf(String source) {
        int dot = source == null ? -1 : source.indexOf('.');
        return dot < 0 ? String.valueOf(source) : source.substring(0, dot);
    }

    /**
     * A fact that names a device by its MAC only (a DHCP client before it has an address): held until the lease
     * that binds the MAC to an address is seen (the server's ACK; an OFFER is not a lease), bounded; what is never
     * bound is counted ({@code inventory.names_unbound}).
     */
    private void byMac(IdentityFact fact) {
        Map<String, IdentityFact> waiting = pendingByMac.get(fact.mac());
        if (waiting == null) {
            if (pendingByMac.size() >= MAX_PENDING_MACS) {
                Iterator<Map.Entry<String, Map<String, IdentityFact>>> oldest = pendingByMac.entrySet().iterator();
                count("inventory.names_pending_dropped", oldest.next().getValue().size());
                oldest.remove();
            }
            waiting = new TreeMap<>();
            pendingByMac.put(fact.mac(), waiting);
        }
        waiting.put(fact.field(), fact); // the newest report of each field
    }

    private static IdentityFact withIp(IdentityFact f, String ip) {
        return new IdentityFact(f.timestampNanos(), ip, f.mac(), f.field(), f.value(), f.source(), f.eventId());
    }

    /** The host's MAC is its own (seen here, on this segment), not a router's fronting it. */
    private boolean onSegment(Host h) {
        if (h.macs.size() != 1) {
            return false;
        }
        String mac = h.macs.iterator().next();
        return ipsByMac.getOrDefault(mac, Set.of()).size() == 1
                && !Addresses.behindGateway(h.ip, h.peers.values().stream().map(p -> p.ip).toList());
    }

    private void history(Host h, IdentityChange change) {
        if (h.identityHistory.size() >= MAX_HISTORY) {
            h.identityHistory.removeFirst(); // keep the most recent changes
            count("inventory.identity_history_dropped");
        }
        h.identityHistory.addLast(change);
    }

    /** Values differing only in case or spacing are the same report (protocols pad names). */
    static boolean sameValue(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static String normalise(String v) {
        return String.join(" ", v.strip().split("\\s+")).toLowerCase(Locale.ROOT);
    }

    public int size() {
        return hosts.size();
    }

    /**
     * The role decided for the device with that address from its traffic so far, {@link AssetRole#UNKNOWN} if none:
     * the same decision its asset document shows, made again only when something it is decided from changed since
     * (a repeated poll changes nothing: one look-up, so the rules can ask on every fact they are shown).
     */
    public AssetRole role(String ip) {
        Host h = hosts.get(ip);
        if (h == null) {
            return AssetRole.UNKNOWN;
        }
        if (h.roleAt != h.behaviour.verdictVersion) {
            h.role = decideRole(h);
            h.roleAt = h.behaviour.verdictVersion;
            roleDecisions++;
        }
        return h.role;
    }

    /** How many times {@link #role} decided a role (tests: a repeated poll is not decided again). */
    long roleDecisions() {
        return roleDecisions;
    }

    /** Weights only, no evidence sentences: what the document's {@link #decision} says, cheaply. */
    private static AssetRole decideRole(Host h) {
        RoleClassifier.Verdict v = RoleClassifier.decide(h.behaviour);
        return h.restoredRole != null && (score(h.restoredRole) > v.score() || !v.anyEvidence())
                ? h.restoredRole.role() : v.role();
    }

    /** The role decided afresh, without the cache {@link #role} keeps (tests: the cache must never differ from it). */
    AssetRole freshRole(String ip) {
        Host h = hosts.get(ip);
        return h == null ? AssetRole.UNKNOWN : decideRole(h);
    }

    private RoleClassifier.Decision decision(Host h) {
        if (h.decision == null || h.decidedAt != h.behaviour.version) {
            RoleClassifier.Decision d = RoleClassifier.classify(h.behaviour);
            if (h.restoredRole != null && (score(h.restoredRole) > score(d) || d.evidence().isEmpty())) {
                // what was learned before a restart stands until the traffic since says more (evidence below the
                // decision threshold included: "unknown, because it only answered with errors")
                d = h.restoredRole;
            }
            h.decision = d;
            h.decidedAt = h.behaviour.version;
        }
        return h.decision;
    }

    /** Whether the device with that address answered the protocol in decoded transactions (failures included). */
    public boolean serves(String ip, String protocol) {
        Host h = hosts.get(ip);
        if (h == null) {
            return false;
        }
        Behaviour.Counted c = h.behaviour.served.get(protocol);
        return c != null && c.count > 0;
    }

    /** What was capped or dropped (name → count); empty when nothing was. */
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>(counters);
        long behaviourDropped = hosts.values().stream().mapToLong(h -> h.behaviour.dropped).sum();
        if (behaviourDropped > 0) {
            out.put("inventory.behaviour_keys_dropped", behaviourDropped);
        }
        long unbound = pendingByMac.values().stream().mapToLong(Map::size).sum();
        if (unbound > 0) {
            out.put("inventory.names_unbound", unbound); // names of MACs never seen with an address
        }
        return out;
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    private void count(String name, long n) {
        counters.merge(name, n, Long::sum);
    }

    /** Asset documents (SCHEMA.md plus {@link AssetFields}), ordered by asset id. */
    public List<EventDoc> assets() {
        List<EventDoc> out = new ArrayList<>();
        List<Host> sorted = new ArrayList<>(hosts.values());
        sorted.sort(Comparator.comparing(h -> h.ip));
        Map<Host, EventDoc> byHost = new java.util.IdentityHashMap<>();
        for (Host h : sorted) {
            EventDoc d = document(h);
            byHost.put(h, d);
            out.add(d);
        }
        attachments(sorted, byHost);
        out.sort(Comparator.comparing((EventDoc d) -> d.getString(Fields.ASSET_ID))
                .thenComparing(d -> String.valueOf(d.get(Fields.HOST_IP))));
        if (advisories != null) {
            advisories.annotate(out);
        }
        return out;
    }

    private EventDoc document(Host h) {
        String soleMac = h.macs.size() == 1 ? h.macs.iterator().next() : null;
        // a MAC that carries many IPs is a router's; a public address talking with private ones is off-link
        // (behind the plant's router): neither device owns the MAC it was seen with
        boolean macIsOurs = h.macOnly || (soleMac != null && ipsByMac.getOrDefault(soleMac, Set.of()).size() == 1
                && !Addresses.behindGateway(h.ip, h.peers.values().stream().map(p -> p.ip).toList()));
        EventDoc d = new EventDoc();
        d.put(Fields.ASSET_ID, macIsOurs ? soleMac : h.ip);
        if (h.parentIp != null) {
            d.put(Fields.ASSET_PARENT_IP, h.parentIp);
            d.put(Fields.ASSET_PARENT_ROUTE, h.route);
            d.put(Fields.DEVICE_BACKPLANE_SLOT, backplaneSlot(h.route));
        } else if (h.macOnly) {
            d.put(Fields.HOST_MAC, new ArrayList<>(h.macs)); // no address seen: the MAC is all there is
        } else {
            d.put(Fields.HOST_IP, List.of(h.ip));
            d.put(Fields.HOST_MAC, new ArrayList<>(h.macs));
        }
        if (!h.vlans.isEmpty()) {
            d.put(Fields.NETWORK_VLAN_ID, new ArrayList<>(h.vlans));
        }
        Map<String, Object> sources = new LinkedHashMap<>();
        List<Map<String, Object>> identity = new ArrayList<>();
        for (IdentityRecord r : h.identity.values()) {
            IdentityFact f = r.fact;
            d.put(f.field(), f.value());
            sources.put(f.field(), f.source());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(AssetFields.IDENTITY_FIELD, f.field());
            m.put(AssetFields.IDENTITY_VALUE, f.value());
            m.put(AssetFields.IDENTITY_SOURCE, f.source());
            m.put(AssetFields.IDENTITY_EVENT_ID, f.eventId());
            m.put(AssetFields.IDENTITY_FIRST_SEEN, Timestamps.iso(r.firstSeen));
            m.put(AssetFields.IDENTITY_LAST_CONFIRMED, Timestamps.iso(r.lastConfirmed));
            identity.add(m);
        }
        if (!h.identity.containsKey(Fields.DEVICE_MANUFACTURER) && macIsOurs) {
            // no protocol told us the vendor: the MAC's IEEE assignment is the next best witness
            String org = oui.organisation(soleMac);
            if (org != null) {
                d.put(Fields.DEVICE_MANUFACTURER, org);
                sources.put(Fields.DEVICE_MANUFACTURER, AssetFields.SOURCE_IEEE_OUI);
            }
        }
        RoleClassifier.Decision role = decision(h);
        d.put(Fields.ASSET_ROLE, role.role().value);
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (RoleEvidence e : role.evidence()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(AssetFields.EVIDENCE_ROLE, e.role().value);
            m.put(AssetFields.EVIDENCE_WEIGHT, e.weight());
            m.put(AssetFields.EVIDENCE_REASON, e.reason());
            evidence.add(m);
        }
        d.put(AssetFields.ASSET_ROLE_EVIDENCE, evidence);
        List<Map<String, Object>> protocols = new ArrayList<>();
        h.protocols.forEach((p, roles) -> roles.forEach((as, by) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("protocol", p);
            m.put("as", as);
            m.put(AssetFields.PROTOCOL_IDENTIFIED_BY, by);
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
        if (!identity.isEmpty()) {
            d.put(AssetFields.ASSET_IDENTITY, identity);
        }
        if (!h.identityHistory.isEmpty()) {
            List<Map<String, Object>> history = new ArrayList<>();
            for (IdentityChange c : h.identityHistory) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(AssetFields.IDENTITY_FIELD, c.field());
                m.put(AssetFields.CHANGE_OLD_VALUE, c.oldValue());
                m.put(AssetFields.CHANGE_NEW_VALUE, c.newValue());
                m.put(AssetFields.CHANGE_AT, Timestamps.iso(c.changedAt()));
                m.put(AssetFields.CHANGE_OLD_SOURCE, c.oldSource());
                m.put(AssetFields.IDENTITY_SOURCE, c.source());
                m.put(AssetFields.IDENTITY_EVENT_ID, c.eventId());
                history.add(m);
            }
            d.put(AssetFields.ASSET_IDENTITY_HISTORY, history);
        }
        List<Map<String, Object>> peers = new ArrayList<>();
        List<Peer> sortedPeers = new ArrayList<>(h.peers.values());
        sortedPeers.sort(Comparator.comparing((Peer p) -> p.ip).thenComparing(p -> p.protocol).thenComparing(p -> p.as));
        for (Peer p : sortedPeers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(AssetFields.PEER_IP, p.ip);
            m.put(AssetFields.PEER_PROTOCOL, p.protocol);
            m.put(AssetFields.PEER_AS, p.as);
            if (p.firstSeen != Long.MAX_VALUE) {
                m.put(AssetFields.PEER_FIRST_SEEN, Timestamps.iso(p.firstSeen));
                m.put(AssetFields.PEER_LAST_SEEN, Timestamps.iso(p.lastSeen));
            }
            m.put(AssetFields.PEER_TRANSACTIONS, p.transactions);
            m.put(AssetFields.PEER_FLOWS, p.flows);
            if (!p.functions.isEmpty()) {
                m.put(AssetFields.PEER_FUNCTIONS, new ArrayList<>(p.functions));
            }
            peers.add(m);
        }
        d.put(AssetFields.ASSET_PEERS, peers);
        return d;
    }

    /**
     * Which switch port each device hangs off. LLDP and CDP frames are never forwarded by a bridge (IEEE 802.1AB §7.1:
     * the nearest-bridge group address; CDP's group address is consumed by Cisco switches), so the advertisements the
     * sensor hears come from the ends of the links it taps. When exactly two senders are heard they are the two ends
     * of one link: each is attached to the port at the other end (a switch, or a device with switch ports such as a
     * multiport PROFINET CPU), except that a switch does not hang off an end device. Otherwise,
     * when exactly one switch port is heard, every other sender is attached to it. Anything else (a SPAN of many
     * switch ports) is left unattached and counted ({@code inventory.attachments_ambiguous}): the sensor cannot tell
     * links apart.
     */
    private void attachments(List<Host> sorted, Map<Host, EventDoc> docs) {
        List<Host> senders = new ArrayList<>();
        for (Host h : sorted) {
            IdentityRecord port = h.identity.get(LinkFields.DEVICE_PORT_ID);
            if (port != null && advertisementSource(port.fact.source())) {
                senders.add(h);
            }
        }
        List<Host> switches = senders.stream().filter(h -> h.behaviour.advertised.containsKey(AssetRole.SWITCH)).toList();
        if (senders.size() == 2) {
            Host a = senders.get(0);
            Host b = senders.get(1);
            if (switches.contains(b) || !switches.contains(a)) {
                attach(docs.get(a), b, docs.get(b), "both ends of one link heard");
            }
            if (switches.contains(a) || !switches.contains(b)) {
                attach(docs.get(b), a, docs.get(a), "both ends of one link heard");
            }
        } else if (switches.size() == 1) {
            Host sw = switches.get(0);
            for (Host h : senders) {
                if (h != sw) {
                    attach(docs.get(h), sw, docs.get(sw), "the only switch port heard");
                }
            }
        } else if (switches.size() > 1 && senders.size() > switches.size()) {
            count("inventory.attachments_ambiguous");
        }
    }

    private static void attach(EventDoc device, Host sw, EventDoc switchDoc, String basis) {
        IdentityRecord port = sw.identity.get(LinkFields.DEVICE_PORT_ID);
        IdentityRecord name = sw.identity.get(Fields.HOST_NAME);
        IdentityRecord chassis = sw.identity.get(LinkFields.DEVICE_CHASSIS_ID);
        IdentityRecord description = sw.identity.get(LinkFields.DEVICE_PORT_DESCRIPTION);
        device.put(LinkFields.ATTACHMENT_SWITCH_ID, switchDoc.getString(Fields.ASSET_ID));
        device.put(LinkFields.ATTACHMENT_SWITCH_NAME, name != null ? name.fact.value() : chassis != null ? chassis.fact.value() : null);
        device.put(LinkFields.ATTACHMENT_PORT_ID, port.fact.value());
        device.put(LinkFields.ATTACHMENT_PORT_DESCRIPTION, description == null ? null : description.fact.value());
        device.put(LinkFields.ATTACHMENT_PROTOCOL, protocolOf(port.fact.source()));
        device.put(LinkFields.ATTACHMENT_BASIS, basis);
    }

    private static int score(RoleClassifier.Decision d) {
        return d.evidence().stream().filter(e -> e.role() == d.role()).mapToInt(RoleEvidence::weight).sum();
    }

    /**
     * Reads back documents {@link #assets()} wrote (a previous run's {@code assets.json}): addresses, first and
     * last seen, identity with its sources and history, protocols, peers, and the role with its evidence (kept
     * until the traffic after the restart gives stronger evidence). Fields derived at export (OUI vendor,
     * advisories) are derived again. Hosts already known are left as they are; the host cap applies.
     *
     * @return how many hosts were restored
     */
    public int restore(List<EventDoc> docs) {
        int restored = 0;
        for (EventDoc d : docs) {
            Object ips = d.get(Fields.HOST_IP);
            String ip = ips instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : null;
            String parentIp = d.getString(Fields.ASSET_PARENT_IP);
            String route = d.getString(Fields.ASSET_PARENT_ROUTE);
            boolean macOnly = false;
            if (ip == null && parentIp != null && route != null) {
                ip = d.getString(Fields.ASSET_ID); // a device behind its module: keyed by module address and slot
            } else if (ip == null && d.getString(Fields.ASSET_ID) != null
                    && list(d.get(Fields.HOST_MAC)).contains(d.getString(Fields.ASSET_ID))) {
                ip = d.getString(Fields.ASSET_ID); // known by its MAC only (layer-2 identity)
                macOnly = true;
            }
            if (ip == null || hosts.containsKey(ip)) {
                continue;
            }
            Host h = host(ip);
            if (h == null) {
                continue;
            }
            if (ip.equals(d.getString(Fields.ASSET_ID)) && parentIp != null) {
                h.parentIp = parentIp;
                h.route = route;
            }
            restored++;
            h.macOnly = macOnly;
            for (Object mac : list(d.get(Fields.HOST_MAC))) {
                h.macs.add(String.valueOf(mac));
                if (!macOnly) {
                    ipsByMac.computeIfAbsent(String.valueOf(mac), m -> new TreeSet<>()).add(ip);
                }
            }
            for (Object vlan : list(d.get(Fields.NETWORK_VLAN_ID))) {
                if (vlan instanceof Number n) {
                    h.vlans.add(n.intValue());
                }
            }
            long first = time(d.getString(Fields.ASSET_FIRST_SEEN));
            long last = time(d.getString(Fields.ASSET_LAST_SEEN));
            if (first != Long.MIN_VALUE && last != Long.MIN_VALUE) {
                h.firstSeen = first;
                h.lastSeen = last;
            }
            for (Map<String, Object> m : maps(d.get(Fields.ASSET_PROTOCOLS))) {
                h.protocols.computeIfAbsent(str(m.get("protocol")), k -> new TreeMap<>())
                        .put(str(m.get("as")), str(m.get(AssetFields.PROTOCOL_IDENTIFIED_BY)));
            }
            for (Map<String, Object> m : maps(d.get(AssetFields.ASSET_IDENTITY))) {
                long confirmed = time(str(m.get(AssetFields.IDENTITY_LAST_CONFIRMED)));
                IdentityRecord r = new IdentityRecord(new IdentityFact(confirmed, ip, null,
                        str(m.get(AssetFields.IDENTITY_FIELD)), str(m.get(AssetFields.IDENTITY_VALUE)),
                        str(m.get(AssetFields.IDENTITY_SOURCE)), str(m.get(AssetFields.IDENTITY_EVENT_ID))));
                r.firstSeen = time(str(m.get(AssetFields.IDENTITY_FIRST_SEEN)));
                if (r.fact.field() != null && r.fact.value() != null) {
                    h.identity.put(r.fact.field(), r);
                }
            }
            IdentityRecord type = h.identity.get(Fields.DEVICE_TYPE);
            if (type != null) {
                h.behaviour.reportedType = type.fact.value();
            }
            for (Map<String, Object> m : maps(d.get(AssetFields.ASSET_IDENTITY_HISTORY))) {
                h.identityHistory.addLast(new IdentityChange(str(m.get(AssetFields.IDENTITY_FIELD)),
                        str(m.get(AssetFields.CHANGE_OLD_VALUE)), str(m.get(AssetFields.CHANGE_NEW_VALUE)),
                        time(str(m.get(AssetFields.CHANGE_AT))), str(m.get(AssetFields.CHANGE_OLD_SOURCE)),
                        str(m.get(AssetFields.IDENTITY_SOURCE)), str(m.get(AssetFields.IDENTITY_EVENT_ID))));
            }
            for (Map<String, Object> m : maps(d.get(AssetFields.ASSET_PEERS))) {
                Peer p = new Peer(str(m.get(AssetFields.PEER_IP)), str(m.get(AssetFields.PEER_PROTOCOL)),
                        str(m.get(AssetFields.PEER_AS)));
                long pf = time(str(m.get(AssetFields.PEER_FIRST_SEEN)));
                long pl = time(str(m.get(AssetFields.PEER_LAST_SEEN)));
                if (pf != Long.MIN_VALUE && pl != Long.MIN_VALUE) {
                    p.firstSeen = pf;
                    p.lastSeen = pl;
                }
                p.transactions = m.get(AssetFields.PEER_TRANSACTIONS) instanceof Number n ? n.longValue() : 0;
                p.flows = m.get(AssetFields.PEER_FLOWS) instanceof Number n ? n.longValue() : 0;
                for (Object f : list(m.get(AssetFields.PEER_FUNCTIONS))) {
                    if (p.functions.size() < MAX_PEER_FUNCTIONS) {
                        p.functions.add(String.valueOf(f));
                    }
                }
                if (p.ip != null && h.peers.size() < MAX_PEERS) {
                    h.peers.put(new PeerKey(p.ip, p.protocol, p.as), p);
                }
            }
            AssetRole role = roleOf(d.getString(Fields.ASSET_ROLE));
            List<RoleEvidence> evidence = new ArrayList<>();
            for (Map<String, Object> m : maps(d.get(AssetFields.ASSET_ROLE_EVIDENCE))) {
                AssetRole r = roleOf(str(m.get(AssetFields.EVIDENCE_ROLE)));
                int weight = m.get(AssetFields.EVIDENCE_WEIGHT) instanceof Number n ? n.intValue() : 0;
                evidence.add(new RoleEvidence(r, weight, str(m.get(AssetFields.EVIDENCE_REASON))));
            }
            h.restoredRole = new RoleClassifier.Decision(role, evidence);
            h.behaviour.verdictInputChanged();
            boolean industrial = h.peers.values().stream().anyMatch(p -> p.transactions > 0
                    && ServiceCatalog.categoryOf(p.protocol) == ServiceCatalog.Category.INDUSTRIAL);
            if (!h.identity.isEmpty() || industrial) {
                weak.remove(ip);
            }
        }
        return restored;
    }

    private static AssetRole roleOf(String value) {
        for (AssetRole r : AssetRole.values()) {
            if (r.value.equals(value)) {
                return r;
            }
        }
        return AssetRole.UNKNOWN;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : list(o)) {
            if (e instanceof Map<?, ?> m) {
                out.add((Map<String, Object>) m);
            }
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static long time(String iso) {
        if (iso == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Timestamps.parse(iso);
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The address itself when it names one device; null for broadcast, multicast and unspecified addresses
     * (a DHCP server answering 255.255.255.255 serves, but has no peer called "broadcast").
     */
    static String deviceAddress(String ip) {
        if (ip == null || ip.equals("0.0.0.0") || ip.equals("255.255.255.255") || ip.equals("::")) {
            return null;
        }
        int dot = ip.indexOf('.');
        if (dot > 0 && dot <= 3 && ip.indexOf(':') < 0) {
            try {
                int first = Integer.parseInt(ip.substring(0, dot));
                if (first >= 224 && first <= 239) {
                    return null; // IPv4 multicast 224.0.0.0/4
                }
            } catch (NumberFormatException e) {
                return ip;
            }
        } else if (ip.regionMatches(true, 0, "ff", 0, 2) && ip.indexOf(':') == 4) {
            return null; // IPv6 multicast ff00::/8
        }
        return ip;
    }

    private static boolean isGroupMac(String mac) {
        // the I/G bit of the first octet marks broadcast and multicast
        return mac.length() >= 2 && (Character.digit(mac.charAt(1), 16) & 1) == 1;
    }
}
