package io.linewatch.rules;

import io.linewatch.model.EventDoc;
import io.linewatch.model.EventIds;
import io.linewatch.model.EventSink;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import io.linewatch.model.schema.AlertFields;
import io.linewatch.rules.facts.Flow;
import io.linewatch.rules.facts.MaintenanceWindow;
import io.linewatch.rules.facts.Observation;
import io.linewatch.rules.facts.Transaction;
import io.linewatch.rules.maintenance.MaintenancePlanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The rules' way out (the DRL global {@code alerts}): turns a rule firing into an alert a security team can work
 * with.
 * <ul>
 * <li>Rule facts come from the rule's metadata: {@code @id}, {@code @severity}, {@code @techniques} (comma
 * separated ATT&CK for ICS ids), {@code @description}, and {@code @operation} for changes a maintenance window
 * can declare ({@code program}, {@code control}, {@code firmware}, {@code write}, ...).</li>
 * <li>The alert names the actor and the target ({@code source.*}, {@code destination.*}), whatever the direction
 * of the protocol's requests, and says so in one sentence.</li>
 * <li>One alert per (rule, actor, target, protocol, object) while it is open: repeats fold into it (count,
 * {@code event.start}/{@code event.end}, evidence ids up to a cap) and it is written again, with the same id and
 * a higher count, when its count reaches a power of two, when a minute of capture time passed since it was last
 * written, and at the end. It closes when it has not repeated for the suppression time (default 1 h): only then
 * does the same activity raise a new alert.</li>
 * <li>Alerts of one actor less than the incident gap apart (default 30 min) share an incident id.</li>
 * <li>Allow-listed activity and disabled rules raise nothing (counted); inside a maintenance window a declared
 * change on an asset in scope by an allowed actor is an {@code expected_change} record, not an alert.</li>
 * </ul>
 * Ids are deterministic (rule, key, first evidence), so re-analysis gives the same ids.
 */
public final class Alerts {
    /** At most this many alerts are kept open; beyond, the one idle longest is closed (after its last write). */
    static final int MAX_OPEN = 10_000;
    /** An updated alert is written again at least this often (capture time) while it repeats. */
    static final long REWRITE_NANOS = 60_000_000_000L;
    static final int MAX_FLOWS = 8;

    private final EventSink sink;
    private final RuleSettings settings;
    private final MaintenancePlanner planner;
    private final EvidenceRecorder evidence;
    private final LinkedHashMap<Key, Open> open = new LinkedHashMap<>(64, 0.75f, true);

    /**
     * What makes an alert one: (rule, actor, target, protocol, object). Looked up on every occurrence, so a record
     * rather than a string built each time; its text is only made for a new alert's id.
     */
    private record Key(String rule, String actor, String target, String protocol, String object) {
        @Override
        public String toString() {
            return rule + "|" + actor + "|" + target + "|" + protocol + "|" + object;
        }
    }
    private final Map<String, long[]> incidentLast = new HashMap<>();
    private final Map<String, String> incidentId = new HashMap<>();
    private final Map<String, Long> counters = new java.util.TreeMap<>();
    private long raised;

    /** An alert while it is open. */
    static final class Open {
        final String id;
        final Meta meta;
        final String actorIp;
        final int actorPort;
        final String actorMac;
        final String targetIp;
        final int targetPort;
        final String targetMac;
        final String protocol;
        final String object;
        final String action;
        final String incident;
        final String message;
        final String window;
        final String actorRole;
        final String targetRole;
        final long first;
        final Set<String> related = new LinkedHashSet<>();
        final List<String> evidenceIds = new ArrayList<>();
        String pcap;
        long last;
        long count;
        long writtenCount;
        long writtenAt;

        Open(String id, Meta meta, Occurrence o, String incident, String window) {
            this.id = id;
            this.meta = meta;
            this.actorIp = o.actorIp;
            this.actorPort = o.actorPort;
            this.actorMac = o.actorMac;
            this.targetIp = o.targetIp;
            this.targetPort = o.targetPort;
            this.targetMac = o.targetMac;
            this.protocol = o.protocol;
            this.object = o.object;
            this.action = o.action;
            this.message = o.message;
            this.actorRole = o.actorRole;
            this.targetRole = o.targetRole;
            this.incident = incident;
            this.window = window;
            this.first = o.timestampNanos;
            this.last = o.timestampNanos;
        }
    }

