package io.linewatch.dissectors.s7comm;

/** Return code of a data item (read/write var) and of userdata data parts. */
enum S7ReturnCode {
    RESERVED(0x00, "reserved"),
    HARDWARE_FAULT(0x01, "hardware_fault"),
    ACCESS_DENIED(0x03, "access_denied"),
    INVALID_ADDRESS(0x05, "invalid_address"),
    TYPE_NOT_SUPPORTED(0x06, "type_not_supported"),
    TYPE_INCONSISTENT(0x07, "type_inconsistent"),
    OBJECT_DOES_NOT_EXIST(0x0A, "object_does_not_exist"),
    SUCCESS(0xFF, "success");

    final int wire;
    final String label;

    S7ReturnCode(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    /** Indexed by wire value: a look-up per PDU, not a scan of {@code values()} (which copies its array on every call). */
    private static final S7ReturnCode[] BY_WIRE = new S7ReturnCode[0x100];

    static {
        for (S7ReturnCode v : values()) {
            if (BY_WIRE[v.wire] == null) {
                BY_WIRE[v.wire] = v; // the first declared wins, as the scan did
            }
        }
    }

    static S7ReturnCode of(int wire) {
        return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
    }
}
