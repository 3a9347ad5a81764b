package io.linewatch.dissectors.s7comm;

import java.util.HashMap;
import java.util.Map;

/** How a variable specification (read/write var item) addresses memory. */
enum S7SyntaxId {
    S7ANY(0x10, "S7ANY"),
    PARAMETER_SHORT(0x11, "ParameterShort"),
    PARAMETER_EXTENDED(0x12, "ParameterExtended"),
    PBC_R_ID(0x13, "PBC-R_ID"),
    ALARM_LOCKFREE(0x15, "ALARM_LOCKFREE"),
    ALARM_IND(0x16, "ALARM_IND"),
    ALARM_ACK(0x19, "ALARM_ACK"),
    ALARM_QUERYREQ(0x1A, "ALARM_QUERYREQ"),
    NOTIFY_IND(0x1C, "NOTIFY_IND"),
    NCK(0x82, "NCK"),
    NCK_METRIC(0x83, "NCK_M"),
    NCK_INCH(0x84, "NCK_I"),
    DRIVE_ES_ANY(0xA2, "DRIVEESANY"),
    /** Several DB byte ranges in one item; seen from WinCC to S7-400. */
    DB_READ(0xB0, "DBREAD"),
    S7_1200_SYMBOLIC(0xB2, "1200SYM");

    private static final Map<Integer, S7SyntaxId> BY_WIRE = new HashMap<>();

    static {
        for (S7SyntaxId s : values()) {
            BY_WIRE.put(s.wire, s);
        }
    }

    final int wire;
    final String label;

    S7SyntaxId(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    static S7SyntaxId of(int wire) {
        return BY_WIRE.get(wire);
    }
}
