package io.linewatch.dissectors.s7comm;

/**
 * The CPU mode a PLC pushes in a userdata "mode transition" message (function group 0): the parameter's
 * subfunction byte is the mode entered. Codes as Wireshark's packet-s7comm.c names them
 * ({@code modetrans_param_subfunc_names}).
 */
enum S7CpuMode {
    STOP(0, "stop"),
    WARM_RESTART(1, "warm_restart"),
    RUN(2, "run"),
    HOT_RESTART(3, "hot_restart"),
    HOLD(4, "hold"),
    COLD_RESTART(6, "cold_restart"),
    RUN_REDUNDANT(9, "run_r"),
    LINK_UP(11, "link_up"),
    UPDATE(12, "update");

    final int wire;
    final String label;

    S7CpuMode(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    /** The label of a wire code; an unknown code as {@code mode_N}. */
    static String label(int wire) {
        for (S7CpuMode m : values()) {
            if (m.wire == wire) {
                return m.label;
            }
        }
        return "mode_" + wire;
    }
}
