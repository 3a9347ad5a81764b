package io.linewatch.index.outputs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which versions of an alert the outputs send. The journal takes every version of an open alert (the same
 * {@code event.id} with a higher {@code linewatch.alert.count}: repeats fold into it), and Elasticsearch keeps the
 * newest; a syslog receiver or a webhook would page someone for each. An alert is sent when it is created, and again
 * only when its severity rises or it joins another incident; the other updates are counted, not sent.
 * Thread-safe (one instance in front of all the outputs).
 */
public final class AlertUpdates {
    /** Alert ids remembered; the least recently updated is forgotten beyond (its next update is sent as new). */
    public static final int MAX_TRACKED = 100_000;

    private record Sent(long severity, Object incident) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Sent> sent;
    private long notSent;

    public AlertUpdates() {
        this(MAX_TRACKED);
    }

    AlertUpdates(int capacity) {
        this.capacity = capacity;
        this.sent = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
                return size() > AlertUpdates.this.capacity;
            }
        };
    }

    /** Whether this version of the alert (the nested document) goes to the outputs; counts it when not. */
    public synchronized boolean send(Map<String, Object> alert) {
        Object id = AlertFormat.get(alert, "event.id");
        if (id == null) {
            return true; // not an alert this class can follow: never silently held back
        }
        Object sev = AlertFormat.get(alert, "event.severity");
        long severity = sev instanceof Number n ? n.longValue() : 0;
        Object incident = AlertFormat.get(alert, "linewatch.incident.id");
        Sent before = sent.get(id.toString());
        if (before != null && severity <= before.severity() && Objects.equals(incident, before.incident())) {
            notSent++;
            return false;
        }
        sent.put(id.toString(), new Sent(before == null ? severity : Math.max(severity, before.severity()), incident));
        return true;
    }

    /** Updates of alerts already sent that were not sent again (same severity or lower, same incident). */
    public synchronized long notSent() {
        return notSent;
    }
}
