package io.linewatch.capture.flow;

import static io.linewatch.capture.testing.Packets.ACK;
import static io.linewatch.capture.testing.Packets.FIN;
import static io.linewatch.capture.testing.Packets.PSH;
import static io.linewatch.capture.testing.Packets.RST;
import static io.linewatch.capture.testing.Packets.SYN;
import static io.linewatch.capture.testing.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import io.linewatch.capture.testing.Packets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flows and TCP reassembly, driven by real frames built byte by byte. */
class FlowTableTest {
    private static final byte[] HMI = ip(10, 0, 0, 1);
    private static final byte[] PLC = ip(10, 0, 0, 2);
    private static final long ISN_C = 1000;
    private static final long ISN_S = 5000;

    /** What a listener saw: "S:text" for client-to-server bytes, "C:text" back, "gap S 4", "end fin". */
    private final List<String> log = new ArrayList<>();
    private final List<Flow> flows = new ArrayList<>();
    /** Capture time of each delivery in {@link #log}'s payload entries. */
    private final List<Long> times = new ArrayList<>();
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private long clock = 1_000_000_000L;

    private final FlowListenerFactory recorder = flow -> {
        flows.add(flow);
        return new FlowListener() {
            @Override
            public void onPayload(Flow f, Direction dir, byte[] buf, int off, int len, long ts) {
                log.add((dir == Direction.TO_SERVER ? "S:" : "C:") + new String(buf, off, len, StandardCharsets.US_ASCII));
                times.add(ts);
            }

            @Override
            public void onGap(Flow f, Direction dir, long missing, long ts) {
                log.add("gap " + (dir == Direction.TO_SERVER ? "S " : "C ") + missing);
            }

            @Override
            public void onEnd(Flow f, long ts) {
                log.add("end " + f.endReason().name().toLowerCase());
            }
        };
    };

    private FlowTable table = new FlowTable(recorder);

    private void toServer(long seq, long ack, int flags, String data) {
        send(HMI, 40001, PLC, 502, seq, ack, flags, data);
    }

    private void toClient(long seq, long ack, int flags, String data) {
        send(PLC, 502, HMI, 40001, seq, ack, flags, data);
    }

    private void send(byte[] src, int sport, byte[] dst, int dport, long seq, long ack, int flags, String data) {
        byte[] frame = Packets.tcpFrame(src, sport, dst, dport, seq, ack, flags, data.getBytes(StandardCharsets.US_ASCII));
        Frame f = new Frame();
        f.set(clock += 1_000_000, LinkTypes.ETHERNET, frame, 0, frame.length, frame.length);
        assertTrue(decoder.decode(f, packet));
        table.add(packet);
    }

    private void handshake() {
        toServer(ISN_C, 0, SYN, "");
        toClient(ISN_S, ISN_C + 1, SYN | ACK, "");
        toServer(ISN_C + 1, ISN_S + 1, ACK, "");
    }

    @Test
    void inOrderBothDirectionsWithHandshakeAndClose() {
        handshake();
        toServer(ISN_C + 1, ISN_S + 1, PSH | ACK, "req1");
        toClient(ISN_S + 1, ISN_C + 5, PSH | ACK, "resp1");
        toServer(ISN_C + 5, ISN_S + 6, FIN | ACK, "");
        toClient(ISN_S + 6, ISN_C + 6, FIN | ACK, "");
        toServer(ISN_C + 6, ISN_S + 7, ACK, ""); // last ACK: still counted, the closed flow lingers
        assertEquals(List.of("S:req1", "C:resp1"), log);
        clock += 3_000_000_000L;
        send(ip(10, 9, 9, 9), 1, ip(10, 9, 9, 8), 2, 0, 0, ACK, ""); // capture time moves on: the linger ends
        assertEquals(List.of("S:req1", "C:resp1", "end fin"), log);
        assertEquals(2, flows.size()); // the connection, and the packet that moved the clock
        Flow f = flows.get(0);
        assertTrue(f.handshakeSeen());
        assertEquals("10.0.0.1", f.clientIp());
        assertEquals(502, f.serverPort());
        assertEquals(5, f.packets(Direction.TO_SERVER));
        assertEquals(3, f.packets(Direction.TO_CLIENT));
    }

