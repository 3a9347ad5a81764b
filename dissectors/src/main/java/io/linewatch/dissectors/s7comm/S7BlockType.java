package io.linewatch.dissectors.s7comm;

/**
 * Block type. On the wire it is two ASCII hex digits inside a block name ("_0A00001P": DB 1), whose
 * value is the number kept in {@code s7comm.block_type}.
 */
enum S7BlockType {
    OB(0x08, "OB"),
    CMOD(0x09, "CMod"),
    DB(0x0A, "DB"),
    SDB(0x0B, "SDB"),
    FC(0x0C, "FC"),
    SFC(0x0D, "SFC"),
    FB(0x0E, "FB"),
    SFB(0x0F, "SFB");

    final int wire;
    final String label;

    S7BlockType(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    static S7BlockType of(int wire) {
        for (S7BlockType t : values()) {
            if (t.wire == wire) {
                return t;
            }
        }
        return null;
    }
}
