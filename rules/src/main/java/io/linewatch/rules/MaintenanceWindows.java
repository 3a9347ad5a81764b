package io.linewatch.rules;

import io.linewatch.model.Json;
import io.linewatch.model.Timestamps;
import io.linewatch.rules.facts.MaintenanceWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads maintenance windows from a JSON file:
 * <pre>
 * [{"name": "Line 3 PLC update", "start": "2024-05-04T06:00:00Z", "end": "2024-05-04T10:00:00Z",
 *   "assets": ["10.3.0.0/24", "10.3.1.7"], "operations": ["program", "firmware"]}]
 * </pre>
 * {@code assets} and {@code operations} are optional (every asset; program, control and firmware).
 */
public final class MaintenanceWindows {
    private MaintenanceWindows() {
    }

    @SuppressWarnings("unchecked")
    public static List<MaintenanceWindow> load(Path file) {
        Object root;
        try {
            root = Json.read(Files.readString(file));
        } catch (IOException e) {
            throw new RulesException("cannot read maintenance windows " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RulesException("maintenance windows " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof List)) {
            throw new RulesException("maintenance windows " + file + ": expected a JSON list of windows");
        }
        List<MaintenanceWindow> out = new ArrayList<>();
        int n = 0;
        for (Object o : (List<Object>) root) {
            n++;
            if (!(o instanceof Map)) {
                throw new RulesException("maintenance windows " + file + ": window " + n + " is not an object");
            }
            Map<String, Object> m = (Map<String, Object>) o;
            String where = "maintenance windows " + file + ": window " + n;
            String name = string(m, "name", where);
            long start = time(m, "start", where);
            long end = time(m, "end", where);
            if (end < start) {
                throw new RulesException(where + " ('" + name + "') ends before it starts");
            }
            out.add(new MaintenanceWindow(name, start, end, strings(m, "assets", where),
                    new LinkedHashSet<>(strings(m, "operations", where))));
        }
        return out;
    }

    private static String string(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new RulesException(where + ": '" + key + "' is missing");
        }
        return s;
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
