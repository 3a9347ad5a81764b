package io.linewatch.dissectors.s7comm;

/**
 * Event field names of the S7comm / S7comm-plus / COTP dissector. The first block is the SCHEMA.md
 * contract; the rest extend it (under the protocol's own object, never renaming a shared name).
 */
final class S7Fields {
    private S7Fields() {
    }

    static final String PROTOCOL_S7COMM = "s7comm";
    static final String PROTOCOL_S7COMM_PLUS = "s7comm_plus";
    /** COTP connection set-up/tear-down carries no S7 PDU: its events name the transport. */
    static final String PROTOCOL_COTP = "cotp";
    static final String DATASET = "linewatch.s7comm";

    // SCHEMA.md
    static final String ROSCTR = "s7comm.rosctr";
    static final String FUNCTION_CODE = "s7comm.function_code";
    static final String PDU_REFERENCE = "s7comm.pdu_reference";
    static final String ERROR_CLASS = "s7comm.error_class";
    static final String ERROR_CODE = "s7comm.error_code";
    static final String ITEMS = "s7comm.items";
    static final String SZL_ID = "s7comm.szl_id";
    static final String SZL_INDEX = "s7comm.szl_index";
    static final String USERDATA_GROUP = "s7comm.userdata.group";
    static final String USERDATA_SUBFUNCTION = "s7comm.userdata.subfunction";
    static final String BLOCK_TYPE = "s7comm.block_type";
    static final String BLOCK_NUMBER = "s7comm.block_number";

    // extensions
    static final String FUNCTION_NAME = "s7comm.function_name";
    static final String RESPONSE_ROSCTR = "s7comm.response_rosctr";
    static final String ERROR_CLASS_NAME = "s7comm.error_class_name";
    static final String BLOCK_TYPE_NAME = "s7comm.block_type_name";
    static final String BLOCK_FILESYSTEM = "s7comm.block_filesystem";
    static final String BLOCKS = "s7comm.blocks";
    static final String UPLOAD_ID = "s7comm.upload_id";
    static final String BLOCK_LENGTH = "s7comm.block_length";
    static final String LOAD_MEMORY_LENGTH = "s7comm.load_memory_length";
    static final String TRANSFER_BYTES = "s7comm.transfer_bytes";
    static final String MORE_DATA = "s7comm.more_data";
    static final String PI_SERVICE = "s7comm.pi.service";
    static final String PI_ARGUMENTS = "s7comm.pi.arguments";
    static final String SETUP_MAX_AMQ_CALLING = "s7comm.setup.max_amq_calling";
    static final String SETUP_MAX_AMQ_CALLED = "s7comm.setup.max_amq_called";
    static final String SETUP_PDU_LENGTH_REQUESTED = "s7comm.setup.pdu_length_requested";
    static final String SETUP_PDU_LENGTH = "s7comm.setup.pdu_length";
    static final String USERDATA_TYPE = "s7comm.userdata.type";
    static final String USERDATA_SEQUENCE = "s7comm.userdata.sequence_number";
    static final String USERDATA_DATA_UNIT_REFERENCE = "s7comm.userdata.data_unit_reference";
    static final String USERDATA_LAST_DATA_UNIT = "s7comm.userdata.last_data_unit";
    static final String RETURN_CODE = "s7comm.return_code";
    static final String CYCLIC_INTERVAL_MS = "s7comm.cyclic.interval_ms";
    static final String CYCLIC_JOB_ID = "s7comm.cyclic.job_id";
    static final String SZL_RECORD_LENGTH = "s7comm.szl.record_length";
    static final String SZL_RECORD_COUNT = "s7comm.szl.record_count";
    static final String SZL_ORDER_NUMBER = "s7comm.szl.order_number";
    static final String SZL_HARDWARE_ORDER_NUMBER = "s7comm.szl.hardware_order_number";
    static final String SZL_FIRMWARE_VERSION = "s7comm.szl.firmware_version";
    static final String SZL_SYSTEM_NAME = "s7comm.szl.system_name";
    static final String SZL_MODULE_NAME = "s7comm.szl.module_name";
    static final String SZL_PLANT_DESIGNATION = "s7comm.szl.plant_designation";
    static final String SZL_COPYRIGHT = "s7comm.szl.copyright";
    static final String SZL_SERIAL_NUMBER = "s7comm.szl.serial_number";
    static final String SZL_MODULE_TYPE_NAME = "s7comm.szl.module_type_name";
    static final String SZL_MEMORY_CARD_SERIAL = "s7comm.szl.memory_card_serial_number";
    static final String SZL_LOCATION = "s7comm.szl.location";
    static final String SZL_CPU_MODE = "s7comm.szl.cpu_mode";
    static final String SZL_PROTECTION_LEVEL = "s7comm.szl.protection_level";
    static final String RACK = "s7comm.rack";
    static final String SLOT = "s7comm.slot";
    static final String CONNECTION_TYPE = "s7comm.connection_type";
    static final String CLOCK = "s7comm.clock";

    static final String COTP_CALLING_TSAP = "cotp.calling_tsap";
    static final String COTP_CALLED_TSAP = "cotp.called_tsap";
    static final String COTP_TPDU_SIZE = "cotp.tpdu_size";
    static final String COTP_DISCONNECT_REASON = "cotp.disconnect_reason";

    static final String PLUS_VERSION = "s7comm_plus.version";
    static final String PLUS_OPCODE = "s7comm_plus.opcode";
    static final String PLUS_FUNCTION_CODE = "s7comm_plus.function_code";
    static final String PLUS_FUNCTION_NAME = "s7comm_plus.function_name";
    static final String PLUS_SEQUENCE = "s7comm_plus.sequence_number";
    static final String PLUS_SESSION_ID = "s7comm_plus.session_id";
    static final String PLUS_INTEGRITY = "s7comm_plus.integrity_protected";
    static final String PLUS_RETURN_VALUE = "s7comm_plus.return_value";
    static final String PLUS_FRAGMENTS = "s7comm_plus.fragments";
}
