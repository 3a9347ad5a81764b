package io.linewatch.testkit;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Values;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds byte arrays to dissectors (or any flow listeners, through {@link Wiring}) as real Ethernet/IPv4/TCP|UDP frames, through the decoder, the
 * flow table (TCP reassembly, gaps, flow records) and the dissector registry, so byte-array tests
 * exercise the same path as captures, and collects what comes out (events, identity facts,
 * counters).
 *
 * <p>Every packet is stamped either with an explicit capture time (microseconds) or, by the methods
 * without one, 1 ms after the previous packet.
 */
public final class WireFeeder {
    private static final int TCP_FIN = Frames.TCP_FIN;
    private static final int TCP_SYN = Frames.TCP_SYN;
    private static final int TCP_PSH = Frames.TCP_PSH;
    private static final int TCP_ACK = Frames.TCP_ACK;
    private static final long STEP_NANOS = 1_000_000L;

    public final List<EventDoc> events = new ArrayList<>();
    public final List<IdentityFact> identities = new ArrayList<>();
    private final Wiring.Wired wired;
    private final FlowTable flows;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final Frame frame = new Frame();
    private long nowNanos = 1_600_000_000_000_000_000L;

    /** @param wiring the flow listeners under test (normally the dissector registry), wired to this feeder */
    public WireFeeder(Wiring wiring) {
        wired = wiring.wire(events::add, identities::add);
        flows = new FlowTable(wired.listeners());
    }

    /** A TCP connection; nothing is sent until {@link Tcp#handshake} or the first segment. */
    public Tcp tcp(String client, int clientPort, String server, int serverPort) {
        return new Tcp(client, clientPort, server, serverPort);
    }

    /** One datagram at {@code tsMicros}. */
    public WireFeeder udp(long tsMicros, String src, int srcPort, String dst, int dstPort, byte[] payload) {
        nowNanos = tsMicros * 1000L;
        udp(src, srcPort, dst, dstPort, payload);
        return this;
    }

