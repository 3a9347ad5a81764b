package io.linewatch.pipeline;

import io.linewatch.baseline.BaselineConfig;
import java.io.IOException;
import java.nio.file.Path;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.capture.decode.DecodeStats;
import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.flow.FlowStats;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.capture.source.Frame;
import io.linewatch.index.journal.Journal;
import io.linewatch.inventory.advisories.AdvisoryLibrary;
import io.linewatch.model.EventDoc;
import io.linewatch.model.IdentityFact;
import io.linewatch.rules.RuleEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline on several threads: the calling (reading) thread decodes each frame and hands it, by a
 * symmetric hash of its two IP addresses, to one of N workers ({@link PipelineWorker}: flow table, reassembly,
 * dissectors, JSON encoding); one merging thread takes the workers' outputs and applies them to the asset
 * inventory and the journal.
 *
 * <p>Why decode on the reader: fragments must be reassembled before ports are known, and the decoder is cheap
 * (tens of ns per packet). Why hash the host pair, not the 5-tuple: everything between two hosts (a TCP
 * session and the UDP I/O it set up, every connection of an HMI to a PLC) lands on the same worker, so
 * dissectors that tie flows together keep working.
 *
 * <p>Deterministic output: the reader cuts the packet stream into rounds and gives every worker one batch per
 * round (possibly empty); every item a worker produces carries the number of the packet that caused it, and
 * the merger interleaves the workers' outputs of each round by that number (the end of the input comes last,
 * worker by worker). So the same input with the same number of workers always gives the same bytes. The order
 * can differ from the single-threaded pipeline where flow tables act on their own clock (idle expiry, eviction,
 * flows ended at the end of the input), which is why {@code analyze} keeps one thread unless asked.
 *
 * <p>Bounded: each worker has {@link PipelineWorker#BATCHES} batches. Reading a file, the reader waits for a
 * free batch (nothing is dropped); live ({@code dropWhenFull}), a packet that finds no free batch is dropped
 * and counted.
 */
public final class ParallelPipeline implements PacketPipeline {
    /** Packets per round when no batch fills first: keeps workers and the merger in step. */
    private static final int ROUND_PACKETS = PacketBatch.CAPACITY;

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final Journal journal;
    private final Downstream downstream;
    private final ParallelEvidence evidence;
    /** Where the merger marks its progress through the packets: the evidence, or the rules thread's hand-off. */
    private final PacketMarks marks;
    private final boolean dropWhenFull;
    private final PipelineWorker[] workers;
    private final Thread[] workerThreads;
    private final Thread merger;
    private final PacketBatch[] current;
    private final AtomicLong drops = new AtomicLong();
    private final Monitor monitor = new Monitor();
    private volatile RuntimeException mergeFailure;
    /** Time the reader waited for a free batch, and the merger for the workers' output (see {@link #waits}). */
    private volatile long readerWaitedNanos;
    private volatile long mergerWaitedNanos;
    /** A pipeline thread died (e.g. out of memory outside the guarded work): the others are stopped, no one waits. */
    private volatile Throwable threadFailure;
    private static final long IDLE_TICK_NANOS = 1_000_000_000L;
    private long packets;
    /** Wall time of the last round handed out. */
    private long lastDispatch = System.nanoTime();
    private static final long IDLE_ROUND_NANOS = 1_000_000_000L;
    private long lastTimestamp;
    private long lastIdleTick = Long.MIN_VALUE;
    /** Capture time last handed to the baseline's clock (at most once per {@link Pipeline#CLOCK_NANOS}). */
    private long lastClock = Long.MIN_VALUE;
    private int inRound;
    private boolean finished;
    private FlowStats flowStats;
    private Map<String, Long> counters;

    /**
     * Starts the worker and merging threads (daemons; they end with {@link #finish}).
     *
     * @param advisories   CSAF advisories to match against the assets, or null
     * @param threads      flow-processing worker threads, at least 1
     * @param dropWhenFull live capture: drop (and count) a packet that finds its worker's batches all taken,
     *                     rather than wait
     */
    public ParallelPipeline(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories, int threads, boolean dropWhenFull) {
        this(journal, rulePack, advisories, threads, dropWhenFull, TransactionOutput.ALL);
    }

    /** @param output which transactions get a document of their own (the rest are summarised) */
    public ParallelPipeline(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories, int threads,
            boolean dropWhenFull, TransactionOutput output) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.journal = journal;
        this.evidence = new ParallelEvidence(journal.directory(), threads);
        // inventory and baseline run on the merging thread, which sees every event in the same order as one
        // thread would per flow; the rules on a thread of their own, fed in that order
        this.downstream = new Downstream(journal, rulePack, advisories, output, evidence, this::ruleError);
        this.marks = downstream.packetMarks(evidence);
        this.dropWhenFull = dropWhenFull;
        workers = new PipelineWorker[threads];
        workerThreads = new Thread[threads];
        current = new PacketBatch[threads];
        for (int i = 0; i < threads; i++) {
            // the documented flow cap is the sensor's: each worker gets its share; summarised: most transactions
            // are never written, so the merger encodes the few that are
            workers[i] = new PipelineWorker(i, Math.max(1, FlowTable.DEFAULT_MAX_FLOWS / threads), output.all(), evidence);
            workerThreads[i] = new Thread(workers[i], "linewatch-worker-" + i);
        }
        merger = new Thread(this::merge, "linewatch-merger");
        Thread.UncaughtExceptionHandler died = (thread, e) -> {
            threadFailure = e;
            monitor.error(thread.getName() + " failed: " + e);
            for (Thread t : workerThreads) {
                t.interrupt();
            }
            merger.interrupt();
        };
        for (Thread t : workerThreads) {
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(died);
            t.start();
        }
        merger.setDaemon(true);
        merger.setUncaughtExceptionHandler(died);
        merger.start();
    }

    @Override
    public void process(Frame frame) {
        packets++;
        lastTimestamp = Math.max(lastTimestamp, frame.timestampNanos);
        boolean decoded = decoder.decode(frame, packet);
        monitor.packet(packets, decoder.stats().bytes, lastTimestamp);
        if (!decoded) {
            // it gives no record, but moves the clock as on one thread (Pipeline's clock counts every frame): the
            // baseline's scans must see the same times at the same packets whatever the number of workers
            if (Pipeline.clockDue(lastTimestamp, lastClock) && acquireBatches(dropWhenFull)) {
                clockAfterThisPacket();
                dispatch();
            }
            return;
        }
        if (!acquireBatches(dropWhenFull)) {
            drops.incrementAndGet();
            return;
        }
        PacketBatch b = current[worker(packet)];
        b.add(packet, frame, packets);
        boolean clock = Pipeline.clockDue(lastTimestamp, lastClock);
        if (clock) {
            // the round ends here and the merger moves the baseline's clock after its records: a slow trickle of
            // packets that give no record (512 to a round) must not hold a silence back for minutes
            clockAfterThisPacket();
        }
        if (++inRound >= ROUND_PACKETS || b.full() || clock) {
            dispatch();
        }
    }

    private void clockAfterThisPacket() {
        lastClock = lastTimestamp;
        current[0].clockNanos = lastTimestamp;
    }

    @Override
    public void useBaseline(BaselineConfig config, Path saved) throws IOException {
        downstream.useBaseline(config, saved);
    }

    @Override
    public java.util.concurrent.CompletableFuture<String> changeBaseline(io.linewatch.baseline.BaselineReview.Change change) {
        return downstream.requestBaselineChange(change, monitor.packets());
    }

    @Override
    public Map<String, Long> baselineCounters() {
        return downstream.baselineCounters();
    }

    /** Hands on a partly filled round (live capture, when the wire is quiet) so nothing waits for more traffic. */
    public void flushIdle() {
        if (finished) {
            return;
        }
        if (inRound > 0) {
            dispatch();
        } else if (System.nanoTime() - lastDispatch >= IDLE_ROUND_NANOS && acquireBatches(true)) {
            dispatch(); // an empty round: the merger looks at the rule files even while the wire is quiet
        }
    }

    /**
     * Live capture calls this while the wire is quiet (on the reading thread, between packets): hands on the
     * partly filled round and, at most once a second, a tick of capture time through every worker (flows idle
     * past their timeout end) and the merger (after the round's records: the baseline notices silences and
     * stopped exchanges, summaries and the rules move on), as the single-threaded {@link Pipeline#idle} does.
     */
    public void idle(long nowNanos) {
        if (finished) {
            return;
        }
        if ((lastIdleTick != Long.MIN_VALUE && nowNanos - lastIdleTick < IDLE_TICK_NANOS) || !acquireBatches(true)) {
            flushIdle(); // no tick due, or a worker is busy (then it is not idle)
            return;
        }
        lastIdleTick = nowNanos;
        for (PacketBatch b : current) {
            b.idleNanos = nowNanos;
            b.idleIndex = packets;
        }
        dispatch();
    }

    /** Symmetric in the two addresses (both directions of a conversation go to the same worker). */
    private int worker(DecodedPacket p) {
        int h;
        if (p.kind == DecodedPacket.Kind.ARP) {
            h = hashAddress(p.buf, p.arpSenderIpOffset, 4);
        } else if (p.kind == DecodedPacket.Kind.LINK) {
            h = Long.hashCode(p.srcMac ^ p.dstMac); // layer 2: no addresses above the MACs
        } else {
            int len = p.ipLength();
            h = hashAddress(p.buf, p.srcIpOffset, len) ^ hashAddress(p.buf, p.dstIpOffset, len);
        }
        h *= 0x9E3779B1; // spread the xor of two similar addresses over the high bits
        return (int) (((h >>> 8) & 0xffffffL) * workers.length >>> 24);
    }

    private static int hashAddress(byte[] b, int off, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = h * 31 + (b[off + i] & 0xff);
        }
        return h * 0x85EBCA6B ^ (h >>> 15);
    }

    /** Makes sure every worker has a batch open for this round. */
    private boolean acquireBatches(boolean dropIfNone) {
        for (int i = 0; i < workers.length; i++) {
            if (current[i] == null) {
                if (dropIfNone) {
                    current[i] = workers[i].free.poll();
                    if (current[i] == null) {
                        return false;
                    }
                } else {
                    long t0 = System.nanoTime();
                    try {
                        while (current[i] == null) {
                            if (threadFailure != null) {
                                throw new IllegalStateException("a pipeline thread failed: " + threadFailure, threadFailure);
                            }
                            current[i] = workers[i].free.poll(100, TimeUnit.MILLISECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for worker " + i, e);
                    } finally {
                        readerWaitedNanos += System.nanoTime() - t0;
                    }
                }
            }
        }
        return true;
    }

    private void dispatch() {
        lastDispatch = System.nanoTime();
        for (int i = 0; i < workers.length; i++) {
            current[i].upTo = packets;
            current[i].clock = lastTimestamp;
            // cannot block: a worker has at most BATCHES batches, free or queued
            if (!workers[i].input.offer(current[i])) {
                throw new IllegalStateException("worker " + i + " input queue over its bound");
            }
            current[i] = null;
        }
        inRound = 0;
    }

    /**
     * The merging thread: per round, each worker's outputs (one or more, the last marked end of round),
     * interleaved by packet number.
     */
    private void merge() {
        WorkerOutput[] outs = new WorkerOutput[workers.length];
        int[] pos = new int[workers.length];
        try {
            while (true) {
                long t0 = System.nanoTime();
                for (int w = 0; w < workers.length; w++) {
                    outs[w] = workers[w].output.take();
                    pos[w] = 0;
                }
                mergerWaitedNanos += System.nanoTime() - t0;
                while (true) {
                    int best = -1;
                    for (int w = 0; w < outs.length; w++) {
                        while (pos[w] == outs[w].size && !outs[w].endOfRound) {
                            // this worker's round goes on in its next output: recycle before waiting for it
                            outs[w].clear();
                            workers[w].freeOutput.put(outs[w]);
                            long t1 = System.nanoTime();
                            outs[w] = workers[w].output.take();
                            mergerWaitedNanos += System.nanoTime() - t1;
                            pos[w] = 0;
                        }
                        if (pos[w] < outs[w].size
                                && (best < 0 || outs[w].index[pos[w]] < outs[best].index[pos[best]])) {
                            best = w; // ties (end of input) go to the lower worker
                        }
                    }
                    if (best < 0) {
                        break;
                    }
                    apply(outs[best], pos[best]++);
                }
                boolean last = outs[0].last;
                if (outs[0].clockNanos != 0 && mergeFailure == null) {
                    try {
                        downstream.captureTime(outs[0].clockNanos); // packets that gave no record move it too
                    } catch (RuntimeException e) {
                        mergeFailure = e;
                    }
                }
                if (outs[0].idleNanos != 0 && mergeFailure == null) {
                    try {
                        downstream.tick(outs[0].idleNanos); // every worker's batch of the round carries it
                    } catch (RuntimeException e) {
                        mergeFailure = e;
                    }
                }
                try {
                    marks.merged(outs[0].upTo); // with a rules thread: the round's records are handed on
                } catch (RuntimeException e) {
                    if (mergeFailure == null) {
                        mergeFailure = e;
                        monitor.error("merger failed: " + e);
                    }
                }
                if (!last && mergeFailure == null) {
                    try {
                        if (downstream.baselineChangesPending()) {
                            // the live console's learn or unlearn, between rounds, once what preceded it is merged
                            downstream.applyBaselineChanges(outs[0].upTo);
                        }
                        downstream.maybeCheckpoint();
                        downstream.maintain(); // changed rule files are picked up (at most one look a second)
                    } catch (RuntimeException e) {
                        mergeFailure = e;
                    }
                }
                for (int w = 0; w < workers.length; w++) {
                    outs[w].clear();
                    workers[w].freeOutput.put(outs[w]);
                }
                if (last) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(WorkerOutput out, int i) {
        if (mergeFailure != null) {
            return; // the journal failed: keep the workers moving so the run can end and report it
        }
        try {
            marks.at(out.index[i]);
            switch (out.kind[i]) {
                case TRANSACTION -> {
                    int start = out.jsonStart(i);
                    downstream.transaction((Transaction) out.item[i], out.json, start, out.jsonEnd[i] - start);
                }
                case FLOW -> {
                    int start = out.jsonStart(i);
                    downstream.flowEnded((FlowRecord) out.item[i], out.json, start, out.jsonEnd[i] - start);
                }
                case SIGHTING -> {
                    WorkerOutput.Sighting s = (WorkerOutput.Sighting) out.item[i];
                    downstream.sighting(s.timestampNanos(), s.ip(), s.mac(), s.vlan());
                }
                case IDENTITY -> downstream.identity((IdentityFact) out.item[i]);
            }
        } catch (RuntimeException e) {
            mergeFailure = e;
            monitor.error("merger failed: " + e);
        } catch (Error e) {
            // e.g. out of memory: keep draining (the workers must not wait on this thread), report at the end
            mergeFailure = new IllegalStateException("merger failed: " + e, e);
            monitor.error("merger failed: " + e);
        }
    }

    @Override
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            finishWorkers();
        } finally {
            monitor.stopped();
        }
    }

    private void finishWorkers() {
        boolean done = false;
        try {
            finishThreads();
            done = true;
        } finally {
            if (!done) {
                downstream.abandon(); // the rules thread, if any, must not wait for an end that will not come
            }
        }
    }

    private void finishThreads() {
        acquireBatches(false);
        for (PacketBatch b : current) {
            b.last = true;
        }
        dispatch();
        try {
            for (Thread t : workerThreads) {
                t.join();
            }
            merger.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the workers finished", e);
        }
        flowStats = new FlowStats();
        counters = new TreeMap<>();
        for (PipelineWorker w : workers) {
            FlowStats s = w.flowStats();
            flowStats.created += s.created;
            flowStats.maxActive += s.maxActive; // each table's own peak: their sum bounds the true peak from above
            s.ended.forEach((reason, n) -> flowStats.ended.merge(reason, n, Long::sum));
            flowStats.tcpGaps += s.tcpGaps;
            flowStats.tcpGapBytes += s.tcpGapBytes;
            flowStats.tcpRetransmittedBytes += s.tcpRetransmittedBytes;
            flowStats.reassemblyCapHits += s.reassemblyCapHits;
            flowStats.tcpOutOfWindowBytes += s.tcpOutOfWindowBytes;
            flowStats.tcpOutOfWindowSegments += s.tcpOutOfWindowSegments;
            flowStats.tcpResyncs += s.tcpResyncs;
            w.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
        }
        if (threadFailure != null) {
            throw new IllegalStateException("a pipeline thread failed: " + threadFailure, threadFailure);
        }
        if (mergeFailure != null) {
            throw mergeFailure;
        }
        for (PipelineWorker w : workers) {
            if (w.failure() != null) {
                throw new IllegalStateException("worker " + w.id + " failed: " + w.failure(), w.failure());
            }
        }
        marks.at(Long.MAX_VALUE); // what the end raises (the baseline's last departures) follows every packet
        downstream.finish();
        evidence.finish();
        evidence.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
    }

    @Override
    public int restoreAssets(java.util.List<EventDoc> assets) {
        return downstream.restore(assets); // before the first packet: the merger touches nothing until then
    }

    @Override
    public void checkpointAssetsEvery(long nanos) {
        downstream.checkpointEvery(nanos);
    }

    @Override
    public long packets() {
        return packets;
    }

    @Override
    public long lastTimestamp() {
        return lastTimestamp;
    }

    @Override
    public DecodeStats decodeStats() {
        return decoder.stats();
    }

    /** Complete after {@link #finish}; empty before. */
    @Override
    public FlowStats flowStats() {
        return flowStats != null ? flowStats : new FlowStats();
    }

    @Override
    public Map<String, Long> dissectorCounters() {
        return counters != null ? counters : Map.of();
    }

    @Override
    public Map<String, Long> eventsByDataset() {
        return downstream.eventsByDataset();
    }

    @Override
    public int assets() {
        return downstream.assets();
    }

    @Override
    public Map<String, Long> inventoryCounters() {
        return downstream.inventoryCounters();
    }

    @Override
    public Map<String, Long> ruleCounters() {
        return downstream.ruleCounters();
    }

    @Override
    public Map<String, Long> transactionCounters() {
        return downstream.transactionCounters();
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public PipelineSnapshot snapshot() {
        Downstream.Part d = downstream.snapshot();
        long flows = 0;
        List<Map<String, Long>> counterParts = new ArrayList<>();
        for (PipelineWorker w : workers) {
            flows += w.publishedFlows();
            counterParts.add(w.publishedCounters());
        }
        counterParts.add(evidence.counters());
        PipelineSnapshot.Counters c = new PipelineSnapshot.Counters(monitor.packets(), monitor.bytes(), flows,
                d.events(), d.alerts(), d.eventsByDataset(), Monitor.sum(counterParts));
        return new PipelineSnapshot(System.currentTimeMillis(), c, d.assets(), d.recentAlerts(),
                monitor.health(drops.get()));
    }

    @Override
    public void reportError(String message) {
        monitor.error(message);
    }

    /** A problem the run survives (a rule file that no longer compiles): on the console and in the health. */
    private void ruleError(String message) {
        monitor.error(message);
        System.err.println("linewatch: " + message);
    }

    ParallelEvidence evidenceForTest() {
        return evidence;
    }

    PipelineWorker workerForTest(int i) {
        return workers[i];
    }

    @Override
    public int workers() {
        return workers.length;
    }

    @Override
    public Map<String, Long> waits() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("reader waiting for a free batch", readerWaitedNanos / 1_000_000);
        long input = 0;
        long merger = 0;
        for (PipelineWorker w : workers) {
            input += w.waitedForInputNanos;
            merger += w.waitedForMergerNanos;
        }
        m.put("workers waiting for packets", input / 1_000_000);
        m.put("workers waiting for the merger", merger / 1_000_000);
        m.put("merger waiting for workers", mergerWaitedNanos / 1_000_000);
        m.putAll(downstream.rulesWaits());
        return m;
    }

    @Override
    public long queueDrops() {
        return drops.get();
    }
}
