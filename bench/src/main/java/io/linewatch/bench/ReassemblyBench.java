package io.linewatch.bench;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link FlowTable} with TCP reassembly: {@value #FLOWS} interleaved connections, each a handshake and
 * {@value #SEGMENTS} data segments of {@value #PAYLOAD} bytes (client to server, each acknowledged), either in
 * order or with every other pair of segments swapped (so half the segments wait for a hole to fill).
 * Read packets/s and bytes/s (bytes delivered in order to the listeners).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReassemblyBench {
    static final int FLOWS = 64;
    static final int SEGMENTS = 500;
    static final int PAYLOAD = 120;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_PSH_ACK = 0x18;
    private static final int TCP_SYN_ACK = 0x12;
    private static final int TCP_ACK = 0x10;
    private static final int SERVER_PORT = 502;
    private static final int CLIENT_ISN = 1000;
    private static final int SERVER_ISN = 9000;

    @Param({"in_order", "out_of_order"})
    public String order;

    private DecodedPacket[] packets;
    private long delivered;

    /** Counts delivered bytes, so the reassembly cannot be optimised away. */
    private final FlowListener sink = new FlowListener() {
        @Override
        public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
            delivered += len + buf[off];
        }
    };

    @Setup
    public void build() {
        boolean swap = order.equals("out_of_order");
        List<Frame> frames = new ArrayList<>();
        long ts = 1_700_000_000_000_000_000L;
        for (int f = 0; f < FLOWS; f++) {
            frames.add(frame(ts += 1000, f, true, CLIENT_ISN, 0, TCP_SYN, 0));
            frames.add(frame(ts += 1000, f, false, SERVER_ISN, CLIENT_ISN + 1, TCP_SYN_ACK, 0));
            frames.add(frame(ts += 1000, f, true, CLIENT_ISN + 1, SERVER_ISN + 1, TCP_ACK, 0));
        }
        for (int s = 0; s < SEGMENTS; s++) {
            // segment k of a swapped pair goes out after segment k+1 (its ACK after both)
            int k = swap && s % 4 == 1 ? s + 1 : swap && s % 4 == 2 ? s - 1 : s;
            for (int f = 0; f < FLOWS; f++) {
                int seq = CLIENT_ISN + 1 + k * PAYLOAD;
                frames.add(frame(ts += 1000, f, true, seq, SERVER_ISN + 1, TCP_PSH_ACK, PAYLOAD));
                int acked = CLIENT_ISN + 1 + (swap && s % 4 == 1 ? s : s + 1) * PAYLOAD;
                frames.add(frame(ts += 1000, f, false, SERVER_ISN + 1, acked, TCP_ACK, 0));
            }
        }
        packets = BenchInputs.decoded(frames).toArray(new DecodedPacket[0]);
        if (packets.length != frames.size()) {
            throw new IllegalStateException("decoder refused " + (frames.size() - packets.length) + " synthetic frames");
        }
    }

    @Benchmark
    public long reassemble(PacketCounters counters) {
        delivered = 0;
        FlowTable table = new FlowTable(flow -> sink);
        for (DecodedPacket p : packets) {
            table.add(p);
        }
        table.finishAll();
        counters.packets += packets.length;
        counters.bytes += (long) FLOWS * SEGMENTS * PAYLOAD;
        return delivered;
    }

    /** Ethernet II + IPv4 (20 bytes) + TCP (20 bytes) + payload; checksums are not read by the decoder. */
    private static Frame frame(long ts, int flow, boolean fromClient, int seq, int ack, int flags, int payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload);
        byte[] clientMac = {2, 0, 0, 0, 1, (byte) flow};
        byte[] serverMac = {2, 0, 0, 0, 2, (byte) flow};
        b.put(fromClient ? serverMac : clientMac).put(fromClient ? clientMac : serverMac).putShort((short) 0x0800);
        int clientIp = 0x0a010000 | flow;
        int serverIp = 0x0a020000 | flow;
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload)) // version/IHL, DSCP, total length
                .putShort((short) 0).putShort((short) 0x4000)               // id, DF
                .put((byte) 64).put((byte) 6).putShort((short) 0)            // TTL, TCP, checksum
                .putInt(fromClient ? clientIp : serverIp).putInt(fromClient ? serverIp : clientIp);
        int clientPort = 40000 + flow;
        b.putShort((short) (fromClient ? clientPort : SERVER_PORT)).putShort((short) (fromClient ? SERVER_PORT : clientPort))
                .putInt(seq).putInt(ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) 65535) // data offset 5 words, flags, window
                .putShort((short) 0).putShort((short) 0);                   // checksum, urgent
        for (int i = 0; i < payload; i++) {
            b.put((byte) (seq + i));
        }
        Frame f = new Frame();
        f.set(ts, LinkTypes.ETHERNET, b.array(), 0, b.capacity(), b.capacity());
        return f;
    }
}
