package io.linewatch.dissectors.modbus;

import io.linewatch.dissectors.common.Bytes;

/**
 * Modbus RTU frames carried in TCP or UDP (serial gateways, "RTU over TCP"): unit id(1) PDU CRC-16(2), no MBAP
 * header and so no transaction id and no length field. The frame length follows from the function code and, for
 * variable layouts, a byte count inside the PDU; functions whose length the PDU does not say are cut where the CRC
 * holds. Facts: "MODBUS over Serial Line Specification and Implementation Guide" V1.02 (section 2.5.1.2 frame,
 * 6.2.2 CRC: polynomial 0xA001 reflected, initial value 0xFFFF, low byte sent first, unit addresses 1-247 with 0 the
 * broadcast), the application protocol V1.1b3 for each function's layout, and the length table of Wireshark's
 * {@code packet-mbtcp.c} ({@code get_mbrtu_pdu_len}, which also refuses unit 0 so MBAP is not taken for RTU).
 */
public final class ModbusRtu {
    public static final int CRC_LENGTH = 2;
    /** The shortest frame: unit, function, CRC (Read Exception Status and the other requests without data). */
    public static final int MIN_FRAME = 4;
    /** Serial line limit: 256 bytes per RTU frame (section 2.5.1.1). */
    public static final int MAX_FRAME = 256;
    /** Highest individual unit address on a serial line; 248-255 are reserved. */
    public static final int MAX_UNIT = 247;
    /** {@link #frameLength}: more bytes are needed before the length is known. */
    public static final int NEED_MORE = 0;
    /** {@link #frameLength}: the function's PDU does not say its length (cut where the CRC holds). */
    public static final int UNKNOWN_LENGTH = -1;

    private static final int EXCEPTION_BIT = 0x80;
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            CRC_TABLE[i] = crc;
        }
    }

    private ModbusRtu() {
    }

    /** CRC-16/MODBUS of {@code b[off..off+len)}. */
    public static int crc16(byte[] b, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ b[i]) & 0xFF];
        }
        return crc;
    }

    /** Whether the last two bytes of the {@code length}-byte frame at {@code off} are its CRC (low byte first). */
    public static boolean crcHolds(byte[] b, int off, int length) {
        return length >= MIN_FRAME && crc16(b, off, length - CRC_LENGTH) == Bytes.u16le(b, off + length - CRC_LENGTH);
    }

    /**
     * The length of the frame starting at {@code off} as its function's layout gives it (unit and CRC included),
     * {@link #NEED_MORE}, or {@link #UNKNOWN_LENGTH} for functions whose PDU does not say (diagnostics echo, MEI,
     * vendor and unassigned codes).
     */
    public static int frameLength(byte[] b, int off, int available, boolean request) {
        if (available < 2) {
            return NEED_MORE;
        }
        int wire = Bytes.u8(b, off + 1);
        if (!request && (wire & EXCEPTION_BIT) != 0) {
            return 5; // unit, function|0x80, exception code, CRC
        }
        return request ? requestLength(wire, b, off, available) : responseLength(wire, b, off, available);
    }

    private static int requestLength(int function, byte[] b, int off, int available) {
        return switch (function) {
            // address(2) quantity/value(2)
            case 1, 2, 3, 4, 5, 6 -> 8;
            // no data
            case 7, 11, 12, 17 -> 4;
            // address(2) quantity(2) byte count(1) values
            case 15, 16 -> byteCountAt(b, off, available, 6, 9);
            // byte count(1) sub-requests
            case 20, 21 -> byteCountAt(b, off, available, 2, 5);
            // address(2) AND mask(2) OR mask(2)
            case 22 -> 10;
            // read address(2) read quantity(2) write address(2) write quantity(2) byte count(1) values
            case 23 -> byteCountAt(b, off, available, 10, 13);
            // FIFO pointer address(2)
            case 24 -> 6;
            default -> UNKNOWN_LENGTH;
        };
    }

    private static int responseLength(int function, byte[] b, int off, int available) {
        return switch (function) {
            // byte count(1) data
            case 1, 2, 3, 4, 12, 17, 20, 21, 23 -> byteCountAt(b, off, available, 2, 5);
            // echo of address(2) value(2), or address(2) quantity(2)
            case 5, 6, 15, 16 -> 8;
            // exception status(1)
            case 7 -> 5;
            // status(2) event count(2)
            case 11 -> 8;
            // echo of address and masks
            case 22 -> 10;
            // byte count(2) FIFO count(2) values
            case 24 -> available < 4 ? NEED_MORE : Bytes.u16be(b, off + 2) + 6;
            default -> UNKNOWN_LENGTH;
        };
    }

    /** A length of {@code fixed} bytes plus the byte count found at {@code at}. */
    private static int byteCountAt(byte[] b, int off, int available, int at, int fixed) {
        return available <= at ? NEED_MORE : Bytes.u8(b, off + at) + fixed;
    }

    /**
     * The shortest length from {@link #MIN_FRAME} whose CRC holds within {@code available} bytes, or 0: for the
     * functions whose length the PDU does not say.
     */
    public static int lengthByCrc(byte[] b, int off, int available) {
        int limit = Math.min(available, MAX_FRAME);
        for (int length = MIN_FRAME; length <= limit; length++) {
            if (crcHolds(b, off, length)) {
                return length;
            }
        }
        return 0;
    }

    /**
     * A whole RTU frame at {@code off} whose CRC holds, as a flow's first bytes must show before the flow is taken
     * for RTU: its length, or 0 when these bytes are not one (or not yet all here). A function whose layout does not
     * give the length must fill the {@code available} bytes.
     *
     * @param exact the frame must end at {@code off + available} (a datagram)
     */
    public static int wholeFrame(byte[] b, int off, int available, boolean request, boolean exact) {
        if (available < MIN_FRAME) {
            return 0;
        }
        int unit = Bytes.u8(b, off);
        int function = Bytes.u8(b, off + 1) & ~EXCEPTION_BIT;
        // unit 0 (broadcast) is refused here, as Wireshark does: an MBAP transaction id below 256 starts with it
        if (unit == 0 || unit > MAX_UNIT || !(ModbusFunction.of(function) != null || ModbusFunction.isUserDefined(function))) {
            return 0;
        }
        int length = frameLength(b, off, available, request);
        if (length == UNKNOWN_LENGTH) {
            // no layout length: only a frame that fills the segment is believed (a CRC searched for over many
            // lengths would match MBAP bytes by chance too often to decide a flow on)
            length = available;
        }
        if (length < MIN_FRAME || length > available || length > MAX_FRAME || (exact && length != available)) {
            return 0;
        }
        return crcHolds(b, off, length) ? length : 0;
    }
}
