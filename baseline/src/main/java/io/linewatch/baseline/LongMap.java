package io.linewatch.baseline;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A hash map from 64-bit keys to objects: open addressing, linear probing, no boxing, no entry objects (16 bytes
 * per slot at most). Keys are already well mixed ({@link Keys}); 0 is kept free as the empty slot.
 */
final class LongMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongMap() {
        this(16);
    }

    LongMap(int capacity) {
        int n = Integer.highestOneBit(Math.max(4, capacity - 1)) << 1;
        keys = new long[n];
        values = new Object[n];
        mask = n - 1;
    }

    /** Makes {@code into} a copy of this map, each value copied by {@code copy} (same keys, same slots). */
    @SuppressWarnings("unchecked")
    void copyInto(LongMap<V> into, UnaryOperator<V> copy) {
        into.keys = keys.clone();
        into.values = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            into.values[i] = values[i] == null ? null : copy.apply((V) values[i]);
        }
        into.size = size;
        into.mask = mask;
    }

    int size() {
        return size;
    }

    private static long nonZero(long key) {
        return key == 0 ? 0x9E3779B97F4A7C15L : key;
    }

    private int slot(long key) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        key = nonZero(key);
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    void put(long key, V value) {
        key = nonZero(key);
        if ((size + 1) * 4L > keys.length * 3L) {
            grow();
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        key = nonZero(key);
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == 0) {
                return null;
            }
            if (k == key) {
                V old = (V) values[i];
                deleteAt(i);
                return old;
            }
        }
    }

    /** Backward-shift deletion: the probe chains stay intact without tombstones. */
    private void deleteAt(int hole) {
        size--;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == 0) {
                break;
            }
            int home = slot(k);
            // move k into the hole if its home is not cyclically in (hole, i]
            boolean between = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!between) {
                keys[hole] = k;
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = 0;
        values[hole] = null;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != 0) {
                int i = slot(k);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                action.accept((V) values[i]);
            }
        }
    }

    /** Removes the entries the predicate accepts; returns how many. */
    @SuppressWarnings("unchecked")
    int removeIf(java.util.function.Predicate<V> test) {
        long[] doomed = new long[16];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0 && test.test((V) values[i])) {
                if (n == doomed.length) {
                    doomed = Arrays.copyOf(doomed, n * 2);
                }
                doomed[n++] = keys[i];
            }
        }
        for (int j = 0; j < n; j++) {
            remove(doomed[j]);
        }
        return n;
    }
}