    /** One datagram, 1 ms after the previous packet. */
    public WireFeeder udp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
        feed(Frames.udp(src, srcPort, dst, dstPort, payload));
        return this;
    }

    /** Ends every flow (end of capture): held segments are flushed and flow records written. */
    public WireFeeder finish() {
        flows.finishAll();
        return this;
    }

    /** Events except flow records. */
    public List<EventDoc> transactions() {
        return events.stream().filter(e -> !Values.DATASET_FLOW.equals(e.getString(Fields.EVENT_DATASET))).toList();
    }

    /** Transactions of one {@code network.protocol}: flow records and malformed records excluded. */
    public List<EventDoc> protocol(String protocol) {
        return transactions().stream().filter(e -> protocol.equals(e.getString(Fields.NETWORK_PROTOCOL))
                && !Values.ACTION_MALFORMED.equals(e.getString(Fields.EVENT_ACTION))).toList();
    }

    /** The single transaction of a protocol; fails the test if there are none or several. */
    public EventDoc only(String protocol) {
        List<EventDoc> l = protocol(protocol);
        if (l.size() != 1) {
            throw new AssertionError("expected one " + protocol + " event, got " + l);
        }
        return l.get(0);
    }

    /** A counter of the listeners under test ({@code protocol.what}), 0 when never counted. */
    public long counter(String name) {
        return wired.counters().get().getOrDefault(name, 0L);
    }

    /** One TCP connection of this feeder, with the sequence numbers of both directions. */
    public final class Tcp {
        private final String client;
        private final int clientPort;
        private final String server;
        private final int serverPort;
        private int clientSeq = 1000;
        private int serverSeq = 70000;

        private Tcp(String client, int clientPort, String server, int serverPort) {
            this.client = client;
            this.clientPort = clientPort;
            this.server = server;
            this.serverPort = serverPort;
        }

        /** SYN, SYN/ACK, ACK, all at {@code tsMicros}: the streams start at a known boundary. */
        public Tcp handshake(long tsMicros) {
            nowNanos = tsMicros * 1000L;
            fromClient(TCP_SYN, new byte[0]);
            clientSeq++;
            fromServer(TCP_SYN | TCP_ACK, new byte[0]);
            serverSeq++;
            fromClient(TCP_ACK, new byte[0]);
            return this;
        }

        /** SYN, SYN/ACK, ACK, 1 ms apart. */
        public Tcp handshake() {
            nowNanos += STEP_NANOS;
            fromClient(TCP_SYN, new byte[0]);
            clientSeq++;
            nowNanos += STEP_NANOS;
            fromServer(TCP_SYN | TCP_ACK, new byte[0]);
            serverSeq++;
            nowNanos += STEP_NANOS;
            fromClient(TCP_ACK, new byte[0]);
            return this;
        }

        /** Client-to-server segments, one per array, 1 ms apart. */
        public Tcp toServer(byte[]... segments) {
            for (byte[] s : segments) {
                nowNanos += STEP_NANOS;
                dataToServer(s);
            }
            return this;
        }

        /** One client-to-server segment at {@code tsMicros}. */
        public Tcp toServer(long tsMicros, byte[] segment) {
            nowNanos = tsMicros * 1000L;
            dataToServer(segment);
            return this;
        }

        /** Server-to-client segments, one per array, 1 ms apart. */
        public Tcp toClient(byte[]... segments) {
            for (byte[] s : segments) {
                nowNanos += STEP_NANOS;
                dataToClient(s);
            }
            return this;
        }

        /** One server-to-client segment at {@code tsMicros}. */
        public Tcp toClient(long tsMicros, byte[] segment) {
            nowNanos = tsMicros * 1000L;
            dataToClient(segment);
            return this;
        }

        /**
         * The capture misses {@code n} bytes the client sent: its sequence number skips them, and the
         * server's next ACK (or the client's next segment) reveals the hole.
         */
        public Tcp lostToServer(int n) {
            clientSeq += n;
            return this;
        }

        /** The capture misses {@code n} bytes the server sent. */
        public Tcp lostToClient(int n) {
            serverSeq += n;
            return this;
        }

        /** FIN both ways, 1 ms apart, then the end of the capture. */
        public WireFeeder close() {
            nowNanos += STEP_NANOS;
            fromClient(TCP_FIN | TCP_ACK, new byte[0]);
            nowNanos += STEP_NANOS;
            fromServer(TCP_FIN | TCP_ACK, new byte[0]);
            return finish();
        }

        /** Ends the capture without closing the connection. */
        public WireFeeder end() {
            return finish();
        }

        private void dataToServer(byte[] payload) {
            fromClient(TCP_PSH | TCP_ACK, payload);
            clientSeq += payload.length;
        }

        private void dataToClient(byte[] payload) {
            fromServer(TCP_PSH | TCP_ACK, payload);
            serverSeq += payload.length;
        }

        private void fromClient(int flags, byte[] payload) {
            segment(client, clientPort, server, serverPort, clientSeq, (flags & TCP_ACK) != 0 ? serverSeq : 0, flags, payload);
        }

        private void fromServer(int flags, byte[] payload) {
            segment(server, serverPort, client, clientPort, serverSeq, (flags & TCP_ACK) != 0 ? clientSeq : 0, flags, payload);
        }
    }

    private void segment(String src, int srcPort, String dst, int dstPort, int seq, int ack, int flags, byte[] payload) {
        feed(Frames.tcp(src, srcPort, dst, dstPort, seq, ack, flags, payload));
    }

    /**
     * One whole frame of link type {@code linkType} ({@code LinkTypes}), 1 ms after the previous packet: layer-2
     * protocol frames go to the wiring's link consumer, IP packets to the flows.
     */
    public WireFeeder frame(int linkType, byte[] bytes) {
        nowNanos += STEP_NANOS;
        frame.set(nowNanos, linkType, bytes, 0, bytes.length, bytes.length);
        if (decoder.decode(frame, packet)) {
            if (packet.kind == DecodedPacket.Kind.LINK) {
                if (wired.linkFrames() != null) {
                    wired.linkFrames().accept(packet);
                }
            } else if (packet.kind != DecodedPacket.Kind.ARP) {
                flows.add(packet);
            }
        }
        return this;
    }

    /** One Ethernet frame ({@link Frames#ethernet}), 1 ms after the previous packet. */
    public WireFeeder ethernet(byte[] bytes) {
        return frame(LinkTypes.ETHERNET, bytes);
    }

    /** What the decoder counted so far (frames handed on, other link protocols, malformed by reason). */
    public io.linewatch.capture.decode.DecodeStats decodeStats() {
        return decoder.stats();
    }

    private void feed(byte[] bytes) {
        frame.set(nowNanos, LinkTypes.ETHERNET, bytes, 0, bytes.length, bytes.length);
        if (decoder.decode(frame, packet)) {
            flows.add(packet);
        }
    }

    // ---- test vectors -----------------------------------------------------------------------------

    /** Bytes from hex text; whitespace is ignored so fields can be laid out readably. */
    public static byte[] hex(String text) {
        String h = text.replaceAll("\\s+", "");
        if (h.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + text);
        }
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(i * 2, i * 2 + 2), 16);
        }
        return out;
    }

    /** Bytes from ints, so test vectors can be written as 0x.. literals. */
    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Concatenation of byte arrays (several PDUs in one segment). */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
