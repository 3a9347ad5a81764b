package io.linewatch.capture.flow;

import io.linewatch.capture.decode.DecodedPacket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Tracks bidirectional flows by capture time: creates them, feeds TCP segments through per-direction
 * reassembly and UDP datagrams straight to the flow's listener, and ends them on FIN/RST, after
 * {@code idleTimeoutNanos} without packets, or when the table is full (the least recently active
 * flow is evicted and counted). Not thread-safe: one table per worker.
 */
public final class FlowTable {
    private static final long EXPIRY_CHECK_NANOS = 1_000_000_000L;
    private static final long CLOSED_LINGER_NANOS = 2_000_000_000L;
    /** The documented cap: flows open at once for the whole sensor (workers share it). */
    public static final int DEFAULT_MAX_FLOWS = 200_000;
    public static final long DEFAULT_IDLE_TIMEOUT_NANOS = 120_000_000_000L;

    private final FlowListenerFactory factory;
    private final int maxFlows;
    private final long idleTimeoutNanos;
    private final TcpLimits tcpLimits;
    private final long closedLingerNanos = CLOSED_LINGER_NANOS;
    // access order: iteration starts at the least recently active flow
    private final LinkedHashMap<FlowKey, Flow> flows = new LinkedHashMap<>(1024, 0.75f, true);
    private final FlowKey probe = new FlowKey();
    private final AddressTexts addresses = new AddressTexts();
    private final FlowStats stats = new FlowStats();
    private long lastExpiryCheck; // capture time of the last idle scan
    private long now;

    private Flow lastFlow;

    public FlowTable(FlowListenerFactory factory) {
        this(factory, DEFAULT_MAX_FLOWS, DEFAULT_IDLE_TIMEOUT_NANOS, TcpLimits.DEFAULT);
    }

    public FlowTable(FlowListenerFactory factory, int maxFlows, long idleTimeoutNanos, TcpLimits tcpLimits) {
        this.factory = factory;
        this.maxFlows = maxFlows;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.tcpLimits = tcpLimits;
    }

    public FlowStats stats() {
        return stats;
    }

    public int maxFlows() {
        return maxFlows;
    }

    public int activeFlows() {
        return flows.size();
    }

    /** Accounts one decoded IP packet (TCP, UDP or other IP protocol) to its flow. */
    /** The flow the last packet given to {@link #add} belongs to (null before the first, or for a packet outside flows). */
    public Flow lastFlow() {
        return lastFlow;
    }

    public void add(DecodedPacket p) {
        lastFlow = null;
        now = Math.max(now, p.timestampNanos);
        if (now - lastExpiryCheck >= EXPIRY_CHECK_NANOS) {
            expireIdle(now);
            lastExpiryCheck = now;
        }
        probe.set(p);
        Flow flow = flows.get(probe);
        if (flow != null && flow.closedBy != null && p.isTcp() && p.hasFlag(DecodedPacket.TCP_SYN)
                && !p.hasFlag(DecodedPacket.TCP_ACK)) {
            // the port pair is reused by a new connection
            flows.remove(flow.key);
            end(flow, flow.closedBy);
            flow = null;
        }
        if (flow == null) {
            flow = open(p);
        }
        lastFlow = flow;
        Direction dir = flow.directionOf(probe);
        flow.count(dir, p.wireLength, p.payloadLength + p.payloadMissing);
        flow.lastSeen = Math.max(flow.lastSeen, p.timestampNanos);
        flow.learnMacs(dir, p, addresses);
        if (flow.streams != null) {
            tcp(flow, dir, p);
        } else if (p.srcPort >= 0 && flow.listener != null) {
            flow.listener.onPayload(flow, dir, p.buf, p.payloadOffset, p.payloadLength, p.timestampNanos);
        }
    }

