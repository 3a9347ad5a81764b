package io.linewatch.dissectors.modbus;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.dissectors.common.PduFramer;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Modbus/TCP on one TCP connection. Requests are what the client (the side that opened the
 * connection, see {@link Flow}) sends; each is paired with the server's response by transaction id
 * and becomes one event. The MBAP framing survives several ADUs per segment, ADUs split over
 * segments, capture gaps and streams joined mid-way; a connection on port 502 whose first bytes are
 * not MBAP is recognised as something else, counted, and left alone.
 */
public final class ModbusDissector implements FlowListener {
    public static final String PROTOCOL = "modbus";
    public static final String DATASET = "linewatch.modbus";
    /** Source of identity facts from function 43 / MEI 14. */
    public static final String IDENTITY_SOURCE = "modbus.read_device_identification";

    /** Requests awaiting their response per connection; beyond it the oldest is reported unanswered. */
    static final int MAX_OPEN_TRANSACTIONS = 64;
    /**
     * A request still unanswered after this much capture time is reported unanswered when the connection next
     * carries traffic, so a live sensor does not sit on it (and its rules do not see it) until the connection ends.
     * Masters time out in seconds; the margin keeps slow links paired.
     */
    static final long RESPONSE_TIMEOUT_NANOS = 30_000_000_000L;
    /** MBAP length field (unit id + PDU) of the specification's largest ADU (260 bytes). */
    static final int SPEC_MAX_MBAP_LENGTH = 254;
    /** Largest MBAP length accepted where an ADU must start; some vendors exceed the spec slightly. */
    static final int MAX_MBAP_LENGTH = 1024;
    /** Largest MBAP length accepted while sliding over bytes to re-synchronise (spec plus a little slack). */
    static final int RESYNC_MAX_MBAP_LENGTH = 256;
    static final int MBAP_HEADER = 6;
    /** Bytes searched for a first header on a stream joined mid-way before the flow is judged not Modbus. */
    static final int SEARCH_WINDOW = 2 * (MBAP_HEADER + SPEC_MAX_MBAP_LENGTH);
    /** After this many bytes skipped in a row on an established Modbus flow, the flow is given up. */
    static final int ABANDON_AFTER_SKIPPED = 64 * 1024;

    /** Counter names ({@code modbus.*}). */
    static final String COUNT_NON_MODBUS_FLOWS = "modbus.non_modbus_flows";
    static final String COUNT_ABANDONED_FLOWS = "modbus.abandoned_flows";
    static final String COUNT_SKIPPED_BYTES = "modbus.skipped_bytes";
    static final String COUNT_UNMATCHED_RESPONSES = "modbus.unmatched_responses";
    static final String COUNT_UNANSWERED_REQUESTS = "modbus.unanswered_requests";
    static final String COUNT_OPEN_CAPPED = "modbus.open_transactions_capped";
    static final String COUNT_DUPLICATE_TID = "modbus.duplicate_transaction_id";
    static final String COUNT_UNKNOWN_FUNCTION = "modbus.unknown_function";
    static final String COUNT_OVERSIZED = "modbus.oversized_adu";

    private enum State { UNDECIDED, MODBUS, NOT_MODBUS }

    private final FlowSession session;
    private final Side toServer;
    private final Side toClient;
    /** Open requests by transaction id, oldest first. */
    private final LinkedHashMap<Integer, ModbusMessage> open = new LinkedHashMap<>();
    private State state = State.UNDECIDED;

    public ModbusDissector(FlowSession session) {
        this.session = session;
        boolean atStart = session.flow().handshakeSeen();
        this.toServer = new Side(Direction.TO_SERVER, atStart);
        this.toClient = new Side(Direction.TO_CLIENT, atStart);
    }

