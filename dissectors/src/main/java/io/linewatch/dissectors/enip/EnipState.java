package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.FlowSession;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

    /** An established connection, as its Forward_Open exchange described it. */
    record Connection(ConnectionParams params, String originatorIp, String targetIp, String forwardOpenEventId) {
    }

    /** A UDP request (ListIdentity, ListServices...) waiting for replies from any flow. */
    static final class UdpPending {
        final FlowSession session;
        final EnipHeader header;
        final long timestamp;
        int replies;

        UdpPending(FlowSession session, EnipHeader header, long timestamp) {
            this.session = session;
            this.header = header;
            this.timestamp = timestamp;
        }
    }

    private final LinkedHashMap<Long, Connection> connections = new LinkedHashMap<>(256, 0.75f, true);
    private final Map<String, Connection> byTriple = new LinkedHashMap<>();
    private final LinkedHashMap<String, UdpPending> udpPending = new LinkedHashMap<>();
    long connectionsEvicted;
    long udpPendingEvicted;

    void open(Connection c) {
        ConnectionParams p = c.params();
        Connection old = byTriple.put(p.triple(), c);
        if (old != null) {
            connections.remove(old.params().oToId);
            connections.remove(old.params().tToId);
        }
        connections.put(p.oToId, c);
        connections.put(p.tToId, c);
        while (connections.size() > MAX_CONNECTIONS) {
            Iterator<Map.Entry<Long, Connection>> it = connections.entrySet().iterator();
            Connection victim = it.next().getValue();
            it.remove();
            byTriple.remove(victim.params().triple(), victim);
            connectionsEvicted++;
        }
    }

    void close(ConnectionParams closeRequest) {
        Connection c = byTriple.remove(closeRequest.triple());
        if (c != null) {
            connections.remove(c.params().oToId, c);
            connections.remove(c.params().tToId, c);
        }
    }

    /** The connection this id belongs to (either direction), or null. */
    Connection connection(long connectionId) {
        return connections.get(connectionId);
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
