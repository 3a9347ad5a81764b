package io.linewatch.dissectors.s7comm;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.DecodeException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the S7comm-plus value and object encodings far enough to walk past them and keep what names the action:
 * <pre>
 * value      datatype flags (1: 0x10 array, 0x20 address array, 0x40 sparse array) | datatype (1) | data
 *            arrays: count (VLQ) then the elements; sparse arrays: (key VLQ, element)... until key 0
 * id/value   id (VLQ) | value ... until id 0 (a struct's members, a blob's content)
 * object     0xA1 | relation id (4) | class id (VLQ) | class flags (VLQ) | attribute id (VLQ) [| its flags (VLQ)]
 *            then elements: 0xA3 attribute (one id/value), 0xA4 relation (id VLQ, 4 bytes), 0xA1 nested object,
 *            0xAB/0xAC type/name lists (u16-length blocks until length 0) ... until 0xA2
 * </pre>
 * VLQ: 7 bits per byte, high bit = more; the signed form carries the sign in bit 6 of the first byte.
 * Layouts from Thomas Wiens' Wireshark plugin (s7commwireshark {@code packet-s7comm_plus.c}:
 * {@code s7commp_decode_value}, {@code s7commp_decode_id_value_list}, {@code s7commp_decode_object},
 * {@code s7commp_decode_packed_struct}, {@code tvb_get_varint32}). Anything it cannot place (a tag description, an
 * unknown datatype) ends the walk with a {@link DecodeException}; what was read before stays.
 */
final class S7PlusValues {
    /** What the walk reports: every id/value pair (scalars decoded, others null) and every object start. */
    interface Sink {
        default void attribute(long id, Object value) {
        }

        default void object(long relationId, long classId, int depth) {
        }
    }

    static final int FLAG_ARRAY = 0x10;
    static final int FLAG_ADDRESS_ARRAY = 0x20;
    static final int FLAG_SPARSE_ARRAY = 0x40;

    static final int TYPE_NULL = 0x00;
    static final int TYPE_BOOL = 0x01;
    static final int TYPE_USINT = 0x02;
    static final int TYPE_UINT = 0x03;
    static final int TYPE_UDINT = 0x04;
    static final int TYPE_ULINT = 0x05;
    static final int TYPE_SINT = 0x06;
    static final int TYPE_INT = 0x07;
    static final int TYPE_DINT = 0x08;
    static final int TYPE_LINT = 0x09;
    static final int TYPE_BYTE = 0x0a;
    static final int TYPE_WORD = 0x0b;
    static final int TYPE_DWORD = 0x0c;
    static final int TYPE_LWORD = 0x0d;
    static final int TYPE_REAL = 0x0e;
    static final int TYPE_LREAL = 0x0f;
    static final int TYPE_TIMESTAMP = 0x10;
    static final int TYPE_TIMESPAN = 0x11;
    static final int TYPE_RID = 0x12;
    static final int TYPE_AID = 0x13;
    static final int TYPE_BLOB = 0x14;
    static final int TYPE_WSTRING = 0x15;
    static final int TYPE_VARIANT = 0x16;
    static final int TYPE_STRUCT = 0x17;

    static final int ELEMENT_START_OBJECT = 0xa1;
    static final int ELEMENT_TERMINATE_OBJECT = 0xa2;
    static final int ELEMENT_ATTRIBUTE = 0xa3;
    static final int ELEMENT_RELATION = 0xa4;
    static final int ELEMENT_VAR_TYPE_LIST = 0xab;
    static final int ELEMENT_VAR_NAME_LIST = 0xac;

    /** Nesting beyond this is not a real message: stop instead of recursing on. */
    static final int MAX_DEPTH = 32;
    /** Longest string kept as a value (longer ones are skipped). */
    static final int MAX_STRING = 256;

    private S7PlusValues() {
    }