    /** What a rule says about itself, from its metadata. */
    /**
     * The highest severity of a departure judged against a device whose baseline had not settled (it was still
     * learning as a server: too few transactions, or new keys until the end of the learning period): below the
     * 40 at which alerts ask for attention, since that baseline cannot yet tell a new normal from an intrusion.
     */
    public static final int UNSETTLED_SEVERITY = 35;

    record Meta(String id, String name, String description, int severity, List<String> techniques, String operation,
                String ruleset) {
    }

    /** One firing, before hygiene. */
    static final class Occurrence {
        String actorIp;
        int actorPort = -1;
        String actorMac;
        String targetIp;
        int targetPort = -1;
        String targetMac;
        String actorRole = "unknown";
        String targetRole = "unknown";
        String protocol;
        String object;
        String action;
        String message;
        long timestampNanos;
        final List<String> evidenceIds = new ArrayList<>();
        final Set<String> flowIds = new LinkedHashSet<>();
        final Set<String> related = new LinkedHashSet<>();
        /** A baseline departure names no flow: its evidence is the traffic between its actor and target. */
        boolean evidenceByHosts;
        /**
         * The transaction the occurrence is about, until {@link #word}: its parties' roles (the inventory's decision)
         * and, with {@link #what}, the sentence are only needed by a new alert or a maintenance window; most
         * occurrences repeat an open alert and only count.
         */
        private Transaction about;
        /** The verb phrase of the sentence to word about {@link #about}, or null when the message is given. */
        private String what;

        /**
         * Looks up the roles and words the sentence of the transaction this is about: the same values as when it was
         * raised, the rules firing synchronously with the fact's insertion.
         */
        Occurrence word() {
            if (about != null) {
                Transaction t = about;
                about = null;
                actorRole = t.getActorRole();
                targetRole = t.getTargetRole();
                if (what != null) {
                    message = label(party(t.getActorIp(), t.getActorMac()), actorRole) + " " + what + " "
                            + label(party(t.getTargetIp(), t.getTargetMac()), targetRole)
                            + (object == null ? "" : " (" + object + ")") + " over " + protocol;
                }
            }
            return this;
        }
    }

    public Alerts(EventSink sink) {
        this(sink, RuleSettings.DEFAULTS, null, EvidenceRecorder.NONE);
    }

    public Alerts(EventSink sink, RuleSettings settings, MaintenancePlanner planner, EvidenceRecorder evidence) {
        this.sink = sink;
        this.settings = settings;
        this.planner = planner;
        this.evidence = evidence == null ? EvidenceRecorder.NONE : evidence;
    }

    // ---- the API of the DRL files ----

    /**
     * An alert about one transaction: "{actor} {what} {target} over {protocol}".
     *
     * @param what the action as a verb phrase whose object is the target ("stopped the CPU of")
     */
    public void raise(RuleContext kcontext, Transaction t, String what) {
        raise(kcontext, t, List.of(t), what);
    }

    /** The same, with the transactions that together made the rule fire (the trigger among them). */
    public void raise(RuleContext kcontext, Transaction t, Collection<?> evidence, String what) {
        Occurrence o = occurrence(t);
        o.what = what;
        addEvidence(o, evidence);
        occur(meta(kcontext.getRule()), o);
    }

