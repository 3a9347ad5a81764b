package io.linewatch.pipeline;

import io.linewatch.model.transaction.Documents;
import io.linewatch.model.transaction.FlowRecord;
import io.linewatch.model.transaction.Records;
import io.linewatch.model.transaction.Transaction;
import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.flow.Addresses;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowStats;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorRegistry;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.link.LinkRegistry;
import io.linewatch.model.EventDoc;
import io.linewatch.model.NdjsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One flow-processing thread of {@link ParallelPipeline}: its own flow table, reassembly and dissectors
 * (fresh factories), fed whole batches of the host pairs hashed to it. Everything it produces goes, in order and
 * tagged with the packet that caused it, into a {@link WorkerOutput} per batch; event JSON is encoded here, in
 * parallel, so the merging thread only copies bytes.
 */
final class PipelineWorker implements Runnable {
    /** Batches in flight per worker: bounds memory and how far the reader may run ahead. */
    static final int BATCHES = 8;
    /** An output holding this many items or JSON bytes is handed on mid-batch (ending 100,000 flows at once must not pile up). */
    static final int MAX_OUTPUT_ITEMS = 4096;
    static final int MAX_OUTPUT_JSON = 1 << 21;

    final int id;
    final BlockingQueue<PacketBatch> input = new ArrayBlockingQueue<>(BATCHES);
    final BlockingQueue<PacketBatch> free = new ArrayBlockingQueue<>(BATCHES);
    final BlockingQueue<WorkerOutput> output = new ArrayBlockingQueue<>(BATCHES);
    final BlockingQueue<WorkerOutput> freeOutput = new ArrayBlockingQueue<>(BATCHES);

    private final DissectorContext context;
    private final FlowTable flows;
    private final LinkRegistry links;
    private final ParallelEvidence evidence;
    private final EvidenceRings rings;
    private WorkerOutput out;
    private NdjsonWriter json;
    private long current;
    private volatile Throwable failure;
    /** Flow and dissector counters as last published for snapshots (after every batch). */
    private volatile Map<String, Long> publishedCounters = Map.of();
    private volatile long publishedFlows;

    /**
     * @param maxFlows           this worker's share of the sensor's flow cap
     * @param encodeTransactions encode every transaction here (else the merger encodes those it writes)
     */
    PipelineWorker(int id, int maxFlows, boolean encodeTransactions) {
        this(id, maxFlows, encodeTransactions, null);
    }

    /** @param evidence the pipeline's evidence (this worker keeps its flows' rings), or null */
    PipelineWorker(int id, int maxFlows, boolean encodeTransactions, ParallelEvidence evidence) {
        this.id = id;
        this.evidence = evidence;
        this.rings = evidence == null ? null : evidence.rings(id);
        for (int i = 0; i < BATCHES; i++) {
            free.add(new PacketBatch());
            freeOutput.add(new WorkerOutput());
        }
        Records records = new Records() {
            @Override
            public void transaction(Transaction t) {
                if (encodeTransactions) {
                    encode(Documents.of(t));
                }
                out.transaction(current, t);
                handOffIfLarge();
            }

            @Override
            public void flowEnded(FlowRecord f) {
                encode(Documents.of(f));
                out.flowEnded(current, f);
                handOffIfLarge();
            }
        };
        context = new DissectorContext(records, fact -> {
            out.identity(current, fact);
            handOffIfLarge();
        });
        DissectorRegistry registry = new DissectorRegistry(Dissectors.all(), context);
        links = new LinkRegistry(Dissectors.link(), context);
        FlowSightings.Sighter sighter = this::sight; // one for every flow, not one object per flow
        flows = new FlowTable(flow -> FlowSightings.wrap(flow, registry.create(flow), sighter), maxFlows,
                FlowTable.DEFAULT_IDLE_TIMEOUT_NANOS, io.linewatch.capture.flow.TcpLimits.DEFAULT);
    }

    int maxFlows() {
        return flows.maxFlows();
    }

