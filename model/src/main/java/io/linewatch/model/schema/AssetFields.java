package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.DATE;
import static io.linewatch.model.schema.FieldType.DOUBLE;
import static io.linewatch.model.schema.FieldType.IP;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.FieldType.OBJECTS;
import static io.linewatch.model.schema.Schema.declare;

/**
 * The asset document's fields beyond SCHEMA.md's shared asset names (which are in {@link io.linewatch.model.Fields}):
 * role evidence, the communication map, identity facts and their history, advisory matches. The members of
 * each list are declared by their dotted path, as Elasticsearch flattens them.
 */
public final class AssetFields {
    private AssetFields() {
    }

    /** Why the role was chosen, strongest first. */
    public static final String ROLE_EVIDENCE = declare("asset.role_evidence", OBJECTS, "why the role was chosen");
    public static final String ROLE_EVIDENCE_ROLE = declare("asset.role_evidence.role", KEYWORD, "the role this evidence supports");
    public static final String ROLE_EVIDENCE_WEIGHT = declare("asset.role_evidence.weight", LONG, "its weight");
    public static final String ROLE_EVIDENCE_REASON = declare("asset.role_evidence.reason", KEYWORD, "what was seen");

    /** The communication map: one entry per (peer, protocol, side). */
    public static final String PEERS = declare("asset.peers", OBJECTS, "whom it talks to");
    public static final String PEERS_IP = declare("asset.peers.ip", IP, "the peer");
    public static final String PEERS_PROTOCOL = declare("asset.peers.protocol", KEYWORD, "over which protocol or service");
    public static final String PEERS_AS = declare("asset.peers.as", KEYWORD, "client or server (this asset's side)");
    public static final String PEERS_FIRST_SEEN = declare("asset.peers.first_seen", DATE, "first seen");
    public static final String PEERS_LAST_SEEN = declare("asset.peers.last_seen", DATE, "last seen");
    public static final String PEERS_TRANSACTIONS = declare("asset.peers.transactions", LONG, "dissected transactions");
    public static final String PEERS_FLOWS = declare("asset.peers.flows", LONG, "flows");
    public static final String PEERS_FUNCTIONS = declare("asset.peers.functions", KEYWORD,
            "actions seen in decoded transactions with the peer (read_var, plc_stop, ...)");

    /** Current identity facts. */
    public static final String IDENTITY = declare("asset.identity", OBJECTS, "current identity facts");
    public static final String IDENTITY_FIELD = declare("asset.identity.field", KEYWORD, "the asset field");
    public static final String IDENTITY_VALUE = declare("asset.identity.value", KEYWORD, "its value");
    public static final String IDENTITY_SOURCE = declare("asset.identity.source", KEYWORD, "the exchange it came from");
    public static final String IDENTITY_EVENT_ID = declare("asset.identity.event_id", KEYWORD, "the transaction it came from");
    public static final String IDENTITY_FIRST_SEEN = declare("asset.identity.first_seen", DATE, "first reported");
    public static final String IDENTITY_LAST_CONFIRMED = declare("asset.identity.last_confirmed", DATE, "last confirmed");

    /** Identity changes. */
    public static final String IDENTITY_HISTORY = declare("asset.identity_history", OBJECTS, "identity changes");
    public static final String HISTORY_FIELD = declare("asset.identity_history.field", KEYWORD, "the asset field");
    public static final String HISTORY_OLD_VALUE = declare("asset.identity_history.old_value", KEYWORD, "before");
    public static final String HISTORY_NEW_VALUE = declare("asset.identity_history.new_value", KEYWORD, "after");
    public static final String HISTORY_CHANGED_AT = declare("asset.identity_history.changed_at", DATE, "when");
    public static final String HISTORY_OLD_SOURCE = declare("asset.identity_history.old_source", KEYWORD, "source before");
    public static final String HISTORY_SOURCE = declare("asset.identity_history.source", KEYWORD, "source after");
    public static final String HISTORY_EVENT_ID = declare("asset.identity_history.event_id", KEYWORD, "the transaction that changed it");

    /** CSAF advisory matches. */
    public static final String ADVISORIES = declare("linewatch.advisories", OBJECTS, "CSAF advisories that match the asset");
    public static final String ADVISORY_ID = declare("linewatch.advisories.id", KEYWORD, "advisory id");
    public static final String ADVISORY_TITLE = declare("linewatch.advisories.title", KEYWORD, "title");
    public static final String ADVISORY_CVES = declare("linewatch.advisories.cves", KEYWORD, "CVE ids");
    public static final String ADVISORY_CVSS = declare("linewatch.advisories.cvss_base_score", DOUBLE, "highest CVSS base score");
    public static final String ADVISORY_VULNERABILITIES = declare("linewatch.advisories.vulnerabilities", OBJECTS, "each CVE with its score");
    public static final String ADVISORY_VULNERABILITY_CVE = declare("linewatch.advisories.vulnerabilities.cve", KEYWORD, "CVE id");
    public static final String ADVISORY_VULNERABILITY_CVSS = declare("linewatch.advisories.vulnerabilities.cvss_base_score", DOUBLE, "its CVSS base score");
    public static final String ADVISORY_PRODUCT = declare("linewatch.advisories.product", KEYWORD, "the matched product");
    public static final String ADVISORY_FIRMWARE_MATCH = declare("linewatch.advisories.firmware_match", KEYWORD, "how the firmware matched");
    public static final String ADVISORY_URL = declare("linewatch.advisories.url", KEYWORD, "where to read it");
    public static final String ADVISORY_FILE = declare("linewatch.advisories.file", KEYWORD, "the advisory file");

}
