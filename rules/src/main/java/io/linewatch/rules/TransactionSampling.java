package io.linewatch.rules;

import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.model.transaction.TransactionKey;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which transactions the rules are shown ({@link RuleEngine}'s class comment): always, as the first of their key
 * in a minute, or not at all. It reads only the transaction and its own counts, never the rules' state, so it may
 * decide on the thread that hands the transactions to the rules (the pipeline's merging thread: only the
 * transactions shown are handed on) as long as one thread asks it, in the transactions' order.
 */
public final class TransactionSampling {
    /** Whether a transaction is shown to the rules: always (it matters on its own), as a sample, or not. */
    public enum Shown { ALWAYS, SAMPLED, NO }

    static final long SAMPLE_NANOS = 60_000_000_000L;
    static final int MAX_FAILURES_PER_PAIR_MINUTE = 500;
    /** Services that matter whatever their operation class. */
    static final Set<String> ALWAYS = Set.of("plc_password", "clear_password", "forward_open", "large_forward_open",
            "forward_close", "take_plc_reservation", "release_plc_reservation");
    /** CIP class 0xA1: the non-volatile storage object firmware updates are written through. */
    static final long CIP_NVS_CLASS = 0xA1;
    /** The typed operations shown every time (writes are sampled per key and objects). */
    private static final Set<Operation> STATE_CHANGING = EnumSet.of(
            Operation.PROGRAM, Operation.CONTROL, Operation.FIRMWARE, Operation.DISCOVERY);

    /**
     * The sampling key of a routine transaction: (actor, target, protocol, function, sub-function, unit) and, for a
     * write, its objects. Asked of every routine transaction (most of the traffic), so one probe is refilled per
     * transaction and only a key not yet held is copied into the map: the repeats allocate nothing.
     */
    private final TransactionKey probe = new TransactionKey();
    /** Each sampling key held, with the capture time it was last shown. */
    private final Map<TransactionKey, long[]> sampled = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<TransactionKey, long[]> e) {
            return size() > RuleEngine.MAX_SAMPLE_KEYS;
        }
    };
    /** Per (actor, target): the minute counted and the failures in it. */
    private final Map<RuleEngine.Pair, long[]> failures = new HashMap<>();
    /** Read by the counters from any thread. */
    private volatile long failuresNotShown;

    public Shown shown(Transaction t) {
        long ts = t.timestampNanos();
        Operation op = t.operation();
        if (t.seen() == Seen.MALFORMED || !t.anomalies().isEmpty()) {
            return Shown.ALWAYS;
        }
        if (t.outcome() == Outcome.FAILURE) {
            long minute = ts / SAMPLE_NANOS;
            long[] f = failures.computeIfAbsent(new RuleEngine.Pair(t.endpoints().clientIp(), t.endpoints().serverIp()),
                    k -> new long[2]);
            if (f[0] != minute) {
                f[0] = minute;
                f[1] = 0;
                if (failures.size() > RuleEngine.MAX_SAMPLE_KEYS) {
                    failures.clear();
                }
            }
            if (++f[1] <= MAX_FAILURES_PER_PAIR_MINUTE) {
                return Shown.ALWAYS;
            }
            failuresNotShown++; // one thread writes
            return Shown.NO;
        }
        if (op != null && STATE_CHANGING.contains(op)) {
            return Shown.ALWAYS;
        }
        if (t.action() != null && ALWAYS.contains(t.action())) {
            return Shown.ALWAYS;
        }
        var objects = t.objects();
        if (objects.length > 0 && "cip_object".equals(objects[0].area()) && objects[0].number() == CIP_NVS_CLASS) {
            return Shown.ALWAYS;
        }
        // a cyclic write repeats its key many times a second; a write to another object is shown at once
        probe.of(t.endpoints().clientIp(), t.endpoints().serverIp(), t.protocol(), t.function(), t.subfunction(),
                t.unit(), false, op == Operation.WRITE ? objects : null);
        long[] shown = sampled.get(probe);
        if (shown == null) {
            sampled.put(probe.copy(), new long[] {ts});
        } else if (ts - shown[0] < SAMPLE_NANOS) {
            return Shown.NO;
        } else {
            shown[0] = ts;
        }
        return Shown.SAMPLED;
    }

    /** Failures past {@link #MAX_FAILURES_PER_PAIR_MINUTE} for their pair in a minute. */
    long failuresNotShown() {
        return failuresNotShown;
    }
}
