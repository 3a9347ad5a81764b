package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.BOOLEAN;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.FieldType.OBJECTS;
import static io.linewatch.model.schema.Schema.declare;

/**
 * The {@code modbus.*} fields of Modbus/TCP transaction documents, each declared once with its type
 * (SCHEMA.md lists the shared ones; the rest extend it). Codes are numbers as on the wire.
 */
public final class ModbusFields {
    private ModbusFields() {
    }

    public static final String TRANSACTION_ID = declare("modbus.transaction_id", LONG, "MBAP transaction id");
    public static final String UNIT_ID = declare("modbus.unit_id", LONG, "MBAP unit id");
    /** The request's function code (wire value without the exception bit). */
    public static final String FUNCTION_CODE = declare("modbus.function_code", LONG, "function code without the exception bit");
    public static final String EXCEPTION_CODE = declare("modbus.exception_code", LONG, "exception code of an exception response");
    public static final String EXCEPTION_NAME = declare("modbus.exception_name", KEYWORD, "name of the exception code");
    public static final String ADDRESS = declare("modbus.address", LONG, "first register or coil");
    public static final String QUANTITY = declare("modbus.quantity", LONG, "registers or coils addressed");
    public static final String VALUES = declare("modbus.values", LONG, "values written or read (the first 256)");
    /** True when {@link #VALUES} holds only the first values the ADU carried. */
    public static final String VALUES_TRUNCATED = declare("modbus.values_truncated", BOOLEAN, "the ADU carried more values than shown");
    public static final String BYTE_COUNT = declare("modbus.byte_count", LONG, "byte count field of the PDU");
    /** Function-specific payload shown raw (unknown, legacy and vendor functions), hex, capped. */
    public static final String DATA = declare("modbus.data", KEYWORD, "payload not decoded further, hex (first 64 bytes)");

    public static final String AND_MASK = declare("modbus.and_mask", LONG, "AND mask of mask write register");
    public static final String OR_MASK = declare("modbus.or_mask", LONG, "OR mask of mask write register");
    public static final String READ_ADDRESS = declare("modbus.read.address", LONG, "read/write multiple registers: first register read");
    public static final String READ_QUANTITY = declare("modbus.read.quantity", LONG, "read/write multiple registers: registers read");
    public static final String READ_VALUES = declare("modbus.read.values", LONG, "read/write multiple registers: values read");
    public static final String WRITE_ADDRESS = declare("modbus.write.address", LONG, "read/write multiple registers: first register written");
    public static final String WRITE_QUANTITY = declare("modbus.write.quantity", LONG, "read/write multiple registers: registers written");
    public static final String FIFO_COUNT = declare("modbus.fifo_count", LONG, "values queued in the FIFO");
    public static final String FILE_RECORDS = declare("modbus.file_records", OBJECTS, "file record sub-requests or sub-responses");
    public static final String FILE_RECORDS_REFERENCE_TYPE = declare("modbus.file_records.reference_type", LONG, "reference type (6)");
    public static final String FILE_RECORDS_FILE_NUMBER = declare("modbus.file_records.file_number", LONG, "file number");
    public static final String FILE_RECORDS_RECORD_NUMBER = declare("modbus.file_records.record_number", LONG, "first record");
    public static final String FILE_RECORDS_RECORD_LENGTH = declare("modbus.file_records.record_length", LONG, "records addressed");
    public static final String FILE_RECORDS_VALUES = declare("modbus.file_records.values", LONG, "register values (the first 256)");

    public static final String DIAGNOSTIC_SUBFUNCTION = declare("modbus.diagnostic.subfunction", LONG, "diagnostics sub-function");
    public static final String DIAGNOSTIC_DATA = declare("modbus.diagnostic.data", LONG, "diagnostics data words");
    public static final String EXCEPTION_STATUS = declare("modbus.exception_status", LONG, "eight exception status outputs");
    public static final String COMM_EVENT_STATUS = declare("modbus.comm_event.status", LONG, "comm event status (0xFFFF busy)");
    public static final String COMM_EVENT_COUNT = declare("modbus.comm_event.event_count", LONG, "comm event counter");
    public static final String COMM_MESSAGE_COUNT = declare("modbus.comm_event.message_count", LONG, "messages processed");
    public static final String COMM_EVENTS = declare("modbus.comm_event.events", LONG, "comm event log bytes, newest first");
    public static final String SERVER_ID_DATA = declare("modbus.server_id.data", KEYWORD, "report server id data, hex");
    public static final String SERVER_ID_TEXT = declare("modbus.server_id.text", KEYWORD, "report server id data as text when printable");

