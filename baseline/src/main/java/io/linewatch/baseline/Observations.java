package io.linewatch.baseline;

import io.linewatch.model.EventIds;
import io.linewatch.model.transaction.Observation;
import io.linewatch.model.transaction.ObservationType;
import io.linewatch.model.transaction.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Open observations: the first occurrence of a departure is handed on at once; repeats of the same (type, key)
 * within the repeat interval only count (and add evidence up to a cap, and address ranges to what was seen);
 * when the interval is over the observation is handed on again, with the same id, if it grew.
 */
final class Observations {
    /** One departure as the engine found it (strings built only on this rare path). */
    record Departure(ObservationType type, String key, long nanos, String evidenceId, String actorIp, String actorMac,
                     int actorPort, String targetIp, String targetMac, int targetPort, Protocol protocol,
                     String expected, String seen, String message) {
    }

    static final class Open {
        Departure first;
        /** Its key in {@link #open}; its place there (insertion order), for handing expired ones on in that order. */
        String mapKey;
        long order;
        String id;
        long last;
        long count;
        long emittedCount;
        final List<String> evidence = new ArrayList<>(2);
        /** Addresses seen (reads and writes), or null: then the first departure's {@code seen} text stands. */
        IntervalSet ranges;

        Open copy() {
            Open c = new Open();
            c.first = first;
            c.mapKey = mapKey;
            c.id = id;
            c.last = last;
            c.count = count;
            c.emittedCount = emittedCount;
            c.evidence.addAll(evidence);
            c.ranges = ranges == null ? null : ranges.copy();
            return c;
        }
    }

    private final LinkedHashMap<String, Open> open = new LinkedHashMap<>();
    /**
     * The open observations by first occurrence, which is when their repeat interval ends: {@link #expire} looks at
     * the due ones only. One closed otherwise stays here until due, then is skipped.
     */
    private final PriorityQueue<Open> expiries = new PriorityQueue<>(Comparator.comparingLong((Open o) -> o.first.nanos()));
    private long opened;
    private final Consumer<Observation> sink;
    private final BaselineConfig config;
    /** Each evidence id as it is kept (the pipeline makes the cited transaction a document of its own). */
    UnaryOperator<String> citations = UnaryOperator.identity();
    long emitted;
    long closedEarly;

    Observations(BaselineConfig config, Consumer<Observation> sink) {
        this.config = config;
        this.sink = sink;
    }

    /** A departure found with everything it says already built (the rare ones: new devices, identities, scans). */
    void report(Departure d, long rangeStart, long rangeEnd) {
        report(d.type(), d.key(), d.nanos(), d.evidenceId(), rangeStart, rangeEnd, () -> d);
    }

    /**
     * A departure of {@code type} and {@code key} at {@code nanos}: a repeat of an open observation is counted, else
     * {@code departure} is built (its texts) and opens one.
     *
     * @param rangeStart addresses of a read or write departure ({@code rangeEnd > rangeStart}), else 0, 0
     */
    void report(ObservationType type, String key, long nanos, String evidenceId, long rangeStart, long rangeEnd,
                Supplier<Departure> departure) {
        String mapKey = type.wireName + ' ' + key;
        Open o = open.get(mapKey);
        if (o != null && nanos - o.first.nanos() >= config.repeatNanos()) {
            close(mapKey, o);
            o = null;
        }
        if (o != null) {
            o.count++;
            o.last = Math.max(o.last, nanos);
            if (evidenceId != null && o.evidence.size() < config.maxEvidence() && !o.evidence.contains(evidenceId)) {
                o.evidence.add(citations.apply(evidenceId));
            }
            if (o.ranges != null && rangeEnd > rangeStart) {
                o.ranges.add(rangeStart, rangeEnd, config.maxIntervals());
            }
            return;
        }
        if (open.size() >= config.maxOpenObservations()) {
            Iterator<java.util.Map.Entry<String, Open>> it = open.entrySet().iterator();
            java.util.Map.Entry<String, Open> eldest = it.next();
            it.remove();
            emitIfGrown(eldest.getValue());
            closedEarly++;
        }
        Departure d = departure.get();
        o = new Open();
        o.first = d;
        o.id = EventIds.of("observation", d.type().wireName, d.key(), d.evidenceId() == null ? d.nanos() : d.evidenceId());
        o.last = d.nanos();
        o.count = 1;
        if (d.evidenceId() != null) {
            o.evidence.add(citations.apply(d.evidenceId()));
        }
        if (rangeEnd > rangeStart) {
            o.ranges = new IntervalSet();
            o.ranges.add(rangeStart, rangeEnd, config.maxIntervals());
        }
        keep(mapKey, o);
        emit(o);
    }

