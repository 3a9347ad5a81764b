package io.linewatch.bench;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorRegistry;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.transaction.Documents;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.model.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The documents stage: the events Linewatch emits for the OT-mix test captures (every dissector of
 * {@link Dissectors#all()} plus the flow records), encoded as JSON ({@code encode}), appended to a journal
 * ({@code journal}), and the common part of building one ({@code newEvent}: fields, deterministic id, timestamp).
 * Read documents/s and bytes/s (JSON bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonBench {
    private EventDoc[] docs;
    private long jsonBytes;
    private List<FlowSession> sessions;
    private Path dir;
    private Journal journal;

    /** Counts characters, keeps none. */
    private static final class CountingWriter extends Writer {
        long chars;

        @Override
        public void write(char[] cbuf, int off, int len) {
            chars += len;
        }

        @Override
        public void write(String str, int off, int len) {
            chars += len;
        }

        @Override
        public void write(int c) {
            chars++;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Setup
    public void load() throws IOException {
        List<EventDoc> events = new ArrayList<>();
        DissectorContext context = new DissectorContext(events::add, fact -> { });
        DissectorRegistry registry = new DissectorRegistry(Dissectors.all(), context);
        sessions = new ArrayList<>();
        FlowTable table = new FlowTable(flow -> {
            sessions.add(new FlowSession(flow, context));
            return registry.create(flow);
        });
        for (DecodedPacket p : BenchInputs.decoded(BenchInputs.frames(BenchInputs.captures(BenchInputs.OT_MIX)))) {
            table.add(p);
        }
        table.finishAll();
        docs = events.toArray(new EventDoc[0]);
        CountingWriter w = new CountingWriter();
        for (EventDoc d : docs) {
            Json.writeTo(w, d.asMap());
        }
        jsonBytes = w.chars;
        dir = Files.createTempDirectory("linewatch-jsonbench");
    }

    @Setup(Level.Iteration)
    public void openJournal() {
        journal = new Journal(dir, true); // fresh files each iteration, so the directory stays small
    }

    @TearDown(Level.Iteration)
    public void closeJournal() {
        journal.close();
    }

    @TearDown
    public void cleanUp() throws IOException {
        for (Path p : Files.list(dir).toList()) {
            Files.delete(p);
        }
        Files.delete(dir);
    }

    @Benchmark
    public long encode(DocumentCounters counters) {
        CountingWriter w = new CountingWriter();
        for (EventDoc d : docs) {
            Json.writeTo(w, d.asMap());
        }
        counters.documents += docs.length;
        counters.bytes += jsonBytes;
        return w.chars;
    }

    @Benchmark
    public void journal(DocumentCounters counters) {
        for (EventDoc d : docs) {
            journal.append(Journal.Stream.EVENTS, d);
        }
        counters.documents += docs.length;
        counters.bytes += jsonBytes;
    }

    /** A typed transaction made and turned into its document, as the sink does. */
    @Benchmark
    public long newTransactionDocument(DocumentCounters counters) {
        long sum = 0;
        for (FlowSession s : sessions) {
            Transaction t = s.newTransaction(Protocol.MODBUS, s.flow().firstSeen()).action("read_coils");
            sum += Documents.of(t).asMap().size();
        }
        counters.documents += sessions.size();
        return sum;
    }
}
