package io.linewatch.dissectors.s7comm;

import io.linewatch.model.transaction.Operation;

/** Function code: first parameter byte of a Job and of its Ack_Data. */
enum S7JobFunction {
    CPU_SERVICES(0x00, "CPU services", "cpu_services", Operation.OTHER),
    SETUP_COMMUNICATION(0xF0, "Setup communication", "setup_communication", Operation.SESSION),
    READ_VAR(0x04, "Read Var", "read_var", Operation.READ),
    WRITE_VAR(0x05, "Write Var", "write_var", Operation.WRITE),
    /** Engineering station asks to download a block; the PLC then pulls it with Download block jobs. */
    REQUEST_DOWNLOAD(0x1A, "Request download", "program_download", Operation.PROGRAM),
    /** Sent by the PLC to the engineering station, which answers with the block's bytes. */
    DOWNLOAD_BLOCK(0x1B, "Download block", "download_block", Operation.PROGRAM),
    DOWNLOAD_ENDED(0x1C, "Download ended", "download_ended", Operation.PROGRAM),
    START_UPLOAD(0x1D, "Start upload", "program_upload", Operation.PROGRAM),
    UPLOAD(0x1E, "Upload", "upload_block", Operation.PROGRAM),
    END_UPLOAD(0x1F, "End upload", "upload_ended", Operation.PROGRAM),
    /** Program invocation: start, compress, copy RAM to ROM, insert/delete blocks (see {@link S7PiService}). */
    PI_SERVICE(0x28, "PI-Service", "pi_service", Operation.CONTROL),
    PLC_STOP(0x29, "PLC Stop", "plc_stop", Operation.CONTROL);

    /** Indexed by wire value: a look-up per PDU without a boxed key. */
    private static final S7JobFunction[] BY_WIRE = new S7JobFunction[0x100];

    static {
        for (S7JobFunction f : values()) {
            BY_WIRE[f.wire] = f;
        }
    }

    final int wire;
    final String label;
    final String action;
    final Operation operation;

    S7JobFunction(int wire, String label, String action, Operation operation) {
        this.wire = wire;
        this.label = label;
        this.action = action;
        this.operation = operation;
    }

    static S7JobFunction of(int wire) {
        return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
    }

    boolean carriesBlockName() {
        return this == REQUEST_DOWNLOAD || this == DOWNLOAD_BLOCK || this == DOWNLOAD_ENDED || this == START_UPLOAD;
    }

    boolean isBlockTransfer() {
        return wire >= REQUEST_DOWNLOAD.wire && wire <= END_UPLOAD.wire;
    }
}