    /** Puts an observation in {@link #open} and the expiry queue. */
    private void keep(String mapKey, Open o) {
        Open replaced = open.put(mapKey, o);
        o.mapKey = mapKey;
        o.order = replaced == null ? opened++ : replaced.order; // a replaced key keeps its place in the map
        expiries.add(o);
    }

    /**
     * The first record of something reported before any record stood behind it (a new device seen in a packet):
     * the open observation cites it and is handed on again, with the same id.
     */
    void addEvidence(ObservationType type, String key, String evidenceId) {
        Open o = open.get(type.wireName + ' ' + key);
        if (o != null && evidenceId != null && o.evidence.isEmpty()) {
            o.evidence.add(citations.apply(evidenceId));
            emit(o);
        }
    }

    private void close(String mapKey, Open o) {
        open.remove(mapKey);
        emitIfGrown(o);
    }

    private void emitIfGrown(Open o) {
        if (o.count > o.emittedCount) {
            emit(o);
        }
    }

    private void emit(Open o) {
        Departure d = o.first;
        String seen = o.ranges != null ? d.seen() + " " + rangesText(o.ranges) : d.seen();
        sink.accept(new Observation(o.id, d.type(), d.key(), d.nanos(), o.last, o.count, d.actorIp(), d.actorMac(),
                d.actorPort(), d.targetIp(), d.targetMac(), d.targetPort(), d.protocol(), d.expected(), seen,
                d.message(), List.copyOf(o.evidence)));
        o.emittedCount = o.count;
        emitted++;
    }

    /** Every address range, {@code a-b,c}: the form approve reads back from an observation. */
    static String rangesText(IntervalSet s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.intervals(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(s.start(i));
            if (s.end(i) - s.start(i) > 1) {
                b.append('-').append(s.end(i) - 1);
            }
        }
        return b.toString();
    }

    /** Closes the observations whose repeat interval is over at {@code now}, handed on in their order in {@link #open}. */
    void expire(long now) {
        List<Open> due = new ArrayList<>();
        for (Open o; (o = expiries.peek()) != null && now - o.first.nanos() >= config.repeatNanos(); ) {
            expiries.poll();
            if (open.get(o.mapKey) == o) {
                due.add(o);
            }
        }
        due.sort(Comparator.comparingLong((Open o) -> o.order));
        for (Open o : due) {
            open.remove(o.mapKey);
            emitIfGrown(o);
        }
    }

    /** Hands on every open observation that grew since it was last handed on (they stay open). */
    void flush() {
        for (Open o : open.values()) {
            emitIfGrown(o);
        }
    }

    int openCount() {
        return open.size();
    }

    Iterable<java.util.Map.Entry<String, Open>> openEntries() {
        return open.entrySet();
    }

    /** Copies of the open observations into {@code into} (a snapshot's, which hands nothing on). */
    void copyOpenInto(Observations into) {
        open.forEach((mapKey, o) -> into.restore(mapKey, o.copy()));
    }

    void restore(String mapKey, Open o) {
        keep(mapKey, o);
    }

    /** Forgets open observations of that key (after approve/unlearn). */
    void forget(String key) {
        open.values().removeIf(o -> o.first.key().equals(key));
    }
}