    /** Signed VLQ (32 bits): sign in bit 6 of the first byte. */
    static long varInt(ByteReader r) {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            int octet = r.u8();
            if (i == 0 && (octet & 0x40) != 0) {
                value = -1L << 6 | (octet & 0x3f);
            } else if (i == 0) {
                value = octet & 0x3f;
            } else {
                value = (value << 7) | (octet & 0x7f);
            }
            if ((octet & 0x80) == 0) {
                return (int) value; // 32-bit, as the plugin reads it
            }
        }
        throw new DecodeException("s7comm_plus_varint_too_long");
    }

    /** One value; returns the scalar it holds (Long, Boolean, String) or null for composites and blobs. */
    static Object value(ByteReader r, Sink sink, int depth) {
        checkDepth(depth);
        int flags = r.u8();
        int type = r.u8();
        if (type == TYPE_STRUCT) {
            long structId = r.u32();
            if ((flags & FLAG_ADDRESS_ARRAY) != 0) {
                long count = r.varUint32();
                for (long i = 0; i < count; i++) {
                    idValueList(r, sink, depth + 1);
                }
            } else if (packedStruct(structId)) {
                skipPackedStruct(r);
            } else {
                idValueList(r, sink, depth + 1);
            }
            return null;
        }
        if ((flags & FLAG_SPARSE_ARRAY) != 0) {
            while (r.varUint32() != 0) {
                element(r, type, sink, depth);
            }
            return null;
        }
        if ((flags & (FLAG_ARRAY | FLAG_ADDRESS_ARRAY)) != 0) {
            long count = r.varUint32();
            for (long i = 0; i < count; i++) {
                element(r, type, sink, depth);
            }
            return null;
        }
        return element(r, type, sink, depth);
    }

    /** Id/value pairs until id 0, each reported to the sink. */
    static void idValueList(ByteReader r, Sink sink, int depth) {
        checkDepth(depth);
        long id;
        while ((id = r.varUint32()) != 0) {
            sink.attribute(id, value(r, sink, depth));
        }
    }

    /** An object (at its 0xA1) with everything nested in it, up to its 0xA2. */
    static void object(ByteReader r, Sink sink, int depth) {
        checkDepth(depth);
        if (r.u8() != ELEMENT_START_OBJECT) {
            throw new DecodeException("s7comm_plus_object_expected");
        }
        long relationId = r.u32();
        long classId = r.varUint32();
        r.varUint32(); // class flags
        if (r.varUint32() != 0) { // attribute id, then its flags
            r.varUint32();
        }
        sink.object(relationId, classId, depth);
        while (true) {
            int element = r.peekU8(0);
            switch (element) {
                case ELEMENT_TERMINATE_OBJECT -> {
                    r.u8();
                    return;
                }
                case ELEMENT_START_OBJECT -> object(r, sink, depth + 1);
                case ELEMENT_ATTRIBUTE -> {
                    r.u8();
                    long id = r.varUint32();
                    sink.attribute(id, value(r, sink, depth + 1));
                }
                case ELEMENT_RELATION -> {
                    r.u8();
                    r.varUint32();
                    r.u32();
                }
                case ELEMENT_VAR_TYPE_LIST, ELEMENT_VAR_NAME_LIST -> {
                    r.u8();
                    int length;
                    while ((length = r.u16()) > 0) {
                        r.skip(length);
                    }
                }
                default -> throw new DecodeException("s7comm_plus_object_element_not_decoded");
            }
        }
    }

    private static Object element(ByteReader r, int type, Sink sink, int depth) {
        switch (type) {
            case TYPE_NULL:
                return null;
            case TYPE_BOOL:
                return r.u8() != 0;
            case TYPE_USINT, TYPE_BYTE:
                return (long) r.u8();
            case TYPE_SINT:
                return (long) (byte) r.u8();
            case TYPE_UINT, TYPE_WORD:
                return (long) r.u16();
            case TYPE_INT:
                return (long) (short) r.u16();
            case TYPE_UDINT, TYPE_AID:
                return r.varUint32();
            case TYPE_ULINT:
                return r.varUint64();
            case TYPE_DINT:
                return varInt(r);
            case TYPE_LINT, TYPE_TIMESPAN:
                r.varUint64(); // signed 64-bit VLQ: same length as the unsigned one
                return null;
            case TYPE_DWORD, TYPE_RID:
                return r.u32();
            case TYPE_REAL:
                r.skip(4);
                return null;
            case TYPE_LWORD, TYPE_LREAL, TYPE_TIMESTAMP:
                r.skip(8);
                return null;
            case TYPE_WSTRING: {
                int length = length(r);
                if (length > MAX_STRING) {
                    r.skip(length);
                    return null;
                }
                return new String(r.bytes(length), StandardCharsets.UTF_8);
            }
            case TYPE_VARIANT: {
                r.u8(); // flags
                return element(r, r.u8(), sink, depth);
            }
            case TYPE_BLOB:
                blob(r, sink, depth);
                return null;
            default:
                throw new DecodeException("s7comm_plus_datatype_not_decoded");
        }
    }

    /** Blob: root id (VLQ); above 1 a 8-byte header and a type (0 an id/value list, 2/3 sized bytes); else sized bytes. */
    private static void blob(ByteReader r, Sink sink, int depth) {
        long rootId = r.varUint32();
        if (rootId > 1) {
            r.skip(8);
            int blobType = r.u8();
            if (blobType == 0x00) {
                idValueList(r, sink, depth + 1);
                return;
            }
            if (blobType != 0x02 && blobType != 0x03) {
                throw new DecodeException("s7comm_plus_blob_type_not_decoded");
            }
        }
        r.skip(length(r));
    }

    /** Packed structs (DTL and type-info structs): their members travel as raw bytes. */
    private static boolean packedStruct(long structId) {
        return (structId > 0x90000000L && structId < 0x9fffffffL) || (structId > 0x02000000L && structId < 0x02ffffffL);
    }

    /** Timestamp (8), transport flags (VLQ), element count (VLQ) [, second count when flags has 0x400], bytes. */
    private static void skipPackedStruct(ByteReader r) {
        r.skip(8);
        long transportFlags = r.varUint32();
        long count = r.varUint32();
        if ((transportFlags & 0x400) != 0) {
            count = r.varUint32();
        }
        r.skip(checkedLength(count));
    }

    private static int length(ByteReader r) {
        return checkedLength(r.varUint32());
    }

    private static int checkedLength(long length) {
        if (length > Integer.MAX_VALUE) {
            throw new DecodeException("s7comm_plus_length_too_large");
        }
        return (int) length;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new DecodeException("s7comm_plus_nesting_too_deep");
        }
    }
}
