package io.linewatch.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JSON document (transaction, alert, asset) built from dotted ECS names.
 * {@code put("source.ip", "10.0.0.1")} nests as {@code {"source":{"ip":"10.0.0.1"}}}; insertion order is
 * kept so output is byte-for-byte reproducible. Values are JSON-shaped: String, Number, Boolean,
 * List, Map or null (null is skipped, so callers can put optional fields unconditionally).
 */
public final class EventDoc {
    private final LinkedHashMap<String, Object> root;

    public EventDoc() {
        this.root = new LinkedHashMap<>();
    }

    private EventDoc(LinkedHashMap<String, Object> root) {
        this.root = root;
    }

    /** Wraps an already nested map (as read back from JSON). */
    @SuppressWarnings("unchecked")
    public static EventDoc of(Map<String, Object> nested) {
        return new EventDoc(nested instanceof LinkedHashMap ? (LinkedHashMap<String, Object>) nested : new LinkedHashMap<>(nested));
    }

    /** Split dotted names, kept because the same few hundred names are put millions of times (no substring per put). */
    private static final ConcurrentHashMap<String, String[]> PATHS = new ConcurrentHashMap<>();
    /** Names built at run time could grow the cache without end: past this size, names are split every time. */
    private static final int MAX_CACHED_PATHS = 8192;

    static String[] parts(String path) {
        String[] parts = PATHS.get(path);
        if (parts == null) {
            parts = path.split("\\.", -1);
            if (PATHS.size() < MAX_CACHED_PATHS) {
                PATHS.putIfAbsent(path, parts);
            }
        }
        return parts;
    }

    @SuppressWarnings("unchecked")
    public EventDoc put(String path, Object value) {
        if (value == null) {
            return this;
        }
        // "@timestamp" and other undotted names are a single part
        String[] parts = parts(path);
        Map<String, Object> node = root;
        int last = parts.length - 1;
        for (int i = 0; i < last; i++) {
            Object child = node.get(parts[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(parts[last], value);
        return this;
    }

    /** Appends to the list at {@code path}, creating it. */
    @SuppressWarnings("unchecked")
    public EventDoc add(String path, Object value) {
        Object existing = get(path);
        List<Object> list;
        if (existing instanceof List) {
            list = (List<Object>) existing;
        } else {
            list = new ArrayList<>();
            put(path, list);
        }
        list.add(value);
        return this;
    }

    @SuppressWarnings("unchecked")
    public Object get(String path) {
        Object node = root;
        for (String part : parts(path)) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(part);
        }
        return node;
    }

    public String getString(String path) {
        Object v = get(path);
        return v == null ? null : v.toString();
    }

    public Long getLong(String path) {
        Object v = get(path);
        return v instanceof Number ? ((Number) v).longValue() : null;
    }

    public Map<String, Object> asMap() {
        return root;
    }

    public String id() {
        return getString(Fields.EVENT_ID);
    }

    @Override
    public String toString() {
        return Json.write(this);
    }
}