    @Override
    public void run() {
        try {
            while (true) {
                long t0 = System.nanoTime();
                PacketBatch batch = input.take();
                long t1 = System.nanoTime();
                out = freeOutput.take();
                waitedForInputNanos += t1 - t0;
                waitedForMergerNanos += System.nanoTime() - t1;
                if (failure == null) {
                    process(batch);
                    publish();
                }
                boolean last = batch.last; // read before the hand-offs: the merger recycles out, the reader batch
                out.last = last;
                out.idleNanos = batch.idleNanos;
                out.upTo = batch.upTo;
                out.clockNanos = batch.clockNanos;
                out.endOfRound = true;
                batch.clear();
                free.put(batch);
                output.put(out);
                if (last) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(PacketBatch batch) {
        try {
            json = new NdjsonWriter(out.jsonSink);
            if (evidence != null) {
                evidence.serve(id);
            }
            for (int i = 0; i < batch.size; i++) {
                current = batch.index[i];
                DecodedPacket p = batch.packets[i];
                if (p.kind == DecodedPacket.Kind.ARP) {
                    out.sighting(current, new WorkerOutput.Sighting(p.timestampNanos,
                            Addresses.ip(p.buf, p.arpSenderIpOffset, 4),
                            Addresses.mac(Addresses.mac(p.buf, p.arpSenderMacOffset)), p.outerVlan));
                    handOffIfLarge();
                } else if (p.kind == DecodedPacket.Kind.LINK) {
                    links.frame(p);
                    keep(batch, i, LinkRegistry.conversation(p), null, null);
                } else {
                    flows.add(p);
                    io.linewatch.capture.flow.Flow flow = flows.lastFlow();
                    if (flow != null) {
                        keep(batch, i, flow.id(), flow.clientIp(), flow.serverIp());
                    }
                }
            }
            if (batch.idleNanos != 0) {
                current = batch.idleIndex;
                flows.expireIdle(batch.idleNanos); // flows idle past their timeout end by the clock
            }
            if (rings != null) {
                rings.clock(batch.clock);
            }
            if (batch.last) {
                current = WorkerOutput.END_OF_INPUT;
                flows.finishAll();
            }
        } catch (RuntimeException | IOException | Error e) {
            // a bug or no memory left, not bad input: the run reports it. Later batches pass through unprocessed,
            // so the reader and the merger are never left waiting for this thread.
            failure = e;
        }
    }

    /** Packet {@code i} of the batch into its flow's evidence ring (as the single-threaded pipeline does). */
    private void keep(PacketBatch batch, int i, String flowId, String hostA, String hostB) {
        if (rings != null) {
            rings.packet(batch.index[i], flowId, hostA, hostB, batch.packets[i].timestampNanos, batch.frame(i), batch.frameLength[i],
                    batch.originalLength[i], batch.linkType[i]);
        }
    }

    /** Encodes a document as one NDJSON line into the output, in the worker (the merger only copies bytes). */
    private void encode(EventDoc doc) {
        try {
            json.write(doc);
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory: cannot happen
        }
    }

    /** Passes a full output to the merger mid-batch and goes on in a fresh one (bounded memory). */
    private void handOffIfLarge() {
        if (out.size < MAX_OUTPUT_ITEMS && out.jsonLength < MAX_OUTPUT_JSON) {
            return;
        }
        try {
            output.put(out);
            long t0 = System.nanoTime();
            out = freeOutput.take();
            waitedForMergerNanos += System.nanoTime() - t0;
            json = new NdjsonWriter(out.jsonSink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sight(Flow flow, long ts) {
        out.sighting(current, new WorkerOutput.Sighting(ts, flow.clientIp(), flow.clientMac(), flow.vlan()));
        out.sighting(current, new WorkerOutput.Sighting(ts, flow.serverIp(), flow.serverMac(), flow.vlan()));
        handOffIfLarge();
    }

    private void publish() {
        Map<String, Long> c = new TreeMap<>(context.counters());
        if (rings != null) {
            rings.counters().forEach((k, v) -> c.merge(k, v, Long::sum));
        }
        publishedCounters = Collections.unmodifiableMap(c);
        publishedFlows = flows.stats().created;
    }

    Map<String, Long> publishedCounters() {
        return publishedCounters;
    }

    long publishedFlows() {
        return publishedFlows;
    }

    Throwable failure() {
        return failure;
    }

    /** Only after the worker finished. */
    FlowStats flowStats() {
        return flows.stats();
    }

    /** Time this thread waited for the reader's next batch, and for an output the merger had not yet recycled. */
    volatile long waitedForInputNanos;
    volatile long waitedForMergerNanos;

    /** Only after the worker finished: its dissectors' and its evidence rings' counters. */
    Map<String, Long> counters() {
        Map<String, Long> c = new TreeMap<>(context.counters());
        if (rings != null) {
            rings.counters().forEach((k, v) -> c.merge(k, v, Long::sum));
        }
        return c;
    }
}
