package io.linewatch.baseline;

import io.linewatch.baseline.Entries.Variable;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The process-variables table: variables in blocks of {@link #BLOCK} neighbouring addresses of one object (server,
 * protocol, unit, area, number), so a transaction's values cost one hash look-up per block they touch (a Modbus
 * read of 125 registers: at most 9) instead of one per value. 16 addresses per block keep the worst case (one
 * variable per block) within about a hundred bytes more per variable than one table entry each.
 */
final class Variables {
    static final int BLOCK_BITS = 4;
    static final int BLOCK = 1 << BLOCK_BITS;

    /** The variables of one object at addresses {@code index * BLOCK} to {@code index * BLOCK + BLOCK - 1}. */
    static final class Block {
        final int server;
        final int protocol;
        final int unit;
        final int area;
        final long number;
        final long index;
        final Variable[] slots = new Variable[BLOCK];
        int used;

        Block(int server, int protocol, int unit, int area, long number, long index) {
            this.server = server;
            this.protocol = protocol;
            this.unit = unit;
            this.area = area;
            this.number = number;
            this.index = index;
        }

        boolean is(int s, int p, int u, int a, long n, long i) {
            return server == s && protocol == p && unit == u && area == a && number == n && index == i;
        }

        Block copy() {
            Block c = new Block(server, protocol, unit, area, number, index);
            for (int i = 0; i < BLOCK; i++) {
                c.slots[i] = slots[i] == null ? null : slots[i].copy();
            }
            c.used = used;
            return c;
        }

        Variable at(long address) {
            return slots[slot(address)];
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
        return b != null && b.is(server, protocol, unit, area, number, blockIndex(address)) ? b.at(address) : null;
    }

    /**
     * Stores a variable (replacing the one at its address) and returns its block; null when the block's key is
     * taken by another object's block (a collision: the variable is not stored).
     */
    Block put(Variable v) {
        long index = blockIndex(v.address);
        long key = Keys.of(objectKey(v.server, v.protocol, v.unit, v.area, v.number), index);
        Block b = blocks.get(key);
        if (b == null) {
            b = new Block(v.server, v.protocol, v.unit, v.area, v.number, index);
            blocks.put(key, b);
        } else if (!b.is(v.server, v.protocol, v.unit, v.area, v.number, index)) {
            return null;
        }
        int i = slot(v.address);
        if (b.slots[i] == null) {
            b.used++;
            size++;
        }
        b.slots[i] = v;
        return b;
    }

    /** Removes the variable at that address; whether there was one. */
    boolean remove(int server, int protocol, int unit, int area, long number, long address) {
        long index = blockIndex(address);
        long key = Keys.of(objectKey(server, protocol, unit, area, number), index);
        Block b = blocks.get(key);
        if (b == null || !b.is(server, protocol, unit, area, number, index) || b.slots[slot(address)] == null) {
            return false;
        }
        b.slots[slot(address)] = null;
        size--;
        if (--b.used == 0) {
            blocks.remove(key);
        }
        return true;
    }

    int size() {
        return size;
    }

    void forEach(Consumer<Variable> action) {
        blocks.forEach(b -> {
            for (Variable v : b.slots) {
                if (v != null) {
                    action.accept(v);
                }
            }
        });
    }

    /** Removes the variables the predicate accepts (and blocks left empty); returns how many. */
    int removeIf(Predicate<Variable> test) {
        int before = size;
        blocks.removeIf(b -> {
            for (int i = 0; i < BLOCK; i++) {
                if (b.slots[i] != null && test.test(b.slots[i])) {
                    b.slots[i] = null;
                    b.used--;
                    size--;
                }
            }
            return b.used == 0;
        });
        return before - size;
    }
}
