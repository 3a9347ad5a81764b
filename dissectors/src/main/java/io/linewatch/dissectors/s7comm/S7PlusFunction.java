package io.linewatch.dissectors.s7comm;

import io.linewatch.model.transaction.Operation;
import java.util.HashMap;
import java.util.Map;

/** S7comm-plus function codes (16 bits after the opcode) with the event action they map to. */
enum S7PlusFunction {
    EXPLORE(0x04BB, "Explore", "explore", Operation.DISCOVERY),
    /** Opens a session (or a subscription object) on the PLC. */
    CREATE_OBJECT(0x04CA, "CreateObject", "create_object", Operation.SESSION),
    DELETE_OBJECT(0x04D4, "DeleteObject", "delete_object", Operation.SESSION),
    SET_VARIABLE(0x04F2, "SetVariable", "set_variable", Operation.WRITE),
    GET_VARIABLE(0x04FC, "GetVariable", "get_variable", Operation.READ),
    ADD_LINK(0x0506, "AddLink", "add_link", Operation.WRITE),
    REMOVE_LINK(0x051A, "RemoveLink", "remove_link", Operation.WRITE),
    GET_LINK(0x0524, "GetLink", "get_link", Operation.READ),
    SET_MULTI_VARIABLES(0x0542, "SetMultiVariables", "set_multi_variables", Operation.WRITE),
    GET_MULTI_VARIABLES(0x054C, "GetMultiVariables", "get_multi_variables", Operation.READ),
    /** Brackets a program download (BeginSequence ... EndSequence). */
    BEGIN_SEQUENCE(0x0556, "BeginSequence", "begin_sequence", Operation.PROGRAM),
    END_SEQUENCE(0x0560, "EndSequence", "end_sequence", Operation.PROGRAM),
    INVOKE(0x056B, "Invoke", "invoke", Operation.CONTROL),
    SET_VAR_SUB_STREAMED(0x057C, "SetVarSubStreamed", "set_var_sub_streamed", Operation.WRITE),
    GET_VAR_SUB_STREAMED(0x0586, "GetVarSubStreamed", "get_var_sub_streamed", Operation.READ),
    GET_VARIABLES_ADDRESS(0x0590, "GetVariablesAddress", "get_variables_address", Operation.READ),
    ABORT(0x059A, "Abort", "abort", Operation.SESSION),
    ERROR(0x05A9, "Error", "error", Operation.OTHER),
    INIT_SSL(0x05B3, "InitSsl", "init_ssl", Operation.SESSION);

    private static final Map<Integer, S7PlusFunction> BY_WIRE = new HashMap<>();

    static {
        for (S7PlusFunction f : values()) {
            BY_WIRE.put(f.wire, f);
        }
    }

    final int wire;
    final String label;
    final String action;
    final Operation operation;

    S7PlusFunction(int wire, String label, String action, Operation operation) {
        this.wire = wire;
        this.label = label;
        this.action = action;
        this.operation = operation;
    }

    static S7PlusFunction of(int wire) {
        return BY_WIRE.get(wire);
    }
}
