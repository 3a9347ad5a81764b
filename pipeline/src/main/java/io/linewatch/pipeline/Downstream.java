package io.linewatch.pipeline;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.baseline.BaselineEngine;
import io.linewatch.baseline.BaselineFile;
import io.linewatch.baseline.BaselineReview;
import io.linewatch.model.schema.ObservationFields;
import io.linewatch.model.transaction.Observation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import io.linewatch.model.Values;
import io.linewatch.model.transaction.Documents;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.index.journal.Journal;
import io.linewatch.inventory.AssetInventory;
import io.linewatch.inventory.advisories.AdvisoryLibrary;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.schema.SummaryFields;
import io.linewatch.rules.AssetDirectory;
import io.linewatch.rules.EvidenceRecorder;
import io.linewatch.rules.RuleEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What happens to a typed record after the dissectors, in one place for the single-threaded and the parallel
 * pipeline: counted, seen by the asset inventory and the baseline (whose observations are journaled), journaled,
 * offered to the rules (whose alerts are journaled), on the feeding thread or, in the parallel pipeline, on a thread
 * of their own ({@link RulesHandOff}).
 * Fed from one thread at a time; every method holds this object's lock, so {@link #snapshot} may be called from
 * any thread (the lock is uncontended except while a snapshot is copied). The rules thread never takes it.
 */
final class Downstream {
    private final AssetInventory inventory = new AssetInventory();
    private final Journal journal;
    /** The rules, their alerts and the alerts' bookkeeping; fed through {@link #rulesInput}. */
    private final RulesStage rules;
    /** {@link #rules} itself, or the hand-off to the rules' own thread ({@link RulesHandOff}). */
    private final RulesInput rulesInput;
    /** Null when the rules run on the feeding thread. */
    private final RulesHandOff handOff;
    /** Null with {@code --transactions all}: every transaction is written. */
    private final Summaries summaries;
    private final Map<String, Long> eventsByDataset = new TreeMap<>();
    private long events;
    private BaselineEngine baseline;
    /** The transaction the baseline is looking at, and whether an observation cited it. */
    private Transaction accounting;
    private boolean cited;
    /** Newest capture time seen: the baseline's clock. */
    private long captureNanos = Long.MIN_VALUE;
    /** Wall time between inventory checkpoints (0: only at the end). */
    private long checkpointNanos;
    private long lastCheckpoint = System.nanoTime();
    private boolean changed;
    private long checkpoints;
    /** Analysts' baseline changes (the live console's learn and unlearn), applied between packets by the feeding thread. */
    private final ConcurrentLinkedQueue<PendingChange> baselineChanges = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingChanges = new AtomicInteger();
    /** Writes checkpoints' baseline snapshots off the feeding thread; null until the first checkpoint. */
    private ExecutorService baselineWriter;
    /** The checkpoint's baseline being written, or null. */
    private Future<Void> baselineWrite;
    private volatile boolean finished;

    /** At most this many baseline changes wait for the pipeline; more are refused. */
    static final int MAX_PENDING_CHANGES = 100;

    /** A change waits until every packet handed in before it was asked has reached this stage. */
    private record PendingChange(BaselineReview.Change change, long afterPacket, CompletableFuture<String> done) {
    }

    /** What the snapshot takes from this stage, copied under its lock. */
    record Part(long events, long alerts, Map<String, Long> eventsByDataset, List<Map<String, Object>> assets,
            List<Map<String, Object>> recentAlerts) {
    }

    /** @param advisories CSAF advisories to match against the assets, or null */
    Downstream(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories) {
        this(journal, rulePack, advisories, TransactionOutput.ALL, EvidenceRecorder.NONE, message -> { });
    }

