package io.linewatch.model.schema;

import static io.linewatch.model.schema.FieldType.BOOLEAN;
import static io.linewatch.model.schema.FieldType.DATE;
import static io.linewatch.model.schema.FieldType.IP;
import static io.linewatch.model.schema.FieldType.KEYWORD;
import static io.linewatch.model.schema.FieldType.LONG;
import static io.linewatch.model.schema.FieldType.OBJECTS;
import static io.linewatch.model.schema.FieldType.TEXT;
import static io.linewatch.model.schema.Schema.declare;

/**
 * Fields of maintenance documents ({@code linewatch.maintenance}): {@code briefing} before a window,
 * {@code expected_change} inside it, {@code window_summary} after it.
 */
public final class MaintenanceFields {
    private MaintenanceFields() {
    }

    public static final String DATASET = "linewatch.maintenance";
    public static final String ACTION_BRIEFING = "briefing";
    public static final String ACTION_EXPECTED_CHANGE = "expected_change";
    public static final String ACTION_WINDOW_SUMMARY = "window_summary";

    public static final String WINDOW_ID = declare("linewatch.maintenance.window_id", KEYWORD, "the window occurrence's id");
    public static final String OPERATION = declare("linewatch.maintenance.operation", KEYWORD,
            "the operation class of an expected change (program, control, firmware, write, identity, ...)");
    public static final String SCOPE = declare("linewatch.maintenance.scope", KEYWORD, "addresses or CIDR blocks in scope");
    public static final String OPERATIONS = declare("linewatch.maintenance.operations", KEYWORD, "operations the window declares");
    public static final String ACTORS = declare("linewatch.maintenance.actors", KEYWORD, "stations allowed to do them");

    /** Briefing: one entry per asset in scope. */
    public static final String ASSETS = declare("linewatch.maintenance.assets", OBJECTS, "assets in scope");
    public static final String ASSET_IP = declare("linewatch.maintenance.assets.ip", IP, "address");
    public static final String ASSET_ID = declare("linewatch.maintenance.assets.asset_id", KEYWORD, "asset.id");
    public static final String ASSET_ROLE = declare("linewatch.maintenance.assets.role", KEYWORD, "asset.role");
    public static final String ASSET_MANUFACTURER = declare("linewatch.maintenance.assets.manufacturer", KEYWORD, "vendor");
    public static final String ASSET_MODEL = declare("linewatch.maintenance.assets.model", KEYWORD, "product name");
    public static final String ASSET_MODEL_IDENTIFIER = declare("linewatch.maintenance.assets.model_identifier", KEYWORD, "order number");
    public static final String ASSET_FIRMWARE = declare("linewatch.maintenance.assets.firmware", KEYWORD, "firmware version");
    public static final String ASSET_SERIAL = declare("linewatch.maintenance.assets.serial", KEYWORD, "serial number");
    public static final String ASSET_ADVISORIES = declare("linewatch.maintenance.assets.advisories", KEYWORD,
            "ids of the CSAF advisories that match it");
    public static final String ASSET_RECENT_CHANGES = declare("linewatch.maintenance.assets.recent_changes", TEXT,
            "identity and program changes of the last 30 days, one sentence each");
    public static final String ASSET_PROGRAMMED_BY = declare("linewatch.maintenance.assets.programmed_by", IP,
            "the stations seen programming, starting or stopping it");
    public static final String OPEN_ALERTS = declare("linewatch.maintenance.open_alerts", OBJECTS, "alerts still open on assets in scope");
    public static final String OPEN_ALERT_ID = declare("linewatch.maintenance.open_alerts.id", KEYWORD, "alert id");
    public static final String OPEN_ALERT_RULE = declare("linewatch.maintenance.open_alerts.rule_id", KEYWORD, "rule id");
    public static final String OPEN_ALERT_SEVERITY = declare("linewatch.maintenance.open_alerts.severity", LONG, "severity");
    public static final String OPEN_ALERT_MESSAGE = declare("linewatch.maintenance.open_alerts.message", TEXT, "its sentence");

