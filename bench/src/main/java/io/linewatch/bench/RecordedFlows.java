package io.linewatch.bench;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.capture.flow.FlowTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a flow table delivers to the dissectors for a capture, recorded once so a dissector can be measured
 * alone: per flow, its in-order payload (after reassembly), gaps and end, replayed into a fresh listener.
 */
final class RecordedFlows {
    private enum Kind { PAYLOAD, GAP, END }

    private record Call(Kind kind, Direction dir, byte[] data, long missing, long ts) {
    }

    /** One flow and its calls, in delivery order. */
    record Recorded(Flow flow, List<Call> calls) {
        long payloadBytes() {
            long n = 0;
            for (Call c : calls) {
                n += c.kind == Kind.PAYLOAD ? c.data.length : 0;
            }
            return n;
        }

        void replay(FlowListener l) {
            for (Call c : calls) {
                switch (c.kind) {
                    case PAYLOAD -> l.onPayload(flow, c.dir, c.data, 0, c.data.length, c.ts);
                    case GAP -> l.onGap(flow, c.dir, c.missing, c.ts);
                    case END -> l.onEnd(flow, c.ts);
                }
            }
        }
    }

    final List<Recorded> flows = new ArrayList<>();

    RecordedFlows(List<DecodedPacket> packets) {
        // flows interleave in capture order; the replay goes flow by flow, which a dissector cannot tell apart
        FlowTable table = new FlowTable(flow -> {
            List<Call> calls = new ArrayList<>();
            flows.add(new Recorded(flow, calls));
            return new FlowListener() {
                @Override
                public void onPayload(Flow f, Direction dir, byte[] buf, int off, int len, long ts) {
                    calls.add(new Call(Kind.PAYLOAD, dir, Arrays.copyOfRange(buf, off, off + len), 0, ts));
                }

                @Override
                public void onGap(Flow f, Direction dir, long missing, long ts) {
                    calls.add(new Call(Kind.GAP, dir, null, missing, ts));
                }

                @Override
                public void onEnd(Flow f, long ts) {
                    calls.add(new Call(Kind.END, null, null, 0, ts));
                }
            };
        });
        for (DecodedPacket p : packets) {
            table.add(p);
        }
        table.finishAll();
    }
}
