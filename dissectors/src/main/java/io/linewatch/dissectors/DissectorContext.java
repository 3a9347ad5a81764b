package io.linewatch.dissectors;

import io.linewatch.model.EventSink;
import io.linewatch.model.transaction.Documents;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.model.IdentitySink;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** What every dissector in one pipeline shares: where events and identity facts go, and counters. */
public final class DissectorContext {
    private final Records records;
    private final IdentitySink identities;
    /** Mutable cells: counting on the per-PDU path boxes no Long and walks no tree. */
    private final Map<String, long[]> counters = new HashMap<>();

    /** Typed records go to {@code records}, the next stage. */
    public DissectorContext(Records records, IdentitySink identities) {
        this.records = records;
        this.identities = identities;
    }

    /** Typed records are written as documents to {@code events} (tests and tools that want documents). */
    public DissectorContext(EventSink events, IdentitySink identities) {
        this.identities = identities;
        this.records = new Records() {
            @Override
            public void transaction(Transaction t) {
                events.accept(Documents.of(t));
            }

            @Override
            public void flowEnded(FlowRecord f) {
                events.accept(Documents.of(f));
            }
        };
    }

    public Records records() {
        return records;
    }

    public IdentitySink identities() {
        return identities;
    }

    /** Adds to a named counter, {@code protocol.what} (e.g. {@code modbus.unmatched_responses}). */
    public void count(String name, long delta) {
        long[] cell = counters.get(name);
        if (cell == null) {
            counters.put(name, new long[] {delta});
        } else {
            cell[0] += delta;
        }
    }

    /** The counters by name, sorted: a copy, taken on the thread that counts. */
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((name, cell) -> out.put(name, cell[0]));
        return out;
    }
}
