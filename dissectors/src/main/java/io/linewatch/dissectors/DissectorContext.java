package io.linewatch.dissectors;

import io.linewatch.model.EventSink;
import io.linewatch.model.IdentitySink;
import java.util.Map;
import java.util.TreeMap;

/** What every dissector in one pipeline shares: where events and identity facts go, and counters. */
public final class DissectorContext {
    private final EventSink events;
    private final IdentitySink identities;
    private final Map<String, Long> counters = new TreeMap<>();

    public DissectorContext(EventSink events, IdentitySink identities) {
        this.events = events;
        this.identities = identities;
    }

    public EventSink events() {
        return events;
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
