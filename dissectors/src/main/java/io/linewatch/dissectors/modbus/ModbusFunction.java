package io.linewatch.dissectors.modbus;

import io.linewatch.model.Values;

/**
 * Modbus function codes (MODBUS Application Protocol Specification V1.1b3 section 5-6), the legacy
 * Modicon codes of PI-MBUS-300 still seen in the field, and vendor codes. Each carries its wire
 * value, the {@code event.action} name and the normalised {@code ot.operation}.
 */
public enum ModbusFunction {
    READ_COILS(1, "read_coils", Values.OP_READ, Kind.PUBLIC),
    READ_DISCRETE_INPUTS(2, "read_discrete_inputs", Values.OP_READ, Kind.PUBLIC),
    READ_HOLDING_REGISTERS(3, "read_holding_registers", Values.OP_READ, Kind.PUBLIC),
    READ_INPUT_REGISTERS(4, "read_input_registers", Values.OP_READ, Kind.PUBLIC),
    WRITE_SINGLE_COIL(5, "write_single_coil", Values.OP_WRITE, Kind.PUBLIC),
    WRITE_SINGLE_REGISTER(6, "write_single_register", Values.OP_WRITE, Kind.PUBLIC),
    READ_EXCEPTION_STATUS(7, "read_exception_status", Values.OP_DIAGNOSTIC, Kind.PUBLIC),
    /** Sub-functions refine the action and operation: see {@link ModbusDiagnostic}. */
    DIAGNOSTICS(8, "diagnostics", Values.OP_DIAGNOSTIC, Kind.PUBLIC),
    GET_COMM_EVENT_COUNTER(11, "get_comm_event_counter", Values.OP_DIAGNOSTIC, Kind.PUBLIC),
    GET_COMM_EVENT_LOG(12, "get_comm_event_log", Values.OP_DIAGNOSTIC, Kind.PUBLIC),
    WRITE_MULTIPLE_COILS(15, "write_multiple_coils", Values.OP_WRITE, Kind.PUBLIC),
    WRITE_MULTIPLE_REGISTERS(16, "write_multiple_registers", Values.OP_WRITE, Kind.PUBLIC),
    REPORT_SERVER_ID(17, "report_server_id", Values.OP_DISCOVERY, Kind.PUBLIC),
    READ_FILE_RECORD(20, "read_file_record", Values.OP_READ, Kind.PUBLIC),
    WRITE_FILE_RECORD(21, "write_file_record", Values.OP_WRITE, Kind.PUBLIC),
    MASK_WRITE_REGISTER(22, "mask_write_register", Values.OP_WRITE, Kind.PUBLIC),
    READ_WRITE_MULTIPLE_REGISTERS(23, "read_write_multiple_registers", Values.OP_WRITE, Kind.PUBLIC),
    READ_FIFO_QUEUE(24, "read_fifo_queue", Values.OP_READ, Kind.PUBLIC),
    /** MEI types refine the action: see {@link ModbusMeiType}. */
    ENCAPSULATED_INTERFACE_TRANSPORT(43, "encapsulated_interface_transport", Values.OP_OTHER, Kind.PUBLIC),

    // Modicon legacy codes (PI-MBUS-300): programming and polling of 484/584/884/984 controllers
    PROGRAM_484(9, "program_484", Values.OP_PROGRAM, Kind.LEGACY),
    POLL_484(10, "poll_484", Values.OP_PROGRAM, Kind.LEGACY),
    PROGRAM_584_984(13, "program_584_984", Values.OP_PROGRAM, Kind.LEGACY),
    POLL_584_984(14, "poll_584_984", Values.OP_PROGRAM, Kind.LEGACY),
    PROGRAM_884_U84(18, "program_884_u84", Values.OP_PROGRAM, Kind.LEGACY),
    RESET_COMM_LINK_884_U84(19, "reset_comm_link_884_u84", Values.OP_CONTROL, Kind.LEGACY),
    PROGRAM_CONCEPT(40, "program_concept", Values.OP_PROGRAM, Kind.LEGACY),
    MULTIPLE_FUNCTION_CODES(41, "multiple_function_codes", Values.OP_OTHER, Kind.LEGACY),
    FIRMWARE_REPLACEMENT(125, "firmware_replacement", Values.OP_FIRMWARE, Kind.LEGACY),
    PROGRAM_584_984_2(126, "program_584_984_2", Values.OP_PROGRAM, Kind.LEGACY),
    REPORT_LOCAL_ADDRESS(127, "report_local_address", Values.OP_DISCOVERY, Kind.LEGACY),

    /** Schneider Electric UMAS (Unity/EcoStruxure engineering protocol); sub-functions in {@link UmasFunction}. */
    UMAS(90, "umas", Values.OP_OTHER, Kind.VENDOR),
    /** Schneider object messaging (Quantum/Premium). */
    OBJECT_MESSAGING(91, "object_messaging", Values.OP_OTHER, Kind.VENDOR);

    /** Where a code comes from; decides how plausible it is when re-synchronising. */
    public enum Kind { PUBLIC, LEGACY, VENDOR }

    /** Action of a code in the spec's user-defined ranges (65-72, 100-110). */
    public static final String ACTION_USER_DEFINED = "user_defined_function";
    /** Action of a code that is neither assigned nor user-defined. */
    public static final String ACTION_UNKNOWN = "unknown_function";

    private static final ModbusFunction[] BY_CODE = new ModbusFunction[128];

    static {
        for (ModbusFunction f : values()) {
            BY_CODE[f.code] = f;
        }
    }

    public final int code;
    public final String action;
    public final String operation;
    public final Kind kind;

    ModbusFunction(int code, String action, String operation, Kind kind) {
        this.code = code;
        this.action = action;
        this.operation = operation;
        this.kind = kind;
    }

    /** The function of a code without its exception bit, or null when unassigned. */
    public static ModbusFunction of(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The specification reserves 65-72 and 100-110 for user-defined functions. */
    public static boolean isUserDefined(int code) {
        return (code >= 65 && code <= 72) || (code >= 100 && code <= 110);
    }
}
