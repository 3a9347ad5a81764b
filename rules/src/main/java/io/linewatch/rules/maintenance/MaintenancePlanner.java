package io.linewatch.rules.maintenance;

import io.linewatch.model.EventDoc;
import io.linewatch.model.EventIds;
import io.linewatch.model.EventSink;
import io.linewatch.model.Fields;
import io.linewatch.model.Timestamps;
import io.linewatch.model.Values;
import io.linewatch.model.schema.MaintenanceFields;
import io.linewatch.rules.AssetDirectory;
import io.linewatch.rules.facts.MaintenanceWindow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Maintenance windows on capture time: which window expects a change, and the planners' documents
 * ({@code linewatch.maintenance} in the events stream): a {@code briefing} a lead time before each window, an
 * {@code expected_change} for each declared change inside it (once per rule, actor, target and object per window,
 * with its count in the summary), and a {@code window_summary} once it is over.
 *
 * <p>Also remembers, per device, who programmed, started or stopped it and when (bounded), for the briefings'
 * "stations that normally program them" and "recent program changes".
 */
public final class MaintenancePlanner {
    static final long DAY = 86_400_000_000_000L;
    static final long RECENT = 30 * DAY;
    static final int MAX_ASSETS = 500;
    static final int MAX_TARGETS = 4096;
    static final int MAX_CHANGES = 500;
    static final int MAX_HISTORY = 8;

    private final List<WindowSpec> specs;
    private final long lead;
    private final EventSink events;
    private final AssetDirectory assets;
    private Function<Predicate<String>, List<Map<String, Object>>> openAlerts = p -> List.of();
    private final Map<String, State> windows = new TreeMap<>();
    private final Map<String, Engineering> engineering = new HashMap<>();
    private long nextRefresh = Long.MIN_VALUE;
    private long maxDuration;
    private long written;

    /** One occurrence and what happened in it. */
    static final class State {
        final MaintenanceWindow window;
        boolean briefed;
        boolean summarized;
        final Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> baselineChanges = new LinkedHashMap<>();

        State(MaintenanceWindow window) {
            this.window = window;
        }
    }

    /** Who changed one device, and the last changes. */
    static final class Engineering {
        final TreeMap<String, Long> actors = new TreeMap<>();
        final ArrayList<Change> recent = new ArrayList<>();
    }

    /**
     * One engineering action, worded only when a briefing lists it: every program, control and firmware transaction
     * is remembered, few are ever briefed.
     */
    record Change(long nanos, String actor, String action) {
        boolean sameAs(String actor, String action) {
            return Objects.equals(this.actor, actor) && Objects.equals(this.action, action);
        }

        @Override
        public String toString() {
            return Timestamps.iso(nanos) + " " + actor + " " + action;
        }
    }

    public MaintenancePlanner(List<WindowSpec> specs, long leadNanos, EventSink events, AssetDirectory assets) {
        this.specs = List.copyOf(specs);
        this.lead = leadNanos;
        this.events = events;
        this.assets = assets == null ? AssetDirectory.NONE : assets;
        for (WindowSpec s : specs) {
            maxDuration = Math.max(maxDuration, s.durationNanos());
        }
    }

    /** Where briefings find the open alerts (the alert book of the same session). */
    public void openAlerts(Function<Predicate<String>, List<Map<String, Object>>> source) {
        this.openAlerts = source;
    }

    public boolean hasWindows() {
        return !specs.isEmpty();
    }

    /** Capture time moved on: writes the briefings and summaries now due. */
    public void advance(long now) {
        if (specs.isEmpty()) {
            return;
        }
        if (now >= nextRefresh) {
            for (MaintenanceWindow w : occurrencesNear(now)) {
                windows.computeIfAbsent(w.id(), k -> new State(w));
            }
            nextRefresh = now + DAY;
        }
        for (var it = windows.values().iterator(); it.hasNext();) {
            State s = it.next();
            MaintenanceWindow w = s.window;
            if (!s.briefed && now >= w.startNanos() - lead && now <= w.endNanos()) {
                s.briefed = true;
                briefing(s, now);
            }
            if (!s.summarized && now > w.endNanos()) {
                s.summarized = true;
                summary(s, now);
            }
            if (s.summarized && now - w.endNanos() > 2 * DAY) {
                it.remove();
            }
        }
    }

