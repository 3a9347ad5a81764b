package io.linewatch.dissectors.s7comm;

import io.linewatch.capture.flow.Direction;
import io.linewatch.dissectors.FlowSession;
import io.linewatch.dissectors.common.OpenRequests;
import io.linewatch.model.Fields;
import io.linewatch.model.schema.S7commPlusFields;
import io.linewatch.model.transaction.Detail;
import io.linewatch.model.transaction.Outcome;
import io.linewatch.model.transaction.Protocol;
import io.linewatch.model.transaction.Seen;
import io.linewatch.model.transaction.Transaction;

/**
 * The S7comm-plus transactions of one port-102 connection: a request paired with its response by sequence
 * number, notifications alone. A message may span several COTP TSDUs (the last carries the trailer); only
 * the first is decoded, the others are recognised and skipped. After a capture gap a TSDU that does not
 * decode is most likely the middle of a message whose start was lost, not a malformed one.
 */
final class S7commPlusDissector {
    /** Counter names of S7comm-plus. */
    static final class Counters {
        static final String KEEP_ALIVES = "s7comm_plus.keep_alives";
        static final String UNPLACED_AFTER_GAP = "s7comm_plus.unplaced_after_gap";
        static final String FRAGMENTED_MESSAGES = "s7comm_plus.fragmented_messages";
        static final String CONTINUATION_UNITS = "s7comm_plus.continuation_units";
        static final String UNMATCHED_RESPONSES = "s7comm_plus.unmatched_responses";
        static final String NOTIFICATIONS = "s7comm_plus.notifications";
        static final String REFERENCE_REUSED = "s7comm_plus.reference_reused";
        /** A whole (unfragmented) request whose body did not fit the known layouts: its head is still reported. */
        static final String BODIES_NOT_DECODED = "s7comm_plus.bodies_not_decoded";

        private Counters() {
        }
    }

    static final String HEADER_TRUNCATED = "s7comm_plus_header_truncated";

    private record Pending(Direction dir, long ts, S7commPlusMessage message) {
    }

    private final FlowSession session;
    private final CotpTransport transport;
    private final OpenRequests<Pending> requests;
    /** Per direction: a message is continuing over further TSDUs. */
    private final boolean[] continuing = new boolean[2];
    /** Per direction: after a gap (or joining mid-way) a TSDU may be the middle of a message we cannot place. */
    private final boolean[] unsure = new boolean[2];
    private boolean integrity;
    private long sessionId = -1;

    S7commPlusDissector(FlowSession session, CotpTransport transport) {
        this.session = session;
        this.transport = transport;
        this.requests = new OpenRequests<>(session, Protocol.S7COMM_PLUS.wireName, S7commDissector.MAX_PENDING,
                S7commDissector.RESPONSE_TIMEOUT_NANOS, p -> emit(p, null, p.dir(), p.ts()));
        boolean synced = session.flow().handshakeSeen();
        unsure[0] = !synced;
        unsure[1] = !synced;
    }

    boolean continuing(Direction dir) {
        return continuing[dir.ordinal()];
    }

    void onGap(Direction dir) {
        continuing[dir.ordinal()] = false;
        unsure[dir.ordinal()] = true;
    }

    void drain() {
        requests.drain();
    }

    /** A TSDU starting with the S7comm-plus protocol id. */
    void onMessage(Direction dir, byte[] b, int off, int len, long ts) {
        int side = dir.ordinal();
        if (len < S7commPlusDecoder.HEADER_LENGTH) {
            session.malformed(Protocol.S7COMM_PLUS, HEADER_TRUNCATED, ts);
            return;
        }
        S7PlusPduType type = S7PlusPduType.of(S7commPlusDecoder.version(b, off));
        if (type != null && type.isKeepAlive()) {
            session.count(Counters.KEEP_ALIVES);
            return;
        }
        S7commPlusMessage m = S7commPlusDecoder.decode(b, off, len);
        if (m.malformedReason != null) {
            if (unsure[side]) {
                // most likely a later fragment of a message whose start was lost: skip to its trailer
                session.count(Counters.UNPLACED_AFTER_GAP);
                continuing[side] = !S7commPlusDecoder.hasTrailer(b, off, len);
                return;
            }
            session.malformed(Protocol.S7COMM_PLUS, m.malformedReason, ts);
            return;
        }
        unsure[side] = false;
        if (m.fragmented) {
            continuing[side] = true;
            session.count(Counters.FRAGMENTED_MESSAGES);
        }
        integrity |= m.integrityProtected;
        S7PlusOpcode opcode = m.opcode();
        if (opcode == S7PlusOpcode.REQUEST) {
            if (m.sessionId >= 0) {
                sessionId = m.sessionId;
            }
            requests.expire(ts);
            Pending previous = requests.put(0, key(dir, m.sequence), new Pending(dir, ts, m), ts);
            if (previous != null) {
                session.count(Counters.REFERENCE_REUSED);
                emit(previous, null, previous.dir(), previous.ts());
            }
        } else if (opcode.isResponse()) {
            Pending req = requests.take(0, key(dir.reverse(), m.sequence));
            if (req == null) {
                session.count(Counters.UNMATCHED_RESPONSES);
            }
            emit(req, m, dir.reverse(), ts);
        } else {
            session.count(Counters.NOTIFICATIONS);
            emit(null, m, dir.reverse(), ts);
        }
    }