    @Override
    public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
        if (state == State.NOT_MODBUS || len <= 0) {
            return;
        }
        Side side = side(dir);
        if (side.framer.buffered() > 0 && !side.boundary) {
            // bytes held while sliding for a header are a worse guess than the start of this new
            // segment, where senders almost always start an ADU: drop them and start here
            side.dropping = true;
            side.framer.onGap(ts);
            side.dropping = false;
        }
        // a delivered chunk with nothing held before it starts a segment: ADUs usually start there
        side.boundary = side.boundary || side.framer.buffered() == 0;
        side.framer.onData(buf, off, len, ts);
    }

    @Override
    public void onGap(Flow flow, Direction dir, long missing, long ts) {
        if (state == State.NOT_MODBUS) {
            return;
        }
        Side side = side(dir);
        side.afterGap = true;
        side.inGap = true;
        side.framer.onGap(ts);
        side.inGap = false;
        side.boundary = true;
    }

    @Override
    public void onEnd(Flow flow, long ts) {
        if (state == State.UNDECIDED && (toServer.skippedBeforeFirstAdu > 0 || toClient.skippedBeforeFirstAdu > 0)) {
            // bytes flowed (fewer than the search window) and none of them framed as Modbus
            notModbus(ts);
        }
        if (state == State.NOT_MODBUS) {
            return;
        }
        for (Side side : new Side[] {toServer, toClient}) {
            int held = side.framer.buffered();
            if (held > 0 && state == State.MODBUS) {
                session.malformed(PROTOCOL, "connection ended inside an ADU (" + held + " bytes held)", ts);
            }
        }
        List<ModbusMessage> unanswered = new ArrayList<>(open.values());
        open.clear();
        for (ModbusMessage request : unanswered) {
            unanswered(request);
        }
    }

    private Side side(Direction dir) {
        return dir == Direction.TO_SERVER ? toServer : toClient;
    }

    // ---- transactions ----

    private void onAdu(Side side, byte[] b, int off, int len, long ts) {
        expireOpen(ts);
        boolean isRequest = side.dir == Direction.TO_SERVER;
        int tid = Bytes.u16be(b, off);
        int function = Bytes.u8(b, off + 7) & 0x7F;
        ModbusMessage pending = isRequest ? null : open.get(tid);
        ModbusMessage request = pending != null && pending.function() == function ? pending : null;
        ModbusMessage m = ModbusPduDecoder.decode(isRequest, b, off, len, ts, request);
        if (len - MBAP_HEADER > SPEC_MAX_MBAP_LENGTH) {
            m.anomaly("adu_exceeds_spec_length");
            session.count(COUNT_OVERSIZED);
        }
        if (ModbusFunction.ACTION_UNKNOWN.equals(m.action())) {
            session.count(COUNT_UNKNOWN_FUNCTION);
        }
        if (m.error() != null) {
            malformedAdu(m);
            return;
        }
        if (isRequest) {
            ModbusMessage replaced = open.remove(tid);
            if (replaced != null) {
                // same id again before an answer: the earlier one will not be answered any more
                session.count(COUNT_DUPLICATE_TID);
                unanswered(replaced);
            }
            if (open.size() >= MAX_OPEN_TRANSACTIONS) {
                Iterator<ModbusMessage> oldest = open.values().iterator();
                ModbusMessage dropped = oldest.next();
                oldest.remove();
                session.count(COUNT_OPEN_CAPPED);
                unanswered(dropped);
            }
            open.put(tid, m);
        } else if (request != null) {
            open.remove(tid);
            emit(request, m);
        } else {
            session.count(COUNT_UNMATCHED_RESPONSES);
            emit(null, m);
        }
    }

    /** Reports the requests older than {@link #RESPONSE_TIMEOUT_NANOS} as unanswered (oldest first, in order). */
    private void expireOpen(long now) {
        Iterator<ModbusMessage> it = open.values().iterator();
        while (it.hasNext()) {
            ModbusMessage oldest = it.next();
            if (now - oldest.timestampNanos <= RESPONSE_TIMEOUT_NANOS) {
                return;
            }
            it.remove();
            unanswered(oldest);
        }
    }

    private void unanswered(ModbusMessage request) {
        session.count(COUNT_UNANSWERED_REQUESTS);
        emit(request, null);
    }

    /** One transaction event; either side may be missing. */
    private void emit(ModbusMessage request, ModbusMessage response) {
        ModbusMessage first = request != null ? request : response;
        EventDoc e = session.newEvent(PROTOCOL, DATASET, first.timestampNanos);
        e.put(Fields.EVENT_ACTION, request != null ? request.action() : response.action());
        e.put(Fields.EVENT_OUTCOME, outcome(response));
        if (request != null && response != null && response.timestampNanos >= request.timestampNanos) {
            e.put(Fields.EVENT_DURATION, response.timestampNanos - request.timestampNanos);
        }
        e.put(Fields.OT_SEEN, request == null ? Values.SEEN_RESPONSE : response == null ? Values.SEEN_REQUEST : Values.SEEN_BOTH);
        e.put(Fields.OT_OPERATION, request != null ? request.operation() : response.operation());
        e.put(ModbusFields.TRANSACTION_ID, first.transactionId);
        e.put(ModbusFields.UNIT_ID, first.unitId);
        e.put(ModbusFields.FUNCTION_CODE, first.function());
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> anomalies = new ArrayList<>();
        for (ModbusMessage m : new ModbusMessage[] {request, response}) {
            if (m != null) {
                m.fields().forEach(fields::putIfAbsent);
                m.anomalies().stream().filter(a -> !anomalies.contains(a)).forEach(anomalies::add);
            }
        }
        if (request != null && response != null && request.unitId != response.unitId) {
            anomalies.add("unit_id_mismatch");
        }
        fields.forEach(e::put);
        if (!anomalies.isEmpty()) {
            e.put(Fields.OT_ANOMALIES, anomalies);
        }
        session.emit(e);
        if (response != null) {
            for (ModbusMessage.Identity id : response.identities()) {
                session.identity(true, id.assetField(), id.value(), IDENTITY_SOURCE, response.timestampNanos, e.id());
            }
        }
    }

    private static String outcome(ModbusMessage response) {
        if (response == null) {
            return Values.OUTCOME_UNKNOWN;
        }
        if (response.isException() || response.umasStatus == UmasFunction.RESPONSE_ERROR) {
            return Values.OUTCOME_FAILURE;
        }
        return Values.OUTCOME_SUCCESS;
    }

    /** A framed ADU whose body does not fit its function: a counted malformed record that says which. */
    private void malformedAdu(ModbusMessage m) {
        session.count(PROTOCOL + ".malformed");
        EventDoc e = session.newEvent(PROTOCOL, DATASET, m.timestampNanos);
        e.put(Fields.EVENT_ACTION, Values.ACTION_MALFORMED);
        e.put(Fields.EVENT_OUTCOME, Values.OUTCOME_UNKNOWN);
        e.put(Fields.OT_SEEN, Values.SEEN_MALFORMED);
        e.put(Fields.OT_MALFORMED_REASON, m.error());
        e.put(ModbusFields.TRANSACTION_ID, m.transactionId);
        e.put(ModbusFields.UNIT_ID, m.unitId);
        e.put(ModbusFields.FUNCTION_CODE, m.function());
        e.put(ModbusFields.MESSAGE_TYPE, m.request ? "request" : "response");
        session.emit(e);
    }

    // ---- framing ----

    private void notModbus(long ts) {
        state = State.NOT_MODBUS;
        session.count(COUNT_NON_MODBUS_FLOWS);
        session.application(null);
        open.clear();
    }

    /** One direction: its framer and what the framing knows about the position it is asked about. */
    private final class Side implements PduFramer.Framing {
        final Direction dir;
        final PduFramer framer;
        /** The position asked about should start an ADU (stream start, after an ADU, segment start, after a gap). */
        boolean boundary = true;
        /** A gap was reported on this direction at some time. */
        boolean afterGap;
        /** Inside {@link PduFramer#onGap}: skipped bytes are an ADU cut by the gap. */
        boolean inGap;
        /** Inside {@link PduFramer#onGap} called to drop bytes held while re-synchronising. */
        boolean dropping;
        /** The stream is known to start at its first byte (handshake seen). */
        final boolean fromStart;
        long skippedBeforeFirstAdu;
        long skippedInARow;

        Side(Direction dir, boolean fromStart) {
            this.dir = dir;
            this.fromStart = fromStart;
            this.framer = new PduFramer(this, dir, MBAP_HEADER + MAX_MBAP_LENGTH, fromStart);
        }

        @Override
        public int frameLength(byte[] b, int off, int available) {
            // MBAP: transaction id (2), protocol id (2, always 0), length (2, unit id + PDU), unit id (1)
            if (available >= 4 && Bytes.u16be(b, off + 2) != 0) {
                return notAHeader();
            }
            if (available >= 6) {
                int length = Bytes.u16be(b, off + 4);
                if (length < 2 || length > (boundary ? MAX_MBAP_LENGTH : RESYNC_MAX_MBAP_LENGTH)) {
                    return notAHeader();
                }
            }
            if (available < ModbusPduDecoder.HEADER_WITH_FUNCTION) {
                return NEED_MORE;
            }
            int length = Bytes.u16be(b, off + 4);
            if (!boundary) {
                // sliding over bytes: only a header that fits its function's layout is believed
                int verdict = plausible(b, off, available, length);
                if (verdict != 1) {
                    return verdict == 0 ? NEED_MORE : notAHeader();
                }
            }
            return MBAP_HEADER + length;
        }

        private int notAHeader() {
            boundary = false;
            return NOT_A_HEADER;
        }

        /** 1 plausible, 0 need more bytes, -1 not plausible. */
        private int plausible(byte[] b, int off, int available, int length) {
            int wire = Bytes.u8(b, off + 7);
            int function = wire & 0x7F;
            if (ModbusFunction.of(function) == null && !ModbusFunction.isUserDefined(function)) {
                return -1;
            }
            boolean request = dir == Direction.TO_SERVER;
            if ((wire & 0x80) != 0) {
                return !request && length == 3 ? 1 : -1;
            }
            ModbusFunction f = ModbusFunction.of(function);
            if (f == null) {
                return 1;
            }
            switch (f) {
                case READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> {
                    if (request) {
                        return length == 6 ? 1 : -1;
                    }
                    if (available < 9) {
                        return 0;
                    }
                    return length == 3 + Bytes.u8(b, off + 8) ? 1 : -1;
                }
                case WRITE_SINGLE_COIL, WRITE_SINGLE_REGISTER -> {
                    return length == 6 ? 1 : -1;
                }
                default -> {
                    return 1;
                }
            }
        }

        @Override
        public void onPdu(Direction d, byte[] b, int off, int len, long ts) {
            boundary = true;
            if (state == State.NOT_MODBUS) {
                return;
            }
            state = State.MODBUS;
            skippedInARow = 0;
            onAdu(this, b, off, len, ts);
        }

        @Override
        public void onSkipped(Direction d, int count, PduFramer.SkipReason reason, long ts) {
            session.context().count(COUNT_SKIPPED_BYTES, count);
            if (state == State.NOT_MODBUS) {
                return;
            }
            if (state == State.UNDECIDED) {
                skippedBeforeFirstAdu += count;
                if ((fromStart && !afterGap) || skippedBeforeFirstAdu > SEARCH_WINDOW) {
                    // a connection that starts with something other than MBAP is another protocol
                    notModbus(ts);
                }
                return;
            }
            skippedInARow += count;
            if (dropping) {
                // the tail of a run already reported as skipped
                return;
            }
            session.malformed(PROTOCOL, inGap
                    ? "ADU cut by a capture gap (" + count + " bytes dropped)"
                    : count + " bytes that do not frame as Modbus/TCP skipped while re-synchronising", ts);
            if (skippedInARow > ABANDON_AFTER_SKIPPED) {
                session.count(COUNT_ABANDONED_FLOWS);
                state = State.NOT_MODBUS;
            }
        }
    }
}
