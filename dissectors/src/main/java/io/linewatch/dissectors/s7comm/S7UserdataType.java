package io.linewatch.dissectors.s7comm;

/** Userdata message type: high nibble of the type/group byte. */
enum S7UserdataType {
    /** Unsolicited: cyclic data, alarms, diagnostic messages pushed by the PLC. */
    PUSH(0x0, "push"),
    REQUEST(0x4, "request"),
    RESPONSE(0x8, "response");

    final int wire;
    final String label;

    S7UserdataType(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    static S7UserdataType of(int wire) {
        for (S7UserdataType t : values()) {
            if (t.wire == wire) {
                return t;
            }
        }
        return null;
    }
}
