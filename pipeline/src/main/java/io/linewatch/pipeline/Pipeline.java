package io.linewatch.pipeline;

import io.linewatch.baseline.BaselineConfig;
import java.io.IOException;
import java.nio.file.Path;
import io.linewatch.inventory.advisories.AdvisoryLibrary;
import io.linewatch.capture.decode.DecodeStats;
import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.flow.Addresses;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowStats;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.capture.source.Frame;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorRegistry;
import io.linewatch.dissectors.Dissectors;
import io.linewatch.dissectors.link.LinkRegistry;
import io.linewatch.index.journal.Journal;
import io.linewatch.inventory.advisories.AdvisoryLibrary;
import io.linewatch.rules.RuleEngine;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One packet-processing chain: decode, flows and reassembly, dissectors, asset inventory, rules, journal.
 * Single-threaded; the caller feeds it frames in capture-time order.
 */
public final class Pipeline implements PacketPipeline {
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final Journal journal;
    private final Downstream downstream;
    private final DissectorContext context;
    private final FlowTable flows;
    private final LinkRegistry links;
    private final Monitor monitor = new Monitor();
    private final PacketEvidence evidence;
    private static final long IDLE_SCAN_NANOS = 1_000_000_000L;
    /** Flow and dissector counters as last published for snapshots (by the reading thread). */
    private volatile Map<String, Long> publishedCounters = Map.of();
    private volatile long publishedFlows;
    private long packets;
    private long lastTimestamp;
    private long lastIdleScan;
    /** Capture time last handed to the baseline's clock ({@link #CLOCK_NANOS} apart at most once). */
    private long lastClock = Long.MIN_VALUE;
    static final long CLOCK_NANOS = 1_000_000_000L;

    /**
     * Whether the frame just read moves the baseline's clock: a second of capture time since it last moved. One rule
     * for one thread and for workers, applied to every frame read, so the clock moves at the same frames.
     */
    static boolean clockDue(long lastTimestamp, long lastClock) {
        return lastClock == Long.MIN_VALUE || lastTimestamp - lastClock >= CLOCK_NANOS;
    }

    /** @param advisories CSAF advisories to match against the assets, or null */
    public Pipeline(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories) {
        this(journal, rulePack, advisories, TransactionOutput.ALL);
    }

    /** @param output which transactions get a document of their own (the rest are summarised) */
    public Pipeline(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories, TransactionOutput output) {
        this.journal = journal;
        this.evidence = new PacketEvidence(journal.directory());
        this.downstream = new Downstream(journal, rulePack, advisories, output, evidence, this::ruleError);
        this.context = new DissectorContext(downstream.records(), downstream::identity);
        DissectorRegistry registry = new DissectorRegistry(Dissectors.all(), context);
        this.links = new LinkRegistry(Dissectors.link(), context);
        FlowSightings.Sighter sighter = this::sight; // one for every flow, not one object per flow
        this.flows = new FlowTable(flow -> FlowSightings.wrap(flow, registry.create(flow), sighter));
    }

    @Override
    public void process(Frame frame) {
        packets++;
        if (downstream.baselineChangesPending()) {
            downstream.applyBaselineChanges(packets - 1); // the live console's learn or unlearn, between two packets
        }
        if ((packets & 1023) == 0) {
            downstream.maybeCheckpoint();
        }
        lastTimestamp = Math.max(lastTimestamp, frame.timestampNanos);
        evidence.at(packets);
        try {
            if (!decoder.decode(frame, packet)) {
                return;
            }
            if (packet.kind == DecodedPacket.Kind.ARP) {
                downstream.sighting(packet.timestampNanos, Addresses.ip(packet.buf, packet.arpSenderIpOffset, 4),
                        Addresses.mac(Addresses.mac(packet.buf, packet.arpSenderMacOffset)), packet.outerVlan);
                return;
            }
            if (packet.kind == DecodedPacket.Kind.LINK) {
                links.frame(packet); // PROFINET DCP, LLDP, CDP: no flow
                // after its records: an alert it raises gets it as its first packet after (as ParallelEvidence does)
                evidence.packet(packets, LinkRegistry.conversation(packet), null, null, frame);
                return;
            }
            flows.add(packet);
            Flow flow = flows.lastFlow();
            if (flow != null) {
                evidence.packet(packets, flow.id(), flow.clientIp(), flow.serverIp(), frame);
            }
        } finally {
            if (clockDue(lastTimestamp, lastClock)) {
                lastClock = lastTimestamp; // after the packet's records: a packet that gives none still moves the clock
                downstream.captureTime(lastTimestamp);
            }
            monitor.packet(packets, decoder.stats().bytes, lastTimestamp);
            if (packets % PipelineSnapshot.PUBLISH_PACKETS == 0) {
                publish();
                downstream.maintain();
            }
        }
    }

