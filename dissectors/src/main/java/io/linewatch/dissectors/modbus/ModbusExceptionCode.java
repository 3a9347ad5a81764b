package io.linewatch.dissectors.modbus;

/** Exception codes of an exception response (function code | 0x80), spec section 7. */
public enum ModbusExceptionCode {
    ILLEGAL_FUNCTION(1, "illegal_function"),
    ILLEGAL_DATA_ADDRESS(2, "illegal_data_address"),
    ILLEGAL_DATA_VALUE(3, "illegal_data_value"),
    SERVER_DEVICE_FAILURE(4, "server_device_failure"),
    ACKNOWLEDGE(5, "acknowledge"),
    SERVER_DEVICE_BUSY(6, "server_device_busy"),
    /** PI-MBUS-300: the program function could not be performed. */
    NEGATIVE_ACKNOWLEDGE(7, "negative_acknowledge"),
    MEMORY_PARITY_ERROR(8, "memory_parity_error"),
    GATEWAY_PATH_UNAVAILABLE(10, "gateway_path_unavailable"),
    GATEWAY_TARGET_FAILED_TO_RESPOND(11, "gateway_target_device_failed_to_respond");

    public final int code;
    public final String label;

    ModbusExceptionCode(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** Name of an exception code; unassigned codes keep their number. */
    public static String nameOf(int code) {
        for (ModbusExceptionCode e : values()) {
            if (e.code == code) {
                return e.label;
            }
        }
        return "unknown_exception_" + code;
    }
}
