package io.linewatch.inventory;

import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one device did on the wire, condensed to what role classification needs. Every collection is
 * capped; what does not fit is counted in {@link #dropped} (reported by the inventory), never silently lost.
 */
final class Behaviour {
    static final int MAX_KEYS = 64;
    static final int MAX_CYCLES = 256;
    static final int MAX_PEERS_PER_KEY = 64;

    /** Per industrial protocol this device served in decoded transactions. */
    final Map<String, Counted> served = new TreeMap<>();
    /** Per industrial service this device accepted connections for, known only by its port. */
    final Map<String, Counted> servedByPort = new TreeMap<>();
    /** Per {@code ot.operation} this device requested as a client (decoded transactions). */
    final Map<String, Counted> requested = new TreeMap<>();
    /** Per {@code ot.operation} others requested from this device. */
    final Map<String, Counted> received = new TreeMap<>();
    /** Per industrial service this device used as a client, known only by its port (flows). */
    final Map<String, FlowUse> clientByPort = new TreeMap<>();
    /** Per service category and service name: flows where this device was the server / the client. */
    final Map<ServiceCatalog.Category, Map<String, Counted>> servedCategory = new TreeMap<>();
    final Map<ServiceCatalog.Category, Map<String, Counted>> usedCategory = new TreeMap<>();
    /** Repeated identical requests, per (server, protocol, action, target): the polling cycles. */
    final Map<Object, Cycle> cycles = new LinkedHashMap<>();
    /** Identity reported by this device over an industrial protocol (source names). */
    final Set<String> identitySources = new TreeSet<>();
    /** What the device says it is on layer 2 (LLDP/CDP bridging: a switch; PROFINET DCP device role), role and reason. */
    final Map<AssetRole, String> advertised = new java.util.EnumMap<>(AssetRole.class);
    /** What kind of device it reports itself to be ({@code device.type}: "Communications Adapter"), or null. */
    String reportedType;
    long dropped;
    /** Goes up with every change (each accessor below is called before a change): a decision made at this version stands. */
    long version;

    /** A count with the peers involved (capped) and an example per action. */
    static final class Counted {
        long count;
        /** Of {@link #count}, those that failed (an exception or error reply): served, but proving little. */
        long failed;
        // hashed while counting (once per transaction); the classifier sorts them when it writes evidence
        final Set<String> peers = new HashSet<>();
        final Map<String, Long> actions = new HashMap<>();
        long peersDropped;

        void add(String peer, String action) {
            count++;
            if (peer != null && !peers.contains(peer)) {
                if (peers.size() < MAX_PEERS_PER_KEY) {
                    peers.add(peer);
                } else {
                    peersDropped++;
                }
            }
            if (action != null && (actions.containsKey(action) || actions.size() < MAX_KEYS)) {
                actions.merge(action, 1L, Long::sum);
            }
        }

        long peerCount() {
            return peers.size() + peersDropped;
        }
    }

    /** Client use of a service seen only as flows. */
    static final class FlowUse {
        final Counted flows = new Counted();
        long packets;
        long firstSeen = Long.MAX_VALUE;
        long lastSeen = Long.MIN_VALUE;
    }

    /** Inter-request intervals of one repeated request (Welford's running mean and variance). */
    static final class Cycle {
        final String server;
        final String protocol;
        final String action;
        long last = Long.MIN_VALUE;
        long intervals;
        double mean;
        double m2;

        Cycle(String server, String protocol, String action) {
            this.server = server;
            this.protocol = protocol;
            this.action = action;
        }

        void at(long ts) {
            if (last != Long.MIN_VALUE && ts > last) {
                double x = (ts - last) / 1e9;
                intervals++;
                double d = x - mean;
                mean += d / intervals;
                m2 += d * (x - mean);
            }
            if (ts > last) {
                last = ts;
            }
        }

        double stddev() {
            return intervals > 1 ? Math.sqrt(m2 / (intervals - 1)) : 0;
        }
    }

    <K> Counted counted(Map<K, Counted> map, K key) {
        version++;
        Counted c = map.get(key);
        if (c == null) {
            if (map.size() >= MAX_KEYS) {
                dropped++;
                return new Counted(); // counted above, kept nowhere
            }
            c = new Counted();
            map.put(key, c);
        }
        return c;
    }

    Counted category(Map<ServiceCatalog.Category, Map<String, Counted>> byCategory, ServiceCatalog.Category category,
                     String service) {
        return counted(byCategory.computeIfAbsent(category, k -> new TreeMap<>()), service);
    }

    FlowUse clientFlow(String service) {
        version++;
        FlowUse u = clientByPort.get(service);
        if (u == null) {
            if (clientByPort.size() >= MAX_KEYS) {
                dropped++;
                return new FlowUse();
            }
            u = new FlowUse();
            clientByPort.put(service, u);
        }
        return u;
    }

    void request(Object key, String server, String protocol, String action, long ts) {
        version++;
        Cycle c = cycles.get(key);
        if (c == null) {
            if (cycles.size() >= MAX_CYCLES) {
                dropped++;
                return;
            }
            c = new Cycle(server, protocol, action);
            cycles.put(key, c);
        }
        c.at(ts);
    }
}
