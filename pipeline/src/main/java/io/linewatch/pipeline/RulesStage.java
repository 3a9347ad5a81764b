package io.linewatch.pipeline;

import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.EventSink;
import io.linewatch.model.Fields;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.rules.AssetDirectory;
import io.linewatch.rules.EvidenceRecorder;
import io.linewatch.rules.RuleEngine;
import io.linewatch.rules.TransactionSampling;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The rules' side of {@link Downstream}: the rule engine (its alerts and its maintenance planner together), the
 * summaries of the folded actions the alerts cite, and the alerts' way into the journal and the live snapshot.
 * Fed in the order of the records, on the thread that feeds {@link Downstream} or on a thread of its own
 * ({@link RulesHandOff}); every method but {@link #shown} (the hand-off's, on the merging thread alone) holds this
 * object's lock, so the counters and the snapshot may be read from any thread.
 */
final class RulesStage implements RulesHandOff.Rules {
    private final Journal journal;
    private final RuleEngine rules;
    /** Null with {@code --transactions all}: every transaction is a document of its own. */
    private final FoldedActions folded;
    private final ArrayDeque<Map<String, Object>> recentAlerts = new ArrayDeque<>();
    private long alerts;

    /**
     * @param maintenance where the maintenance planner's documents go (the events stream, in the records' order)
     * @param assets      what the rules ask of the inventory and the baseline
     * @param summarised  whether transactions are summarised (then an alert names the summary of a folded action)
     */
    RulesStage(Journal journal, RuleEngine.Pack pack, EventSink maintenance, AssetDirectory assets,
               EvidenceRecorder evidence, Consumer<String> errors, boolean summarised) {
        this.journal = journal;
        this.folded = summarised ? new FoldedActions() : null;
        this.rules = pack.newSession(new RuleEngine.Outputs(this::alert, maintenance, assets, evidence, errors));
    }

    @Override
    public synchronized void transaction(Transaction t) {
        rules.accept(t);
    }

    @Override
    public TransactionSampling.Shown shown(Transaction t) {
        return rules.sampling().shown(t);
    }

    @Override
    public synchronized void transaction(Transaction t, TransactionSampling.Shown shown) {
        rules.accept(t, shown);
    }

    @Override
    public synchronized void observation(Observation o) {
        rules.accept(o);
    }

    @Override
    public synchronized void flowEnded(FlowRecord f) {
        rules.accept(f);
    }

    @Override
    public synchronized void folded(String transactionId, String firstId) {
        folded.folded(transactionId, firstId);
    }

    /** Maintenance documents fall due. */
    @Override
    public synchronized void tick(long nanos) {
        rules.tick(nanos);
    }

    @Override
    public synchronized void maintain() {
        rules.reloadIfChanged();
    }

    @Override
    public synchronized void finish() {
        rules.finish();
    }

    /** An alert, new or updated (same id, higher {@code linewatch.alert.count}): the journal keeps every version. */
    synchronized void alert(EventDoc alert) {
        if (folded != null && alert.get(Fields.EVIDENCE_EVENT_IDS) instanceof List<?> ids) {
            // a folded action the rules cite is named by the summary that counts it: every cited id is a document
            List<String> documents = new ArrayList<>(ids.size());
            for (Object id : ids) {
                String d = folded.documentOf(String.valueOf(id));
                if (!documents.contains(d)) {
                    documents.add(d);
                }
            }
            alert.put(Fields.EVIDENCE_EVENT_IDS, documents);
        }
        journal.append(Journal.Stream.ALERTS, alert);
        Long count = alert.getLong(Fields.ALERT_COUNT);
        if (count == null || count == 1) {
            alerts++;
        }
        String id = alert.id();
        recentAlerts.removeIf(a -> id != null && a.get("event") instanceof Map<?, ?> e && id.equals(e.get("id")));
        if (recentAlerts.size() == PipelineSnapshot.RECENT_ALERTS) {
            recentAlerts.removeFirst();
        }
        recentAlerts.addLast(PipelineSnapshot.freezeDoc(alert.asMap()));
    }

    /** Alerts raised (distinct ids). */
    synchronized long alerts() {
        return alerts;
    }

    /** The last {@value PipelineSnapshot#RECENT_ALERTS} alerts at most, oldest first. */
    synchronized List<Map<String, Object>> recentAlerts() {
        return new ArrayList<>(recentAlerts);
    }

    synchronized Map<String, Long> counters() {
        return new TreeMap<>(rules.counters());
    }
}
