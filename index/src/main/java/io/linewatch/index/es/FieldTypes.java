package io.linewatch.index.es;

import io.linewatch.model.Fields;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one definition of every document field's Elasticsearch type (SCHEMA.md is the contract). The index
 * templates are generated from it, and a test checks that every name in {@link Fields} is declared here, so
 * code, templates and dashboards cannot drift apart. Fields inside lists of objects ({@code asset.protocols},
 * {@code s7comm.items}) are declared by their dotted leaf path, as Elasticsearch flattens them.
 *
 * <p>Choices (ECS where it has one): addresses {@code ip}; ids, codes named by text, MACs, VLAN ids {@code
 * keyword}; counts and on-the-wire numbers {@code long} (range queries and terms aggregations both work);
 * capture times {@code date_nanos}, since documents carry microseconds that {@code date} would cut to
 * milliseconds. Names not declared here are mapped by the dynamic templates in {@link IndexTemplates}.
 */
public final class FieldTypes {
    /** Elasticsearch field types the templates use. */
    public enum EsType {
        KEYWORD("keyword"), LONG("long"), DOUBLE("double"), IP("ip"), DATE_NANOS("date_nanos"), BOOLEAN("boolean"),
        TEXT("text"),
        /** A map whose keys are data (field names), kept as one field instead of growing the mapping. */
        FLATTENED("flattened");

        public final String esName;

        EsType(String esName) {
            this.esName = esName;
        }
    }

    private static final Map<String, EsType> TYPES = build();

    private FieldTypes() {
    }

    /** Field name (dotted) to type, in declaration order. */
    public static Map<String, EsType> all() {
        return TYPES;
    }

    public static EsType of(String field) {
        return TYPES.get(field);
    }

