package io.linewatch.dissectors.s7comm;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;

/**
 * Recognises S7comm-plus (protocol id 0x72) messages:
 * <pre>
 * header     0x72 | version (01, 02, 03; FE/FF keep-alive) | data length (2)
 * [V3+       integrity part: digest length (1, 0x20) | digest (32)]
 * data       opcode (31 request, 32 response, 33 notification) | reserved (2) | function (2) | reserved (2)
 *            | sequence number (2) | request: session id (4), transport flags (1) | response: transport flags (1)
 * trailer    0x72 | version | 00 00   (absent when the message continues in the next data unit)
 * </pre>
 * The bodies that can change a controller are read further (see {@link S7PlusValues} for the encodings):
 * <pre>
 * SetVariable        object id (4) | address count (VLQ) | attribute ids (VLQ) | value
 * SetMultiVariables  object id (4; 0 = item addresses, not read) | item count (VLQ) | id count (VLQ) | ids (VLQ)
 *                    | (item number (VLQ), value)... until item number 0
 * CreateObject       parent object id (4) | value | 4 bytes | [V2+: integrity id (VLQ) unless 0xA1 follows] | object
 * DeleteObject       object id (4)
 * GetVarSubStreamed  object id (4) | value: address array of attribute ids (UDInt)
 * Explore            object id (4) | ...
 * CreateObject reply return value (VLQ) | object id count (1) | object ids (VLQ) | [V1: the session object]
 * </pre>
 * A body that does not fit leaves the head decoded with {@link S7commPlusMessage#bodyProblem} set. Layouts from
 * Thomas Wiens' Wireshark plugin (s7commwireshark {@code packet-s7comm_plus.c}: {@code s7commp_decode_request_*},
 * {@code s7commp_decode_response_createobject}) and S7CommPlusDriver ({@code Core/*Request.cs}); bytes that do not
 * fit the head give a message carrying the reason.
 */
final class S7commPlusDecoder {
    static final int PROTOCOL_ID = 0x72;
    static final int HEADER_LENGTH = 4;
    static final int TRAILER_LENGTH = 4;
    static final int DIGEST_LENGTH = 32;

    private S7commPlusDecoder() {
    }

    /** Version byte of a PDU starting with 0x72 (caller checked at least 2 bytes). */
    static int version(byte[] b, int off) {
        return b[off + 1] & 0xff;
    }

    /** True when the data unit holds a trailer after the declared data: the message ends here. */
    static boolean hasTrailer(byte[] b, int off, int len) {
        if (len < HEADER_LENGTH) {
            return false;
        }
        int dataLength = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        return len >= HEADER_LENGTH + dataLength + TRAILER_LENGTH;
    }

    /** Decodes the first (or only) data unit of a message. */
    static S7commPlusMessage decode(byte[] b, int off, int len) {
        S7commPlusMessage m = new S7commPlusMessage();
        try {
            decode(m, b, off, len);
            return m;
        } catch (DecodeException e) {
            S7commPlusMessage malformed = new S7commPlusMessage();
            malformed.malformedReason = e.reason();
            return malformed;
        }
    }

    private static void decode(S7commPlusMessage m, byte[] b, int off, int len) {
        ByteReader r = new ByteReader(b, off, len, "s7comm_plus");
        if (r.u8() != PROTOCOL_ID) {
            throw new DecodeException("not_s7comm_plus");
        }
        m.version = r.u8();
        int dataLength = r.u16();
        if (dataLength > r.remaining()) {
            throw new DecodeException("s7comm_plus_data_truncated");
        }
        m.fragmented = !hasTrailer(b, off, len);
        ByteReader d = r.slice(dataLength, "s7comm_plus_data");
        m.integrityProtected = S7PlusPduType.integrityProtected(m.version);
        if (m.integrityProtected) {
            int digest = d.u8();
            if (digest != DIGEST_LENGTH) {
                throw new DecodeException("s7comm_plus_unexpected_digest_length");
            }
            d.skip(digest);
        }
        m.opcode = d.u8();
        S7PlusOpcode opcode = S7PlusOpcode.of(m.opcode);
        if (opcode == null) {
            throw new DecodeException("s7comm_plus_unknown_opcode");
        }
        if (opcode == S7PlusOpcode.NOTIFICATION) {
            m.sessionId = d.u32(); // the subscription object the values belong to
            return;
        }
        d.skip(2); // reserved
        m.function = d.u16();
        d.skip(2); // reserved
        m.sequence = d.u16();
        if (opcode == S7PlusOpcode.REQUEST) {
            m.sessionId = d.u32();
            d.u8(); // transport flags
            try {
                requestBody(m, d);
            } catch (DecodeException e) {
                m.bodyProblem = e.reason();
            }
        } else {
            d.u8(); // transport flags
            responseDetails(m, d);
        }
    }

