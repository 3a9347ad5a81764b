package io.linewatch.dissectors.s7comm;

/** Variable-part parameter codes of COTP connection TPDUs (CR/CC). */
enum CotpParameter {
    /** Maximum TPDU size as a power of two (0x0A = 1024). */
    TPDU_SIZE(0xC0),
    /** Transport selector of the sender of the CR ("source TSAP"). */
    CALLING_TSAP(0xC1),
    /** Transport selector the CR is addressed to ("destination TSAP"; rack/slot for S7). */
    CALLED_TSAP(0xC2),
    CHECKSUM(0xC3),
    VERSION(0xC4),
    PROTECTION(0xC5),
    ADDITIONAL_OPTIONS(0xC6),
    ALTERNATIVE_CLASSES(0xC7);

    final int wire;

    CotpParameter(int wire) {
        this.wire = wire;
    }

    static CotpParameter of(int wire) {
        for (CotpParameter p : values()) {
            if (p.wire == wire) {
                return p;
            }
        }
        return null;
    }
}
