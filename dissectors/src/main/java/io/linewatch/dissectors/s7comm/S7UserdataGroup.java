package io.linewatch.dissectors.s7comm;

/** Function group: low nibble of the userdata type/group byte. */
enum S7UserdataGroup {
    MODE_TRANSITION(0x0, "mode_transition"),
    PROGRAMMER_COMMANDS(0x1, "programmer_commands"),
    CYCLIC_DATA(0x2, "cyclic_data"),
    BLOCK_FUNCTIONS(0x3, "block_functions"),
    CPU_FUNCTIONS(0x4, "cpu_functions"),
    SECURITY(0x5, "security"),
    PBC_BSEND(0x6, "pbc_bsend"),
    TIME_FUNCTIONS(0x7, "time_functions"),
    NC_PROGRAMMING(0xF, "nc_programming");

    final int wire;
    final String label;

    S7UserdataGroup(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    static S7UserdataGroup of(int wire) {
        for (S7UserdataGroup g : values()) {
            if (g.wire == wire) {
                return g;
            }
        }
        return null;
    }
}
