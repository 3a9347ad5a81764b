package io.linewatch.pipeline;

import io.linewatch.model.EventDoc;
import io.linewatch.model.EventIds;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import io.linewatch.model.schema.SummaryFields;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.model.transaction.TransactionKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The summary stage of {@code --transactions notable} (the default): decides, after the inventory and the rules
 * have seen a transaction and before the journal, whether it is written as a document of its own or folded into
 * the {@code linewatch.summary} document of its key, (client, server, protocol, function and sub-function, unit,
 * objects acted on, direction), for the current interval of capture time.
 *
 * <p>A document of its own whatever its key did before ({@link #always}): control and discovery operations,
 * session and security functions (connection set-up, passwords; not keep-alives), every exception or error reply,
 * every malformed record, every transaction with an anomaly; and the first transaction of each key in the run.
 * Writes, program and firmware operations ({@link #repeatable}) are actions: each has a document of its own
 * unless it repeats the action just before it on its key, which adds nothing an analyst needs to see again:
 * <ul>
 * <li>a write (or any transaction carrying written values) folds when it writes exactly the values the key's
 * previous write wrote (a cyclic HMI write of an unchanged set-point); a new value, another object (another
 * key), or a write whose values were not decoded keeps its own document;</li>
 * <li>a program or firmware transaction folds when the previous program or firmware transaction between the same
 * client, server and protocol was of the same key, at most {@link #TRANSFER_GAP_NANOS} before: the further
 * blocks of one transfer (CIP NVS update blocks, S7 download and upload blocks). The transfer's start and end,
 * the first block of each transfer and of each distinct block (another object is another key), and every
 * failure keep their own documents.</li>
 * </ul>
 * Everything else (polling reads, diagnostics, cyclic I/O reports, keep-alives) and the repeats above are counted
 * in their key's summary, so every transaction is counted in exactly one document.
 *
 * <p>Intervals are aligned multiples of the interval length in capture time. When a transaction of a later
 * interval arrives (or {@link #advance} is called with a later time), every summary with a count is written,
 * in the order its key was first seen, and the next interval starts; a transaction that arrives late (an earlier
 * interval than the current one) is folded into the current interval. {@link #finish} writes what is left.
 * Memory is bounded: at most {@value #MAX_KEYS} keys are remembered; past that every summary is written and
 * the stage starts over (counted as {@code key_resets}: the first transaction of a key then gets a document of
 * its own again). Values are kept for at most {@value #MAX_VARIABLES} addresses per summary; the others are
 * counted in {@code variables_overflow}.
 *
 * <p>Single-threaded: {@link Downstream} calls it under its lock.
 */
final class Summaries {
    static final int MAX_KEYS = 100_000;
    static final int MAX_VARIABLES = 32;
    /** A pause longer than this between two blocks of a transfer starts a new transfer (its first block stays). */
    static final long TRANSFER_GAP_NANOS = 60_000_000_000L;
    private static final List<String> NETWORK = List.of("network");

    private final long intervalNanos;
    private final Consumer<EventDoc> out;
    private final LinkedHashMap<TransactionKey, State> keys = new LinkedHashMap<>();
    /** Reused for look-ups: a key is copied only when it is new. */
    /** The look-up probe: the summary key of (client, server, protocol, function, sub-function, unit, direction, objects). */
    private final TransactionKey probe = new TransactionKey();
    /** Told of every repeated action folded (id, the first id of its summary): the alerts name its summary. */
    private final BiConsumer<String, String> foldedActions;
    /** Per (client, server, protocol): the key of its latest program or firmware transaction (a transfer's key). */
    private final java.util.HashMap<Pair, State> transfers = new java.util.HashMap<>();
    private long interval = Long.MIN_VALUE;
    private long transactions;
    private long own;
    private long folded;
    private long summaries;
    private long keyResets;
    /** The last transaction offered, when it was folded, and the first id of the summary that counts it. */
    private Transaction lastFolded;
    private String lastFoldedFirstId;

    /**
     * @param out           receives each summary document, in order
     * @param foldedActions told of each repeated action folded (its id, the first id of its summary), in order
     */
    Summaries(long intervalNanos, Consumer<EventDoc> out, BiConsumer<String, String> foldedActions) {
        this.intervalNanos = intervalNanos;
        this.out = out;
        this.foldedActions = foldedActions;
    }

    /**
     * Accounts one transaction.
     *
     * @return true when it is to be written as a document of its own, false when its key's summary counts it
     */
    boolean offer(Transaction t) {
        return offer(t, false);
    }

    /**
     * Accounts one transaction; {@code cited} (evidence of an observation) makes it a document of its own.
     *
     * @return true when it is to be written as a document of its own, false when its key's summary counts it
     */
    boolean offer(Transaction t, boolean cited) {
        transactions++;
        advance(t.timestampNanos());
        Endpoints e = t.endpoints();
        probe.of(party(e.clientIp(), e.clientMac()), party(e.serverIp(), e.serverMac()), t.protocol(), t.function(),
                t.subfunction(), t.unit(), t.reversed(), t.objects());
        State s = keys.get(probe);
        boolean first = s == null;
        if (first) {
            if (keys.size() >= MAX_KEYS) {
                flush();
                keys.clear();
                transfers.clear();
                keyResets++;
            }
            s = new State(probe.copy(), t);
            keys.put(s.key, s);
        }
        boolean repeat = repeats(s, t); // remembered for the key's next action, whatever this one becomes
        boolean notable = first || cited || always(t) || (repeatable(t) && !repeat);
        s.add(t, notable);
        if (notable) {
            own++;
            lastFolded = null;
        } else {
            folded++;
            lastFolded = t;
            lastFoldedFirstId = s.firstId;
            if (repeat) {
                foldedActions.accept(t.id(), s.firstId);
            }
        }
        return notable;
    }

    /** Whether a transaction is an action or matters on its own (a repeated action may still fold: {@link #repeats}). */
    static boolean notable(Transaction t) {
        return always(t) || repeatable(t);
    }

    /** Whether a transaction matters on its own, whatever its key has done before. */
    static boolean always(Transaction t) {
        if (t.seen() == Seen.MALFORMED || t.outcome() == Outcome.FAILURE || !t.anomalies().isEmpty()) {
            return true;
        }
        Operation op = t.operation();
        if (op == null) {
            return true;
        }
        return switch (op) {
            case CONTROL, DISCOVERY -> true;
            case SESSION -> !"keep_alive".equals(t.action());
            case WRITE, PROGRAM, FIRMWARE, READ, DIAGNOSTIC, OTHER -> false;
        };
    }

    /** Writes (and transactions carrying written values), program and firmware operations: actions. */
    static boolean repeatable(Transaction t) {
        Operation op = t.operation();
        return op == Operation.WRITE || op == Operation.PROGRAM || op == Operation.FIRMWARE
                || (op != null && t.values() != null && t.valuesWritten());
    }

    /**
     * Whether an action repeats the one just before it on its key (see the class comment), remembered for the next
     * one; false for anything else. Rules, inventory and baseline see the transaction either way.
     */
    private boolean repeats(State s, Transaction t) {
        Operation op = t.operation();
        if (op == Operation.PROGRAM || op == Operation.FIRMWARE) {
            if (s.transfer == null) {
                s.transfer = new Pair(s.key.client(), s.key.server(), s.key.protocol());
            }
            State previous = transfers.put(s.transfer, s);
            long gap = t.timestampNanos() - s.lastTransfer;
            s.lastTransfer = t.timestampNanos();
            // s.action: the key's latest transaction's (two PI services may share a key, not an action)
            return previous == s && gap >= 0 && gap <= TRANSFER_GAP_NANOS && t.action() != null
                    && t.action().equals(s.action);
        }
        if (!repeatable(t) || t.seen() == Seen.MALFORMED) {
            return false;
        }
        long[] written = t.valuesWritten() ? t.values() : null;
        long[] before = s.lastWritten;
        s.lastWritten = written; // transactions are not changed once handed on: the array is kept as it is
        return written != null && before != null && Arrays.equals(written, before) && t.action() != null
                && t.action().equals(s.action);
    }

    /** The two ends and the protocol of a transfer. */
    private record Pair(String client, String server, Protocol protocol) {
    }

    /**
     * The id of the summary document that counts the transaction with this id, if it is the last one offered and
     * was folded (an identity fact cites the transaction it came from, just after it); else null.
     */
    String summaryIdOf(String transactionId) {
        return lastFolded != null && lastFolded.id().equals(transactionId) ? summaryId(lastFoldedFirstId) : null;
    }

    static String summaryId(String firstId) {
        return EventIds.of("summary", firstId);
    }

    /** Capture time has reached {@code nowNanos}: an interval that ended is written. */
    void advance(long nowNanos) {
        long i = Math.floorDiv(nowNanos, intervalNanos);
        if (i > interval) {
            if (interval != Long.MIN_VALUE) {
                flush();
            }
            interval = i;
        }
    }

    /** The end of the input: every summary with a count is written. */
    void finish() {
        flush();
    }

    private void flush() {
        for (Iterator<State> it = keys.values().iterator(); it.hasNext();) {
            State s = it.next();
            if (s.count > 0) {
                out.accept(s.document(interval * intervalNanos));
                summaries++;
            }
            s.reset();
        }
    }

    /** Transactions seen, written on their own, folded, summary documents written, key table resets. */
    Map<String, Long> counters() {
        Map<String, Long> m = new TreeMap<>();
        m.put("transactions", transactions);
        m.put("own_documents", own);
        m.put("folded", folded);
        m.put("summaries", summaries);
        if (keyResets > 0) {
            m.put("key_resets", keyResets);
        }
        return m;
    }

    /** Values the keys have room for now (for tests: room follows what the transactions carried). */
    int valueRoom() {
        int room = 0;
        for (State s : keys.values()) {
            room += s.present == null ? 0 : s.present.length;
        }
        return room;
    }

    /** A party of the key: its IP address, or its MAC for a layer-2 record that names no address. */
    private static String party(String ip, String mac) {
        return ip != null ? ip : mac != null ? mac : "";
    }

    /** A key's accumulation for the current interval, and what its document says about the key. */
    private static final class State {
        final TransactionKey key;
        // from the key's most recent transaction: what the document names
        private Endpoints endpoints;
        private String action;
        private Operation operation;
        private String firstId;
        private long count;
        private long notable;
        private long exceptions;
        private long unanswered;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;
        private long previous = Long.MIN_VALUE;
        private long periods;
        private double periodMean;
        private double periodM2;
        private long durations;
        private long durationSum;
        private long durationMax = -1;
        private long base;
        private int variables;
        private long[] min;
        private long[] max;
        private long[] lastValue;
        private boolean[] present;
        private long overflow;
        // kept across intervals: what the key's previous action was (see repeats)
        private long[] lastWritten;
        private long lastTransfer = Long.MIN_VALUE;
        /** For a program or firmware key: its (client, server, protocol), made once instead of per transaction. */
        private Pair transfer;

        State(TransactionKey key, Transaction t) {
            this.key = key;
            ObjectRef[] objects = t.objects();
            this.base = objects.length > 0 && objects[0].start() >= 0 ? objects[0].start() : 0;
        }

        void add(Transaction t, boolean own) {
            long ts = t.timestampNanos();
            if (firstId == null) {
                firstId = t.id(); // the summary's id derives from it: one transaction is in one summary only
            }
            endpoints = t.endpoints();
            action = t.action();
            operation = t.operation();
            first = Math.min(first, ts);
            last = Math.max(last, ts);
            if (previous != Long.MIN_VALUE && ts >= previous) {
                // Welford's running mean and variance of the time between consecutive transactions
                double period = ts - previous;
                periods++;
                double delta = period - periodMean;
                periodMean += delta / periods;
                periodM2 += delta * (period - periodMean);
            }
            previous = Math.max(previous, ts);
            if (t.outcome() == Outcome.FAILURE) {
                exceptions++;
            }
            if (own) {
                notable++;
                return;
            }
            count++;
            if (t.seen() == Seen.REQUEST) {
                unanswered++;
            }
            if (t.durationNanos() >= 0) {
                durations++;
                durationSum += t.durationNanos();
                durationMax = Math.max(durationMax, t.durationNanos());
            }
            long[] v = t.values();
            if (v != null && v.length > 0) {
                values(v);
            }
        }

        private void values(long[] v) {
            int n = Math.min(v.length, MAX_VARIABLES);
            if (present == null || present.length < n) {
                room(n);
            }
            for (int i = 0; i < n; i++) {
                long x = v[i];
                if (!present[i]) {
                    present[i] = true;
                    min[i] = x;
                    max[i] = x;
                    variables = Math.max(variables, i + 1);
                } else {
                    min[i] = Math.min(min[i], x);
                    max[i] = Math.max(max[i], x);
                }
                lastValue[i] = x;
            }
            overflow = Math.max(overflow, v.length - n);
        }

        /**
         * Room for {@code n} values: as many as the key's transactions carried so far, not {@link #MAX_VARIABLES}
         * (a poll of two registers kept 32 of each: 800 bytes per key, 75 MB of the heap with 100,000 polled flows).
         */
        private void room(int n) {
            min = grown(min, n);
            max = grown(max, n);
            lastValue = grown(lastValue, n);
            present = present == null ? new boolean[n] : Arrays.copyOf(present, n);
        }

        private static long[] grown(long[] a, int n) {
            return a == null ? new long[n] : Arrays.copyOf(a, n);
        }

        EventDoc document(long intervalStart) {
            boolean rev = key.reversed();
            Endpoints e = endpoints;
            EventDoc d = new EventDoc();
            d.put(Fields.TIMESTAMP, Timestamps.iso(first));
            d.put(Fields.EVENT_ID, summaryId(firstId));
            d.put(Fields.EVENT_KIND, Values.KIND_EVENT);
            d.put(Fields.EVENT_CATEGORY, NETWORK);
            d.put(Fields.EVENT_DATASET, SummaryFields.DATASET);
            d.put(Fields.EVENT_ACTION, action);
            // first is @timestamp: event.start and event.duration (last - first) would say it again
            d.put(Fields.EVENT_END, Timestamps.iso(last));
            d.put(Fields.SOURCE_IP, rev ? e.serverIp() : e.clientIp());
            d.put(Fields.SOURCE_MAC, rev ? e.serverMac() : e.clientMac());
            d.put(Fields.DESTINATION_IP, rev ? e.clientIp() : e.serverIp());
            int port = rev ? e.clientPort() : e.serverPort();
            if (e.transport() != null || port >= 0) {
                d.put(Fields.DESTINATION_PORT, port); // layer-2 records have none
            }
            d.put(Fields.DESTINATION_MAC, rev ? e.clientMac() : e.serverMac());
            d.put(Fields.NETWORK_TRANSPORT, e.transport());
            d.put(Fields.NETWORK_PROTOCOL, key.protocol().wireName);
            if (e.vlan() >= 0) {
                d.put(Fields.NETWORK_VLAN_ID, e.vlan());
            }
            if (e.clientIp() == null || e.serverIp() == null) {
                String known = e.clientIp() != null ? e.clientIp() : e.serverIp();
                d.put(Fields.RELATED_IP, known == null ? null : List.of(known)); // layer 2: addresses only when named
            } else {
                d.put(Fields.RELATED_IP, e.clientIp().equals(e.serverIp()) ? List.of(e.clientIp())
                        : rev ? List.of(e.serverIp(), e.clientIp()) : List.of(e.clientIp(), e.serverIp()));
            }
            if (operation != null) {
                d.put(Fields.OT_OPERATION, operation.wireName);
            }
            d.put(SummaryFields.COUNT, count);
            // the other counters only when not 0: a summary is written per key and interval, most count nothing else
            putIfPositive(d, SummaryFields.NOTABLE, notable);
            putIfPositive(d, SummaryFields.EXCEPTIONS, exceptions);
            putIfPositive(d, SummaryFields.UNANSWERED, unanswered);
            d.put(SummaryFields.INTERVAL_START, Timestamps.iso(intervalStart));
            if (periods > 0) {
                d.put(SummaryFields.PERIOD_MEAN, Math.round(periodMean));
                d.put(SummaryFields.PERIOD_JITTER, Math.round(Math.sqrt(periodM2 / periods)));
            }
            if (durations > 0) {
                d.put(SummaryFields.DURATION_MEAN, durationSum / durations);
                d.put(SummaryFields.DURATION_MAX, durationMax);
            }
            if (key.function() >= 0) {
                d.put(SummaryFields.FUNCTION, key.function());
            }
            if (key.subfunction() >= 0) {
                d.put(SummaryFields.SUBFUNCTION, key.subfunction());
            }
            if (key.unit() >= 0) {
                d.put(SummaryFields.UNIT, key.unit());
            }
            if (key.objects().length > 0) {
                List<Map<String, Object>> objects = new ArrayList<>(key.objects().length);
                for (ObjectRef o : key.objects()) {
                    objects.add(object(o));
                }
                d.put(SummaryFields.OBJECTS_FIELD, objects);
            }
            if (variables > 0) {
                List<Map<String, Object>> vars = new ArrayList<>(variables);
                for (int i = 0; i < variables; i++) {
                    if (present[i]) {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("address", base + i);
                        if (min[i] != max[i]) { // a value that did not change in the interval is its last only
                            v.put("min", min[i]);
                            v.put("max", max[i]);
                        }
                        v.put("last", lastValue[i]);
                        vars.add(v);
                    }
                }
                d.put(SummaryFields.VARIABLES, vars);
            }
            if (overflow > 0) {
                d.put(SummaryFields.VARIABLES_OVERFLOW, overflow);
            }
            return d;
        }

        private static Map<String, Object> object(ObjectRef o) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("area", o.area());
            putIfSet(m, "number", o.number());
            putIfSet(m, "instance", o.instance());
            putIfSet(m, "attribute", o.attribute());
            putIfSet(m, "start", o.start());
            putIfSet(m, "count", o.count());
            if (o.name() != null) {
                m.put("name", o.name());
            }
            return m;
        }

        private static void putIfPositive(EventDoc d, String field, long value) {
            if (value > 0) {
                d.put(field, value);
            }
        }

        private static void putIfSet(Map<String, Object> m, String name, long value) {
            if (value >= 0) {
                m.put(name, value);
            }
        }

        /** A new interval: the counts start again; the key (and when it was last seen) stays. */
        void reset() {
            endpoints = null; // the flow is not pinned past its interval
            firstId = null;
            count = 0;
            notable = 0;
            exceptions = 0;
            unanswered = 0;
            first = Long.MAX_VALUE;
            last = Long.MIN_VALUE;
            periods = 0;
            periodMean = 0;
            periodM2 = 0;
            durations = 0;
            durationSum = 0;
            durationMax = -1;
            variables = 0;
            overflow = 0;
            if (present != null) {
                Arrays.fill(present, false);
            }
        }
    }
}
