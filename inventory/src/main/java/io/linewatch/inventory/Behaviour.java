package io.linewatch.inventory;

import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import java.util.Arrays;
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
    final Map<RequestKey, Cycle> cycles = new LinkedHashMap<>();
    /** {@link #requested} and {@link #received} entries by operation, once kept there: no look-up per transaction. */
    private final Counted[] requestedByOp = new Counted[Operation.values().length];
    private final Counted[] receivedByOp = new Counted[Operation.values().length];
    /** Identity reported by this device over an industrial protocol (source names). */
    final Set<String> identitySources = new TreeSet<>();
    /** What the device says it is on layer 2 (LLDP/CDP bridging: a switch; PROFINET DCP device role), role and reason. */
    final Map<AssetRole, String> advertised = new java.util.EnumMap<>(AssetRole.class);
    /** What kind of device it reports itself to be ({@code device.type}: "Communications Adapter"), or null. */
    String reportedType;
    long dropped;
    /**
     * Goes up with every change (each accessor below is called before a change): the explained decision (whose
     * sentences carry counts) made at this version stands.
     */
    long version;
    /**
     * Goes up only when something the role and its weight are decided from changes (see {@link RoleClassifier#decide}):
     * an entry kept or a count's first, one of the first peers or a password action of an entry, a service answered
     * only with errors or no longer, a browsing request not seen before, a request cycle turning regular or irregular,
     * a flow's use, identity. A busy device's repeated polls change none of these, so its role is decided once per
     * change instead of once per fact.
     */
    long verdictVersion;

    /** Something {@link RoleClassifier#decide} reads changed. */
    void verdictInputChanged() {
        version++;
        verdictVersion++;
    }

    /**
     * A count with the peers involved (capped) and an example per action. The role is decided from whether it counted
     * anything, whether only failures, how many peers up to {@link RoleClassifier#HISTORIAN_MIN_SERVERS}, and whether
     * a password action is among its actions: a change of these tells the owner.
     */
    static final class Counted {
        private final Behaviour owner;
        long count;
        /** Of {@link #count}, those that failed (an exception or error reply): served, but proving little. */
        long failed;
        // hashed while counting (once per transaction); the classifier sorts them when it writes evidence
        final Set<String> peers = new HashSet<>();
        /** Per action, its count (a mutable cell: no boxing per transaction); read through {@link #actions()}. */
        private final Map<String, long[]> actionCounts = new HashMap<>();
        long peersDropped;
        /** The peer and action of the last {@link #add}, already recorded: a poll repeats both. */
        private String lastPeer;
        private String lastAction;
        private long[] lastActionCount;

        Counted(Behaviour owner) {
            this.owner = owner;
        }

        void add(String peer, String action) {
            if (count == 0 || failed == count) {
                owner.verdictInputChanged(); // the first count, or failures only no longer
            }
            count++;
            if (peer != null && peer != lastPeer) {
                if (peers.contains(peer)) {
                    lastPeer = peer;
                } else if (peers.size() < MAX_PEERS_PER_KEY) {
                    peers.add(peer);
                    lastPeer = peer;
                    if (peers.size() <= RoleClassifier.HISTORIAN_MIN_SERVERS) {
                        owner.verdictInputChanged(); // past it, more peers change no weight
                    }
                } else {
                    peersDropped++; // past MAX_PEERS_PER_KEY: above any peer-count threshold of the classifier
                }
            }
            if (action == null) {
                return;
            }
            if (action == lastAction) {
                lastActionCount[0]++;
                return;
            }
            long[] n = actionCounts.get(action);
            if (n == null) {
                if (actionCounts.size() >= MAX_KEYS) {
                    return;
                }
                n = new long[1];
                actionCounts.put(action, n);
                if (RoleClassifier.PASSWORD_ACTIONS.contains(action)) {
                    owner.verdictInputChanged(); // the only action names the weights read
                }
            }
            n[0]++;
            lastAction = action;
            lastActionCount = n;
        }

        /** One of {@link #count} failed (an exception or error reply). */
        void failed() {
            if (failed + 1 == count) {
                owner.verdictInputChanged(); // now answered only with errors
            }
            failed++;
        }

        /** Per action, how many times it was counted. */
        Map<String, Long> actions() {
            Map<String, Long> m = new HashMap<>();
            actionCounts.forEach((a, n) -> m.put(a, n[0]));
            return m;
        }

        long peerCount() {
            return peers.size() + peersDropped;
        }
    }

    /** Client use of a service seen only as flows. */
    static final class FlowUse {
        final Counted flows;
        long packets;
        long firstSeen = Long.MAX_VALUE;
        long lastSeen = Long.MIN_VALUE;

        FlowUse(Behaviour owner) {
            flows = new Counted(owner);
        }
    }

    /**
     * What tells one repeated request from another, from the transaction's typed slots: the server, protocol, action,
     * unit, function, sub-function and objects. Mutable only as the inventory's look-up probe: a key is copied when new.
     */
    static final class RequestKey {
        private String server;
        private Protocol protocol;
        private String action;
        private int unit;
        private int function;
        private int subfunction;
        private ObjectRef[] objects;
        private int hash;

        RequestKey set(Transaction t, String server) {
            this.server = server;
            protocol = t.protocol();
            action = t.action();
            unit = t.unit();
            function = t.function();
            subfunction = t.subfunction();
            objects = t.objects(); // transactions are not changed once handed on
            int h = server.hashCode();
            h = 31 * h + protocol.ordinal();
            h = 31 * h + (action == null ? 0 : action.hashCode());
            h = 31 * h + unit;
            h = 31 * h + function;
            h = 31 * h + subfunction;
            hash = 31 * h + Arrays.hashCode(objects);
            return this;
        }

        RequestKey copy() {
            RequestKey k = new RequestKey();
            k.server = server;
            k.protocol = protocol;
            k.action = action;
            k.unit = unit;
            k.function = function;
            k.subfunction = subfunction;
            k.objects = objects;
            k.hash = hash;
            return k;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RequestKey k && hash == k.hash && unit == k.unit && function == k.function
                    && subfunction == k.subfunction && protocol == k.protocol && server.equals(k.server)
                    && java.util.Objects.equals(action, k.action) && Arrays.equals(objects, k.objects);
        }
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
        /** {@link RoleClassifier#isCyclic} as of the last {@link #at}. */
        private boolean cyclic;

        Cycle(String server, String protocol, String action) {
            this.server = server;
            this.protocol = protocol;
            this.action = action;
        }

        /** @return whether the cycle turned regular or irregular ({@link RoleClassifier#isCyclic}) */
        boolean at(long ts) {
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
            boolean was = cyclic;
            cyclic = RoleClassifier.isCyclic(this);
            return cyclic != was;
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
                return new Counted(this); // counted above, kept nowhere
            }
            c = new Counted(this);
            map.put(key, c);
            verdictInputChanged();
        }
        return c;
    }

    Counted category(Map<ServiceCatalog.Category, Map<String, Counted>> byCategory, ServiceCatalog.Category category,
                     String service) {
        return counted(byCategory.computeIfAbsent(category, k -> new TreeMap<>()), service);
    }

    /** {@code counted(requested, op)}, without the look-up once the entry is kept. */
    Counted requested(Operation op) {
        return counted(requested, requestedByOp, op);
    }

    /** {@code counted(received, op)}, without the look-up once the entry is kept. */
    Counted received(Operation op) {
        return counted(received, receivedByOp, op);
    }

    private Counted counted(Map<String, Counted> map, Counted[] byOp, Operation op) {
        Counted c = byOp[op.ordinal()];
        if (c != null) {
            version++;
            return c;
        }
        c = counted(map, op.wireName);
        if (map.get(op.wireName) == c) {
            byOp[op.ordinal()] = c; // kept (not a capped-out throwaway): entries are never removed
        }
        return c;
    }

    /** Called once per flow, before its packets and times are added (a sustained use is decided from them). */
    FlowUse clientFlow(String service) {
        verdictInputChanged();
        FlowUse u = clientByPort.get(service);
        if (u == null) {
            if (clientByPort.size() >= MAX_KEYS) {
                dropped++;
                return new FlowUse(this);
            }
            u = new FlowUse(this);
            clientByPort.put(service, u);
        }
        return u;
    }

    /** @param key looked up as it is, copied when new */
    void request(RequestKey key, String server, String protocol, String action, long ts) {
        version++;
        Cycle c = cycles.get(key);
        if (c == null) {
            if (cycles.size() >= MAX_CYCLES) {
                dropped++;
                return;
            }
            c = new Cycle(server, protocol, action);
            cycles.put(key.copy(), c);
            if (RoleClassifier.BROWSING_ACTIONS.contains(action)) {
                verdictInputChanged(); // one more browsing request; any other new cycle has no interval yet
            }
        }
        if (c.at(ts)) {
            verdictInputChanged();
        }
    }
}
