package io.linewatch.baseline;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The process-variables table: variables in blocks of {@link #BLOCK} neighbouring addresses of one object (server,
 * protocol, unit, area, number), so a transaction's values cost one hash look-up per block they touch (a Modbus
 * read of 125 registers: at most 9) instead of one per value. A block keeps its variables' state in one
 * {@code long[]}, a fixed stride per variable and as many variables as it holds (no object per variable): about 70
 * bytes a variable in a full block, about 150 for a block's only variable.
 */
final class Variables {
    static final int BLOCK_BITS = 4;
    static final int BLOCK = 1 << BLOCK_BITS;
    /** Distinct values a variable keeps; past them it is "many" (continuous). */
    static final int MAX_DISTINCT = 8;
    /** Samples before a variable is judged. */
    static final int MIN_SAMPLES = 10;

    // a variable's fields in its block's data, from its base (index * stride), then its distinct values
    private static final int SAMPLES = 0;
    private static final int MIN = 1;
    private static final int MAX = 2;
    private static final int MEAN = 3; // the bits of a double
    private static final int LAST = 4;
    private static final int DISTINCT_COUNT = 5; // the count, plus MANY_BIT
    private static final int DISTINCT = 6;
    private static final long MANY_BIT = 1L << 32;
    /** Distinct values room at first (doubled up to {@link #MAX_DISTINCT} for the whole block when one needs it). */
    private static final int FIRST_ROOM = 2;

    /**
     * The variables of one object at addresses {@code index * BLOCK} to {@code index * BLOCK + BLOCK - 1}. A
     * variable is named by its slot (its address in the block) and stored at an index of the block's data, given
     * by {@link #find}.
     */
    static final class Block {
        final int server;
        final int protocol;
        final int unit;
        final int area;
        final long number;
        final long index;
        /** Bit per slot: a variable is there. */
        private int present;
        /** Bit per index of {@link #data}: taken. */
        private int taken;
        /** The index of each slot's variable, four bits per slot. */
        private long indexes;
        private int room = FIRST_ROOM;
        private long[] data;

        Block(int server, int protocol, int unit, int area, long number, long index) {
            this.server = server;
            this.protocol = protocol;
            this.unit = unit;
            this.area = area;
            this.number = number;
            this.index = index;
            data = new long[stride()];
        }

        boolean is(int s, int p, int u, int a, long n, long i) {
            return server == s && protocol == p && unit == u && area == a && number == n && index == i;
        }

        Block copy() {
            Block c = new Block(server, protocol, unit, area, number, index);
            c.present = present;
            c.taken = taken;
            c.indexes = indexes;
            c.room = room;
            c.data = data.clone();
            return c;
        }

        private int stride() {
            return DISTINCT + room;
        }

        int used() {
            return Integer.bitCount(present);
        }

        /** The index of the variable at that address (in this block), or -1. */
        int find(long address) {
            int slot = slot(address);
            return (present & (1 << slot)) == 0 ? -1 : (int) (indexes >>> (4 * slot)) & 0xf;
        }

        long address(int slot) {
            return (index << BLOCK_BITS) | slot;
        }

        /** A new variable at that address (replacing the one there), last seen {@code now}; returns its index. */
        int add(long address, long now) {
            int slot = slot(address);
            if (find(address) >= 0) {
                removeSlot(slot);
            }
            int i = Integer.numberOfTrailingZeros(~taken);
            if ((i + 1) * stride() > data.length) {
                data = Arrays.copyOf(data, (Integer.highestOneBit(i) << 1) * stride()); // 1, 2, 4, 8, 16 variables
            }
            taken |= 1 << i;
            present |= 1 << slot;
            indexes = indexes & ~(0xfL << (4 * slot)) | (long) i << (4 * slot);
            int b = i * stride();
            Arrays.fill(data, b, b + stride(), 0);
            data[b + MIN] = Long.MAX_VALUE;
            data[b + MAX] = Long.MIN_VALUE;
            data[b + LAST] = now;
            return i;
        }

        private void removeSlot(int slot) {
            int i = (int) (indexes >>> (4 * slot)) & 0xf;
            present &= ~(1 << slot);
            taken &= ~(1 << i);
        }

        long samples(int i) {
            return data[i * stride() + SAMPLES];
        }

        long min(int i) {
            return data[i * stride() + MIN];
        }

        long max(int i) {
            return data[i * stride() + MAX];
        }

        double mean(int i) {
            return Double.longBitsToDouble(data[i * stride() + MEAN]);
        }

        long last(int i) {
            return data[i * stride() + LAST];
        }

        void seen(int i, long t) {
            data[i * stride() + LAST] = t;
        }

        int distinctCount(int i) {
            return (int) data[i * stride() + DISTINCT_COUNT];
        }

        long distinct(int i, int k) {
            return data[i * stride() + DISTINCT + k];
        }

        /** More distinct values than {@link #MAX_DISTINCT} were seen. */
        boolean many(int i) {
            return (data[i * stride() + DISTINCT_COUNT] & MANY_BIT) != 0;
        }

        void many(int i, boolean many) {
            int b = i * stride() + DISTINCT_COUNT;
            data[b] = many ? data[b] | MANY_BIT : data[b] & ~MANY_BIT;
        }

        boolean knows(int i, long v) {
            int b = i * stride();
            int n = (int) data[b + DISTINCT_COUNT];
            for (int k = 0; k < n; k++) {
                if (data[b + DISTINCT + k] == v) {
                    return true;
                }
            }
            return false;
        }