    @Test
    void flowsBetweenTheSameHostsShareTheirAddressTexts() {
        send(HMI, 40001, PLC, 502, 1, 0, SYN, "");
        send(HMI, 40002, PLC, 502, 1, 0, SYN, "");
        send(PLC, 40003, ip(10, 0, 0, 3), 502, 1, 0, SYN, "");
        byte[] v6 = new byte[16];
        v6[15] = 1;
        byte[] v6b = v6.clone();
        v6b[15] = 2;
        byte[] frame = Packets.ethernet(Packets.MAC_B, Packets.MAC_A, 0x86dd,
                Packets.ipv6(v6, v6b, 6, Packets.tcp(40004, 502, 1, 0, SYN, new byte[0])));
        Frame f = new Frame();
        f.set(clock += 1_000_000, LinkTypes.ETHERNET, frame, 0, frame.length, frame.length);
        assertTrue(decoder.decode(f, packet));
        table.add(packet);
        assertEquals(4, flows.size());
        assertSame(flows.get(0).clientIp(), flows.get(1).clientIp(), "one string for 10.0.0.1");
        assertSame(flows.get(0).serverIp(), flows.get(1).serverIp());
        assertSame(flows.get(0).serverIp(), flows.get(2).clientIp(), "10.0.0.2, server of one and client of another");
        assertEquals("00:1b:1b:01:02:03", flows.get(0).clientMac());
        assertSame(flows.get(0).clientMac(), flows.get(1).clientMac());
        assertSame(flows.get(0).serverMac(), flows.get(3).serverMac());
        assertEquals("10.0.0.3", flows.get(2).serverIp());
        assertEquals("::1", flows.get(3).clientIp());
        assertEquals("::2", flows.get(3).serverIp());
    }

    @Test
    void outOfOrderSegmentsAreDeliveredInOrder() {
        handshake();
        toServer(ISN_C + 5, ISN_S + 1, ACK, "5678");
        toServer(ISN_C + 9, ISN_S + 1, ACK, "9abc");
        toServer(ISN_C + 1, ISN_S + 1, ACK, "1234");
        assertEquals(List.of("S:1234", "S:5678", "S:9abc"), log);
    }

    @Test
    void retransmissionsAndOverlapsKeepTheFirstCopy() {
        handshake();
        toServer(ISN_C + 1, ISN_S + 1, ACK, "abcd");
        toServer(ISN_C + 1, ISN_S + 1, ACK, "abcd");   // full retransmission
        toServer(ISN_C + 3, ISN_S + 1, ACK, "XXefgh"); // overlaps "cd": the first copy wins
        table.finishAll();
        assertEquals(List.of("S:abcd", "S:efgh", "end end_of_capture"), log);
        assertEquals(6, flows.get(0).streamStats(Direction.TO_SERVER).retransmittedBytes());
    }

    @Test
    void lostSegmentBecomesAGapWhenThePeerAcknowledgesPastIt() {
        handshake();
        toServer(ISN_C + 1, ISN_S + 1, ACK, "aaaa");
        // "bbbb" at +5 was lost by the capture; "cccc" at +9 is held back
        toServer(ISN_C + 9, ISN_S + 1, ACK, "cccc");
        assertEquals(List.of("S:aaaa"), log);
        toClient(ISN_S + 1, ISN_C + 13, ACK, ""); // the PLC got everything
        assertEquals(List.of("S:aaaa", "gap S 4", "S:cccc"), log);
        assertEquals(1, flows.get(0).streamStats(Direction.TO_SERVER).gaps());
    }

