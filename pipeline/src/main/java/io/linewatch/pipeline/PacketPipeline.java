package io.linewatch.pipeline;

import io.linewatch.baseline.BaselineConfig;
import java.io.IOException;
import java.nio.file.Path;
import io.linewatch.capture.decode.DecodeStats;
import io.linewatch.capture.flow.FlowStats;
import io.linewatch.capture.source.Frame;
import io.linewatch.index.journal.Journal;
import java.util.Map;

/**
 * A packet-processing chain, single-threaded ({@link Pipeline}) or on worker threads ({@link ParallelPipeline}),
 * as {@link Run} drives it. {@link #process} and {@link #finish} are called from one reading thread; the
 * figures below are for that thread once the pipeline is finished; {@link #snapshot} is for any thread, any time.
 */
public interface PacketPipeline {
    /** One frame, in capture-time order, from the one reading thread. */
    void process(Frame frame);

    /** The end of the input: ends every flow, writes the inventory, syncs the journal. */
    void finish();

    long packets();

    long lastTimestamp();

    DecodeStats decodeStats();

    FlowStats flowStats();

    Map<String, Long> dissectorCounters();

    Map<String, Long> eventsByDataset();

    int assets();

    /** What the inventory capped or dropped (empty when nothing was). */
    Map<String, Long> inventoryCounters();

    /** The rules engine's counters: facts refused at its caps, rule-file reloads and their failures. */
    Map<String, Long> ruleCounters();

    Journal journal();

    /** Restores the inventory a previous run wrote; call before the first packet. */
    int restoreAssets(java.util.List<io.linewatch.model.EventDoc> assets);

    /** Checkpoints the inventory ({@code assets.json}) every {@code nanos} of wall time while it changes. */
    void checkpointAssetsEvery(long nanos);

    /** What the summary stage counted: transactions, own documents, folded, summaries (empty: every transaction written). */
    default Map<String, Long> transactionCounters() {
        return Map.of();
    }

    /** Threads that process flows (1: the reading thread does everything). */
    default int workers() {
        return 1;
    }

    /** Packets dropped because the workers' queues were full (live capture only; files never drop). */
    default long queueDrops() {
        return 0;
    }

    /**
     * Milliseconds each side of the thread hand-offs spent waiting so far (parallel mode; empty on one thread):
     * which stage is the limit (docs/PERFORMANCE.md, "Threads").
     */
    default Map<String, Long> waits() {
        return Map.of();
    }

    /** Immutable copies of the assets, counters, recent alerts and health; callable from any thread, any time. */
    PipelineSnapshot snapshot();

    /**
     * How the baseline learns (before the first packet): {@code config}, continuing from the baseline saved in
     * {@code saved} when not null. Without a call, the baseline learns over the whole run and reports nothing.
     */
    void useBaseline(BaselineConfig config, Path saved) throws IOException;

    /**
     * An analyst's approve or unlearn for the baseline this pipeline learns with (callable from any thread, e.g.
     * the live console): queued, applied by the thread that feeds the baseline between packets (the merging
     * thread between rounds), then {@code baseline.json} is saved and {@code baseline-audit.ndjson} appended as
     * {@code linewatch baseline approve | unlearn} does. A change asked before {@link #finish} is in the baseline
     * it writes.
     *
     * @return completed with what changed (one line), or exceptionally: IllegalArgumentException for a key the
     *         baseline cannot take, IllegalStateException when the run has ended or too many changes wait
     */
    java.util.concurrent.CompletableFuture<String> changeBaseline(io.linewatch.baseline.BaselineReview.Change change);

    /** The baseline's counters (transactions learned and judged, keys dropped or evicted, ...). */
    Map<String, Long> baselineCounters();

    /** Records an error the run stopped on, for {@link PipelineSnapshot.Health#errors()}. */
    void reportError(String message);
}
