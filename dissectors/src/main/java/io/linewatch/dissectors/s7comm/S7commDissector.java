package io.linewatch.dissectors.s7comm;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ISO-on-TCP (port 102) connection: TPKT (RFC 1006) framing of each direction, COTP (ISO 8073
 * class 0) connection set-up, data reassembly and disconnect, then S7comm transactions (a Job paired
 * with its Ack/Ack_Data, a userdata request with its response, by PDU reference) and S7comm-plus
 * messages (a request paired with its response by sequence number). Unpaired messages become events
 * of their own; everything held is bounded and what is dropped is counted.
 */
final class S7commDissector implements FlowListener, PduFramer.Framing {
    static final int TPKT_VERSION = 3;
    static final int TPKT_HEADER_LENGTH = 4;
    /** TPKT header + the shortest COTP TPDU (DT: length indicator, code, TPDU number). */
    static final int TPKT_MIN_LENGTH = 7;
    static final int TPKT_MAX_LENGTH = 65535;
    /** A reassembled COTP message larger than this is dropped (S7 PDUs are at most ~1 KB, S7+ data units 64 KB). */
    static final int MAX_COTP_MESSAGE = 256 * 1024;
    /** Requests awaiting their answer per connection; the oldest is emitted unanswered beyond this. */
    static final int MAX_PENDING = 64;
    /** A request unanswered this long (capture time) is reported as such when the connection next sends one. */
    static final long RESPONSE_TIMEOUT_NANOS = 30_000_000_000L;
    /** Upload sessions (upload id to block) remembered per connection. */
    static final int MAX_UPLOADS = 16;
    /** Bytes of one fragmented SZL answer kept for decoding. */
    static final int MAX_SZL_BYTES = 64 * 1024;
    /** End-of-TSDU flag in the byte after a DT code. */
    private static final int COTP_EOT = 0x80;

    private enum Kind { JOB, USERDATA, PLUS, CONNECT }

    /** A request waiting for its answer. */
    private static final class Pending {
        final Direction dir;
        final long ts;
        final S7Message s7;
        final S7PlusMessage plus;

        Pending(Direction dir, long ts, S7Message s7, S7PlusMessage plus) {
            this.dir = dir;
            this.ts = ts;
            this.s7 = s7;
            this.plus = plus;
        }
    }

    /** An SZL answer spread over several userdata responses. */
    private static final class SzlAssembly {
        final int szlId;
        final int szlIndex;
        final int recordLength;
        final int recordCount;
        final int dataUnitReference;
        byte[] data;
        int length;

        SzlAssembly(int szlId, int szlIndex, int recordLength, int recordCount, int dataUnitReference) {
            this.szlId = szlId;
            this.szlIndex = szlIndex;
            this.recordLength = recordLength;
            this.recordCount = recordCount;
            this.dataUnitReference = dataUnitReference;
            this.data = new byte[256];
        }

        boolean append(byte[] b) {
            if (length + b.length > MAX_SZL_BYTES) {
                return false;
            }
            if (length + b.length > data.length) {
                byte[] bigger = new byte[Math.max(length + b.length, data.length * 2)];
                System.arraycopy(data, 0, bigger, 0, length);
                data = bigger;
            }
            System.arraycopy(b, 0, data, length, b.length);
            length += b.length;
            return true;
        }
    }

    /** Per-direction state. */
    private final class Side {
        final Direction dir;
        final PduFramer framer;
        byte[] cotp = new byte[0];
        int cotpLength;
        boolean cotpOverflow;
        /** Bytes before the next header are expected (stream joined mid-way, or after a gap). */
        boolean resyncExpected;
        /** An S7comm-plus message is continuing over further data units. */
        boolean plusContinuing;
        /** After a gap (or joining mid-way) a data unit may be the middle of a message we cannot place. */
        boolean plusUnsure;
        /** The last SZL id/index requested in this direction (follow-up requests carry none). */
        int szlId = -1;
        int szlIndex = -1;
        /** An SZL answer being collected from responses sent in this direction. */
        SzlAssembly szl;

        Side(Direction dir, boolean synced) {
            this.dir = dir;
            this.framer = new PduFramer(S7commDissector.this, dir, TPKT_MAX_LENGTH, synced);
            this.resyncExpected = !synced;
            this.plusUnsure = !synced;
        }