    /**
     * @param output   which transactions are written on their own; the others go to {@link Summaries}
     * @param evidence keeps the packets around alerts (the single-threaded pipeline's ring buffers), or NONE
     * @param errors   where problems the run survives go (a rule file that no longer compiles)
     */
    Downstream(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories, TransactionOutput output,
               EvidenceRecorder evidence, Consumer<String> errors) {
        this(journal, rulePack, advisories, output, evidence, errors, null);
    }

    /**
     * The merging stage of {@link ParallelPipeline}: the rules run on a thread of their own unless maintenance
     * windows keep them on the merging thread ({@link RulesHandOff#usable}).
     */
    Downstream(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories, TransactionOutput output,
               ParallelEvidence evidence, Consumer<String> errors) {
        this(journal, rulePack, advisories, output, evidence, errors, RulesHandOff.usable(rulePack) ? evidence : null);
    }

    /** @param handOffEvidence the workers' evidence when the rules get a thread of their own, else null */
    private Downstream(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories, TransactionOutput output,
                       EvidenceRecorder evidence, Consumer<String> errors, ParallelEvidence handOffEvidence) {
        this.journal = journal;
        AssetDirectory directory = new AssetDirectory() {
            @Override
            public String role(String ip) {
                return inventory.role(ip).value;
            }

            @Override
            public List<EventDoc> assets() {
                return inventory.assets();
            }

            @Override
            public boolean baselineLearning(String ip) {
                return baseline.learning(ip);
            }

            @Override
            public boolean baselineLearned(String ip) {
                return baseline.learned(ip);
            }

            @Override
            public boolean serves(String ip, String protocol) {
                return inventory.serves(ip, protocol);
            }
        };
        this.handOff = handOffEvidence == null ? null : new RulesHandOff(directory, handOffEvidence);
        this.rules = new RulesStage(journal, rulePack, this::maintenance, handOff == null ? directory : handOff.answers(),
                evidence, errors, !output.all());
        this.rulesInput = handOff == null ? rules : handOff;
        if (handOff != null) {
            handOff.start(rules);
        }
        inventory.useAdvisories(advisories);
        this.summaries = output.all() ? null : new Summaries(output.intervalNanos(), this::summary, rulesInput::folded);
        this.baseline = new BaselineEngine(BaselineConfig.learnWholeRun(), this::observation);
        baseline.citeWith(this::cite);
    }

    /**
     * Learns with {@code config}, continuing from the baseline saved in {@code saved} when it is not null (before
     * the first record).
     */
    synchronized void useBaseline(BaselineConfig config, Path saved) throws IOException {
        baseline = saved == null ? new BaselineEngine(config, this::observation)
                : BaselineFile.read(saved, config, this::observation);
        baseline.citeWith(this::cite);
    }

    /**
     * An observation keeps this evidence id: the transaction being accounted becomes a document of its own (not
     * folded into a summary); one already folded (an identity fact cites the transaction just before it) is
     * cited by the summary document that counts it. So every cited id is a document of the output.
     */
    private String cite(String id) {
        if (accounting != null && id.equals(accounting.id())) {
            cited = true;
            return id;
        }
        String summary = summaries == null ? null : summaries.summaryIdOf(id);
        return summary != null ? summary : id;
    }

    private void observation(Observation o) {
        events++;
        eventsByDataset.merge(ObservationFields.DATASET, 1L, Long::sum);
        journal.append(Journal.Stream.EVENTS, Documents.of(o));
        rulesInput.observation(o);
    }

    /** Moves the baseline's clock (silences and stopped rhythms are noticed on capture time). */
    private void clock(long nanos) {
        if (nanos > captureNanos) {
            captureNanos = nanos;
            baseline.tick(nanos);
        }
    }

    /**
     * The capture time of packets that may give no record (offline analysis; called at most once per capture
     * second): the baseline notices a silence when it is due, not at the next record.
     */
    synchronized void captureTime(long nanos) {
        clock(nanos);
    }

