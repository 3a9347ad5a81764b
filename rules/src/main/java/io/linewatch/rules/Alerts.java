package io.linewatch.rules;

import io.linewatch.model.EventDoc;
import io.linewatch.model.EventIds;
import io.linewatch.model.EventSink;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import io.linewatch.rules.facts.MaintenanceWindow;
import io.linewatch.rules.facts.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules' way out: a DRL global that turns a rule firing into an alert document (SCHEMA.md).
 * Alert ids derive from the rule and the triggering transaction, so re-analysis gives the same ids.
 */
public final class Alerts {
    public static final String RULESET = "linewatch-ot";

    private final EventSink sink;
    private long raised;

    public Alerts(EventSink sink) {
        this.sink = sink;
    }

    /** An alert about one transaction. */
    public void raise(String ruleId, String ruleName, String description, int severity, List<String> techniques,
                      Transaction trigger, String message) {
        raise(ruleId, ruleName, description, severity, techniques, trigger, List.of(trigger), message, null);
    }

    /**
     * @param evidence the transactions that together made the rule fire (the trigger among them)
     * @param window   the maintenance window the activity fell in, or null
     */
    public void raise(String ruleId, String ruleName, String description, int severity, List<String> techniques,
                      Transaction trigger, List<Transaction> evidence, String message, MaintenanceWindow window) {
        EventDoc a = new EventDoc();
        a.put(Fields.TIMESTAMP, Timestamps.iso(trigger.getTimestampNanos()));
        a.put(Fields.EVENT_ID, EventIds.of("alert", ruleId, trigger.getId()));
        a.put(Fields.EVENT_KIND, Values.KIND_ALERT);
        a.put(Fields.EVENT_CATEGORY, List.of("intrusion_detection"));
        a.put(Fields.EVENT_SEVERITY, Math.max(0, Math.min(100, severity)));
        a.put(Fields.RULE_ID, ruleId);
        a.put(Fields.RULE_NAME, ruleName);
        a.put(Fields.RULE_DESCRIPTION, description);
        a.put(Fields.RULE_RULESET, RULESET);
        a.put(Fields.THREAT_FRAMEWORK, Techniques.FRAMEWORK);
        a.put(Fields.THREAT_TECHNIQUE_ID, List.copyOf(techniques));
        a.put(Fields.THREAT_TECHNIQUE_NAME, techniques.stream().map(Techniques::name).toList());
        a.put(Fields.SOURCE_IP, trigger.getSourceIp());
        a.put(Fields.SOURCE_PORT, trigger.getSourcePort());
        a.put(Fields.SOURCE_MAC, trigger.getSourceMac());
        a.put(Fields.DESTINATION_IP, trigger.getDestinationIp());
        a.put(Fields.DESTINATION_PORT, trigger.getDestinationPort());
        a.put(Fields.DESTINATION_MAC, trigger.getDestinationMac());
        a.put(Fields.NETWORK_PROTOCOL, trigger.getProtocol());
        a.put(Fields.MESSAGE, message);
        Set<String> related = new LinkedHashSet<>();
        List<String> ids = new ArrayList<>();
        for (Transaction t : evidence) {
            if (t.getSourceIp() != null) {
                related.add(t.getSourceIp());
            }
            if (t.getDestinationIp() != null) {
                related.add(t.getDestinationIp());
            }
            ids.add(t.getId());
        }
        a.put(Fields.RELATED_IP, new ArrayList<>(related));
        a.put(Fields.EVIDENCE_EVENT_IDS, ids);
        if (window != null) {
            a.put(Fields.MAINTENANCE_WINDOW, window.name());
        }
        raised++;
        sink.accept(a);
    }

    public long raised() {
        return raised;
    }
}