    private List<MaintenanceWindow> occurrencesNear(long now) {
        List<MaintenanceWindow> out = new ArrayList<>();
        for (WindowSpec s : specs) {
            out.addAll(s.occurrences(now - maxDuration - DAY, now + lead + 2 * DAY));
        }
        return out;
    }

    /** The open window that expects this change by this actor on this asset, or null. */
    public MaintenanceWindow expecting(String actorIp, String targetIp, String operation, long ts) {
        for (State s : windows.values()) {
            if (s.window.expects(actorIp, targetIp, operation, ts)) {
                return s.window;
            }
        }
        return null;
    }

    /** An open window with this asset in scope, or null. */
    public MaintenanceWindow covering(String targetIp, long ts) {
        for (State s : windows.values()) {
            if (s.window.isOpenAt(ts) && s.window.inScope(targetIp)) {
                return s.window;
            }
        }
        return null;
    }

    /** A declared change: an {@code expected_change} record (the first of its kind in the window), counted for the summary. */
    public void expected(MaintenanceWindow w, String ruleId, String operation, String action, String actor, String target,
                         String protocol, String object, long ts, List<String> evidenceIds, String message) {
        State s = windows.get(w.id());
        boolean first = change(s, ruleId, operation, actor, target, object, ts, true, message);
        if (!first) {
            return;
        }
        EventDoc d = base(w, MaintenanceFields.ACTION_EXPECTED_CHANGE, ts,
                EventIds.of("expected_change", w.id(), ruleId, actor, target, object));
        d.put(Fields.SOURCE_IP, actor);
        d.put(Fields.DESTINATION_IP, target);
        d.put(Fields.NETWORK_PROTOCOL, protocol);
        d.put(Fields.RULE_ID, ruleId);
        d.put(MaintenanceFields.OPERATION, operation);
        d.put(Fields.EVIDENCE_EVENT_IDS, List.copyOf(evidenceIds));
        d.put(Fields.MESSAGE, message + " during maintenance window '" + w.name() + "' (expected: declared "
                + operation + " by an allowed station)");
        emit(d);
    }

    /** A change inside a window that was alerted (undeclared, or by a station not allowed): listed in the summary. */
    public void alerted(MaintenanceWindow w, String ruleId, String operation, String actor, String target, String object,
                        long ts, String message) {
        State s = windows.get(w.id());
        if (s != null) {
            change(s, ruleId, operation, actor, target, object, ts, false, message);
        }
    }

    private boolean change(State s, String ruleId, String operation, String actor, String target, String object,
                           long ts, boolean expected, String message) {
        if (s == null) {
            return true;
        }
        String key = ruleId + "|" + actor + "|" + target + "|" + object + "|" + expected;
        Map<String, Object> c = s.changes.get(key);
        if (c != null) {
            c.put("count", (Long) c.get("count") + 1);
            c.put("last", Timestamps.iso(ts));
            return false;
        }
        if (s.changes.size() >= MAX_CHANGES) {
            return false;
        }
        c = new LinkedHashMap<>();
        c.put("rule_id", ruleId);
        c.put("operation", operation);
        c.put("actor", actor);
        c.put("target", target);
        c.put("object", object);
        c.put("expected", expected);
        c.put("count", 1L);
        c.put("first", Timestamps.iso(ts));
        c.put("last", Timestamps.iso(ts));
        c.put("message", message);
        s.changes.put(key, c);
        return true;
    }

    /**
     * A departure from the baseline (handed on when it opens and again, same id, when it grew): inside a window on an
     * asset in scope (its target, or the device itself when it has no target), listed in the window's summary.
     */
    public void observed(io.linewatch.model.transaction.Observation o) {
        String asset = o.targetIp() != null ? o.targetIp() : o.actorIp();
        if (asset == null) {
            return;
        }
        for (State s : windows.values()) {
            MaintenanceWindow w = s.window;
            if (s.summarized || !w.isOpenAt(o.firstNanos()) || !w.inScope(asset)) {
                continue;
            }
            String key = o.type().wireName + " " + o.key();
            Map<String, Object> c = s.baselineChanges.get(key);
            if (c == null) {
                if (s.baselineChanges.size() >= MAX_CHANGES) {
                    continue;
                }
                c = new LinkedHashMap<>();
                c.put("type", o.type().wireName);
                c.put("key", o.key());
                put(c, "actor", o.actorIp());
                put(c, "target", o.targetIp());
                put(c, "seen", o.seen());
                c.put("first", Timestamps.iso(o.firstNanos()));
                c.put("message", o.message());
                s.baselineChanges.put(key, c);
            }
            c.put("count", o.count()); // the latest hand-on has the whole count
            c.put("last", Timestamps.iso(Math.min(o.lastNanos(), w.endNanos())));
        }
    }

