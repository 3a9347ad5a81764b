package io.linewatch.pipeline;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.baseline.BaselineEngine;
import io.linewatch.bench.BenchRecords;
import io.linewatch.inventory.AssetInventory;
import io.linewatch.model.transaction.Transaction;
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
 * every OT-mix test capture (recorded once): the summary stage ({@link Summaries#offer}, the default mode's
 * fold), the asset inventory ({@link AssetInventory#transaction}) and the baseline engine
 * ({@link BaselineEngine#transaction}, learning). Each invocation replays the whole list into a stage that has
 * seen it before (steady state: keys and hosts known). Read transactions/s. In package {@code pipeline} because
 * {@code Summaries} is package-private.
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
        transactions = BenchRecords.otMixTransactions();
        summaries = new Summaries(60_000_000_000L, doc -> { });
        inventory = new AssetInventory();
        for (Transaction t : transactions) { // the devices exist before their transactions, as in a run
            inventory.sighting(t.timestampNanos(), t.endpoints().clientIp(), t.endpoints().clientMac(), -1);
            inventory.sighting(t.timestampNanos(), t.endpoints().serverIp(), t.endpoints().serverMac(), -1);
        }
        baseline = new BaselineEngine(BaselineConfig.learnWholeRun(), o -> { });
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
