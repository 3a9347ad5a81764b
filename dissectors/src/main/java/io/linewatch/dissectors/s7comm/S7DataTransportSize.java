package io.linewatch.dissectors.s7comm;

import java.util.HashMap;
import java.util.Map;

/** Transport size of a data item (values of write var requests and read var responses). */
enum S7DataTransportSize {
    NULL(0x00, "NULL", false),
    BIT(0x03, "BIT", true),
    BYTE_WORD_DWORD(0x04, "BYTE/WORD/DWORD", true),
    INTEGER(0x05, "INTEGER", true),
    DINTEGER(0x06, "DINTEGER", false),
    REAL(0x07, "REAL", false),
    OCTET_STRING(0x09, "OCTET STRING", false),
    NCK_ADDRESS_1(0x11, "NCK ADDRESS1", false),
    NCK_ADDRESS_2(0x12, "NCK ADDRESS2", false);

    private static final Map<Integer, S7DataTransportSize> BY_WIRE = new HashMap<>();

    static {
        for (S7DataTransportSize s : values()) {
            BY_WIRE.put(s.wire, s);
        }
    }

    final int wire;
    final String label;
    /** The item's length field counts bits, not bytes. */
    final boolean lengthInBits;

    S7DataTransportSize(int wire, String label, boolean lengthInBits) {
        this.wire = wire;
        this.label = label;
        this.lengthInBits = lengthInBits;
    }

    static S7DataTransportSize of(int wire) {
        return BY_WIRE.get(wire);
    }

    /** Bytes of value following a data item header whose length field says {@code length}. */
    static int valueBytes(int wire, int length) {
        S7DataTransportSize s = of(wire);
        return s != null && s.lengthInBits ? (length + 7) / 8 : length;
    }
}
