package io.linewatch.dissectors.s7comm;

import io.linewatch.model.Values;
import java.util.HashMap;
import java.util.Map;

/** Function code: first parameter byte of a Job and of its Ack_Data. */
enum S7JobFunction {
    CPU_SERVICES(0x00, "CPU services", "cpu_services", Values.OP_OTHER),
    SETUP_COMMUNICATION(0xF0, "Setup communication", "setup_communication", Values.OP_SESSION),
    READ_VAR(0x04, "Read Var", "read_var", Values.OP_READ),
    WRITE_VAR(0x05, "Write Var", "write_var", Values.OP_WRITE),
    /** Engineering station asks to download a block; the PLC then pulls it with Download block jobs. */
    REQUEST_DOWNLOAD(0x1A, "Request download", "program_download", Values.OP_PROGRAM),
    /** Sent by the PLC to the engineering station, which answers with the block's bytes. */
    DOWNLOAD_BLOCK(0x1B, "Download block", "download_block", Values.OP_PROGRAM),
    DOWNLOAD_ENDED(0x1C, "Download ended", "download_ended", Values.OP_PROGRAM),
    START_UPLOAD(0x1D, "Start upload", "program_upload", Values.OP_PROGRAM),
    UPLOAD(0x1E, "Upload", "upload_block", Values.OP_PROGRAM),
    END_UPLOAD(0x1F, "End upload", "upload_ended", Values.OP_PROGRAM),
    /** Program invocation: start, compress, copy RAM to ROM, insert/delete blocks (see {@link S7PiService}). */
    PI_SERVICE(0x28, "PI-Service", "pi_service", Values.OP_CONTROL),
    PLC_STOP(0x29, "PLC Stop", "plc_stop", Values.OP_CONTROL);

    private static final Map<Integer, S7JobFunction> BY_WIRE = new HashMap<>();

    static {
        for (S7JobFunction f : values()) {
            BY_WIRE.put(f.wire, f);
        }
    }

    final int wire;
    final String label;
    final String action;
    final String operation;

    S7JobFunction(int wire, String label, String action, String operation) {
        this.wire = wire;
        this.label = label;
        this.action = action;
        this.operation = operation;
    }

    static S7JobFunction of(int wire) {
        return BY_WIRE.get(wire);
    }

    boolean carriesBlockName() {
        return this == REQUEST_DOWNLOAD || this == DOWNLOAD_BLOCK || this == DOWNLOAD_ENDED || this == START_UPLOAD;
    }

    boolean isBlockTransfer() {
        return wire >= REQUEST_DOWNLOAD.wire && wire <= END_UPLOAD.wire;
    }
}
