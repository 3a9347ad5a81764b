package io.linewatch.bench;

import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import io.linewatch.model.schema.CipFields;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Transaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Read pdus/s: request and response of a transaction count as two PDUs, a lone message or a malformed record as one,
 * and an implicit I/O summary as the datagrams it summarises ({@code cip.io.packets}): each is a PDU the dissector
 * decoded.
 *
 * <p>Only the per-flow work is measured: the fresh factory (the pipeline makes one per worker, not per PDU) is made
 * before each invocation, outside the measured time, and the flows it handles are picked once at set-up.
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
    /** The recorded flows the dissector handles. */
    private final List<RecordedFlows.Recorded> handled = new ArrayList<>();
    /** A fresh factory for the next invocation (factories may keep cross-flow state). */
    private DissectorFactory fresh;
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
                handled.add(r);
                handledBytes += r.payloadBytes();
            }
        }
        long[] counted = new long[2];
        fresh = factory();
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
        Long ioPackets = doc.getLong(CipFields.IO_PACKETS);
        counted[0] += ioPackets != null ? ioPackets : Values.SEEN_BOTH.equals(doc.getString(Fields.OT_SEEN)) ? 2 : 1;
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

    @Setup(Level.Invocation)
    public void freshFactory() {
        fresh = factory();
    }

    private long dissect(DissectorContext context) {
        DissectorFactory factory = fresh;
        for (RecordedFlows.Recorded r : handled) {
            FlowListener l = factory.create(new FlowSession(r.flow(), context));
            r.replay(l);
        }
        return handled.size();
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
