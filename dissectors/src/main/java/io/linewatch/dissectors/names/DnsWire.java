package io.linewatch.dissectors.names;

import io.linewatch.dissectors.common.DecodeException;
import java.nio.charset.StandardCharsets;

/**
 * The DNS message format (RFC 1035 section 4), which the NetBIOS name service (RFC 1002 section 4.2), mDNS (RFC 6762)
 * and LLMNR (RFC 4795) share: a 12-byte header (id, flags, four section counts), then questions and resource records
 * whose names are labels with compression pointers. Bad bytes throw {@link DecodeException}, caught by the decoders.
 */
final class DnsWire {
    static final int HEADER = 12;
    static final int FLAG_RESPONSE = 0x8000;
    /** Names are at most 255 bytes (RFC 1035 2.3.4); a pointer chain longer than this is a loop. */
    static final int MAX_NAME = 255;
    static final int MAX_POINTERS = 16;
    /** Records read per message: a flood of records in one datagram is cut, not followed. */
    static final int MAX_RECORDS = 64;

    private final byte[] b;
    private final int start;
    private final int end;
    private int pos;

    final int flags;
    final int questions;
    final int records;

    DnsWire(byte[] b, int off, int len) {
        if (len < HEADER) {
            throw new DecodeException("dns_header_truncated");
        }
        this.b = b;
        this.start = off;
        this.end = off + len;
        this.pos = off + 2; // transaction id
        this.flags = u16();
        this.questions = u16();
        int answers = u16();
        int authority = u16();
        int additional = u16();
        this.records = Math.min(MAX_RECORDS, answers + authority + additional);
    }

    boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    int opcode() {
        return (flags >> 11) & 0xF;
    }

    int rcode() {
        return flags & 0xF;
    }

    int position() {
        return pos;
    }

    void seek(int absolute) {
        if (absolute < start || absolute > end) {
            throw new DecodeException("dns_record_truncated");
        }
        pos = absolute;
    }

    int u8() {
        need(pos, 1);
        return b[pos++] & 0xff;
    }

    int u16() {
        need(pos, 2);
        int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    void skip(int n) {
        need(pos, n);
        pos += n;
    }

    /** Four bytes as a dotted IPv4 address. */
    String ipv4() {
        need(pos, 4);
        String ip = (b[pos] & 0xff) + "." + (b[pos + 1] & 0xff) + "." + (b[pos + 2] & 0xff) + "." + (b[pos + 3] & 0xff);
        pos += 4;
        return ip;
    }

    /** Skips one question: its name, type and class. */
    void skipQuestion() {
        labels();
        skip(4);
    }

    /** The name here, labels joined by dots (Latin-1), following compression pointers; moves past it. */
    String name() {
        byte[] raw = labels();
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** The first label of the name here, raw (NetBIOS encodes the whole NetBIOS name in it); moves past the name. */
    byte[] firstLabel() {
        int at = resolve(pos);
        int len = b[at] & 0xff;
        need(at + 1, len);
        byte[] label = new byte[len];
        System.arraycopy(b, at + 1, label, 0, len);
        labels();
        return label;
    }

    /** Follows pointers from {@code p} to where a label starts. */
    private int resolve(int p) {
        for (int jumps = 0; ; jumps++) {
            need(p, 1);
            int len = b[p] & 0xff;
            if ((len & 0xC0) != 0xC0) {
                return p;
            }
            if (jumps == MAX_POINTERS) {
                throw new DecodeException("dns_pointer_loop");
            }
            p = pointer(p);
        }
    }

    private int pointer(int p) {
        need(p, 2);
        int target = start + (((b[p] & 0x3F) << 8) | (b[p + 1] & 0xff));
        if (target >= p) {
            throw new DecodeException("dns_pointer_forward"); // pointers point back, else they can loop
        }
        return target;
    }

    private byte[] labels() {
        StringBuilder name = new StringBuilder();
        int p = pos;
        int after = -1;
        int jumps = 0;
        while (true) {
            need(p, 1);
            int len = b[p] & 0xff;
            if (len == 0) {
                p++;
                break;
            }
            if ((len & 0xC0) == 0xC0) {
                if (after < 0) {
                    after = p + 2;
                }
                if (++jumps > MAX_POINTERS) {
                    throw new DecodeException("dns_pointer_loop");
                }
                p = pointer(p);
                continue;
            }
            if ((len & 0xC0) != 0) {
                throw new DecodeException("dns_label_type");
            }
            need(p + 1, len);
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(b, p + 1, len, StandardCharsets.ISO_8859_1));
            if (name.length() > MAX_NAME) {
                throw new DecodeException("dns_name_too_long");
            }
            p += 1 + len;
        }
        pos = after >= 0 ? after : p;
        return name.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void need(int at, int n) {
        if (n < 0 || at < start || at + n > end) {
            throw new DecodeException("dns_truncated");
        }
    }

    /** A name a person can read: printable ASCII only (names from the wire end up in exports). */
    static boolean readable(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
