package io.linewatch.model.transaction;

import java.util.Arrays;

/**
 * A transaction's protocol fields for its document ({@code modbus.transaction_id}, {@code s7comm.items}, ...),
 * kept as declared field names and values in the order the protocol decoded them. Nothing downstream reads
 * them by name: the inventory, baselines and rules use the typed slots of {@link Transaction}; this is only
 * written out, where the document is written. Names are constants of the {@code *Fields} classes (declared in
 * {@link io.linewatch.model.schema.Schema}); values are JSON-shaped (String, Number, Boolean, List, Map).
 *
 * <p>A value that is costly to build and often never written (a list of rows made from the decoded message) can be
 * put {@linkplain #putDeferred deferred}: it is built each time it is read ({@link #value}, {@link #get}), that is
 * where the document is written, instead of for every transaction.
 */
public final class Detail {
    /**
     * A field value built when it is read. It reads only what does not change once the transaction is handed on
     * (the decoded message), so it gives the same value on any thread and at any time; never null.
     */
    @FunctionalInterface
    public interface Deferred {
        Object value();
    }

    /** Name, value, name, value, ...: one array where two would cost a second header and allocation. */
    private Object[] fields;
    private int size;

    /** A detail for about eight fields. */
    public Detail() {
        this(8);
    }

    /**
     * @param expectedFields the number of fields it usually gets (more grows the room)
     */
    public Detail(int expectedFields) {
        this.fields = new Object[2 * Math.max(1, expectedFields)];
    }

    /** Adds a field; a null value is skipped, so optional fields can be put unconditionally. */
    public Detail put(String field, Object value) {
        if (value == null) {
            return this;
        }
        int at = 2 * size;
        if (at == fields.length) {
            fields = Arrays.copyOf(fields, 2 * fields.length);
        }
        fields[at] = field;
        fields[at + 1] = value;
        size++;
        return this;
    }

    /** Adds a field whose value is built only when read (where the document is written). */
    public Detail putDeferred(String field, Deferred value) {
        return put(field, value);
    }

    /** Adds every field of {@code other}, in its order (a deferred value stays deferred). */
    public Detail putAll(Detail other) {
        for (int i = 0; i < other.size; i++) {
            put(other.name(i), other.fields[2 * i + 1]);
        }
        return this;
    }

    /** Adds every field of {@code other} this one does not have yet (a response's fields after its request's). */
    public Detail putAbsent(Detail other) {
        for (int i = 0; i < other.size; i++) {
            if (indexOf(other.name(i)) < 0) {
                put(other.name(i), other.fields[2 * i + 1]);
            }
        }
        return this;
    }

    /** The value of a field put earlier, or null (a scan of a handful of entries; not for the hot path downstream). */
    public Object get(String field) {
        int i = indexOf(field);
        return i < 0 ? null : value(i);
    }

    private int indexOf(String field) {
        for (int i = 0; i < size; i++) {
            if (name(i).equals(field)) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        return size;
    }

    public String name(int i) {
        return (String) fields[2 * i];
    }

    /** The value of field {@code i}; a deferred one is built now. */
    public Object value(int i) {
        Object v = fields[2 * i + 1];
        return v instanceof Deferred d ? d.value() : v;
    }
}
