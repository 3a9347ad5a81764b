package io.linewatch.testkit;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Values;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a capture file through decode, flows and the flow listeners a {@link Wiring} gives (normally dissectors),
 * layer-2 protocol frames to its link consumer, collecting what they emit. No inventory, rules or journal: for those, run the pipeline module's pipeline.
 */
public final class CaptureRunner {
    public final List<EventDoc> events = new ArrayList<>();
    public final List<IdentityFact> identities = new ArrayList<>();
    private Wiring.Wired wired;

    private CaptureRunner() {
    }

    public static CaptureRunner run(Path capture, Wiring wiring) {
        CaptureRunner r = new CaptureRunner();
        r.wired = wiring.wire(r.events::add, r.identities::add);
        FlowTable flows = new FlowTable(r.wired.listeners());
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        Frame f = new Frame();
        try (CaptureFileReader reader = new CaptureFileReader(capture)) {
            while (reader.next(f)) {
                if (!decoder.decode(f, p) || p.kind == DecodedPacket.Kind.ARP) {
                    continue;
                }
                if (p.kind == DecodedPacket.Kind.LINK) {
                    if (r.wired.linkFrames() != null) {
                        r.wired.linkFrames().accept(p);
                    }
                } else {
                    flows.add(p);
                }
            }
        } catch (CaptureException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        flows.finishAll();
        return r;
    }

    /** The counters of the listeners under test ({@code protocol.what}). */
    public Map<String, Long> counters() {
        return wired.counters().get();
    }

    /** Events of one protocol ({@code network.protocol}), flow records excluded. */
    public List<EventDoc> protocol(String protocol) {
        return events.stream().filter(e -> protocol.equals(e.getString(Fields.NETWORK_PROTOCOL))).toList();
    }

    /** All events except flow records. */
    public List<EventDoc> transactions() {
        return events.stream().filter(e -> !Values.DATASET_FLOW.equals(e.getString(Fields.EVENT_DATASET))).toList();
    }
}
