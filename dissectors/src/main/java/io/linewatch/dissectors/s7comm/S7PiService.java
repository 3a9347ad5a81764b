package io.linewatch.dissectors.s7comm;

import io.linewatch.model.transaction.Operation;
import java.util.List;

/** Program-invocation services named in a PI-Service job (and in PLC Stop). */
enum S7PiService {
    /** Start the program: no argument is a hot (warm) restart, "C" a cold restart. */
    P_PROGRAM("P_PROGRAM", "plc_start", Operation.CONTROL),
    INSERT("_INSE", "block_insert", Operation.PROGRAM),
    INSERT_2("_INS2", "block_insert", Operation.PROGRAM),
    DELETE("_DELE", "block_delete", Operation.PROGRAM),
    COMPRESS("_GARB", "compress_memory", Operation.PROGRAM),
    COPY_RAM_TO_ROM("_MODU", "copy_ram_to_rom", Operation.PROGRAM),
    /** Sinumerik NC services all start with "_N_" (_N_LOGIN_, _N_F_DELE, ...). */
    NC_SERVICE("_N_", "nc_service", Operation.CONTROL);

    static final String ACTION_HOT_RESTART = "plc_hot_restart";
    static final String ACTION_COLD_RESTART = "plc_cold_restart";
    static final String ACTION_UNKNOWN = "pi_service";

    final String wireName;
    final String action;
    final Operation operation;

    S7PiService(String wireName, String action, Operation operation) {
        this.wireName = wireName;
        this.action = action;
        this.operation = operation;
    }

    static S7PiService of(String name) {
        for (S7PiService s : values()) {
            if (s == NC_SERVICE ? name.startsWith(s.wireName) : s.wireName.equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Services whose parameter block lists blocks (count, then 8-character block names). */
    boolean takesBlockList() {
        return this == INSERT || this == INSERT_2 || this == DELETE;
    }

    /** The action for this call, which for P_PROGRAM depends on its argument. */
    String action(List<String> arguments) {
        if (this == P_PROGRAM) {
            String arg = arguments.isEmpty() ? "" : arguments.get(0).strip();
            if (arg.isEmpty()) {
                return ACTION_HOT_RESTART;
            }
            if (arg.equals("C")) {
                return ACTION_COLD_RESTART;
            }
        }
        return action;
    }
}
