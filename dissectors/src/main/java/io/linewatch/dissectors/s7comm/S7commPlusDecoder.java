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
 * Objects and attribute values inside are not decoded. Bytes that do not fit give a message carrying the reason.
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
        } else {
            d.u8(); // transport flags
            responseDetails(m, d);
        }
    }

    /** Return value and created object id: optional detail, so a short or odd body only leaves them unset. */
    private static void responseDetails(S7commPlusMessage m, ByteReader d) {
        try {
            if (d.has(1)) {
                m.returnValue = d.varUint64();
            }
            if (m.function == S7PlusFunction.CREATE_OBJECT.wire && d.has(2)) {
                int ids = d.u8();
                if (ids > 0) {
                    m.createdObjectId = d.varUint32();
                }
            }
        } catch (DecodeException e) {
            m.returnValue = -1;
            m.createdObjectId = -1;
        }
    }
}
