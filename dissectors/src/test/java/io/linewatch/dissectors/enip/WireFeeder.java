package io.linewatch.dissectors.enip;

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
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Ethernet/IPv4/TCP|UDP frames in memory and runs them through the real decoder, flow table
 * and dissectors, so byte-array tests exercise the same path as captures.
 */
final class WireFeeder {
    static final int SYN = 0x02;
    static final int ACK = 0x10;
    static final int PSH = 0x08;
    static final int FIN = 0x01;

    final List<EventDoc> events = new ArrayList<>();
    final List<IdentityFact> identities = new ArrayList<>();
    final DissectorContext context = new DissectorContext(events::add, identities::add);
    private final FlowTable flows;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final Frame frame = new Frame();

    WireFeeder(List<DissectorFactory> factories) {
        flows = new FlowTable(new DissectorRegistry(factories, context));
    }

    WireFeeder() {
        this(EnipDissectors.factories());
    }

    /** A TCP connection whose handshake is sent by {@link #open}. */
    final class Tcp {
        final String client;
        final int clientPort;
        final String server;
        final int serverPort;
        long clientSeq = 1000;
        long serverSeq = 5000;

        Tcp(String client, int clientPort, String server, int serverPort) {
            this.client = client;
            this.clientPort = clientPort;
            this.server = server;
            this.serverPort = serverPort;
        }

        Tcp open(long tsMicros) {
            tcp(tsMicros, client, clientPort, server, serverPort, clientSeq++, 0, SYN, new byte[0]);
            tcp(tsMicros, server, serverPort, client, clientPort, serverSeq++, clientSeq, SYN | ACK, new byte[0]);
            tcp(tsMicros, client, clientPort, server, serverPort, clientSeq, serverSeq, ACK, new byte[0]);
            return this;
        }

        void toServer(long tsMicros, byte[] payload) {
            tcp(tsMicros, client, clientPort, server, serverPort, clientSeq, serverSeq, ACK | PSH, payload);
            clientSeq += payload.length;
        }

        void toClient(long tsMicros, byte[] payload) {
            tcp(tsMicros, server, serverPort, client, clientPort, serverSeq, clientSeq, ACK | PSH, payload);
            serverSeq += payload.length;
        }
    }

    Tcp connect(long tsMicros, String client, int clientPort, String server, int serverPort) {
        return new Tcp(client, clientPort, server, serverPort).open(tsMicros);
    }

    void tcp(long tsMicros, String src, int sport, String dst, int dport, long seq, long ack, int flags, byte[] payload) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        u16(t, sport);
        u16(t, dport);
        u32(t, seq);
        u32(t, ack);
        t.write(0x50); // data offset 5 words
        t.write(flags);
        u16(t, 65535); // window
        u16(t, 0); // checksum (not verified)
        u16(t, 0); // urgent pointer
        t.writeBytes(payload);
        ip(tsMicros, src, dst, 6, t.toByteArray());
    }

    void udp(long tsMicros, String src, int sport, String dst, int dport, byte[] payload) {
        ByteArrayOutputStream u = new ByteArrayOutputStream();
        u16(u, sport);
        u16(u, dport);
        u16(u, 8 + payload.length);
        u16(u, 0);
        u.writeBytes(payload);
        ip(tsMicros, src, dst, 17, u.toByteArray());
    }

    private void ip(long tsMicros, String src, String dst, int protocol, byte[] l4) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(mac(dst));
        f.writeBytes(mac(src));
        u16(f, 0x0800);
        f.write(0x45); // IPv4, 20-byte header
        f.write(0);
        u16(f, 20 + l4.length);
        u16(f, 1); // identification
        u16(f, 0x4000); // don't fragment
        f.write(64); // TTL
        f.write(protocol);
        u16(f, 0); // header checksum (not verified)
        f.writeBytes(addr(src));
        f.writeBytes(addr(dst));
        f.writeBytes(l4);
        byte[] bytes = f.toByteArray();
        frame.set(tsMicros * 1000L, LinkTypes.ETHERNET, bytes, 0, bytes.length, bytes.length);
        if (decoder.decode(frame, packet)) {
            flows.add(packet);
        }
    }

    /** Ends every flow (end of capture). */
    WireFeeder finish() {
        flows.finishAll();
        return this;
    }

    /** Events of one {@code network.protocol}, flow records excluded. */
    List<EventDoc> protocol(String protocol) {
        return events.stream().filter(e -> protocol.equals(e.getString(Fields.NETWORK_PROTOCOL))
                && !Values.DATASET_FLOW.equals(e.getString(Fields.EVENT_DATASET))).toList();
    }

    long counter(String name) {
        return context.counters().getOrDefault(name, 0L);
    }

    private static byte[] addr(String ip) {
        String[] p = ip.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])};
    }

    private static byte[] mac(String ip) {
        byte[] a = addr(ip);
        if (ip.equals("255.255.255.255")) {
            return new byte[] {-1, -1, -1, -1, -1, -1};
        }
        return new byte[] {0x02, 0x00, a[0], a[1], a[2], a[3]};
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8);
        o.write(v);
    }

    private static void u32(ByteArrayOutputStream o, long v) {
        u16(o, (int) (v >>> 16) & 0xffff);
        u16(o, (int) v & 0xffff);
    }

    /** Concatenates byte arrays (several PDUs in one segment). */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** Bytes from ints, so test vectors can be written as 0x.. literals. */
    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] slice(byte[] b, int from, int to) {
        byte[] s = new byte[to - from];
        System.arraycopy(b, from, s, 0, s.length);
        return s;
    }
}
