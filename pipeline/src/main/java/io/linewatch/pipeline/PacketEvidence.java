package io.linewatch.pipeline;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.linewatch.capture.source.Frame;
import io.linewatch.rules.EvidenceRecorder;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packets around each alert, on one thread (the single-threaded pipeline's): every packet goes into a ring of
 * its flow ({@link EvidenceRings}); when an alert asks for its flows, their rings are copied and the packets of those
 * flows that follow for {@link #DEFAULT_AFTER_NANOS} are added, then the whole is written as a pcap file at
 * {@code DIR/evidence/<alert id>.pcap} ({@link EvidenceFiles}). Every packet dropped for lack of room is counted.
 * {@link ParallelEvidence} does the same with the rings in the worker threads.
 */
final class PacketEvidence implements EvidenceRecorder {
    static final long DEFAULT_BEFORE_NANOS = 10_000_000_000L;
    static final long DEFAULT_AFTER_NANOS = 10_000_000_000L;
    static final int DEFAULT_FLOW_BYTES = 256 * 1024;
    /**
     * The rings' memory over all flows is a share of the heap the JVM may use ({@code -Xmx}; 48 MiB of the launcher's
     * 768 MiB, 32 MiB of 512 MiB), at least {@link #MIN_TOTAL_BYTES}: a fixed 64 MiB took 110 MB of the 512 MiB that
     * must hold 100,000 flows. The {@code -Xmx} itself, not what the collector makes of it, so that the same heap
     * keeps the same evidence under any collector.
     */
    static final long HEAP_SHARE = 16;
    static final long MIN_TOTAL_BYTES = 16L << 20;
    static final long DEFAULT_TOTAL_BYTES = totalBytes(maxHeapBytes());
    static final int DEFAULT_FILE_BYTES = 1024 * 1024;
    static final int MAX_PENDING = EvidenceFiles.MAX_PENDING;

    static long totalBytes(long maxHeapBytes) {
        return Math.max(MIN_TOTAL_BYTES, maxHeapBytes / HEAP_SHARE);
    }

    /** The {@code -Xmx} (HotSpot's MaxHeapSize); what the collector reports as usable where that is not known. */
    private static long maxHeapBytes() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return hotspot == null ? Runtime.getRuntime().maxMemory()
                : Long.parseLong(hotspot.getVMOption("MaxHeapSize").getValue());
    }

    private final EvidenceFiles files;
    private final EvidenceRings rings;
    /** The number of the packet being processed: alerts raised now cite the packets before it. */
    private long current = 1;
    private long numbered;

    PacketEvidence(Path outDir) {
        this(outDir, DEFAULT_BEFORE_NANOS, DEFAULT_AFTER_NANOS, DEFAULT_FLOW_BYTES, DEFAULT_TOTAL_BYTES, DEFAULT_FILE_BYTES);
    }

    PacketEvidence(Path outDir, long beforeNanos, long afterNanos, int flowBytes, long totalBytes, int fileBytes) {
        this.files = new EvidenceFiles(outDir, fileBytes);
        this.rings = new EvidenceRings(beforeNanos, afterNanos, flowBytes, totalBytes, fileBytes, false, files::deliver);
    }

    /** Packet number {@code index} is being processed (before its records reach the rules). */
    void at(long index) {
        current = index;
    }

    /**
     * Packet {@code index} of a flow between two hosts (null for a layer-2 frame), after the flow table and the
     * dissectors saw it (flowId null: no flow).
     */
    void packet(long index, String flowId, String hostA, String hostB, Frame f) {
        numbered = index;
        rings.packet(index, flowId, hostA, hostB, f.timestampNanos, f.data, f.capturedLength, f.originalLength, f.linkType);
    }

    /** The next packet of a flow, numbered here; an alert recorded after it cites it as before. */
    void packet(String flowId, Frame f) {
        packet(numbered + 1, flowId, null, null, f);
        current = numbered + 1;
    }

    @Override
    public String record(String alertId, Collection<String> flowIds, long timestampNanos) {
        String file = files.open(alertId, 1, timestampNanos, timestampNanos + rings.afterNanos());
        if (file != null) {
            rings.open(new EvidenceRings.Request(alertId, new LinkedHashSet<>(flowIds), current, timestampNanos,
                    timestampNanos + rings.afterNanos()));
        }
        return file;
    }

    @Override
    public String recordHosts(String alertId, String hostA, String hostB, long timestampNanos) {
        if (hostA == null) {
            return null;
        }
        String file = files.open(alertId, 1, timestampNanos, timestampNanos + rings.afterNanos());
        if (file != null) {
            rings.open(new EvidenceRings.Request(alertId, java.util.Set.of(), hostA, hostB, current, timestampNanos,
                    timestampNanos + rings.afterNanos()));
        }
        return file;
    }

    /** The end of the input: every pending file is written with what it has. */
    void finish() {
        rings.finish();
    }

    Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>(rings.counters());
        files.counters().forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }

    /** Bytes held in the rings now. */
    long bufferedBytes() {
        return rings.bufferedBytes();
    }
}
