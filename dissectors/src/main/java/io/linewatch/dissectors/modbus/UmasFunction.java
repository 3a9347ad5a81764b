package io.linewatch.dissectors.modbus;

import io.linewatch.model.transaction.Operation;

/**
 * Sub-functions of Schneider Electric UMAS (carried in Modbus function 90: session byte, then this
 * code). Not publicly specified; codes and names as published by reverse-engineering write-ups
 * ("The Unity (UMAS) protocol", lirasenlared, 2017). UMAS calls PC-to-PLC transfer "upload"
 * (0x30-0x32) and PLC-to-PC "download" (0x33-0x35), the reverse of the usual sense: the names here are in
 * the usual sense (a download writes a program into the PLC), so rules that tell uploads from downloads by
 * name read them right. Taking and releasing the PLC reservation (the exclusive engineering session that
 * precedes a download or a start/stop) is an engineering action too ({@link Operation#CONTROL}).
 */
public enum UmasFunction {
    INIT_COMM(0x01, "init_comm", Operation.SESSION),
    READ_ID(0x02, "read_id", Operation.DISCOVERY),
    READ_PROJECT_INFO(0x03, "read_project_info", Operation.DISCOVERY),
    READ_PLC_INFO(0x04, "read_plc_info", Operation.DISCOVERY),
    READ_CARD_INFO(0x06, "read_card_info", Operation.DISCOVERY),
    REPEAT(0x0A, "repeat", Operation.DIAGNOSTIC),
    TAKE_PLC_RESERVATION(0x10, "take_plc_reservation", Operation.CONTROL),
    RELEASE_PLC_RESERVATION(0x11, "release_plc_reservation", Operation.CONTROL),
    KEEP_ALIVE(0x12, "keep_alive", Operation.SESSION),
    READ_MEMORY_BLOCK(0x20, "read_memory_block", Operation.READ),
    READ_VARIABLES(0x22, "read_variables", Operation.READ),
    WRITE_VARIABLES(0x23, "write_variables", Operation.WRITE),
    READ_COILS_REGISTERS(0x24, "read_coils_registers", Operation.READ),
    WRITE_COILS_REGISTERS(0x25, "write_coils_registers", Operation.WRITE),
    BEGIN_PROGRAM_DOWNLOAD(0x30, "begin_program_download", Operation.PROGRAM),
    PROGRAM_DOWNLOAD_BLOCK(0x31, "program_download_block", Operation.PROGRAM),
    END_PROGRAM_DOWNLOAD(0x32, "end_program_download", Operation.PROGRAM),
    BEGIN_PROGRAM_UPLOAD(0x33, "begin_program_upload", Operation.PROGRAM),
    PROGRAM_UPLOAD_BLOCK(0x34, "program_upload_block", Operation.PROGRAM),
    END_PROGRAM_UPLOAD(0x35, "end_program_upload", Operation.PROGRAM),
    READ_ETH_MASTER_DATA(0x39, "read_eth_master_data", Operation.READ),
    START_PLC(0x40, "start_plc", Operation.CONTROL),
    STOP_PLC(0x41, "stop_plc", Operation.CONTROL),
    MONITOR_PLC(0x50, "monitor_plc", Operation.READ),
    CHECK_PLC(0x58, "check_plc", Operation.DIAGNOSTIC),
    READ_IO_OBJECT(0x70, "read_io_object", Operation.READ),
    WRITE_IO_OBJECT(0x71, "write_io_object", Operation.WRITE),
    GET_STATUS_MODULE(0x73, "get_status_module", Operation.DIAGNOSTIC);

    /** Status byte opening a response: the request succeeded. */
    public static final int RESPONSE_OK = 0xFE;
    /** Status byte opening a response: the request was refused. */
    public static final int RESPONSE_ERROR = 0xFD;

    public final int code;
    public final String name;
    public final Operation operation;

    UmasFunction(int code, String name, Operation operation) {
        this.code = code;
        this.name = name;
        this.operation = operation;
    }

    /** {@code event.action} of this sub-function. */
    public String action() {
        return "umas_" + name;
    }

    public static UmasFunction of(int code) {
        for (UmasFunction u : values()) {
            if (u.code == code) {
                return u;
            }
        }
        return null;
    }
}
