package io.linewatch.baseline;

/**
 * 64-bit keys of learned entries, mixed from small integers (device ids, protocol, unit, function, area id,
 * numbers) without building a string. Each entry keeps its parts, so the rare collision of two keys is caught
 * on lookup and counted instead of merging two entries.
 */
final class Keys {
    private Keys() {
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** One finaliser per part (the profile's top cost of the update path was two). */
    static long of(long a, long b) {
        return mix(a ^ (b * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
    }

    static long of(long a, long b, long c) {
        return of(of(a, b), c);
    }

    static long of(long a, long b, long c, long d) {
        return of(of(a, b, c), d);
    }

    static long of(long a, long b, long c, long d, long e) {
        return of(of(a, b, c, d), e);
    }

    static long of(long a, long b, long c, long d, long e, long f) {
        return of(of(a, b, c, d, e), f);
    }
}
