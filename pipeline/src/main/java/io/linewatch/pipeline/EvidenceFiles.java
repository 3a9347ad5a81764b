package io.linewatch.pipeline;

import io.linewatch.pipeline.EvidenceRings.Packet;
import io.linewatch.pipeline.EvidenceRings.Part;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Evidence files being assembled: each alert's file is written ({@code DIR/evidence/<alert id>.pcap}, nanosecond
 * timestamps) once every thread that holds packets delivered its part: the packets before the alert in time order,
 * then those after it in arrival order, at most {@code fileBytes} of packets.
 *
 * <p>At most {@link #MAX_PENDING} files are collecting at once, counted in capture time: a file collects from its
 * alert's time to its deadline (the alert's time plus the packets after it), and an alert raised when
 * {@link #MAX_PENDING} files are still collecting at the latest alert time so far is counted ({@code evidence.files_not_kept}) and names
 * no file. Counted so, the decision is the same with one thread or with workers that deliver their parts whenever
 * they come to it (it once depended on how far the workers had run ahead). The parts themselves are held until
 * delivered: workers run ahead of the thread that raises alerts and deliver soon after a deadline, so at most a
 * few more than {@link #MAX_PENDING} are held; {@link #MAX_HELD} bounds them whatever happens (counted too).
 * Thread-safe.
 */
final class EvidenceFiles {
    static final int MAX_PENDING = 256;
    /** Files whose parts are held at once, whatever the threads' timing: the memory bound. */
    static final int MAX_HELD = 2 * MAX_PENDING;
    static final String FOLDER = "evidence";

    private final Path dir;
    private final int fileBytes;
    private final Map<String, Assembly> assembling = new HashMap<>();
    /** Deadlines of the files kept, in capture time: those not yet passed at an alert's time are collecting. */
    private final PriorityQueue<Long> collectingUntil = new PriorityQueue<>();
    private long now = Long.MIN_VALUE;
    private final Map<String, Long> counters = new TreeMap<>();

    private static final class Assembly {
        int partsMissing;
        int linkType = -1;
        final List<Packet> before = new ArrayList<>();
        final List<Packet> after = new ArrayList<>();
    }

    EvidenceFiles(Path outDir, int fileBytes) {
        this.dir = outDir.resolve(FOLDER);
        this.fileBytes = fileBytes;
    }

    /**
     * Starts a file that {@code parts} threads contribute to, for an alert at {@code timestampNanos} whose file
     * collects packets until {@code deadlineNanos} (capture time).
     *
     * @return its path relative to the output directory, or null when too many are collecting at that time
     */
    synchronized String open(String alertId, int parts, long timestampNanos, long deadlineNanos) {
        // the latest alert time so far stands for the capture clock: an alert about an earlier transaction (a
        // request answered late, a flow's end) does not bring back files whose time is over
        now = Math.max(now, timestampNanos);
        while (!collectingUntil.isEmpty() && collectingUntil.peek() < now) {
            collectingUntil.poll();
        }
        if (collectingUntil.size() >= MAX_PENDING || assembling.size() >= MAX_HELD) {
            count("evidence.files_not_kept");
            return null;
        }
        collectingUntil.add(deadlineNanos);
        Assembly a = new Assembly();
        a.partsMissing = parts;
        assembling.put(alertId, a);
        return FOLDER + "/" + alertId + ".pcap";
    }

    /** One thread's part; the last one writes the file. */
    synchronized void deliver(Part part) {
        Assembly a = assembling.get(part.request.alertId());
        if (a == null) {
            return;
        }
        a.before.addAll(part.before);
        a.after.addAll(part.after);
        if (part.linkType >= 0) {
            a.linkType = part.linkType;
        }
        if (--a.partsMissing == 0) {
            assembling.remove(part.request.alertId());
            write(part.request.alertId(), a);
        }
    }

    private void write(String alertId, Assembly a) {
        a.before.sort(EvidenceRings.BY_TIME);
        a.after.sort(EvidenceRings.BY_INDEX);
        List<Packet> packets = new ArrayList<>();
        long bytes = 0;
        for (List<Packet> l : List.of(a.before, a.after)) {
            for (Packet p : l) {
                if (bytes + p.data().length > fileBytes) {
                    count("evidence.file_packets_dropped");
                    continue;
                }
                packets.add(p);
                bytes += p.data().length;
            }
        }
        try {
            Files.createDirectories(dir);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(alertId + ".pcap")))) {
                ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
                h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                        .putInt(262_144).putInt(a.linkType < 0 ? 1 : a.linkType);
                out.write(h.array());
                ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                for (Packet p : packets) {
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

    synchronized Map<String, Long> counters() {
        return new TreeMap<>(counters);
    }
}