    /**
     * An alert about many facts with one actor and possibly no single target (a sweep, a scan).
     *
     * @param targetIp null when there is no single target
     * @param message  the whole sentence
     */
    public void raiseMany(RuleContext kcontext, String actorIp, String targetIp, String protocol, Collection<?> evidence,
                          String message) {
        Occurrence o = new Occurrence();
        o.actorIp = actorIp;
        o.targetIp = targetIp;
        o.protocol = protocol;
        o.message = message;
        o.timestampNanos = Long.MIN_VALUE;
        for (Object e : evidence) {
            if (e instanceof Transaction t) {
                o.timestampNanos = Math.max(o.timestampNanos, t.getTimestampNanos());
                if (o.actorMac == null && actorIp != null && actorIp.equals(t.getActorIp())) {
                    o.actorMac = t.getActorMac();
                    o.actorRole = t.getActorRole();
                }
                if (targetIp != null && targetIp.equals(t.getTargetIp())) {
                    o.targetMac = t.getTargetMac();
                    o.targetPort = t.getTargetPort();
                    o.targetRole = t.getTargetRole();
                }
                if (o.action == null) {
                    o.action = t.getAction();
                }
            } else if (e instanceof Flow f) {
                o.timestampNanos = Math.max(o.timestampNanos, f.getTimestampNanos());
                if (o.actorMac == null && actorIp != null && actorIp.equals(f.getClientIp())) {
                    o.actorMac = f.getClientMac();
                    o.actorRole = f.getClientRole();
                }
                if (targetIp != null && targetIp.equals(f.getServerIp())) {
                    o.targetMac = f.getServerMac();
                    o.targetPort = f.getServerPort();
                    o.targetRole = f.getServerRole();
                }
            }
        }
        addEvidence(o, evidence);
        occur(meta(kcontext.getRule()), o);
    }

    /**
     * An alert about a departure from the baseline: the observation's own sentence, its actor and target, the
     * observation and the transactions behind it as evidence; the object is the baseline key, so each departure is
     * its own alert and its repeats fold into it.
     */
    public void raise(RuleContext kcontext, Observation ob) {
        raise(kcontext, ob, ob.getKey());
    }

    /** The same with the object of the alert's key given ({@code null}: one alert per actor and target). */
    public void raise(RuleContext kcontext, Observation ob, String object) {
        Occurrence o = new Occurrence();
        o.actorIp = ob.getActorIp();
        o.actorPort = ob.getActorPort();
        o.actorMac = ob.getActorMac();
        o.targetIp = ob.getTargetIp();
        o.targetPort = ob.getTargetPort();
        o.targetMac = ob.getTargetMac();
        o.actorRole = ob.getActorRole();
        o.targetRole = ob.getTargetRole();
        o.protocol = ob.getProtocol();
        o.object = object;
        o.action = ob.getType();
        o.timestampNanos = ob.getTimestampNanos();
        o.message = ob.getMessage();
        Meta meta = meta(kcontext.getRule());
        if (ob.isTargetLearning() && meta.severity() > UNSETTLED_SEVERITY) {
            // judged against a device whose own normal was still being learned: a lead, not a verdict
            meta = new Meta(meta.id(), meta.name(), meta.description(), UNSETTLED_SEVERITY, meta.techniques(),
                    meta.operation(), meta.ruleset());
            String m = o.message.endsWith(".") ? o.message.substring(0, o.message.length() - 1) : o.message;
            o.message = m + " (the baseline of " + ob.getTargetIp() + " was still learning).";
        }
        o.evidenceIds.add(ob.getId());
        o.evidenceIds.addAll(ob.getEvidenceIds());
        o.evidenceByHosts = true;
        o.related.add(ob.getActorIp());
        o.related.add(ob.getTargetIp());
        o.related.remove(null);
        occur(meta, o);
    }

    /** An alert about one flow: "{client} {what} {server} (port N)". */
    public void raise(RuleContext kcontext, Flow f, String what) {
        Occurrence o = new Occurrence();
        o.actorIp = f.getClientIp();
        o.actorPort = f.getClientPort();
        o.actorMac = f.getClientMac();
        o.targetIp = f.getServerIp();
        o.targetPort = f.getServerPort();
        o.targetMac = f.getServerMac();
        o.actorRole = f.getClientRole();
        o.targetRole = f.getServerRole();
        o.protocol = f.getRemoteAccess() != null ? f.getRemoteAccess() : f.getApplication();
        o.action = o.protocol;
        o.timestampNanos = f.getTimestampNanos();
        o.message = label(f.getClientIp(), f.getClientRole()) + " " + what + " " + label(f.getServerIp(), f.getServerRole())
                + " (" + f.getTransport() + " port " + f.getServerPort() + ")";
        addEvidence(o, List.of(f));
        occur(meta(kcontext.getRule()), o);
    }

