package io.linewatch.index.outputs;

import io.linewatch.model.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How an alert is written into a message: the alert document as one line of JSON (its ECS fields as the journal has
 * them), or ArcSight's Common Event Format, which most SIEMs parse without configuration.
 */
public enum AlertFormat {
    JSON, CEF;

    static final String VENDOR = "Linewatch";
    static final String PRODUCT = "Linewatch";

    /** @throws OutputException naming the accepted values */
    public static AlertFormat parse(String s) throws OutputException {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OutputException("unknown alert format '" + s + "' (known: cef, json)");
        }
    }

    /** The message for one alert (no trailing newline). */
    public String format(Map<String, Object> alert, String version) {
        return this == JSON ? Json.writeValue(alert) : cef(alert, version);
    }

    /**
     * {@code CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|Extension}: the rule id as signature id, the
     * 0-100 severity scaled to CEF's 0-10, and the addresses, ports, times and ATT&CK technique ids as extensions.
     */
    static String cef(Map<String, Object> alert, String version) {
        StringBuilder b = new StringBuilder("CEF:0|");
        b.append(header(VENDOR)).append('|').append(header(PRODUCT)).append('|').append(header(version)).append('|');
        b.append(header(str(get(alert, "rule.id")))).append('|');
        b.append(header(str(get(alert, "rule.name")))).append('|');
        b.append(cefSeverity(alert)).append('|');
        StringBuilder ext = new StringBuilder();
        Object ts = get(alert, "@timestamp");
        if (ts != null) {
            try {
                ext(ext, "rt", Long.toString(java.time.Instant.parse(ts.toString()).toEpochMilli()));
            } catch (java.time.format.DateTimeParseException e) {
                ext(ext, "rt", ts.toString());
            }
        }
        ext(ext, "src", get(alert, "source.ip"));
        ext(ext, "spt", get(alert, "source.port"));
        ext(ext, "smac", get(alert, "source.mac"));
        ext(ext, "dst", get(alert, "destination.ip"));
        ext(ext, "dpt", get(alert, "destination.port"));
        ext(ext, "dmac", get(alert, "destination.mac"));
        ext(ext, "app", get(alert, "network.protocol"));
        ext(ext, "externalId", get(alert, "event.id"));
        ext(ext, "dvchost", get(alert, "observer.name"));
        ext(ext, "cat", get(alert, "rule.ruleset"));
        Object techniques = get(alert, "threat.technique.id");
        if (techniques != null) {
            ext(ext, "cs1Label", "mitreAttackIcsTechniques");
            ext(ext, "cs1", techniques instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                    : techniques);
        }
        Object window = get(alert, "linewatch.maintenance_window");
        if (window != null) {
            ext(ext, "cs2Label", "maintenanceWindow");
            ext(ext, "cs2", window);
        }
        ext(ext, "msg", get(alert, "message"));
        return b.append(ext).toString();
    }

    /** 0-100 to CEF's 0-10. */
    static int cefSeverity(Map<String, Object> alert) {
        Object s = get(alert, "event.severity");
        long sev = s instanceof Number n ? n.longValue() : 0;
        return (int) Math.max(0, Math.min(10, Math.round(sev / 10.0)));
    }

    private static void ext(StringBuilder ext, String key, Object value) {
        if (value == null) {
            return;
        }
        if (ext.length() > 0) {
            ext.append(' ');
        }
        ext.append(key).append('=').append(extension(value.toString()));
    }

    /** CEF header fields escape backslash and pipe. */
    static String header(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }

    /** CEF extension values escape backslash, equals sign and line breaks. */
    static String extension(String s) {
        return s.replace("\\", "\\\\").replace("=", "\\=").replace("\r\n", "\\n").replace("\n", "\\n")
                .replace("\r", "\\r");
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** A value by dotted ECS name from the nested document, or null. */
    static Object get(Map<String, Object> doc, String path) {
        Object node = doc.get(path); // "@timestamp" and other undotted names
        if (node != null || path.indexOf('.') < 0) {
            return node;
        }
        node = doc;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(part);
        }
        return node;
    }
}