    /** Capture time passing without records (a quiet live network): silences noticed, maintenance documents due. */
    synchronized void tick(long nanos) {
        clock(nanos);
        if (summaries != null) {
            summaries.advance(nanos); // ended summary intervals are written
        }
        rulesInput.tick(nanos);
    }

    /**
     * A maintenance document (briefing, expected change, window summary) from the rules: an event (the rules are on
     * the feeding thread when there are windows).
     */
    private void maintenance(EventDoc doc) {
        events++;
        eventsByDataset.merge(doc.getString(Fields.EVENT_DATASET), 1L, Long::sum);
        journal.append(Journal.Stream.EVENTS, doc);
    }

    /** Between packets: the rules pick up changed rule files. */
    synchronized void maintain() {
        rulesInput.maintain();
    }

    /**
     * Queues an analyst's change for the baseline this stage learns with (callable from any thread): the thread
     * that feeds this stage applies it between packets ({@link #applyBaselineChanges}), saves {@code baseline.json}
     * and appends the audit record, as {@code linewatch baseline approve | unlearn} does offline.
     *
     * @return completed with what changed, or exceptionally (IllegalArgumentException: a key the baseline cannot
     *         take; IllegalStateException: the run has ended or too many changes wait)
     */
    CompletableFuture<String> requestBaselineChange(BaselineReview.Change change, long afterPacket) {
        CompletableFuture<String> done = new CompletableFuture<>();
        if (finished) {
            done.completeExceptionally(new IllegalStateException("the capture has ended: change its baseline with "
                    + "linewatch baseline approve | unlearn"));
        } else if (pendingChanges.incrementAndGet() > MAX_PENDING_CHANGES) {
            pendingChanges.decrementAndGet();
            done.completeExceptionally(new IllegalStateException(MAX_PENDING_CHANGES
                    + " baseline changes are already waiting for the capture"));
        } else {
            baselineChanges.add(new PendingChange(change, afterPacket, done));
            if (finished) {
                applyBaselineChanges(Long.MAX_VALUE); // the run ended meanwhile: nobody else drains the queue now
            }
        }
        return done;
    }

    /** Whether a baseline change waits (a volatile read: cheap enough to ask after every packet). */
    boolean baselineChangesPending() {
        return pendingChanges.get() > 0;
    }

    /**
     * On the feeding thread, between packets: the waiting baseline changes asked before packet {@code reached}
     * (every packet up to it has been through this stage), applied, saved and audited in the order asked.
     */
    synchronized void applyBaselineChanges(long reached) {
        for (PendingChange p; (p = baselineChanges.peek()) != null && p.afterPacket <= reached; ) {
            awaitBaselineWrite(); // the change's own save must not be overwritten by an older checkpoint
            baselineChanges.poll();
            pendingChanges.decrementAndGet();
            try {
                p.done.complete(BaselineReview.apply(baseline, journal.directory().resolve(BaselineFile.FILE_NAME), p.change));
            } catch (IOException | RuntimeException e) {
                p.done.completeExceptionally(e);
            }
        }
    }

    synchronized void transaction(Transaction t) {
        account(t);
        if (ownDocument(t)) {
            journal.append(Journal.Stream.EVENTS, Documents.of(t));
        }
        rulesInput.transaction(t);
    }

    /**
     * The same, for a transaction a worker thread may already have encoded as one NDJSON line ({@code len} 0: not
     * encoded, encoded here if it is written).
     */
    synchronized void transaction(Transaction t, byte[] json, int off, int len) {
        account(t);
        if (ownDocument(t)) {
            if (len > 0) {
                journal.appendEncoded(Journal.Stream.EVENTS, json, off, len, 1);
            } else {
                journal.append(Journal.Stream.EVENTS, Documents.of(t));
            }
        }
        rulesInput.transaction(t);
    }

