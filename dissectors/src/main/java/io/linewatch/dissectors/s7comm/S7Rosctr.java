package io.linewatch.dissectors.s7comm;

/** S7comm header byte 1, "remote operating service control": the PDU's role. */
enum S7Rosctr {
    JOB(0x01, "job"),
    ACK(0x02, "ack"),
    ACK_DATA(0x03, "ack_data"),
    USERDATA(0x07, "userdata");

    final int wire;
    final String label;

    S7Rosctr(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    /** @return the ROSCTR, or null for a value no S7 device sends */
    /** Indexed by wire value: a look-up per PDU, not a scan of {@code values()} (which copies its array on every call). */
    private static final S7Rosctr[] BY_WIRE = new S7Rosctr[0x100];

    static {
        for (S7Rosctr v : values()) {
            if (BY_WIRE[v.wire] == null) {
                BY_WIRE[v.wire] = v; // the first declared wins, as the scan did
            }
        }
    }

    static S7Rosctr of(int wire) {
        return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
    }

    /** Ack and Ack_Data carry error class and code in a 12-byte header. */
    boolean hasErrorFields() {
        return this == ACK || this == ACK_DATA;
    }
}
