package io.linewatch.dissectors.s7comm;

import java.nio.charset.StandardCharsets;

/** Bounds-checked big-endian reads over one part of a PDU; running past its end is a malformed PDU. */
final class PduReader {
    private final byte[] b;
    private int pos;
    private final int limit;
    private final String part;

    PduReader(byte[] b, int off, int len, String part) {
        this.b = b;
        this.pos = off;
        this.limit = off + len;
        this.part = part;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    boolean has(int n) {
        return n <= limit - pos;
    }

    private void need(int n) throws MalformedPduException {
        if (n < 0 || n > limit - pos) {
            throw new MalformedPduException(part + "_truncated");
        }
    }

    int u8() throws MalformedPduException {
        need(1);
        return b[pos++] & 0xff;
    }

    int u16() throws MalformedPduException {
        need(2);
        int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int u24() throws MalformedPduException {
        need(3);
        int v = ((b[pos] & 0xff) << 16) | ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff);
        pos += 3;
        return v;
    }

    long u32() throws MalformedPduException {
        need(4);
        long v = ((long) (b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** S7comm-plus variable-length integer: 7 bits per byte, high bit set on all but the last (at most 5 bytes). */
    long varUint32() throws MalformedPduException {
        long v = 0;
        for (int i = 0; i < 5; i++) {
            int octet = u8();
            v = (v << 7) | (octet & 0x7f);
            if ((octet & 0x80) == 0) {
                return v & 0xffffffffL;
            }
        }
        throw new MalformedPduException(part + "_varint_too_long");
    }

    /** As {@link #varUint32()} for 64-bit values (at most 9 bytes; the ninth carries 8 bits). */
    long varUint64() throws MalformedPduException {
        long v = 0;
        for (int i = 0; i < 9; i++) {
            int octet = u8();
            if (i == 8) {
                return (v << 8) | octet;
            }
            v = (v << 7) | (octet & 0x7f);
            if ((octet & 0x80) == 0) {
                return v;
            }
        }
        throw new MalformedPduException(part + "_varint_too_long");
    }

    void skip(int n) throws MalformedPduException {
        need(n);
        pos += n;
    }

    /** Latin-1 text of {@code n} bytes, cut at the first NUL. */
    String text(int n) throws MalformedPduException {
        need(n);
        int end = pos;
        while (end < pos + n && b[end] != 0) {
            end++;
        }
        String s = new String(b, pos, end - pos, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    byte[] bytes(int n) throws MalformedPduException {
        need(n);
        byte[] copy = new byte[n];
        System.arraycopy(b, pos, copy, 0, n);
        pos += n;
        return copy;
    }

    /** Hex of {@code n} bytes at absolute position {@code at} (already read past). */
    String hexAt(int at, int n) {
        return io.linewatch.dissectors.common.Bytes.hex(b, at, n);
    }

    /** A reader over the next {@code n} bytes; this reader moves past them. */
    PduReader slice(int n, String slicePart) throws MalformedPduException {
        need(n);
        PduReader r = new PduReader(b, pos, n, slicePart);
        pos += n;
        return r;
    }
}
