package io.linewatch.dissectors.s7comm;

import io.linewatch.model.transaction.Operation;

/** Userdata subfunctions per function group, with the event action and operation they map to. */
enum S7UserdataFunction {
    // group 1: programmer commands (test and installation functions)
    BLOCK_STATUS(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x01, "block_status", Operation.DIAGNOSTIC),
    VARIABLE_STATUS(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x02, "variable_status", Operation.READ),
    OUTPUT_ISTACK(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x03, "output_istack", Operation.DIAGNOSTIC),
    OUTPUT_BSTACK(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x04, "output_bstack", Operation.DIAGNOSTIC),
    OUTPUT_LSTACK(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x05, "output_lstack", Operation.DIAGNOSTIC),
    TIME_MEASUREMENT(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x06, "time_measurement", Operation.DIAGNOSTIC),
    FORCE_SELECTION(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x07, "force_selection", Operation.READ),
    MODIFY_VARIABLE(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x08, "modify_variable", Operation.WRITE),
    FORCE(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x09, "force", Operation.WRITE),
    BREAKPOINT(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0A, "breakpoint", Operation.CONTROL),
    EXIT_HOLD(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0B, "exit_hold", Operation.CONTROL),
    MEMORY_RESET(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0C, "memory_reset", Operation.CONTROL),
    DISABLE_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0D, "disable_job", Operation.DIAGNOSTIC),
    ENABLE_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0E, "enable_job", Operation.DIAGNOSTIC),
    DELETE_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x0F, "delete_job", Operation.DIAGNOSTIC),
    READ_JOB_LIST(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x10, "read_job_list", Operation.DIAGNOSTIC),
    READ_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x11, "read_job", Operation.DIAGNOSTIC),
    REPLACE_JOB(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x12, "replace_job", Operation.DIAGNOSTIC),
    BLOCK_STATUS_V2(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x13, "block_status", Operation.DIAGNOSTIC),
    FLASH_LED(S7UserdataGroup.PROGRAMMER_COMMANDS, 0x16, "flash_led", Operation.DIAGNOSTIC),
    // group 2: cyclic data (subscriptions; the PLC then pushes the values)
    CYCLIC_TRANSFER(S7UserdataGroup.CYCLIC_DATA, 0x01, "cyclic_subscribe", Operation.READ),
    CYCLIC_UNSUBSCRIBE(S7UserdataGroup.CYCLIC_DATA, 0x04, "cyclic_unsubscribe", Operation.READ),
    CYCLIC_CHANGE_DRIVEN(S7UserdataGroup.CYCLIC_DATA, 0x05, "cyclic_subscribe_change_driven", Operation.READ),
    CYCLIC_CHANGE_DRIVEN_MODIFY(S7UserdataGroup.CYCLIC_DATA, 0x07, "cyclic_subscribe_change_driven_modify", Operation.READ),
    CYCLIC_RDREC(S7UserdataGroup.CYCLIC_DATA, 0x08, "cyclic_read_record", Operation.READ),
    // group 3: block functions
    LIST_BLOCKS(S7UserdataGroup.BLOCK_FUNCTIONS, 0x01, "list_blocks", Operation.DISCOVERY),
    LIST_BLOCKS_OF_TYPE(S7UserdataGroup.BLOCK_FUNCTIONS, 0x02, "list_blocks_of_type", Operation.DISCOVERY),
    GET_BLOCK_INFO(S7UserdataGroup.BLOCK_FUNCTIONS, 0x03, "get_block_info", Operation.DISCOVERY),
    // group 4: CPU functions
    READ_SZL(S7UserdataGroup.CPU_FUNCTIONS, 0x01, "read_szl", Operation.DIAGNOSTIC),
    MESSAGE_SERVICE(S7UserdataGroup.CPU_FUNCTIONS, 0x02, "message_service", Operation.DIAGNOSTIC),
    DIAGNOSTIC_MESSAGE(S7UserdataGroup.CPU_FUNCTIONS, 0x03, "diagnostic_message", Operation.DIAGNOSTIC),
    ALARM8_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x05, "alarm8_indication", Operation.DIAGNOSTIC),
    NOTIFY_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x06, "notify_indication", Operation.DIAGNOSTIC),
    ALARM8_LOCK(S7UserdataGroup.CPU_FUNCTIONS, 0x07, "alarm8_lock", Operation.DIAGNOSTIC),
    ALARM8_UNLOCK(S7UserdataGroup.CPU_FUNCTIONS, 0x08, "alarm8_unlock", Operation.DIAGNOSTIC),
    SCAN_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x09, "scan_indication", Operation.DIAGNOSTIC),
    ALARM_ACK(S7UserdataGroup.CPU_FUNCTIONS, 0x0B, "alarm_ack", Operation.DIAGNOSTIC),
    ALARM_ACK_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x0C, "alarm_ack_indication", Operation.DIAGNOSTIC),
    ALARM_LOCK_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x0D, "alarm_lock_indication", Operation.DIAGNOSTIC),
    ALARM_UNLOCK_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x0E, "alarm_unlock_indication", Operation.DIAGNOSTIC),
    AR_SEND_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x10, "ar_send_indication", Operation.DIAGNOSTIC),
    ALARM_SQ_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x11, "alarm_sq_indication", Operation.DIAGNOSTIC),
    ALARM_S_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x12, "alarm_s_indication", Operation.DIAGNOSTIC),
    ALARM_QUERY(S7UserdataGroup.CPU_FUNCTIONS, 0x13, "alarm_query", Operation.DIAGNOSTIC),
    NOTIFY8_INDICATION(S7UserdataGroup.CPU_FUNCTIONS, 0x16, "notify8_indication", Operation.DIAGNOSTIC),
    // group 5: security
    PLC_PASSWORD(S7UserdataGroup.SECURITY, 0x01, "plc_password", Operation.SESSION),
    CLEAR_PASSWORD(S7UserdataGroup.SECURITY, 0x02, "clear_password", Operation.SESSION),
    // group 7: time functions
    READ_CLOCK(S7UserdataGroup.TIME_FUNCTIONS, 0x01, "read_clock", Operation.READ),
    SET_CLOCK(S7UserdataGroup.TIME_FUNCTIONS, 0x02, "set_clock", Operation.WRITE),
    READ_CLOCK_FOLLOWING(S7UserdataGroup.TIME_FUNCTIONS, 0x03, "read_clock", Operation.READ),
    SET_CLOCK_2(S7UserdataGroup.TIME_FUNCTIONS, 0x04, "set_clock", Operation.WRITE);

    final S7UserdataGroup group;
    final int subfunction;
    final String action;
    final Operation operation;

    S7UserdataFunction(S7UserdataGroup group, int subfunction, String action, Operation operation) {
        this.group = group;
        this.subfunction = subfunction;
        this.action = action;
        this.operation = operation;
    }

    /** Indexed by group (a nibble) and subfunction (a byte): a look-up per PDU, not a scan of a copy of {@code values()}. */
    private static final S7UserdataFunction[][] BY_GROUP_AND_SUBFUNCTION = new S7UserdataFunction[0x10][0x100];

    static {
        for (S7UserdataFunction f : values()) {
            if (BY_GROUP_AND_SUBFUNCTION[f.group.wire][f.subfunction] == null) {
                BY_GROUP_AND_SUBFUNCTION[f.group.wire][f.subfunction] = f; // the first declared wins, as the scan did
            }
        }
    }

    static S7UserdataFunction of(int group, int subfunction) {
        return group >= 0 && group < 0x10 && subfunction >= 0 && subfunction < 0x100
                ? BY_GROUP_AND_SUBFUNCTION[group][subfunction] : null;
    }

    /** Action for a subfunction not in the table: still says which group it belongs to. */
    static String fallbackAction(int group) {
        S7UserdataGroup g = S7UserdataGroup.of(group);
        return (g == null ? "userdata_group_" + group : g.label) + "_other";
    }

    static Operation fallbackOperation(int group) {
        S7UserdataGroup g = S7UserdataGroup.of(group);
        if (g == S7UserdataGroup.MODE_TRANSITION) {
            return Operation.DIAGNOSTIC;
        }
        if (g == S7UserdataGroup.NC_PROGRAMMING) {
            return Operation.PROGRAM;
        }
        return Operation.OTHER;
    }
}
