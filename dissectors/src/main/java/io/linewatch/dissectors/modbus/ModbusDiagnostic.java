package io.linewatch.dissectors.modbus;

import io.linewatch.model.transaction.Operation;

/**
 * Sub-functions of Diagnostics (function 8), spec section 6.8.1. Restart and listen-only change how
 * the server behaves on the line, so they count as control, not diagnostic.
 */
public enum ModbusDiagnostic {
    RETURN_QUERY_DATA(0x00, "return_query_data", Operation.DIAGNOSTIC),
    RESTART_COMMUNICATIONS_OPTION(0x01, "restart_communications_option", Operation.CONTROL),
    RETURN_DIAGNOSTIC_REGISTER(0x02, "return_diagnostic_register", Operation.DIAGNOSTIC),
    CHANGE_ASCII_INPUT_DELIMITER(0x03, "change_ascii_input_delimiter", Operation.CONTROL),
    FORCE_LISTEN_ONLY_MODE(0x04, "force_listen_only_mode", Operation.CONTROL),
    CLEAR_COUNTERS_AND_DIAGNOSTIC_REGISTER(0x0A, "clear_counters_and_diagnostic_register", Operation.DIAGNOSTIC),
    RETURN_BUS_MESSAGE_COUNT(0x0B, "return_bus_message_count", Operation.DIAGNOSTIC),
    RETURN_BUS_COMMUNICATION_ERROR_COUNT(0x0C, "return_bus_communication_error_count", Operation.DIAGNOSTIC),
    RETURN_BUS_EXCEPTION_ERROR_COUNT(0x0D, "return_bus_exception_error_count", Operation.DIAGNOSTIC),
    RETURN_SERVER_MESSAGE_COUNT(0x0E, "return_server_message_count", Operation.DIAGNOSTIC),
    RETURN_SERVER_NO_RESPONSE_COUNT(0x0F, "return_server_no_response_count", Operation.DIAGNOSTIC),
    RETURN_SERVER_NAK_COUNT(0x10, "return_server_nak_count", Operation.DIAGNOSTIC),
    RETURN_SERVER_BUSY_COUNT(0x11, "return_server_busy_count", Operation.DIAGNOSTIC),
    RETURN_BUS_CHARACTER_OVERRUN_COUNT(0x12, "return_bus_character_overrun_count", Operation.DIAGNOSTIC),
    /** Listed in PI-MBUS-300 (884 only); absent from the current spec. */
    RETURN_IOP_OVERRUN_COUNT(0x13, "return_iop_overrun_count", Operation.DIAGNOSTIC),
    CLEAR_OVERRUN_COUNTER_AND_FLAG(0x14, "clear_overrun_counter_and_flag", Operation.DIAGNOSTIC),
    /** PI-MBUS-300: Modbus Plus statistics. */
    GET_CLEAR_MODBUS_PLUS_STATISTICS(0x15, "get_clear_modbus_plus_statistics", Operation.DIAGNOSTIC);

    public final int code;
    public final String action;
    public final Operation operation;

    ModbusDiagnostic(int code, String action, Operation operation) {
        this.code = code;
        this.action = action;
        this.operation = operation;
    }

    /** The sub-function of a code, or null when reserved/unknown. */
    public static ModbusDiagnostic of(int code) {
        for (ModbusDiagnostic d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }
}
