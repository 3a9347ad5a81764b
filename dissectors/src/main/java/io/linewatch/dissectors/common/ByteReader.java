package io.linewatch.dissectors.common;

import java.nio.charset.StandardCharsets;

/**
 * The one byte reader of the dissectors: a bounds-checked cursor over part of a PDU, big-endian (Modbus,
 * S7comm) or little-endian (EtherNet/IP, CIP) reads, and absolute peeks. Reading past the part's end throws
 * {@link DecodeException} naming the part, which the decoder turns into a malformed message.
 */
public final class ByteReader {
    private final byte[] b;
    private final int start;
    private final int limit;
    private final String part;
    private int pos;

    /** @param part what is being read, for the error ({@code "s7_parameter"}, {@code "cip_path"}) */
    public ByteReader(byte[] b, int off, int len, String part) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new DecodeException(part + "_truncated");
        }
        this.b = b;
        this.start = off;
        this.pos = off;
        this.limit = off + len;
        this.part = part;
    }

    /** Absolute position in the underlying array. */
    public int position() {
        return pos;
    }

    /** Bytes read so far from the start of this part. */
    public int consumed() {
        return pos - start;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean has(int n) {
        return n >= 0 && n <= limit - pos;
    }

    private void need(int n) {
        if (n < 0 || n > limit - pos) {
            throw new DecodeException(part + "_truncated");
        }
    }

    public int u8() {
        need(1);
        return b[pos++] & 0xff;
    }

    public int u16() {
        need(2);
        int v = Bytes.u16be(b, pos);
        pos += 2;
        return v;
    }

    public int u16le() {
        need(2);
        int v = Bytes.u16le(b, pos);
        pos += 2;
        return v;
    }

    public int u24() {
        need(3);
        int v = (Bytes.u8(b, pos) << 16) | Bytes.u16be(b, pos + 1);
        pos += 3;
        return v;
    }

    public long u32() {
        need(4);
        long v = Bytes.u32be(b, pos);
        pos += 4;
        return v;
    }

    public long u32le() {
        need(4);
        long v = Bytes.u32le(b, pos);
        pos += 4;
        return v;
    }

    /** S7comm-plus variable-length integer: 7 bits per byte, high bit set on all but the last (at most 5 bytes). */
    public long varUint32() {
        long v = 0;
        for (int i = 0; i < 5; i++) {
            int octet = u8();
            v = (v << 7) | (octet & 0x7f);
            if ((octet & 0x80) == 0) {
                return v & 0xffffffffL;
            }
        }
        throw new DecodeException(part + "_varint_too_long");
    }

    /** As {@link #varUint32()} for 64-bit values (at most 9 bytes; the ninth carries 8 bits). */
    public long varUint64() {
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
        throw new DecodeException(part + "_varint_too_long");
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    /** Latin-1 text of {@code n} bytes, cut at the first NUL. */
    public String text(int n) {
        need(n);
        int end = pos;
        while (end < pos + n && b[end] != 0) {
            end++;
        }
        String s = new String(b, pos, end - pos, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /** Latin-1 text of {@code n} bytes without trailing NULs and spaces (padded identity strings). */
    public String paddedText(int n) {
        need(n);
        String s = Bytes.text(b, pos, n);
        pos += n;
        return s;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] copy = new byte[n];
        System.arraycopy(b, pos, copy, 0, n);
        pos += n;
        return copy;
    }

    /** Hex of {@code n} bytes from here, without moving. */
    public String peekHex(int n) {
        need(n);
        return Bytes.hex(b, pos, n);
    }

    /** The byte {@code ahead} bytes from here, without moving. */
    public int peekU8(int ahead) {
        need(ahead + 1);
        return b[pos + ahead] & 0xff;
    }

    /** A reader over the next {@code n} bytes; this one moves past them. */
    public ByteReader slice(int n, String slicePart) {
        need(n);
        ByteReader r = new ByteReader(b, pos, n, slicePart);
        pos += n;
        return r;
    }

    /** The underlying array, for handing a checked range to another decoder. */
    public byte[] array() {
        return b;
    }

    @Override
    public String toString() {
        return part + "[" + consumed() + "/" + (limit - start) + "]";
    }
}