    /**
     * The original API, kept for user rules written against it: an alert with its facts spelled out. The
     * transaction's actor and target are named.
     */
    public void raise(String ruleId, String ruleName, String description, int severity, List<String> techniques,
                      Transaction trigger, String message) {
        raise(ruleId, ruleName, description, severity, techniques, trigger, List.of(trigger), message, null);
    }

    /** The original API with evidence; {@code window} is ignored (windows are applied here). */
    public void raise(String ruleId, String ruleName, String description, int severity, List<String> techniques,
                      Transaction trigger, List<Transaction> evidence, String message, MaintenanceWindow window) {
        Occurrence o = occurrence(trigger);
        o.message = message;
        addEvidence(o, evidence);
        occur(new Meta(ruleId, ruleName, description, severity, List.copyOf(techniques), null, ruleset(ruleId)), o);
    }

    // ---- hygiene ----

    private static Occurrence occurrence(Transaction t) {
        Occurrence o = new Occurrence();
        o.actorIp = t.getActorIp();
        o.actorPort = t.getActorPort();
        o.actorMac = t.getActorMac();
        o.targetIp = t.getTargetIp();
        o.targetPort = t.getTargetPort();
        o.targetMac = t.getTargetMac();
        o.about = t;
        o.protocol = t.getProtocol();
        o.object = t.getObject();
        o.action = t.getAction();
        o.timestampNanos = t.getTimestampNanos();
        return o;
    }

    private void addEvidence(Occurrence o, Collection<?> evidence) {
        for (Object e : evidence) {
            if (e instanceof Transaction t) {
                o.evidenceIds.add(t.getId());
                if (t.getFlowId() != null) {
                    o.flowIds.add(t.getFlowId());
                }
                o.related.add(t.getActorIp());
                o.related.add(t.getTargetIp());
            } else if (e instanceof Flow f) {
                o.evidenceIds.add(f.getId());
                o.related.add(f.getClientIp());
                o.related.add(f.getServerIp());
            }
        }
        if (o.timestampNanos == Long.MIN_VALUE) {
            o.timestampNanos = 0;
        }
        o.related.remove(null);
    }

    private void occur(Meta meta, Occurrence o) {
        if (!settings.enabled(meta.id())) {
            count("rules.disabled_suppressed");
            return;
        }
        if (settings.allowed(meta.id(), o.actorIp, o.targetIp)) {
            count("rules.allow_listed");
            return;
        }
        String windowName = null;
        if (planner != null) {
            MaintenanceWindow w = meta.operation() == null ? null
                    : planner.expecting(o.actorIp, o.targetIp, meta.operation(), o.timestampNanos);
            if (w != null) {
                planner.expected(w, meta.id(), meta.operation(), o.action, o.actorIp, o.targetIp, o.protocol, o.object,
                        o.timestampNanos, o.evidenceIds, o.word().message);
                count("rules.expected_changes");
                return;
            }
            MaintenanceWindow covering = planner.covering(o.targetIp, o.timestampNanos);
            if (covering != null) {
                windowName = covering.name();
                if (meta.operation() != null) {
                    planner.alerted(covering, meta.id(), meta.operation(), o.actorIp, o.targetIp, o.object,
                            o.timestampNanos, o.word().message);
                }
            }
        }
        Key key = new Key(meta.id(), party(o.actorIp, o.actorMac), party(o.targetIp, o.targetMac), o.protocol, o.object);
        Open a = open.get(key);
        long now = o.timestampNanos;
        if (a != null && now - a.last <= settings.suppressNanos()) {
            a.count++;
            a.last = Math.max(a.last, now);
            for (String id : o.evidenceIds) {
                if (a.evidenceIds.size() < settings.evidenceIds() && !a.evidenceIds.contains(id)) {
                    a.evidenceIds.add(id);
                }
            }
            a.related.addAll(o.related);
            if (Long.bitCount(a.count) == 1 || a.last - a.writtenAt >= REWRITE_NANOS) {
                write(a);
            }
            return;
        }
        if (a != null) {
            close(key, a);
        }
        expire(now);
        String id = EventIds.of("alert", meta.id(), key.toString(), o.evidenceIds.isEmpty() ? now : o.evidenceIds.get(0));
        Open n = new Open(id, meta, o.word(), incident(o.actorIp, id, now), windowName);
        n.count = 1;
        n.related.addAll(o.related);
        for (String e : o.evidenceIds) {
            if (n.evidenceIds.size() < settings.evidenceIds() && !n.evidenceIds.contains(e)) {
                n.evidenceIds.add(e);
            }
        }
        List<String> flows = new ArrayList<>(o.flowIds);
        if (!flows.isEmpty()) {
            n.pcap = evidence.record(id, flows.subList(0, Math.min(MAX_FLOWS, flows.size())), now);
        } else if (o.evidenceByHosts) {
            // the actor's traffic with the target; a departure without an actor (a changed identity) the target's
            n.pcap = o.actorIp != null ? evidence.recordHosts(id, o.actorIp, o.targetIp, now)
                    : evidence.recordHosts(id, o.targetIp, null, now);
        }
        open.put(key, n);
        raised++;
        write(n);
    }