    /** Window summary: one entry per kind of change. */
    public static final String CHANGES = declare("linewatch.maintenance.changes", OBJECTS, "what changed inside the window");
    public static final String CHANGE_RULE = declare("linewatch.maintenance.changes.rule_id", KEYWORD, "the rule it matched");
    public static final String CHANGE_OPERATION = declare("linewatch.maintenance.changes.operation", KEYWORD, "operation class");
    public static final String CHANGE_ACTOR = declare("linewatch.maintenance.changes.actor", IP, "who did it");
    public static final String CHANGE_TARGET = declare("linewatch.maintenance.changes.target", IP, "to whom");
    public static final String CHANGE_OBJECT = declare("linewatch.maintenance.changes.object", KEYWORD, "what");
    public static final String CHANGE_EXPECTED = declare("linewatch.maintenance.changes.expected", BOOLEAN,
            "true when declared and done by an allowed actor, false when it was alerted");
    public static final String CHANGE_COUNT = declare("linewatch.maintenance.changes.count", LONG, "occurrences");
    public static final String CHANGE_FIRST = declare("linewatch.maintenance.changes.first", DATE, "first occurrence");
    public static final String CHANGE_LAST = declare("linewatch.maintenance.changes.last", DATE, "last occurrence");
    public static final String CHANGE_MESSAGE = declare("linewatch.maintenance.changes.message", TEXT, "one sentence");

    /** Window summary: what the baseline saw change on assets in scope, one entry per departure (type and key). */
    public static final String BASELINE_CHANGES = declare("linewatch.maintenance.baseline_changes", OBJECTS,
            "departures from the baseline inside the window on assets in scope (new talkers, functions, writes, identity)");
    public static final String BASELINE_CHANGE_TYPE = declare("linewatch.maintenance.baseline_changes.type", KEYWORD,
            "observation type (new_talker, new_function, firmware_change, ...)");
    public static final String BASELINE_CHANGE_KEY = declare("linewatch.maintenance.baseline_changes.key", KEYWORD,
            "the baseline key (what linewatch baseline approve --key takes to learn it)");
    public static final String BASELINE_CHANGE_ACTOR = declare("linewatch.maintenance.baseline_changes.actor", IP, "who did it");
    public static final String BASELINE_CHANGE_TARGET = declare("linewatch.maintenance.baseline_changes.target", IP, "to whom");
    public static final String BASELINE_CHANGE_SEEN = declare("linewatch.maintenance.baseline_changes.seen", KEYWORD,
            "what was seen instead of the learned");
    public static final String BASELINE_CHANGE_COUNT = declare("linewatch.maintenance.baseline_changes.count", LONG, "occurrences");
    public static final String BASELINE_CHANGE_FIRST = declare("linewatch.maintenance.baseline_changes.first", DATE, "first occurrence");
    public static final String BASELINE_CHANGE_LAST = declare("linewatch.maintenance.baseline_changes.last", DATE, "last occurrence");
    public static final String BASELINE_CHANGE_MESSAGE = declare("linewatch.maintenance.baseline_changes.message", TEXT, "one sentence");

    /** Window summary: identity changes the inventory recorded inside the window on assets in scope. */
    public static final String IDENTITY_CHANGES = declare("linewatch.maintenance.identity_changes", OBJECTS,
            "identity and firmware changes of assets in scope inside the window (from asset.identity_history)");
    public static final String IDENTITY_CHANGE_IP = declare("linewatch.maintenance.identity_changes.ip", IP, "the asset");
    public static final String IDENTITY_CHANGE_FIELD = declare("linewatch.maintenance.identity_changes.field", KEYWORD, "what changed");
    public static final String IDENTITY_CHANGE_OLD = declare("linewatch.maintenance.identity_changes.old_value", KEYWORD, "before");
    public static final String IDENTITY_CHANGE_NEW = declare("linewatch.maintenance.identity_changes.new_value", KEYWORD, "after");
    public static final String IDENTITY_CHANGE_AT = declare("linewatch.maintenance.identity_changes.changed_at", DATE, "when");
}
