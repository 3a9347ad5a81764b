package io.linewatch.model;

import static io.linewatch.model.schema.FieldType.BOOLEAN;
import static io.linewatch.model.schema.FieldType.DATE;
import static io.linewatch.model.schema.FieldType.FLATTENED;
import static io.linewatch.model.schema.FieldType.IP;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.FieldType.OBJECTS;
import static io.linewatch.model.schema.FieldType.TEXT;
import static io.linewatch.model.schema.Schema.declare;

/**
 * The fields every kind of document shares (ECS names where ECS has one), each declared once with its type
 * ({@link io.linewatch.model.schema.Schema}); protocol fields are declared beside them in
 * {@code io.linewatch.model.schema}. A name used elsewhere as a literal is a bug.
 */
public final class Fields {
    private Fields() {
    }

    public static final String TIMESTAMP = declare("@timestamp", DATE, "capture time of the first packet");
    public static final String MESSAGE = declare("message", TEXT, "one readable sentence");

    public static final String EVENT_ID = declare("event.id", KEYWORD, "deterministic id: same input, same id");
    public static final String EVENT_KIND = declare("event.kind", KEYWORD, "event or alert");
    public static final String EVENT_CATEGORY = declare("event.category", KEYWORD, "[\"network\"]");
    public static final String EVENT_DATASET = declare("event.dataset", KEYWORD, "linewatch.<protocol>, linewatch.flow, ...");
    public static final String EVENT_ACTION = declare("event.action", KEYWORD, "the operation, snake_case");
    public static final String EVENT_OUTCOME = declare("event.outcome", KEYWORD, "success, failure or unknown");
    public static final String EVENT_DURATION = declare("event.duration", LONG, "request to response, nanoseconds");
    public static final String EVENT_SEVERITY = declare("event.severity", LONG, "0-100");
    public static final String EVENT_START = declare("event.start", DATE, "start of the interval the document covers");
    public static final String EVENT_END = declare("event.end", DATE, "end of the interval the document covers");

    public static final String SOURCE_IP = declare("source.ip", IP, "the requester (client, master), or the actor on alerts");
    public static final String SOURCE_PORT = declare("source.port", LONG, "source port");
    public static final String SOURCE_MAC = declare("source.mac", KEYWORD, "source MAC");
    public static final String SOURCE_PACKETS = declare("source.packets", LONG, "packets client to server");
    public static final String SOURCE_BYTES = declare("source.bytes", LONG, "bytes client to server");
    public static final String DESTINATION_IP = declare("destination.ip", IP, "the responder (server, PLC), or the target on alerts");
    public static final String DESTINATION_PORT = declare("destination.port", LONG, "destination port");
    public static final String DESTINATION_MAC = declare("destination.mac", KEYWORD, "destination MAC");
    public static final String DESTINATION_PACKETS = declare("destination.packets", LONG, "packets server to client");
    public static final String DESTINATION_BYTES = declare("destination.bytes", LONG, "bytes server to client");

    public static final String NETWORK_TRANSPORT = declare("network.transport", KEYWORD, "tcp or udp");
    public static final String NETWORK_PROTOCOL = declare("network.protocol", KEYWORD, "modbus, s7comm, s7comm_plus, cotp, enip, cip, cip_io");
    public static final String NETWORK_APPLICATION = declare("network.application", KEYWORD, "the protocol a dissector recognised on the flow");
    public static final String NETWORK_VLAN_ID = declare("network.vlan.id", KEYWORD, "outer 802.1Q VLAN id");
    public static final String NETWORK_INNER_VLAN_ID = declare("network.inner.vlan.id", KEYWORD, "inner 802.1Q VLAN id (QinQ)");
    public static final String NETWORK_PACKETS = declare("network.packets", LONG, "packets both ways");
    public static final String NETWORK_BYTES = declare("network.bytes", LONG, "bytes both ways");
    public static final String NETWORK_TYPE = declare("network.type", KEYWORD, "ipv4 or ipv6");

    public static final String RELATED_IP = declare("related.ip", IP, "every address involved");
    public static final String OBSERVER_NAME = declare("observer.name", KEYWORD, "the sensor that wrote the document");

    /** OT-normalised fields shared by all protocols. */
    public static final String OT_SEEN = declare("ot.seen", KEYWORD, "both, request, response or malformed");
    public static final String OT_OPERATION = declare("ot.operation", KEYWORD,
            "read, write, control, program, firmware, diagnostic, discovery, session, other");
    /** Reason text on a record that could not be decoded ({@code ot.seen} = {@code malformed}). */
    public static final String OT_MALFORMED_REASON = declare("ot.malformed_reason", KEYWORD, "why the bytes did not decode");
    /** Anomalies noticed while decoding an otherwise valid transaction (stable snake_case codes). */
    public static final String OT_ANOMALIES = declare("ot.anomalies", KEYWORD, "anomaly codes of the protocol's catalogue");

    /** TCP stream facts on flow records. */
    public static final String FLOW_GAPS = declare("linewatch.flow.gaps", LONG, "capture gaps in the flow's streams");
    public static final String FLOW_GAP_BYTES = declare("linewatch.flow.gap_bytes", LONG, "bytes missing in those gaps");
    public static final String FLOW_END_REASON = declare("linewatch.flow.end_reason", KEYWORD, "fin, rst, idle, evicted, end_of_capture");
    public static final String FLOW_HANDSHAKE_SEEN = declare("linewatch.flow.handshake_seen", BOOLEAN, "the TCP handshake was captured");