    /** An engineering action (program, control, firmware) seen: remembered for briefings. */
    public void engineering(String actor, String target, String action, long ts) {
        if (target == null || actor == null) {
            return;
        }
        Engineering e = engineering.get(target);
        if (e == null) {
            if (engineering.size() >= MAX_TARGETS) {
                return;
            }
            e = new Engineering();
            engineering.put(target, e);
        }
        e.actors.put(actor, ts);
        if (e.recent.isEmpty() || !e.recent.get(e.recent.size() - 1).sameAs(actor, action)) {
            e.recent.add(new Change(ts, actor, action));
            if (e.recent.size() > MAX_HISTORY) {
                e.recent.remove(0);
            }
        }
    }

    private void briefing(State s, long now) {
        MaintenanceWindow w = s.window;
        EventDoc d = base(w, MaintenanceFields.ACTION_BRIEFING, now, EventIds.of("briefing", w.id()));
        List<Map<String, Object>> inScope = new ArrayList<>();
        for (EventDoc a : assets.assets()) {
            String ip = firstIp(a);
            if (ip == null || !w.inScope(ip) || inScope.size() >= MAX_ASSETS) {
                continue;
            }
            if (w.targets().isEmpty() && !"plc".equals(a.getString(Fields.ASSET_ROLE))
                    && !engineering.containsKey(ip)) {
                continue; // a window over every asset briefs the controllers, not every laptop
            }
            inScope.add(assetEntry(a, ip, now));
        }
        d.put(MaintenanceFields.ASSETS, inScope);
        d.put(MaintenanceFields.OPEN_ALERTS, openAlerts.apply(w::inScope));
        long advisories = inScope.stream().mapToLong(m -> ((List<?>) m.getOrDefault("advisories", List.of())).size()).sum();
        d.put(Fields.MESSAGE, "Maintenance window '" + w.name() + "' starts " + Timestamps.iso(w.startNanos()) + ": "
                + inScope.size() + " assets in scope, " + advisories + " advisory matches, "
                + ((List<?>) d.get(MaintenanceFields.OPEN_ALERTS)).size() + " open alerts");
        emit(d);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> assetEntry(EventDoc a, String ip, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", ip);
        put(m, "asset_id", a.getString(Fields.ASSET_ID));
        put(m, "role", a.getString(Fields.ASSET_ROLE));
        put(m, "manufacturer", a.getString(Fields.DEVICE_MANUFACTURER));
        put(m, "model", a.getString(Fields.DEVICE_MODEL_NAME));
        put(m, "model_identifier", a.getString(Fields.DEVICE_MODEL_IDENTIFIER));
        put(m, "firmware", a.getString(Fields.DEVICE_FIRMWARE_VERSION));
        put(m, "serial", a.getString(Fields.DEVICE_SERIAL_NUMBER));
        Object adv = a.get("linewatch.advisories");
        if (adv instanceof List<?> l && !l.isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (Object o : l) {
                if (o instanceof Map<?, ?> am && am.get("id") != null) {
                    ids.add(String.valueOf(am.get("id")));
                }
            }
            m.put("advisories", ids);
        }
        List<String> recent = new ArrayList<>();
        Object hist = a.get("asset.identity_history");
        if (hist instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> h && h.get("changed_at") != null) {
                    long at = Timestamps.parse(String.valueOf(h.get("changed_at")));
                    if (now - at <= RECENT) {
                        recent.add(h.get("changed_at") + " " + h.get("field") + " changed from " + h.get("old_value")
                                + " to " + h.get("new_value"));
                    }
                }
            }
        }
        Engineering e = engineering.get(ip);
        if (e != null) {
            e.recent.forEach(c -> recent.add(c.toString()));
            m.put("programmed_by", new ArrayList<>(e.actors.keySet()));
        }
        if (!recent.isEmpty()) {
            m.put("recent_changes", recent);
        }
        return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String firstIp(EventDoc a) {
        Object ips = a.get(Fields.HOST_IP);
        if (ips instanceof List<?> l && !l.isEmpty()) {
            return String.valueOf(l.get(0));
        }
        return ips == null ? null : String.valueOf(ips);
    }

