package io.linewatch.dissectors.s7comm;

import io.linewatch.model.Values;

/** Userdata subfunctions per function group, with the event action and operation they map to. */
enum S7UserdataFunction {
    // group 1: programmer commands (test and installation functions)
    BLOCK_STATUS(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x01, "block_status", Values.OP_DIAGNOSTIC),
    VARIABLE_STATUS(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x02, "variable_status", Values.OP_READ),
    OUTPUT_ISTACK(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x03, "output_istack", Values.OP_DIAGNOSTIC),
    OUTPUT_BSTACK(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x04, "output_bstack", Values.OP_DIAGNOSTIC),
    OUTPUT_LSTACK(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x05, "output_lstack", Values.OP_DIAGNOSTIC),
    TIME_MEASUREMENT(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x06, "time_measurement", Values.OP_DIAGNOSTIC),
    FORCE_SELECTION(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x07, "force_selection", Values.OP_READ),
    MODIFY_VARIABLE(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x08, "modify_variable", Values.OP_WRITE),
    FORCE(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x09, "force", Values.OP_WRITE),
    BREAKPOINT(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0A, "breakpoint", Values.OP_CONTROL),
    EXIT_HOLD(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0B, "exit_hold", Values.OP_CONTROL),
    MEMORY_RESET(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0C, "memory_reset", Values.OP_CONTROL),
    DISABLE_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0D, "disable_job", Values.OP_DIAGNOSTIC),
    ENABLE_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0E, "enable_job", Values.OP_DIAGNOSTIC),
    DELETE_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0F, "delete_job", Values.OP_DIAGNOSTIC),
    READ_JOB_LIST(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x10, "read_job_list", Values.OP_DIAGNOSTIC),
    READ_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x11, "read_job", Values.OP_DIAGNOSTIC),
    REPLACE_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x12, "replace_job", Values.OP_DIAGNOSTIC),
    BLOCK_STATUS_V2(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x13, "block_status", Values.OP_DIAGNOSTIC),
    FLASH_LED(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x16, "flash_led", Values.OP_DIAGNOSTIC),
    // group 2: cyclic data (subscriptions; the PLC then pushes the values)
    CYCLIC_TRANSFER(S7UserdataGroup.CYCLIC_DATA, 0x01, "cyclic_subscribe", Values.OP_READ),
    CYCLIC_UNSUBSCRIBE(S7UserdataGroup.CYCLIC_DATA, 0x04, "cyclic_unsubscribe", Values.OP_READ),
    CYCLIC_CHANGE_DRIVEN(S7UserdataGroup.CYCLIC_DATA, 0x05, "cyclic_subscribe_change_driven", Values.OP_READ),
    CYCLIC_CHANGE_DRIVEN_MODIFY(S7UserdataGroup.CYCLIC_DATA, 0x07, "cyclic_subscribe_change_driven_modify", Values.OP_READ),
    CYCLIC_RDREC(S7UserdataGroup.CYCLIC_DATA, 0x08, "cyclic_read_record", Values.OP_READ),
    // group 3: block functions
    LIST_BLOCKS(S7UserdataGroup.BLOCK_FUNCTIONS, 0x01, "list_blocks", Values.OP_DISCOVERY),
    LIST_BLOCKS_OF_TYPE(S7UserdataGroup.BLOCK_FUNCTIONS, 0x02, "list_blocks_of_type", Values.OP_DISCOVERY),
    GET_BLOCK_INFO(S7UserdataGroup.BLOCK_FUNCTIONS, 0x03, "get_block_info", Values.OP_DISCOVERY),
    // group 4: CPU functions
    READ_SZL(S7UserdataGroup.CPU_FUNCTIONS, 0x01, "read_szl", Values.OP_DIAGNOSTIC),
    MESSAGE_SERVICE(S7UserdataGroup.CPU_FUNCTIONS, 0x02, "message_service", Values.OP_DIAGNOSTIC),
    DIAGNOSTIC_MESSAGE(S7UserdataGroup.CPU_FUNCTIONS, 0x03, "diagnostic_message", Values.OP_DIAGNOSTIC),
    ALARM8_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x05, "alarm8_indication", Values.OP_DIAGNOSTIC),
    NOTIFY_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x06, "notify_indication", Values.OP_DIAGNOSTIC),
    ALARM8_LOCK(S7UserdataGroup.CPU_FUNCTIONS, 0x07, "alarm8_lock", Values.OP_DIAGNOSTIC),
    ALARM8_UNLOCK(S7UserdataGroup.CPU_FUNCTIONS, 0x08, "alarm8_unlock", Values.OP_DIAGNOSTIC),
    SCAN_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x09, "scan_indication", Values.OP_DIAGNOSTIC),
    ALARM_ACK(S7UserdataGroup.CPU_FUNCTIONS, 0x0B, "alarm_ack", Values.OP_DIAGNOSTIC),
    ALARM_ACK_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x0C, "alarm_ack_indication", Values.OP_DIAGNOSTIC),
    ALARM_LOCK_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x0D, "alarm_lock_indication", Values.OP_DIAGNOSTIC),
    ALARM_UNLOCK_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x0E, "alarm_unlock_indication", Values.OP_DIAGNOSTIC),
    AR_SEND_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x10, "ar_send_indication", Values.OP_DIAGNOSTIC),
    ALARM_SQ_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x11, "alarm_sq_indication", Values.OP_DIAGNOSTIC),
    ALARM_S_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x12, "alarm_s_indication", Values.OP_DIAGNOSTIC),
    ALARM_QUERY(S7UserdataGroup.CPU_FUNCTIONS, 0x13, "alarm_query", Values.OP_DIAGNOSTIC),
    NOTIFY8_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x16, "notify8_indication", Values.OP_DIAGNOSTIC),
    // group 5: security
    PLC_PASSWORD(S7UserdataGroup.SECURITY, 0x01, "plc_password", Values.OP_SESSION),
    CLEAR_PASSWORD(S7UserdataGroup.SECURITY, 0x02, "clear_password", Values.OP_SESSION),
    // group 7: time functions
    READ_CLOCK(S7UserdataGroup.TIME_FUNCTIONS, 0x01, "read_clock", Values.OP_READ),
    SET_CLOCK(S7UserdataGroup.TIME_FUNCTIONS, 0x02, "set_clock", Values.OP_WRITE),
    READ_CLOCK_FOLLOWING(S7UserdataGroup.TIME_FUNCTIONS, 0x03, "read_clock", Values.OP_READ),
    SET_CLOCK_2(S7UserdataGroup.TIME_FUNCTIONS, 0x04, "set_clock", Values.OP_WRITE);

    final S7UserdataGroup group;
    final int subfunction;
    final String action;
    final String operation;

    S7UserdataFunction(S7UserdataGroup group, int subfunction, String action, String operation) {
        this.group = group;
        this.subfunction = subfunction;
        this.action = action;
        this.operation = operation;
    }

    static S7UserdataFunction of(int group, int subfunction) {
        for (S7UserdataFunction f : values()) {
            if (f.group.wire == group && f.subfunction == subfunction) {
                return f;
            }
        }
        return null;
    }

    /** Action for a subfunction not in the table: still says which group it belongs to. */
    static String fallbackAction(int group) {
        S7UserdataGroup g = S7UserdataGroup.of(group);
        return (g == null ? "userdata_group_" + group : g.label) + "_other";
    }

    static String fallbackOperation(int group) {
        S7UserdataGroup g = S7UserdataGroup.of(group);
        if (g == S7UserdataGroup.MODE_TRANSITION) {
            return Values.OP_DIAGNOSTIC;
        }
        if (g == S7UserdataGroup.NC_PROGRAMMING) {
            return Values.OP_PROGRAM;
        }
        return Values.OP_OTHER;
    }
}