    /** Whether the transaction is written as its own document (else its summary counts it), counted if it is. */
    private boolean ownDocument(Transaction t) {
        if (summaries != null && !summaries.offer(t, cited)) {
            return false;
        }
        events++;
        eventsByDataset.merge(t.protocol().dataset, 1L, Long::sum);
        return true;
    }

    private void summary(EventDoc doc) {
        events++;
        eventsByDataset.merge(SummaryFields.DATASET, 1L, Long::sum);
        journal.append(Journal.Stream.EVENTS, doc);
    }

    /** What the summary stage counted (empty with {@code --transactions all}). */
    synchronized Map<String, Long> transactionCounters() {
        return summaries == null ? Map.of() : summaries.counters();
    }

    private void account(Transaction t) {
        inventory.transaction(t);
        clock(t.timestampNanos());
        accounting = t;
        cited = false;
        baseline.transaction(t);
        accounting = null;
        changed = true;
    }

    synchronized void flowEnded(FlowRecord f) {
        accountFlow(f);
        journal.append(Journal.Stream.EVENTS, Documents.of(f));
    }

    synchronized void flowEnded(FlowRecord f, byte[] json, int off, int len) {
        accountFlow(f);
        journal.appendEncoded(Journal.Stream.EVENTS, json, off, len, 1);
    }

    private void accountFlow(FlowRecord f) {
        events++;
        eventsByDataset.merge(Values.DATASET_FLOW, 1L, Long::sum);
        inventory.flowEnded(f);
        clock(f.lastSeenNanos());
        baseline.flowEnded(f);
        changed = true;
        rulesInput.flowEnded(f);
    }

    /** The typed records of the dissectors, handed to this stage on the calling thread. */
    Records records() {
        return new Records() {
            @Override
            public void transaction(Transaction t) {
                Downstream.this.transaction(t);
            }

            @Override
            public void flowEnded(FlowRecord f) {
                Downstream.this.flowEnded(f);
            }
        };
    }

    synchronized void sighting(long timestampNanos, String ip, String mac, int vlan) {
        inventory.sighting(timestampNanos, ip, mac, vlan);
        clock(timestampNanos);
        baseline.sighting(timestampNanos, ip, mac);
        changed = true;
    }

    synchronized void identity(IdentityFact fact) {
        inventory.accept(fact);
        clock(fact.timestampNanos());
        baseline.identity(fact);
        changed = true;
    }

    /** What a previous run wrote ({@code assets.json}): a restarted sensor keeps its inventory. */
    synchronized int restore(List<EventDoc> assets) {
        return inventory.restore(assets);
    }

    /** Writes {@code assets.json} (atomically) every {@code nanos} of wall time while the inventory changes. */
    synchronized void checkpointEvery(long nanos) {
        checkpointNanos = nanos;
    }

    /**
     * Called between packets on the thread that owns this stage: a checkpoint when one is due. The baseline is
     * copied here (a consistent snapshot, cheap next to writing it) and written on {@link #baselineWriter}; while
     * the previous checkpoint's file is still being written the checkpoint waits for the next call.
     */
    synchronized void maybeCheckpoint() {
        if (checkpointNanos > 0 && changed && System.nanoTime() - lastCheckpoint >= checkpointNanos
                && baselineWriteDone()) {
            journal.writeAssets(inventory.assets());
            BaselineEngine snapshot = baseline.snapshot(); // a sensor killed now restarts with what it learned
            baselineWrite = baselineWriter().submit(() -> {
                writeBaseline(snapshot);
                return null;
            });
            lastCheckpoint = System.nanoTime();
            changed = false;
            checkpoints++;
        }
    }

