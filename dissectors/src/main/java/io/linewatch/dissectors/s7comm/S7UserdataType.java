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

    /** Indexed by wire value: a look-up per PDU, not a scan of {@code values()} (which copies its array on every call). */
    private static final S7UserdataType[] BY_WIRE = new S7UserdataType[0x100];

    static {
        for (S7UserdataType v : values()) {
            if (BY_WIRE[v.wire] == null) {
                BY_WIRE[v.wire] = v; // the first declared wins, as the scan did
            }
        }
    }

    static S7UserdataType of(int wire) {
        return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
    }
}
