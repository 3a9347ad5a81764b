package io.linewatch.dissectors.testing;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.flow.FlowTable;
import io.linewatch.capture.source.CaptureException;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.dissectors.DissectorContext;
import io.linewatch.dissectors.DissectorFactory;
import io.linewatch.dissectors.DissectorRegistry;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.IdentityFact;
import io.linewatch.model.Values;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a capture file through decode, flows and the given dissectors, collecting what they emit. */
public final class CaptureRunner {
    public final List<EventDoc> events = new ArrayList<>();
    public final List<IdentityFact> identities = new ArrayList<>();
    public final DissectorContext context = new DissectorContext(events::add, identities::add);

    public static CaptureRunner run(Path capture, List<DissectorFactory> factories) {
        CaptureRunner r = new CaptureRunner();
        DissectorRegistry registry = new DissectorRegistry(factories, r.context);
        FlowTable flows = new FlowTable(registry);
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        Frame f = new Frame();
        try (CaptureFileReader reader = new CaptureFileReader(capture)) {
            while (reader.next(f)) {
                if (decoder.decode(f, p) && p.kind != DecodedPacket.Kind.ARP) {
                    flows.add(p);
                }
            }
        } catch (CaptureException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        flows.finishAll();
        return r;
    }

    /** Events of one protocol ({@code network.protocol}), flow records excluded. */
    public List<EventDoc> protocol(String protocol) {
        return events.stream().filter(e -> protocol.equals(e.getString(Fields.NETWORK_PROTOCOL))).toList();
    }

    /** All events except flow records. */
    public List<EventDoc> transactions() {
        return events.stream().filter(e -> !Values.DATASET_FLOW.equals(e.getString(Fields.EVENT_DATASET))).toList();
    }

    /** Test captures checked into the repository (testdata/pcaps), found from any module directory. */
    public static Path testCapture(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testdata/pcaps").resolve(relative);
            if (candidate.toFile().exists()) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("test capture not found: testdata/pcaps/" + relative);
    }
}
