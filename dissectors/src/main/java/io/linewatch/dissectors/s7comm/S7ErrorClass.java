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

    static S7ErrorClass of(int wire) {
        for (S7ErrorClass e : values()) {
            if (e.wire == wire) {
                return e;
            }
        }
        return null;
    }
}