    private String incident(String actor, String alertId, long now) {
        String a = actor == null ? "-" : actor;
        long[] last = incidentLast.get(a);
        if (last != null && now - last[0] <= settings.incidentNanos()) {
            last[0] = Math.max(last[0], now);
            return incidentId.get(a);
        }
        if (incidentLast.size() >= MAX_OPEN) {
            incidentLast.clear(); // bounded; a cleared actor starts a new incident
            incidentId.clear();
        }
        String id = EventIds.of("incident", a, alertId);
        incidentLast.put(a, new long[] {now});
        incidentId.put(a, id);
        return id;
    }

    /** Closes alerts idle past the suppression time, and the longest idle beyond the cap. */
    private void expire(long now) {
        Iterator<Map.Entry<Key, Open>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Open a = it.next().getValue();
            if (now - a.last > settings.suppressNanos() || open.size() >= MAX_OPEN) {
                if (a.writtenCount != a.count) {
                    write(a);
                }
                it.remove();
            } else {
                break; // access order: the rest repeated more recently
            }
        }
    }

    private void close(Key key, Open a) {
        if (a.writtenCount != a.count) {
            write(a);
        }
        open.remove(key);
    }

    private void write(Open a) {
        a.writtenCount = a.count;
        a.writtenAt = a.last;
        sink.accept(document(a));
    }

    /** Writes the latest state of every open alert not yet written as it stands: the end of the input. */
    public void flush() {
        for (Open a : open.values()) {
            if (a.writtenCount != a.count) {
                write(a);
            }
        }
    }

    private EventDoc document(Open a) {
        Meta m = a.meta;
        EventDoc d = new EventDoc();
        d.put(Fields.TIMESTAMP, Timestamps.iso(a.first));
        d.put(Fields.EVENT_ID, a.id);
        d.put(Fields.EVENT_KIND, Values.KIND_ALERT);
        d.put(Fields.EVENT_CATEGORY, List.of("intrusion_detection"));
        d.put(Fields.EVENT_SEVERITY, Math.max(0, Math.min(100, settings.severity(m.id(), m.severity()))));
        d.put(Fields.EVENT_ACTION, a.action);
        d.put(Fields.EVENT_START, Timestamps.iso(a.first));
        d.put(Fields.EVENT_END, Timestamps.iso(a.last));
        d.put(Fields.RULE_ID, m.id());
        d.put(Fields.RULE_NAME, m.name());
        d.put(Fields.RULE_DESCRIPTION, m.description());
        d.put(Fields.RULE_RULESET, m.ruleset());
        d.put(Fields.THREAT_FRAMEWORK, Techniques.FRAMEWORK);
        d.put(Fields.THREAT_TECHNIQUE_ID, m.techniques());
        d.put(Fields.THREAT_TECHNIQUE_NAME, m.techniques().stream().map(Techniques::name).toList());
        d.put(Fields.SOURCE_IP, a.actorIp);
        if (a.actorPort >= 0) {
            d.put(Fields.SOURCE_PORT, a.actorPort);
        }
        d.put(Fields.SOURCE_MAC, a.actorMac);
        d.put(Fields.DESTINATION_IP, a.targetIp);
        if (a.targetPort >= 0) {
            d.put(Fields.DESTINATION_PORT, a.targetPort);
        }
        d.put(Fields.DESTINATION_MAC, a.targetMac);
        d.put(Fields.NETWORK_PROTOCOL, a.protocol);
        d.put(Fields.MESSAGE, a.message + (a.window == null ? "" : " during maintenance window '" + a.window
                + "' (not declared for this change, asset or station)"));
        d.put(Fields.RELATED_IP, new ArrayList<>(a.related));
        d.put(Fields.ALERT_COUNT, a.count);
        d.put(AlertFields.OBJECT, a.object);
        d.put(AlertFields.ACTOR_ROLE, a.actorRole);
        d.put(AlertFields.TARGET_ROLE, a.targetRole);
        d.put(AlertFields.INCIDENT_ID, a.incident);
        d.put(Fields.EVIDENCE_EVENT_IDS, new ArrayList<>(a.evidenceIds));
        d.put(Fields.EVIDENCE_PCAP, a.pcap);
        d.put(Fields.MAINTENANCE_WINDOW, a.window);
        return d;
    }

    /** A party by its address, or by its MAC in a layer-2 record (PROFINET DCP) that names no address. */
    private static String party(String ip, String mac) {
        return ip != null ? ip : mac;
    }

    private static String label(String ip, String role) {
        if (ip == null) {
            return "an unknown host";
        }
        if (role == null || role.equals("unknown")) {
            return ip;
        }
        return ip + " (" + role.replace('_', ' ') + ")";
    }

    private final Map<Rule, Meta> metas = new HashMap<>();

    private Meta meta(Rule rule) {
        return metas.computeIfAbsent(rule, Alerts::readMeta);
    }

    private static Meta readMeta(Rule rule) {
        Map<String, Object> md = rule.getMetaData();
        String name = rule.getName();
        String id = md.containsKey("id") ? String.valueOf(md.get("id")) : name.split(" ", 2)[0];
        String shortName = name.startsWith(id + " ") ? name.substring(id.length() + 1) : name;
        int severity = md.containsKey("severity") ? Integer.parseInt(String.valueOf(md.get("severity")).trim()) : 50;
        List<String> techniques = md.containsKey("techniques")
                ? Arrays.stream(String.valueOf(md.get("techniques")).split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList()
                : List.of();
        String description = md.containsKey("description") ? String.valueOf(md.get("description")) : shortName;
        String operation = md.containsKey("operation") ? String.valueOf(md.get("operation")) : null;
        return new Meta(id, shortName, description, severity, techniques, operation, ruleset(id));
    }

    /** The theme of a shipped rule from its id ({@code LW-ENG-001} is engineering); user rules are {@code user}. */
    static String ruleset(String id) {
        if (id.startsWith("LW-")) {
            return switch (id.substring(3, Math.min(id.length(), 6)).toUpperCase(Locale.ROOT)) {
                case "ENG" -> "engineering";
                case "REC" -> "recon";
                case "ACC" -> "access";
                case "ANO" -> "anomaly";
                case "BAS" -> "baseline";
                default -> "linewatch";
            };
        }
        return "user";
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    /** Alerts raised (distinct ids). */
    public long raised() {
        return raised;
    }

    /** Disabled, allow-listed and expected-change counts. */
    public Map<String, Long> counters() {
        return counters;
    }

    /** Open alerts concerning one of the addresses (for briefings): id, rule, severity, message. */
    public List<Map<String, Object>> openAbout(java.util.function.Predicate<String> address) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Open a : open.values()) {
            if ((a.targetIp != null && address.test(a.targetIp)) || (a.actorIp != null && address.test(a.actorIp))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", a.id);
                m.put("rule_id", a.meta.id());
                m.put("severity", (long) settings.severity(a.meta.id(), a.meta.severity()));
                m.put("message", a.message);
                out.add(m);
            }
        }
        out.sort(java.util.Comparator.comparing(m -> String.valueOf(m.get("id"))));
        return out;
    }
}
