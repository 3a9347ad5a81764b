package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.Schema.declare;

/**
 * CIP fields ({@code cip.*}): the request path and reply status of a service, Logix tag access, the
 * connection a connected message or Forward_Open is about ({@code cip.connection.*}), the Identity object
 * ({@code cip.identity.*}) and the implicit I/O summaries ({@code cip.io.*}). Codes are numbers as on the wire.
 */
public final class CipFields {
    private CipFields() {
    }

    public static final String SERVICE = declare("cip.service", LONG, "service code of the request");
    public static final String CLASS_ID = declare("cip.class_id", LONG, "class in the request path");
    public static final String INSTANCE_ID = declare("cip.instance_id", LONG, "instance in the request path");
    public static final String ATTRIBUTE_ID = declare("cip.attribute_id", LONG, "attribute in the request path");
    public static final String MEMBER_ID = declare("cip.member_id", LONG, "member in the request path");
    public static final String CONNECTION_POINT = declare("cip.connection_point", LONG, "connection point in the request path");
    public static final String SYMBOL = declare("cip.symbol", KEYWORD, "Logix tag named by the request path");
    public static final String ROUTE_PATH = declare("cip.route_path", KEYWORD, "route of an enclosing Unconnected Send (port/link)");
    public static final String WRAPPERS = declare("cip.wrappers", KEYWORD, "services the request was wrapped in, outermost first");
    public static final String GENERAL_STATUS = declare("cip.general_status", LONG, "general status of the reply");
    public static final String GENERAL_STATUS_TEXT = declare("cip.general_status_text", KEYWORD, "general status as text");
    public static final String EXTENDED_STATUS = declare("cip.extended_status", LONG, "first extended status word of the reply");
    public static final String ATTRIBUTE_IDS = declare("cip.attribute_ids", LONG, "attributes of Get/Set_Attribute_List");
    public static final String TAG_DATA_TYPE = declare("cip.tag.data_type", LONG, "Logix data type code");
    public static final String TAG_ELEMENTS = declare("cip.tag.elements", LONG, "Logix elements read or written");
    public static final String TAG_OFFSET = declare("cip.tag.offset", LONG, "byte offset of a fragmented tag service");

    // the connection (Forward_Open / Forward_Close, connected messages, I/O)
    public static final String CONNECTION_ID = declare("cip.connection.id", LONG, "connection id the message travelled on");
    public static final String CONNECTION_SEQUENCE = declare("cip.connection.sequence", LONG, "class 3 sequence count");
    public static final String CONNECTION_O_T_ID = declare("cip.connection.o_t_id", LONG, "originator to target connection id");
    public static final String CONNECTION_T_O_ID = declare("cip.connection.t_o_id", LONG, "target to originator connection id");
    public static final String CONNECTION_SERIAL_NUMBER = declare("cip.connection.serial_number", LONG, "connection serial number");
    public static final String CONNECTION_ORIGINATOR_VENDOR_ID = declare("cip.connection.originator_vendor_id", LONG,
            "originator vendor id");
    public static final String CONNECTION_ORIGINATOR_SERIAL_NUMBER = declare("cip.connection.originator_serial_number", LONG,
            "originator serial number");
    public static final String CONNECTION_TIMEOUT_MULTIPLIER = declare("cip.connection.timeout_multiplier", LONG,
            "connection timeout multiplier");
    public static final String CONNECTION_O_T_RPI_US = declare("cip.connection.o_t_rpi_us", LONG, "requested O->T packet interval");
    public static final String CONNECTION_T_O_RPI_US = declare("cip.connection.t_o_rpi_us", LONG, "requested T->O packet interval");
    public static final String CONNECTION_O_T_PARAMETERS = declare("cip.connection.o_t_parameters", LONG,
            "O->T network connection parameters");
    public static final String CONNECTION_T_O_PARAMETERS = declare("cip.connection.t_o_parameters", LONG,
            "T->O network connection parameters");
    public static final String CONNECTION_O_T_API_US = declare("cip.connection.o_t_api_us", LONG, "actual O->T packet interval");
    public static final String CONNECTION_T_O_API_US = declare("cip.connection.t_o_api_us", LONG, "actual T->O packet interval");
    public static final String CONNECTION_TRANSPORT_CLASS = declare("cip.connection.transport_class", LONG, "transport class (0-3)");
    public static final String CONNECTION_TRANSPORT_TRIGGER = declare("cip.connection.transport_trigger", LONG,
            "transport type/trigger byte");
    public static final String CONNECTION_PATH = declare("cip.connection.path", KEYWORD, "connection path, readable");
    /** Sockaddr Info items of a Forward_Open exchange (CIP Vol. 2, 2-6.3.3): where its implicit I/O is sent. */
    public static final String CONNECTION_O_T_ENDPOINT = declare("cip.connection.o_t_endpoint", KEYWORD,
            "address:port the O->T I/O is sent to (Sockaddr Info item 0x8000)");
    public static final String CONNECTION_T_O_ENDPOINT = declare("cip.connection.t_o_endpoint", KEYWORD,
            "address:port the T->O I/O is sent to (Sockaddr Info item 0x8001)");
    public static final String CONNECTION_FORWARD_OPEN_EVENT_ID = declare("cip.connection.forward_open_event_id", KEYWORD,
            "event id of the Forward_Open that opened the connection");

