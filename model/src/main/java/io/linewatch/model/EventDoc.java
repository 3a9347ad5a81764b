package io.linewatch.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    @SuppressWarnings("unchecked")
    public EventDoc put(String path, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> node = root;
        int start = 0;
        // "@timestamp" and other undotted names fall straight through
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', start)) {
            String part = path.substring(start, dot);
            Object child = node.get(part);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(part, child);
            }
            node = (Map<String, Object>) child;
            start = dot + 1;
        }
        node.put(path.substring(start), value);
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
        int start = 0;
        while (true) {
            if (!(node instanceof Map)) {
                return null;
            }
            int dot = path.indexOf('.', start);
            String part = dot < 0 ? path.substring(start) : path.substring(start, dot);
            node = ((Map<String, Object>) node).get(part);
            if (dot < 0) {
                return node;
            }
            start = dot + 1;
        }
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
