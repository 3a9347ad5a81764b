package io.linewatch.bench;

import io.linewatch.baseline.BaselineConfig;
import io.linewatch.baseline.BaselineEngine;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The baseline engine's update path alone (docs/BASELINE.md, docs/PERFORMANCE.md "Baselines"): the typed
 * transactions of the OT-mix captures (testdata/pcaps/{modbus,s7comm,enip}, dissected once, in capture-time
 * order) fed to a fresh {@link BaselineEngine}. {@code learn}: the whole run learns (analyze without a learning
 * option). {@code monitor}: the engine has learned the first half of the transactions (set up per invocation,
 * not timed) and judges the second half, reporting what departs. Read transactions/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BaselineBench {
    private Transaction[] transactions;
    private int half;
    private long learnUntil;
    private BaselineEngine monitoring;
    private long observations;

    @Setup
    public void record() {
        List<Transaction> all = new ArrayList<>();
        Records records = new Records() {
            @Override
            public void transaction(Transaction t) {
                all.add(t);
            }

            @Override
            public void flowEnded(FlowRecord f) {
            }
        };
        DissectorContext context = new DissectorContext(records, fact -> { });
        RecordedFlows recorded = new RecordedFlows(BenchInputs.decoded(BenchInputs.frames(BenchInputs.captures(BenchInputs.OT_MIX))));
        List<DissectorFactory> factories = Dissectors.all();
        for (RecordedFlows.Recorded r : recorded.flows) {
            for (DissectorFactory f : factories) {
                if (f.handles(r.flow())) {
                    FlowListener l = f.create(new FlowSession(r.flow(), context));
                    r.replay(l);
                    break;
                }
            }
        }
        all.sort(Comparator.comparingLong(Transaction::timestampNanos));
        if (all.isEmpty()) {
            throw new IllegalStateException("no transactions in the OT-mix captures");
        }
        transactions = all.toArray(new Transaction[0]);
        half = transactions.length / 2;
        learnUntil = transactions[half].timestampNanos();
    }

    @Setup(Level.Invocation)
    public void learnFirstHalf() {
        BaselineConfig config = BaselineConfig.learnWholeRun().withLearning(-1, learnUntil);
        monitoring = new BaselineEngine(config, o -> observations++);
        feed(monitoring, 0, half);
    }

    private void feed(BaselineEngine engine, int from, int to) {
        for (int i = from; i < to; i++) {
            engine.transaction(transactions[i]);
        }
    }

    @Benchmark
    public long learn(PduCounters counters) {
        BaselineEngine engine = new BaselineEngine(BaselineConfig.learnWholeRun(), o -> observations++);
        for (Transaction t : transactions) {
            engine.transaction(t);
        }
        engine.tick(transactions[transactions.length - 1].timestampNanos());
        counters.transactions += transactions.length;
        return engine.keyCount();
    }

    @Benchmark
    public long monitor(PduCounters counters) {
        for (int i = half; i < transactions.length; i++) {
            monitoring.transaction(transactions[i]);
        }
        monitoring.tick(transactions[transactions.length - 1].timestampNanos());
        counters.transactions += transactions.length - half;
        return monitoring.counters().judged + observations;
    }
}
