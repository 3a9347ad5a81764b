package io.linewatch.dissectors.s7comm;

/** Second byte of an S7comm-plus header: the protocol version, or a keep-alive. */
enum S7PlusPduType {
    /** Session set-up (CreateObject), no integrity part. */
    V1(0x01),
    /** Integrity part at the end of the data (TIA V12/V13). */
    V2(0x02),
    /** Integrity part (32-byte digest) right after the header (firmware from V1.5/V4.x on). */
    V3(0x03),
    KEEP_ALIVE(0xFF),
    KEEP_ALIVE_2(0xFE);

    final int wire;

    S7PlusPduType(int wire) {
        this.wire = wire;
    }

    static S7PlusPduType of(int wire) {
        for (S7PlusPduType t : values()) {
            if (t.wire == wire) {
                return t;
            }
        }
        return null;
    }

    boolean isKeepAlive() {
        return this == KEEP_ALIVE || this == KEEP_ALIVE_2;
    }

    /** Integrity-protected sessions: V3 and anything newer. */
    static boolean integrityProtected(int wire) {
        return wire >= V3.wire && wire < KEEP_ALIVE_2.wire;
    }
}
