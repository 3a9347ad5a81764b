package io.linewatch.rules;

import io.linewatch.rules.facts.Addresses;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the rules are tuned on a site, from the {@code rules:} section of the sensor's YAML configuration:
 * <pre>
 * rules:
 *   disabled: [LW-REC-006]               # rule ids that never fire
 *   severity: {LW-ENG-004: 40}           # per-rule severity overrides
 *   thresholds:                          # per-rule thresholds (the names each rule reads, docs/RULES.md)
 *     LW-REC-001: {targets: 10, seconds: 60}
 *   allow:                               # activity that never alerts; every key optional
 *     - {rule: LW-ACC-001, actor: 10.0.9.0/24, target: 10.0.1.7}
 *   suppress_minutes: 60                 # an alert stays open (repeats fold into it) this long after its last repeat
 *   incident_minutes: 30                 # alerts from one actor closer than this share an incident
 *   evidence_ids: 20                     # transaction ids kept per alert
 *   maintenance_lead_hours: 24           # briefings this long before each window
 * </pre>
 */
public final class RuleSettings {
    public static final RuleSettings DEFAULTS = new RuleSettings(Set.of(), Map.of(), Map.of(), List.of(), 60, 30, 20, 24);

    /** One allow-list entry; a null part matches anything. */
    public record Allow(String rule, String actor, String target) {
        boolean matches(String ruleId, String actorIp, String targetIp) {
            return (rule == null || rule.equals(ruleId))
                    && (actor == null || Addresses.matches(actor, actorIp))
                    && (target == null || Addresses.matches(target, targetIp));
        }
    }

    private final Set<String> disabled;
    private final Map<String, Integer> severity;
    private final Map<String, Map<String, Long>> thresholds;
    private final List<Allow> allow;
    private final long suppressNanos;
    private final long incidentNanos;
    private final int evidenceIds;
    private final long leadNanos;

    public RuleSettings(Set<String> disabled, Map<String, Integer> severity, Map<String, Map<String, Long>> thresholds,
                        List<Allow> allow, long suppressMinutes, long incidentMinutes, int evidenceIds, long leadHours) {
        this.disabled = Set.copyOf(disabled);
        this.severity = Map.copyOf(severity);
        Map<String, Map<String, Long>> t = new HashMap<>();
        thresholds.forEach((k, v) -> t.put(k, Map.copyOf(v)));
        this.thresholds = Map.copyOf(t);
        this.allow = List.copyOf(allow);
        this.suppressNanos = suppressMinutes * 60_000_000_000L;
        this.incidentNanos = incidentMinutes * 60_000_000_000L;
        this.evidenceIds = evidenceIds;
        this.leadNanos = leadHours * 3_600_000_000_000L;
    }

    private static final Set<String> KEYS = Set.of("disabled", "severity", "thresholds", "allow", "suppress_minutes",
            "incident_minutes", "evidence_ids", "maintenance_lead_hours");

    /**
     * From the parsed {@code rules:} mapping of the configuration file.
     *
     * @throws RulesException naming the setting that is wrong
     */
    @SuppressWarnings("unchecked")
    public static RuleSettings fromMap(Map<String, Object> m) {
        if (m == null || m.isEmpty()) {
            return DEFAULTS;
        }
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new RulesException("unknown setting 'rules." + k + "' (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        Set<String> disabled = new LinkedHashSet<>();
        Object d = m.get("disabled");
        if (d != null) {
            if (!(d instanceof List<?> l)) {
                throw new RulesException("rules.disabled must be a list of rule ids");
            }
            l.forEach(x -> disabled.add(String.valueOf(x)));
        }
        Map<String, Integer> severity = new HashMap<>();
        mapOf(m.get("severity"), "rules.severity").forEach((k, v) -> {
            long s = number(v, "rules.severity." + k);
            if (s < 0 || s > 100) {
                throw new RulesException("rules.severity." + k + " must be 0-100, got " + s);
            }
            severity.put(k, (int) s);
        });
        Map<String, Map<String, Long>> thresholds = new HashMap<>();
        mapOf(m.get("thresholds"), "rules.thresholds").forEach((rule, v) -> {
            Map<String, Long> one = new HashMap<>();
            mapOf(v, "rules.thresholds." + rule).forEach((name, n) -> one.put(name, number(n, "rules.thresholds." + rule + "." + name)));
            thresholds.put(rule, one);
        });
        List<Allow> allow = new java.util.ArrayList<>();
        Object a = m.get("allow");
        if (a != null) {
            if (!(a instanceof List<?> l)) {
                throw new RulesException("rules.allow must be a list of {rule, actor, target}");
            }
            int i = 0;
            for (Object o : l) {
                i++;
                Map<String, Object> e = mapOf(o, "rules.allow entry " + i);
                for (String k : e.keySet()) {
                    if (!Set.of("rule", "actor", "target").contains(k)) {
                        throw new RulesException("rules.allow entry " + i + ": unknown key '" + k + "' (rule, actor, target)");
                    }
                }
                String actor = e.get("actor") == null ? null : String.valueOf(e.get("actor"));
                String target = e.get("target") == null ? null : String.valueOf(e.get("target"));
                for (String addr : new String[] {actor, target}) {
                    if (addr != null && !Addresses.valid(addr)) {
                        throw new RulesException("rules.allow entry " + i + ": '" + addr + "' is not an address or CIDR block");
                    }
                }
                allow.add(new Allow(e.get("rule") == null ? null : String.valueOf(e.get("rule")), actor, target));
            }
        }
        return new RuleSettings(disabled, severity, thresholds, allow,
                positive(m, "suppress_minutes", 60), positive(m, "incident_minutes", 30),
                (int) positive(m, "evidence_ids", 20), positive(m, "maintenance_lead_hours", 24));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object o, String where) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map)) {
            throw new RulesException(where + " must be a mapping");
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        ((Map<Object, Object>) o).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static long number(Object v, String where) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new RulesException(where + " must be a number, got '" + v + "'");
    }

    private static long positive(Map<String, Object> m, String key, long dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        long n = number(v, "rules." + key);
        if (n < 0) {
            throw new RulesException("rules." + key + " must not be negative");
        }
        return n;
    }

    public boolean enabled(String ruleId) {
        return !disabled.contains(ruleId);
    }

    /** The configured severity of the rule, or its own. */
    public int severity(String ruleId, int dflt) {
        return severity.getOrDefault(ruleId, dflt);
    }

    /** A rule's threshold: the configured one, or the rule's default. Rules call it from their conditions. */
    public long threshold(String ruleId, String name, long dflt) {
        Map<String, Long> t = thresholds.get(ruleId);
        return t == null ? dflt : t.getOrDefault(name, dflt);
    }

    public boolean allowed(String ruleId, String actorIp, String targetIp) {
        for (Allow a : allow) {
            if (a.matches(ruleId, actorIp, targetIp)) {
                return true;
            }
        }
        return false;
    }

    public long suppressNanos() {
        return suppressNanos;
    }

    public long incidentNanos() {
        return incidentNanos;
    }

    public int evidenceIds() {
        return evidenceIds;
    }

    public long leadNanos() {
        return leadNanos;
    }
}
