package io.linewatch.dissectors.enip;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.schema.CipFields;
import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.util.Arrays;

/**
 * Implicit (class 0/1) I/O on UDP 2222 or the port its Forward_Open named: each datagram is a common packet format
 * with a sequenced address item (connection id, 32-bit encapsulation sequence number) and a connected data item.
 * Rather than one event per packet, each connection is summarised once per {@link #INTERVAL_NANOS} of capture time and
 * at the end of the flow: packets, bytes, sequence gaps, measured RPI and jitter, and the Forward_Open
 * that created the connection when it was seen.
 *
 * <p>When that Forward_Open says transport class 1, the connected data item starts with the 16-bit CIP sequence
 * count (CIP Vol. 2, 3-4.1; Wireshark's {@code packet-enip.c} reads it only then too), which the producer advances
 * when it produces new data: a jump is data the consumer never received ({@code io_cip_sequence_gap}), a repeat is the
 * same data sent again ({@code io_cip_sequence_repeat}). Both are counted per connection and interval and are
 * anomalies of the summary. Class 0 has no such count, and without the Forward_Open the class is unknown.
 */
final class CipIoDissector implements FlowListener {
    static final long INTERVAL_NANOS = 60_000_000_000L;
    static final int MAX_CONNECTIONS_PER_FLOW = 256;
    /** Malformed records written per flow before further ones are only counted. */
    static final int MAX_MALFORMED_RECORDS = 16;
    static final String ACTION_SUMMARY = "io_summary";
    static final String NO_SEQUENCED_ADDRESS_ITEM = "no_sequenced_address_item";
    /** Sequenced address item: connection id(4) encapsulation sequence number(4). */
    static final int SEQUENCED_ADDRESS_LENGTH = 8;
    private static final long HALF_SEQUENCE_SPACE = 1L << 31;
    private static final long SEQUENCE_MASK = 0xFFFF_FFFFL;
    /** Class 1 CIP sequence count: 16 bits, wrapping. */
    static final int CIP_SEQUENCE_LENGTH = 2;
    private static final int CIP_SEQUENCE_MASK = 0xFFFF;
    private static final int CIP_HALF_SEQUENCE_SPACE = 1 << 15;
    static final int TRANSPORT_CLASS_1 = 1;

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
        /** The Forward_Open said class 1: the data item starts with the CIP sequence count. */
        boolean classOne;
        int lastCipSequence = -1;
        long cipGaps;
        long cipLost;
        long cipRepeats;
        long cipOutOfOrder;

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
            cipGaps = 0;
            cipLost = 0;
            cipRepeats = 0;
            cipOutOfOrder = 0;
        }
    }

    private final FlowSession session;
    private final EnipState state;
    /** Reused for every datagram: the per-packet path allocates nothing. */
    private final Cpf cpf = new Cpf();
    /**
     * The flow's connections in the order first seen (a flow carries one or a few: searched by id, primitive, no
     * boxed key per packet), the one last matched tried first.
     */
    private Stats[] connections = new Stats[4];
    private int connectionCount;
    private int lastMatched;
    private int malformedRecords;

    CipIoDissector(FlowSession session, EnipState state) {
        this.session = session;
        this.state = state;
    }

    @Override
    public void onPayload(Flow flow, Direction dir, byte[] b, int off, int len, long ts) {
        Cpf cpf = this.cpf.read(b, off, len);
        int a = cpf.find(CpfItemType.SEQUENCED_ADDRESS);
        int d = cpf.find(CpfItemType.CONNECTED_DATA);
        if (a < 0 || cpf.lengths[a] < SEQUENCED_ADDRESS_LENGTH) {
            malformed(cpf.error != null ? cpf.error.code() : NO_SEQUENCED_ADDRESS_ITEM, ts);
            return;
        }
        session.recognised(Protocol.CIP_IO);
        long connectionId = Bytes.u32le(b, cpf.offsets[a]);
        long sequence = Bytes.u32le(b, cpf.offsets[a] + 4);
        Stats s = connection(connectionId);
        if (s == null) {
            if (connectionCount >= MAX_CONNECTIONS_PER_FLOW) {
                session.count(EnipCounter.IO_CONNECTIONS_DROPPED.counter);
                return;
            }
            s = new Stats(connectionId, dir, ts);
            s.classOne = isClassOne(connectionId);
            add(s);
        } else if (ts - s.intervalStart >= INTERVAL_NANOS) {
            summarise(s);
            s.reset(ts);
            // a Forward_Open seen since (the connection was re-opened) says the class now
            s.classOne = isClassOne(connectionId);
        }
        account(s, sequence, d >= 0 ? cpf.lengths[d] : 0, ts);
        if (s.classOne && d >= 0 && cpf.lengths[d] >= CIP_SEQUENCE_LENGTH) {
            accountCipSequence(s, Bytes.u16le(b, cpf.offsets[d]));
        }
    }

    /** The figures of this connection on this flow, or null when it is new. */
    private Stats connection(long connectionId) {
        if (connectionCount > 0 && connections[lastMatched].connectionId == connectionId) {
            return connections[lastMatched];
        }
        for (int i = 0; i < connectionCount; i++) {
            if (connections[i].connectionId == connectionId) {
                lastMatched = i;
                return connections[i];
            }
        }
        return null;
    }

    private void add(Stats s) {
        if (connectionCount == connections.length) {
            connections = Arrays.copyOf(connections, connectionCount * 2);
        }
        lastMatched = connectionCount;
        connections[connectionCount++] = s;
    }

    private boolean isClassOne(long connectionId) {
        EnipState.Connection c = state.connection(connectionId, session.flow().clientIp(), session.flow().serverIp());
        return c != null && c.params().transportClass() == TRANSPORT_CLASS_1;
    }

    /** The class 1 CIP sequence count: advanced by one per new data; the same count again is the same data. */
    private static void accountCipSequence(Stats s, int sequence) {
        if (s.lastCipSequence >= 0) {
            int diff = (sequence - s.lastCipSequence) & CIP_SEQUENCE_MASK;
            if (diff == 0) {
                s.cipRepeats++;
            } else if (diff >= CIP_HALF_SEQUENCE_SPACE) {
                s.cipOutOfOrder++;
                return;
            } else if (diff > 1) {
                s.cipGaps++;
                s.cipLost += diff - 1;
            }
        }
        s.lastCipSequence = sequence;
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
        for (int i = 0; i < connectionCount; i++) {
            if (connections[i].packets > 0) {
                summarise(connections[i]);
            }
        }
        Arrays.fill(connections, 0, connectionCount, null);
        connectionCount = 0;
        lastMatched = 0;
    }

    private void summarise(Stats s) {
        EnipState.Connection c = state.connection(s.connectionId, session.flow().clientIp(), session.flow().serverIp());
        Operation operation = Operation.OTHER;
        String direction = null;
        long expectedRpi = -1;
        if (c != null) {
            boolean oToT = c.params().oToId == s.connectionId;
            direction = oToT ? "o_t" : "t_o";
            // originator-to-target data is output written to the target, target-to-originator is input read from it
            operation = oToT ? Operation.WRITE : Operation.READ;
            long api = oToT ? c.params().oToApi : c.params().tToApi;
            expectedRpi = api > 0 ? api : oToT ? c.params().oToRpi : c.params().tToRpi;
        }
        // the producer of the connection's packets is the source; produced data is not acknowledged, so
        // there is no response to see
        Transaction t = session.newTransaction(Protocol.CIP_IO, s.intervalStart)
                .reversed(s.dir == Direction.TO_CLIENT)
                .action(ACTION_SUMMARY)
                .outcome(Outcome.SUCCESS)
                .seen(Seen.REQUEST)
                .operation(operation);
        // the interval, not a request-to-response time: written with its bounds, outside the typed duration
        Detail d = t.detail()
                .put(Fields.EVENT_START, Timestamps.iso(s.intervalStart))
                .put(Fields.EVENT_END, Timestamps.iso(s.lastTs))
                .put(Fields.EVENT_DURATION, s.lastTs - s.intervalStart)
                .put(CipFields.CONNECTION_ID, s.connectionId)
                .put(CipFields.IO_DIRECTION, direction)
                .put(CipFields.IO_PACKETS, s.packets)
                .put(CipFields.IO_BYTES, s.bytes)
                .put(CipFields.IO_FIRST_SEQUENCE, s.firstSequence)
                .put(CipFields.IO_LAST_SEQUENCE, s.lastSequence)
                .put(CipFields.IO_SEQUENCE_GAPS, s.gaps)
                .put(CipFields.IO_LOST_PACKETS, s.lost)
                .put(CipFields.IO_DUPLICATES, s.duplicates)
                .put(CipFields.IO_OUT_OF_ORDER, s.outOfOrder);
        if (s.intervals > 0) {
            double mean = s.sum / s.intervals;
            double variance = Math.max(0, s.sumSquares / s.intervals - mean * mean);
            d.put(CipFields.IO_RPI_MEASURED_US, Math.round(mean / 1000.0))
                    .put(CipFields.IO_JITTER_US, Math.round(Math.sqrt(variance) / 1000.0))
                    .put(CipFields.IO_INTERVAL_MIN_US, Math.round(s.minInterval / 1000.0))
                    .put(CipFields.IO_INTERVAL_MAX_US, Math.round(s.maxInterval / 1000.0));
        }
        if (expectedRpi > 0) {
            d.put(CipFields.IO_RPI_EXPECTED_US, expectedRpi);
        }
        if (c != null) {
            d.put(CipFields.CONNECTION_FORWARD_OPEN_EVENT_ID, c.forwardOpenEventId());
        }
        if (s.classOne) {
            d.put(CipFields.IO_CIP_SEQUENCE_GAPS, s.cipGaps)
                    .put(CipFields.IO_CIP_SEQUENCE_LOST, s.cipLost)
                    .put(CipFields.IO_CIP_SEQUENCE_REPEATS, s.cipRepeats)
                    .put(CipFields.IO_CIP_SEQUENCE_OUT_OF_ORDER, s.cipOutOfOrder);
            if (s.cipGaps > 0) {
                t.anomaly(CipAnomaly.IO_CIP_SEQUENCE_GAP);
            }
            if (s.cipRepeats > 0) {
                t.anomaly(CipAnomaly.IO_CIP_SEQUENCE_REPEAT);
            }
            if (s.cipOutOfOrder > 0) {
                t.anomaly(CipAnomaly.IO_CIP_SEQUENCE_OUT_OF_ORDER);
            }
        }
        session.emit(t);
    }

    private void malformed(String reason, long ts) {
        if (malformedRecords < MAX_MALFORMED_RECORDS) {
            malformedRecords++;
            session.malformed(Protocol.CIP_IO, reason, ts);
        } else {
            session.count(EnipCounter.IO_MALFORMED_SUPPRESSED.counter);
        }
    }
}
