package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.Bytes;

/**
 * Common packet format (CIP Vol. 2, section 2-6): item count(2), then items of type(2) length(2) data.
 * Holds offsets into the caller's buffer, valid only while that buffer is. An instance can be reused
 * ({@link #read}), so a dissector that parses one per datagram (implicit I/O) allocates nothing.
 */
final class Cpf {
    static final int MAX_ITEMS = 16;
    /** Item count(2). */
    private static final int COUNT_LENGTH = 2;
    /** Item type(2) length(2). */
    private static final int ITEM_HEADER_LENGTH = 4;

    private byte[] buf;
    int count;
    final int[] types = new int[MAX_ITEMS];
    final int[] offsets = new int[MAX_ITEMS];
    final int[] lengths = new int[MAX_ITEMS];
    /** Why the item list could not be read completely, or null. */
    EnipAnomaly error;

    /** Parses items from {@code off}, at most {@code len} bytes, into a new instance. */
    static Cpf parse(byte[] b, int off, int len) {
        return new Cpf().read(b, off, len);
    }

    /** Parses items from {@code off}, at most {@code len} bytes, into this instance (what it held is gone). */
    Cpf read(byte[] b, int off, int len) {
        buf = b;
        count = 0;
        error = null;
        if (off < 0 || len < COUNT_LENGTH || off + len > b.length) {
            error = EnipAnomaly.CPF_TRUNCATED;
            return this;
        }
        int declared = Bytes.u16le(b, off);
        int n = Math.min(declared, MAX_ITEMS);
        int pos = off + COUNT_LENGTH;
        int end = off + len;
        for (int i = 0; i < n; i++) {
            if (end - pos < ITEM_HEADER_LENGTH) {
                error = EnipAnomaly.CPF_ITEM_TRUNCATED;
                return this;
            }
            int length = Bytes.u16le(b, pos + 2);
            types[i] = Bytes.u16le(b, pos);
            lengths[i] = length;
            offsets[i] = pos + ITEM_HEADER_LENGTH;
            count = i;
            if (length > end - pos - ITEM_HEADER_LENGTH) {
                // the item's header was read, its data is cut: the item is not counted
                error = EnipAnomaly.CPF_ITEM_TRUNCATED;
                return this;
            }
            pos += ITEM_HEADER_LENGTH + length;
            count = i + 1;
        }
        if (declared > MAX_ITEMS) {
            error = EnipAnomaly.CPF_TOO_MANY_ITEMS;
        }
        return this;
    }

    /** Index of the first item of this type, or -1. */
    int find(CpfItemType type) {
        for (int i = 0; i < count; i++) {
            if (types[i] == type.code) {
                return i;
            }
        }
        return -1;
    }

    /** A reader over item {@code i}'s data. */
    ByteReader item(int i, String part) {
        return new ByteReader(buf, offsets[i], lengths[i], part);
    }
}
