package io.linewatch.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One thread's share of the evidence (docs/RULES.md, "Evidence"): a ring of recent packets per flow (the last
 * {@code beforeNanos} of capture time, at most {@code flowBytes} captured bytes per flow, at most {@code totalBytes}
 * held over all flows, counting each packet's {@link Ring#HEADER} with its bytes, least recently active flow dropped
 * first and counted), and the parts of evidence files still collecting the packets that follow
 * an alert. Every packet carries its global number: an alert raised for packet {@code k} gets its flows' packets
 * numbered below {@code k} that were in their rings when packet {@code k} arrived, then the packets numbered
 * {@code k} and above up to {@code afterNanos} after it.
 *
 * <p>With worker threads the alert is raised later than the packet that caused it (the merger runs behind the
 * workers), so a worker keeps what its rings evicted ({@code keepEvicted}) until the merger has applied the packets
 * that caused the eviction ({@link #prune}): the file is the one a single thread would have written. Used on one
 * thread at a time (the owner's; after it ended, the thread that joined it).
 */
final class EvidenceRings {
    private static final String RING_PACKETS_DROPPED = "evidence.ring_packets_dropped";
    /** Rings dropped whole (least recently active first) to stay within {@code totalBytes}. */
    private static final String RINGS_DROPPED_AT_BOUND = "evidence.rings_dropped_at_bound";
    private final long beforeNanos;
    private final long afterNanos;
    private final int flowBytes;
    private final long totalBytes;
    private final int fileBytes;
    private final boolean keepEvicted;
    private final Consumer<Part> done;
    private final LinkedHashMap<String, Ring> rings = new LinkedHashMap<>(1024, 0.75f, true);
    /** Packets evicted from rings, in eviction order, kept while an alert behind the workers may still ask for them. */
    private final Evictions evicted = new Evictions();
    private final List<Part> pending = new ArrayList<>();
    private final Map<String, Long> counters = new TreeMap<>();
    /** Packets dropped from rings before their time, counted here on the per-packet path, into counters when read. */
    private long ringPacketsDropped;
    /** What the rings hold: each packet's captured bytes and its header (the memory {@code totalBytes} bounds). */
    private long bytes;
    private long clock = Long.MIN_VALUE;
    private int linkType = -1;

    /** One captured packet, copied out of its ring for an alert's file, with its global number. */
    record Packet(long index, long ts, byte[] data, int originalLength) {
    }

    /**
     * What an alert asks for: its flows' packets around packet {@code index}, or, when it knows no flow (a departure
     * from the baseline), those of the flows between two hosts ({@code hostB} null: every flow of {@code hostA}).
     */
    record Request(String alertId, Set<String> flows, String hostA, String hostB, long index, long timestampNanos,
                   long deadline) {
        Request(String alertId, Set<String> flows, long index, long timestampNanos, long deadline) {
            this(alertId, flows, null, null, index, timestampNanos, deadline);
        }

        boolean wants(Ring r) {
            if (flows.contains(r.flowId)) {
                return true;
            }
            return hostA != null && r.has(hostA) && (hostB == null || r.has(hostB));
        }
    }

    /**
     * One flow's recent packets and its two hosts (null for a layer-2 conversation). The packets are packed one after
     * the other in one array (a header, then the captured bytes), not an object and an array each: a packet costs
     * its bytes and {@link #HEADER}, and adding one allocates nothing until the array must grow. Positions are
     * counted from the ring's first packet ever, so that they survive the array being compacted or replaced.
     */
    static final class Ring {
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
        /** A packet's header: its number, capture time, original length, captured length. */
        private static final int INDEX = 0;
        private static final int TS = 8;
        private static final int ORIGINAL = 16;
        private static final int LENGTH = 20;
        static final int HEADER = 24;
        /** The smallest array: a flow of one small packet does not pay for a large one. */
        private static final int MIN_CAPACITY = 128;
        private static final byte[] NONE = new byte[0];

        final String flowId;
        final String hostA;
        final String hostB;
        private byte[] buf = NONE;
        /** The position of {@code buf[0]}. */
        private long base;
        /** The first packet held: the evicted ones an alert behind the workers may still ask for, then the ring's. */
        private long kept;
        /** The ring's first packet. */
        private long first;
        private long end;
        int packets;
        long bytes;

        Ring(String flowId, String hostA, String hostB) {
            this.flowId = flowId;
            this.hostA = hostA;
            this.hostB = hostB;
        }

        boolean has(String host) {
            return host.equals(hostA) || host.equals(hostB);
        }

        /** Adds a packet at the end of the ring; returns its position. */
        long add(long index, long ts, byte[] src, int length, int originalLength) {
            reserve(HEADER + length);
            long at = end;
            int p = (int) (at - base);
            LONG.set(buf, p + INDEX, index);
            LONG.set(buf, p + TS, ts);
            INT.set(buf, p + ORIGINAL, originalLength);
            INT.set(buf, p + LENGTH, length);
            System.arraycopy(src, 0, buf, p + HEADER, length);
            end = at + HEADER + length;
            packets++;
            bytes += length;
            return at;
        }

        /**
         * Room for {@code need} more bytes at the end. What is still held moves to the front when that leaves at least
         * half of the array free (each byte is then copied about once more in its life); otherwise the array is replaced:
         * by one twice what is needed when packets are being evicted (a ring that came to its steady state, from then
         * on compacted in place), by one a quarter larger while the ring only grows (a flow with few packets pays
         * little slack), and by a smaller one when it holds less than an eighth of it.
         */
        private void reserve(int need) {
            if (end - base + need <= buf.length) {
                return;
            }
            int held = (int) (end - kept);
            int wanted = held + need;
            byte[] to = buf;
            if (wanted > buf.length / 2 || wanted < buf.length / 8) {
                int capacity = kept > base ? 2 * wanted : wanted + wanted / 4;
                to = new byte[Math.max(MIN_CAPACITY, capacity)];
            }
            System.arraycopy(buf, (int) (kept - base), to, 0, held);
            buf = to;
            base = kept;
        }

        boolean isEmpty() {
            return first == end;
        }

        long first() {
            return first;
        }

        long end() {
            return end;
        }

        long next(long at) {
            return at + HEADER + length(at);
        }

        long index(long at) {
            return (long) LONG.get(buf, (int) (at - base) + INDEX);
        }

        long ts(long at) {
            return (long) LONG.get(buf, (int) (at - base) + TS);
        }

        int length(long at) {
            return (int) INT.get(buf, (int) (at - base) + LENGTH);
        }

        /** A copy of the packet at {@code at}. */
        Packet packet(long at) {
            int p = (int) (at - base);
            return new Packet(index(at), ts(at), Arrays.copyOfRange(buf, p + HEADER, p + HEADER + length(at)),
                    (int) INT.get(buf, p + ORIGINAL));
        }

        /** The first packet leaves the ring; it stays held ({@link #release}) when {@code hold}. */
        void evictFirst(boolean hold) {
            int length = length(first);
            first += HEADER + length;
            packets--;
            bytes -= length;
            if (!hold) {
                kept = first;
            }
        }

        /** The oldest held packet, at {@code at}, is no longer needed. */
        void release(long at) {
            if (at != kept) {
                throw new IllegalStateException("evicted packets released out of order");
            }
            kept = next(at);
            if (kept == end) {
                buf = NONE; // the ring was dropped or evicted everything: nothing left to hold
                base = kept;
            }
        }
    }

    /** Packets evicted from rings (ring, position, the number of the packet that evicted them), oldest first. */
    private static final class Evictions {
        private Ring[] ring = new Ring[16];
        private long[] at = new long[16];
        private long[] by = new long[16];
        private int head;
        private int size;

        void add(Ring r, long position, long evictedBy) {
            if (size == ring.length) {
                grow();
            }
            int i = (head + size) & (ring.length - 1);
            ring[i] = r;
            at[i] = position;
            by[i] = evictedBy;
            size++;
        }

        private void grow() {
            int n = ring.length;
            Ring[] r = new Ring[2 * n];
            long[] a = new long[2 * n];
            long[] b = new long[2 * n];
            for (int k = 0; k < size; k++) {
                int i = (head + k) & (n - 1);
                r[k] = ring[i];
                a[k] = at[i];
                b[k] = by[i];
            }
            ring = r;
            at = a;
            by = b;
            head = 0;
        }

        /** Forgets the packets evicted by a packet numbered up to {@code index}. */
        void release(long index) {
            while (size > 0 && by[head] <= index) {
                ring[head].release(at[head]);
                ring[head] = null;
                head = (head + 1) & (ring.length - 1);
                size--;
            }
        }

        void clear() {
            release(Long.MAX_VALUE);
        }

        /** The packets evicted by packet {@code index} or a later one: the ones in their ring when it arrived. */
        void forEachSince(long index, Request q, Visit visit) {
            for (int k = 0; k < size; k++) {
                int i = (head + k) & (ring.length - 1);
                if (by[i] >= index && q.wants(ring[i])) {
                    visit.packet(ring[i], at[i]);
                }
            }
        }
    }

    private interface Visit {
        void packet(Ring r, long at);
    }

    /** This thread's packets for one alert's file: before it (any order), after it (in arrival order). */
    static final class Part {
        final Request request;
        final List<Packet> before = new ArrayList<>();
        final List<Packet> after = new ArrayList<>();
        int linkType = -1;
        long bytes;

        Part(Request request) {
            this.request = request;
        }
    }

    /** @param done receives each part once it has every packet it will get */
    EvidenceRings(long beforeNanos, long afterNanos, int flowBytes, long totalBytes, int fileBytes, boolean keepEvicted,
                  Consumer<Part> done) {
        this.beforeNanos = beforeNanos;
        this.afterNanos = afterNanos;
        this.flowBytes = flowBytes;
        this.totalBytes = totalBytes;
        this.fileBytes = fileBytes;
        this.keepEvicted = keepEvicted;
        this.done = done;
    }

    long afterNanos() {
        return afterNanos;
    }

    /**
     * Packet number {@code index} of flow {@code flowId} (null: no flow; it only moves the clock) between hosts
     * {@code hostA} and {@code hostB} (null for a layer-2 frame).
     */
    void packet(long index, String flowId, String hostA, String hostB, long ts, byte[] src, int length,
                int originalLength, int frameLinkType) {
        if (linkType < 0) {
            linkType = frameLinkType;
        } else if (frameLinkType != linkType) {
            count("evidence.other_link_type");
            return;
        }
        clock(ts);
        if (flowId == null) {
            return;
        }
        Ring r = rings.get(flowId);
        if (r == null) {
            r = new Ring(flowId, hostA, hostB);
            rings.put(flowId, r);
        }
        long at = r.add(index, ts, src, length, originalLength);
        for (Part w : pending) {
            if (w.request.wants(r)) {
                add(w, r.packet(at));
            }
        }
        bytes += Ring.HEADER + length;
        while (!r.isEmpty() && (r.bytes > flowBytes || ts - r.ts(r.first()) > beforeNanos)) {
            long old = r.first();
            int oldLength = r.length(old);
            if (ts - r.ts(old) <= beforeNanos) {
                ringPacketsDropped++;
            }
            r.evictFirst(keepEvicted);
            bytes -= Ring.HEADER + oldLength;
            if (keepEvicted) {
                evicted.add(r, old, index);
            }
        }
        if (bytes > totalBytes) {
            evictOverBudget(r, index);
        }
    }

    private void evictOverBudget(Ring keep, long by) {
        Iterator<Ring> it = rings.values().iterator();
        while (bytes > totalBytes && it.hasNext()) {
            Ring r = it.next();
            if (r == keep) {
                continue;
            }
            bytes -= (long) Ring.HEADER * r.packets + r.bytes;
            counters.merge(RING_PACKETS_DROPPED, (long) r.packets, Long::sum);
            counters.merge(RINGS_DROPPED_AT_BOUND, 1L, Long::sum);
            while (!r.isEmpty()) {
                long old = r.first();
                r.evictFirst(keepEvicted);
                if (keepEvicted) {
                    evicted.add(r, old, by);
                }
            }
            it.remove();
        }
    }

    /** Capture time reached {@code ts} (a packet, or the reader's clock): parts whose time after the alert is over end. */
    void clock(long ts) {
        if (ts > clock) {
            clock = ts;
        }
        if (!pending.isEmpty()) {
            Iterator<Part> it = pending.iterator();
            while (it.hasNext()) {
                Part w = it.next();
                if (ts > w.request.deadline()) {
                    it.remove();
                    done.accept(w);
                }
            }
        }
    }

    /**
     * Starts this thread's part of an alert's file: the packets of its flows numbered below the request's that the
     * rings held when that packet arrived and that are at most {@code beforeNanos} older than the alert, then those
     * numbered from it on that already arrived; the part goes on collecting until capture time passes the deadline.
     */
    void open(Request q) {
        Part w = new Part(q);
        List<Packet> before = new ArrayList<>();
        List<Packet> after = new ArrayList<>();
        Visit sort = (r, at) -> {
            if (r.index(at) < q.index()) {
                if (q.timestampNanos() - r.ts(at) <= beforeNanos) {
                    before.add(r.packet(at));
                }
            } else if (r.ts(at) <= q.deadline()) {
                after.add(r.packet(at));
            }
        };
        // every ring is looked at (once per alert, off the per-packet path), none looked up: in the map's access
        // order a look-up counts as activity, and when a worker serves a request depends on timing, so which ring the
        // bound drops first would too
        for (Ring r : rings.values()) {
            if (q.wants(r)) {
                forEach(r, sort);
            }
        }
        // in the ring when packet q.index arrived: evicted by it or a later one
        evicted.forEachSince(q.index(), q, sort);
        before.sort(BY_TIME);
        after.sort(BY_INDEX);
        before.forEach(p -> add(w, p));
        after.forEach(p -> add(w, p));
        if (clock > q.deadline()) {
            done.accept(w);
        } else {
            pending.add(w);
        }
    }

    private static void forEach(Ring r, Visit visit) {
        for (long at = r.first(); at != r.end(); at = r.next(at)) {
            visit.packet(r, at);
        }
    }

    static final java.util.Comparator<Packet> BY_TIME = java.util.Comparator.comparingLong(Packet::ts)
            .thenComparingLong(Packet::index);
    static final java.util.Comparator<Packet> BY_INDEX = java.util.Comparator.comparingLong(Packet::index);

    private void add(Part w, Packet p) {
        if (w.bytes + p.data().length > fileBytes) {
            count("evidence.file_packets_dropped");
            return;
        }
        (p.index() < w.request.index() ? w.before : w.after).add(p);
        w.bytes += p.data().length;
        w.linkType = linkType;
    }

    /** The merger applied every packet numbered up to {@code index}: no alert will ask for what they evicted. */
    void prune(long index) {
        evicted.release(index);
    }

    /** The end of the input: every part still collecting is done with what it has. */
    void finish() {
        List<Part> all = new ArrayList<>(pending);
        pending.clear();
        all.forEach(done);
        evicted.clear();
    }

    Map<String, Long> counters() {
        if (ringPacketsDropped > 0) {
            counters.merge(RING_PACKETS_DROPPED, ringPacketsDropped, Long::sum);
            ringPacketsDropped = 0;
        }
        return counters;
    }

    /** Bytes held in the rings now: the packets' captured bytes and their headers. */
    long bufferedBytes() {
        return bytes;
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }
}
