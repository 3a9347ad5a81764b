package io.linewatch.pipeline;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;

/** Both endpoints of every flow are sightings for the inventory, at its start and at its end. */
final class FlowSightings {
    /** Records the endpoints of a flow as seen at a capture time. */
    @FunctionalInterface
    interface Sighter {
        void sight(Flow flow, long timestampNanos);
    }

    private FlowSightings() {
    }

    /** Sights the new flow now, and wraps its listener to sight it again when it ends. */
    static FlowListener wrap(Flow flow, FlowListener inner, Sighter sighter) {
        sighter.sight(flow, flow.firstSeen());
        return new FlowListener() {
            @Override
            public void onPayload(Flow f, Direction dir, byte[] buf, int off, int len, long ts) {
                inner.onPayload(f, dir, buf, off, len, ts);
            }

            @Override
            public void onGap(Flow f, Direction dir, long missing, long ts) {
                inner.onGap(f, dir, missing, ts);
            }

            @Override
            public void onEnd(Flow f, long ts) {
                sighter.sight(f, f.lastSeen());
                inner.onEnd(f, ts);
            }
        };
    }
}
