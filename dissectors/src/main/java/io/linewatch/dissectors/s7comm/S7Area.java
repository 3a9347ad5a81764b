package io.linewatch.dissectors.s7comm;

import java.util.HashMap;
import java.util.Map;

/** Memory area of an S7ANY address (read/write var items). */
enum S7Area {
    DATA_RECORD(0x01, "RECORD"),
    SYSTEM_INFO_200(0x03, "SI200"),
    SYSTEM_FLAGS_200(0x05, "SF200"),
    ANALOG_INPUTS_200(0x06, "AI200"),
    ANALOG_OUTPUTS_200(0x07, "AO200"),
    COUNTER(0x1C, "C"),
    TIMER(0x1D, "T"),
    IEC_COUNTER_200(0x1E, "C200"),
    IEC_TIMER_200(0x1F, "T200"),
    PERIPHERAL(0x80, "P"),
    INPUTS(0x81, "I"),
    OUTPUTS(0x82, "Q"),
    FLAGS(0x83, "M"),
    DATA_BLOCK(0x84, "DB"),
    INSTANCE_DATA_BLOCK(0x85, "DI"),
    LOCAL(0x86, "L"),
    PREVIOUS_LOCAL(0x87, "V");

    private static final Map<Integer, S7Area> BY_WIRE = new HashMap<>();

    static {
        for (S7Area a : values()) {
            BY_WIRE.put(a.wire, a);
        }
    }

    final int wire;
    final String label;

    S7Area(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    static S7Area of(int wire) {
        return BY_WIRE.get(wire);
    }

    /** Timers and counters are addressed by number, not by byte.bit. */
    boolean numbered() {
        return this == COUNTER || this == TIMER || this == IEC_COUNTER_200 || this == IEC_TIMER_200;
    }
}