    public static final String MEI_TYPE = declare("modbus.mei_type", LONG, "MEI type of encapsulated interface transport");
    public static final String DEVICE_ID_READ_CODE = declare("modbus.device_identification.read_code", LONG, "read device id code");
    public static final String DEVICE_ID_OBJECT_ID = declare("modbus.device_identification.object_id", LONG, "first object asked for");
    public static final String DEVICE_ID_CONFORMITY = declare("modbus.device_identification.conformity_level", LONG, "conformity level");
    public static final String DEVICE_ID_MORE_FOLLOWS = declare("modbus.device_identification.more_follows", BOOLEAN, "more objects follow");
    public static final String DEVICE_ID_NEXT_OBJECT = declare("modbus.device_identification.next_object_id", LONG, "next object id to ask for");
    /** The named objects of Read Device Identification (spec 6.21), one field each. */
    public static final String DEVICE_ID_VENDOR_NAME = declare("modbus.device_identification.vendor_name", KEYWORD, "object 0x00");
    public static final String DEVICE_ID_PRODUCT_CODE = declare("modbus.device_identification.product_code", KEYWORD, "object 0x01");
    public static final String DEVICE_ID_REVISION = declare("modbus.device_identification.revision", KEYWORD, "object 0x02, major.minor revision");
    public static final String DEVICE_ID_VENDOR_URL = declare("modbus.device_identification.vendor_url", KEYWORD, "object 0x03");
    public static final String DEVICE_ID_PRODUCT_NAME = declare("modbus.device_identification.product_name", KEYWORD, "object 0x04");
    public static final String DEVICE_ID_MODEL_NAME = declare("modbus.device_identification.model_name", KEYWORD, "object 0x05");
    public static final String DEVICE_ID_USER_APPLICATION_NAME = declare("modbus.device_identification.user_application_name", KEYWORD, "object 0x06");
    /** Objects outside the named ones (reserved and extended ids): list of {id, value}. */
    public static final String DEVICE_ID_OTHER_OBJECTS = declare("modbus.device_identification.other_objects", OBJECTS, "reserved and extended objects");
    public static final String DEVICE_ID_OTHER_OBJECTS_ID = declare("modbus.device_identification.other_objects.id", LONG, "object id");
    public static final String DEVICE_ID_OTHER_OBJECTS_VALUE = declare("modbus.device_identification.other_objects.value", KEYWORD, "object value as text");

    public static final String UMAS_SESSION = declare("modbus.umas.session", LONG, "UMAS session (pairing) byte");
    public static final String UMAS_FUNCTION_CODE = declare("modbus.umas.function_code", LONG, "UMAS function code");
    public static final String UMAS_CPU_REFERENCE = declare("modbus.umas.cpu_reference", KEYWORD, "UMAS read-id reply: the CPU's commercial reference");
    public static final String UMAS_FIRMWARE_VERSION = declare("modbus.umas.firmware_version", KEYWORD, "UMAS read-id reply: firmware version");
    public static final String UMAS_STATUS = declare("modbus.umas.status", LONG, "UMAS response status (0xFE ok, 0xFD error)");

    /** Why the PDU's data did not fit its function's layout (longer, shorter); the PDU is decoded as its function anyway. */
    public static final String LAYOUT_ERROR = declare("modbus.layout_error", KEYWORD, "why the data did not fit the function's layout");

    /**
     * The framing when it is not Modbus/TCP's MBAP over TCP (absent then): {@code rtu_over_tcp}, {@code mbap_over_udp},
     * {@code rtu_over_udp}. RTU frames have no transaction id ({@link #TRANSACTION_ID} absent).
     */
    public static final String FRAMING = declare("modbus.framing", KEYWORD,
            "rtu_over_tcp, mbap_over_udp or rtu_over_udp; absent for Modbus/TCP (MBAP over TCP)");
}
