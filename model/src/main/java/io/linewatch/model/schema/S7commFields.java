package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.BOOLEAN;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.FieldType.OBJECTS;
import static io.linewatch.model.schema.Schema.declare;

/**
 * The {@code s7comm.*} fields (S7comm on ISO-on-TCP, port 102). Codes are numbers as on the wire, with a
 * {@code *_name} beside them where the code has one. The first block is the SCHEMA.md contract.
 */
public final class S7commFields {
    private S7commFields() {
    }

    // SCHEMA.md
    public static final String ROSCTR = declare("s7comm.rosctr", LONG, "ROSCTR of the request (1 job, 7 userdata), else of the response");
    public static final String FUNCTION_CODE = declare("s7comm.function_code", LONG, "parameter function of a job and its Ack_Data");
    public static final String PDU_REFERENCE = declare("s7comm.pdu_reference", LONG, "PDU reference pairing request and response");
    public static final String ERROR_CLASS = declare("s7comm.error_class", LONG, "Ack_Data header (or userdata parameter) error class");
    public static final String ERROR_CODE = declare("s7comm.error_code", LONG, "Ack_Data header (or userdata parameter) error code");
    public static final String ITEMS = declare("s7comm.items", OBJECTS, "read/write var items: address, and result or value");
    public static final String SZL_ID = declare("s7comm.szl_id", LONG, "SZL (system status list) id read");
    public static final String SZL_INDEX = declare("s7comm.szl_index", LONG, "SZL index read");
    public static final String USERDATA_GROUP = declare("s7comm.userdata.group", LONG, "userdata function group");
    public static final String USERDATA_SUBFUNCTION = declare("s7comm.userdata.subfunction", LONG, "userdata subfunction");
    public static final String BLOCK_TYPE = declare("s7comm.block_type", KEYWORD, "block type (0x08 OB, 0x0A DB, ...), as a number");
    public static final String BLOCK_NUMBER = declare("s7comm.block_number", LONG, "block number");

    // members of s7comm.items
    public static final String ITEMS_AREA = declare("s7comm.items.area", KEYWORD, "memory area code (0x84 DB, 0x83 M, ...), as a number");
    public static final String ITEMS_AREA_NAME = declare("s7comm.items.area_name", KEYWORD, "memory area (DB, M, I, Q, ...)");
    public static final String ITEMS_DB = declare("s7comm.items.db", LONG, "data block number");
    public static final String ITEMS_ADDRESS = declare("s7comm.items.address", LONG, "byte address (timers and counters: number)");
    public static final String ITEMS_BIT = declare("s7comm.items.bit", LONG, "bit within the byte");
    public static final String ITEMS_LENGTH = declare("s7comm.items.length", LONG, "element count of the item's transport size");
    public static final String ITEMS_TRANSPORT_SIZE = declare("s7comm.items.transport_size", LONG, "S7ANY transport size (1 BIT, 2 BYTE, 4 WORD, ...)");
    public static final String ITEMS_SYNTAX = declare("s7comm.items.syntax", KEYWORD, "address syntax other than S7ANY");
    public static final String ITEMS_SYNTAX_ID = declare("s7comm.items.syntax_id", LONG, "address syntax id of an item not decoded");
    public static final String ITEMS_RETURN_CODE = declare("s7comm.items.return_code", LONG, "item result (0xff success)");
    public static final String ITEMS_DATA_TRANSPORT_SIZE = declare("s7comm.items.data_transport_size", LONG, "transport size of the item's data");
    public static final String ITEMS_VALUE = declare("s7comm.items.value", KEYWORD, "value bytes, hex (the first 64)");
    public static final String ITEMS_VALUE_BYTES = declare("s7comm.items.value_bytes", LONG, "length of the value in bytes");

