package io.linewatch.dissectors.s7comm;

import io.linewatch.capture.flow.Direction;
import io.linewatch.capture.flow.Flow;
import io.linewatch.capture.flow.FlowListener;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.dissectors.common.OpenRequests;
import io.linewatch.model.Fields;
import io.linewatch.model.schema.S7commFields;
import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * One ISO-on-TCP (port 102) connection: the {@link CotpTransport} hands it whole TSDUs, which it routes by
 * protocol id to S7comm (here) or S7comm-plus ({@link S7commPlusDissector}). S7comm transactions are a Job
 * paired with its Ack/Ack_Data, or a userdata request with its response, by PDU reference; an SZL answer
 * split over several responses is reassembled, and the block an upload id stands for is remembered so the
 * upload jobs that name only the id still say which block they move. Unpaired messages become transactions
 * of their own; everything held is bounded and what is dropped is counted.
 */
final class S7commDissector implements FlowListener, CotpTransport.Payload {
    /** Requests awaiting their answer per connection; the oldest is reported unanswered beyond this. */
    static final int MAX_PENDING = 64;
    /** A request unanswered this long (capture time) is reported as such when the connection next sends one. */
    static final long RESPONSE_TIMEOUT_NANOS = 30_000_000_000L;
    /** Upload sessions (upload id to block) remembered per connection. */
    static final int MAX_UPLOADS = 16;
    /** Bytes of one fragmented SZL answer kept for decoding. */
    static final int MAX_SZL_BYTES = 64 * 1024;

    /** Counter names of S7comm (the transport's are in {@link CotpTransport}). */
    static final class Counters {
        static final String EMPTY_COTP_DATA = "s7comm.empty_cotp_data";
        static final String OTHER_COTP_PAYLOAD = "s7comm.other_cotp_payload";
        static final String UNMATCHED_RESPONSES = "s7comm.unmatched_responses";
        static final String REFERENCE_REUSED = "s7comm.reference_reused";
        static final String USERDATA_PUSHES = "s7comm.userdata_pushes";
        static final String SZL_FRAGMENTED = "s7comm.szl_fragmented";
        static final String SZL_REASSEMBLY_OVERFLOW = "s7comm.szl_reassembly_overflow";
        static final String UPLOADS_EVICTED = "s7comm.uploads_evicted";

        private Counters() {
        }
    }

    private static final String SZL_AREA = "szl";
    /** Identity source of a CPU mode the PLC pushed (userdata function group 0). */
    static final String MODE_TRANSITION_SOURCE = "s7comm.mode_transition";
    private static final String BLOCK_AREA_PREFIX = "block_";

    /** What pairs an answer with its request: a Job with its Ack_Data, a userdata request with its response. */
    private enum Kind { JOB, USERDATA }

    /** A request waiting for its answer. */
    private record Pending(Direction dir, long ts, S7commMessage message) {
    }

    /** An SZL answer spread over several userdata responses. */
    private static final class SzlAssembly {
        final int szlId;
        final int szlIndex;
        final int recordLength;
        final int recordCount;
        final int dataUnitReference;
        byte[] data = new byte[256];
        int length;

