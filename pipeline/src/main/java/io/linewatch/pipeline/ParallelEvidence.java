package io.linewatch.pipeline;

import io.linewatch.rules.EvidenceRecorder;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Evidence with {@code --threads N}: the packets stay where they are processed. Each worker keeps the rings of its
 * own flows ({@link EvidenceRings}, as on one thread, {@code 1/N} of the memory budget); the merging
 * thread, where alerts are raised, asks every worker for the alert's flows (a request per alert on a queue per
 * worker, picked up before the worker's next batch), and the workers' parts are joined into one file
 * ({@link EvidenceFiles}) once the last has its packets after the alert. The merger runs behind the workers: a
 * worker keeps what its rings evict until the merger has applied the packets that caused it ({@link #merged}), so
 * the file holds the packets a single thread would have put in it.
 */
final class ParallelEvidence implements EvidenceRecorder, PacketMarks {
    private final EvidenceFiles files;
    private final EvidenceRings[] rings;
    private final Queue<EvidenceRings.Request>[] requests;
    private final long afterNanos;
    /** Every packet up to this number has been applied by the thread that raises alerts (read by workers). */
    private volatile long merged;
    /** The number of the packet whose records are being applied (the thread that raises alerts only). */
    private long current;

    @SuppressWarnings("unchecked")
    ParallelEvidence(Path outDir, int workers) {
        files = new EvidenceFiles(outDir, PacketEvidence.DEFAULT_FILE_BYTES);
        afterNanos = PacketEvidence.DEFAULT_AFTER_NANOS;
        rings = new EvidenceRings[workers];
        requests = new Queue[workers];
        for (int i = 0; i < workers; i++) {
            rings[i] = new EvidenceRings(PacketEvidence.DEFAULT_BEFORE_NANOS, afterNanos, PacketEvidence.DEFAULT_FLOW_BYTES,
                    PacketEvidence.DEFAULT_TOTAL_BYTES / workers, PacketEvidence.DEFAULT_FILE_BYTES, true, files::deliver);
            requests[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /** Worker {@code i}'s rings (used on its thread only). */
    EvidenceRings rings(int i) {
        return rings[i];
    }

    /** The thread that raises alerts: the records it applies next were caused by packet {@code index}. */
    @Override
    public void at(long index) {
        current = index;
    }

    /** The thread that raises alerts: every packet up to {@code index} has been applied. */
    @Override
    public void merged(long index) {
        merged = index;
    }

    @Override
    public String record(String alertId, Collection<String> flowIds, long timestampNanos) {
        return request(new EvidenceRings.Request(alertId, new LinkedHashSet<>(flowIds), current, timestampNanos,
                timestampNanos + afterNanos));
    }

    @Override
    public String recordHosts(String alertId, String hostA, String hostB, long timestampNanos) {
        return hostA == null ? null : request(new EvidenceRings.Request(alertId, java.util.Set.of(), hostA, hostB,
                current, timestampNanos, timestampNanos + afterNanos));
    }

    private String request(EvidenceRings.Request q) {
        String file = files.open(q.alertId(), rings.length, q.timestampNanos(), q.deadline());
        if (file != null) {
            for (Queue<EvidenceRings.Request> r : requests) {
                r.add(q);
            }
        }
        return file;
    }

    /**
     * Worker {@code i}, before a batch: takes the alerts' requests and forgets evicted packets no alert can ask for
     * any more. The merged mark is read first: every request for a packet up to it is already queued.
     */
    void serve(int i) {
        long m = merged;
        EvidenceRings.Request q;
        while ((q = requests[i].poll()) != null) {
            rings[i].open(q);
        }
        rings[i].prune(m);
    }

    /** After every thread ended: the requests raised at the end of the input are served, every file written. */
    void finish() {
        for (int i = 0; i < rings.length; i++) {
            EvidenceRings.Request q;
            while ((q = requests[i].poll()) != null) {
                rings[i].open(q);
            }
            rings[i].finish();
        }
    }

    /** The files' counters (the rings' are the workers', published with theirs). */
    Map<String, Long> counters() {
        return new TreeMap<>(files.counters());
    }
}