    /** Further TSDUs of a fragmented message: the last one carries the trailer. */
    void continuation(Direction dir, byte[] b, int off, int len) {
        session.count(Counters.CONTINUATION_UNITS);
        if ((b[off] & 0xff) != S7commPlusDecoder.PROTOCOL_ID || S7commPlusDecoder.hasTrailer(b, off, len)) {
            continuing[dir.ordinal()] = false;
        }
    }

    private static long key(Direction requestDir, int sequence) {
        return ((long) requestDir.ordinal() << 32) | (sequence & 0xffffffffL);
    }

    private void emit(Pending req, S7commPlusMessage resp, Direction requestDir, long responseTs) {
        S7commPlusMessage rq = req == null ? null : req.message();
        S7commPlusMessage first = rq != null ? rq : resp;
        long ts = req != null ? req.ts() : responseTs;
        boolean notification = first.opcode == S7PlusOpcode.NOTIFICATION.wire;
        Transaction t = session.newTransaction(Protocol.S7COMM_PLUS, ts).reversed(requestDir == Direction.TO_CLIENT)
                .action(first.action())
                .operation(first.operation())
                // a zero return value is success; the meaning of the others is not public, so they stay unknown
                .outcome(resp != null && !notification && resp.returnValue == 0 ? Outcome.SUCCESS : Outcome.UNKNOWN)
                .seen(Seen.of(rq != null, resp != null))
                .unit(transport.slot());
        if (rq != null && resp != null) {
            t.durationNanos(responseTs - req.ts());
        }
        if (resp != null && resp.returnValue > 0 && resp.returnValue <= Integer.MAX_VALUE) {
            t.status((int) resp.returnValue);
        }
        Detail d = t.detail();
        d.put(S7commPlusFields.VERSION, first.version);
        d.put(S7commPlusFields.OPCODE, first.opcode);
        if (first.function >= 0) {
            t.function(first.function);
            d.put(S7commPlusFields.FUNCTION_CODE, first.function);
            S7PlusFunction f = S7PlusFunction.of(first.function);
            d.put(S7commPlusFields.FUNCTION_NAME, f == null ? null : f.label);
        }
        if (first.sequence >= 0) {
            d.put(S7commPlusFields.SEQUENCE, first.sequence);
        }
        long messageSession = rq != null && rq.sessionId >= 0 ? rq.sessionId
                : resp != null && resp.createdObjectId >= 0 ? resp.createdObjectId : first.sessionId;
        if (messageSession < 0) {
            messageSession = sessionId;
        }
        d.put(S7commPlusFields.SESSION_ID, messageSession >= 0 ? messageSession : null);
        if (resp != null && resp.returnValue >= 0) {
            d.put(S7commPlusFields.RETURN_VALUE, resp.returnValue);
        }
        d.put(S7commPlusFields.INTEGRITY, integrity || first.integrityProtected);
        if (rq != null) {
            requestFields(rq, d);
            t.objects(rq.objects());
            if (rq.bodyProblem != null && !rq.fragmented) {
                session.count(Counters.BODIES_NOT_DECODED);
            }
        }
        String[] identity = resp == null ? null : identity(resp.sessionVersion);
        if (identity != null) {
            d.put(S7commPlusFields.ORDER_NUMBER, identity[0]);
            d.put(S7commPlusFields.FIRMWARE_VERSION, identity[1]);
        }
        transport.putConnection(d);
        session.emit(t);
        if (identity != null) {
            // the answer travels from the CPU: the identity is the server's (the requester's when reversed)
            boolean aboutServer = requestDir == Direction.TO_SERVER;
            session.identity(aboutServer, Fields.DEVICE_MANUFACTURER, S7Szl.MANUFACTURER, IDENTITY_SOURCE, responseTs, t.id());
            session.identity(aboutServer, Fields.DEVICE_MODEL_IDENTIFIER, identity[0], IDENTITY_SOURCE, responseTs, t.id());
            session.identity(aboutServer, Fields.DEVICE_FIRMWARE_VERSION, identity[1], IDENTITY_SOURCE, responseTs, t.id());
        }
    }

    static final String IDENTITY_SOURCE = "s7comm_plus.session_version";

    private static void requestFields(S7commPlusMessage rq, Detail d) {
        if (rq.objectId >= 0) {
            d.put(S7commPlusFields.OBJECT_ID, rq.objectId);
        }
        if (!rq.attributes.isEmpty()) {
            d.put(S7commPlusFields.ATTRIBUTE_IDS, java.util.List.copyOf(rq.attributes));
        }
        if (rq.operatingStateRequest != null) {
            d.put(S7commPlusFields.OPERATING_STATE_REQUEST, rq.operatingStateRequest);
        }
        if (rq.createdClassId >= 0) {
            d.put(S7commPlusFields.CLASS_ID, rq.createdClassId);
            d.put(S7commPlusFields.CLASS_NAME, S7PlusIds.className(rq.createdClassId));
        }
    }

    /**
     * Order number and firmware from a ServerSessionVersion string, "1;6ES7 214-1HE30-0XB0 ;V2.2" (the order number
     * padded to 20 characters); null when it does not have that shape.
     */
    static String[] identity(String sessionVersion) {
        if (sessionVersion == null) {
            return null;
        }
        String[] parts = sessionVersion.split(";");
        if (parts.length < 3 || parts[1].isBlank() || parts[2].isBlank()) {
            return null;
        }
        return new String[] {parts[1].strip(), parts[2].strip()};
    }
}
