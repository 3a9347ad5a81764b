package io.linewatch.inventory;

/**
 * Asset document fields the inventory adds to SCHEMA.md's asset names (which live in
 * {@link io.linewatch.model.Fields}). Documented in docs/INVENTORY.md; extend, never rename.
 */
public final class AssetFields {
    private AssetFields() {
    }

    /** Why the role was chosen: list of {@code {role, weight, reason}}, strongest first. */
    public static final String ASSET_ROLE_EVIDENCE = io.linewatch.model.schema.AssetFields.ROLE_EVIDENCE;
    /** Communication map: list of {@code {ip, protocol, as, first_seen, last_seen, transactions, flows, functions}}. */
    public static final String ASSET_PEERS = io.linewatch.model.schema.AssetFields.PEERS;
    /** Current identity facts: list of {@code {field, value, source, event_id, first_seen, last_confirmed}}. */
    public static final String ASSET_IDENTITY = io.linewatch.model.schema.AssetFields.IDENTITY;
    /** Identity changes: list of {@code {field, old_value, new_value, changed_at, old_source, source, event_id}}. */
    public static final String ASSET_IDENTITY_HISTORY = io.linewatch.model.schema.AssetFields.IDENTITY_HISTORY;
    /** Advisory matches: list of {@code {id, title, cves, cvss_base_score, product, firmware_match, url}}. */
    public static final String ADVISORIES = io.linewatch.model.schema.AssetFields.ADVISORIES;

    /** {@code asset.identity_source} value when the manufacturer was looked up from the MAC's OUI. */
    public static final String SOURCE_IEEE_OUI = "ieee_oui";

    /** Keys inside the list entries above. */
    public static final String PEER_IP = "ip";
    public static final String PEER_PROTOCOL = "protocol";
    public static final String PEER_AS = "as";
    public static final String PEER_FIRST_SEEN = "first_seen";
    public static final String PEER_LAST_SEEN = "last_seen";
    public static final String PEER_TRANSACTIONS = "transactions";
    public static final String PEER_FLOWS = "flows";
    /** Actions (functions) seen in decoded transactions with that peer, sorted; absent for flows only. */
    public static final String PEER_FUNCTIONS = "functions";
    public static final String PROTOCOL_IDENTIFIED_BY = "identified_by";
    public static final String EVIDENCE_ROLE = "role";
    public static final String EVIDENCE_WEIGHT = "weight";
    public static final String EVIDENCE_REASON = "reason";
    public static final String IDENTITY_FIELD = "field";
    public static final String IDENTITY_VALUE = "value";
    public static final String IDENTITY_SOURCE = "source";
    public static final String IDENTITY_EVENT_ID = "event_id";
    public static final String IDENTITY_FIRST_SEEN = "first_seen";
    public static final String IDENTITY_LAST_CONFIRMED = "last_confirmed";
    public static final String CHANGE_OLD_VALUE = "old_value";
    public static final String CHANGE_NEW_VALUE = "new_value";
    public static final String CHANGE_AT = "changed_at";
    public static final String CHANGE_OLD_SOURCE = "old_source";
    public static final String ADVISORY_ID = "id";
    public static final String ADVISORY_TITLE = "title";
    public static final String ADVISORY_CVES = "cves";
    public static final String ADVISORY_CVSS = "cvss_base_score";
    public static final String ADVISORY_PRODUCT = "product";
    public static final String ADVISORY_FIRMWARE_MATCH = "firmware_match";
    public static final String ADVISORY_URL = "url";
    public static final String ADVISORY_FILE = "file";
}
