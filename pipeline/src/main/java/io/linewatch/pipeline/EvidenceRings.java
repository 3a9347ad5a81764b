package io.linewatch.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One thread's share of the evidence (docs/RULES.md, "Evidence"): a ring of recent packets per flow (the last
 * {@code beforeNanos} of capture time, at most {@code flowBytes} per flow, at most {@code totalBytes} over all flows,
 * least recently active flow evicted first), and the parts of evidence files still collecting the packets that follow
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
    private final long beforeNanos;
    private final long afterNanos;
    private final int flowBytes;
    private final long totalBytes;
    private final int fileBytes;
    private final boolean keepEvicted;
    private final Consumer<Part> done;
    private final LinkedHashMap<String, Ring> rings = new LinkedHashMap<>(1024, 0.75f, true);
    /** Packets evicted from rings, in eviction order, kept while an alert behind the workers may still ask for them. */
    private final ArrayDeque<Evicted> evicted = new ArrayDeque<>();
    private final List<Part> pending = new ArrayList<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private long bytes;
    private long clock = Long.MIN_VALUE;
    private int linkType = -1;

    /** One captured packet, copied, with its global number. */
    record Packet(long index, long ts, byte[] data, int originalLength) {
    }

    private record Evicted(String flowId, Ring ring, Packet packet, long evictedBy) {
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

        boolean wants(String flowId, Ring r) {
            if (flows.contains(flowId)) {
                return true;
            }
            return hostA != null && r.has(hostA) && (hostB == null || r.has(hostB));
        }
    }

    /** One flow's recent packets, and its two hosts (null for a layer-2 conversation). */
    static final class Ring {
        final ArrayDeque<Packet> packets = new ArrayDeque<>();
        final String hostA;
        final String hostB;
        long bytes;

        Ring(String hostA, String hostB) {
            this.hostA = hostA;
            this.hostB = hostB;
        }

        boolean has(String host) {
            return host.equals(hostA) || host.equals(hostB);
        }
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
        Packet p = new Packet(index, ts, java.util.Arrays.copyOf(src, length), originalLength);
        Ring r = rings.get(flowId);
        if (r == null) {
            r = new Ring(hostA, hostB);
            rings.put(flowId, r);
        }
        for (Part w : pending) {
            if (w.request.wants(flowId, r)) {
                add(w, p);
            }
        }
        r.packets.addLast(p);
        r.bytes += length;
        bytes += length;
        while (!r.packets.isEmpty() && (r.bytes > flowBytes || ts - r.packets.peekFirst().ts() > beforeNanos)) {
            Packet old = r.packets.removeFirst();
            r.bytes -= old.data().length;
            bytes -= old.data().length;
            if (ts - old.ts() <= beforeNanos) {
                count("evidence.ring_packets_dropped");
            }
            evicted(flowId, r, old, index);
        }
        evictOverBudget(flowId, index);
    }

    private void evicted(String flowId, Ring r, Packet p, long by) {
        if (keepEvicted) {
            evicted.addLast(new Evicted(flowId, r, p, by));
        }
    }

    private void evictOverBudget(String keep, long by) {
        Iterator<Map.Entry<String, Ring>> it = rings.entrySet().iterator();
        while (bytes > totalBytes && it.hasNext()) {
            Map.Entry<String, Ring> e = it.next();
            if (e.getKey().equals(keep)) {
                continue;
            }
            bytes -= e.getValue().bytes;
            counters.merge("evidence.ring_packets_dropped", (long) e.getValue().packets.size(), Long::sum);
            for (Packet p : e.getValue().packets) {
                evicted(e.getKey(), e.getValue(), p, by);
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
        if (q.hostA() == null) {
            for (String id : q.flows()) {
                Ring r = rings.get(id);
                if (r != null) {
                    r.packets.forEach(p -> sort(q, p, before, after));
                }
            }
        } else {
            // by hosts: every ring is looked at (once per alert, off the per-packet path)
            for (Map.Entry<String, Ring> e : rings.entrySet()) {
                if (q.wants(e.getKey(), e.getValue())) {
                    e.getValue().packets.forEach(p -> sort(q, p, before, after));
                }
            }
        }
        for (Evicted e : evicted) {
            // in the ring when packet q.index arrived: evicted by it or a later one
            if (e.evictedBy() >= q.index() && q.wants(e.flowId(), e.ring())) {
                sort(q, e.packet(), before, after);
            }
        }
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

    private void sort(Request q, Packet p, List<Packet> before, List<Packet> after) {
        if (p.index() < q.index()) {
            if (q.timestampNanos() - p.ts() <= beforeNanos) {
                before.add(p);
            }
        } else if (p.ts() <= q.deadline()) {
            after.add(p);
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
        while (!evicted.isEmpty() && evicted.peekFirst().evictedBy() <= index) {
            evicted.removeFirst();
        }
    }

    /** The end of the input: every part still collecting is done with what it has. */
    void finish() {
        List<Part> all = new ArrayList<>(pending);
        pending.clear();
        all.forEach(done);
        evicted.clear();
    }

    Map<String, Long> counters() {
        return counters;
    }

    /** Bytes held in the rings now. */
    long bufferedBytes() {
        return bytes;
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }
}
