package io.linewatch.dissectors;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.capture.flow.FlowListenerFactory;
import io.linewatch.capture.flow.TcpStream;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import java.util.List;

/**
 * Gives each new flow the dissector of the first factory that handles it, and writes the flow's
 * own record ({@code linewatch.flow}) when it ends, dissected or not.
 */
public final class DissectorRegistry implements FlowListenerFactory {
    private final List<DissectorFactory> factories;
    private final DissectorContext context;

    public DissectorRegistry(List<DissectorFactory> factories, DissectorContext context) {
        this.factories = List.copyOf(factories);
        this.context = context;
    }

    public DissectorContext context() {
        return context;
    }

    @Override
    public FlowListener create(Flow flow) {
        FlowSession session = new FlowSession(flow, context);
        for (DissectorFactory f : factories) {
            if (f.handles(flow)) {
                session.application(f.protocol());
                return new Recorded(session, f.create(session));
            }
        }
        return new Recorded(session, null);
    }

    /** Forwards to the dissector (if any) and emits the flow record at the end. */
    private static final class Recorded implements FlowListener {
        private final FlowSession session;
        private final FlowListener dissector;

        Recorded(FlowSession session, FlowListener dissector) {
            this.session = session;
            this.dissector = dissector;
        }

        @Override
        public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
            if (dissector != null) {
                dissector.onPayload(flow, dir, buf, off, len, ts);
            }
        }

        @Override
        public void onGap(Flow flow, Direction dir, long missing, long ts) {
            if (dissector != null) {
                dissector.onGap(flow, dir, missing, ts);
            }
        }

        @Override
        public void onEnd(Flow flow, long ts) {
            if (dissector != null) {
                dissector.onEnd(flow, ts);
            }
            session.emit(flowRecord(session, flow));
        }
    }

    static EventDoc flowRecord(FlowSession session, Flow flow) {
        EventDoc e = session.newEvent(null, Values.DATASET_FLOW, flow.firstSeen());
        e.put(Fields.EVENT_ACTION, "flow_" + flow.endReason().name().toLowerCase());
        e.put(Fields.EVENT_START, Timestamps.iso(flow.firstSeen()));
        e.put(Fields.EVENT_END, Timestamps.iso(flow.lastSeen()));
        e.put(Fields.EVENT_DURATION, flow.lastSeen() - flow.firstSeen());
        e.put("network.application", session.application());
        e.put(Fields.SOURCE_PACKETS, flow.packets(Direction.TO_SERVER));
        e.put(Fields.SOURCE_BYTES, flow.bytes(Direction.TO_SERVER));
        e.put(Fields.DESTINATION_PACKETS, flow.packets(Direction.TO_CLIENT));
        e.put(Fields.DESTINATION_BYTES, flow.bytes(Direction.TO_CLIENT));
        e.put(Fields.NETWORK_PACKETS, flow.packets(Direction.TO_SERVER) + flow.packets(Direction.TO_CLIENT));
        e.put(Fields.NETWORK_BYTES, flow.bytes(Direction.TO_SERVER) + flow.bytes(Direction.TO_CLIENT));
        e.put(Fields.FLOW_END_REASON, flow.endReason().name().toLowerCase());
        if (flow.isTcp()) {
            e.put(Fields.FLOW_HANDSHAKE_SEEN, flow.handshakeSeen());
            TcpStream.Stats up = flow.streamStats(Direction.TO_SERVER);
            TcpStream.Stats down = flow.streamStats(Direction.TO_CLIENT);
            e.put(Fields.FLOW_GAPS, up.gaps() + down.gaps());
            e.put(Fields.FLOW_GAP_BYTES, up.gapBytes() + down.gapBytes());
        }
        return e;
    }
}