    @Test
    void heldBytesKeepTheirOwnCaptureTimeWhenAnAckReleasesThem() {
        handshake();
        toServer(ISN_C + 1, ISN_S + 1, ACK, "aa");
        long first = clock;
        toServer(ISN_C + 5, ISN_S + 1, ACK, "cc"); // "bb" at +3 lost
        long held1 = clock;
        toServer(ISN_C + 9, ISN_S + 1, ACK, "ee"); // "dd" at +7 lost
        long held2 = clock;
        clock += 5_000_000_000L;
        toClient(ISN_S + 1, ISN_C + 11, ACK, ""); // five seconds later the PLC acknowledges everything:
        toClient(ISN_S + 1, ISN_C + 11, ACK, ""); // each ACK closes one hole
        assertEquals(List.of("S:aa", "gap S 2", "S:cc", "gap S 2", "S:ee"), log);
        assertEquals(List.of(first, held1, held2), times);
    }

    @Test
    void bytesReleasedByAnEarlierHoleFillingNeverGoBackInTime() {
        handshake();
        toServer(ISN_C + 3, ISN_S + 1, ACK, "bb"); // arrives first
        toServer(ISN_C + 1, ISN_S + 1, ACK, "aa"); // fills the hole later
        long filled = clock;
        assertEquals(List.of("S:aa", "S:bb"), log);
        assertEquals(List.of(filled, filled), times);
    }

    @Test
    void heldDataIsFlushedWithAGapAtTheEnd() {
        handshake();
        toServer(ISN_C + 11, ISN_S + 1, ACK, "late");
        table.finishAll();
        assertEquals(List.of("gap S 10", "S:late", "end end_of_capture"), log);
        assertEquals(1, table.stats().tcpGaps);
        assertEquals(10, table.stats().tcpGapBytes);
    }

    @Test
    void bufferCapForcesAGapAndIsCounted() {
        table = new FlowTable(recorder, 100, 60_000_000_000L, new TcpLimits(8, 100));
        handshake();
        toServer(ISN_C + 101, ISN_S + 1, ACK, "12345");
        assertEquals(List.of(), log);
        toServer(ISN_C + 106, ISN_S + 1, ACK, "6789"); // 9 bytes held > 8
        assertEquals(List.of("gap S 100", "S:12345", "S:6789"), log);
        table.finishAll();
        assertEquals(1, table.stats().reassemblyCapHits);
    }

    @Test
    void streamJoinedMidwayGuessesDirectionFromPorts() {
        // no handshake; the first packet seen is the PLC's answer
        toClient(777_777, 123_456, PSH | ACK, "resp");
        toServer(123_456, 777_781, PSH | ACK, "req");
        assertEquals(List.of("C:resp", "S:req"), log);
        Flow f = flows.get(0);
        assertFalse(f.handshakeSeen());
        assertEquals("10.0.0.1", f.clientIp());
        assertEquals("10.0.0.2", f.serverIp());
    }

    @Test
    void sequenceNumbersWrapAround() {
        long isn = 0xffff_fffeL;
        toServer(isn, 0, SYN, "");
        toServer(isn + 1, 0, ACK, "ab");               // seq 0xffffffff: wraps inside the segment
        toServer((isn + 3) & 0xffff_ffffL, 0, ACK, "cd"); // seq 1
        assertEquals(List.of("S:ab", "S:cd"), log);
    }

    @Test
    void resetClosesTheFlowAndASynOnTheSamePortsStartsANewOne() {
        handshake();
        toServer(ISN_C + 1, ISN_S + 1, ACK, "x");
        toClient(ISN_S + 1, ISN_C + 2, RST, "");
        toServer(ISN_C + 2, ISN_S + 1, ACK, "y"); // late data still belongs to the reset connection
        toServer(9000, 0, SYN, "");
        toServer(9001, 0, ACK, "z");
        assertEquals(List.of("S:x", "S:y", "end rst", "S:z"), log);
        assertEquals(2, flows.size());
    }

