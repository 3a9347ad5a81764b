package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.Bytes;

/**
 * The 24-byte encapsulation header (CIP Vol. 2, section 2-3), little-endian:
 * command(2) length(2) session handle(4) status(4) sender context(8) options(4), then {@code length}
 * bytes of command-specific data.
 */
public record EnipHeader(int command, int length, long sessionHandle, long status, long senderContext, long options) {
    public static final int SIZE = 24;
    /** The length field is 16 bits; a PDU is never longer than this. */
    public static final int MAX_PDU = SIZE + 0xFFFF;

    /** Reads the header at the reader (which must hold {@link #SIZE} bytes). */
    public static EnipHeader read(ByteReader r) {
        return new EnipHeader(r.u16le(), r.u16le(), r.u32le(), r.u32le(), r.u32le() | (r.u32le() << 32), r.u32le());
    }

    /** Sender context as Wireshark prints it: the 8 bytes in wire order, in hex. */
    public static String contextHex(long context) {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 8; i++) {
            int v = (int) (context >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 0xf, 16));
        }
        return sb.toString();
    }

    /** Command values live in the low byte; the high byte is reserved. */
    static final int COMMAND_MAX = 0xFF;
    private static final int STATUS_OFFSET = 8;
    private static final int OPTIONS_OFFSET = 20;

    /**
     * Framing test used to find PDU boundaries (and to resynchronise): a command in the defined range
     * (unknown ones are reported by number), a status the specification defines, zero options (the
     * specification requires it), and not 24 zero bytes (zero padding would otherwise read as NOPs).
     * A probe of possibly incomplete bytes (it answers "need more"), so it peeks rather than reads.
     *
     * @return the PDU length, 0 if more bytes are needed, -1 if this is not a header
     */
    public static int frameLength(byte[] b, int off, int avail) {
        if (avail < 2) {
            return 0;
        }
        if (Bytes.u16le(b, off) > COMMAND_MAX) {
            return -1;
        }
        if (avail < SIZE) {
            return 0;
        }
        if (Bytes.u32le(b, off + OPTIONS_OFFSET) != 0 || EnipStatus.of(Bytes.u32le(b, off + STATUS_OFFSET)) == null) {
            return -1;
        }
        if (allZero(b, off, SIZE)) {
            return -1;
        }
        return SIZE + Bytes.u16le(b, off + 2);
    }

    private static boolean allZero(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (b[off + i] != 0) {
                return false;
            }
        }
        return true;
    }
}
