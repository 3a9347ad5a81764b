package io.linewatch.model;

/**
 * Every document field name, in one place (../shared/SCHEMA.md is the contract). Code, index templates,
 * dashboards and rules take names from here; a name used elsewhere as a literal is a bug.
 */
public final class Fields {
    private Fields() {
    }

    public static final String TIMESTAMP = "@timestamp";
    public static final String MESSAGE = "message";

    public static final String EVENT_ID = "event.id";
    public static final String EVENT_KIND = "event.kind";
    public static final String EVENT_CATEGORY = "event.category";
    public static final String EVENT_DATASET = "event.dataset";
    public static final String EVENT_ACTION = "event.action";
    public static final String EVENT_OUTCOME = "event.outcome";
    public static final String EVENT_DURATION = "event.duration";
    public static final String EVENT_SEVERITY = "event.severity";
    public static final String EVENT_START = "event.start";
    public static final String EVENT_END = "event.end";

    public static final String SOURCE_IP = "source.ip";
    public static final String SOURCE_PORT = "source.port";
    public static final String SOURCE_MAC = "source.mac";
    public static final String SOURCE_PACKETS = "source.packets";
    public static final String SOURCE_BYTES = "source.bytes";
    public static final String DESTINATION_IP = "destination.ip";
    public static final String DESTINATION_PORT = "destination.port";
    public static final String DESTINATION_MAC = "destination.mac";
    public static final String DESTINATION_PACKETS = "destination.packets";
    public static final String DESTINATION_BYTES = "destination.bytes";

    public static final String NETWORK_TRANSPORT = "network.transport";
    public static final String NETWORK_PROTOCOL = "network.protocol";
    public static final String NETWORK_VLAN_ID = "network.vlan.id";
    public static final String NETWORK_INNER_VLAN_ID = "network.inner.vlan.id";
    public static final String NETWORK_PACKETS = "network.packets";
    public static final String NETWORK_BYTES = "network.bytes";
    public static final String NETWORK_TYPE = "network.type";

    public static final String RELATED_IP = "related.ip";
    public static final String OBSERVER_NAME = "observer.name";

    /** OT-normalised fields shared by all protocols. */
    public static final String OT_SEEN = "ot.seen";
    public static final String OT_OPERATION = "ot.operation";
    /** Reason text on a record that could not be decoded ({@code ot.seen} = {@code malformed}). */
    public static final String OT_MALFORMED_REASON = "ot.malformed_reason";
    /** Anomalies noticed while decoding an otherwise valid transaction (list of short snake_case codes). */
    public static final String OT_ANOMALIES = "ot.anomalies";

    /** TCP stream facts on flow records. */
    public static final String FLOW_GAPS = "linewatch.flow.gaps";
    public static final String FLOW_GAP_BYTES = "linewatch.flow.gap_bytes";
    public static final String FLOW_END_REASON = "linewatch.flow.end_reason";
    public static final String FLOW_HANDSHAKE_SEEN = "linewatch.flow.handshake_seen";

    // alerts
    public static final String RULE_ID = "rule.id";
    public static final String RULE_NAME = "rule.name";
    public static final String RULE_DESCRIPTION = "rule.description";
    public static final String RULE_RULESET = "rule.ruleset";
    public static final String THREAT_FRAMEWORK = "threat.framework";
    public static final String THREAT_TECHNIQUE_ID = "threat.technique.id";
    public static final String THREAT_TECHNIQUE_NAME = "threat.technique.name";
    public static final String EVIDENCE_EVENT_IDS = "linewatch.evidence.event_ids";
    public static final String EVIDENCE_PCAP = "linewatch.evidence.pcap";
    public static final String MAINTENANCE_WINDOW = "linewatch.maintenance_window";

    // assets
    public static final String ASSET_ID = "asset.id";
    public static final String HOST_IP = "host.ip";
    public static final String HOST_MAC = "host.mac";
    public static final String DEVICE_MANUFACTURER = "device.manufacturer";
    public static final String DEVICE_MODEL_NAME = "device.model.name";
    public static final String DEVICE_MODEL_IDENTIFIER = "device.model.identifier";
    public static final String DEVICE_FIRMWARE_VERSION = "device.firmware.version";
    public static final String DEVICE_SERIAL_NUMBER = "device.serial_number";
    public static final String ASSET_ROLE = "asset.role";
    public static final String ASSET_PROTOCOLS = "asset.protocols";
    public static final String ASSET_FIRST_SEEN = "asset.first_seen";
    public static final String ASSET_LAST_SEEN = "asset.last_seen";
    public static final String ASSET_IDENTITY_SOURCE = "asset.identity_source";

    // protocol objects
    public static final String MODBUS = "modbus";
    public static final String S7COMM = "s7comm";
    public static final String ENIP = "enip";
    public static final String CIP = "cip";
}
