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
 * where the document is written, instead of for every transaction. A protocol whose fields are most often never
 * written (its transactions folded into summaries) can put them all {@linkplain #putLater later}: a writer run at the
 * first read, whose fields then stay and which is then dropped (with the decoded messages it holds).
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

    /** Puts a transaction's fields from what it was decoded from; run once, at the first read. */
    @FunctionalInterface
    public interface Writer {
        void write(Detail detail);
    }

    private static final Object[] NONE = new Object[0];

    /** Name, value, name, value, ...: one array where two would cost a second header and allocation. */
    private Object[] fields = NONE;
    private int size;
    /** Room made at the first put: a detail whose fields are put later and never read makes none. */
    private final int expectedFields;
    /** Fields still to put (read only by the thread that reads the detail), or null. */
    private Writer later;

    /** A detail for about eight fields. */
    public Detail() {
        this(8);
    }

    /**
     * @param expectedFields the number of fields it usually gets (more grows the room)
     */
    public Detail(int expectedFields) {
        this.expectedFields = Math.max(1, expectedFields);
    }

    /** Adds a field; a null value is skipped, so optional fields can be put unconditionally. */
    public Detail put(String field, Object value) {
        if (value == null) {
            return this;
        }
        complete(); // a field put after a writer comes after the writer's fields
        int at = 2 * size;
        if (at == fields.length) {
            fields = Arrays.copyOf(fields, fields.length == 0 ? 2 * expectedFields : 2 * fields.length);
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

    /**
     * Adds the fields {@code writer} puts, where they are first read ({@link #size}, {@link #name}, {@link #value},
     * {@link #get}), as if they were put now: they follow the fields put before and precede those put after. The
     * writer reads only what does not change once the transaction is handed on (the decoded messages), and a detail
     * is read by one thread at a time (where its document is written).
     */
    public Detail putLater(Writer writer) {
        complete();
        later = writer;
        return this;
    }

    /** Adds every field of {@code other}, in its order (a deferred value stays deferred). */
    public Detail putAll(Detail other) {
        other.complete();
        for (int i = 0; i < other.size; i++) {
            put(other.nameAt(i), other.fields[2 * i + 1]);
        }
        return this;
    }

    /** Adds every field of {@code other} this one does not have yet (a response's fields after its request's). */
    public Detail putAbsent(Detail other) {
        complete();
        other.complete();
        for (int i = 0; i < other.size; i++) {
            if (indexOf(other.nameAt(i)) < 0) {
                put(other.nameAt(i), other.fields[2 * i + 1]);
            }
        }
        return this;
    }

    /** The value of a field put earlier, or null (a scan of a handful of entries; not for the hot path downstream). */
    public Object get(String field) {
        complete();
        int i = indexOf(field);
        return i < 0 ? null : value(i);
    }

    /** Runs the writer still to run, once: its fields stay, it goes. */
    private void complete() {
        Writer w = later;
        if (w != null) {
            later = null;
            w.write(this);
        }
    }

    private int indexOf(String field) {
        for (int i = 0; i < size; i++) {
            if (nameAt(i).equals(field)) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        complete();
        return size;
    }

    public String name(int i) {
        complete();
        return nameAt(i);
    }

    private String nameAt(int i) {
        return (String) fields[2 * i];
    }

    /** The value of field {@code i}; a deferred one is built now. */
    public Object value(int i) {
        complete();
        Object v = fields[2 * i + 1];
        return v instanceof Deferred d ? d.value() : v;
    }
}
