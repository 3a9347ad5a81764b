package io.linewatch.dissectors.modbus;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.dissectors.common.OpenRequests;
import io.linewatch.dissectors.common.PduFramer;
import io.linewatch.model.schema.ModbusFields;
import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;

/**
 * Modbus on one TCP connection or UDP flow. Requests are what the client (the side that opened the
 * connection, see {@link Flow}) sends; each is paired with the server's response by transaction id
 * and becomes one event. The MBAP framing survives several ADUs per segment, ADUs split over
 * segments, capture gaps and streams joined mid-way; a connection on port 502 whose first bytes are
 * not MBAP is recognised as something else and counted; what its client sends there becomes malformed records
 * (a few per connection), since bytes a Modbus server must parse that are not Modbus are what fuzzers and
 * exploits send (the rules judge them against whether the server speaks Modbus). It is not left alone for good:
 * junk sent first must not hide the Modbus that follows (an evasion), so every later segment is probed, as
 * Wireshark's and Suricata's parsers do, and one that starts with a plausible MBAP header resumes the dissection
 * there ({@code modbus.resumed_flows} counts it).
 *
 * <p>The framing is decided once per flow, on its first PDU ({@link Framing}): MBAP, or RTU frames (unit, PDU,
 * CRC-16: {@link ModbusRtu}) when the first bytes at a segment start are a whole RTU frame whose CRC holds (serial
 * gateways tunnel RTU unchanged). A valid CRC is a 16-bit check that MBAP bytes pass by chance once in 65536
 * flows, while RTU bytes pass MBAP's by structure (a read of 2 registers at address 0 is also a well-formed MBAP
 * ADU), so the CRC wins. RTU frames have no transaction id: a response pairs with the open request of its unit
 * (RTU masters keep one request outstanding per unit). On UDP each datagram carries whole ADUs (MBAP) or one frame (RTU).
 */
public final class ModbusDissector implements FlowListener {
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

    /** Malformed records made per non-Modbus connection (one per client segment); further segments are counted. */
    static final int MAX_FOREIGN_RECORDS = 16;
    /** Leading bytes shown in the record's reason (enough to tell TLS 16 03 01, HTTP, RDP 03 00 apart). */
    static final int FOREIGN_BYTES_SHOWN = 4;

    private enum State { UNDECIDED, MODBUS, NOT_MODBUS }

    /** How the flow's ADUs are framed; the value of {@code modbus.framing} (null: Modbus/TCP, the default). */
    enum Framing {
        MBAP_OVER_TCP(null), RTU_OVER_TCP("rtu_over_tcp"), MBAP_OVER_UDP("mbap_over_udp"), RTU_OVER_UDP("rtu_over_udp");

        final String fieldValue;

        Framing(String fieldValue) {
            this.fieldValue = fieldValue;
        }

        boolean rtu() {
            return this == RTU_OVER_TCP || this == RTU_OVER_UDP;
        }
    }

    private final FlowSession session;
    private final Side toServer;
    private final Side toClient;
    /** Open requests by transaction id (RTU: by unit id), oldest first. */
    private final OpenRequests<ModbusMessage> open;
    private State state = State.UNDECIDED;
    /** Judged another protocol from its first bytes (not a Modbus flow given up later). */
    private boolean foreign;
    private int foreignRecords;
    private final boolean udp;
    /** Decided with the first PDU (TCP: MBAP until a first RTU frame says otherwise). */
    private Framing framing;

    public ModbusDissector(FlowSession session) {
        this.session = session;
        this.udp = !session.flow().isTcp();
        this.framing = udp ? null : Framing.MBAP_OVER_TCP;
        this.open = new OpenRequests<>(session, Protocol.MODBUS.wireName, MAX_OPEN_TRANSACTIONS, RESPONSE_TIMEOUT_NANOS,
                this::unanswered);
        boolean atStart = session.flow().handshakeSeen();
        this.toServer = new Side(Direction.TO_SERVER, atStart);
        this.toClient = new Side(Direction.TO_CLIENT, atStart);
    }

