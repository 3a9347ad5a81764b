package io.linewatch.dissectors.enip;

/** EtherNet/IP and CIP field names (SCHEMA.md names first, then this dissector's extensions). */
final class EnipFields {
    private EnipFields() {
    }

    static final String DATASET = "linewatch.enip";
    static final String PROTOCOL_ENIP = "enip";
    static final String PROTOCOL_CIP = "cip";
    /** Implicit I/O summaries (not request/response transactions). */
    static final String PROTOCOL_CIP_IO = "cip_io";

    // SCHEMA.md
    static final String ENIP_COMMAND = "enip.command";
    static final String ENIP_SESSION_HANDLE = "enip.session_handle";
    static final String ENIP_STATUS = "enip.status";
    static final String CIP_SERVICE = "cip.service";
    static final String CIP_CLASS_ID = "cip.class_id";
    static final String CIP_INSTANCE_ID = "cip.instance_id";
    static final String CIP_ATTRIBUTE_ID = "cip.attribute_id";
    static final String CIP_GENERAL_STATUS = "cip.general_status";

    // extensions
    static final String ENIP_SENDER_CONTEXT = "enip.sender_context";
    static final String ENIP_PROTOCOL_VERSION = "enip.protocol_version";
    static final String ENIP_SERVICES = "enip.services";
    static final String ENIP_INTERFACE_ITEMS = "enip.interface_items";
    static final String ENIP_BROADCAST_REPLY = "enip.broadcast_reply";
    static final String CIP_MEMBER_ID = "cip.member_id";
    static final String CIP_CONNECTION_POINT = "cip.connection_point";
    static final String CIP_SYMBOL = "cip.symbol";
    static final String CIP_ROUTE_PATH = "cip.route_path";
    static final String CIP_WRAPPERS = "cip.wrappers";
    static final String CIP_EXTENDED_STATUS = "cip.extended_status";
    static final String CIP_GENERAL_STATUS_TEXT = "cip.general_status_text";
    static final String CIP_ATTRIBUTE_IDS = "cip.attribute_ids";
    static final String CIP_TAG_DATA_TYPE = "cip.tag.data_type";
    static final String CIP_TAG_ELEMENTS = "cip.tag.elements";
    static final String CIP_TAG_OFFSET = "cip.tag.offset";
    static final String CIP_CONNECTION_ID = "cip.connection.id";
    static final String CIP_CONNECTION_SEQUENCE = "cip.connection.sequence";
    static final String CIP_CONNECTION_O_T_ID = "cip.connection.o_t_id";
    static final String CIP_CONNECTION_T_O_ID = "cip.connection.t_o_id";
    static final String CIP_CONNECTION_SERIAL = "cip.connection.serial_number";
    static final String CIP_CONNECTION_VENDOR_ID = "cip.connection.originator_vendor_id";
    static final String CIP_CONNECTION_ORIGINATOR_SERIAL = "cip.connection.originator_serial_number";
    static final String CIP_CONNECTION_TIMEOUT_MULTIPLIER = "cip.connection.timeout_multiplier";
    static final String CIP_CONNECTION_O_T_RPI = "cip.connection.o_t_rpi_us";
    static final String CIP_CONNECTION_T_O_RPI = "cip.connection.t_o_rpi_us";
    static final String CIP_CONNECTION_O_T_PARAMS = "cip.connection.o_t_parameters";
    static final String CIP_CONNECTION_T_O_PARAMS = "cip.connection.t_o_parameters";
    static final String CIP_CONNECTION_O_T_API = "cip.connection.o_t_api_us";
    static final String CIP_CONNECTION_T_O_API = "cip.connection.t_o_api_us";
    static final String CIP_CONNECTION_TRANSPORT_CLASS = "cip.connection.transport_class";
    static final String CIP_CONNECTION_TRANSPORT_TRIGGER = "cip.connection.transport_trigger";
    static final String CIP_CONNECTION_PATH = "cip.connection.path";
    static final String CIP_CONNECTION_FORWARD_OPEN_EVENT = "cip.connection.forward_open_event_id";
    static final String CIP_IDENTITY = "cip.identity.";
    static final String CIP_IO = "cip.io.";
}
