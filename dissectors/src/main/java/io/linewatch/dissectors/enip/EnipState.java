package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.FlowSession;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What EtherNet/IP dissection shares across flows, bounded: connections opened by Forward_Open
 * (so connected messages and UDP I/O flows find the connection that created them) and UDP ListIdentity
 * style requests waiting for replies that come back on other flows (broadcast requests).
 */
final class EnipState {
    static final int MAX_CONNECTIONS = 4096;
    static final int MAX_UDP_PENDING = 1024;

    /**
     * An established connection, as its Forward_Open exchange described it.
     *
     * @param ioEndpoints where its I/O datagrams go, when the exchange said (Sockaddr Info items): the UDP flows to
     *                    dissect as implicit I/O besides port 2222
     */
    record Connection(ConnectionParams params, String originatorIp, String targetIp, String forwardOpenEventId,
                      List<IoEndpoint> ioEndpoints) {
        Connection(ConnectionParams params, String originatorIp, String targetIp, String forwardOpenEventId) {
            this(params, originatorIp, targetIp, forwardOpenEventId, List.of());
        }
    }

    /** A UDP request (ListIdentity, ListServices...) waiting for replies from any flow. */
    static final class UdpPending {
        /** The requester's flow: an unanswered request is recorded there. */
        final FlowSession session;
        final EnipMessage request;
        int replies;

        UdpPending(FlowSession session, EnipMessage request) {
            this.session = session;
            this.request = request;
        }
    }

    // keyed by target address and connection id: ids are only unique per target (two plants, or two lines
    // built from one template, reuse them), and the target is on every packet of the connection, multicast I/O too
    private final LinkedHashMap<ConnectionKey, Connection> connections = new LinkedHashMap<>(256, 0.75f, true);
    private final Map<String, Connection> byTriple = new LinkedHashMap<>();
    private final LinkedHashMap<String, UdpPending> udpPending = new LinkedHashMap<>();
    /** I/O endpoints (address|port) negotiated by the open connections. */
    private final Map<String, Connection> ioEndpoints = new LinkedHashMap<>();
    long connectionsEvicted;
    long udpPendingEvicted;

    void open(Connection c) {
        ConnectionParams p = c.params();
        Connection old = byTriple.put(tripleKey(c.originatorIp(), p), c);
        if (old != null) {
            connections.remove(key(old.targetIp(), old.params().oToId), old);
            connections.remove(key(old.targetIp(), old.params().tToId), old);
            forgetEndpoints(old);
        }
        connections.put(key(c.targetIp(), p.oToId), c);
        connections.put(key(c.targetIp(), p.tToId), c);
        for (IoEndpoint e : c.ioEndpoints()) {
            ioEndpoints.put(endpointKey(e.ip(), e.port()), c);
        }
        while (connections.size() > MAX_CONNECTIONS) {
            Iterator<Map.Entry<ConnectionKey, Connection>> it = connections.entrySet().iterator();
            Connection victim = it.next().getValue();
            it.remove();
            byTriple.remove(tripleKey(victim.originatorIp(), victim.params()), victim);
            forgetEndpoints(victim);
            connectionsEvicted++;
        }
    }

    private void forgetEndpoints(Connection c) {
        for (IoEndpoint e : c.ioEndpoints()) {
            ioEndpoints.remove(endpointKey(e.ip(), e.port()), c);
        }
    }

    /** Whether an open connection's Forward_Open named this address and UDP port as where its I/O goes. */
    boolean isIoEndpoint(String ip, int port) {
        return !ioEndpoints.isEmpty() && ioEndpoints.containsKey(endpointKey(ip, port));
    }

    private static String endpointKey(String ip, int port) {
        return ip + "|" + port;
    }

    void close(ConnectionParams closeRequest, String originatorIp) {
        Connection c = byTriple.remove(tripleKey(originatorIp, closeRequest));
        if (c != null) {
            connections.remove(key(c.targetIp(), c.params().oToId), c);
            connections.remove(key(c.targetIp(), c.params().tToId), c);
            forgetEndpoints(c);
        }
    }

    /** The connection this id belongs to (either direction), on a flow between these two addresses, or null. */
    Connection connection(long connectionId, String ipA, String ipB) {
        Connection c = connections.get(probe(ipA, connectionId));
        return c != null ? c : connections.get(probe(ipB, connectionId));
    }

    /**
     * A connection id at its target. Stored keys are made by {@link #key}; look-ups (per connected message) go through
     * {@link #probe}, one mutable key of this state's thread set before each look-up, so they build nothing.
     */
    private static final class ConnectionKey {
        String targetIp;
        long connectionId;

        ConnectionKey(String targetIp, long connectionId) {
            this.targetIp = targetIp;
            this.connectionId = connectionId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ConnectionKey k && k.connectionId == connectionId && k.targetIp.equals(targetIp);
        }

        @Override
        public int hashCode() {
            return 31 * targetIp.hashCode() + Long.hashCode(connectionId);
        }
    }

    private final ConnectionKey probe = new ConnectionKey("", 0);

    private static ConnectionKey key(String targetIp, long connectionId) {
        return new ConnectionKey(targetIp, connectionId);
    }

    private ConnectionKey probe(String targetIp, long connectionId) {
        probe.targetIp = targetIp;
        probe.connectionId = connectionId;
        return probe;
    }

    private static String tripleKey(String originatorIp, ConnectionParams p) {
        return originatorIp + "|" + p.triple();
    }

    static String udpKey(String requesterIp, int requesterPort, int command, long senderContext) {
        return requesterIp + "|" + requesterPort + "|" + command + "|" + senderContext;
    }

    /** Registers a request; an older one under the same key, or the oldest when full, goes to {@code expired}. */
    void awaitUdp(String key, UdpPending p, Consumer<UdpPending> expired) {
        UdpPending old = udpPending.put(key, p);
        if (old != null) {
            expired.accept(old);
        }
        while (udpPending.size() > MAX_UDP_PENDING) {
            Iterator<UdpPending> it = udpPending.values().iterator();
            UdpPending victim = it.next();
            it.remove();
            udpPendingEvicted++;
            expired.accept(victim);
        }
    }

    UdpPending udpPending(String key) {
        return udpPending.get(key);
    }

    /** Removes a request when its flow ends; returns it if it was still waiting. */
    UdpPending removeUdp(String key, UdpPending expected) {
        return udpPending.remove(key, expected) ? expected : null;
    }
}
