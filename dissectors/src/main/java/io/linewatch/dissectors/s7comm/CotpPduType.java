package io.linewatch.dissectors.s7comm;

/** ISO 8073 (X.224) TPDU code: high nibble of the byte after the COTP length indicator. */
enum CotpPduType {
    EXPEDITED_DATA(0x10, "ED"),
    EXPEDITED_DATA_ACK(0x20, "EA"),
    REJECT(0x50, "RJ"),
    DATA_ACK(0x60, "AK"),
    TPDU_ERROR(0x70, "ER"),
    DISCONNECT_REQUEST(0x80, "DR"),
    DISCONNECT_CONFIRM(0xC0, "DC"),
    CONNECT_CONFIRM(0xD0, "CC"),
    CONNECT_REQUEST(0xE0, "CR"),
    DATA(0xF0, "DT");

    final int wire;
    final String label;

    CotpPduType(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    static CotpPduType of(int codeByte) {
        int code = codeByte & 0xF0;
        for (CotpPduType t : values()) {
            if (t.wire == code) {
                return t;
            }
        }
        return null;
    }
}