        SzlAssembly(int szlId, int szlIndex, int recordLength, int recordCount, int dataUnitReference) {
            this.szlId = szlId;
            this.szlIndex = szlIndex;
            this.recordLength = recordLength;
            this.recordCount = recordCount;
            this.dataUnitReference = dataUnitReference;
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

    /** SZL state of the requests sent in one direction (and of the answers coming back). */
    private static final class SzlSide {
        /** The last SZL id/index requested (follow-up requests carry none). */
        int szlId = -1;
        int szlIndex = -1;
        /** An SZL answer being collected. */
        SzlAssembly assembly;
    }

    private final FlowSession session;
    private final CotpTransport transport;
    private final S7commPlusDissector plus;
    private final OpenRequests<Pending> requests;
    /** Indexed by the direction the answers travel. */
    private final SzlSide[] szl = {new SzlSide(), new SzlSide()};
    /** Upload id to the block its start-upload named (null when it named none), oldest first. */
    private final LinkedHashMap<Long, S7commMessage.Block> uploads = new LinkedHashMap<>();
    /**
     * The items of the last request that named items, and their objects: a poll names the same items again and again,
     * and its records share one array (records never write into their objects).
     */
    private List<S7commMessage.Item> lastItems;
    private ObjectRef[] lastItemObjects;

    S7commDissector(FlowSession session) {
        this.session = session;
        this.transport = new CotpTransport(session, Protocol.S7COMM, this);
        this.plus = new S7commPlusDissector(session, transport);
        this.requests = new OpenRequests<>(session, Protocol.S7COMM.wireName, MAX_PENDING, RESPONSE_TIMEOUT_NANOS,
                p -> emit(p, null, p.dir(), p.ts()));
    }

    // ---- FlowListener ----------------------------------------------------------------------------

    @Override
    public void onPayload(Flow flow, Direction dir, byte[] buf, int off, int len, long ts) {
        transport.onPayload(dir, buf, off, len, ts);
    }

    @Override
    public void onGap(Flow flow, Direction dir, long missing, long ts) {
        transport.onGap(dir, ts);
    }

    @Override
    public void onEnd(Flow flow, long ts) {
        transport.onEnd(ts);
        requests.drain();
        plus.drain();
    }

    // ---- CotpTransport.Payload ---------------------------------------------------------------------

    @Override
    public void onGap(Direction dir) {
        plus.onGap(dir);
        szl[dir.ordinal()].assembly = null;
    }

    /** An S7 called TSAP is (connection type, rack * 32 + slot). */
    @Override
    public void connectionDetail(CotpTransport cotp, Detail d) {
        int tsap = cotp.calledTsapValue();
        if (tsap >= 0) {
            d.put(S7commFields.CONNECTION_TYPE, tsap >> 8);
            d.put(S7commFields.RACK, (tsap >> 5) & 0x07);
            d.put(S7commFields.SLOT, tsap & 0x1f);
        }
    }

    @Override
    public void onTsdu(Direction dir, byte[] b, int off, int len, long ts) {
        if (len == 0) {
            session.count(Counters.EMPTY_COTP_DATA);
            return;
        }
        if (plus.continuing(dir)) {
            plus.continuation(dir, b, off, len);
            return;
        }
        int id = b[off] & 0xff;
        if (id == S7commDecoder.PROTOCOL_ID) {
            S7commMessage m = S7commDecoder.decode(b, off, len);
            if (m.malformedReason != null) {
                session.malformed(Protocol.S7COMM, m.malformedReason, ts);
            } else {
                s7(dir, m, ts);
            }
        } else if (id == S7commPlusDecoder.PROTOCOL_ID) {
            plus.onMessage(dir, b, off, len, ts);
        } else {
            // port 102 also carries MMS (IEC 61850) and other ISO stacks
            session.count(Counters.OTHER_COTP_PAYLOAD);
        }
    }

    // ---- pairing -----------------------------------------------------------------------------------

    private void s7(Direction dir, S7commMessage m, long ts) {
        S7Rosctr rosctr = m.rosctr();
        if (rosctr == S7Rosctr.JOB) {
            rememberUploadBlock(m);
            hold(key(dir, Kind.JOB, m.pduReference), new Pending(dir, ts, m));
        } else if (rosctr == S7Rosctr.ACK || rosctr == S7Rosctr.ACK_DATA) {
            Pending req = requests.take(0, key(dir.reverse(), Kind.JOB, m.pduReference));
            if (req == null) {
                session.count(Counters.UNMATCHED_RESPONSES);
            }
            if (req != null && m.function == S7JobFunction.START_UPLOAD.wire && m.uploadId >= 0) {
                remember(m.uploadId, req.message().block);
            }
            emit(req, m, dir.reverse(), ts);
        } else {
            userdata(dir, m, ts);
        }
    }

    private void userdata(Direction dir, S7commMessage m, long ts) {
        S7UserdataType type = m.userdataType();
        boolean readSzl = S7UserdataFunction.of(m.userdataGroup, m.userdataSubfunction) == S7UserdataFunction.READ_SZL;
        if (type == S7UserdataType.REQUEST) {
            if (readSzl) {
                szlRequest(szl[dir.reverse().ordinal()], m);
            }
            hold(key(dir, Kind.USERDATA, m.pduReference), new Pending(dir, ts, m));
            return;
        }
        if (type == S7UserdataType.RESPONSE) {
            Pending req = requests.take(0, key(dir.reverse(), Kind.USERDATA, m.pduReference));
            if (req == null) {
                session.count(Counters.UNMATCHED_RESPONSES);
            }
            Transaction t = transaction(req, m, dir.reverse(), ts);
            if (readSzl) {
                List<S7Szl.Identity> identities = new ArrayList<>();
                szlResponse(szl[dir.ordinal()], req == null ? null : req.message(), m, t, identities);
                session.emit(t);
                for (S7Szl.Identity id : identities) {
                    session.identity(dir == Direction.TO_CLIENT, id.field(), id.value(), id.source(), ts, t.id());
                }
            } else {
                session.emit(t);
            }
            return;
        }
        // pushed by the PLC (cyclic data, alarms, mode transitions): a message alone
        session.count(Counters.USERDATA_PUSHES);
        Transaction t = transaction(null, m, dir.reverse(), ts);
        session.emit(t);
        if (type == S7UserdataType.PUSH && m.userdataGroup == S7UserdataGroup.MODE_TRANSITION.wire) {
            // the CPU announces the mode it entered: the sender's operating mode (its mode_change is the baseline's)
            session.identity(dir == Direction.TO_CLIENT, Fields.DEVICE_CPU_MODE, S7CpuMode.label(m.userdataSubfunction),
                    MODE_TRANSITION_SOURCE, ts, t.id());
        }
    }

    private static long key(Direction requestDir, Kind kind, int reference) {
        return ((long) requestDir.ordinal() << 40) | ((long) kind.ordinal() << 32) | (reference & 0xffffffffL);
    }

    /**
     * Holds a request until its answer; a reused reference, a full table or {@link #RESPONSE_TIMEOUT_NANOS} of
     * capture time without an answer reports the older one unanswered.
     */
    private void hold(long key, Pending p) {
        requests.expire(p.ts());
        Pending previous = requests.put(0, key, p, p.ts());
        if (previous != null) {
            session.count(Counters.REFERENCE_REUSED);
            emit(previous, null, previous.dir(), previous.ts());
        }
    }

    // ---- upload tracking ---------------------------------------------------------------------------

    /** An upload/end-upload job names no block: take it from the start-upload that opened the upload id. */
    private void rememberUploadBlock(S7commMessage m) {
        if ((m.function == S7JobFunction.UPLOAD.wire || m.function == S7JobFunction.END_UPLOAD.wire) && m.uploadId >= 0) {
            S7commMessage.Block block = uploads.get(m.uploadId);
            if (block != null && m.block == null) {
                m.block = block;
                S7commDecoder.putBlock(m.detail, block);
            }
            if (m.function == S7JobFunction.END_UPLOAD.wire) {
                uploads.remove(m.uploadId);
            }
        }
    }

    private void remember(long uploadId, S7commMessage.Block block) {
        uploads.put(uploadId, block);
        if (uploads.size() > MAX_UPLOADS) {
            Iterator<Long> oldest = uploads.keySet().iterator();
            oldest.next();
            oldest.remove();
            session.count(Counters.UPLOADS_EVICTED);
        }
    }

    // ---- SZL ---------------------------------------------------------------------------------------

    private static void szlRequest(SzlSide s, S7commMessage m) {
        byte[] p = m.userdataPayload;
        if (p != null && p.length >= 4) {
            s.szlId = Bytes.u16be(p, 0);
            s.szlIndex = Bytes.u16be(p, 2);
        } else if (s.szlId < 0) {
            return;
        }
        // a request without id and index asks for the next fragment of the answer to the last one
        m.szlId = s.szlId;
        m.szlIndex = s.szlIndex;
        m.detail.put(S7commFields.SZL_ID, s.szlId);
        m.detail.put(S7commFields.SZL_INDEX, s.szlIndex);
    }

    /**
     * SZL answer: id (2), index (2), record length (2), record count (2), records. When the CPU
     * splits it (last data unit = no), the next responses with the same data unit reference carry
     * only more record bytes; they are collected and decoded at the last one.
     */
    private void szlResponse(SzlSide s, S7commMessage rq, S7commMessage m, Transaction t, List<S7Szl.Identity> identities) {
        byte[] p = m.userdataPayload;
        boolean more = m.lastDataUnit == 1;
        SzlAssembly a = s.assembly;
        if (a != null && a.dataUnitReference == m.dataUnitReference && p != null && m.returnCode == S7ReturnCode.SUCCESS.wire) {
            szl(t, rq, a.szlId, a.szlIndex);
            if (!a.append(p)) {
                session.count(Counters.SZL_REASSEMBLY_OVERFLOW);
                s.assembly = null;
                return;
            }
            if (!more) {
                s.assembly = null;
                decodeSzl(a.szlId, a.recordLength, a.recordCount, a.data, a.length, t, identities);
            }
            return;
        }
        s.assembly = null;
        if (p == null || p.length < 8 || m.returnCode != S7ReturnCode.SUCCESS.wire) {
            return;
        }
        int szlId = Bytes.u16be(p, 0);
        int szlIndex = Bytes.u16be(p, 2);
        int recordLength = Bytes.u16be(p, 4);
        int recordCount = Bytes.u16be(p, 6);
        szl(t, rq, szlId, szlIndex);
        t.detail().put(S7commFields.SZL_RECORD_LENGTH, recordLength);
        t.detail().put(S7commFields.SZL_RECORD_COUNT, recordCount);
        byte[] records = new byte[p.length - 8];
        System.arraycopy(p, 8, records, 0, records.length);
        if (more) {
            SzlAssembly started = new SzlAssembly(szlId, szlIndex, recordLength, recordCount, m.dataUnitReference);
            started.append(records);
            s.assembly = started;
            session.count(Counters.SZL_FRAGMENTED);
        } else {
            decodeSzl(szlId, recordLength, recordCount, records, records.length, t, identities);
        }
    }

    /** The SZL an answer carries: its object, and its fields unless the request already put the same. */
    private static void szl(Transaction t, S7commMessage rq, int szlId, int szlIndex) {
        t.objects(szlObject(szlId, szlIndex));
        if (rq == null || rq.szlId != szlId || rq.szlIndex != szlIndex) {
            // a different id than requested is written over the request's (the document keeps the last)
            t.detail().put(S7commFields.SZL_ID, szlId);
            t.detail().put(S7commFields.SZL_INDEX, szlIndex);
        }
    }

    private static void decodeSzl(int szlId, int recordLength, int count, byte[] b, int len, Transaction t,
                                  List<S7Szl.Identity> identities) {
        S7Szl.decode(szlId, recordLength, count, b, 0, len, t.detail(), identities);
        int list = szlId & 0xff;
        if (list == S7Szl.LIST_MODULE_IDENTIFICATION || list == S7Szl.LIST_COMPONENT_IDENTIFICATION) {
            t.operation(Operation.DISCOVERY);
        }
    }

    // ---- transactions ------------------------------------------------------------------------------

    private void emit(Pending req, S7commMessage resp, Direction requestDir, long responseTs) {
        session.emit(transaction(req, resp, requestDir, responseTs));
    }

    /**
     * The transaction: typed slots from the pair, and the document fields of the request, then the answer's;
     * items zipped by position (request addresses with response return codes and values).
     */
    private Transaction transaction(Pending req, S7commMessage resp, Direction requestDir, long responseTs) {
        S7commMessage rq = req == null ? null : req.message();
        S7commMessage first = rq != null ? rq : resp;
        long ts = req != null ? req.ts() : responseTs;
        Transaction t = session.newTransaction(Protocol.S7COMM, ts).reversed(requestDir == Direction.TO_CLIENT)
                .action(action(first))
                .operation(operation(first))
                .outcome(outcome(resp))
                .seen(Seen.of(rq != null, resp != null))
                .unit(transport.slot());
        if (rq != null && resp != null) {
            t.durationNanos(responseTs - req.ts());
        }
        Detail d = t.detail();
        d.put(S7commFields.ROSCTR, first.rosctr);
        if (rq != null && resp != null) {
            d.put(S7commFields.RESPONSE_ROSCTR, resp.rosctr);
        }
        int function = rq != null && rq.function >= 0 ? rq.function : resp != null ? resp.function : -1;
        if (!first.isUserdata() && function >= 0) {
            t.function(function);
            d.put(S7commFields.FUNCTION_CODE, function);
            S7JobFunction f = S7JobFunction.of(function);
            d.put(S7commFields.FUNCTION_NAME, f == null ? null : f.label);
        }
        d.put(S7commFields.PDU_REFERENCE, first.pduReference);
        if (first.isUserdata()) {
            t.subfunction(first.userdataSubfunction);
            userdataFields(d, rq, resp, first);
        }
        if (resp != null && resp.errorClass >= 0) {
            d.put(S7commFields.ERROR_CLASS, resp.errorClass);
            d.put(S7commFields.ERROR_CODE, resp.errorCode);
            S7ErrorClass known = S7ErrorClass.of(resp.errorClass);
            d.put(S7commFields.ERROR_CLASS_NAME, known == null ? null : known.label);
            if (resp.headerError()) {
                t.status(resp.errorClass << 8 | resp.errorCode);
            }
        }
        if (resp != null && resp.returnCode >= 0) {
            d.put(S7commFields.RETURN_CODE, resp.returnCode);
        }
        d.putDeferred(S7commFields.ITEMS, S7commItems.document(rq, resp));
        if (rq != null) {
            d.putAll(rq.detail);
        }
        if (resp != null) {
            d.putAbsent(resp.detail);
        }
        transport.putConnection(d);
        if (rq != null) {
            for (int i = 0; i < rq.anomalies.size(); i++) {
                t.anomaly(rq.anomalies.get(i));
            }
        }
        if (resp != null) {
            for (int i = 0; i < resp.anomalies.size(); i++) {
                t.anomaly(resp.anomalies.get(i));
            }
        }
        t.objects(objects(first));
        S7commItems.values(t, rq, resp);
        return t;
    }

    private static void userdataFields(Detail d, S7commMessage rq, S7commMessage resp, S7commMessage first) {
        d.put(S7commFields.USERDATA_GROUP, first.userdataGroup);
        d.put(S7commFields.USERDATA_SUBFUNCTION, first.userdataSubfunction);
        S7UserdataType type = first.userdataType();
        d.put(S7commFields.USERDATA_TYPE, type == null ? String.valueOf(first.userdataType) : type.label);
        d.put(S7commFields.USERDATA_SEQUENCE, first.userdataSequence);
        S7commMessage unit = resp != null ? resp : rq;
        if (unit.dataUnitReference >= 0) {
            d.put(S7commFields.USERDATA_DATA_UNIT_REFERENCE, unit.dataUnitReference);
            d.put(S7commFields.USERDATA_LAST_DATA_UNIT, unit.lastDataUnit == 0);
        }
    }

    /** The item ranges, blocks or SZL the request names (an answer alone: what it carries). */
    private ObjectRef[] objects(S7commMessage m) {
        if (m.items != null && !m.items.isEmpty()) {
            if (!m.items.equals(lastItems)) {
                lastItems = m.items;
                lastItemObjects = S7commItems.objects(m.items);
            }
            return lastItemObjects;
        }
        if (m.blocks != null && !m.blocks.isEmpty()) {
            ObjectRef[] refs = new ObjectRef[m.blocks.size()];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = blockObject(m.blocks.get(i));
            }
            return refs;
        }
        if (m.block != null) {
            return new ObjectRef[] {blockObject(m.block)};
        }
        if (m.szlId >= 0) {
            return new ObjectRef[] {szlObject(m.szlId, m.szlIndex)};
        }
        return null;
    }

