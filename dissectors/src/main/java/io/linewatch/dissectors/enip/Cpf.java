package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.Bytes;

/**
 * Common packet format (CIP Vol. 2, section 2-6): item count(2), then items of type(2) length(2) data.
 * Holds offsets into the caller's buffer, valid only while that buffer is.
 */
final class Cpf {
    static final int MAX_ITEMS = 16;

    final int count;
    final int[] types;
    final int[] offsets;
    final int[] lengths;
    /** Why the item list could not be read completely, or null. */
    final String error;

    private Cpf(int count, int[] types, int[] offsets, int[] lengths, String error) {
        this.count = count;
        this.types = types;
        this.offsets = offsets;
        this.lengths = lengths;
        this.error = error;
    }

    /** Parses items from {@code off}, at most {@code len} bytes. */
    static Cpf parse(byte[] b, int off, int len) {
        if (len < 2) {
            return new Cpf(0, new int[0], new int[0], new int[0], "cpf_truncated");
        }
        int declared = Bytes.u16le(b, off);
        int n = Math.min(declared, MAX_ITEMS);
        int[] types = new int[n];
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        int pos = off + 2;
        int end = off + len;
        for (int i = 0; i < n; i++) {
            if (pos + 4 > end) {
                return new Cpf(i, types, offsets, lengths, "cpf_item_truncated");
            }
            types[i] = Bytes.u16le(b, pos);
            lengths[i] = Bytes.u16le(b, pos + 2);
            offsets[i] = pos + 4;
            if (offsets[i] + lengths[i] > end) {
                return new Cpf(i, types, offsets, lengths, "cpf_item_truncated");
            }
            pos = offsets[i] + lengths[i];
        }
        return new Cpf(n, types, offsets, lengths, declared > MAX_ITEMS ? "cpf_too_many_items" : null);
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
}
