package io.linewatch.dissectors.enip;

/** Encapsulation header status codes (CIP Vol. 2, section 2-3.3). */
public enum EnipStatus {
    SUCCESS(0x0000, "success"),
    INVALID_COMMAND(0x0001, "invalid_command"),
    NO_MEMORY(0x0002, "insufficient_memory"),
    INCORRECT_DATA(0x0003, "incorrect_data"),
    INVALID_SESSION_HANDLE(0x0064, "invalid_session_handle"),
    INVALID_LENGTH(0x0065, "invalid_length"),
    UNSUPPORTED_PROTOCOL_REVISION(0x0069, "unsupported_protocol_revision"),
    CIP_NOT_ALLOWED_ON_PORT(0x006A, "encapsulated_cip_not_allowed");

    public final int code;
    public final String label;

    /** Asked for every encapsulation header: values() would copy its array each time. */
    private static final EnipStatus[] ALL = values();

    EnipStatus(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The status with this wire value, or null for a value the specification does not define. */
    public static EnipStatus of(long code) {
        for (EnipStatus s : ALL) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
