package io.linewatch.dissectors.s7comm;

/**
 * Transport size of an S7ANY item address: the type of one element, so {@code length} counts elements of
 * it. Only the plain integer sizes are listed; they are the ones whose values are decoded for
 * {@link io.linewatch.model.transaction.Transaction#values()}.
 */
enum S7TransportSize {
    BIT(0x01, 0, false),
    BYTE(0x02, 1, false),
    CHAR(0x03, 1, false),
    WORD(0x04, 2, false),
    INT(0x05, 2, true),
    DWORD(0x06, 4, false),
    DINT(0x07, 4, true);

    final int wire;
    /** Bytes per element; 0 for a bit. */
    final int width;
    final boolean signed;

    S7TransportSize(int wire, int width, boolean signed) {
        this.wire = wire;
        this.width = width;
        this.signed = signed;
    }

    /** Indexed by wire value: a look-up per PDU, not a scan of {@code values()} (which copies its array on every call). */
    private static final S7TransportSize[] BY_WIRE = new S7TransportSize[0x100];

    static {
        for (S7TransportSize v : values()) {
            if (BY_WIRE[v.wire] == null) {
                BY_WIRE[v.wire] = v; // the first declared wins, as the scan did
            }
        }
    }

    static S7TransportSize of(int wire) {
        return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
    }

    /**
     * The {@code count} elements held in {@code value} (a bit as 0/1), or null when the value does not hold
     * exactly that many.
     */
    long[] decode(byte[] value, int count) {
        if (this == BIT) {
            return count == 1 && value.length == 1 ? new long[] {value[0] & 1} : null;
        }
        if (count <= 0 || value.length != count * width) {
            return null;
        }
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long v = 0;
            for (int j = 0; j < width; j++) {
                v = (v << 8) | (value[i * width + j] & 0xff);
            }
            if (signed && (v & (1L << (width * 8 - 1))) != 0) {
                v -= 1L << (width * 8);
            }
            out[i] = v;
        }
        return out;
    }
}