    @Test
    void idleFlowsExpireByCaptureTimeAndTheCapEvicts() {
        table = new FlowTable(recorder, 2, 5_000_000_000L, TcpLimits.DEFAULT);
        send(HMI, 1, PLC, 502, 1, 0, ACK, "a");
        send(HMI, 2, PLC, 502, 1, 0, ACK, "b");
        send(HMI, 3, PLC, 502, 1, 0, ACK, "c"); // table full: the flow from port 1 is evicted
        assertTrue(log.contains("end evicted"));
        assertEquals(1, table.stats().evicted());
        clock += 10_000_000_000L;
        send(HMI, 4, PLC, 502, 1, 0, ACK, "d");
        assertEquals(2, log.stream().filter(s -> s.equals("end idle")).count());
        assertEquals(1, table.activeFlows());
    }

    @Test
    void udpDatagramsGoStraightToTheListener() {
        byte[] frame = Packets.ethernet(Packets.MAC_B, Packets.MAC_A, 0x0800,
                Packets.ipv4(HMI, PLC, 17, 1, false, 0, Packets.udp(50000, 44818, "list".getBytes())));
        Frame f = new Frame();
        f.set(clock, LinkTypes.ETHERNET, frame, 0, frame.length, frame.length);
        assertTrue(decoder.decode(f, packet));
        table.add(packet);
        assertEquals(List.of("S:list"), log);
        assertFalse(flows.get(0).isTcp());
        assertEquals("udp", flows.get(0).transport());
    }

    /**
     * Issue 16, defect 6: one connection of 3,000 requests whose sender jumps its sequence number by more
     * than the largest window (2 GiB - 1 here) after the first 101. The jump is counted and the stream
     * resynchronises, so the remaining 2,899 requests are delivered, not dropped uncounted.
     */
    @Test
    void aSequenceJumpBeyondTheWindowIsCountedAndTheStreamRecovers() {
        handshake();
        long seq = ISN_C + 1;
        long jump = (1L << 31) - 1;
        for (int i = 0; i < 3000; i++) {
            if (i == 101) {
                seq += jump;
            }
            String req = String.format("r%04d", i);
            toServer(seq & 0xffffffffL, ISN_S + 1, PSH | ACK, req);
            seq += req.length();
        }
        table.finishAll();
        long delivered = log.stream().filter(l -> l.startsWith("S:r")).count();
        assertEquals(3000, delivered, "every request after the jump is delivered");
        assertTrue(log.contains("gap S 0") || log.stream().anyMatch(l -> l.startsWith("gap S ")),
                "the jump is reported to the dissector as a gap: " + log.subList(0, Math.min(log.size(), 5)));
        FlowStats st = table.stats();
        assertEquals(1, st.tcpGaps, "the jump is a gap in the flow's figures");
        assertEquals(1, st.tcpResyncs);
    }

    /** A lone forged segment far outside the window is dropped and counted; the real stream goes on. */
    @Test
    void aLoneSegmentBeyondTheWindowIsDroppedAndCounted() {
        handshake();
        toServer(ISN_C + 1, ISN_S + 1, PSH | ACK, "abc");
        toServer((ISN_C + 1 + (1L << 31)) & 0xffffffffL, ISN_S + 1, PSH | ACK, "FORGED");
        toServer(ISN_C + 4, ISN_S + 1, PSH | ACK, "def");
        table.finishAll();
        assertEquals(List.of("S:abc", "S:def"), log.stream().filter(l -> l.startsWith("S:")).toList());
        FlowStats st = table.stats();
        assertEquals(6, st.tcpOutOfWindowBytes);
        assertEquals(1, st.tcpOutOfWindowSegments);
        assertEquals(0, st.tcpGaps);
        assertEquals(0, st.tcpResyncs);
    }
}