    /** The thread checkpoints write {@code baseline.json} on, started by the first one. */
    private ExecutorService baselineWriter() {
        if (baselineWriter == null) {
            baselineWriter = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "linewatch-baseline-writer");
                t.setDaemon(true);
                return t;
            });
        }
        return baselineWriter;
    }

    /**
     * Whether no checkpoint's {@code baseline.json} is being written; a write that failed is thrown here (on the
     * thread that owns this stage, as a synchronous write's error was).
     */
    private boolean baselineWriteDone() {
        if (baselineWrite != null && !baselineWrite.isDone()) {
            return false;
        }
        awaitBaselineWrite();
        return true;
    }

    /** Waits for the checkpoint's {@code baseline.json} being written, if any, and throws its error. */
    private void awaitBaselineWrite() {
        if (baselineWrite == null) {
            return;
        }
        try {
            baselineWrite.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + BaselineFile.FILE_NAME + " was written", e);
        } finally {
            baselineWrite = null;
        }
    }

    synchronized long checkpoints() {
        return checkpoints;
    }

    /** Where {@link ParallelPipeline}'s merger marks the packets: the evidence, or the rules' hand-off. */
    PacketMarks packetMarks(ParallelEvidence evidence) {
        return handOff == null ? evidence : handOff;
    }

    /** The rules thread's waits (merger for the rules, rules for the merger, ms); empty without one. */
    Map<String, Long> rulesWaits() {
        if (handOff == null) {
            return Map.of();
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("merger waiting for the rules", handOff.mergerWaitedNanos() / 1_000_000);
        m.put("rules waiting for the merger", handOff.rulesWaitedNanos() / 1_000_000);
        return m;
    }

    /** The run failed before its end: the rules thread, if any, stops without writing. */
    void abandon() {
        if (handOff != null) {
            handOff.stop();
        }
    }

    /** The end of the input: the inventory and the baseline are written and the journal forced to disk. */
    synchronized void finish() {
        finished = true; // first: a change asked from now on is refused, or (queued meanwhile) applied by its caller
        applyBaselineChanges(Long.MAX_VALUE); // what was asked before the end is in the baseline written below
        if (summaries != null) {
            summaries.finish();
        }
        if (captureNanos != Long.MIN_VALUE) {
            baseline.finish(captureNanos);
        }
        // with a rules thread: waits for it and throws its failure; before the baseline is written: the rules'
        // questions to it (learning, learned) may settle a device
        rulesInput.finish();
        journal.writeAssets(inventory.assets()); // not beside the baseline's write: the two would add their peaks of heap
        awaitBaselineWrite(); // a checkpoint's older baseline must not land after the final one
        BaselineEngine last = baseline; // not a snapshot (it would double the baseline's heap): nothing changes it from here
        baselineWrite = baselineWriter().submit(() -> { // written while the journal is forced to disk
            writeBaseline(last);
            return null;
        });
        try {
            journal.sync();
        } finally {
            awaitBaselineWrite(); // the run ends with baseline.json written, or with its error
            baselineWriter.shutdown();
        }
    }

    /** {@code DIR/baseline.json}, atomically (a kill at any moment leaves the previous file or this one). */
    private void writeBaseline(BaselineEngine state) {
        try {
            BaselineFile.write(state, journal.directory().resolve(BaselineFile.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + BaselineFile.FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    synchronized Map<String, Long> baselineCounters() {
        return baseline.counters().asMap();
    }

    synchronized Map<String, Long> eventsByDataset() {
        return new TreeMap<>(eventsByDataset);
    }

    synchronized int assets() {
        return inventory.size();
    }

    synchronized Map<String, Long> inventoryCounters() {
        return new TreeMap<>(inventory.counters());
    }

    synchronized Map<String, Long> ruleCounters() {
        return rules.counters();
    }

    /** Copies of this stage's state; holds the pipeline for as long as the asset documents take to build. */
    synchronized Part snapshot() {
        List<Map<String, Object>> assets = new ArrayList<>();
        for (EventDoc d : inventory.assets()) {
            assets.add(PipelineSnapshot.freezeDoc(d.asMap()));
        }
        return new Part(events, rules.alerts(), new TreeMap<>(eventsByDataset), assets, rules.recentAlerts());
    }
}
