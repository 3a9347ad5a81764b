package io.linewatch.bench;

import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Transaction;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One dissector alone, for each of {@link Dissectors#all()} (bench/jmh passes their protocol names as the
 * {@code protocol} parameter): the reassembled payload its flows carry in testdata/pcaps/PROTOCOL (all OT-mix
 * captures when there is no such folder) is recorded once, then replayed into fresh dissector instances.
 * {@code dissect}: bytes to typed records (what the pipeline runs); {@code dissectToDocuments}: the same plus the
 * event document of each record ({@code Documents.of}, what {@code --transactions all} builds before encoding).
 * Read pdus/s: request and response of a transaction count as two PDUs, a lone message or a malformed record as one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DissectorBench {
    @Param({"modbus"})
    public String protocol;

    private RecordedFlows recorded;
    private long pdus;
    private long transactions;
    private long handledBytes;

    @Setup
    public void record() {
        factory(); // fails early when no such dissector exists
        List<Path> files = BenchInputs.captures(protocol);
        if (files.isEmpty()) {
            files = BenchInputs.captures(BenchInputs.OT_MIX);
        }
        var decoded = BenchInputs.decoded(BenchInputs.frames(files));
        recorded = new RecordedFlows(decoded);
        DissectorFactory probe = factory();
        for (RecordedFlows.Recorded r : recorded.flows) {
            if (probe.handles(r.flow())) {
                handledBytes += r.payloadBytes();
            }
        }
        long[] counted = new long[2];
        dissect(new DissectorContext(doc -> count(doc, counted), fact -> { }));
        pdus = counted[0];
        transactions = counted[1];
        if (transactions == 0) {
            throw new IllegalStateException(protocol + ": the dissector emitted no transaction for " + files);
        }
    }

    private static void count(EventDoc doc, long[] counted) {
        if (Values.DATASET_FLOW.equals(doc.getString(Fields.EVENT_DATASET))) {
            return;
        }
        counted[0] += Values.SEEN_BOTH.equals(doc.getString(Fields.OT_SEEN)) ? 2 : 1;
        counted[1]++;
    }

    private DissectorFactory factory() {
        for (DissectorFactory f : Dissectors.all()) {
            if (f.protocol().wireName.equals(protocol)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no dissector for protocol " + protocol + " in Dissectors.all()");
    }

    private long dissect(DissectorContext context) {
        DissectorFactory factory = factory(); // fresh: factories may keep cross-flow state
        long flows = 0;
        for (RecordedFlows.Recorded r : recorded.flows) {
            if (factory.handles(r.flow())) {
                FlowListener l = factory.create(new FlowSession(r.flow(), context));
                r.replay(l);
                flows++;
            }
        }
        return flows;
    }

    @Benchmark
    public long dissect(PduCounters counters) {
        long[] sum = new long[1];
        long flows = dissect(new DissectorContext(new Records() {
            @Override
            public void transaction(Transaction t) {
                sum[0] += t.objects().length;
            }

            @Override
            public void flowEnded(FlowRecord f) {
                sum[0]++;
            }
        }, fact -> { }));
        counters.pdus += pdus;
        counters.transactions += transactions;
        counters.bytes += handledBytes;
        return flows + sum[0];
    }

    @Benchmark
    public long dissectToDocuments(PduCounters counters) {
        long[] sum = new long[1];
        long flows = dissect(new DissectorContext(doc -> sum[0] += doc.asMap().size(), fact -> { }));
        counters.pdus += pdus;
        counters.transactions += transactions;
        counters.bytes += handledBytes;
        return flows + sum[0];
    }
}