    // alerts
    public static final String RULE_ID = declare("rule.id", KEYWORD, "stable rule id");
    public static final String RULE_NAME = declare("rule.name", KEYWORD, "rule name");
    public static final String RULE_DESCRIPTION = declare("rule.description", KEYWORD, "what the rule detects");
    public static final String RULE_RULESET = declare("rule.ruleset", KEYWORD, "the rule file's theme");
    public static final String THREAT_FRAMEWORK = declare("threat.framework", KEYWORD, "MITRE ATT&CK for ICS");
    public static final String THREAT_TECHNIQUE_ID = declare("threat.technique.id", KEYWORD, "technique ids, e.g. T0843");
    public static final String THREAT_TECHNIQUE_NAME = declare("threat.technique.name", KEYWORD, "technique names");
    public static final String ALERT_COUNT = declare("linewatch.alert.count", LONG, "occurrences folded into the open alert");
    public static final String EVIDENCE_EVENT_IDS = declare("linewatch.evidence.event_ids", KEYWORD, "the transactions behind it");
    public static final String EVIDENCE_PCAP = declare("linewatch.evidence.pcap", KEYWORD, "file holding the packets around it");
    public static final String MAINTENANCE_WINDOW = declare("linewatch.maintenance_window", KEYWORD, "the window it fell in");

    // assets
    public static final String ASSET_ID = declare("asset.id", KEYWORD, "stable id (MAC where known, else IP)");
    public static final String HOST_IP = declare("host.ip", IP, "addresses");
    public static final String HOST_MAC = declare("host.mac", KEYWORD, "MAC addresses");
    public static final String DEVICE_MANUFACTURER = declare("device.manufacturer", KEYWORD, "from protocol identity, else the MAC's OUI");
    public static final String DEVICE_MODEL_NAME = declare("device.model.name", KEYWORD, "product name");
    public static final String DEVICE_MODEL_IDENTIFIER = declare("device.model.identifier", KEYWORD, "order number or product code");
    public static final String DEVICE_FIRMWARE_VERSION = declare("device.firmware.version", KEYWORD, "firmware or revision");
    public static final String DEVICE_SERIAL_NUMBER = declare("device.serial_number", KEYWORD, "serial number");
    public static final String ASSET_ROLE = declare("asset.role", KEYWORD, "plc, hmi, engineering_workstation, historian, io_adapter, communication_module, switch, it_host, unknown");
    public static final String ASSET_PROTOCOLS = declare("asset.protocols", OBJECTS, "protocols spoken, and as which side");
    public static final String ASSET_PROTOCOLS_PROTOCOL = declare("asset.protocols.protocol", KEYWORD, "protocol");
    public static final String ASSET_PROTOCOLS_AS = declare("asset.protocols.as", KEYWORD, "client or server");
    public static final String ASSET_PROTOCOLS_IDENTIFIED_BY = declare("asset.protocols.identified_by", KEYWORD, "port or dissector");
    public static final String ASSET_FIRST_SEEN = declare("asset.first_seen", DATE, "capture time first seen");
    public static final String ASSET_LAST_SEEN = declare("asset.last_seen", DATE, "capture time last seen");
    public static final String DEVICE_PRODUCT_CODE = declare("device.product_code", KEYWORD,
            "the vendor's product code (CIP Identity attribute 3, Modbus ProductCode object): not an order number");
    public static final String DEVICE_STATION_NAME = declare("device.station_name", KEYWORD,
            "name of the station / automation system the engineer gave it (S7 SZL 0x001C index 1)");
    public static final String HOST_NAME = declare("host.name", KEYWORD,
            "name the device calls itself or is called by (S7 module name, DHCP option 12, NetBIOS, DNS PTR)");
    public static final String ASSET_PARENT_IP = declare("asset.parent.ip", IP,
            "for a device reached through a communication module (no address of its own): the module's address");
    public static final String ASSET_PARENT_ROUTE = declare("asset.parent.route", KEYWORD,
            "the route from that module to the device, as CIP port/link segments (\"1/0\": backplane slot 0)");
    public static final String DEVICE_BACKPLANE_SLOT = declare("device.backplane_slot", LONG,
            "backplane slot of a device behind a communication module");
    public static final String DEVICE_DHCP_VENDOR_CLASS = declare("device.dhcp_vendor_class", KEYWORD,
            "the vendor class a DHCP client sent (option 60, e.g. \"MSFT 5.0\"): what software asked for the address");
    public static final String DEVICE_CPU_MODE = declare("device.cpu_mode", KEYWORD,
            "operating mode the controller last reported (S7 mode transition: stop, run, warm_restart, ...)");
    public static final String DEVICE_TYPE = declare("device.type", KEYWORD,
            "the kind of device it reports itself to be (CIP Identity device type: \"Communications Adapter\", \"Programmable Logic Controller\")");
    /** Keys are asset field names ({@code device.firmware.version}): data, not mapping. */
    public static final String ASSET_IDENTITY_SOURCE = declare("asset.identity_source", FLATTENED, "which exchange each identity field came from");

    // protocol objects: their fields are declared in io.linewatch.model.schema
    public static final String MODBUS = "modbus";
    public static final String S7COMM = "s7comm";
    public static final String ENIP = "enip";
    public static final String CIP = "cip";
}
