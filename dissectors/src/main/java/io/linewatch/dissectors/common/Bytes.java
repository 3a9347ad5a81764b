package io.linewatch.dissectors.common;

import java.nio.charset.StandardCharsets;

/** Unsigned reads from byte arrays; callers check bounds first (see {@link PduFramer} and the decoders). */
public final class Bytes {
    private Bytes() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16be(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    public static int u16le(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8);
    }

    public static long u32be(byte[] b, int off) {
        return ((long) u16be(b, off) << 16) | u16be(b, off + 2);
    }

    public static long u32le(byte[] b, int off) {
        return u16le(b, off) | ((long) u16le(b, off + 2) << 16);
    }

    /** Printable ASCII/Latin-1 text with trailing NULs and spaces removed. */
    public static String text(byte[] b, int off, int len) {
        int end = off + len;
        while (end > off && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    /** Lower-case hex of {@code len} bytes (written per S7 item value: one array, no builder). */
    public static String hex(byte[] b, int off, int len) {
        byte[] digits = new byte[len * 2];
        for (int i = 0; i < len; i++) {
            digits[2 * i] = HEX_DIGITS[(b[off + i] >> 4) & 0xf];
            digits[2 * i + 1] = HEX_DIGITS[b[off + i] & 0xf];
        }
        return new String(digits, StandardCharsets.ISO_8859_1);
    }
}
