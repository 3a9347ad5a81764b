package io.linewatch.model;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic document ids: the same input capture always yields the same ids, so re-indexing
 * overwrites instead of duplicating. 128 bits of MurmurHash3 x64_128 (seed 0) over the UTF-8 text of the
 * parts that identify the document, each followed by a unit separator (0x1f), written as 32 hex digits.
 *
 * <p>The ids need to be unique and stable, not unforgeable: nothing trusts them for integrity, so a
 * non-cryptographic hash does (SHA-256 cost about 0.4 µs per document, more than decoding a packet). The
 * algorithm is Austin Appleby's MurmurHash3 ({@code MurmurHash3_x64_128} in
 * {@code https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp}, public domain), written
 * here from that reference; the digest bytes are {@code h1} then {@code h2}, each little-endian, as the reference
 * writes them (and as Guava's {@code Hashing.murmur3_128()} prints them: the test checks known vectors).
 */
public final class EventIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final byte SEPARATOR = 0x1f; // unit separator: ("ab","c") != ("a","bc")
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    /** Per-thread scratch for the parts' bytes (ids are made on every dissecting thread). */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[128]});

    private EventIds() {
    }

    /** The id of these parts ({@link String#valueOf} of each). */
    public static String of(Object... parts) {
        byte[][] holder = SCRATCH.get();
        int n = 0;
        for (Object p : parts) {
            byte[] b = String.valueOf(p).getBytes(StandardCharsets.UTF_8);
            holder[0] = ensure(holder[0], n + b.length + 1);
            System.arraycopy(b, 0, holder[0], n, b.length);
            n += b.length;
            holder[0][n++] = SEPARATOR;
        }
        return hex(holder[0], n);
    }

    /** The id of a record of a conversation: the same as {@code of(conversationId, sequence)}, without boxing. */
    public static String of(String conversationId, long sequence) {
        byte[][] holder = SCRATCH.get();
        byte[] buf = holder[0];
        int n = 0;
        int len = conversationId.length();
        buf = ensure(buf, len * 3 + 22);
        for (int i = 0; i < len; i++) {
            char c = conversationId.charAt(i);
            if (c >= 0x80) { // not ASCII (flow ids are): the general path
                return of(new Object[] {conversationId, sequence});
            }
            buf[n++] = (byte) c;
        }
        buf[n++] = SEPARATOR;
        String digits = Long.toString(sequence);
        for (int i = 0; i < digits.length(); i++) {
            buf[n++] = (byte) digits.charAt(i);
        }
        buf[n++] = SEPARATOR;
        holder[0] = buf;
        return hex(buf, n);
    }

    private static byte[] ensure(byte[] buf, int size) {
        return size <= buf.length ? buf : java.util.Arrays.copyOf(buf, Math.max(size, buf.length * 2));
    }

    /** The 32 hex digits of the MurmurHash3 x64_128 digest of {@code data} (for the test of known vectors). */
    static String digestHex(byte[] data) {
        return hex(data, data.length);
    }

    private static String hex(byte[] data, int len) {
        long[] h = murmur3x64x128(data, len, 0);
        char[] out = new char[32];
        for (int i = 0; i < 8; i++) {
            int b = (int) (h[0] >>> (8 * i)) & 0xff;
            out[2 * i] = HEX[b >> 4];
            out[2 * i + 1] = HEX[b & 0xf];
            int c = (int) (h[1] >>> (8 * i)) & 0xff;
            out[16 + 2 * i] = HEX[c >> 4];
            out[16 + 2 * i + 1] = HEX[c & 0xf];
        }
        return new String(out);
    }

    /** MurmurHash3_x64_128 of {@code data[0..len)}: {@code {h1, h2}}. */
    static long[] murmur3x64x128(byte[] data, int len, long seed) {
        long h1 = seed;
        long h2 = seed;
        int blocks = len / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndian(data, i * 16);
            long k2 = littleEndian(data, i * 16 + 8);
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16;
        long k1 = 0;
        long k2 = 0;
        switch (len & 15) {
            case 15: k2 ^= (long) (data[tail + 14] & 0xff) << 48; // fall through
            case 14: k2 ^= (long) (data[tail + 13] & 0xff) << 40; // fall through
            case 13: k2 ^= (long) (data[tail + 12] & 0xff) << 32; // fall through
            case 12: k2 ^= (long) (data[tail + 11] & 0xff) << 24; // fall through
            case 11: k2 ^= (long) (data[tail + 10] & 0xff) << 16; // fall through
            case 10: k2 ^= (long) (data[tail + 9] & 0xff) << 8; // fall through
            case 9:
                k2 ^= data[tail + 8] & 0xff;
                k2 *= C2;
                k2 = Long.rotateLeft(k2, 33);
                k2 *= C1;
                h2 ^= k2;
                // fall through
            case 8: k1 ^= (long) (data[tail + 7] & 0xff) << 56; // fall through
            case 7: k1 ^= (long) (data[tail + 6] & 0xff) << 48; // fall through
            case 6: k1 ^= (long) (data[tail + 5] & 0xff) << 40; // fall through
            case 5: k1 ^= (long) (data[tail + 4] & 0xff) << 32; // fall through
            case 4: k1 ^= (long) (data[tail + 3] & 0xff) << 24; // fall through
            case 3: k1 ^= (long) (data[tail + 2] & 0xff) << 16; // fall through
            case 2: k1 ^= (long) (data[tail + 1] & 0xff) << 8; // fall through
            case 1:
                k1 ^= data[tail] & 0xff;
                k1 *= C1;
                k1 = Long.rotateLeft(k1, 31);
                k1 *= C2;
                h1 ^= k1;
                break;
            default:
                break;
        }
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        return new long[] {h1, h2};
    }

    private static long littleEndian(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                | (b[i + 7] & 0xffL) << 56;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