    /** Return value, created object ids and (session set-up, V1) the session object with the CPU's identity. */
    private static void responseDetails(S7commPlusMessage m, ByteReader d) {
        try {
            if (d.has(1)) {
                m.returnValue = d.varUint64();
            }
            if (m.function == S7PlusFunction.CREATE_OBJECT.wire && d.has(2)) {
                int ids = d.u8();
                for (int i = 0; i < ids; i++) {
                    long id = d.varUint32();
                    if (i == 0) {
                        m.createdObjectId = id;
                    }
                }
            }
        } catch (DecodeException e) {
            m.returnValue = -1;
            m.createdObjectId = -1;
            return;
        }
        if (m.function == S7PlusFunction.CREATE_OBJECT.wire && m.version == S7PlusPduType.V1.wire
                && d.has(1) && d.peekU8(0) == S7PlusValues.ELEMENT_START_OBJECT) {
            try {
                S7PlusValues.object(d, new S7PlusValues.Sink() {
                    @Override
                    public void attribute(long id, Object value) {
                        if (id == S7PlusIds.ATTRIBUTE_SESSION_VERSION_PAOM_STRING && value instanceof String s) {
                            m.sessionVersion = s;
                        }
                    }
                }, 0);
            } catch (DecodeException e) {
                m.bodyProblem = e.reason();
            }
        }
    }

    private static void requestBody(S7commPlusMessage m, ByteReader d) {
        S7PlusFunction f = S7PlusFunction.of(m.function);
        if (f == null) {
            return;
        }
        switch (f) {
            case SET_VARIABLE -> setVariable(m, d);
            case SET_MULTI_VARIABLES -> setMultiVariables(m, d);
            case CREATE_OBJECT -> createObject(m, d);
            case DELETE_OBJECT, EXPLORE -> {
                m.objectId = d.u32();
                m.block(m.objectId);
            }
            case GET_VAR_SUB_STREAMED -> getVarSubStreamed(m, d);
            default -> {
                // the other functions name nothing that changes the controller
            }
        }
    }

    private static void setVariable(S7commPlusMessage m, ByteReader d) {
        m.objectId = d.u32();
        long count = d.varUint32();
        for (long i = 0; i < count; i++) {
            long id = d.varUint32();
            if (id == 0) { // a zero id is followed by the raw length of the value
                d.varUint32();
                i++;
            } else {
                m.attributes.add(id);
            }
        }
        Object value = S7PlusValues.value(d, NO_SINK, 0);
        if (m.requestsOperatingState() && value instanceof Long state) {
            m.operatingStateRequest = state;
        }
    }

    private static void setMultiVariables(S7commPlusMessage m, ByteReader d) {
        m.objectId = d.u32();
        if (m.objectId == 0) {
            return; // variables by item address (tag writes): not an object's attributes
        }
        d.varUint32(); // item count
        long ids = d.varUint32();
        for (long i = 0; i < ids; i++) {
            m.attributes.add(d.varUint32());
        }
        long item;
        while ((item = d.varUint32()) != 0) {
            Object value = S7PlusValues.value(d, NO_SINK, 0);
            boolean stateItem = item <= m.attributes.size()
                    && m.attributes.get((int) item - 1) == S7PlusIds.ATTRIBUTE_OPERATING_STATE_REQUEST;
            if (stateItem && m.objectId == S7PlusIds.OBJECT_CPU_EXEC_UNIT && value instanceof Long state) {
                m.operatingStateRequest = state;
            }
        }
    }

    private static void createObject(S7commPlusMessage m, ByteReader d) {
        m.objectId = d.u32();
        S7PlusValues.value(d, NO_SINK, 0);
        d.skip(4);
        if (m.version >= S7PlusPduType.V2.wire && d.peekU8(0) != S7PlusValues.ELEMENT_START_OBJECT) {
            d.varUint32(); // integrity id
        }
        S7PlusValues.object(d, new S7PlusValues.Sink() {
            @Override
            public void object(long relationId, long classId, int depth) {
                if (depth == 0) {
                    m.createdRelationId = relationId;
                    m.createdClassId = classId;
                }
                if (S7PlusIds.PROGRAM_CLASSES.containsKey(classId) || S7PlusIds.blockType(relationId) != null) {
                    m.createsProgram = true;
                }
                m.block(relationId);
            }
        }, 0);
    }

    private static void getVarSubStreamed(S7commPlusMessage m, ByteReader d) {
        m.objectId = d.u32();
        m.block(m.objectId);
        int flags = d.u8();
        int type = d.u8();
        if (type != S7PlusValues.TYPE_UDINT || (flags & (S7PlusValues.FLAG_ARRAY | S7PlusValues.FLAG_ADDRESS_ARRAY)) == 0) {
            return;
        }
        long count = d.varUint32();
        for (long i = 0; i < count; i++) {
            m.attributes.add(d.varUint32());
        }
    }

    private static final S7PlusValues.Sink NO_SINK = new S7PlusValues.Sink() {
    };
}
