package io.linewatch.dissectors.s7comm;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.dissectors.common.DecodeException;
import io.linewatch.model.schema.S7commFields;
import io.linewatch.model.transaction.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one S7comm PDU (protocol id 0x32), as carried in a reassembled COTP DT:
 * <pre>
 * header    0x32 | ROSCTR | redundancy id (2) | PDU reference (2) | parameter length (2) | data length (2)
 *           [+ error class | error code for Ack / Ack_Data]
 * parameter function (Job/Ack_Data) or the userdata parameter head 00 01 12
 * data      items (read/write var) or the userdata data part
 * </pre>
 * Pure byte parsing: no flow state (pairing and SZL reassembly live in {@link S7commDissector}). Bytes that do
 * not fit the layout give a message carrying the reason ({@link S7commMessage#malformedReason}), never an exception.
 */
final class S7commDecoder {
    static final int PROTOCOL_ID = 0x32;
    static final int HEADER_LENGTH = 10;
    static final int ACK_HEADER_LENGTH = 12;
    /** Items recorded per PDU; more are counted and flagged, not listed. */
    static final int MAX_ITEMS = 64;
    /** Bytes of a value shown (hex) per item. */
    static final int MAX_VALUE_BYTES = 64;
    /** Userdata payload kept for SZL decoding. */
    static final int MAX_USERDATA_PAYLOAD = 65536;
    /** Variable specification marker before every read/write var item address. */
    private static final int VAR_SPEC = 0x12;
    private static final int USERDATA_METHOD_REQUEST = 0x11;
    static final String ACTION_CYCLIC_DATA = "cyclic_data";

    private S7commDecoder() {
    }

    /**
     * The PDU's message. Lenient where Wireshark is: once the header and the function (or userdata group and
     * sub-function) are read, a parameter or data part shorter than its layout leaves a message of that function
     * with the {@code layout_truncated} anomaly (it pairs with its reply); only bytes that do not get that far
     * give a message carrying nothing but the reason (a malformed record).
     */
    static S7commMessage decode(byte[] b, int off, int len) {
        S7commMessage m = new S7commMessage();
        try {
            decode(m, b, off, len);
            return m;
        } catch (DecodeException e) {
            if (m.action != null) {
                m.anomaly(S7commAnomaly.LAYOUT_TRUNCATED);
                return m;
            }
            S7commMessage malformed = new S7commMessage();
            malformed.malformedReason = e.reason();
            return malformed;
        }
    }

    private static void decode(S7commMessage m, byte[] b, int off, int len) {
        ByteReader header = new ByteReader(b, off, len, "header");
        if (header.u8() != PROTOCOL_ID) {
            throw new DecodeException("not_s7comm");
        }
        m.rosctr = header.u8();
        S7Rosctr rosctr = S7Rosctr.of(m.rosctr);
        if (rosctr == null) {
            throw new DecodeException("unknown_rosctr");
        }
        header.skip(2); // redundancy identification, reserved
        m.pduReference = header.u16();
        int paramLength = header.u16();
        int dataLength = header.u16();
        if (rosctr.hasErrorFields()) {
            m.errorClass = header.u8();
            m.errorCode = header.u8();
        }
        if (header.remaining() < paramLength + dataLength) {
            if (header.remaining() == 0) {
                throw new DecodeException("parameter_or_data_truncated");
            }
            // Wireshark decodes what is there: so do we, and say the header promised more
            m.anomaly(S7commAnomaly.PARAMETER_OR_DATA_TRUNCATED);
            paramLength = Math.min(paramLength, header.remaining());
            dataLength = header.remaining() - paramLength;
        }
        if (header.remaining() > paramLength + dataLength) {
            m.anomaly(S7commAnomaly.TRAILING_BYTES);
        }
        ByteReader param = header.slice(paramLength, "parameter");
        ByteReader data = header.slice(dataLength, "data");
        switch (rosctr) {
            case JOB -> job(m, param, data);
            case ACK, ACK_DATA -> ackData(m, param, data);
            case USERDATA -> userdata(m, param, data);
            default -> throw new DecodeException("unknown_rosctr");
        }
    }

    // ---- Job and Ack_Data ----------------------------------------------------------------------

    private static void job(S7commMessage m, ByteReader param, ByteReader data) {
        m.function = param.u8();
        S7JobFunction f = S7JobFunction.of(m.function);
        if (f == null) {
            m.action = "function_0x" + Integer.toHexString(m.function);
            m.operation = Operation.OTHER;
            return;
        }
        m.action = f.action;
        m.operation = f.operation;
        switch (f) {
            case SETUP_COMMUNICATION -> {
                param.skip(1); // reserved
                m.detail.put(S7commFields.SETUP_MAX_AMQ_CALLING, param.u16());
                m.detail.put(S7commFields.SETUP_MAX_AMQ_CALLED, param.u16());
                m.detail.put(S7commFields.SETUP_PDU_LENGTH_REQUESTED, param.u16());
            }
            case READ_VAR -> m.items = varItems(m, param, param.u8());
            case WRITE_VAR -> {
                m.items = varItems(m, param, param.u8());
                m.data = dataItems(m, data, m.items.size());
            }
            case REQUEST_DOWNLOAD, DOWNLOAD_BLOCK, DOWNLOAD_ENDED, START_UPLOAD, UPLOAD, END_UPLOAD -> blockControl(m, f, param);
            case PI_SERVICE -> piService(m, param);
            case PLC_STOP -> {
                param.skip(5); // reserved
                String service = param.text(param.u8());
                m.detail.put(S7commFields.PI_SERVICE, service);
            }
            default -> {
                // CPU services: nothing more is known of their parameters
            }
        }
    }

    /** Ack_Data (and a bare Ack, which has no parameter): the answer to a Job. */
    private static void ackData(S7commMessage m, ByteReader param, ByteReader data) {
        if (!param.has(1)) {
            return; // a bare Ack, or an Ack_Data carrying only the header error
        }
        m.function = param.u8();
        S7JobFunction f = S7JobFunction.of(m.function);
        if (f == null) {
            return;
        }
        switch (f) {
            case SETUP_COMMUNICATION -> {
                param.skip(1);
                m.detail.put(S7commFields.SETUP_MAX_AMQ_CALLING, param.u16());
                m.detail.put(S7commFields.SETUP_MAX_AMQ_CALLED, param.u16());
                m.detail.put(S7commFields.SETUP_PDU_LENGTH, param.u16());
            }
            case READ_VAR -> m.data = dataItems(m, data, param.u8());
            case WRITE_VAR -> {
                int count = param.u8();
                List<S7commMessage.Data> results = new ArrayList<>();
                for (int i = 0; i < count && data.has(1); i++) {
                    int rc = data.u8();
                    if (results.size() < MAX_ITEMS) {
                        results.add(new S7commMessage.Data(rc, -1, null, 0));
                    }
                }
                m.data = results;
            }
            case DOWNLOAD_BLOCK, UPLOAD -> {
                if (param.has(1)) {
                    m.detail.put(S7commFields.MORE_DATA, (param.u8() & 0x01) != 0);
                }
                if (data.has(2)) {
                    m.detail.put(S7commFields.TRANSFER_BYTES, data.u16());
                }
            }
            case START_UPLOAD -> {
                if (param.has(7)) {
                    param.skip(3); // status, unknown
                    m.uploadId = param.u32();
                    m.detail.put(S7commFields.UPLOAD_ID, m.uploadId);
                    if (param.has(1)) {
                        Long length = asciiNumber(param.text(param.u8()));
                        m.detail.put(S7commFields.BLOCK_LENGTH, length);
                    }
                }
            }
            default -> {
                // Request download, Download ended, End upload, PI, PLC stop: the header error says it all
            }
        }
    }

    /**
     * Read/write var item addresses. S7ANY: transport size, length, DB, area, bit address (byte &lt;&lt; 3 | bit);
     * DBREAD: several (bytes, DB, start) ranges in one item.
     */
    static List<S7commMessage.Item> varItems(S7commMessage m, ByteReader p, int count) {
        List<S7commMessage.Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!p.has(2)) {
                m.anomaly(S7commAnomaly.ITEM_COUNT_EXCEEDS_PARAMETER);
                break;
            }
            int spec = p.u8();
            int addressLength = p.u8();
            ByteReader a = p.slice(addressLength, "item_address");
            if (spec != VAR_SPEC) {
                m.anomaly(S7commAnomaly.UNKNOWN_VARIABLE_SPECIFICATION);
            }
            int syntax = a.u8();
            if (syntax == S7SyntaxId.S7ANY.wire) {
                int transportSize = a.u8();
                int length = a.u16();
                int db = a.u16();
                int area = a.u8();
                int address = a.u24();
                S7Area known = S7Area.of(area);
                boolean numbered = known != null && known.numbered();
                addItem(m, items, new S7commMessage.Item(S7commMessage.Syntax.S7ANY, syntax, area, db,
                        numbered ? address : address >> 3, numbered ? -1 : address & 0x7, length, transportSize));
            } else if (syntax == S7SyntaxId.DB_READ.wire) {
                int ranges = a.u8();
                for (int r = 0; r < ranges; r++) {
                    int bytes = a.u8();
                    int db = a.u16();
                    int address = a.u16();
                    addItem(m, items, new S7commMessage.Item(S7commMessage.Syntax.DB_READ, syntax,
                            S7Area.DATA_BLOCK.wire, db, address, -1, bytes, -1));
                }
            } else {
                addItem(m, items, new S7commMessage.Item(S7commMessage.Syntax.OTHER, syntax, -1, -1, -1, -1, -1, -1));
            }
        }
        return items;
    }

    private static void addItem(S7commMessage m, List<S7commMessage.Item> items, S7commMessage.Item item) {
        if (items.size() < MAX_ITEMS) {
            items.add(item);
        } else {
            m.anomaly(S7commAnomaly.ITEMS_CAPPED);
        }
    }

    /**
     * Data items: return code, transport size, length (bits or bytes), value, and a fill byte after
     * an odd-length value unless it is the last item.
     */
    static List<S7commMessage.Data> dataItems(S7commMessage m, ByteReader d, int count) {
        List<S7commMessage.Data> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!d.has(4)) {
                if (d.has(1)) {
                    // an error item may be cut to its return code
                    results.add(new S7commMessage.Data(d.u8(), -1, null, 0));
                    continue;
                }
                m.anomaly(S7commAnomaly.ITEM_COUNT_EXCEEDS_DATA);
                break;
            }
            int rc = d.u8();
            int transportSize = d.u8();
            int length = d.u16();
            int bytes = S7DataTransportSize.valueBytes(transportSize, length);
            if (!d.has(bytes)) {
                m.anomaly(S7commAnomaly.ITEM_VALUE_TRUNCATED);
                bytes = d.remaining();
            }
            byte[] value = bytes > 0 ? d.bytes(Math.min(bytes, MAX_VALUE_BYTES)) : null;
            d.skip(bytes - (value == null ? 0 : value.length));
            if ((bytes & 1) == 1 && i < count - 1 && d.has(1)) {
                d.skip(1); // fill byte
            }
            if (results.size() < MAX_ITEMS) {
                results.add(new S7commMessage.Data(rc, transportSize, value, bytes));
            }
        }
        return results;
    }

    /** Request/Download/Upload parameters: status, reserved, upload id and (for most) the block's file name. */
    private static void blockControl(S7commMessage m, S7JobFunction f, ByteReader p) {
        p.u8(); // function status
        p.skip(2); // reserved, or error code in Download ended
        long id = p.u32();
        if (f == S7JobFunction.UPLOAD || f == S7JobFunction.END_UPLOAD) {
            m.uploadId = id;
            m.detail.put(S7commFields.UPLOAD_ID, id);
        }
        if (!f.carriesBlockName() || !p.has(1)) {
            return;
        }
        String fileName = p.text(p.u8());
        blockName(m, fileName, 1);
        if (f == S7JobFunction.REQUEST_DOWNLOAD && p.has(1)) {
            ByteReader part2 = p.slice(Math.min(p.u8(), p.remaining()), "download_lengths");
            if (part2.has(7)) {
                part2.skip(1); // unknown character
                m.detail.put(S7commFields.LOAD_MEMORY_LENGTH, asciiNumber(part2.text(6)));
            }
        }
    }

    /**
     * A block name: [file id '_' or '$'] + type (2 hex chars) + number (5 digits) + destination file system.
     * {@code typeAt} is where the type starts (1 with the file id, 0 inside PI parameters). The first block
     * a PDU names is the one its {@code s7comm.block_*} fields describe.
     */
    static S7commMessage.Block blockName(S7commMessage m, String name, int typeAt) {
        if (name.length() < typeAt + 7) {
            m.anomaly(S7commAnomaly.SHORT_BLOCK_NAME);
            return null;
        }
        Long type = hexNumber(name.substring(typeAt, typeAt + 2));
        Long number = asciiNumber(name.substring(typeAt + 2, typeAt + 7));
        S7BlockType known = type == null ? null : S7BlockType.of(type.intValue());
        String filesystem = name.length() > typeAt + 7 ? name.substring(typeAt + 7, typeAt + 8) : null;
        S7commMessage.Block block = new S7commMessage.Block(type, known == null ? null : known.label, number, filesystem);
        if (m.block == null) {
            m.block = block;
            putBlock(m.detail, block);
        }
        return block;
    }

    /** The {@code s7comm.block_*} fields of a block. */
    static void putBlock(io.linewatch.model.transaction.Detail d, S7commMessage.Block block) {
        d.put(S7commFields.BLOCK_TYPE, block.type());
        d.put(S7commFields.BLOCK_TYPE_NAME, block.typeName());
        d.put(S7commFields.BLOCK_NUMBER, block.number());
        d.put(S7commFields.BLOCK_FILESYSTEM, block.filesystem());
    }

    /** PI-Service: reserved (7), parameter block length (2), parameter block, service name length (1), name. */
    private static void piService(S7commMessage m, ByteReader p) {
        p.skip(7);
        ByteReader block = p.slice(p.u16(), "pi_parameter_block");
        String name = p.text(p.u8());
        m.detail.put(S7commFields.PI_SERVICE, name);
        S7PiService service = S7PiService.of(name);
        List<String> arguments = new ArrayList<>();
        if (service != null && service.takesBlockList()) {
            int count = block.u8();
            block.skip(1); // reserved
            List<S7commMessage.Block> blocks = new ArrayList<>();
            for (int i = 0; i < count && block.has(8) && blocks.size() < MAX_ITEMS; i++) {
                String blockName = block.text(8);
                arguments.add(blockName);
                S7commMessage.Block parsed = blockName(m, blockName, 0);
                if (parsed != null) {
                    blocks.add(parsed);
                }
            }
            m.blocks = blocks;
            m.detail.put(S7commFields.BLOCKS, blockMaps(blocks));
        } else if (service == S7PiService.NC_SERVICE) {
            while (block.has(1) && arguments.size() < MAX_ITEMS) {
                int n = block.u8();
                if (!block.has(n)) {
                    m.anomaly(S7commAnomaly.PI_ARGUMENT_TRUNCATED);
                    break;
                }
                arguments.add(block.text(n));
            }
        } else if (block.remaining() > 0) {
            arguments.add(block.text(block.remaining()).strip());
        }
        m.detail.put(S7commFields.PI_ARGUMENTS, arguments);
        if (service == null) {
            m.action = S7PiService.ACTION_UNKNOWN;
        } else {
            m.action = service.action(arguments);
            m.operation = service.operation;
        }
    }

    /** {@code s7comm.blocks}: the document's list (PI services that name blocks are rare). */
    private static List<Map<String, Object>> blockMaps(List<S7commMessage.Block> blocks) {
        List<Map<String, Object>> out = new ArrayList<>(blocks.size());
        for (S7commMessage.Block b : blocks) {
            Map<String, Object> map = new LinkedHashMap<>(8);
            putIfSet(map, "block_type", b.type());
            putIfSet(map, "block_type_name", b.typeName());
            putIfSet(map, "block_number", b.number());
            putIfSet(map, "filesystem", b.filesystem());
            out.add(map);
        }
        return out;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    // ---- Userdata ------------------------------------------------------------------------------

    /**
     * Userdata parameter: head 00 01 12, length (4 or 8), method (11 request / 12 response),
     * type (high nibble) and group (low nibble), subfunction, sequence number
     * [, data unit reference, last data unit, error code]. Data: return code, transport size, length, payload.
     */
    private static void userdata(S7commMessage m, ByteReader p, ByteReader d) {
        int head = p.u24();
        if (head != 0x000112) {
            m.anomaly(S7commAnomaly.UNEXPECTED_USERDATA_PARAMETER_HEAD);
        }
        int length = p.u8();
        int method = p.u8();
        int typeGroup = p.u8();
        m.userdataType = typeGroup >> 4;
        m.userdataGroup = typeGroup & 0x0f;
        m.userdataSubfunction = p.u8();
        m.userdataSequence = p.u8();
        if (length >= 8) {
            m.dataUnitReference = p.u8();
            m.lastDataUnit = p.u8();
            int error = p.u16();
            m.errorClass = error >> 8;
            m.errorCode = error & 0xff;
        }
        if (method != USERDATA_METHOD_REQUEST && m.userdataType == S7UserdataType.REQUEST.wire && length < 8) {
            m.anomaly(S7commAnomaly.USERDATA_METHOD_TYPE_MISMATCH);
        }
        S7UserdataFunction f = S7UserdataFunction.of(m.userdataGroup, m.userdataSubfunction);
        m.action = f == null ? S7UserdataFunction.fallbackAction(m.userdataGroup) : f.action;
        m.operation = f == null ? S7UserdataFunction.fallbackOperation(m.userdataGroup) : f.operation;
        if (m.userdataType == S7UserdataType.PUSH.wire && m.userdataGroup == S7UserdataGroup.CYCLIC_DATA.wire) {
            m.action = ACTION_CYCLIC_DATA; // values the PLC pushes for a subscription, not a new subscription
        }
        if (!d.has(4)) {
            return;
        }
        m.returnCode = d.u8();
        int transportSize = d.u8();
        int payloadLength = d.u16();
        if (payloadLength > d.remaining()) {
            // a length counted in bits is longer than the bytes it describes; anything else is cut short
            if (S7DataTransportSize.valueBytes(transportSize, payloadLength) > d.remaining()) {
                m.anomaly(S7commAnomaly.USERDATA_DATA_TRUNCATED);
            }
            payloadLength = d.remaining();
        }
        ByteReader body = d.slice(payloadLength, "userdata_data");
        m.userdataPayloadBytes = payloadLength;
        if (f == S7UserdataFunction.READ_SZL) {
            // read after decoding, with the connection's state (the id a follow-up omits, an answer's fragments)
            m.userdataPayload = body.bytes(Math.min(payloadLength, MAX_USERDATA_PAYLOAD));
            return;
        }
        if (f == null) {
            return;
        }
        S7UserdataType type = m.userdataType();
        switch (f) {
            case LIST_BLOCKS_OF_TYPE -> {
                if (type == S7UserdataType.REQUEST && body.has(2)) {
                    Long blockType = hexNumber(body.text(2));
                    S7BlockType known = blockType == null ? null : S7BlockType.of(blockType.intValue());
                    m.block = new S7commMessage.Block(blockType, known == null ? null : known.label, null, null);
                    putBlock(m.detail, m.block);
                }
            }
            case GET_BLOCK_INFO -> {
                if (type == S7UserdataType.REQUEST && body.has(7)) {
                    blockName(m, body.text(Math.min(8, body.remaining())), 0);
                }
            }
            case CYCLIC_TRANSFER, CYCLIC_CHANGE_DRIVEN, CYCLIC_CHANGE_DRIVEN_MODIFY -> cyclic(m, type, body);
            case CYCLIC_UNSUBSCRIBE -> {
                if (type == S7UserdataType.REQUEST && body.remaining() == 2) {
                    body.skip(1); // function (always 05: unsubscribe)
                    m.detail.put(S7commFields.CYCLIC_JOB_ID, body.u8());
                }
            }
            case READ_CLOCK, READ_CLOCK_FOLLOWING, SET_CLOCK, SET_CLOCK_2 -> {
                if (body.remaining() >= 10) {
                    m.detail.put(S7commFields.CLOCK, clock(body.array(), body.position()));
                }
            }
            default -> {
                // passwords are never logged
            }
        }
    }

    /** Cyclic subscription request: item count (2), time base, time factor, var items; pushes: data items. */
    private static void cyclic(S7commMessage m, S7UserdataType type, ByteReader body) {
        if (type == S7UserdataType.REQUEST && body.has(4)) {
            int count = body.u16();
            int timeBase = body.u8();
            int factor = body.u8();
            long unitMs = switch (timeBase) {
                case 0 -> 100;
                case 1 -> 1000;
                case 2 -> 10000;
                default -> -1;
            };
            if (unitMs > 0) {
                m.detail.put(S7commFields.CYCLIC_INTERVAL_MS, unitMs * factor);
            }
            m.items = varItems(m, body, count);
        } else if (type != S7UserdataType.REQUEST && body.has(2)) {
            m.data = dataItems(m, body, body.u16());
        }
    }

    /** S7 DATE_AND_TIME in BCD after one reserved byte: yy-century, yy, mm, dd, hh, mi, ss, ms (1.5 bytes) + weekday. */
    static String clock(byte[] b, int off) {
        int year = bcd(b[off + 2]);
        int month = bcd(b[off + 3]);
        int day = bcd(b[off + 4]);
        int hour = bcd(b[off + 5]);
        int minute = bcd(b[off + 6]);
        int second = bcd(b[off + 7]);
        int millis = bcd(b[off + 8]) * 10 + ((b[off + 9] >> 4) & 0x0f);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59
                || millis < 0 || ((b[off + 9] >> 4) & 0x0f) > 9) {
            return null;
        }
        // "%04d-%02d-%02dT%02d:%02d:%02d.%03d" without a Formatter (clock reads are polled); every field is checked above
        StringBuilder sb = new StringBuilder(23);
        digits(sb, year < 90 ? 2000 + year : 1900 + year, 4).append('-');
        digits(sb, month, 2).append('-');
        digits(sb, day, 2).append('T');
        digits(sb, hour, 2).append(':');
        digits(sb, minute, 2).append(':');
        digits(sb, second, 2).append('.');
        return digits(sb, millis, 3).toString();
    }

    /** {@code value} (not negative) in at least {@code width} decimal digits, zero-padded. */
    private static StringBuilder digits(StringBuilder sb, int value, int width) {
        for (int w = width - 1, pow = 1; w > 0; w--) {
            pow *= 10;
            if (value < pow) {
                sb.append('0');
            }
        }
        return sb.append(value);
    }

    private static int bcd(byte v) {
        int hi = (v >> 4) & 0x0f;
        int lo = v & 0x0f;
        return hi > 9 || lo > 9 ? -100 : hi * 10 + lo;
    }

    static Long asciiNumber(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 18) {
            return null;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(t);
    }

    static Long hexNumber(String s) {
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return null;
            }
        }
        return Long.parseLong(s, 16);
    }

    static String hex(byte[] b, int off, int len) {
        return Bytes.hex(b, off, len);
    }
}
