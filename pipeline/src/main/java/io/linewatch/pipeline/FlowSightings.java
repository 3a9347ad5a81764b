package io.linewatch.pipeline;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;

/**
 * Both endpoints of a flow are sightings for the inventory, at its start and at its end, once the flow
 * shows there are two devices: payload in either direction, or (TCP without payload) an answer and more
 * than one packet from the client, as a completed handshake has. A source that only ever sent a SYN is not
 * an asset: a flood of spoofed SYNs would otherwise fill the inventory with addresses no device has.
 */
final class FlowSightings {
    /** Records the endpoints of a flow as seen at a capture time. */
    @FunctionalInterface
    interface Sighter {
        void sight(Flow flow, long timestampNanos);
    }

    private FlowSightings() {
    }

    /** Wraps the new flow's listener to sight its endpoints once it carries evidence, and again when it ends. */
    static FlowListener wrap(Flow flow, FlowListener inner, Sighter sighter) {
        boolean tcp = flow.isTcp();
        if (!tcp) {
            sighter.sight(flow, flow.firstSeen()); // UDP and other IP: the first packet carries its payload
        }
        return new FlowListener() {
            private boolean sighted = !tcp;

            @Override
            public void onPayload(Flow f, Direction dir, byte[] buf, int off, int len, long ts) {
                if (!sighted) {
                    sighted = true;
                    sighter.sight(f, f.firstSeen()); // before the transactions it carries
                }
                inner.onPayload(f, dir, buf, off, len, ts);
            }

            @Override
            public void onGap(Flow f, Direction dir, long missing, long ts) {
                inner.onGap(f, dir, missing, ts);
            }

            @Override
            public void onEnd(Flow f, long ts) {
                if (!sighted && f.packets(Direction.TO_CLIENT) > 0 && f.packets(Direction.TO_SERVER) > 1) {
                    sighted = true;
                    sighter.sight(f, f.firstSeen());
                }
                if (sighted) {
                    sighter.sight(f, f.lastSeen());
                }
                inner.onEnd(f, ts);
            }
        };
    }
}
