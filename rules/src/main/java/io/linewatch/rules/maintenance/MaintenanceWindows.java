package io.linewatch.rules.maintenance;

import io.linewatch.model.Json;
import io.linewatch.model.Timestamps;
import io.linewatch.rules.RulesException;
import io.linewatch.rules.facts.Addresses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads maintenance windows: a JSON list, the same list from the sensor's YAML configuration, or an iCalendar file
 * ({@code .ics}, {@link ICalendar}).
 * <pre>
 * [{"name": "Line 3 PLC update", "start": "2024-05-04T06:00:00Z", "end": "2024-05-04T10:00:00Z",
 *   "assets": ["10.3.0.0/24", "10.3.1.7"], "operations": ["program", "firmware"], "actors": ["10.3.9.5"]}]
 * </pre>
 * {@code assets} (addresses or CIDR blocks in scope), {@code operations} (from {@link #OPERATIONS}) and
 * {@code actors} (the stations allowed to do the work) are optional: every asset; program, control, firmware and
 * identity; any station.
 */
public final class MaintenanceWindows {
    /** The operation classes a window can declare (what the rules call their changes). */
    public static final Set<String> OPERATIONS = Set.of("program", "control", "firmware", "write", "identity",
            "io_connection", "talker", "security");

    private MaintenanceWindows() {
    }

    /** Loads a file: iCalendar when it ends in {@code .ics} or starts with {@code BEGIN:VCALENDAR}, else JSON. */
    public static List<WindowSpec> load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulesException("cannot read maintenance windows " + file + ": " + e.getMessage(), e);
        }
        if (file.toString().toLowerCase(Locale.ROOT).endsWith(".ics") || text.stripLeading().startsWith("BEGIN:VCALENDAR")) {
            try {
                return ICalendar.parse(text, "maintenance windows " + file);
            } catch (IllegalArgumentException e) {
                throw new RulesException(e.getMessage(), e);
            }
        }
        Object root;
        try {
            root = Json.read(text);
        } catch (IllegalArgumentException e) {
            throw new RulesException("maintenance windows " + file + ": " + e.getMessage(), e);
        }
        return fromList(root, "maintenance windows " + file);
    }

    /** Windows from an already parsed list of maps (JSON, or the YAML configuration). */
    @SuppressWarnings("unchecked")
    public static List<WindowSpec> fromList(Object root, String where) {
        if (!(root instanceof List)) {
            throw new RulesException(where + ": expected a list of windows");
        }
        List<WindowSpec> out = new ArrayList<>();
        int n = 0;
        for (Object o : (List<Object>) root) {
            n++;
            if (!(o instanceof Map)) {
                throw new RulesException(where + ": window " + n + " is not an object");
            }
            Map<String, Object> m = (Map<String, Object>) o;
            String at = where + ": window " + n;
            for (String k : m.keySet()) {
                if (!Set.of("name", "start", "end", "assets", "operations", "actors").contains(k)) {
                    throw new RulesException(at + ": unknown key '" + k + "' (name, start, end, assets, operations, actors)");
                }
            }
            String name = string(m, "name", at);
            long start = time(m, "start", at);
            long end = time(m, "end", at);
            if (end < start) {
                throw new RulesException(at + " ('" + name + "') ends before it starts");
            }
            List<String> assets = strings(m, "assets", at);
            List<String> actors = strings(m, "actors", at);
            assets.forEach(a -> checkAddress(a, at + ": assets"));
            actors.forEach(a -> checkAddress(a, at + ": actors"));
            Set<String> ops = new LinkedHashSet<>(strings(m, "operations", at));
            checkOperations(ops, at);
            out.add(new WindowSpec(name, Instant.ofEpochSecond(0, start).atZone(ZoneOffset.UTC), end - start, null,
                    assets, ops, actors));
        }
        return out;
    }

    static void checkAddress(String a, String where) {
        if (!Addresses.valid(a)) {
            throw new RulesException(where + ": '" + a + "' is not an address or CIDR block");
        }
    }

    static void checkOperations(Collection<String> ops, String where) {
        for (String o : ops) {
            if (!OPERATIONS.contains(o)) {
                throw new RulesException(where + ": operation '" + o + "' is not one of "
                        + String.join(", ", OPERATIONS.stream().sorted().toList()));
            }
        }
    }

    private static String string(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        if (v == null || String.valueOf(v).isBlank()) {
            throw new RulesException(where + ": '" + key + "' is missing");
        }
        return String.valueOf(v);
    }

    private static long time(Map<String, Object> m, String key, String where) {
        String s = string(m, key, where);
        try {
            return Timestamps.parse(s);
        } catch (DateTimeParseException e) {
            throw new RulesException(where + ": '" + key + "' is not an ISO-8601 time like 2024-05-04T06:00:00Z: " + s);
        }
    }

    private static List<String> strings(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof String)) {
            throw new RulesException(where + ": '" + key + "' must be a list of strings");
        }
        return l.stream().map(String.class::cast).toList();
    }
}
