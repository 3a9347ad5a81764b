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
    static S7Rosctr of(int wire) {
        for (S7Rosctr r : values()) {
            if (r.wire == wire) {
                return r;
            }
        }
        return null;
    }

    /** Ack and Ack_Data carry error class and code in a 12-byte header. */
    boolean hasErrorFields() {
        return this == ACK || this == ACK_DATA;
    }
}
