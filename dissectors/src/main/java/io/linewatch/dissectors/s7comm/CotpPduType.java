package io.linewatch.dissectors.s7comm;

/**
 * ISO 8073 (X.224) TPDU code: high nibble of the byte after the COTP length indicator. Whether the TPDU carries
 * user data after its header, in class 0 (the only class RFC 1006 uses): ISO 8073 section 13 lets only DT (and
 * ED, outside class 0) carry data; CR, CC and DR may not in class 0, and the others never do.
 */
enum CotpPduType {
    EXPEDITED_DATA(0x10, "ED", true),
    EXPEDITED_DATA_ACK(0x20, "EA", false),
    REJECT(0x50, "RJ", false),
    DATA_ACK(0x60, "AK", false),
    TPDU_ERROR(0x70, "ER", false),
    DISCONNECT_REQUEST(0x80, "DR", false),
    DISCONNECT_CONFIRM(0xC0, "DC", false),
    CONNECT_CONFIRM(0xD0, "CC", false),
    CONNECT_REQUEST(0xE0, "CR", false),
    DATA(0xF0, "DT", true);

    final int wire;
    final String label;
    /** False: the TPKT holds the TPDU header and nothing after it. */
    final boolean carriesData;

    CotpPduType(int wire, String label, boolean carriesData) {
        this.wire = wire;
        this.label = label;
        this.carriesData = carriesData;
    }

    /** Indexed by the code's high nibble: a look-up per TPKT, not a scan of {@code values()} (a copy per call). */
    private static final CotpPduType[] BY_NIBBLE = new CotpPduType[0x10];

    static {
        for (CotpPduType t : values()) {
            BY_NIBBLE[t.wire >> 4] = t;
        }
    }

    static CotpPduType of(int codeByte) {
        return BY_NIBBLE[(codeByte & 0xF0) >> 4];
    }
}
