package io.linewatch.pipeline;

import io.linewatch.capture.source.Frame;
import io.linewatch.rules.EvidenceRecorder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The packets around each alert: every packet goes into a ring of its flow (the last {@link #beforeNanos} of capture
 * time, at most {@link #flowBytes} per flow, at most {@link #totalBytes} over all flows, least recently active flow
 * evicted first); when an alert asks for its flows, their rings are copied and the packets of those flows that
 * follow for {@link #afterNanos} are added, then the whole is written as a pcap file (nanosecond timestamps) at
 * {@code DIR/evidence/<alert id>.pcap}, at most {@link #fileBytes} of packets each. Every packet dropped from a
 * ring or a file for lack of room is counted. Used on one thread (the pipeline's).
 */
final class PacketEvidence implements EvidenceRecorder {
    static final long DEFAULT_BEFORE_NANOS = 10_000_000_000L;
    static final long DEFAULT_AFTER_NANOS = 10_000_000_000L;
    static final int DEFAULT_FLOW_BYTES = 256 * 1024;
    static final long DEFAULT_TOTAL_BYTES = 64L * 1024 * 1024;
    static final int DEFAULT_FILE_BYTES = 1024 * 1024;
    static final int MAX_PENDING = 256;
    static final String FOLDER = "evidence";

    private final Path dir;
    private final long beforeNanos;
    private final long afterNanos;
    private final int flowBytes;
    private final long totalBytes;
    private final int fileBytes;
    private final LinkedHashMap<String, Ring> rings = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private long bytes;
    private int linkType = -1;

    /** One captured packet, copied. */
    record Packet(long ts, byte[] data, int originalLength) {
    }

    private static final class Ring {
        final ArrayDeque<Packet> packets = new ArrayDeque<>();
        long bytes;
    }

    private static final class Pending {
        final String alertId;
        final Set<String> flows;
        final long deadline;
        final List<Packet> packets = new ArrayList<>();
        long bytes;

        Pending(String alertId, Set<String> flows, long deadline) {
            this.alertId = alertId;
            this.flows = flows;
            this.deadline = deadline;
        }
    }

    PacketEvidence(Path outDir) {
        this(outDir, DEFAULT_BEFORE_NANOS, DEFAULT_AFTER_NANOS, DEFAULT_FLOW_BYTES, DEFAULT_TOTAL_BYTES, DEFAULT_FILE_BYTES);
    }

    PacketEvidence(Path outDir, long beforeNanos, long afterNanos, int flowBytes, long totalBytes, int fileBytes) {
        this.dir = outDir.resolve(FOLDER);
        this.beforeNanos = beforeNanos;
        this.afterNanos = afterNanos;
        this.flowBytes = flowBytes;
        this.totalBytes = totalBytes;
        this.fileBytes = fileBytes;
    }

    /** A packet of a flow (after the flow table saw it). */
    void packet(String flowId, Frame f) {
        if (linkType < 0) {
            linkType = f.linkType;
        } else if (f.linkType != linkType) {
            count("evidence.other_link_type");
            return;
        }
        long ts = f.timestampNanos;
        if (!pending.isEmpty()) {
            finishDue(ts);
        }
        if (flowId == null) {
            return;
        }
        byte[] copy = java.util.Arrays.copyOf(f.data, f.capturedLength);
        Packet p = new Packet(ts, copy, f.originalLength);
        for (Pending w : pending.values()) {
            if (w.flows.contains(flowId)) {
                add(w, p);
            }
        }
        Ring r = rings.get(flowId);
        if (r == null) {
            r = new Ring();
            rings.put(flowId, r);
        }
        r.packets.addLast(p);
        r.bytes += copy.length;
        bytes += copy.length;
        while (!r.packets.isEmpty() && (r.bytes > flowBytes || ts - r.packets.peekFirst().ts() > beforeNanos)) {
            Packet old = r.packets.removeFirst();
            r.bytes -= old.data().length;
            bytes -= old.data().length;
            if (ts - old.ts() <= beforeNanos) {
                count("evidence.ring_packets_dropped");
            }
        }
        evictOverBudget(flowId);
    }

    private void evictOverBudget(String keep) {
        Iterator<Map.Entry<String, Ring>> it = rings.entrySet().iterator();
        while (bytes > totalBytes && it.hasNext()) {
            Map.Entry<String, Ring> e = it.next();
            if (e.getKey().equals(keep)) {
                continue;
            }
            bytes -= e.getValue().bytes;
            counters.merge("evidence.ring_packets_dropped", (long) e.getValue().packets.size(), Long::sum);
            it.remove();
        }
    }

    @Override
    public String record(String alertId, Collection<String> flowIds, long timestampNanos) {
        if (pending.size() >= MAX_PENDING) {
            count("evidence.files_not_kept");
            return null;
        }
        Pending w = new Pending(alertId, new LinkedHashSet<>(flowIds), timestampNanos + afterNanos);
        List<Packet> before = new ArrayList<>();
        for (String id : flowIds) {
            Ring r = rings.get(id);
            if (r != null) {
                for (Packet p : r.packets) {
                    if (timestampNanos - p.ts() <= beforeNanos) {
                        before.add(p);
                    }
                }
            }
        }
        before.sort(java.util.Comparator.comparingLong(Packet::ts));
        before.forEach(p -> add(w, p));
        pending.put(alertId, w);
        return FOLDER + "/" + alertId + ".pcap";
    }

    private void add(Pending w, Packet p) {
        if (w.bytes + p.data().length > fileBytes) {
            count("evidence.file_packets_dropped");
            return;
        }
        w.packets.add(p);
        w.bytes += p.data().length;
    }

    private void finishDue(long now) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending w = it.next();
            if (now > w.deadline) {
                write(w);
                it.remove();
            }
        }
    }

    /** The end of the input: every pending file is written with what it has. */
    void finish() {
        pending.values().forEach(this::write);
        pending.clear();
    }

    private void write(Pending w) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(w.alertId + ".pcap");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
                h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                        .putInt(262_144).putInt(linkType < 0 ? 1 : linkType);
                out.write(h.array());
                ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                for (Packet p : w.packets) {
                    r.clear();
                    r.putInt((int) Math.floorDiv(p.ts(), 1_000_000_000L)).putInt((int) Math.floorMod(p.ts(), 1_000_000_000L))
                            .putInt(p.data().length).putInt(p.originalLength());
                    out.write(r.array());
                    out.write(p.data());
                }
            }
            count("evidence.files");
        } catch (IOException e) {
            count("evidence.write_errors");
        }
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    Map<String, Long> counters() {
        return counters;
    }

    /** Bytes held in the rings now. */
    long bufferedBytes() {
        return bytes;
    }
}
