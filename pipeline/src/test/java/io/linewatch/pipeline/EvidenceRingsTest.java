package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.pipeline.EvidenceRings.Packet;
import io.linewatch.pipeline.EvidenceRings.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rings keep each packet packed in its flow's array: what comes out for an alert is byte for byte what went in,
 * however often the array grew, was compacted or shrank, and packets evicted while the merger is behind stay readable
 * until it caught up.
 */
class EvidenceRingsTest {
    private static final int FLOW_BYTES = 1000;
    private static final long HOUR = 3_600_000_000_000L;

    private static byte[] bytes(long index, int size) {
        byte[] b = new byte[size];
        for (int j = 0; j < size; j++) {
            b[j] = (byte) (index * 31 + j);
        }
        return b;
    }

    /** Sizes from 1 to 300 bytes for packets 1..n. */
    private static int[] sizes(int n, long seed) {
        Random random = new Random(seed);
        int[] size = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            size[i] = 1 + random.nextInt(300);
        }
        return size;
    }

    /** Packets {@code from..to} of one flow, each at time {@code index} ns (none gets too old). */
    private static void feed(EvidenceRings rings, int[] size, int from, int to) {
        byte[] src = new byte[400];
        for (int i = from; i <= to; i++) {
            byte[] b = bytes(i, size[i]);
            System.arraycopy(b, 0, src, 0, b.length);
            src[b.length] = 99; // beyond the packet: must not be kept
            rings.packet(i, "f", "10.0.0.1", "10.0.0.2", i, src, size[i], size[i] + 7, 1);
        }
    }

    /** The packets a ring of {@code FLOW_BYTES} holds after packet {@code last}: the longest suffix that fits. */
    private static List<Long> ringAfter(int[] size, int last) {
        List<Long> held = new ArrayList<>();
        long total = 0;
        for (int i = last; i >= 1 && total + size[i] <= FLOW_BYTES; i--) {
            total += size[i];
            held.add(0, (long) i);
        }
        return held;
    }

    private static void assertPackets(List<Long> indexes, int[] size, List<Packet> packets) {
        assertEquals(indexes, packets.stream().map(Packet::index).toList());
        for (Packet p : packets) {
            assertArrayEquals(bytes(p.index(), size[(int) p.index()]), p.data(), "packet " + p.index());
            assertEquals(size[(int) p.index()] + 7, p.originalLength());
            assertEquals(p.index(), p.ts());
        }
    }

    @Test
    void anAlertGetsTheBytesOfEveryPacketStillInItsFlowsRing() {
        List<Part> parts = new ArrayList<>();
        EvidenceRings rings = new EvidenceRings(HOUR, HOUR, FLOW_BYTES, 1 << 20, 1 << 20, false, parts::add);
        int n = 2_000;
        int[] size = sizes(n, 7);
        feed(rings, size, 1, n);
        rings.open(new EvidenceRings.Request("a", Set.of("f"), n + 1, n, n));
        rings.finish();
        assertEquals(1, parts.size());
        assertPackets(ringAfter(size, n), size, parts.get(0).before);
        assertEquals(List.of(), parts.get(0).after);
    }

    @Test
    void packetsEvictedAfterTheAlertsPacketStayReadableUntilTheMergerCaughtUp() {
        List<Part> parts = new ArrayList<>();
        EvidenceRings rings = new EvidenceRings(HOUR, HOUR, FLOW_BYTES, 1 << 20, 1 << 20, true, parts::add);
        int n = 2_000;
        int k = 500;
        int m = 2_100;
        int[] size = sizes(m, 11);
        feed(rings, size, 1, n);
        // the alert for packet k reaches this worker after packet n: what the ring held when k arrived, then k..n
        rings.open(new EvidenceRings.Request("late", Set.of("f"), k, k, HOUR));
        rings.prune(n);
        feed(rings, size, n + 1, m); // the ring's array, grown to hold all the evicted packets, shrinks again
        rings.open(new EvidenceRings.Request("caught up", Set.of("f"), m + 1, m, m));
        rings.finish();
        assertEquals(2, parts.size());
        assertPackets(ringAfter(size, k - 1), size, parts.get(0).before);
        List<Long> fromK = new ArrayList<>();
        for (long i = k; i <= m; i++) {
            fromK.add(i);
        }
        assertPackets(fromK, size, parts.get(0).after);
        // once pruned, only the ring's own packets are left
        assertPackets(ringAfter(size, m), size, parts.get(1).before);
        assertEquals(List.of(), parts.get(1).after);
    }

    @Test
    void theMemoryBoundCountsEachPacketsHeaderAndDropsTheLeastRecentlyActiveRingCounted() {
        List<Part> parts = new ArrayList<>();
        int packet = 100;
        // room for three packets' bytes, not for their headers too
        long total = 3L * packet + 2L * EvidenceRings.Ring.HEADER;
        EvidenceRings rings = new EvidenceRings(HOUR, HOUR, FLOW_BYTES, total, 1 << 20, false, parts::add);
        byte[] src = bytes(0, packet);
        List<String> flows = List.of("a", "b", "c");
        for (int i = 0; i < flows.size(); i++) {
            rings.packet(i + 1, flows.get(i), "10.0.0.1", "10.0.0.2", 1, src, packet, packet, 1);
        }
        assertEquals(2L * (EvidenceRings.Ring.HEADER + packet), rings.bufferedBytes(), "a's ring went");
        assertEquals(1L, rings.counters().get("evidence.rings_dropped_at_bound"));
        assertEquals(1L, rings.counters().get("evidence.ring_packets_dropped"));
        rings.open(new EvidenceRings.Request("x", Set.of("a", "b", "c"), 4, 2, HOUR));
        rings.finish();
        assertEquals(2, parts.get(0).before.size(), "b's and c's packets");
    }

    @Test
    void anAlertsRequestDoesNotMakeARingMoreRecentlyActive() {
        List<Part> parts = new ArrayList<>();
        int packet = 100;
        long total = 2L * (packet + EvidenceRings.Ring.HEADER);
        EvidenceRings rings = new EvidenceRings(HOUR, HOUR, FLOW_BYTES, total, 1 << 20, true, parts::add);
        byte[] src = bytes(0, packet);
        rings.packet(1, "a", "10.0.0.1", "10.0.0.2", 1, src, packet, packet, 1);
        rings.packet(2, "b", "10.0.0.1", "10.0.0.3", 2, src, packet, packet, 1);
        rings.open(new EvidenceRings.Request("x", Set.of("a"), 3, 2, 2)); // served whenever the worker gets to it
        rings.prune(2);
        rings.packet(3, "c", "10.0.0.1", "10.0.0.4", 3, src, packet, packet, 1);
        rings.open(new EvidenceRings.Request("y", Set.of("a", "b"), 4, 3, 3));
        rings.finish();
        assertEquals(List.of(1L), parts.get(0).before.stream().map(Packet::index).toList());
        assertEquals(List.of(2L), parts.get(1).before.stream().map(Packet::index).toList(),
                "a, the least recently sent on, was dropped for c, not b");
    }
}