        boolean appendCotp(byte[] b, int off, int len) {
            if (cotpOverflow || cotpLength + len > MAX_COTP_MESSAGE) {
                cotpOverflow = true;
                return false;
            }
            if (cotpLength + len > cotp.length) {
                byte[] bigger = new byte[Math.max(cotpLength + len, Math.max(1024, cotp.length * 2))];
                System.arraycopy(cotp, 0, bigger, 0, cotpLength);
                cotp = bigger;
            }
            System.arraycopy(b, off, cotp, cotpLength, len);
            cotpLength += len;
            return true;
        }

        void resetCotp() {
            cotpLength = 0;
            cotpOverflow = false;
        }
    }

    private final FlowSession session;
    private final Side toServer;
    private final Side toClient;
    private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();
    private final LinkedHashMap<Long, Map<String, Object>> uploads = new LinkedHashMap<>();
    // COTP connection facts, put on every event of the connection
    private String callingTsap;
    private String calledTsap;
    private Integer tpduSize;
    private Long connectTs;
    private Direction connectDir;
    private boolean plusIntegrity;
    private long plusSessionId = -1;

    S7commDissector(FlowSession session) {
        this.session = session;
        boolean synced = session.flow().handshakeSeen();
        this.toServer = new Side(Direction.TO_SERVER, synced);
        this.toClient = new Side(Direction.TO_CLIENT, synced);
    }

    private Side side(Direction dir) {
        return dir == Direction.TO_SERVER ? toServer : toClient;
    }

    // ---- FlowListener ----------------------------------------------------------------------------