        void learn(int i, long v) {
            int b = i * stride();
            long samples = ++data[b + SAMPLES];
            data[b + MIN] = Math.min(data[b + MIN], v);
            data[b + MAX] = Math.max(data[b + MAX], v);
            double mean = Double.longBitsToDouble(data[b + MEAN]);
            data[b + MEAN] = Double.doubleToRawLongBits(samples == 1 ? v : mean + (v - mean) / Math.min(samples, 64));
            if (!many(i) && !knows(i, v)) {
                int n = distinctCount(i);
                if (n == MAX_DISTINCT) {
                    many(i, true);
                    return;
                }
                if (n == room) {
                    widen();
                    b = i * stride();
                }
                data[b + DISTINCT + n] = v;
                data[b + DISTINCT_COUNT]++;
            }
        }

        /** State read back from a baseline file. */
        void restore(int i, long samples, long[] values, boolean many, long min, long max, double mean) {
            while (values.length > room) {
                widen();
            }
            int b = i * stride();
            data[b + SAMPLES] = samples;
            System.arraycopy(values, 0, data, b + DISTINCT, values.length);
            data[b + DISTINCT_COUNT] = values.length | (many ? MANY_BIT : 0);
            data[b + MIN] = min;
            data[b + MAX] = max;
            data[b + MEAN] = Double.doubleToRawLongBits(mean);
        }

        /** Doubles every variable's room for distinct values. */
        private void widen() {
            int from = stride();
            room = Math.min(MAX_DISTINCT, 2 * room);
            int to = stride();
            int capacity = data.length / from;
            long[] wider = new long[capacity * to];
            for (int k = 0; k < capacity; k++) {
                System.arraycopy(data, k * from, wider, k * to, from);
            }
            data = wider;
        }

        /** constant, attribute (a few distinct values that are not a run of neighbours) or continuous. */
        String kind(int i) {
            boolean many = many(i);
            int n = distinctCount(i);
            if (!many && n == 1) {
                return "constant";
            }
            if (!many && max(i) - min(i) > 2L * (n - 1)) {
                return "attribute";
            }
            return "continuous";
        }

        /** Continuous range margin: a quarter of the learned range, at least 5% of the mean and at least 1. */
        long margin(int i) {
            return Math.max(1, Math.max((max(i) - min(i)) / 4, (long) Math.abs(mean(i) * 0.05)));
        }
    }

    /** One variable, for the paths that walk the table (file, review, eviction): its block, index and address. */
    record Variable(Block block, int index, long address) {
        int server() {
            return block.server;
        }

        long last() {
            return block.last(index);
        }
    }

    private final LongMap<Block> blocks = new LongMap<>();
    private int size;

    /** Makes {@code into} a copy of every variable here, for a snapshot. */
    void copyInto(Variables into) {
        blocks.copyInto(into.blocks, Block::copy);
        into.size = size;
    }

    static long blockIndex(long address) {
        return address >> BLOCK_BITS;
    }

    static int slot(long address) {
        return (int) (address & (BLOCK - 1));
    }

    /** The key of an object's variables ({@link Keys} of server, protocol, unit, area, number): mixed once per transaction. */
    static long objectKey(int server, int protocol, int unit, int area, long number) {
        return Keys.of(server, protocol, unit, area, number);
    }

    /** The block holding that address of the object keyed {@code object}, null if none (it may be another object's: check {@link Block#is}). */
    Block block(long object, long address) {
        return blocks.get(Keys.of(object, blockIndex(address)));
    }

    /** The variable learned at that address, or null. */
    Variable get(int server, int protocol, int unit, int area, long number, long address) {
        Block b = block(objectKey(server, protocol, unit, area, number), address);
        if (b == null || !b.is(server, protocol, unit, area, number, blockIndex(address))) {
            return null;
        }
        int i = b.find(address);
        return i < 0 ? null : new Variable(b, i, address);
    }

    /**
     * Adds a variable, last seen {@code now} (replacing the one at its address), and returns its block
     * ({@link Block#find} gives its index); null when the block's key is taken by another object's block (a
     * collision: nothing stored).
     */
    Block add(int server, int protocol, int unit, int area, long number, long address, long now) {
        long index = blockIndex(address);
        long key = Keys.of(objectKey(server, protocol, unit, area, number), index);
        Block b = blocks.get(key);
        if (b == null) {
            b = new Block(server, protocol, unit, area, number, index);
            blocks.put(key, b);
        } else if (!b.is(server, protocol, unit, area, number, index)) {
            return null;
        }
        if (b.find(address) < 0) {
            size++;
        }
        b.add(address, now);
        return b;
    }

    /** Removes the variable at that address; whether there was one. */
    boolean remove(int server, int protocol, int unit, int area, long number, long address) {
        long index = blockIndex(address);
        long key = Keys.of(objectKey(server, protocol, unit, area, number), index);
        Block b = blocks.get(key);
        if (b == null || !b.is(server, protocol, unit, area, number, index) || b.find(address) < 0) {
            return false;
        }
        b.removeSlot(slot(address));
        size--;
        if (b.used() == 0) {
            blocks.remove(key);
        }
        return true;
    }

    int size() {
        return size;
    }

    /** Every variable, block by block in address order. */
    void forEach(Consumer<Variable> action) {
        blocks.forEach(b -> {
            for (int slot = 0; slot < BLOCK; slot++) {
                long address = b.address(slot);
                int i = b.find(address);
                if (i >= 0) {
                    action.accept(new Variable(b, i, address));
                }
            }
        });
    }

    /** Removes the variables the predicate accepts (and blocks left empty); returns how many. */
    int removeIf(Predicate<Variable> test) {
        int before = size;
        blocks.removeIf(b -> {
            for (int slot = 0; slot < BLOCK; slot++) {
                long address = b.address(slot);
                int i = b.find(address);
                if (i >= 0 && test.test(new Variable(b, i, address))) {
                    b.removeSlot(slot);
                    size--;
                }
            }
            return b.used() == 0;
        });
        return before - size;
    }
}
