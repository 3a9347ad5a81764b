package io.linewatch.dissectors.s7comm;


/** Memory area of an S7ANY address (read/write var items). */
enum S7Area {
    DATA_RECORD(0x01, "RECORD", "data_record"),
    SYSTEM_INFO_200(0x03, "SI200", "system_info_200"),
    SYSTEM_FLAGS_200(0x05, "SF200", "system_flags_200"),
    ANALOG_INPUTS_200(0x06, "AI200", "analog_inputs_200"),
    ANALOG_OUTPUTS_200(0x07, "AO200", "analog_outputs_200"),
    COUNTER(0x1C, "C", "counters"),
    TIMER(0x1D, "T", "timers"),
    IEC_COUNTER_200(0x1E, "C200", "iec_counters_200"),
    IEC_TIMER_200(0x1F, "T200", "iec_timers_200"),
    PERIPHERAL(0x80, "P", "peripheral"),
    INPUTS(0x81, "I", "inputs"),
    OUTPUTS(0x82, "Q", "outputs"),
    FLAGS(0x83, "M", "flags"),
    DATA_BLOCK(0x84, "DB", "db"),
    INSTANCE_DATA_BLOCK(0x85, "DI", "instance_db"),
    LOCAL(0x86, "L", "local"),
    PREVIOUS_LOCAL(0x87, "V", "previous_local");

    /** Indexed by wire value: a look-up per PDU without a boxed key. */
    private static final S7Area[] BY_WIRE = new S7Area[0x100];

    static {
        for (S7Area a : values()) {
            BY_WIRE[a.wire] = a;
        }
    }

    final int wire;
    final String label;
    /** The area as {@link io.linewatch.model.transaction.ObjectRef#area()} names it. */
    final String objectArea;

    S7Area(int wire, String label, String objectArea) {
        this.wire = wire;
        this.label = label;
        this.objectArea = objectArea;
    }

    /** The {@link io.linewatch.model.transaction.ObjectRef} area of a wire code, known or not. */
    static String objectArea(int wire) {
        S7Area known = of(wire);
        return known != null ? known.objectArea : "area_0x" + Integer.toHexString(wire);
    }

    static S7Area of(int wire) {
        return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
    }

    /** Timers and counters are addressed by number, not by byte.bit. */
    boolean numbered() {
        return this == COUNTER || this == TIMER || this == IEC_COUNTER_200 || this == IEC_TIMER_200;
    }

    /** Data blocks are numbered: the item's DB number means something only there. */
    boolean isDataBlock() {
        return this == DATA_BLOCK || this == INSTANCE_DATA_BLOCK;
    }
}
