package io.linewatch.capture.flow;

import static io.linewatch.capture.testing.Packets.ACK;
import static io.linewatch.capture.testing.Packets.FIN;
import static io.linewatch.capture.testing.Packets.PSH;
import static io.linewatch.capture.testing.Packets.RST;
import static io.linewatch.capture.testing.Packets.SYN;
import static io.linewatch.capture.testing.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import io.linewatch.capture.testing.Packets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * TCP reassembly under Jazzer (issue 16), through the real decoder and flow table. Two targets:
 * <ul>
 * <li>{@link #deliversTheTrueStream}: the client's stream is one true byte string; the fuzzer cuts it into segments
 * sent in any order, repeated, overlapping or never (plus the server's acknowledgements that make holes gaps). Every
 * byte delivered must be the true byte at its position, deliveries and gaps must tile the stream without overlap,
 * and at the end everything sent must have been delivered or reported as a gap.</li>
 * <li>{@link #survivesAnySegments}: sequence numbers, flags and payloads chosen by the fuzzer in both directions
 * (jumps, wrap-around, RSTs, SYN reuse): nothing throws and deliveries never go back in capture time.</li>
 * </ul>
 * The suite replays the seeds in {@code src/test/resources/.../TcpReassemblyFuzzTestInputs} and a bounded number of
 * random inputs ({@link #randomInputsForTwoSeconds}); {@code JAZZER_FUZZ=1} fuzzes for real (docs/DESIGN.md).
 */
class TcpReassemblyFuzzTest {
    private static final byte[] HMI = ip(10, 0, 0, 1);
    private static final byte[] PLC = ip(10, 0, 0, 2);
    private static final int ISN_C = 0x7fff_ff00; // wraps past 2^31 and 2^32 within a few kilobytes
    private static final int ISN_S = 5000;
    private static final int MAX_STREAM = 8192;
    private static final int MAX_SEGMENTS = 128;

    /** Records what the client-to-server direction delivered, checking each delivery against the true stream. */
    private static final class Checker implements FlowListener {
        final byte[] truth;
        long position;
        long lastTs = Long.MIN_VALUE;
        boolean ended;

        Checker(byte[] truth) {
            this.truth = truth;
        }

        @Override
        public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
            if (dir != Direction.TO_SERVER) {
                return;
            }
            assertTrue(position + len <= truth.length, "delivered past the end of what was sent: " + (position + len));
            assertArrayEquals(Arrays.copyOfRange(truth, (int) position, (int) position + len),
                    Arrays.copyOfRange(buf, off, off + len), "bytes at stream position " + position);
            position += len;
            assertTrue(ts >= lastTs, "a delivery went back in time");
            lastTs = ts;
        }

        @Override
        public void onGap(Flow flow, Direction dir, long missing, long ts) {
            if (dir == Direction.TO_SERVER) {
                assertTrue(missing > 0, "empty gap");
                position += missing;
            }
        }

        @Override
        public void onEnd(Flow flow, long ts) {
            ended = true;
        }
    }

    private static final class Wire {
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket packet = new DecodedPacket();
        final Frame frame = new Frame();
        final FlowTable table;
        long clock = 1_000_000_000L;

        Wire(FlowListenerFactory factory) {
            table = new FlowTable(factory, 16, FlowTable.DEFAULT_IDLE_TIMEOUT_NANOS, new TcpLimits(4096, 16));
        }

        void send(boolean toServer, long seq, long ack, int flags, byte[] payload, long step) {
            byte[] f = toServer ? Packets.tcpFrame(HMI, 40001, PLC, 502, seq, ack, flags, payload)
                    : Packets.tcpFrame(PLC, 502, HMI, 40001, seq, ack, flags, payload);
            clock += step;
            frame.set(clock, LinkTypes.ETHERNET, f, 0, f.length, f.length);
            if (decoder.decode(frame, packet)) {
                table.add(packet);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void deliversTheTrueStream(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        int length = in.remaining() >= 2 ? (in.getShort() & 0xffff) % MAX_STREAM : 0;
        byte[] truth = new byte[length];
        new Random(length).nextBytes(truth);
        Checker checker = new Checker(truth);
        Wire w = new Wire(flow -> checker);
        w.send(true, ISN_C, 0, SYN, new byte[0], 1000);
        w.send(false, ISN_S, ISN_C + 1L, SYN | ACK, new byte[0], 1000);
        w.send(true, ISN_C + 1L, ISN_S + 1L, ACK, new byte[0], 1000);
        long sentEnd = 0;
        long ackedEnd = 0;
        for (int i = 0; i < MAX_SEGMENTS && in.remaining() >= 5 && length > 0; i++) {
            int kind = in.get() & 0x07;
            int from = (in.getShort() & 0xffff) % length;
            int len = 1 + (in.getShort() & 0xffff) % Math.min(1460, length - from);
            if (kind == 7) {
                // the server acknowledges up to there: a hole before it was lost by the capture
                w.send(false, ISN_S + 1L, ISN_C + 1L + from + len, ACK, new byte[0], 1000);
                ackedEnd = Math.max(ackedEnd, from + len);
                continue;
            }
            w.send(true, ISN_C + 1L + from, ISN_S + 1L, PSH | ACK, Arrays.copyOfRange(truth, from, from + len),
                    kind == 6 ? 0 : 1000);
            sentEnd = Math.max(sentEnd, from + len);
        }
        w.table.finishAll();
        assertTrue(checker.ended, "the flow did not end");
        assertTrue(checker.position >= sentEnd, "sent up to " + sentEnd + ", accounted for up to " + checker.position);
        assertTrue(checker.position <= Math.max(sentEnd, ackedEnd),
                "accounted past what was sent or acknowledged: " + checker.position);
    }

    @FuzzTest(maxDuration = "30s")
    void survivesAnySegments(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        long[] lastTs = {Long.MIN_VALUE, Long.MIN_VALUE};
        Wire w = new Wire(flow -> new FlowListener() {
            @Override
            public void onPayload(Flow f, Direction dir, byte[] buf, int off, int len, long ts) {
                assertTrue(ts >= lastTs[dir.ordinal()], "a delivery went back in time");
                lastTs[dir.ordinal()] = ts;
            }
        });
        int[] flagChoices = {SYN, SYN | ACK, ACK, PSH | ACK, FIN | ACK, RST, RST | ACK, 0};
        while (in.remaining() >= 12) {
            int head = in.get() & 0xff;
            boolean toServer = (head & 1) == 0;
            int flags = flagChoices[(head >>> 1) & 7];
            long seq = in.getInt() & 0xffffffffL;
            long ack = in.getInt() & 0xffffffffL;
            int wanted = (in.getShort() & 0xffff) % 1500;
            int len = Math.min(in.remaining(), wanted);
            byte[] payload = new byte[len];
            in.get(payload);
            w.send(toServer, seq, ack, flags, payload, (head >>> 4) * 1_000_000_000L); // up to 15 s apart
        }
        w.table.finishAll();
        assertEquals(0, w.table.activeFlows());
    }

    /** A bounded random run of both targets in the normal suite (seeded, so a failure repeats). */
    @Test
    void randomInputsForTwoSeconds() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        long deadline = System.nanoTime() + 2_000_000_000L;
        int runs = 0;
        while (System.nanoTime() < deadline) {
            byte[] input = new byte[random.nextInt(2048)];
            random.nextBytes(input);
            try {
                deliversTheTrueStream(input);
                survivesAnySegments(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ", run " + runs + ": " + e.getMessage(), e);
            }
            runs++;
        }
        assertTrue(runs > 0, "runs " + runs);
        System.out.printf("%s: %d random inputs in 2 s (seed %d)%n", getClass().getSimpleName(), runs, seed);
    }
}
