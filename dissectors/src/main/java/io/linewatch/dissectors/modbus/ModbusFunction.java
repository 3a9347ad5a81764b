package io.linewatch.dissectors.modbus;

import io.linewatch.model.transaction.Operation;

/**
 * Modbus function codes (MODBUS Application Protocol Specification V1.1b3 section 5-6), the legacy
 * Modicon codes of PI-MBUS-300 still seen in the field, and vendor codes. Each carries its wire
 * value, the {@code event.action} name and the normalised {@code ot.operation}.
 */
public enum ModbusFunction {
    READ_COILS(1, "read_coils", Operation.READ, Kind.PUBLIC, Area.COILS),
    READ_DISCRETE_INPUTS(2, "read_discrete_inputs", Operation.READ, Kind.PUBLIC, Area.DISCRETE_INPUTS),
    READ_HOLDING_REGISTERS(3, "read_holding_registers", Operation.READ, Kind.PUBLIC, Area.HOLDING_REGISTERS),
    READ_INPUT_REGISTERS(4, "read_input_registers", Operation.READ, Kind.PUBLIC, Area.INPUT_REGISTERS),
    WRITE_SINGLE_COIL(5, "write_single_coil", Operation.WRITE, Kind.PUBLIC, Area.COILS),
    WRITE_SINGLE_REGISTER(6, "write_single_register", Operation.WRITE, Kind.PUBLIC, Area.HOLDING_REGISTERS),
    READ_EXCEPTION_STATUS(7, "read_exception_status", Operation.DIAGNOSTIC, Kind.PUBLIC, null),
    /** Sub-functions refine the action and operation: see {@link ModbusDiagnostic}. */
    DIAGNOSTICS(8, "diagnostics", Operation.DIAGNOSTIC, Kind.PUBLIC, null),
    GET_COMM_EVENT_COUNTER(11, "get_comm_event_counter", Operation.DIAGNOSTIC, Kind.PUBLIC, null),
    GET_COMM_EVENT_LOG(12, "get_comm_event_log", Operation.DIAGNOSTIC, Kind.PUBLIC, null),
    WRITE_MULTIPLE_COILS(15, "write_multiple_coils", Operation.WRITE, Kind.PUBLIC, Area.COILS),
    WRITE_MULTIPLE_REGISTERS(16, "write_multiple_registers", Operation.WRITE, Kind.PUBLIC, Area.HOLDING_REGISTERS),
    REPORT_SERVER_ID(17, "report_server_id", Operation.DISCOVERY, Kind.PUBLIC, null),
    READ_FILE_RECORD(20, "read_file_record", Operation.READ, Kind.PUBLIC, Area.FILE_RECORDS),
    WRITE_FILE_RECORD(21, "write_file_record", Operation.WRITE, Kind.PUBLIC, Area.FILE_RECORDS),
    MASK_WRITE_REGISTER(22, "mask_write_register", Operation.WRITE, Kind.PUBLIC, Area.HOLDING_REGISTERS),
    READ_WRITE_MULTIPLE_REGISTERS(23, "read_write_multiple_registers", Operation.WRITE, Kind.PUBLIC, Area.HOLDING_REGISTERS),
    READ_FIFO_QUEUE(24, "read_fifo_queue", Operation.READ, Kind.PUBLIC, Area.FIFO),
    /** MEI types refine the action: see {@link ModbusMeiType}. */
    ENCAPSULATED_INTERFACE_TRANSPORT(43, "encapsulated_interface_transport", Operation.OTHER, Kind.PUBLIC, null),

    // Modicon legacy codes (PI-MBUS-300): programming and polling of 484/584/884/984 controllers
    PROGRAM_484(9, "program_484", Operation.PROGRAM, Kind.LEGACY, null),
    POLL_484(10, "poll_484", Operation.PROGRAM, Kind.LEGACY, null),
    PROGRAM_584_984(13, "program_584_984", Operation.PROGRAM, Kind.LEGACY, null),
    POLL_584_984(14, "poll_584_984", Operation.PROGRAM, Kind.LEGACY, null),
    PROGRAM_884_U84(18, "program_884_u84", Operation.PROGRAM, Kind.LEGACY, null),
    RESET_COMM_LINK_884_U84(19, "reset_comm_link_884_u84", Operation.CONTROL, Kind.LEGACY, null),
    PROGRAM_CONCEPT(40, "program_concept", Operation.PROGRAM, Kind.LEGACY, null),
    MULTIPLE_FUNCTION_CODES(41, "multiple_function_codes", Operation.OTHER, Kind.LEGACY, null),
    FIRMWARE_REPLACEMENT(125, "firmware_replacement", Operation.FIRMWARE, Kind.LEGACY, null),
    PROGRAM_584_984_2(126, "program_584_984_2", Operation.PROGRAM, Kind.LEGACY, null),
    REPORT_LOCAL_ADDRESS(127, "report_local_address", Operation.DISCOVERY, Kind.LEGACY, null),

    /** Schneider Electric UMAS (Unity/EcoStruxure engineering protocol); sub-functions in {@link UmasFunction}. */
    UMAS(90, "umas", Operation.OTHER, Kind.VENDOR, null),
    /** Schneider object messaging (Quantum/Premium). */
    OBJECT_MESSAGING(91, "object_messaging", Operation.OTHER, Kind.VENDOR, null);

    /** Where a code comes from; decides how plausible it is when re-synchronising. */
    public enum Kind { PUBLIC, LEGACY, VENDOR }

    /** The data areas functions address ({@code ObjectRef.area} of their transactions). */
    public static final class Area {
        public static final String COILS = "coils";
        public static final String DISCRETE_INPUTS = "discrete_inputs";
        public static final String HOLDING_REGISTERS = "holding_registers";
        public static final String INPUT_REGISTERS = "input_registers";
        public static final String FILE_RECORDS = "file_records";
        public static final String FIFO = "fifo";

        private Area() {
        }
    }

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
    public final Operation operation;
    public final Kind kind;
    /** The data area the function reads or writes, or null. */
    public final String area;

    ModbusFunction(int code, String action, Operation operation, Kind kind, String area) {
        this.code = code;
        this.action = action;
        this.operation = operation;
        this.kind = kind;
        this.area = area;
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
