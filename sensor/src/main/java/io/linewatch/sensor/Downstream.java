package io.linewatch.sensor;

import io.linewatch.baseline.inventory.AssetInventory;
import io.linewatch.baseline.inventory.advisories.AdvisoryLibrary;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.rules.RuleEngine;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happens to a document after the dissectors, in one place for the single-threaded and the parallel
 * pipeline: counted, seen by the asset inventory, journaled, offered to the rules (whose alerts are journaled).
 * Used from one thread at a time.
 */
final class Downstream {
    private final AssetInventory inventory = new AssetInventory();
    private final Journal journal;
    private final RuleEngine rules;
    private final Map<String, Long> eventsByDataset = new TreeMap<>();
    /** Wall time between inventory checkpoints (0: only at the end). */
    private long checkpointNanos;
    private long lastCheckpoint = System.nanoTime();
    private boolean changed;
    private long checkpoints;

    /** @param advisories CSAF advisories to match against the assets, or null */
    Downstream(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories) {
        this.journal = journal;
        this.rules = rulePack.newSession(alert -> journal.append(Journal.Stream.ALERTS, alert));
        inventory.useAdvisories(advisories);
    }

    void event(EventDoc doc) {
        account(doc);
        journal.append(Journal.Stream.EVENTS, doc);
        rules.accept(doc);
    }

    /** The same, for a document a worker thread already encoded as one NDJSON line. */
    void event(EventDoc doc, byte[] json, int off, int len) {
        account(doc);
        journal.appendEncoded(Journal.Stream.EVENTS, json, off, len, 1);
        rules.accept(doc);
    }

    private void account(EventDoc doc) {
        eventsByDataset.merge(doc.getString(Fields.EVENT_DATASET), 1L, Long::sum);
        inventory.transaction(doc);
        changed = true;
    }

    void sighting(long timestampNanos, String ip, String mac, int vlan) {
        inventory.sighting(timestampNanos, ip, mac, vlan);
        changed = true;
    }

    void identity(IdentityFact fact) {
        inventory.accept(fact);
        changed = true;
    }

    /** What a previous run wrote ({@code assets.json}): a restarted sensor keeps its inventory. */
    int restore(java.util.List<EventDoc> assets) {
        return inventory.restore(assets);
    }

    /** Writes {@code assets.json} (atomically) every {@code nanos} of wall time while the inventory changes. */
    void checkpointEvery(long nanos) {
        checkpointNanos = nanos;
    }

    /** Called between packets on the thread that owns this stage: a checkpoint when one is due. */
    void maybeCheckpoint() {
        if (checkpointNanos > 0 && changed && System.nanoTime() - lastCheckpoint >= checkpointNanos) {
            journal.writeAssets(inventory.assets());
            lastCheckpoint = System.nanoTime();
            changed = false;
            checkpoints++;
        }
    }

    long checkpoints() {
        return checkpoints;
    }

    /** The end of the input: the inventory is written and the journal forced to disk. */
    void finish() {
        journal.writeAssets(inventory.assets());
        journal.sync();
    }

    Map<String, Long> eventsByDataset() {
        return eventsByDataset;
    }

    int assets() {
        return inventory.size();
    }

    Map<String, Long> inventoryCounters() {
        return inventory.counters();
    }
}
