package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoded padded EPATH (CIP Vol. 1, Appendix C): the first class, instance, attribute, member and
 * connection point of its logical segments, port segments (routing hops), and the Logix tag name
 * built from symbolic / ANSI extended symbolic segments ({@code Program:Main.Tag[3]}).
 * Decoding never throws: a segment it cannot read sets {@link #error} and ends the walk.
 */
public final class EPath {
    /** Segment types: the top three bits of a segment's first byte. */
    enum SegmentType {
        PORT(0), LOGICAL(1), NETWORK(2), SYMBOLIC(3), DATA(4), CONSTRUCTED_DATA_TYPE(5), ELEMENTARY_DATA_TYPE(6), RESERVED(7);

        final int code;

        SegmentType(int code) {
            this.code = code;
        }

        static SegmentType of(int firstByte) {
            return values()[(firstByte >> 5) & 0x7];
        }
    }

    /** Logical segment types: bits 2-4 of a logical segment. */
    enum LogicalType {
        CLASS_ID(0), INSTANCE_ID(1), MEMBER_ID(2), CONNECTION_POINT(3), ATTRIBUTE_ID(4), SPECIAL(5), SERVICE_ID(6), EXTENDED(7);

        final int code;

        LogicalType(int code) {
            this.code = code;
        }

        static LogicalType of(int firstByte) {
            return values()[(firstByte >> 2) & 0x7];
        }
    }

    /** Data segment subtypes. */
    static final int DATA_SIMPLE = 0x80;
    static final int DATA_ANSI_EXTENDED_SYMBOL = 0x91;
    /** Logical format (bits 0-1): 8-, 16- or 32-bit value. */
    static final int FORMAT_8 = 0;
    static final int FORMAT_16 = 1;
    static final int FORMAT_32 = 2;
    /** Port number meaning "a 16-bit port number follows". */
    static final int EXTENDED_PORT = 0x0F;
    /** Electronic key format carried by a special logical segment. */
    static final int ELECTRONIC_KEY_FORMAT = 0x04;
    static final int MAX_SYMBOL_LENGTH = 512;

    public long classId = -1;
    public long instanceId = -1;
    public long attributeId = -1;
    public long memberId = -1;
    public long connectionPoint = -1;
    /** Logix tag name, null when the path has no symbolic segment. */
    public String symbol;
    /** Routing hops, as {@code port/link} text ({@code 1/0} = backplane slot 0). */
    public final List<String> ports = new ArrayList<>(2);
    /** Why decoding stopped early, or null. */
    public String error;

    private StringBuilder tag;

    /** Decodes {@code len} bytes of padded EPATH at {@code off}. */
    public static EPath parse(byte[] b, int off, int len) {
        EPath p = new EPath();
        int pos = off;
        int end = off + len;
        while (pos < end && p.error == null) {
            int used = p.segment(b, pos, end);
            if (used <= 0) {
                break;
            }
            pos += used;
        }
        if (p.tag != null) {
            p.symbol = p.tag.toString();
        }
        return p;
    }

    public boolean symbolic() {
        return symbol != null;
    }

    /** Decodes the segment at {@code pos}; returns its length, 0 after setting {@link #error}. */
    private int segment(byte[] b, int pos, int end) {
        int first = b[pos] & 0xff;
        int avail = end - pos;
        switch (SegmentType.of(first)) {
            case PORT:
                return port(b, pos, end, first);
            case LOGICAL:
                return logical(b, pos, avail, first);
            case NETWORK: {
                // 0x5X: data size in words follows; other network segments carry one byte
                int n = (first & 0x10) != 0 ? (avail >= 2 ? 2 + 2 * (b[pos + 1] & 0xff) : -1) : 2;
                return n > 0 && n <= avail ? n : fail("network_segment_truncated");
            }
            case SYMBOLIC: {
                int size = first & 0x1f;
                if (size == 0) {
                    return fail("extended_symbolic_segment_unsupported");
                }
                int n = 1 + size + ((1 + size) & 1);
                if (n > avail) {
                    return fail("symbolic_segment_truncated");
                }
                appendName(new String(b, pos + 1, size, StandardCharsets.ISO_8859_1));
                return n;
            }
            case DATA: {
                if (avail < 2) {
                    return fail("data_segment_truncated");
                }
                int size = b[pos + 1] & 0xff;
                if (first == DATA_ANSI_EXTENDED_SYMBOL) {
                    int n = 2 + size + (size & 1);
                    if (n > avail) {
                        return fail("symbol_truncated");
                    }
                    appendName(new String(b, pos + 2, size, StandardCharsets.ISO_8859_1));
                    return n;
                }
                if (first == DATA_SIMPLE) {
                    int n = 2 + 2 * size;
                    return n <= avail ? n : fail("data_segment_truncated");
                }
                return fail("unknown_data_segment");
            }
            default:
                return fail("unsupported_segment_type");
        }
    }

    private int port(byte[] b, int pos, int end, int first) {
        boolean extendedLink = (first & 0x10) != 0;
        int portId = first & 0x0f;
        int p = pos + 1;
        int linkSize = 1;
        if (extendedLink) {
            if (p >= end) {
                return fail("port_segment_truncated");
            }
            linkSize = b[p++] & 0xff;
        }
        if (portId == EXTENDED_PORT) {
            if (p + 2 > end) {
                return fail("port_segment_truncated");
            }
            portId = Bytes.u16le(b, p);
            p += 2;
        }
        if (p + linkSize > end) {
            return fail("port_segment_truncated");
        }
        String link;
        if (linkSize == 1) {
            link = Integer.toString(b[p] & 0xff);
        } else {
            // an IP address or name as text (e.g. "10.0.0.5")
            link = Bytes.text(b, p, linkSize);
        }
        p += linkSize;
        if (((p - pos) & 1) != 0) {
            p++; // pad to an even length
        }
        if (ports.size() < 8) {
            ports.add(portId + "/" + link);
        }
        return Math.min(p, end) - pos;
    }

    private int logical(byte[] b, int pos, int avail, int first) {
        LogicalType type = LogicalType.of(first);
        int format = first & 0x3;
        if (type == LogicalType.SPECIAL) {
            // electronic key: format byte then 8 bytes of vendor/device type/product/revision
            if (avail < 2 || (b[pos + 1] & 0xff) != ELECTRONIC_KEY_FORMAT) {
                return fail("unknown_special_segment");
            }
            return avail >= 10 ? 10 : fail("electronic_key_truncated");
        }
        long value;
        int n;
        if (format == FORMAT_8) {
            n = 2;
            if (avail < n) {
                return fail("logical_segment_truncated");
            }
            value = b[pos + 1] & 0xff;
        } else if (format == FORMAT_16) {
            n = 4;
            if (avail < n) {
                return fail("logical_segment_truncated");
            }
            value = Bytes.u16le(b, pos + 2);
        } else if (format == FORMAT_32) {
            n = 6;
            if (avail < n) {
                return fail("logical_segment_truncated");
            }
            value = Bytes.u32le(b, pos + 2);
        } else {
            return fail("reserved_logical_format");
        }
        switch (type) {
            case CLASS_ID:
                if (classId < 0) classId = value;
                break;
            case INSTANCE_ID:
                if (instanceId < 0) instanceId = value;
                break;
            case ATTRIBUTE_ID:
                if (attributeId < 0) attributeId = value;
                break;
            case CONNECTION_POINT:
                if (connectionPoint < 0) connectionPoint = value;
                break;
            case MEMBER_ID:
                if (tag != null) {
                    // after a tag name a member is an array element index
                    appendIndex(value);
                } else if (memberId < 0) {
                    memberId = value;
                }
                break;
            default:
                break;
        }
        return n;
    }

    private void appendName(String name) {
        if (tag == null) {
            tag = new StringBuilder(name.length() + 8);
        } else if (tag.length() < MAX_SYMBOL_LENGTH) {
            tag.append('.');
        }
        if (tag.length() < MAX_SYMBOL_LENGTH) {
            tag.append(name);
        }
    }

    private void appendIndex(long index) {
        int len = tag.length();
        if (len < MAX_SYMBOL_LENGTH) {
            if (len > 0 && tag.charAt(len - 1) == ']') {
                tag.setLength(len - 1);
                tag.append(',').append(index).append(']');
            } else {
                tag.append('[').append(index).append(']');
            }
        }
    }

    private int fail(String reason) {
        error = reason;
        return 0;
    }

    /** Readable form for connection paths: {@code 1/0 class 0x02 instance 1}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (String p : ports) {
            sb.append(sb.length() > 0 ? " " : "").append("port ").append(p);
        }
        if (classId >= 0) sb.append(sb.length() > 0 ? " " : "").append(String.format("class 0x%02x", classId));
        if (instanceId >= 0) sb.append(" instance ").append(instanceId);
        if (connectionPoint >= 0) sb.append(" connection_point ").append(connectionPoint);
        if (attributeId >= 0) sb.append(" attribute ").append(attributeId);
        if (symbol != null) sb.append(sb.length() > 0 ? " " : "").append("tag ").append(symbol);
        return sb.toString();
    }
}