    private void summary(State s, long now) {
        MaintenanceWindow w = s.window;
        EventDoc d = base(w, MaintenanceFields.ACTION_WINDOW_SUMMARY, now, EventIds.of("window_summary", w.id()));
        List<Map<String, Object>> changes = new ArrayList<>(s.changes.values());
        d.put(MaintenanceFields.CHANGES, changes);
        List<Map<String, Object>> departures = new ArrayList<>(s.baselineChanges.values());
        d.put(MaintenanceFields.BASELINE_CHANGES, departures);
        List<Map<String, Object>> identity = identityChanges(w);
        d.put(MaintenanceFields.IDENTITY_CHANGES, identity);
        long expected = changes.stream().filter(c -> Boolean.TRUE.equals(c.get("expected"))).count();
        TreeSet<String> targets = new TreeSet<>();
        changes.forEach(c -> targets.add(String.valueOf(c.get("target"))));
        d.put(Fields.MESSAGE, "Maintenance window '" + w.name() + "' ended " + Timestamps.iso(w.endNanos()) + ": "
                + changes.size() + " kinds of change on " + targets.size() + " assets (" + expected + " expected, "
                + (changes.size() - expected) + " alerted); " + departures.size() + " departures from the baseline, "
                + identity.size() + " identity changes");
        emit(d);
    }

    /** What the inventory's identity history recorded inside the window for the assets in scope. */
    private List<Map<String, Object>> identityChanges(MaintenanceWindow w) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EventDoc a : assets.assets()) {
            String ip = firstIp(a);
            if (ip == null || !w.inScope(ip) || !(a.get("asset.identity_history") instanceof List<?> hist)) {
                continue;
            }
            for (Object o : hist) {
                if (o instanceof Map<?, ?> h && h.get("changed_at") != null && out.size() < MAX_CHANGES
                        && w.isOpenAt(Timestamps.parse(String.valueOf(h.get("changed_at"))))) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("ip", ip);
                    put(m, "field", h.get("field"));
                    put(m, "old_value", h.get("old_value"));
                    put(m, "new_value", h.get("new_value"));
                    m.put("changed_at", String.valueOf(h.get("changed_at")));
                    out.add(m);
                }
            }
        }
        return out;
    }

    private EventDoc base(MaintenanceWindow w, String action, long ts, String id) {
        EventDoc d = new EventDoc();
        d.put(Fields.TIMESTAMP, Timestamps.iso(ts));
        d.put(Fields.EVENT_ID, id);
        d.put(Fields.EVENT_KIND, Values.KIND_EVENT);
        d.put(Fields.EVENT_CATEGORY, List.of("configuration"));
        d.put(Fields.EVENT_DATASET, MaintenanceFields.DATASET);
        d.put(Fields.EVENT_ACTION, action);
        d.put(Fields.EVENT_START, Timestamps.iso(w.startNanos()));
        d.put(Fields.EVENT_END, Timestamps.iso(w.endNanos()));
        d.put(Fields.MAINTENANCE_WINDOW, w.name());
        d.put(MaintenanceFields.WINDOW_ID, w.id());
        if (!w.targets().isEmpty()) {
            d.put(MaintenanceFields.SCOPE, w.targets());
        }
        d.put(MaintenanceFields.OPERATIONS, new ArrayList<>(new TreeSet<>(w.operations().isEmpty()
                ? MaintenanceWindow.ENGINEERING : w.operations())));
        if (!w.actors().isEmpty()) {
            d.put(MaintenanceFields.ACTORS, w.actors());
        }
        return d;
    }

    private void emit(EventDoc d) {
        written++;
        events.accept(d);
    }

    /** Maintenance documents written. */
    public long written() {
        return written;
    }

    /** Occurrences currently tracked (for tests). */
    Collection<State> states() {
        return windows.values();
    }
}
