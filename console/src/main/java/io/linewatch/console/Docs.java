package io.linewatch.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading dotted paths out of documents held as nested maps (the journal's JSON as parsed). */
final class Docs {
    private Docs() {
    }

    /** The value at a dotted path ({@code source.ip}), or null. */
    static Object get(Map<String, Object> doc, String path) {
        Object node = doc;
        int start = 0;
        while (node instanceof Map<?, ?> m) {
            int dot = path.indexOf('.', start);
            String key = dot < 0 ? path.substring(start) : path.substring(start, dot);
            Object next = m.get(key);
            if (next == null && dot >= 0) {
                // a name that itself holds a dot (identity_source keys), looked up whole
                next = m.get(path.substring(start));
                return next;
            }
            if (dot < 0) {
                return next;
            }
            node = next;
            start = dot + 1;
        }
        return null;
    }

    static String str(Map<String, Object> doc, String path) {
        Object v = get(doc, path);
        if (v instanceof List<?> l) {
            return l.isEmpty() ? null : String.valueOf(l.get(0));
        }
        return v == null ? null : String.valueOf(v);
    }

    static long num(Map<String, Object> doc, String path) {
        Object v = get(doc, path);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** A scalar or a list as a list of strings (empty when absent). */
    static List<String> strings(Map<String, Object> doc, String path) {
        Object v = get(doc, path);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o != null) {
                    out.add(String.valueOf(o));
                }
            }
        } else if (v != null) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Map<String, Object> doc, String path) {
        Object v = get(doc, path);
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    /** Epoch milliseconds of an ISO-8601 capture time, or -1. */
    static long millis(Object timestamp) {
        if (!(timestamp instanceof String s) || s.length() < 20) {
            return -1;
        }
        try {
            return java.time.Instant.parse(s).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return -1;
        }
    }
}