    /** {@code block_<type>} ({@code block_ob}, {@code block_db}; {@code block_0x..} for a type not known), number. */
    static ObjectRef blockObject(S7commMessage.Block b) {
        String type = b.typeName() != null ? b.typeName().toLowerCase(Locale.ROOT)
                : b.type() != null ? "0x" + Long.toHexString(b.type()) : "unknown";
        return ObjectRef.numbered(BLOCK_AREA_PREFIX + type, b.number() == null ? -1 : b.number());
    }

    /** An SZL read: {@code szl}, number = SZL id, instance = SZL index (see {@link ObjectRef}). */
    static ObjectRef szlObject(int szlId, int szlIndex) {
        return new ObjectRef(SZL_AREA, szlId, szlIndex, -1, -1, -1, null);
    }

    private static String action(S7commMessage m) {
        if (m.action != null) {
            return m.action;
        }
        S7JobFunction f = S7JobFunction.of(m.function);
        if (f != null) {
            return f.action;
        }
        return m.rosctr == S7Rosctr.ACK.wire ? "ack" : "function_0x" + Integer.toHexString(Math.max(m.function, 0));
    }

    private static Operation operation(S7commMessage m) {
        if (m.operation != null) {
            return m.operation;
        }
        S7JobFunction f = S7JobFunction.of(m.function);
        return f != null ? f.operation : Operation.OTHER;
    }

    /** Failure: a header/parameter error, a userdata return code other than success, or an item that failed. */
    private static Outcome outcome(S7commMessage resp) {
        if (resp == null) {
            return Outcome.UNKNOWN;
        }
        if (resp.headerError()) {
            return Outcome.FAILURE;
        }
        if (resp.returnCode >= 0 && resp.returnCode != S7ReturnCode.SUCCESS.wire
                && !(resp.returnCode == S7ReturnCode.OBJECT_DOES_NOT_EXIST.wire && emptyPayload(resp))) {
            // 0x0a with no data and no parameter error is how CPUs answer "done, nothing to return"
            return Outcome.FAILURE;
        }
        if (resp.data != null && !resp.isUserdata()) {
            for (S7commMessage.Data item : resp.data) {
                if (item.returnCode() != S7ReturnCode.SUCCESS.wire) {
                    return Outcome.FAILURE;
                }
            }
        }
        return Outcome.SUCCESS;
    }

    private static boolean emptyPayload(S7commMessage m) {
        return m.userdataPayloadBytes == 0;
    }
}