    private Flow open(DecodedPacket p) {
        if (flows.size() >= maxFlows) {
            Iterator<Flow> lru = flows.values().iterator();
            Flow victim = lru.next();
            lru.remove();
            end(victim, victim.closedBy != null ? victim.closedBy : Flow.EndReason.EVICTED);
        }
        boolean syn = opensConnection(p);
        boolean senderIsClient;
        if (syn) {
            senderIsClient = !p.hasFlag(DecodedPacket.TCP_ACK);
        } else {
            senderIsClient = ServicePorts.senderLooksLikeClient(p.srcPort, p.dstPort);
        }
        FlowKey key = probe.copy();
        Flow flow = new Flow(key, p, senderIsClient, syn, tcpLimits, addresses);
        flows.put(key, flow);
        stats.created++;
        stats.maxActive = Math.max(stats.maxActive, flows.size());
        flow.listener = factory.create(flow);
        return flow;
    }

    /**
     * A SYN that also carries FIN or RST opens nothing (no stack sends one; scanners and fuzzers do):
     * it must not decide who the client is nor fix the initial sequence number.
     */
    private static boolean opensConnection(DecodedPacket p) {
        return p.isTcp() && p.hasFlag(DecodedPacket.TCP_SYN)
                && !p.hasFlag(DecodedPacket.TCP_FIN) && !p.hasFlag(DecodedPacket.TCP_RST);
    }

    private void tcp(Flow flow, Direction dir, DecodedPacket p) {
        TcpStream out = flow.streams[dir.ordinal()];
        TcpStream back = flow.streams[dir.reverse().ordinal()];
        long ts = p.timestampNanos;
        // the ACK covers what the sender received before sending this segment: release the peer's held
        // bytes first, so a request stuck behind an uncaptured segment is delivered before its response
        if (p.hasFlag(DecodedPacket.TCP_ACK)) {
            back.acknowledged(flow, dir.reverse(), p.tcpAck, ts);
        }
        if (opensConnection(p)) {
            out.syn(p.tcpSeq);
        } else if (p.payloadLength > 0 || !out.started()) {
            out.segment(flow, dir, p.tcpSeq, p.buf, p.payloadOffset, p.payloadLength, ts);
            out.lost(flow, dir, p.payloadMissing, ts);
        }
        if (p.hasFlag(DecodedPacket.TCP_RST)) {
            close(flow, Flow.EndReason.RST);
        } else if (p.hasFlag(DecodedPacket.TCP_FIN)) {
            if (dir == Direction.TO_SERVER) {
                flow.finToServer = true;
            } else {
                flow.finToClient = true;
            }
            if (flow.finToServer && flow.finToClient) {
                close(flow, Flow.EndReason.FIN);
            }
        }
    }

    /**
     * Marks a TCP connection closed by FIN or RST. It lingers for {@code closedLingerNanos} so the last ACKs
     * and retransmissions still count towards it, and ends then (or when a SYN reuses its ports).
     */
    private void close(Flow flow, Flow.EndReason reason) {
        if (flow.closedBy == null) {
            flow.closedBy = reason;
        }
    }

    private void end(Flow flow, Flow.EndReason reason) {
        flow.endReason = reason;
        long ts = Math.max(flow.lastSeen, now);
        if (flow.streams != null) {
            flow.streams[0].finish(flow, Direction.TO_SERVER, ts);
            flow.streams[1].finish(flow, Direction.TO_CLIENT, ts);
        }
        stats.ended(flow);
        if (flow.listener != null) {
            flow.listener.onEnd(flow, flow.lastSeen);
        }
    }

    /** Ends flows idle for longer than the timeout, as of capture time {@code now}. */
    public void expireIdle(long now) {
        Iterator<Flow> it = flows.values().iterator();
        List<Flow> idle = new ArrayList<>();
        while (it.hasNext()) {
            Flow f = it.next();
            if (now - f.lastSeen <= (f.closedBy != null ? closedLingerNanos : idleTimeoutNanos)) {
                break; // least recently active first; a closed flow behind an active one waits for a later scan
            }
            it.remove();
            idle.add(f);
        }
        for (Flow f : idle) {
            end(f, f.closedBy != null ? f.closedBy : Flow.EndReason.IDLE);
        }
    }

    /** Ends every flow still open (end of the capture), oldest activity first. */
    public void finishAll() {
        List<Flow> all = new ArrayList<>(flows.values());
        flows.clear();
        for (Flow f : all) {
            end(f, f.closedBy != null ? f.closedBy : Flow.EndReason.END_OF_CAPTURE);
        }
    }
}
