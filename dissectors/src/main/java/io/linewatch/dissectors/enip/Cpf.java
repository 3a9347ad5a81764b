package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;

/**
 * Common packet format (CIP Vol. 2, section 2-6): item count(2), then items of type(2) length(2) data.
 * Holds offsets into the caller's buffer, valid only while that buffer is.
 */
final class Cpf {
    static final int MAX_ITEMS = 16;

    private final byte[] buf;
    final int count;
    final int[] types;
    final int[] offsets;
    final int[] lengths;
    /** Why the item list could not be read completely, or null. */
    final EnipAnomaly error;

    private Cpf(byte[] buf, int count, int[] types, int[] offsets, int[] lengths, EnipAnomaly error) {
        this.buf = buf;
        this.count = count;
        this.types = types;
        this.offsets = offsets;
        this.lengths = lengths;
        this.error = error;
    }

    /** Parses items from {@code off}, at most {@code len} bytes. */
    static Cpf parse(byte[] b, int off, int len) {
        int declared;
        ByteReader r;
        try {
            r = new ByteReader(b, off, len, "cpf");
            declared = r.u16le();
        } catch (DecodeException e) {
            return new Cpf(b, 0, new int[0], new int[0], new int[0], EnipAnomaly.CPF_TRUNCATED);
        }
        int n = Math.min(declared, MAX_ITEMS);
        int[] types = new int[n];
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            try {
                types[i] = r.u16le();
                lengths[i] = r.u16le();
                offsets[i] = r.position();
                r.skip(lengths[i]);
            } catch (DecodeException e) {
                return new Cpf(b, i, types, offsets, lengths, EnipAnomaly.CPF_ITEM_TRUNCATED);
            }
        }
        return new Cpf(b, n, types, offsets, lengths, declared > MAX_ITEMS ? EnipAnomaly.CPF_TOO_MANY_ITEMS : null);
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
