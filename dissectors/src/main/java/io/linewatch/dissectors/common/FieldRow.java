package io.linewatch.dissectors.common;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A small ordered map for one row of a document's list of objects ({@code s7comm.items}): names and values in two
 * arrays, in the order first put, a name put again keeping its place (as {@link java.util.LinkedHashMap} does). A row
 * is built per transaction and only read where the document is written, so it costs three objects instead of a
 * hash table and an entry per field.
 */
public final class FieldRow extends AbstractMap<String, Object> {
    private String[] names;
    private Object[] values;
    private int size;

    /** @param expected the number of fields the row usually gets (it grows beyond) */
    public FieldRow(int expected) {
        names = new String[Math.max(1, expected)];
        values = new Object[names.length];
    }

    @Override
    public Object put(String name, Object value) {
        int i = indexOf(name);
        if (i >= 0) {
            Object old = values[i];
            values[i] = value;
            return old;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
        return null;
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
