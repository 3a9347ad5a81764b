package io.linewatch.dissectors.modbus;

/** Names of the {@code modbus.*} fields (SCHEMA.md lists the shared ones; the rest extend it). */
public final class ModbusFields {
    private ModbusFields() {
    }

    public static final String TRANSACTION_ID = "modbus.transaction_id";
    public static final String UNIT_ID = "modbus.unit_id";
    /** The request's function code (wire value without the exception bit). */
    public static final String FUNCTION_CODE = "modbus.function_code";
    public static final String EXCEPTION_CODE = "modbus.exception_code";
    public static final String EXCEPTION_NAME = "modbus.exception_name";
    public static final String ADDRESS = "modbus.address";
    public static final String QUANTITY = "modbus.quantity";
    public static final String VALUES = "modbus.values";
    /** True when {@link #VALUES} holds only the first {@link ModbusPduDecoder#MAX_VALUES}. */
    public static final String VALUES_TRUNCATED = "modbus.values_truncated";
    public static final String BYTE_COUNT = "modbus.byte_count";
    /** Function-specific payload shown raw (unknown, legacy and vendor functions), hex, capped. */
    public static final String DATA = "modbus.data";

    public static final String AND_MASK = "modbus.and_mask";
    public static final String OR_MASK = "modbus.or_mask";
    public static final String READ_ADDRESS = "modbus.read.address";
    public static final String READ_QUANTITY = "modbus.read.quantity";
    public static final String READ_VALUES = "modbus.read.values";
    public static final String WRITE_ADDRESS = "modbus.write.address";
    public static final String WRITE_QUANTITY = "modbus.write.quantity";
    public static final String WRITE_VALUES = "modbus.write.values";
    public static final String FIFO_COUNT = "modbus.fifo_count";
    public static final String FILE_RECORDS = "modbus.file_records";

    public static final String DIAGNOSTIC_SUBFUNCTION = "modbus.diagnostic.subfunction";
    public static final String DIAGNOSTIC_DATA = "modbus.diagnostic.data";
    public static final String EXCEPTION_STATUS = "modbus.exception_status";
    public static final String COMM_EVENT_STATUS = "modbus.comm_event.status";
    public static final String COMM_EVENT_COUNT = "modbus.comm_event.event_count";
    public static final String COMM_MESSAGE_COUNT = "modbus.comm_event.message_count";
    public static final String COMM_EVENTS = "modbus.comm_event.events";
    public static final String SERVER_ID_DATA = "modbus.server_id.data";
    public static final String SERVER_ID_TEXT = "modbus.server_id.text";

    public static final String MEI_TYPE = "modbus.mei_type";
    public static final String DEVICE_ID_PREFIX = "modbus.device_identification.";
    public static final String DEVICE_ID_READ_CODE = "modbus.device_identification.read_code";
    public static final String DEVICE_ID_OBJECT_ID = "modbus.device_identification.object_id";
    public static final String DEVICE_ID_CONFORMITY = "modbus.device_identification.conformity_level";
    public static final String DEVICE_ID_MORE_FOLLOWS = "modbus.device_identification.more_follows";
    public static final String DEVICE_ID_NEXT_OBJECT = "modbus.device_identification.next_object_id";
    /** Objects outside the named ones (reserved and extended ids): list of {id, value}. */
    public static final String DEVICE_ID_OTHER_OBJECTS = "modbus.device_identification.other_objects";

    public static final String UMAS_SESSION = "modbus.umas.session";
    public static final String UMAS_FUNCTION_CODE = "modbus.umas.function_code";
    public static final String UMAS_STATUS = "modbus.umas.status";

    /** On malformed records: whether the ADU that did not decode was a {@code request} or a {@code response}. */
    public static final String MESSAGE_TYPE = "modbus.message_type";
}
