package io.linewatch.dissectors.enip;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Implicit (class 0/1) I/O on UDP 2222: each datagram is a common packet format with a sequenced
 * address item (connection id, 32-bit sequence number) and a connected data item. Rather than one
 * event per packet, each connection is summarised once per {@link #INTERVAL_NANOS} of capture time and
 * at the end of the flow: packets, bytes, sequence gaps, measured RPI and jitter, and the Forward_Open
 * that created the connection when it was seen.
 */
final class CipIoDissector implements FlowListener {
    static final long INTERVAL_NANOS = 60_000_000_000L;
    static final int MAX_CONNECTIONS_PER_FLOW = 256;
    /** Malformed records written per flow before further ones are only counted. */
    static final int MAX_MALFORMED_RECORDS = 16;
    static final String ACTION_SUMMARY = "io_summary";
    private static final long HALF_SEQUENCE_SPACE = 1L << 31;
    private static final long SEQUENCE_MASK = 0xFFFF_FFFFL;

    /** Figures of one connection over the current interval. */
    private static final class Stats {
        final long connectionId;
        final Direction dir;
        long intervalStart;
        long lastTs;
        long packets;
        long bytes;
        long firstSequence = -1;
        long lastSequence = -1;
        long gaps;
        long lost;
        long duplicates;
        long outOfOrder;
        long intervals;
        double sum;
        double sumSquares;
        long minInterval = Long.MAX_VALUE;
        long maxInterval;

        Stats(long connectionId, Direction dir, long ts) {
            this.connectionId = connectionId;
            this.dir = dir;
            this.intervalStart = ts;
        }

        void reset(long ts) {
            intervalStart = ts;
            packets = 0;
            bytes = 0;
            firstSequence = -1;
            gaps = 0;
            lost = 0;
            duplicates = 0;
            outOfOrder = 0;
            intervals = 0;
            sum = 0;
            sumSquares = 0;
            minInterval = Long.MAX_VALUE;
            maxInterval = 0;
        }
    }

    private final FlowSession session;
    private final EnipState state;
    private final Map<Long, Stats> connections = new LinkedHashMap<>();
    private int malformedRecords;

    CipIoDissector(FlowSession session, EnipState state) {
        this.session = session;
        this.state = state;
    }

    @Override
    public void onPayload(Flow flow, Direction dir, byte[] b, int off, int len, long ts) {
        Cpf cpf = Cpf.parse(b, off, len);
        int a = cpf.find(CpfItemType.SEQUENCED_ADDRESS);
        int d = cpf.find(CpfItemType.CONNECTED_DATA);
        if (a < 0 || cpf.lengths[a] < 8) {
            malformed(cpf.error != null ? cpf.error : "no_sequenced_address_item", ts);
            return;
        }
        long connectionId = Bytes.u32le(b, cpf.offsets[a]);
        long sequence = Bytes.u32le(b, cpf.offsets[a] + 4);
        Stats s = connections.get(connectionId);
        if (s == null) {
            if (connections.size() >= MAX_CONNECTIONS_PER_FLOW) {
                session.count("cip_io.connections_dropped");
                return;
            }
            s = new Stats(connectionId, dir, ts);
            connections.put(connectionId, s);
        } else if (ts - s.intervalStart >= INTERVAL_NANOS) {
            summarise(s);
            s.reset(ts);
        }
        account(s, sequence, d >= 0 ? cpf.lengths[d] : 0, ts);
    }

    private static void account(Stats s, long sequence, int dataBytes, long ts) {
        if (s.lastSequence >= 0) {
            long diff = (sequence - s.lastSequence) & SEQUENCE_MASK;
            if (diff == 0) {
                s.duplicates++;
            } else if (diff >= HALF_SEQUENCE_SPACE) {
                s.outOfOrder++;
            } else if (diff > 1) {
                s.gaps++;
                s.lost += diff - 1;
            }
            long interval = ts - s.lastTs;
            if (diff != 0 && interval >= 0) {
                s.intervals++;
                s.sum += interval;
                s.sumSquares += (double) interval * interval;
                s.minInterval = Math.min(s.minInterval, interval);
                s.maxInterval = Math.max(s.maxInterval, interval);
            }
        }
        if (s.firstSequence < 0) {
            s.firstSequence = sequence;
        }
        if (s.lastSequence < 0 || ((sequence - s.lastSequence) & SEQUENCE_MASK) < HALF_SEQUENCE_SPACE) {
            s.lastSequence = sequence;
        }
        s.lastTs = ts;
        s.packets++;
        s.bytes += dataBytes;
    }

    @Override
    public void onEnd(Flow flow, long ts) {
        for (Stats s : connections.values()) {
            if (s.packets > 0) {
                summarise(s);
            }
        }
        connections.clear();
    }

    private void summarise(Stats s) {
        // the producer of the connection's packets is the source
        EventDoc e = session.newEvent(EnipFields.PROTOCOL_CIP_IO, EnipFields.DATASET, s.intervalStart, s.dir == Direction.TO_CLIENT);
        EnipState.Connection c = state.connection(s.connectionId, session.flow().clientIp(), session.flow().serverIp());
        String operation = Values.OP_OTHER;
        String direction = null;
        long expectedRpi = -1;
        if (c != null) {
            boolean oToT = c.params().oToId == s.connectionId;
            direction = oToT ? "o_t" : "t_o";
            // originator-to-target data is output written to the target, target-to-originator is input read from it
            operation = oToT ? Values.OP_WRITE : Values.OP_READ;
            long api = oToT ? c.params().oToApi : c.params().tToApi;
            expectedRpi = api > 0 ? api : oToT ? c.params().oToRpi : c.params().tToRpi;
        }
        e.put(Fields.EVENT_ACTION, ACTION_SUMMARY);
        e.put(Fields.EVENT_OUTCOME, Values.OUTCOME_SUCCESS);
        e.put(Fields.EVENT_START, Timestamps.iso(s.intervalStart));
        e.put(Fields.EVENT_END, Timestamps.iso(s.lastTs));
        e.put(Fields.EVENT_DURATION, s.lastTs - s.intervalStart);
        // produced data is not acknowledged: there is no response to see
        e.put(Fields.OT_SEEN, Values.SEEN_REQUEST);
        e.put(Fields.OT_OPERATION, operation);
        e.put(EnipFields.CIP_CONNECTION_ID, s.connectionId);
        String p = EnipFields.CIP_IO;
        e.put(p + "direction", direction);
        e.put(p + "packets", s.packets);
        e.put(p + "bytes", s.bytes);
        e.put(p + "first_sequence", s.firstSequence);
        e.put(p + "last_sequence", s.lastSequence);
        e.put(p + "sequence_gaps", s.gaps);
        e.put(p + "lost_packets", s.lost);
        e.put(p + "duplicates", s.duplicates);
        e.put(p + "out_of_order", s.outOfOrder);
        if (s.intervals > 0) {
            double mean = s.sum / s.intervals;
            double variance = Math.max(0, s.sumSquares / s.intervals - mean * mean);
            e.put(p + "rpi_measured_us", Math.round(mean / 1000.0));
            e.put(p + "jitter_us", Math.round(Math.sqrt(variance) / 1000.0));
            e.put(p + "interval_min_us", Math.round(s.minInterval / 1000.0));
            e.put(p + "interval_max_us", Math.round(s.maxInterval / 1000.0));
        }
        if (expectedRpi > 0) {
            e.put(p + "rpi_expected_us", expectedRpi);
        }
        if (c != null) {
            e.put(EnipFields.CIP_CONNECTION_FORWARD_OPEN_EVENT, c.forwardOpenEventId());
        }
        session.emit(e);
    }

    private void malformed(String reason, long ts) {
        if (malformedRecords < MAX_MALFORMED_RECORDS) {
            malformedRecords++;
            session.malformed(EnipFields.PROTOCOL_CIP_IO, reason, ts);
        } else {
            session.count("cip_io.malformed_suppressed");
        }
    }
}
