package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.IP;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.Schema.declare;

/**
 * PROFINET DCP ({@code profinet_dcp.*}, dataset {@code linewatch.profinet}) transaction fields and the asset identity
 * fields DCP Identify/Hello answers give ({@code device.profinet.*}). Codes are numbers as on the wire
 * (IEC 61158-6-10 §4.3; Wireshark packet-pn-dcp.c).
 */
public final class ProfinetFields {
    private ProfinetFields() {
    }

    public static final String DATASET = "linewatch.profinet";

    public static final String FRAME_ID = declare("profinet_dcp.frame_id", LONG,
            "PROFINET frame id: 65276 (0xFEFC) Hello, 65277 Get/Set, 65278 Identify request, 65279 Identify response");
    public static final String SERVICE_ID = declare("profinet_dcp.service_id", LONG, "3 Get, 4 Set, 5 Identify, 6 Hello");
    public static final String SERVICE_TYPE = declare("profinet_dcp.service_type", LONG,
            "0 request, 1 response (success), 5 response (request not supported)");
    public static final String XID = declare("profinet_dcp.xid", LONG, "transaction id: a response carries its request's");
    public static final String BLOCKS = declare("profinet_dcp.blocks", KEYWORD,
            "the blocks of the frame as option/suboption names (device/name_of_station, ip/ip_parameter, control/...)");
    public static final String STATION_NAME = declare("profinet_dcp.station_name", KEYWORD, "NameOfStation (set, asked for or reported)");
    public static final String TYPE_OF_STATION = declare("profinet_dcp.type_of_station", KEYWORD,
            "DeviceVendorValue: the manufacturer's name for the device type");
    public static final String ALIAS_NAME = declare("profinet_dcp.alias_name", KEYWORD, "AliasName (port.station)");
    public static final String VENDOR_ID = declare("profinet_dcp.vendor_id", LONG, "PROFIBUS & PROFINET International vendor id");
    public static final String DEVICE_ID = declare("profinet_dcp.device_id", LONG, "the vendor's device id");
    public static final String DEVICE_ROLE = declare("profinet_dcp.device_role", KEYWORD,
            "io_device, io_controller, io_multidevice, pn_supervisor (DeviceRoleDetails bits)");
    public static final String IP_ADDRESS = declare("profinet_dcp.ip", IP, "IP address reported or set");
    public static final String SUBNET_MASK = declare("profinet_dcp.subnet_mask", IP, "subnet mask reported or set");
    public static final String GATEWAY = declare("profinet_dcp.gateway", IP, "default gateway reported or set");
    public static final String IP_BLOCK_INFO = declare("profinet_dcp.ip_block_info", LONG, "0 IP not set, 1 IP set, 2 IP set by DHCP");
    public static final String CONTROL = declare("profinet_dcp.control", KEYWORD,
            "control block of a Set: signal, reset_factory_settings, reset_to_factory, start_transaction, end_transaction");
    public static final String BLOCK_ERROR = declare("profinet_dcp.block_error", LONG,
            "first non-zero BlockError of a Set/Get response (1 option not supported, 2 suboption not supported, 3 not set, "
                    + "4 resource error, 5 SET not possible by local reasons, 6 in operation, SET not possible)");

    // asset identity (from Identify responses and Hello)
    public static final String ASSET_VENDOR_ID = declare("device.profinet.vendor_id", KEYWORD, "PROFINET vendor id, hex (0x002a)");
    public static final String ASSET_DEVICE_ID = declare("device.profinet.device_id", KEYWORD, "PROFINET device id, hex");
    public static final String ASSET_ROLE = declare("device.profinet.role", KEYWORD,
            "the PROFINET roles it reports (io_device, io_controller, ...), comma separated");
    public static final String ASSET_SUBNET_MASK = declare("device.profinet.subnet_mask", KEYWORD, "subnet mask it reports");
    public static final String ASSET_GATEWAY = declare("device.profinet.gateway", KEYWORD, "default gateway it reports");
}