    private static Map<String, EsType> build() {
        Map<String, EsType> m = new LinkedHashMap<>();
        // common to every document
        m.put(Fields.TIMESTAMP, EsType.DATE_NANOS);
        m.put(Fields.MESSAGE, EsType.TEXT);
        m.put(Fields.OBSERVER_NAME, EsType.KEYWORD);
        m.put(Fields.EVENT_ID, EsType.KEYWORD);
        m.put(Fields.EVENT_KIND, EsType.KEYWORD);
        m.put(Fields.EVENT_CATEGORY, EsType.KEYWORD);
        m.put(Fields.EVENT_DATASET, EsType.KEYWORD);
        m.put(Fields.EVENT_ACTION, EsType.KEYWORD);
        m.put(Fields.EVENT_OUTCOME, EsType.KEYWORD);
        m.put(Fields.EVENT_DURATION, EsType.LONG);
        m.put(Fields.EVENT_SEVERITY, EsType.LONG);
        m.put(Fields.EVENT_START, EsType.DATE_NANOS);
        m.put(Fields.EVENT_END, EsType.DATE_NANOS);

        m.put(Fields.SOURCE_IP, EsType.IP);
        m.put(Fields.SOURCE_PORT, EsType.LONG);
        m.put(Fields.SOURCE_MAC, EsType.KEYWORD);
        m.put(Fields.SOURCE_PACKETS, EsType.LONG);
        m.put(Fields.SOURCE_BYTES, EsType.LONG);
        m.put(Fields.DESTINATION_IP, EsType.IP);
        m.put(Fields.DESTINATION_PORT, EsType.LONG);
        m.put(Fields.DESTINATION_MAC, EsType.KEYWORD);
        m.put(Fields.DESTINATION_PACKETS, EsType.LONG);
        m.put(Fields.DESTINATION_BYTES, EsType.LONG);

        m.put(Fields.NETWORK_TRANSPORT, EsType.KEYWORD);
        m.put(Fields.NETWORK_PROTOCOL, EsType.KEYWORD);
        m.put(Fields.NETWORK_VLAN_ID, EsType.KEYWORD);
        m.put(Fields.NETWORK_INNER_VLAN_ID, EsType.KEYWORD);
        m.put(Fields.NETWORK_PACKETS, EsType.LONG);
        m.put(Fields.NETWORK_BYTES, EsType.LONG);
        m.put(Fields.NETWORK_TYPE, EsType.KEYWORD);
        m.put(Fields.RELATED_IP, EsType.IP);

        m.put(Fields.OT_SEEN, EsType.KEYWORD);
        m.put(Fields.OT_OPERATION, EsType.KEYWORD);
        m.put(Fields.OT_MALFORMED_REASON, EsType.KEYWORD);
        m.put(Fields.OT_ANOMALIES, EsType.KEYWORD);

        m.put(Fields.FLOW_GAPS, EsType.LONG);
        m.put(Fields.FLOW_GAP_BYTES, EsType.LONG);
        m.put(Fields.FLOW_END_REASON, EsType.KEYWORD);
        m.put(Fields.FLOW_HANDSHAKE_SEEN, EsType.BOOLEAN);

        // alerts
        m.put(Fields.RULE_ID, EsType.KEYWORD);
        m.put(Fields.RULE_NAME, EsType.KEYWORD);
        m.put(Fields.RULE_DESCRIPTION, EsType.KEYWORD);
        m.put(Fields.RULE_RULESET, EsType.KEYWORD);
        m.put(Fields.THREAT_FRAMEWORK, EsType.KEYWORD);
        m.put(Fields.THREAT_TECHNIQUE_ID, EsType.KEYWORD);
        m.put(Fields.THREAT_TECHNIQUE_NAME, EsType.KEYWORD);
        m.put(Fields.EVIDENCE_EVENT_IDS, EsType.KEYWORD);
        m.put(Fields.EVIDENCE_PCAP, EsType.KEYWORD);
        m.put(Fields.MAINTENANCE_WINDOW, EsType.KEYWORD);

        // assets
        m.put(Fields.ASSET_ID, EsType.KEYWORD);
        m.put(Fields.HOST_IP, EsType.IP);
        m.put(Fields.HOST_MAC, EsType.KEYWORD);
        m.put(Fields.DEVICE_MANUFACTURER, EsType.KEYWORD);
        m.put(Fields.DEVICE_MODEL_NAME, EsType.KEYWORD);
        m.put(Fields.DEVICE_MODEL_IDENTIFIER, EsType.KEYWORD);
        m.put(Fields.DEVICE_FIRMWARE_VERSION, EsType.KEYWORD);
        m.put(Fields.DEVICE_SERIAL_NUMBER, EsType.KEYWORD);
        m.put(Fields.ASSET_ROLE, EsType.KEYWORD);
        m.put(Fields.ASSET_PROTOCOLS + ".protocol", EsType.KEYWORD);
        m.put(Fields.ASSET_PROTOCOLS + ".as", EsType.KEYWORD);
        m.put(Fields.ASSET_FIRST_SEEN, EsType.DATE_NANOS);
        m.put(Fields.ASSET_LAST_SEEN, EsType.DATE_NANOS);
        // keys are asset field names ("device.firmware.version"): data, not mapping
        m.put(Fields.ASSET_IDENTITY_SOURCE, EsType.FLATTENED);

        // protocol objects (SCHEMA.md); codes are numbers as on the wire
        m.put(Fields.MODBUS + ".transaction_id", EsType.LONG);
        m.put(Fields.MODBUS + ".unit_id", EsType.LONG);
        m.put(Fields.MODBUS + ".function_code", EsType.LONG);
        m.put(Fields.MODBUS + ".exception_code", EsType.LONG);
        m.put(Fields.MODBUS + ".address", EsType.LONG);
        m.put(Fields.MODBUS + ".quantity", EsType.LONG);
        m.put(Fields.MODBUS + ".values", EsType.LONG);

        m.put(Fields.S7COMM + ".rosctr", EsType.LONG);
        m.put(Fields.S7COMM + ".function_code", EsType.LONG);
        m.put(Fields.S7COMM + ".pdu_reference", EsType.LONG);
        m.put(Fields.S7COMM + ".error_class", EsType.LONG);
        m.put(Fields.S7COMM + ".error_code", EsType.LONG);
        m.put(Fields.S7COMM + ".items.area", EsType.KEYWORD);
        m.put(Fields.S7COMM + ".items.db", EsType.LONG);
        m.put(Fields.S7COMM + ".items.address", EsType.LONG);
        m.put(Fields.S7COMM + ".items.length", EsType.LONG);
        m.put(Fields.S7COMM + ".szl_id", EsType.LONG);
        m.put(Fields.S7COMM + ".szl_index", EsType.LONG);
        m.put(Fields.S7COMM + ".userdata.group", EsType.LONG);
        m.put(Fields.S7COMM + ".userdata.subfunction", EsType.LONG);
        m.put(Fields.S7COMM + ".block_type", EsType.KEYWORD);
        m.put(Fields.S7COMM + ".block_number", EsType.LONG);

        m.put(Fields.ENIP + ".command", EsType.LONG);
        m.put(Fields.ENIP + ".session_handle", EsType.LONG);
        m.put(Fields.ENIP + ".status", EsType.LONG);

        m.put(Fields.CIP + ".service", EsType.LONG);
        m.put(Fields.CIP + ".class_id", EsType.LONG);
        m.put(Fields.CIP + ".instance_id", EsType.LONG);
        m.put(Fields.CIP + ".attribute_id", EsType.LONG);
        m.put(Fields.CIP + ".general_status", EsType.LONG);
        return Collections.unmodifiableMap(m);
    }
}
