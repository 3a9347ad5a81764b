package io.linewatch.pipeline;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.baseline.BaselineEngine;
import io.linewatch.bench.BenchRecords;
import io.linewatch.inventory.AssetInventory;
import io.linewatch.model.transaction.Endpoints;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-transaction stages after the dissectors, each alone, on the typed transactions the dissectors make of
 * every OT-mix test capture: the summary stage ({@link Summaries#offer}, the default mode's fold), the asset
 * inventory ({@link AssetInventory#transaction}) and the baseline engine ({@link BaselineEngine#transaction},
 * learning). The transactions are in capture-time order, as the pipeline hands them on (recorded flow by flow, a
 * key's transactions came one after another: a locality no run has). Each invocation replays the whole list into a
 * stage that has seen the same transactions before (steady state: keys and hosts known), recorded a second time: as
 * in a run, where every transaction is a new object, the keys a stage keeps hold other objects than the one it is
 * shown (recorded once, the stage's key and the probe shared their arrays, so {@code equals} stopped at the first
 * identity check). Unlike a run, where a stage is handed the transaction just built, each transaction is loaded from
 * memory: {@link #touch} loads what the stages read and nothing else, the floor under every stage's figure. Read
 * transactions/s; {@link TransactionStagesCpuRate} rates the same invocations per CPU second. In package
 * {@code pipeline} because {@code Summaries} is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TransactionStagesBench {
    private List<Transaction> transactions;
    private Summaries summaries;
    private AssetInventory inventory;
    private BaselineEngine baseline;

    /** Transactions through the stage (the rate to read). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long transactions;

        @Setup(Level.Iteration)
        public void reset() {
            transactions = 0;
        }
    }

    @Setup
    public void record() {
        List<Transaction> seen = inTimeOrder(BenchRecords.otMixTransactions());
        transactions = inTimeOrder(BenchRecords.otMixTransactions());
        summaries = new Summaries(60_000_000_000L, doc -> { }, (id, firstId) -> { });
        inventory = new AssetInventory();
        for (Transaction t : seen) { // the devices exist before their transactions, as in a run
            inventory.sighting(t.timestampNanos(), t.endpoints().clientIp(), t.endpoints().clientMac(), -1);
            inventory.sighting(t.timestampNanos(), t.endpoints().serverIp(), t.endpoints().serverMac(), -1);
        }
        baseline = new BaselineEngine(BaselineConfig.learnWholeRun(), o -> { });
        for (Transaction t : seen) {
            summaries.offer(t);
            inventory.transaction(t);
            baseline.transaction(t);
        }
    }

    /** Sorted by capture time (stable: the transactions of one instant keep their order). */
    private static List<Transaction> inTimeOrder(List<Transaction> recorded) {
        List<Transaction> sorted = new ArrayList<>(recorded);
        sorted.sort(Comparator.comparingLong(Transaction::timestampNanos));
        return sorted;
    }

    /** What the stages read of each transaction (its addresses, protocol, time, action, objects), and nothing else. */
    @Benchmark
    public long touch(Counters c) {
        long sum = 0;
        for (Transaction t : transactions) {
            Endpoints e = t.endpoints();
            sum += t.timestampNanos() + t.protocol().ordinal() + t.function() + t.unit() + (t.operation() == null ? 0 : t.operation().ordinal())
                    + System.identityHashCode(e.clientIp()) + System.identityHashCode(e.serverIp())
                    + System.identityHashCode(t.action());
            for (ObjectRef o : t.objects()) {
                sum += o.start() + o.count() + o.number() + o.instance() + System.identityHashCode(o.area());
            }
        }
        c.transactions += transactions.size();
        return sum;
    }

    @Benchmark
    public long summaries(Counters c) {
        long own = 0;
        for (Transaction t : transactions) {
            own += summaries.offer(t) ? 1 : 0;
        }
        c.transactions += transactions.size();
        return own;
    }

    @Benchmark
    public void inventory(Counters c) {
        for (Transaction t : transactions) {
            inventory.transaction(t);
        }
        c.transactions += transactions.size();
    }

    @Benchmark
    public void baseline(Counters c) {
        for (Transaction t : transactions) {
            baseline.transaction(t);
        }
        c.transactions += transactions.size();
    }
}