    // extensions
    public static final String FUNCTION_NAME = declare("s7comm.function_name", KEYWORD, "name of the job function");
    public static final String RESPONSE_ROSCTR = declare("s7comm.response_rosctr", LONG, "ROSCTR of the response when both were seen");
    public static final String ERROR_CLASS_NAME = declare("s7comm.error_class_name", KEYWORD, "name of the error class");
    public static final String RETURN_CODE = declare("s7comm.return_code", LONG, "return code of the userdata data part");
    public static final String BLOCK_TYPE_NAME = declare("s7comm.block_type_name", KEYWORD, "block type (OB, DB, FC, ...)");
    public static final String BLOCK_FILESYSTEM = declare("s7comm.block_filesystem", KEYWORD, "destination file system (P passive, A active, B both)");
    public static final String BLOCKS = declare("s7comm.blocks", OBJECTS, "blocks a PI service names (insert, delete)");
    public static final String BLOCKS_BLOCK_TYPE = declare("s7comm.blocks.block_type", LONG, "block type, as a number");
    public static final String BLOCKS_BLOCK_TYPE_NAME = declare("s7comm.blocks.block_type_name", KEYWORD, "block type name");
    public static final String BLOCKS_BLOCK_NUMBER = declare("s7comm.blocks.block_number", LONG, "block number");
    public static final String BLOCKS_FILESYSTEM = declare("s7comm.blocks.filesystem", KEYWORD, "destination file system");
    public static final String UPLOAD_ID = declare("s7comm.upload_id", LONG, "upload session id a start upload assigns");
    public static final String BLOCK_LENGTH = declare("s7comm.block_length", LONG, "length of the block being uploaded");
    public static final String LOAD_MEMORY_LENGTH = declare("s7comm.load_memory_length", LONG, "load memory length of a block being downloaded");
    public static final String TRANSFER_BYTES = declare("s7comm.transfer_bytes", LONG, "block bytes carried by one download/upload answer");
    public static final String MORE_DATA = declare("s7comm.more_data", BOOLEAN, "more block data follows");
    public static final String PI_SERVICE = declare("s7comm.pi.service", KEYWORD, "PI service name (P_PROGRAM, _INSE, ...)");
    public static final String PI_ARGUMENTS = declare("s7comm.pi.arguments", KEYWORD, "PI service arguments");
    public static final String SETUP_MAX_AMQ_CALLING = declare("s7comm.setup.max_amq_calling", LONG, "parallel jobs the caller may have open");
    public static final String SETUP_MAX_AMQ_CALLED = declare("s7comm.setup.max_amq_called", LONG, "parallel jobs the called side accepts");
    public static final String SETUP_PDU_LENGTH_REQUESTED = declare("s7comm.setup.pdu_length_requested", LONG, "PDU length the client asks for");
    public static final String SETUP_PDU_LENGTH = declare("s7comm.setup.pdu_length", LONG, "PDU length the PLC grants");
    public static final String USERDATA_TYPE = declare("s7comm.userdata.type", KEYWORD, "request, response or push");
    public static final String USERDATA_SEQUENCE = declare("s7comm.userdata.sequence_number", LONG, "userdata sequence number");
    public static final String USERDATA_DATA_UNIT_REFERENCE = declare("s7comm.userdata.data_unit_reference", LONG, "data unit reference of a split answer");
    public static final String USERDATA_LAST_DATA_UNIT = declare("s7comm.userdata.last_data_unit", BOOLEAN, "this is the last data unit of the answer");
    public static final String CYCLIC_INTERVAL_MS = declare("s7comm.cyclic.interval_ms", LONG, "interval of a cyclic subscription, milliseconds");
    public static final String CYCLIC_JOB_ID = declare("s7comm.cyclic.job_id", LONG, "cyclic job being unsubscribed");
    public static final String CLOCK = declare("s7comm.clock", KEYWORD, "PLC clock read or set (local time, no zone)");
    public static final String SZL_RECORD_LENGTH = declare("s7comm.szl.record_length", LONG, "length of one SZL record");
    public static final String SZL_RECORD_COUNT = declare("s7comm.szl.record_count", LONG, "number of SZL records");
    public static final String SZL_ORDER_NUMBER = declare("s7comm.szl.order_number", KEYWORD, "module order number (MLFB)");
    public static final String SZL_HARDWARE_ORDER_NUMBER = declare("s7comm.szl.hardware_order_number", KEYWORD, "basic hardware order number");
    public static final String SZL_FIRMWARE_VERSION = declare("s7comm.szl.firmware_version", KEYWORD, "firmware version");
    public static final String SZL_SYSTEM_NAME = declare("s7comm.szl.system_name", KEYWORD, "automation system name");
    public static final String SZL_MODULE_NAME = declare("s7comm.szl.module_name", KEYWORD, "module name the engineer chose");
    public static final String SZL_PLANT_DESIGNATION = declare("s7comm.szl.plant_designation", KEYWORD, "plant designation");
    public static final String SZL_COPYRIGHT = declare("s7comm.szl.copyright", KEYWORD, "copyright entry");
    public static final String SZL_SERIAL_NUMBER = declare("s7comm.szl.serial_number", KEYWORD, "module serial number");
    public static final String SZL_MODULE_TYPE_NAME = declare("s7comm.szl.module_type_name", KEYWORD, "module type (the product)");
    public static final String SZL_MEMORY_CARD_SERIAL = declare("s7comm.szl.memory_card_serial_number", KEYWORD, "memory card serial number");
    public static final String SZL_LOCATION = declare("s7comm.szl.location", KEYWORD, "location designation");
    public static final String RACK = declare("s7comm.rack", LONG, "rack, from the called TSAP");
    public static final String SLOT = declare("s7comm.slot", LONG, "slot, from the called TSAP");
    public static final String CONNECTION_TYPE = declare("s7comm.connection_type", LONG, "connection type from the called TSAP (1 PG, 2 OP, 3 S7 basic)");
}