    @Override
    public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
        if (len <= 0) {
            return;
        }
        if (udp) {
            datagram(dir, buf, off, len, ts);
            return;
        }
        Side side = side(dir);
        if (state == State.NOT_MODBUS) {
            if (!side.startsPlausibleAdu(buf, off, len)) {
                side.skippedWhileNotModbus += len;
                side.segmentsPassedOver += len;
                foreignBytes(dir, buf, off, len, ts);
                return;
            }
            resume(side, ts);
        }
        if (side.framer.buffered() > 0 && !side.boundary) {
            // bytes held while sliding for a header are a worse guess than the start of this new
            // segment, where senders almost always start an ADU: drop them and start here
            side.framer.discard(ts);
        }
        // a delivered chunk with nothing held before it starts a segment: ADUs usually start there
        side.boundary = side.boundary || side.framer.buffered() == 0;
        side.framer.onData(buf, off, len, ts);
        if (foreign && foreignRecords == 0) {
            foreignBytes(dir, buf, off, len, ts); // the segment that showed it is not Modbus
        }
    }

    /** Client bytes on a connection judged not Modbus: a malformed record while few were made, else a count. */
    private void foreignBytes(Direction dir, byte[] buf, int off, int len, long ts) {
        if (!foreign || dir != Direction.TO_SERVER) {
            return; // a given-up Modbus flow was reported as it went; the server's answers are not what it parses
        }
        if (foreignRecords >= MAX_FOREIGN_RECORDS) {
            count(ModbusCounter.NON_MODBUS_SEGMENTS_NOT_RECORDED);
            return;
        }
        foreignRecords++;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < Math.min(len, FOREIGN_BYTES_SHOWN); i++) {
            first.append(i == 0 ? "" : " ").append(String.format("%02x", buf[off + i] & 0xff));
        }
        session.malformed(Protocol.MODBUS, len + " bytes on the Modbus port that are not Modbus/TCP (starting "
                + first + ")", ts);
    }

    @Override
    public void onGap(Flow flow, Direction dir, long missing, long ts) {
        if (state == State.NOT_MODBUS) {
            return;
        }
        Side side = side(dir);
        side.framer.onGap(ts);
        side.boundary = true;
    }

    @Override
    public void onEnd(Flow flow, long ts) {
        if (state == State.UNDECIDED && (toServer.skippedBeforeFirstAdu > 0 || toClient.skippedBeforeFirstAdu > 0)) {
            // bytes flowed (fewer than the search window) and none of them framed as Modbus
            notModbus();
            if (toServer.skippedBeforeFirstAdu > 0) {
                foreignRecords++;
                session.malformed(Protocol.MODBUS, toServer.skippedBeforeFirstAdu
                        + " bytes on the Modbus port that are not Modbus/TCP (the connection ended before a header)", ts);
            }
        }
        if (state == State.NOT_MODBUS) {
            return;
        }
        for (Side side : new Side[] {toServer, toClient}) {
            int held = side.framer.buffered();
            if (held > 0 && state == State.MODBUS) {
                session.malformed(Protocol.MODBUS, "connection ended inside an ADU (" + held + " bytes held)", ts);
            }
        }
        open.drain();
    }

    private Side side(Direction dir) {
        return dir == Direction.TO_SERVER ? toServer : toClient;
    }

    /**
     * What framing a flow's first datagram shows: one RTU frame whose CRC holds (it wins, as on TCP: a read of 2
     * registers at address 0 is also well-formed MBAP), else MBAP.
     */
    private static Framing udpFraming(byte[] b, int off, int len, boolean request) {
        if (ModbusRtu.wholeFrame(b, off, len, request, true) > 0) {
            return Framing.RTU_OVER_UDP;
        }
        return mbapLength(b, off, len) > 0 ? Framing.MBAP_OVER_UDP : null;
    }

    /** The length of a whole MBAP ADU at {@code off} within {@code available} bytes, else 0. */
    private static int mbapLength(byte[] b, int off, int available) {
        if (available < ModbusDecoder.HEADER_WITH_FUNCTION || Bytes.u16be(b, off + 2) != 0) {
            return 0;
        }
        int length = Bytes.u16be(b, off + 4);
        return length < 2 || length > MAX_MBAP_LENGTH || MBAP_HEADER + length > available ? 0 : MBAP_HEADER + length;
    }

    /** One UDP datagram: whole MBAP ADUs, or one RTU frame. */
    private void datagram(Direction dir, byte[] b, int off, int len, long ts) {
        boolean request = dir == Direction.TO_SERVER;
        if (state == State.UNDECIDED) {
            framing = udpFraming(b, off, len, request);
            if (framing == null) {
                notModbus();
                return;
            }
            session.recognised(Protocol.MODBUS);
            state = State.MODBUS;
        }
        Side side = side(dir);
        if (framing.rtu()) {
            // the flow is RTU: a datagram is one frame whose CRC holds (unit 0, a broadcast, included)
            if (len <= ModbusRtu.MAX_FRAME && ModbusRtu.crcHolds(b, off, len)) {
                onAdu(side, b, off, len, ts);
            } else {
                session.malformed(Protocol.MODBUS, "datagram of " + len + " bytes is not an RTU frame (its CRC does not hold)", ts);
            }
            return;
        }
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int n = mbapLength(b, pos, end - pos);
            if (n == 0) {
                session.malformed(Protocol.MODBUS, (end - pos) + " bytes of a datagram do not frame as MBAP", ts);
                return;
            }
            onAdu(side, b, pos, n, ts);
            pos += n;
        }
    }

    // ---- transactions ----

    private void onAdu(Side side, byte[] b, int off, int len, long ts) {
        open.expire(ts);
        boolean isRequest = side.dir == Direction.TO_SERVER;
        boolean rtu = framing.rtu();
        // RTU has no transaction id: a master has one request outstanding per unit, so the unit pairs them
        int tid = rtu ? Bytes.u8(b, off) : Bytes.u16be(b, off);
        int function = Bytes.u8(b, off + (rtu ? 1 : 7)) & 0x7F;
        ModbusMessage pending = isRequest ? null : open.peek(0, tid);
        ModbusMessage request = pending != null && pending.function() == function ? pending : null;
        ModbusMessage m = rtu ? ModbusDecoder.decodeRtu(isRequest, b, off, len, ts, request)
                : ModbusDecoder.decode(isRequest, b, off, len, ts, request);
        if (!rtu && len - MBAP_HEADER > SPEC_MAX_MBAP_LENGTH) {
            m.anomaly(ModbusAnomaly.ADU_EXCEEDS_SPEC_LENGTH);
            count(ModbusCounter.OVERSIZED_ADU);
        }
        if (ModbusFunction.ACTION_UNKNOWN.equals(m.action())) {
            count(ModbusCounter.UNKNOWN_FUNCTION);
        }
        if (m.layoutError() != null) {
            count(ModbusCounter.LAYOUT_MISMATCH);
        }
        if (isRequest) {
            ModbusMessage replaced = open.put(0, tid, m, m.timestampNanos);
            if (replaced != null) {
                // same id again before an answer: the earlier one will not be answered any more (on RTU, the
                // master gave up on the unit and asks again: no id was reused)
                if (!rtu) {
                    count(ModbusCounter.DUPLICATE_TRANSACTION_ID);
                }
                unanswered(replaced);
            }
        } else if (request != null) {
            open.take(0, tid);
            emit(request, m);
        } else {
            count(ModbusCounter.UNMATCHED_RESPONSES);
            emit(null, m);
        }
    }

    private void count(ModbusCounter counter) {
        session.count(counter.counterName);
    }

    private void unanswered(ModbusMessage request) {
        count(ModbusCounter.UNANSWERED_REQUESTS);
        emit(request, null);
    }

    /** One transaction; either side may be missing. */
    private void emit(ModbusMessage request, ModbusMessage response) {
        ModbusMessage first = request != null ? request : response;
        Transaction t = session.newTransaction(Protocol.MODBUS, first.timestampNanos);
        t.action(first.action()).operation(first.operation())
                .outcome(outcome(response))
                .seen(Seen.of(request != null, response != null))
                .function(first.function())
                .unit(first.unitId);
        if (request != null && response != null && response.timestampNanos >= request.timestampNanos) {
            t.durationNanos(response.timestampNanos - request.timestampNanos);
        }
        // the request says what was addressed and written; a response alone says what it can
        ModbusMessage addressing = request != null && request.objects().length > 0 ? request : response;
        if (addressing != null) {
            t.objects(addressing.objects());
        }
        ModbusMessage carrying = request != null && request.values() != null ? request : response;
        if (carrying != null && carrying.values() != null) {
            t.values(carrying.values(), carrying.valuesWritten());
        }
        int subfunction = request != null && request.subfunction() >= 0 ? request.subfunction()
                : response != null ? response.subfunction() : -1;
        t.subfunction(subfunction);
        if (response != null && response.isException()) {
            t.status(response.exceptionCode());
        }
        String framingValue = framing.fieldValue;
        // most polls are folded into summaries and never written: their fields are put only if they are
        t.detail().putLater(d -> detail(d, first, request, response, framingValue));
        addAnomalies(t, request);
        addAnomalies(t, response);
        if (request != null && response != null && request.unitId != response.unitId) {
            t.anomaly(ModbusAnomaly.UNIT_ID_MISMATCH);
        }
        session.emit(t);
        if (response != null) {
            for (ModbusMessage.Identity id : response.identities()) {
                session.identity(true, id.assetField(), id.value(), id.source(), response.timestampNanos, t.id());
            }
        }
    }

    /** A transaction's fields: the header's, then each side's it does not have yet (the request's first). */
    private static void detail(Detail d, ModbusMessage first, ModbusMessage request, ModbusMessage response,
                               String framing) {
        if (first.transactionId != ModbusMessage.NO_TRANSACTION_ID) {
            d.put(ModbusFields.TRANSACTION_ID, first.transactionId);
        }
        d.put(ModbusFields.UNIT_ID, first.unitId)
                .put(ModbusFields.FUNCTION_CODE, first.function())
                .put(ModbusFields.FRAMING, framing);
        if (request != null) {
            d.putAbsent(request.detail());
        }
        if (response != null) {
            d.putAbsent(response.detail());
        }
    }

    /** A side's anomalies; none for a side not seen. */
    private static void addAnomalies(Transaction t, ModbusMessage m) {
        if (m == null) {
            return;
        }
        for (int i = 0; i < m.anomalies().size(); i++) {
            t.anomaly(m.anomalies().get(i));
        }
    }

    private static Outcome outcome(ModbusMessage response) {
        if (response == null) {
            return Outcome.UNKNOWN;
        }
        if (response.isException() || response.umasStatus == UmasFunction.RESPONSE_ERROR) {
            return Outcome.FAILURE;
        }
        return Outcome.SUCCESS;
    }

    // ---- framing ----

    /**
     * A segment of a flow judged not Modbus (or given up) starts with a plausible MBAP header: dissect from
     * here on. The bytes before it that never framed are recorded as one malformed record.
     */
    private void resume(Side side, long ts) {
        long junk = 0;
        for (Side s : new Side[] {toServer, toClient}) {
            s.framer.discard(ts); // what it held while sliding is junk too (reported through onSkipped)
            junk += s.skippedWhileNotModbus;
            session.context().count(ModbusCounter.SKIPPED_BYTES.counterName, s.segmentsPassedOver);
            s.skippedWhileNotModbus = 0;
            s.segmentsPassedOver = 0;
            s.skippedInARow = 0;
            s.skippedBeforeFirstAdu = 0;
            s.boundary = true;
        }
        count(ModbusCounter.RESUMED_FLOWS);
        if (foreignRecords == 0) { // else the junk's client segments were recorded as they came
            session.malformed(Protocol.MODBUS, junk + " bytes that do not frame as Modbus/TCP before MBAP resumed", ts);
        }
        foreign = false;
        // the header was checked strictly: believe it as if the flow had carried Modbus from the start
        state = State.MODBUS;
        session.recognised(Protocol.MODBUS);
    }

    private void notModbus() {
        state = State.NOT_MODBUS;
        foreign = true;
        count(ModbusCounter.NON_MODBUS_FLOWS);
        session.application(null);
        open.clear();
    }

    /** One direction: its framer and what the framing knows about the position it is asked about. */
    private final class Side implements PduFramer.Framing {
        final Direction dir;
        final PduFramer framer;
        /** The position asked about should start an ADU (stream start, after an ADU, segment start, after a gap). */
        boolean boundary = true;
        long skippedBeforeFirstAdu;
        long skippedInARow;
        /** Bytes of this direction passed over since the flow was judged not Modbus (reported if it resumes). */
        long skippedWhileNotModbus;
        /** Of those, the bytes of whole segments not probed further (counted as skipped only if it resumes). */
        long segmentsPassedOver;

        Side(Direction dir, boolean fromStart) {
            this.dir = dir;
            this.framer = new PduFramer(this, dir, Math.max(MBAP_HEADER + MAX_MBAP_LENGTH, ModbusRtu.MAX_FRAME), fromStart);
        }

        @Override
        public int frameLength(byte[] b, int off, int available) {
            if (framing == Framing.RTU_OVER_TCP) {
                return rtuFrameLength(b, off, available);
            }
            if (state == State.UNDECIDED && boundary) {
                // the flow's first PDU at a segment start: a whole RTU frame whose CRC holds makes it an RTU flow
                int rtu = ModbusRtu.wholeFrame(b, off, available, dir == Direction.TO_SERVER, false);
                if (rtu > 0) {
                    framing = Framing.RTU_OVER_TCP;
                    return rtu;
                }
            }
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
            if (available < ModbusDecoder.HEADER_WITH_FUNCTION) {
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

        /**
         * Whether a segment starts with an MBAP header as strict as the one a resync accepts: protocol id 0, a
         * length within the specification, a function with a layout that fits it (see {@link #plausible}).
         */
        boolean startsPlausibleAdu(byte[] b, int off, int len) {
            if (len < ModbusDecoder.HEADER_WITH_FUNCTION || Bytes.u16be(b, off + 2) != 0) {
                return false;
            }
            int length = Bytes.u16be(b, off + 4);
            return length >= 2 && length <= RESYNC_MAX_MBAP_LENGTH && plausible(b, off, len, length) == 1;
        }

        /**
         * An RTU frame: the length its function's layout gives, confirmed by the CRC. While sliding over bytes
         * (not at a boundary) only frames whose layout says their length are believed, as for MBAP.
         */
        private int rtuFrameLength(byte[] b, int off, int available) {
            if (available < 2) {
                return NEED_MORE;
            }
            int unit = Bytes.u8(b, off);
            int function = Bytes.u8(b, off + 1) & 0x7F;
            if (unit > ModbusRtu.MAX_UNIT || !(ModbusFunction.of(function) != null || ModbusFunction.isUserDefined(function))) {
                return notAHeader();
            }
            int length = ModbusRtu.frameLength(b, off, available, dir == Direction.TO_SERVER);
            if (length == ModbusRtu.UNKNOWN_LENGTH) {
                if (!boundary) {
                    return notAHeader();
                }
                length = ModbusRtu.lengthByCrc(b, off, available);
                if (length > 0) {
                    return length;
                }
                return available < ModbusRtu.MAX_FRAME ? NEED_MORE : notAHeader();
            }
            if (length == ModbusRtu.NEED_MORE) {
                return NEED_MORE;
            }
            if (length < ModbusRtu.MIN_FRAME || length > ModbusRtu.MAX_FRAME) {
                return notAHeader();
            }
            if (length > available) {
                return NEED_MORE;
            }
            return ModbusRtu.crcHolds(b, off, length) ? length : notAHeader();
        }

        private int notAHeader() {
            if (state == State.UNDECIDED && framer.synced()) {
                // the very first bytes of a connection seen from its start (no gap since) are not MBAP:
                // it speaks another protocol
                notModbus();
            }
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
            if (state == State.UNDECIDED) {
                session.recognised(Protocol.MODBUS);
            }
            state = State.MODBUS;
            skippedInARow = 0;
            onAdu(this, b, off, len, ts);
        }

        @Override
        public void onSkipped(Direction d, int count, PduFramer.SkipReason reason, long ts) {
            session.context().count(ModbusCounter.SKIPPED_BYTES.counterName, count);
            if (state == State.NOT_MODBUS) {
                skippedWhileNotModbus += count; // reported with the rest of the junk if the flow resumes
                return;
            }
            if (state == State.UNDECIDED) {
                skippedBeforeFirstAdu += count;
                if (skippedBeforeFirstAdu > SEARCH_WINDOW) {
                    // no MBAP header within the window a joined-midway stream may need: another protocol
                    notModbus();
                }
                return;
            }
            skippedInARow += count;
            switch (reason) {
                // the tail of a run already reported as skipped
                case DISCARDED -> { }
                case GAP -> session.malformed(Protocol.MODBUS, "ADU cut by a capture gap (" + count + " bytes dropped)", ts);
                case NO_HEADER -> session.malformed(Protocol.MODBUS, count + " bytes that do not frame as "
                        + (framing.rtu() ? "Modbus RTU" : "Modbus/TCP") + " skipped while re-synchronising", ts);
            }
            if (skippedInARow > ABANDON_AFTER_SKIPPED) {
                count(ModbusCounter.ABANDONED_FLOWS);
                state = State.NOT_MODBUS;
            }
        }
    }
}