    /** Copies the counters only this thread may read into the fields snapshots read. */
    private void publish() {
        Map<String, Long> counters = new TreeMap<>(context.counters());
        counters.putAll(evidence.counters());
        publishedCounters = Collections.unmodifiableMap(counters);
        publishedFlows = flows.stats().created;
    }

    /**
     * Live capture calls this while the wire is quiet (on the reading thread, between packets): flows idle past
     * their timeout end by the clock, as they would have at the next packet. At most one scan a second.
     */
    public void idle(long nowNanos) {
        if (downstream.baselineChangesPending()) {
            downstream.applyBaselineChanges(packets); // every packet handed in has been processed
        }
        if (nowNanos - lastIdleScan >= IDLE_SCAN_NANOS) {
            lastIdleScan = nowNanos;
            evidence.at(packets + 1); // what the clock raises comes after every packet seen
            flows.expireIdle(nowNanos);
            downstream.tick(nowNanos);
            downstream.maintain();
            publish();
            downstream.maybeCheckpoint();
        }
    }

    @Override
    public void useBaseline(BaselineConfig config, Path saved) throws IOException {
        downstream.useBaseline(config, saved);
    }

    @Override
    public java.util.concurrent.CompletableFuture<String> changeBaseline(io.linewatch.baseline.BaselineReview.Change change) {
        return downstream.requestBaselineChange(change, monitor.packets());
    }

    @Override
    public Map<String, Long> baselineCounters() {
        return downstream.baselineCounters();
    }

    /** Ends every open flow and writes the inventory: the end of a capture. */
    @Override
    public void finish() {
        try {
            evidence.at(Long.MAX_VALUE);
            flows.finishAll();
            downstream.finish();
            evidence.finish();
            publish();
        } finally {
            monitor.stopped();
        }
    }

    @Override
    public PipelineSnapshot snapshot() {
        Downstream.Part d = downstream.snapshot();
        PipelineSnapshot.Counters c = new PipelineSnapshot.Counters(monitor.packets(), monitor.bytes(), publishedFlows,
                d.events(), d.alerts(), d.eventsByDataset(), publishedCounters);
        return new PipelineSnapshot(System.currentTimeMillis(), c, d.assets(), d.recentAlerts(), monitor.health(0));
    }

    private void ruleError(String message) {
        monitor.error(message);
        System.err.println("linewatch: " + message);
    }

    @Override
    public void reportError(String message) {
        monitor.error(message);
    }

    private void sight(Flow flow, long ts) {
        downstream.sighting(ts, flow.clientIp(), flow.clientMac(), flow.vlan());
        downstream.sighting(ts, flow.serverIp(), flow.serverMac(), flow.vlan());
    }

    @Override
    public int restoreAssets(java.util.List<io.linewatch.model.EventDoc> assets) {
        return downstream.restore(assets);
    }

    @Override
    public void checkpointAssetsEvery(long nanos) {
        downstream.checkpointEvery(nanos);
    }

    @Override
    public long packets() {
        return packets;
    }

    @Override
    public long lastTimestamp() {
        return lastTimestamp;
    }

    @Override
    public DecodeStats decodeStats() {
        return decoder.stats();
    }

    @Override
    public FlowStats flowStats() {
        return flows.stats();
    }

    @Override
    public Map<String, Long> dissectorCounters() {
        Map<String, Long> out = new TreeMap<>(context.counters());
        out.putAll(evidence.counters());
        return out;
    }

    @Override
    public Map<String, Long> eventsByDataset() {
        return downstream.eventsByDataset();
    }

    @Override
    public int assets() {
        return downstream.assets();
    }

    @Override
    public Map<String, Long> inventoryCounters() {
        return downstream.inventoryCounters();
    }

    @Override
    public Map<String, Long> ruleCounters() {
        return downstream.ruleCounters();
    }

    @Override
    public Map<String, Long> transactionCounters() {
        return downstream.transactionCounters();
    }

    @Override
    public Journal journal() {
        return journal;
    }
}
