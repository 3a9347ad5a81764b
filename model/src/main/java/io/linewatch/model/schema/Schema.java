package io.linewatch.model.schema;

import io.linewatch.model.Fields;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every document field of Linewatch, declared once with its type ({@code Suricata's etc/schema.json} plays
 * the same part). The field classes declare their names through {@link #declare}; the index templates,
 * the check of {@code docs/SCHEMA.md} and the validation of every written document (under assertions, so
 * in every test that writes a journal) come from here. A document field that is not declared is a bug.
 */
public final class Schema {
    /** The classes that declare fields; loading them runs their declarations. */
    private static final List<Class<?>> DECLARING_CLASSES = List.of(Fields.class, AssetFields.class, ObservationFields.class,
            ModbusFields.class, S7commFields.class, S7commPlusFields.class, CotpFields.class, EnipFields.class, CipFields.class,
            SummaryFields.class, AlertFields.class, MaintenanceFields.class,
            ProfinetFields.class, LinkFields.class, JournalFields.class);

    private static final Map<String, Field> FIELDS = Collections.synchronizedMap(new LinkedHashMap<>());

    private Schema() {
    }

    /** Declares a field and returns its name, for the declaring class's constant. */
    public static String declare(String name, FieldType type, String description) {
        Field previous = FIELDS.putIfAbsent(name, new Field(name, type, description));
        if (previous != null) {
            throw new IllegalStateException("field " + name + " declared twice");
        }
        return name;
    }

    /** Every declared field, in declaration order. */
    public static List<Field> all() {
        loadDeclarations();
        synchronized (FIELDS) {
            return List.copyOf(FIELDS.values());
        }
    }

    /** The declared field of that dotted name, or null. */
    public static Field field(String name) {
        loadDeclarations();
        return FIELDS.get(name);
    }

    private static void loadDeclarations() {
        for (Class<?> c : DECLARING_CLASSES) {
            try {
                MethodHandles.lookup().ensureInitialized(c);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The problems of one document: each leaf that is not a declared field or whose value does not fit its
     * type, as {@code "path: why"}. Lists of objects are walked member by member ({@code s7comm.items.area});
     * a {@link FieldType#FLATTENED} field's keys are data and are not checked.
     */
    public static List<String> problems(Map<String, Object> document) {
        loadDeclarations();
        List<String> out = new ArrayList<>();
        walk("", document, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(String prefix, Map<String, Object> node, List<String> out) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object value = e.getValue();
            Field field = FIELDS.get(path);
            if (value instanceof Map<?, ?> map && (field == null || field.type() != FieldType.FLATTENED)) {
                if (field != null && field.type() != FieldType.OBJECTS) {
                    out.add(path + ": an object where a " + field.type() + " is declared");
                } else {
                    walk(path, (Map<String, Object>) map, out);
                }
                continue;
            }
            if (field == null) {
                out.add(path + ": not declared");
                continue;
            }
            if (value instanceof List<?> list) {
                for (Object item : list) {
                    check(path, field, item, out);
                }
            } else {
                check(path, field, value, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void check(String path, Field field, Object value, List<String> out) {
        if (value == null) {
            return;
        }
        boolean fits = switch (field.type()) {
            case LONG -> value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
            case DOUBLE -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            // VLAN ids and similar codes are keywords written as numbers
            case KEYWORD -> value instanceof String || value instanceof Number || value instanceof Boolean;
            case TEXT, IP, DATE -> value instanceof String;
            case FLATTENED -> value instanceof Map;
            case OBJECTS -> value instanceof Map;
        };
        if (!fits) {
            out.add(path + ": " + value.getClass().getSimpleName() + " where a " + field.type() + " is declared");
        } else if (field.type() == FieldType.OBJECTS) {
            walk(path, (Map<String, Object>) value, out);
        }
    }
}
