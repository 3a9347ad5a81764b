package io.linewatch.dissectors.enip;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;
import io.linewatch.model.transaction.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoded padded EPATH (CIP Vol. 1, Appendix C): the first class, instance, attribute, member and
 * connection point of its logical segments, port segments (routing hops), and the Logix tag name
 * built from symbolic / ANSI extended symbolic segments ({@code Program:Main.Tag[3]}).
 * Decoding never throws: a segment it cannot read sets {@link #anomaly} and ends the walk. Nothing writes a path
 * once it is parsed: a connection's {@link PathCache} shares one among the requests that carry the same bytes.
 */
public final class EPath {
    /** Segment types: the top three bits of a segment's first byte. */
    enum SegmentType {
        PORT(0), LOGICAL(1), NETWORK(2), SYMBOLIC(3), DATA(4), CONSTRUCTED_DATA_TYPE(5), ELEMENTARY_DATA_TYPE(6), RESERVED(7);

        final int code;

        SegmentType(int code) {
            this.code = code;
        }

        private static final SegmentType[] BY_CODE = values(); // values() copies its array on every call

        static SegmentType of(int firstByte) {
            return BY_CODE[(firstByte >> 5) & 0x7];
        }
    }

    /** Logical segment types: bits 2-4 of a logical segment. */
    enum LogicalType {
        CLASS_ID(0), INSTANCE_ID(1), MEMBER_ID(2), CONNECTION_POINT(3), ATTRIBUTE_ID(4), SPECIAL(5), SERVICE_ID(6), EXTENDED(7);

        final int code;

        LogicalType(int code) {
            this.code = code;
        }

        private static final LogicalType[] BY_CODE = values();

        static LogicalType of(int firstByte) {
            return BY_CODE[(firstByte >> 2) & 0x7];
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
    /** Format byte, then vendor(2) device type(2) product code(2) revision(2). */
    static final int ELECTRONIC_KEY_LENGTH = 10;
    static final int MAX_SYMBOL_LENGTH = 512;
    /** Routing hops kept. */
    static final int MAX_PORTS = 8;

    public long classId = -1;
    public long instanceId = -1;
    public long attributeId = -1;
    public long memberId = -1;
    public long connectionPoint = -1;
    /** Logix tag name, null when the path has no symbolic segment. */
    public String symbol;
    /** Routing hops, as {@code port/link} text ({@code 1/0} = backplane slot 0). */
    public List<String> ports = List.of();
    /** Why decoding stopped early, or null. */
    public CipAnomaly anomaly;
    /** {@link #anomaly}'s code, or null. */
    public String error;

    /** The tag name being built; dropped once parsed. */
    private StringBuilder tag;
    /** What a segment cut short means, set by each segment before it reads. */
    private CipAnomaly truncated = CipAnomaly.PATH_TRUNCATED;
    /** {@link #objects()}, made at the first ask and shared by the transactions of every request on this path. */
    private ObjectRef[] objects;

    /** Decodes {@code len} bytes of padded EPATH at {@code off}. */
    public static EPath parse(byte[] b, int off, int len) {
        EPath p = new EPath();
        if (len > 0) {
            ByteReader r = new ByteReader(b, off, len, "cip_path");
            while (r.remaining() > 0 && p.error == null) {
                try {
                    p.segment(r);
                } catch (DecodeException e) {
                    p.fail(p.truncated);
                }
            }
        }
        if (p.tag != null) {
            p.symbol = p.tag.toString();
            p.tag = null;
        }
        return p;
    }

    /**
     * What a request on this path addresses, when its service data adds nothing: the Logix tag it names, else its
     * class/instance/attribute; null when it names neither. Transactions never write into their objects.
     */
    ObjectRef[] objects() {
        if (objects == null && (symbol != null || classId >= 0)) {
            objects = new ObjectRef[] {symbol != null ? ObjectRef.named("tag", symbol)
                    : ObjectRef.cip(classId, instanceId, attributeId)};
        }
        return objects;
    }

    public boolean symbolic() {
        return symbol != null;
    }

    /** Decodes the segment at the reader; a segment cut short sets {@link #truncated}'s anomaly. */
    private void segment(ByteReader r) {
        int first = r.peekU8(0);
        switch (SegmentType.of(first)) {
            case PORT -> port(r, first);
            case LOGICAL -> logical(r, first);
            case NETWORK -> {
                // 0x5X: data size in words follows; other network segments carry one byte
                truncated = CipAnomaly.NETWORK_SEGMENT_TRUNCATED;
                r.skip(1);
                r.skip((first & 0x10) != 0 ? 2 * r.u8() : 1);
            }
            case SYMBOLIC -> {
                int size = first & 0x1f;
                if (size == 0) {
                    fail(CipAnomaly.EXTENDED_SYMBOLIC_SEGMENT_UNSUPPORTED);
                    return;
                }
                truncated = CipAnomaly.SYMBOLIC_SEGMENT_TRUNCATED;
                r.skip(1);
                String name = new String(r.bytes(size), StandardCharsets.ISO_8859_1);
                r.skip((1 + size) & 1);
                appendName(name);
            }
            case DATA -> {
                truncated = CipAnomaly.DATA_SEGMENT_TRUNCATED;
                r.skip(1);
                int size = r.u8();
                if (first == DATA_ANSI_EXTENDED_SYMBOL) {
                    truncated = CipAnomaly.SYMBOL_TRUNCATED;
                    String name = new String(r.bytes(size), StandardCharsets.ISO_8859_1);
                    r.skip(size & 1);
                    appendName(name);
                } else if (first == DATA_SIMPLE) {
                    r.skip(2 * size);
                } else {
                    fail(CipAnomaly.UNKNOWN_DATA_SEGMENT);
                }
            }
            default -> fail(CipAnomaly.UNSUPPORTED_SEGMENT_TYPE);
        }
    }

    private void port(ByteReader r, int first) {
        truncated = CipAnomaly.PORT_SEGMENT_TRUNCATED;
        int start = r.consumed();
        r.skip(1);
        int portId = first & 0x0f;
        int linkSize = (first & 0x10) != 0 ? r.u8() : 1;
        if (portId == EXTENDED_PORT) {
            portId = r.u16le();
        }
        // one byte is a slot or node number; longer links are an IP address or name as text ("10.0.0.5")
        String link = linkSize == 1 ? Integer.toString(r.u8()) : r.paddedText(linkSize);
        if (((r.consumed() - start) & 1) != 0 && r.has(1)) {
            r.skip(1); // pad to an even length (a missing last pad byte is tolerated)
        }
        if (ports.isEmpty()) {
            ports = new ArrayList<>(2); // most paths have no port segment: no list for them
        }
        if (ports.size() < MAX_PORTS) {
            ports.add(portId + "/" + link);
        }
    }

    private void logical(ByteReader r, int first) {
        LogicalType type = LogicalType.of(first);
        int format = first & 0x3;
        if (type == LogicalType.SPECIAL) {
            // electronic key: format byte then 8 bytes of vendor/device type/product/revision
            if (!r.has(2) || r.peekU8(1) != ELECTRONIC_KEY_FORMAT) {
                fail(CipAnomaly.UNKNOWN_SPECIAL_SEGMENT);
                return;
            }
            truncated = CipAnomaly.ELECTRONIC_KEY_TRUNCATED;
            r.skip(ELECTRONIC_KEY_LENGTH);
            return;
        }
        truncated = CipAnomaly.LOGICAL_SEGMENT_TRUNCATED;
        long value;
        if (format == FORMAT_8) {
            r.skip(1);
            value = r.u8();
        } else if (format == FORMAT_16) {
            r.skip(2); // segment type and a pad byte
            value = r.u16le();
        } else if (format == FORMAT_32) {
            r.skip(2);
            value = r.u32le();
        } else {
            fail(CipAnomaly.RESERVED_LOGICAL_FORMAT);
            return;
        }
        switch (type) {
            case CLASS_ID -> {
                if (classId < 0) classId = value;
            }
            case INSTANCE_ID -> {
                if (instanceId < 0) instanceId = value;
            }
            case ATTRIBUTE_ID -> {
                if (attributeId < 0) attributeId = value;
            }
            case CONNECTION_POINT -> {
                if (connectionPoint < 0) connectionPoint = value;
            }
            case MEMBER_ID -> {
                if (tag != null) {
                    // after a tag name a member is an array element index
                    appendIndex(value);
                } else if (memberId < 0) {
                    memberId = value;
                }
            }
            default -> {
            }
        }
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

    private void fail(CipAnomaly why) {
        anomaly = why;
        error = why.code();
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
