package io.linewatch.sensor;

import io.linewatch.baseline.inventory.AssetInventory;
import io.linewatch.baseline.inventory.advisories.AdvisoryLibrary;
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
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.rules.RuleEngine;
import java.util.Map;
import java.util.TreeMap;

/**
 * One packet-processing chain: decode, flows and reassembly, dissectors, asset inventory, rules, journal.
 * Single-threaded; the caller feeds it frames in capture-time order.
 */
public final class Pipeline implements PacketPipeline {
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final AssetInventory inventory = new AssetInventory();
    private final Journal journal;
    private final RuleEngine rules;
    private final DissectorContext context;
    private final FlowTable flows;
    private final Map<String, Long> eventsByDataset = new TreeMap<>();
    private static final long IDLE_SCAN_NANOS = 1_000_000_000L;
    private long packets;
    private long lastTimestamp;
    private long lastIdleScan;

    /** @param advisories CSAF advisories to match against the assets, or null */
    public Pipeline(Journal journal, RuleEngine.Pack rulePack, AdvisoryLibrary advisories) {
        this.journal = journal;
        this.rules = rulePack.newSession(alert -> journal.append(Journal.Stream.ALERTS, alert));
        inventory.useAdvisories(advisories);
        this.context = new DissectorContext(this::onEvent, inventory);
        DissectorRegistry registry = new DissectorRegistry(Dissectors.all(), context);
        this.flows = new FlowTable(flow -> FlowSightings.wrap(flow, registry.create(flow), this::sight));
    }

    @Override
    public void process(Frame frame) {
        packets++;
        lastTimestamp = Math.max(lastTimestamp, frame.timestampNanos);
        if (!decoder.decode(frame, packet)) {
            return;
        }
        if (packet.kind == DecodedPacket.Kind.ARP) {
            inventory.sighting(packet.timestampNanos, Addresses.ip(packet.buf, packet.arpSenderIpOffset, 4),
                    Addresses.mac(Addresses.mac(packet.buf, packet.arpSenderMacOffset)), packet.outerVlan);
            return;
        }
        flows.add(packet);
    }

    /**
     * Live capture calls this while the wire is quiet (on the reading thread, between packets): flows idle past
     * their timeout end by the clock, as they would have at the next packet. At most one scan a second.
     */
    public void idle(long nowNanos) {
        if (nowNanos - lastIdleScan >= IDLE_SCAN_NANOS) {
            lastIdleScan = nowNanos;
            flows.expireIdle(nowNanos);
        }
    }

    /** Ends every open flow and writes the inventory: the end of a capture. */
    @Override
    public void finish() {
        flows.finishAll();
        journal.writeAssets(inventory.assets());
        journal.sync();
    }

    private void onEvent(EventDoc doc) {
        eventsByDataset.merge(doc.getString(Fields.EVENT_DATASET), 1L, Long::sum);
        inventory.transaction(doc);
        journal.append(Journal.Stream.EVENTS, doc);
        rules.accept(doc);
    }

    private void sight(Flow flow, long ts) {
        inventory.sighting(ts, flow.clientIp(), flow.clientMac(), flow.vlan());
        inventory.sighting(ts, flow.serverIp(), flow.serverMac(), flow.vlan());
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
        return context.counters();
    }

    @Override
    public Map<String, Long> eventsByDataset() {
        return eventsByDataset;
    }

    @Override
    public int assets() {
        return inventory.size();
    }

    @Override
    public Map<String, Long> inventoryCounters() {
        return inventory.counters();
    }

    @Override
    public Journal journal() {
        return journal;
    }
}
