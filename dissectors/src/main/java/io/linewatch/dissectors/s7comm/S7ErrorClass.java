package io.linewatch.dissectors.s7comm;

/** Error class byte of an Ack / Ack_Data header (the high byte of the combined 16-bit error). */
enum S7ErrorClass {
    NONE(0x00, "no_error"),
    APPLICATION_RELATIONSHIP(0x81, "application_relationship"),
    OBJECT_DEFINITION(0x82, "object_definition"),
    NO_RESOURCES(0x83, "no_resources_available"),
    SERVICE_PROCESSING(0x84, "error_on_service_processing"),
    SUPPLIES(0x85, "error_on_supplies"),
    ACCESS(0x87, "access_error");

    final int wire;
    final String label;

    S7ErrorClass(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    /** Indexed by wire value: a look-up per PDU, not a scan of {@code values()} (which copies its array on every call). */
    private static final S7ErrorClass[] BY_WIRE = new S7ErrorClass[0x100];

    static {
        for (S7ErrorClass v : values()) {
            if (BY_WIRE[v.wire] == null) {
                BY_WIRE[v.wire] = v; // the first declared wins, as the scan did
            }
        }
    }

    static S7ErrorClass of(int wire) {
        return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
    }
}
