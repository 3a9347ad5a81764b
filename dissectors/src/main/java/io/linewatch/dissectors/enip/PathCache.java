package io.linewatch.dissectors.enip;

import java.util.Arrays;

/**
 * The request paths one connection decoded lately, by their bytes: a poll names the same objects again and again
 * (each service of a Multiple Service Packet its own path), and an {@link EPath} is a function of its bytes that
 * nothing writes once parsed, so a repeated path is looked up, not parsed and allocated again. Direct-mapped and
 * bounded: {@link #SLOTS} paths of at most {@link #MAX_KEY_BYTES} bytes; a path that collides replaces the one in its
 * slot, a longer one is parsed every time. A hit compares every byte of the key, so a changed path is never served.
 */
final class PathCache {
    /** Paths kept per connection (a power of two): more than the distinct paths of a usual poll. */
    static final int SLOTS = 32;
    /** Longer paths (long tag names, deep routes) are parsed every time. */
    static final int MAX_KEY_BYTES = 64;

    private final byte[][] keys = new byte[SLOTS][];
    private final EPath[] paths = new EPath[SLOTS];

    /** The path decoded from {@code len} bytes at {@code off}: the one cached for the same bytes, or a new one. */
    EPath parse(byte[] b, int off, int len) {
        if (len > MAX_KEY_BYTES) {
            return EPath.parse(b, off, len);
        }
        int slot = hash(b, off, len) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, b, off, off + len)) {
            return paths[slot];
        }
        EPath path = EPath.parse(b, off, len);
        keys[slot] = Arrays.copyOfRange(b, off, off + len);
        paths[slot] = path;
        return path;
    }

    private static int hash(byte[] b, int off, int len) {
        int h = len;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }
}
