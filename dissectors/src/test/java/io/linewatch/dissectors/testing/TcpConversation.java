package io.linewatch.dissectors.testing;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.DissectorRegistry;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted TCP connection for dissector tests: builds real Ethernet/IPv4/TCP frames (so segments
 * go through the decoder, the flow table and reassembly exactly as captured ones do) from byte
 * arrays, one array per segment, 1 ms apart.
 */
public final class TcpConversation {
    private static final byte[] CLIENT_IP = {10, 0, 0, 1};
    private static final byte[] SERVER_IP = {10, 0, 0, 2};
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int FIN = 0x01;

    public final List<EventDoc> events = new ArrayList<>();
    public final List<IdentityFact> identities = new ArrayList<>();
    public final DissectorContext context = new DissectorContext(events::add, identities::add);
    private final FlowTable flows;
    private final PacketDecoder decoder = new PacketDecoder();
    private final Frame frame = new Frame();
    private final DecodedPacket packet = new DecodedPacket();
    private final int clientPort;
    private final int serverPort;
    private int clientSeq = 1000;
    private int serverSeq = 70000;
    private long now = 1_600_000_000_000_000_000L;

    public TcpConversation(List<DissectorFactory> factories, int clientPort, int serverPort) {
        this.flows = new FlowTable(new DissectorRegistry(factories, context));
        this.clientPort = clientPort;
        this.serverPort = serverPort;
    }

    /** SYN, SYN/ACK, ACK: the streams start at a known boundary. */
    public TcpConversation handshake() {
        send(true, SYN, new byte[0]);
        clientSeq++;
        send(false, SYN | ACK, new byte[0]);
        serverSeq++;
        send(true, ACK, new byte[0]);
        return this;
    }

    /** Client-to-server segments, one per array. */
    public TcpConversation client(byte[]... segments) {
        for (byte[] s : segments) {
            send(true, PSH | ACK, s);
            clientSeq += s.length;
        }
        return this;
    }

    public TcpConversation server(byte[]... segments) {
        for (byte[] s : segments) {
            send(false, PSH | ACK, s);
            serverSeq += s.length;
        }
        return this;
    }

    /** The capture misses {@code n} bytes the client sent (the server's ACK later reveals the hole). */
    public TcpConversation clientLost(int n) {
        clientSeq += n;
        return this;
    }

    public TcpConversation serverLost(int n) {
        serverSeq += n;
        return this;
    }

    /** FIN both ways, then the flow table is flushed. */
    public TcpConversation close() {
        send(true, FIN | ACK, new byte[0]);
        send(false, FIN | ACK, new byte[0]);
        flows.finishAll();
        return this;
    }

    /** Ends the capture without closing the connection. */
    public TcpConversation end() {
        flows.finishAll();
        return this;
    }

    /** Events except flow records. */
    public List<EventDoc> transactions() {
        return events.stream().filter(e -> !Values.DATASET_FLOW.equals(e.getString(Fields.EVENT_DATASET))).toList();
    }

    public long counter(String name) {
        return context.counters().getOrDefault(name, 0L);
    }

    private void send(boolean fromClient, int flags, byte[] payload) {
        now += 1_000_000;
        int len = 14 + 20 + 20 + payload.length;
        byte[] b = new byte[len];
        // Ethernet: destination, source, IPv4
        b[5] = (byte) (fromClient ? 2 : 1);
        b[11] = (byte) (fromClient ? 1 : 2);
        b[12] = 0x08;
        // IPv4: version/IHL, total length, TTL, protocol TCP, addresses
        b[14] = 0x45;
        put16(b, 16, 20 + 20 + payload.length);
        b[22] = 64;
        b[23] = 6;
        System.arraycopy(fromClient ? CLIENT_IP : SERVER_IP, 0, b, 26, 4);
        System.arraycopy(fromClient ? SERVER_IP : CLIENT_IP, 0, b, 30, 4);
        // TCP: ports, seq, ack, data offset 5, flags, window
        put16(b, 34, fromClient ? clientPort : serverPort);
        put16(b, 36, fromClient ? serverPort : clientPort);
        put32(b, 38, fromClient ? clientSeq : serverSeq);
        put32(b, 42, (flags & ACK) != 0 ? (fromClient ? serverSeq : clientSeq) : 0);
        b[46] = 0x50;
        b[47] = (byte) flags;
        put16(b, 48, 65535);
        System.arraycopy(payload, 0, b, 54, payload.length);
        frame.set(now, LinkTypes.ETHERNET, b, 0, len, len);
        if (decoder.decode(frame, packet)) {
            flows.add(packet);
        }
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }

    /** Bytes from hex text; spaces and line breaks are ignored so fields can be laid out readably. */
    public static byte[] hex(String text) {
        String h = text.replaceAll("\\s+", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(i * 2, i * 2 + 2), 16);
        }
        return out;
    }

    /** Concatenation of byte arrays (two ADUs in one segment). */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
