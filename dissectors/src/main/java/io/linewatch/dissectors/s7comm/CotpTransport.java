package io.linewatch.dissectors.s7comm;

import io.linewatch.capture.flow.Direction;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.dissectors.common.PduFramer;
import io.linewatch.model.schema.CotpFields;
import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ISO transport of one port-102 connection, for whichever protocol it carries (S7comm, S7comm-plus,
 * MMS): TPKT (RFC 1006) framing of each direction, COTP (ISO 8073 class 0) connection set-up and
 * disconnect (recorded as {@link Protocol#COTP} transactions), and reassembly of DT TPDUs into the
 * transport service data units (TSDUs) handed to the {@link Payload}. Reassembly is bounded; what is
 * dropped is counted under the carried protocol's name ({@code s7comm.cotp_reassembly_overflow}, ...).
 */
public final class CotpTransport implements PduFramer.Framing {
    static final int TPKT_VERSION = 3;
    static final int TPKT_HEADER_LENGTH = 4;
    /** TPKT header + the shortest COTP TPDU (DT: length indicator, code, TPDU number). */
    static final int TPKT_MIN_LENGTH = 7;
    static final int TPKT_MAX_LENGTH = 65535;
    /** A reassembled TSDU larger than this is dropped (S7 PDUs are at most ~1 KB, S7+ data units 64 KB). */
    static final int MAX_TSDU = 256 * 1024;
    /** End-of-TSDU flag in the byte after a DT code. */
    private static final int COTP_EOT = 0x80;
    /** CR/CC fixed part after the length indicator: code, destination and source reference, class. */
    private static final int CONNECTION_FIXED_PART = 6;
    private static final String ACTION_CONNECT = "cotp_connect";
    private static final String ACTION_DISCONNECT = "cotp_disconnect";

    /** What the carried protocol does with the transport's data. */
    public interface Payload {
        /** One whole TSDU (one DT, or DTs reassembled up to the one with end-of-TSDU). */
        void onTsdu(Direction dir, byte[] b, int off, int len, long timestampNanos);

        /** A capture gap in that direction: whatever the protocol was assembling there is lost. */
        default void onGap(Direction dir) {
        }

        /** Fields the carried protocol reads from the connection (an S7 rack and slot), after the TSAPs. */
        default void connectionDetail(CotpTransport transport, Detail d) {
        }
    }

    /** Counter names: {@code <carried protocol>.<suffix>}. */
    private enum Counter {
        STREAM_GAPS("stream_gaps"),
        SKIPPED_BYTES("skipped_bytes"),
        INCOMPLETE_TPKT_AT_END("incomplete_tpkt_at_end"),
        INCOMPLETE_COTP_AT_END("incomplete_cotp_at_end"),
        COTP_REASSEMBLED("cotp_reassembled"),
        COTP_REASSEMBLY_OVERFLOW("cotp_reassembly_overflow");

        final String suffix;

        Counter(String suffix) {
            this.suffix = suffix;
        }
    }

    /** Malformed-record reasons. */
    static final String BYTES_OUTSIDE_TPKT = "bytes_outside_tpkt";
    static final String DATA_HEADER_TOO_SHORT = "cotp_data_header_too_short";
    static final String MESSAGE_TOO_LARGE = "cotp_message_too_large";
    static final String CONNECTION_HEADER_TOO_SHORT = "cotp_connection_header_too_short";
    static final String PARAMETER_TRUNCATED = "cotp_parameter_truncated";

    /** One direction: its framer and the TSDU being reassembled. */
    private final class Side {
        final Direction dir;
        final PduFramer framer;
        byte[] tsdu = new byte[0];
        int tsduLength;
        boolean overflow;
        /** Bytes before the next header are expected (stream joined mid-way, or after a gap). */
        boolean resyncExpected;

        Side(Direction dir, boolean synced) {
            this.dir = dir;
            this.framer = new PduFramer(CotpTransport.this, dir, TPKT_MAX_LENGTH, synced);
            this.resyncExpected = !synced;
        }

        boolean append(byte[] b, int off, int len) {
            if (overflow || tsduLength + len > MAX_TSDU) {
                overflow = true;
                return false;
            }
            if (tsduLength + len > tsdu.length) {
                byte[] bigger = new byte[Math.max(tsduLength + len, Math.max(1024, tsdu.length * 2))];
                System.arraycopy(tsdu, 0, bigger, 0, tsduLength);
                tsdu = bigger;
            }
            System.arraycopy(b, off, tsdu, tsduLength, len);
            tsduLength += len;
            return true;
        }

        void reset() {
            tsduLength = 0;
            overflow = false;
        }
    }

    private final FlowSession session;
    private final Protocol carried;
    private final Payload payload;
    private final Side toServer;
    private final Side toClient;
    private final String[] counters = new String[Counter.values().length];
    private final Map<CotpPduType, String> otherTpduCounters = new EnumMap<>(CotpPduType.class);
    // connection facts, put on every record of the connection
    private String callingTsap;
    private String calledTsap;
    private int calledTsapValue = -1;
    private Integer tpduSize;
    private long connectTs = -1;
    private Direction connectDir;

    /**
     * @param carried the protocol whose name the transport's counters and malformed records carry
     */
    public CotpTransport(FlowSession session, Protocol carried, Payload payload) {
        this.session = session;
        this.carried = carried;
        this.payload = payload;
        boolean synced = session.flow().handshakeSeen();
        this.toServer = new Side(Direction.TO_SERVER, synced);
        this.toClient = new Side(Direction.TO_CLIENT, synced);
        for (Counter c : Counter.values()) {
            counters[c.ordinal()] = carried.wireName + "." + c.suffix;
        }
        for (CotpPduType t : CotpPduType.values()) {
            otherTpduCounters.put(t, carried.wireName + ".cotp_" + t.label.toLowerCase(Locale.ROOT));
        }
    }

    private Side side(Direction dir) {
        return dir == Direction.TO_SERVER ? toServer : toClient;
    }

    private void count(Counter c) {
        session.count(counters[c.ordinal()]);
    }

    // ---- the flow's bytes --------------------------------------------------------------------------

    public void onPayload(Direction dir, byte[] buf, int off, int len, long ts) {
        side(dir).framer.onData(buf, off, len, ts);
    }

    public void onGap(Direction dir, long ts) {
        Side s = side(dir);
        count(Counter.STREAM_GAPS);
        s.framer.onGap(ts);
        s.reset();
        s.resyncExpected = true;
        payload.onGap(dir);
    }

    /** The end of the connection: what was held is counted, a connect request still open is recorded. */
    public void onEnd(long ts) {
        for (Side s : new Side[] {toServer, toClient}) {
            if (s.framer.buffered() > 0) {
                count(Counter.INCOMPLETE_TPKT_AT_END);
            }
            if (s.tsduLength > 0) {
                count(Counter.INCOMPLETE_COTP_AT_END);
            }
        }
        if (connectTs >= 0) {
            emitConnect(connectTs, -1);
        }
    }

    // ---- TPKT framing ------------------------------------------------------------------------------

    @Override
    public int frameLength(byte[] b, int off, int available) {
        return tpktLength(b, off, available);
    }

    /** TPKT: version 3, reserved 0, length (2) of the whole packet; the COTP header after it must be plausible. */
    static int tpktLength(byte[] b, int off, int available) {
        if (available < 1) {
            return NEED_MORE;
        }
        if ((b[off] & 0xff) != TPKT_VERSION) {
            return NOT_A_HEADER;
        }
        if (available < 2) {
            return NEED_MORE;
        }
        if (b[off + 1] != 0) {
            return NOT_A_HEADER;
        }
        if (available < TPKT_HEADER_LENGTH) {
            return NEED_MORE;
        }
        int length = Bytes.u16be(b, off + 2);
        if (length < TPKT_MIN_LENGTH) {
            return NOT_A_HEADER;
        }
        if (available >= TPKT_HEADER_LENGTH + 2) {
            int li = b[off + 4] & 0xff;
            CotpPduType type = CotpPduType.of(b[off + 5]);
            if (li < 2 || TPKT_HEADER_LENGTH + 1 + li > length || type == null) {
                return NOT_A_HEADER;
            }
            if (!type.carriesData && length != TPKT_HEADER_LENGTH + 1 + li) {
                // a header-only TPDU declaring more bytes is junk; believed, it would swallow the PDUs behind it
                return NOT_A_HEADER;
            }
        }
        return length;
    }

    @Override
    public void onSkipped(Direction dir, int count, PduFramer.SkipReason reason, long ts) {
        session.context().count(counters[Counter.SKIPPED_BYTES.ordinal()], count);
        if (!side(dir).resyncExpected) {
            // bytes between TPKTs (or a TPKT cut by a gap) on a stream that was in step
            session.malformed(carried, BYTES_OUTSIDE_TPKT, ts);
        }
    }

    @Override
    public void onPdu(Direction dir, byte[] b, int off, int len, long ts) {
        Side s = side(dir);
        s.resyncExpected = false;
        // a TPKT with a COTP header the framing accepted: the flow speaks ISO-on-TCP (S7comm's transport)
        session.recognised(Protocol.S7COMM);
        int li = b[off + 4] & 0xff;
        CotpPduType type = CotpPduType.of(b[off + 5]);
        int cotpAt = off + TPKT_HEADER_LENGTH;
        switch (type) {
            case DATA -> data(s, b, off, len, cotpAt, li, ts);
            case CONNECT_REQUEST -> connectRequest(dir, b, cotpAt, li, ts);
            case CONNECT_CONFIRM -> connectConfirm(b, cotpAt, li, ts);
            case DISCONNECT_REQUEST -> disconnect(dir, b, cotpAt, li, ts);
            default -> session.count(otherTpduCounters.get(type));
        }
    }

    /** DT: length indicator, code, EOT flag | TPDU number, then user data. */
    private void data(Side s, byte[] b, int off, int len, int cotpAt, int li, long ts) {
        if (li < 2) {
            session.malformed(carried, DATA_HEADER_TOO_SHORT, ts);
            return;
        }
        boolean last = (b[cotpAt + 2] & COTP_EOT) != 0;
        int dataAt = cotpAt + 1 + li;
        int dataLength = off + len - dataAt;
        if (last && s.tsduLength == 0 && !s.overflow) {
            payload.onTsdu(s.dir, b, dataAt, dataLength, ts); // one data unit: no copy
            return;
        }
        if (!s.append(b, dataAt, dataLength)) {
            count(Counter.COTP_REASSEMBLY_OVERFLOW);
        }
        if (last) {
            if (s.overflow) {
                session.malformed(carried, MESSAGE_TOO_LARGE, ts);
            } else {
                count(Counter.COTP_REASSEMBLED);
                payload.onTsdu(s.dir, s.tsdu, 0, s.tsduLength, ts);
            }
            s.reset();
        }
    }

    // ---- connection --------------------------------------------------------------------------------

    /** CR: destination reference (2), source reference (2), class/options (1), then parameters. */
    private void connectRequest(Direction dir, byte[] b, int at, int li, long ts) {
        if (connectTs >= 0) {
            emitConnect(connectTs, -1);
        }
        if (!connectionParameters(b, at, li, ts)) {
            return;
        }
        connectTs = ts;
        connectDir = dir;
    }

    /** CC: as CR; it completes the open request, or is recorded alone. */
    private void connectConfirm(byte[] b, int at, int li, long ts) {
        if (!connectionParameters(b, at, li, ts)) {
            return;
        }
        emitConnect(connectTs >= 0 ? connectTs : ts, ts);
    }

    private boolean connectionParameters(byte[] b, int at, int li, long ts) {
        if (li < CONNECTION_FIXED_PART) {
            session.malformed(carried, CONNECTION_HEADER_TOO_SHORT, ts);
            return false;
        }
        int p = at + 1 + CONNECTION_FIXED_PART;
        int end = at + 1 + li;
        while (p + 2 <= end) {
            int code = b[p] & 0xff;
            int length = b[p + 1] & 0xff;
            if (p + 2 + length > end) {
                session.malformed(carried, PARAMETER_TRUNCATED, ts);
                return false;
            }
            CotpParameter param = CotpParameter.of(code);
            if (param == CotpParameter.CALLING_TSAP) {
                callingTsap = Bytes.hex(b, p + 2, length);
            } else if (param == CotpParameter.CALLED_TSAP) {
                calledTsap = Bytes.hex(b, p + 2, length);
                calledTsapValue = length == 2 ? Bytes.u16be(b, p + 2) : -1;
            } else if (param == CotpParameter.TPDU_SIZE && length == 1 && (b[p + 2] & 0xff) < 31) {
                tpduSize = 1 << (b[p + 2] & 0xff);
            }
            p += 2 + length;
        }
        return true;
    }

    /** A connect request and its confirm ({@code confirmTs} -1 when not seen), or a confirm alone. */
    private void emitConnect(long ts, long confirmTs) {
        boolean request = connectTs >= 0;
        boolean confirm = confirmTs >= 0;
        Direction requester = connectDir == null ? Direction.TO_SERVER : connectDir;
        Transaction t = session.newTransaction(Protocol.COTP, ts).reversed(requester == Direction.TO_CLIENT)
                .action(ACTION_CONNECT)
                .operation(Operation.SESSION)
                .outcome(confirm ? Outcome.SUCCESS : Outcome.UNKNOWN)
                .seen(Seen.of(request, confirm));
        if (request && confirm) {
            t.durationNanos(confirmTs - ts);
        }
        t.unit(slot());
        t.detail().put(CotpFields.TPDU_SIZE, tpduSize);
        putConnection(t.detail());
        session.emit(t);
        connectTs = -1;
        connectDir = null;
    }

    /** DR: destination reference (2), source reference (2), reason (1). */
    private void disconnect(Direction dir, byte[] b, int at, int li, long ts) {
        Transaction t = session.newTransaction(Protocol.COTP, ts).reversed(dir == Direction.TO_CLIENT)
                .action(ACTION_DISCONNECT)
                .operation(Operation.SESSION)
                .outcome(Outcome.UNKNOWN)
                .seen(Seen.REQUEST)
                .unit(slot());
        if (li >= CONNECTION_FIXED_PART) {
            t.detail().put(CotpFields.DISCONNECT_REASON, b[at + 6] & 0xff);
        }
        putConnection(t.detail());
        session.emit(t);
    }

    // ---- what records of the connection carry ------------------------------------------------------

    /** The TSAPs of the connection, then what the carried protocol reads from them. */
    public void putConnection(Detail d) {
        d.put(CotpFields.CALLING_TSAP, callingTsap);
        d.put(CotpFields.CALLED_TSAP, calledTsap);
        payload.connectionDetail(this, d);
    }

    /** The called TSAP as a number when it is two bytes (an S7 one: connection type, rack * 32 + slot), else -1. */
    public int calledTsapValue() {
        return calledTsapValue;
    }

    /** The S7 slot addressed by a two-byte called TSAP, -1 when not known. */
    public int slot() {
        return calledTsapValue < 0 ? -1 : calledTsapValue & 0x1f;
    }
}