    // the Identity object (ListIdentity reply item, Get_Attributes_All on class 1)
    public static final String IDENTITY_VENDOR_ID = declare("cip.identity.vendor_id", LONG, "vendor id");
    public static final String IDENTITY_VENDOR_NAME = declare("cip.identity.vendor_name", KEYWORD, "vendor name (ODVA list)");
    public static final String IDENTITY_DEVICE_TYPE = declare("cip.identity.device_type", LONG, "device type (profile)");
    public static final String IDENTITY_DEVICE_TYPE_NAME = declare("cip.identity.device_type_name", KEYWORD, "device type as text");
    public static final String IDENTITY_PRODUCT_CODE = declare("cip.identity.product_code", LONG, "product code");
    public static final String IDENTITY_REVISION = declare("cip.identity.revision", KEYWORD, "revision major.minor");
    public static final String IDENTITY_STATUS = declare("cip.identity.status", LONG, "identity status word");
    public static final String IDENTITY_SERIAL_NUMBER = declare("cip.identity.serial_number", KEYWORD, "serial number (0x%08x)");
    public static final String IDENTITY_PRODUCT_NAME = declare("cip.identity.product_name", KEYWORD, "product name");
    public static final String IDENTITY_STATE = declare("cip.identity.state", LONG, "device state");
    public static final String IDENTITY_SOCKET_ADDRESS = declare("cip.identity.socket_address", KEYWORD,
            "address:port a ListIdentity reply announces");

    // implicit I/O summaries
    public static final String IO_DIRECTION = declare("cip.io.direction", KEYWORD, "o_t or t_o, when the Forward_Open was seen");
    public static final String IO_PACKETS = declare("cip.io.packets", LONG, "packets in the interval");
    public static final String IO_BYTES = declare("cip.io.bytes", LONG, "I/O data bytes in the interval");
    public static final String IO_FIRST_SEQUENCE = declare("cip.io.first_sequence", LONG, "first sequence number of the interval");
    public static final String IO_LAST_SEQUENCE = declare("cip.io.last_sequence", LONG, "highest sequence number seen");
    public static final String IO_SEQUENCE_GAPS = declare("cip.io.sequence_gaps", LONG, "jumps in the sequence numbers");
    public static final String IO_LOST_PACKETS = declare("cip.io.lost_packets", LONG, "sequence numbers skipped");
    public static final String IO_DUPLICATES = declare("cip.io.duplicates", LONG, "repeated sequence numbers");
    public static final String IO_OUT_OF_ORDER = declare("cip.io.out_of_order", LONG, "sequence numbers going back");
    public static final String IO_RPI_MEASURED_US = declare("cip.io.rpi_measured_us", LONG, "mean packet interval");
    public static final String IO_JITTER_US = declare("cip.io.jitter_us", LONG, "standard deviation of the packet interval");
    public static final String IO_INTERVAL_MIN_US = declare("cip.io.interval_min_us", LONG, "shortest packet interval");
    public static final String IO_INTERVAL_MAX_US = declare("cip.io.interval_max_us", LONG, "longest packet interval");
    public static final String IO_RPI_EXPECTED_US = declare("cip.io.rpi_expected_us", LONG,
            "the interval the Forward_Open agreed (API, else RPI)");
    // class 1 connections (transport class from the Forward_Open): the 16-bit CIP sequence count of the data
    public static final String IO_CIP_SEQUENCE_GAPS = declare("cip.io.cip_sequence_gaps", LONG,
            "class 1: jumps in the CIP sequence count (new data not seen)");
    public static final String IO_CIP_SEQUENCE_LOST = declare("cip.io.cip_sequence_lost", LONG,
            "class 1: CIP sequence counts skipped");
    public static final String IO_CIP_SEQUENCE_REPEATS = declare("cip.io.cip_sequence_repeats", LONG,
            "class 1: packets repeating the previous CIP sequence count (same data resent)");
    public static final String IO_CIP_SEQUENCE_OUT_OF_ORDER = declare("cip.io.cip_sequence_out_of_order", LONG,
            "class 1: CIP sequence counts going back");
}
