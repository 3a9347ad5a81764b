package io.linewatch.model.transaction;

import java.util.Arrays;

/**
 * A transaction's protocol fields for its document ({@code modbus.transaction_id}, {@code s7comm.items}, ...),
 * kept as declared field names and values in the order the protocol decoded them. Nothing downstream reads
 * them by name: the inventory, baselines and rules use the typed slots of {@link Transaction}; this is only
 * written out, where the document is written. Names are constants of the {@code *Fields} classes (declared in
 * {@link io.linewatch.model.schema.Schema}); values are JSON-shaped (String, Number, Boolean, List, Map).
 */
public final class Detail {
    private String[] names = new String[8];
    private Object[] values = new Object[8];
    private int size;

    /** Adds a field; a null value is skipped, so optional fields can be put unconditionally. */
    public Detail put(String field, Object value) {
        if (value == null) {
            return this;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = field;
        values[size] = value;
        size++;
        return this;
    }

    /** Adds every field of {@code other} this one does not have yet (a response's fields after its request's). */
    public Detail putAbsent(Detail other) {
        for (int i = 0; i < other.size; i++) {
            if (indexOf(other.names[i]) < 0) {
                put(other.names[i], other.values[i]);
            }
        }
        return this;
    }

    /** The value of a field put earlier, or null (a scan of a handful of entries; not for the hot path downstream). */
    public Object get(String field) {
        int i = indexOf(field);
        return i < 0 ? null : values[i];
    }

    private int indexOf(String field) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        return size;
    }

    public String name(int i) {
        return names[i];
    }

    public Object value(int i) {
        return values[i];
    }
}