    @Override
    public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
        side(dir).framer.onData(buf, off, len, ts);
    }

    @Override
    public void onGap(Flow flow, Direction dir, long missing, long ts) {
        Side s = side(dir);
        session.count("s7comm.stream_gaps");
        s.framer.onGap(ts);
        s.resetCotp();
        s.plusContinuing = false;
        s.plusUnsure = true;
        s.szl = null;
        s.resyncExpected = true;
    }

    @Override
    public void onEnd(Flow flow, long ts) {
        for (Side s : List.of(toServer, toClient)) {
            if (s.framer.buffered() > 0) {
                session.count("s7comm.incomplete_tpkt_at_end");
            }
            if (s.cotpLength > 0) {
                session.count("s7comm.incomplete_cotp_at_end");
            }
        }
        if (connectTs != null) {
            emitConnect(connectTs, null, false);
        }
        for (Pending p : pending.values()) {
            emitUnanswered(p);
        }
        pending.clear();
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
            if (li < 2 || TPKT_HEADER_LENGTH + 1 + li > length || CotpPduType.of(b[off + 5]) == null) {
                return NOT_A_HEADER;
            }
        }
        return length;
    }

    @Override
    public void onSkipped(Direction dir, int count, PduFramer.SkipReason reason, long ts) {
        Side s = side(dir);
        session.context().count("s7comm.skipped_bytes", count);
        if (!s.resyncExpected) {
            // bytes between TPKTs on a stream that was in step: not ISO-on-TCP
            session.malformed(S7Fields.PROTOCOL_S7COMM, "bytes_outside_tpkt", ts);
        }
    }

    @Override
    public void onPdu(Direction dir, byte[] b, int off, int len, long ts) {
        Side s = side(dir);
        s.resyncExpected = false;
        int li = b[off + 4] & 0xff;
        CotpPduType type = CotpPduType.of(b[off + 5]);
        int cotpAt = off + TPKT_HEADER_LENGTH;
        switch (type) {
            case DATA -> {
                if (li < 2) {
                    session.malformed(S7Fields.PROTOCOL_S7COMM, "cotp_data_header_too_short", ts);
                    return;
                }
                boolean last = (b[cotpAt + 2] & COTP_EOT) != 0;
                int dataAt = cotpAt + 1 + li;
                int dataLength = off + len - dataAt;
                if (last && s.cotpLength == 0 && !s.cotpOverflow) {
                    dispatch(s, b, dataAt, dataLength, ts); // one data unit: no copy
                    return;
                }
                if (!s.appendCotp(b, dataAt, dataLength)) {
                    session.count("s7comm.cotp_reassembly_overflow");
                }
                if (last) {
                    if (s.cotpOverflow) {
                        session.malformed(S7Fields.PROTOCOL_S7COMM, "cotp_message_too_large", ts);
                    } else {
                        session.count("s7comm.cotp_reassembled");
                        dispatch(s, s.cotp, 0, s.cotpLength, ts);
                    }
                    s.resetCotp();
                }
            }
            case CONNECT_REQUEST -> connectRequest(dir, b, cotpAt, li, ts);
            case CONNECT_CONFIRM -> connectConfirm(dir, b, cotpAt, li, ts);
            case DISCONNECT_REQUEST -> disconnect(dir, b, cotpAt, li, ts);
            default -> session.count("s7comm.cotp_" + type.label.toLowerCase());
        }
    }

    // ---- COTP connection ---------------------------------------------------------------------------

    /** CR/CC: destination reference (2), source reference (2), class/options (1), then parameters. */
    private void connectRequest(Direction dir, byte[] b, int at, int li, long ts) {
        if (connectTs != null) {
            emitConnect(connectTs, null, false);
        }
        if (!connectionParameters(b, at, li, ts)) {
            return;
        }
        connectTs = ts;
        connectDir = dir;
    }

    private void connectConfirm(Direction dir, byte[] b, int at, int li, long ts) {
        if (!connectionParameters(b, at, li, ts)) {
            return;
        }
        if (connectTs != null) {
            emitConnect(connectTs, ts, true);
        } else {
            emitConnect(ts, ts, false);
        }
    }

    private boolean connectionParameters(byte[] b, int at, int li, long ts) {
        // fixed part: code, dst-ref, src-ref, class = 6 bytes counted by the length indicator
        if (li < 6) {
            session.malformed(S7Fields.PROTOCOL_S7COMM, "cotp_connection_header_too_short", ts);
            return false;
        }
        int p = at + 7;
        int end = at + 1 + li;
        while (p + 2 <= end) {
            int code = b[p] & 0xff;
            int length = b[p + 1] & 0xff;
            if (p + 2 + length > end) {
                session.malformed(S7Fields.PROTOCOL_S7COMM, "cotp_parameter_truncated", ts);
                return false;
            }
            CotpParameter param = CotpParameter.of(code);
            if (param == CotpParameter.CALLING_TSAP) {
                callingTsap = Bytes.hex(b, p + 2, length);
            } else if (param == CotpParameter.CALLED_TSAP) {
                calledTsap = Bytes.hex(b, p + 2, length);
            } else if (param == CotpParameter.TPDU_SIZE && length == 1 && (b[p + 2] & 0xff) < 31) {
                tpduSize = 1 << (b[p + 2] & 0xff);
            }
            p += 2 + length;
        }
        return true;
    }

    private void emitConnect(long ts, Long confirmTs, boolean both) {
        Direction requester = connectDir == null ? Direction.TO_SERVER : connectDir;
        EventDoc e = session.newEvent(S7Fields.PROTOCOL_COTP, S7Fields.DATASET, ts, requester == Direction.TO_CLIENT);
        e.put(Fields.EVENT_ACTION, "cotp_connect");
        e.put(Fields.EVENT_OUTCOME, confirmTs != null ? Values.OUTCOME_SUCCESS : Values.OUTCOME_UNKNOWN);
        if (both) {
            e.put(Fields.EVENT_DURATION, confirmTs - ts);
        }
        e.put(Fields.OT_SEEN, both ? Values.SEEN_BOTH : confirmTs != null ? Values.SEEN_RESPONSE : Values.SEEN_REQUEST);
        e.put(Fields.OT_OPERATION, Values.OP_SESSION);
        e.put(S7Fields.COTP_TPDU_SIZE, tpduSize);
        connectionFields(e);
        session.emit(e);
        connectTs = null;
        connectDir = null;
    }

    /** DR: destination reference (2), source reference (2), reason (1). */
    private void disconnect(Direction dir, byte[] b, int at, int li, long ts) {
        EventDoc e = session.newEvent(S7Fields.PROTOCOL_COTP, S7Fields.DATASET, ts, dir == Direction.TO_CLIENT);
        e.put(Fields.EVENT_ACTION, "cotp_disconnect");
        e.put(Fields.EVENT_OUTCOME, Values.OUTCOME_UNKNOWN);
        e.put(Fields.OT_SEEN, Values.SEEN_REQUEST);
        e.put(Fields.OT_OPERATION, Values.OP_SESSION);
        if (li >= 6) {
            e.put(S7Fields.COTP_DISCONNECT_REASON, b[at + 6] & 0xff);
        }
        connectionFields(e);
        session.emit(e);
    }

    /** TSAPs of the connection; an S7 called TSAP is (connection type, rack * 32 + slot). */
    private void connectionFields(EventDoc e) {
        e.put(S7Fields.COTP_CALLING_TSAP, callingTsap);
        e.put(S7Fields.COTP_CALLED_TSAP, calledTsap);
        if (calledTsap != null && calledTsap.length() == 4) {
            int tsap = Integer.parseInt(calledTsap, 16);
            e.put(S7Fields.CONNECTION_TYPE, tsap >> 8);
            e.put(S7Fields.RACK, (tsap >> 5) & 0x07);
            e.put(S7Fields.SLOT, tsap & 0x1f);
        }
    }

    // ---- S7comm ----------------------------------------------------------------------------------

    private void dispatch(Side s, byte[] b, int off, int len, long ts) {
        if (len == 0) {
            session.count("s7comm.empty_cotp_data");
            return;
        }
        int id = b[off] & 0xff;
        if (s.plusContinuing) {
            plusContinuation(s, b, off, len);
            return;
        }
        if (id == S7commDecoder.PROTOCOL_ID) {
            S7Message m;
            try {
                m = S7commDecoder.decode(b, off, len);
            } catch (MalformedPduException e) {
                session.malformed(S7Fields.PROTOCOL_S7COMM, e.reason(), ts);
                return;
            }
            s7(s, m, ts);
        } else if (id == S7PlusDecoder.PROTOCOL_ID) {
            plus(s, b, off, len, ts);
        } else {
            // port 102 also carries MMS (IEC 61850) and other ISO stacks
            session.count("s7comm.other_cotp_payload");
        }
    }

    private void s7(Side s, S7Message m, long ts) {
        Direction dir = s.dir;
        S7Rosctr rosctr = m.rosctr();
        if (rosctr == S7Rosctr.JOB) {
            rememberUploadBlock(m);
            hold(key(dir, Kind.JOB, m.pduReference), new Pending(dir, ts, m, null));
        } else if (rosctr == S7Rosctr.ACK || rosctr == S7Rosctr.ACK_DATA) {
            Pending req = pending.remove(key(dir.reverse(), Kind.JOB, m.pduReference));
            if (req == null) {
                session.count("s7comm.unmatched_responses");
            }
            if (req != null && m.function == S7JobFunction.START_UPLOAD.wire && m.uploadId >= 0) {
                remember(m.uploadId, req.s7);
            }
            emitS7(req, m, dir.reverse(), ts);
        } else {
            userdata(s, m, ts);
        }
    }

    private void userdata(Side s, S7Message m, long ts) {
        Direction dir = s.dir;
        S7UserdataType type = m.userdataType();
        boolean readSzl = S7UserdataFunction.of(m.userdataGroup, m.userdataSubfunction) == S7UserdataFunction.READ_SZL;
        if (type == S7UserdataType.REQUEST) {
            if (readSzl) {
                szlRequest(s, m);
            }
            hold(key(dir, Kind.USERDATA, m.pduReference), new Pending(dir, ts, m, null));
            return;
        }
        if (type == S7UserdataType.RESPONSE) {
            Pending req = pending.remove(key(dir.reverse(), Kind.USERDATA, m.pduReference));
            if (req == null) {
                session.count("s7comm.unmatched_responses");
            }
            EventDoc e = eventS7(req, m, dir.reverse(), ts);
            List<S7Szl.Identity> identities = new ArrayList<>();
            if (readSzl) {
                szlResponse(s, m, e, identities);
            }
            session.emit(e);
            for (S7Szl.Identity id : identities) {
                session.identity(dir == Direction.TO_CLIENT, id.field(), id.value(), id.source(), ts, e.id());
            }
            return;
        }
        // pushed by the PLC (cyclic data, alarms, mode transitions): a message alone
        session.count("s7comm.userdata_pushes");
        emitS7(null, m, dir.reverse(), ts);
    }

    private void szlRequest(Side s, S7Message m) {
        byte[] p = m.userdataPayload;
        if (p != null && p.length >= 4) {
            s.szlId = Bytes.u16be(p, 0);
            s.szlIndex = Bytes.u16be(p, 2);
            m.fields.put(S7Fields.SZL_ID, s.szlId);
            m.fields.put(S7Fields.SZL_INDEX, s.szlIndex);
        } else if (s.szlId >= 0) {
            // follow-up request for the next fragment of the answer
            m.fields.put(S7Fields.SZL_ID, s.szlId);
            m.fields.put(S7Fields.SZL_INDEX, s.szlIndex);
        }
    }

    /**
     * SZL answer: id (2), index (2), record length (2), record count (2), records. When the CPU
     * splits it (last data unit = no), the next responses with the same data unit reference carry
     * only more record bytes; they are collected and decoded at the last one.
     */
    private void szlResponse(Side s, S7Message m, EventDoc e, List<S7Szl.Identity> identities) {
        byte[] p = m.userdataPayload;
        boolean more = m.lastDataUnit == 1;
        SzlAssembly a = s.szl;
        if (a != null && a.dataUnitReference == m.dataUnitReference && p != null && m.returnCode == S7ReturnCode.SUCCESS.wire) {
            e.put(S7Fields.SZL_ID, a.szlId);
            e.put(S7Fields.SZL_INDEX, a.szlIndex);
            if (!a.append(p)) {
                session.count("s7comm.szl_reassembly_overflow");
                s.szl = null;
                return;
            }
            if (!more) {
                s.szl = null;
                decodeSzl(a.szlId, a.recordLength, a.recordCount, a.data, a.length, e, identities);
            }
            return;
        }
        s.szl = null;
        if (p == null || p.length < 8 || m.returnCode != S7ReturnCode.SUCCESS.wire) {
            return;
        }
        int szlId = Bytes.u16be(p, 0);
        int szlIndex = Bytes.u16be(p, 2);
        int recordLength = Bytes.u16be(p, 4);
        int recordCount = Bytes.u16be(p, 6);
        e.put(S7Fields.SZL_ID, szlId);
        e.put(S7Fields.SZL_INDEX, szlIndex);
        e.put(S7Fields.SZL_RECORD_LENGTH, recordLength);
        e.put(S7Fields.SZL_RECORD_COUNT, recordCount);
        byte[] records = new byte[p.length - 8];
        System.arraycopy(p, 8, records, 0, records.length);
        if (more) {
            SzlAssembly started = new SzlAssembly(szlId, szlIndex, recordLength, recordCount, m.dataUnitReference);
            started.append(records);
            s.szl = started;
            session.count("s7comm.szl_fragmented");
        } else {
            decodeSzl(szlId, recordLength, recordCount, records, records.length, e, identities);
        }
    }

    private void decodeSzl(int szlId, int recordLength, int count, byte[] b, int len, EventDoc e, List<S7Szl.Identity> identities) {
        Map<String, Object> fields = new LinkedHashMap<>();
        S7Szl.decode(szlId, recordLength, count, b, 0, len, fields, identities);
        fields.forEach(e::put);
        int list = szlId & 0xff;
        if (list == S7Szl.LIST_MODULE_IDENTIFICATION || list == S7Szl.LIST_COMPONENT_IDENTIFICATION) {
            e.put(Fields.OT_OPERATION, Values.OP_DISCOVERY);
        }
    }

    /** An upload/end-upload job names no block: take it from the start-upload that opened the upload id. */
    private void rememberUploadBlock(S7Message m) {
        if ((m.function == S7JobFunction.UPLOAD.wire || m.function == S7JobFunction.END_UPLOAD.wire) && m.uploadId >= 0) {
            Map<String, Object> block = uploads.get(m.uploadId);
            if (block != null) {
                block.forEach(m.fields::putIfAbsent);
            }
            if (m.function == S7JobFunction.END_UPLOAD.wire) {
                uploads.remove(m.uploadId);
            }
        }
    }

    private void remember(long uploadId, S7Message startUpload) {
        Map<String, Object> block = new LinkedHashMap<>();
        for (String f : List.of(S7Fields.BLOCK_TYPE, S7Fields.BLOCK_TYPE_NAME, S7Fields.BLOCK_NUMBER, S7Fields.BLOCK_FILESYSTEM)) {
            if (startUpload.fields.get(f) != null) {
                block.put(f, startUpload.fields.get(f));
            }
        }
        uploads.put(uploadId, block);
        if (uploads.size() > MAX_UPLOADS) {
            Iterator<Long> oldest = uploads.keySet().iterator();
            oldest.next();
            oldest.remove();
            session.count("s7comm.uploads_evicted");
        }
    }

    // ---- transactions ------------------------------------------------------------------------------

    private static long key(Direction requestDir, Kind kind, int reference) {
        return ((long) requestDir.ordinal() << 40) | ((long) kind.ordinal() << 32) | (reference & 0xffffffffL);
    }

    /**
     * Holds a request until its answer; a reused reference, a full table or {@link #RESPONSE_TIMEOUT_NANOS} of
     * capture time without an answer emits the older one unanswered.
     */
    private void hold(long key, Pending p) {
        expire(p.ts);
        Pending previous = pending.remove(key);
        if (previous != null) {
            session.count("s7comm.reference_reused");
            emitUnanswered(previous);
        }
        pending.put(key, p);
        if (pending.size() > MAX_PENDING) {
            Iterator<Pending> oldest = pending.values().iterator();
            Pending evicted = oldest.next();
            oldest.remove();
            session.count("s7comm.pending_evicted");
            emitUnanswered(evicted);
        }
    }

    /** Requests older than the timeout, oldest first, are reported unanswered (a live sensor must not sit on them). */
    private void expire(long now) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending oldest = it.next();
            if (now - oldest.ts <= RESPONSE_TIMEOUT_NANOS) {
                return;
            }
            it.remove();
            session.count("s7comm.pending_expired");
            emitUnanswered(oldest);
        }
    }

    private void emitUnanswered(Pending p) {
        if (p.s7 != null) {
            emitS7(p, null, p.dir, p.ts);
        } else {
            emitPlus(p, null, p.dir, p.ts);
        }
    }

    private void emitS7(Pending req, S7Message resp, Direction requestDir, long ts) {
        session.emit(eventS7(req, resp, requestDir, ts));
    }

    /**
     * The transaction document: the request's fields, then the answer's; items zipped by position
     * (request addresses with response return codes and values).
     */
    private EventDoc eventS7(Pending req, S7Message resp, Direction requestDir, long responseTs) {
        S7Message rq = req == null ? null : req.s7;
        S7Message first = rq != null ? rq : resp;
        long ts = req != null ? req.ts : responseTs;
        EventDoc e = session.newEvent(S7Fields.PROTOCOL_S7COMM, S7Fields.DATASET, ts, requestDir == Direction.TO_CLIENT);
        e.put(Fields.EVENT_ACTION, action(first));
        e.put(Fields.EVENT_OUTCOME, outcome(resp));
        if (rq != null && resp != null) {
            e.put(Fields.EVENT_DURATION, responseTs - req.ts);
        }
        e.put(Fields.OT_SEEN, rq != null && resp != null ? Values.SEEN_BOTH : rq != null ? Values.SEEN_REQUEST : Values.SEEN_RESPONSE);
        e.put(Fields.OT_OPERATION, operation(first));
        e.put(S7Fields.ROSCTR, first.rosctr);
        if (rq != null && resp != null) {
            e.put(S7Fields.RESPONSE_ROSCTR, resp.rosctr);
        }
        int function = rq != null && rq.function >= 0 ? rq.function : resp != null ? resp.function : -1;
        if (!first.isUserdata() && function >= 0) {
            e.put(S7Fields.FUNCTION_CODE, function);
            S7JobFunction f = S7JobFunction.of(function);
            e.put(S7Fields.FUNCTION_NAME, f == null ? null : f.label);
        }
        e.put(S7Fields.PDU_REFERENCE, first.pduReference);
        if (first.isUserdata()) {
            userdataFields(e, rq, resp, first);
        }
        if (resp != null && resp.errorClass >= 0) {
            e.put(S7Fields.ERROR_CLASS, resp.errorClass);
            e.put(S7Fields.ERROR_CODE, resp.errorCode);
            S7ErrorClass known = S7ErrorClass.of(resp.errorClass);
            e.put(S7Fields.ERROR_CLASS_NAME, known == null ? null : known.label);
        }
        if (resp != null && resp.returnCode >= 0) {
            e.put(S7Fields.RETURN_CODE, resp.returnCode);
        }
        List<Map<String, Object>> items = items(rq, resp);
        if (items != null && !items.isEmpty()) {
            e.put(S7Fields.ITEMS, items);
        }
        if (rq != null) {
            rq.fields.forEach(e::put);
        }
        if (resp != null) {
            resp.fields.forEach((k, v) -> {
                if (rq == null || !rq.fields.containsKey(k)) {
                    e.put(k, v);
                }
            });
        }
        connectionFields(e);
        Set<String> anomalies = new LinkedHashSet<>();
        if (rq != null) {
            anomalies.addAll(rq.anomalies);
        }
        if (resp != null) {
            anomalies.addAll(resp.anomalies);
        }
        if (!anomalies.isEmpty()) {
            e.put(Fields.OT_ANOMALIES, new ArrayList<>(anomalies));
        }
        return e;
    }

    private static void userdataFields(EventDoc e, S7Message rq, S7Message resp, S7Message first) {
        e.put(S7Fields.USERDATA_GROUP, first.userdataGroup);
        e.put(S7Fields.USERDATA_SUBFUNCTION, first.userdataSubfunction);
        S7UserdataType type = first.userdataType();
        e.put(S7Fields.USERDATA_TYPE, type == null ? String.valueOf(first.userdataType) : type.label);
        e.put(S7Fields.USERDATA_SEQUENCE, first.userdataSequence);
        S7Message unit = resp != null ? resp : rq;
        if (unit.dataUnitReference >= 0) {
            e.put(S7Fields.USERDATA_DATA_UNIT_REFERENCE, unit.dataUnitReference);
            e.put(S7Fields.USERDATA_LAST_DATA_UNIT, unit.lastDataUnit == 0);
        }
    }

    private static List<Map<String, Object>> items(S7Message rq, S7Message resp) {
        List<Map<String, Object>> request = rq == null ? null : rq.items;
        List<Map<String, Object>> response = resp == null ? null : resp.items;
        if (request == null) {
            return response;
        }
        if (response == null) {
            return request;
        }
        List<Map<String, Object>> merged = new ArrayList<>(Math.max(request.size(), response.size()));
        for (int i = 0; i < Math.max(request.size(), response.size()); i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            if (i < request.size()) {
                item.putAll(request.get(i));
            }
            if (i < response.size()) {
                item.putAll(response.get(i));
            }
            merged.add(item);
        }
        return merged;
    }

    private static String action(S7Message m) {
        if (m.action != null) {
            return m.action;
        }
        S7JobFunction f = S7JobFunction.of(m.function);
        if (f != null) {
            return f.action;
        }
        return m.rosctr == S7Rosctr.ACK.wire ? "ack" : "function_0x" + Integer.toHexString(Math.max(m.function, 0));
    }

    private static String operation(S7Message m) {
        if (m.operation != null) {
            return m.operation;
        }
        S7JobFunction f = S7JobFunction.of(m.function);
        return f != null ? f.operation : Values.OP_OTHER;
    }

    /** Failure: a header/parameter error, a userdata return code other than success, or an item that failed. */
    private static String outcome(S7Message resp) {
        if (resp == null) {
            return Values.OUTCOME_UNKNOWN;
        }
        if (resp.headerError()) {
            return Values.OUTCOME_FAILURE;
        }
        if (resp.returnCode >= 0 && resp.returnCode != S7ReturnCode.SUCCESS.wire
                && !(resp.returnCode == S7ReturnCode.OBJECT_DOES_NOT_EXIST.wire && emptyPayload(resp))) {
            // 0x0a with no data and no parameter error is how CPUs answer "done, nothing to return"
            return Values.OUTCOME_FAILURE;
        }
        if (resp.items != null && !resp.isUserdata()) {
            for (Map<String, Object> item : resp.items) {
                Object rc = item.get("return_code");
                if (rc instanceof Integer code && code != S7ReturnCode.SUCCESS.wire) {
                    return Values.OUTCOME_FAILURE;
                }
            }
        }
        return Values.OUTCOME_SUCCESS;
    }

    private static boolean emptyPayload(S7Message m) {
        return m.userdataPayload == null || m.userdataPayload.length == 0;
    }

    // ---- S7comm-plus -------------------------------------------------------------------------------

    private void plus(Side s, byte[] b, int off, int len, long ts) {
        if (len < S7PlusDecoder.HEADER_LENGTH) {
            session.malformed(S7Fields.PROTOCOL_S7COMM_PLUS, "s7comm_plus_header_truncated", ts);
            return;
        }
        S7PlusPduType type = S7PlusPduType.of(S7PlusDecoder.version(b, off));
        if (type != null && type.isKeepAlive()) {
            session.count("s7comm_plus.keep_alives");
            return;
        }
        S7PlusMessage m;
        try {
            m = S7PlusDecoder.decode(b, off, len);
        } catch (MalformedPduException e) {
            if (s.plusUnsure) {
                // most likely a later fragment of a message whose start was lost: skip to its trailer
                session.count("s7comm_plus.unplaced_after_gap");
                s.plusContinuing = !S7PlusDecoder.hasTrailer(b, off, len);
                return;
            }
            session.malformed(S7Fields.PROTOCOL_S7COMM_PLUS, e.reason(), ts);
            return;
        }
        s.plusUnsure = false;
        if (m.fragmented) {
            s.plusContinuing = true;
            session.count("s7comm_plus.fragmented_messages");
        }
        plusIntegrity |= m.integrityProtected;
        Direction dir = s.dir;
        S7PlusOpcode opcode = m.opcode();
        if (opcode == S7PlusOpcode.REQUEST) {
            if (m.sessionId >= 0) {
                plusSessionId = m.sessionId;
            }
            hold(key(dir, Kind.PLUS, m.sequence), new Pending(dir, ts, null, m));
        } else if (opcode.isResponse()) {
            Pending req = pending.remove(key(dir.reverse(), Kind.PLUS, m.sequence));
            if (req == null) {
                session.count("s7comm_plus.unmatched_responses");
            }
            emitPlus(req, m, dir.reverse(), ts);
        } else {
            session.count("s7comm_plus.notifications");
            emitPlus(null, m, dir.reverse(), ts);
        }
    }

    /** Further data units of a fragmented S7comm-plus message: the last one carries the trailer. */
    private void plusContinuation(Side s, byte[] b, int off, int len) {
        session.count("s7comm_plus.continuation_units");
        if ((b[off] & 0xff) != S7PlusDecoder.PROTOCOL_ID || S7PlusDecoder.hasTrailer(b, off, len)) {
            s.plusContinuing = false;
        }
    }

    private void emitPlus(Pending req, S7PlusMessage resp, Direction requestDir, long responseTs) {
        S7PlusMessage rq = req == null ? null : req.plus;
        S7PlusMessage first = rq != null ? rq : resp;
        long ts = req != null ? req.ts : responseTs;
        EventDoc e = session.newEvent(S7Fields.PROTOCOL_S7COMM_PLUS, S7Fields.DATASET, ts, requestDir == Direction.TO_CLIENT);
        e.put(Fields.EVENT_ACTION, first.action());
        // a zero return value is success; the meaning of the others is not public, so they stay unknown
        e.put(Fields.EVENT_OUTCOME, resp != null && first.opcode != S7PlusOpcode.NOTIFICATION.wire && resp.returnValue == 0
                ? Values.OUTCOME_SUCCESS : Values.OUTCOME_UNKNOWN);
        if (rq != null && resp != null) {
            e.put(Fields.EVENT_DURATION, responseTs - req.ts);
        }
        e.put(Fields.OT_SEEN, rq != null && resp != null ? Values.SEEN_BOTH : rq != null ? Values.SEEN_REQUEST : Values.SEEN_RESPONSE);
        e.put(Fields.OT_OPERATION, first.operation());
        e.put(S7Fields.PLUS_VERSION, first.version);
        e.put(S7Fields.PLUS_OPCODE, first.opcode);
        if (first.function >= 0) {
            e.put(S7Fields.PLUS_FUNCTION_CODE, first.function);
            S7PlusFunction f = S7PlusFunction.of(first.function);
            e.put(S7Fields.PLUS_FUNCTION_NAME, f == null ? null : f.label);
        }
        if (first.sequence >= 0) {
            e.put(S7Fields.PLUS_SEQUENCE, first.sequence);
        }
        long sessionId = rq != null && rq.sessionId >= 0 ? rq.sessionId
                : resp != null && resp.createdObjectId >= 0 ? resp.createdObjectId : first.sessionId;
        if (sessionId < 0) {
            sessionId = plusSessionId;
        }
        e.put(S7Fields.PLUS_SESSION_ID, sessionId >= 0 ? sessionId : null);
        if (resp != null && resp.returnValue >= 0) {
            e.put(S7Fields.PLUS_RETURN_VALUE, resp.returnValue);
        }
        e.put(S7Fields.PLUS_INTEGRITY, plusIntegrity || first.integrityProtected);
        connectionFields(e);
        session.emit(e);
    }
}
