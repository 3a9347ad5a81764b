package io.linewatch.dissectors;

import io.linewatch.model.EventSink;
import io.linewatch.model.transaction.Documents;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.model.IdentitySink;
import java.util.Map;
import java.util.TreeMap;

/** What every dissector in one pipeline shares: where events and identity facts go, and counters. */
public final class DissectorContext {
    private final Records records;
    private final IdentitySink identities;
    private final Map<String, Long> counters = new TreeMap<>();

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
        counters.merge(name, delta, Long::sum);
    }

    public Map<String, Long> counters() {
        return counters;
    }
}
