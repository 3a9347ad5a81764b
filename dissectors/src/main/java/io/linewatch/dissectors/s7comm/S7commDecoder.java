package io.linewatch.dissectors.s7comm;

import io.linewatch.dissectors.common.Bytes;
import io.linewatch.model.Values;
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
 * Pure byte parsing: no flow state (pairing and SZL reassembly live in {@link S7commDissector}).
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

    static S7Message decode(byte[] b, int off, int len) throws MalformedPduException {
        PduReader header = new PduReader(b, off, len, "header");
        S7Message m = new S7Message();
        if (header.u8() != PROTOCOL_ID) {
            throw new MalformedPduException("not_s7comm");
        }
        m.rosctr = header.u8();
        S7Rosctr rosctr = S7Rosctr.of(m.rosctr);
        if (rosctr == null) {
            throw new MalformedPduException("unknown_rosctr");
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
            throw new MalformedPduException("parameter_or_data_truncated");
        }
        if (header.remaining() > paramLength + dataLength) {
            m.anomalies.add("trailing_bytes");
        }
        PduReader param = header.slice(paramLength, "parameter");
        PduReader data = header.slice(dataLength, "data");
        switch (rosctr) {
            case JOB -> job(m, param, data);
            case ACK, ACK_DATA -> ackData(m, param, data);
            case USERDATA -> userdata(m, param, data);
            default -> throw new MalformedPduException("unknown_rosctr");
        }
        return m;
    }

    // ---- Job and Ack_Data ----------------------------------------------------------------------

    private static void job(S7Message m, PduReader param, PduReader data) throws MalformedPduException {
        m.function = param.u8();
        S7JobFunction f = S7JobFunction.of(m.function);
        if (f == null) {
            m.action = "function_0x" + Integer.toHexString(m.function);
            m.operation = Values.OP_OTHER;
            return;
        }
        m.action = f.action;
        m.operation = f.operation;
        switch (f) {
            case SETUP_COMMUNICATION -> {
                param.skip(1); // reserved
                m.fields.put(S7Fields.SETUP_MAX_AMQ_CALLING, param.u16());
                m.fields.put(S7Fields.SETUP_MAX_AMQ_CALLED, param.u16());
                m.fields.put(S7Fields.SETUP_PDU_LENGTH_REQUESTED, param.u16());
            }
            case READ_VAR -> m.items = varItems(m, param, param.u8());
            case WRITE_VAR -> {
                m.items = varItems(m, param, param.u8());
                List<Map<String, Object>> values = dataItems(m, data, m.items.size(), true);
                for (int i = 0; i < values.size() && i < m.items.size(); i++) {
                    m.items.get(i).putAll(values.get(i));
                }
            }
            case REQUEST_DOWNLOAD, DOWNLOAD_BLOCK, DOWNLOAD_ENDED, START_UPLOAD, UPLOAD, END_UPLOAD -> blockControl(m, f, param);
            case PI_SERVICE -> piService(m, param);
            case PLC_STOP -> {
                param.skip(5); // reserved
                String service = param.text(param.u8());
                m.fields.put(S7Fields.PI_SERVICE, service);
            }
            default -> {
                // CPU services: nothing more is known of their parameters
            }
        }
    }

    /** Ack_Data (and a bare Ack, which has no parameter): the answer to a Job. */
    private static void ackData(S7Message m, PduReader param, PduReader data) throws MalformedPduException {
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
                m.fields.put(S7Fields.SETUP_MAX_AMQ_CALLING, param.u16());
                m.fields.put(S7Fields.SETUP_MAX_AMQ_CALLED, param.u16());
                m.fields.put(S7Fields.SETUP_PDU_LENGTH, param.u16());
            }
            case READ_VAR -> m.items = dataItems(m, data, param.u8(), true);
            case WRITE_VAR -> {
                int count = param.u8();
                List<Map<String, Object>> results = new ArrayList<>();
                for (int i = 0; i < count && data.has(1); i++) {
                    int rc = data.u8();
                    if (results.size() < MAX_ITEMS) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("return_code", rc);
                        results.add(r);
                    }
                }
                m.items = results;
            }
            case DOWNLOAD_BLOCK, UPLOAD -> {
                if (param.has(1)) {
                    m.fields.put(S7Fields.MORE_DATA, (param.u8() & 0x01) != 0);
                }
                if (data.has(2)) {
                    m.fields.put(S7Fields.TRANSFER_BYTES, data.u16());
                }
            }
            case START_UPLOAD -> {
                if (param.has(7)) {
                    param.skip(3); // status, unknown
                    m.uploadId = param.u32();
                    m.fields.put(S7Fields.UPLOAD_ID, m.uploadId);
                    if (param.has(1)) {
                        Long length = asciiNumber(param.text(param.u8()));
                        m.fields.put(S7Fields.BLOCK_LENGTH, length);
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
    static List<Map<String, Object>> varItems(S7Message m, PduReader p, int count) throws MalformedPduException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!p.has(2)) {
                m.anomalies.add("item_count_exceeds_parameter");
                break;
            }
            int spec = p.u8();
            int addressLength = p.u8();
            PduReader a = p.slice(addressLength, "item_address");
            if (spec != VAR_SPEC) {
                m.anomalies.add("unknown_variable_specification");
            }
            int syntax = a.u8();
            if (syntax == S7SyntaxId.S7ANY.wire) {
                Map<String, Object> item = new LinkedHashMap<>();
                int transportSize = a.u8();
                int length = a.u16();
                int db = a.u16();
                int area = a.u8();
                int address = a.u24();
                S7Area known = S7Area.of(area);
                item.put("area", area);
                item.put("area_name", known == null ? null : known.label);
                item.put("db", db);
                if (known != null && known.numbered()) {
                    item.put("address", address);
                } else {
                    item.put("address", address >> 3);
                    item.put("bit", address & 0x7);
                }
                item.put("length", length);
                item.put("transport_size", transportSize);
                addItem(m, items, item);
            } else if (syntax == S7SyntaxId.DB_READ.wire) {
                int ranges = a.u8();
                for (int r = 0; r < ranges; r++) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    int bytes = a.u8();
                    item.put("area", S7Area.DATA_BLOCK.wire);
                    item.put("area_name", S7Area.DATA_BLOCK.label);
                    item.put("db", a.u16());
                    item.put("address", a.u16());
                    item.put("length", bytes);
                    item.put("syntax", S7SyntaxId.DB_READ.label);
                    addItem(m, items, item);
                }
            } else {
                Map<String, Object> item = new LinkedHashMap<>();
                S7SyntaxId known = S7SyntaxId.of(syntax);
                item.put("syntax_id", syntax);
                item.put("syntax", known == null ? null : known.label);
                addItem(m, items, item);
            }
        }
        return items;
    }

    private static void addItem(S7Message m, List<Map<String, Object>> items, Map<String, Object> item) {
        if (items.size() < MAX_ITEMS) {
            items.add(item);
        } else if (!m.anomalies.contains("items_capped")) {
            m.anomalies.add("items_capped");
        }
    }

    /**
     * Data items: return code, transport size, length (bits or bytes), value, and a fill byte after
     * an odd-length value unless it is the last item.
     */
    static List<Map<String, Object>> dataItems(S7Message m, PduReader d, int count, boolean withValues)
            throws MalformedPduException {
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!d.has(4)) {
                if (d.has(1)) {
                    // an error item may be cut to its return code
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("return_code", d.u8());
                    results.add(r);
                    continue;
                }
                m.anomalies.add("item_count_exceeds_data");
                break;
            }
            int rc = d.u8();
            int transportSize = d.u8();
            int length = d.u16();
            int bytes = S7DataTransportSize.valueBytes(transportSize, length);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("return_code", rc);
            r.put("data_transport_size", transportSize);
            if (!d.has(bytes)) {
                m.anomalies.add("item_value_truncated");
                bytes = d.remaining();
            }
            int valueAt = d.position();
            d.skip(bytes);
            if (withValues && bytes > 0) {
                r.put("value", hexValue(d, valueAt, bytes));
                r.put("value_bytes", bytes);
            }
            if ((bytes & 1) == 1 && i < count - 1 && d.has(1)) {
                d.skip(1); // fill byte
            }
            if (results.size() < MAX_ITEMS) {
                results.add(r);
            }
        }
        return results;
    }

    private static String hexValue(PduReader d, int at, int bytes) {
        return d.hexAt(at, Math.min(bytes, MAX_VALUE_BYTES));
    }

    /** Request/Download/Upload parameters: status, reserved, upload id and (for most) the block's file name. */
    private static void blockControl(S7Message m, S7JobFunction f, PduReader p) throws MalformedPduException {
        p.u8(); // function status
        p.skip(2); // reserved, or error code in Download ended
        long id = p.u32();
        if (f == S7JobFunction.UPLOAD || f == S7JobFunction.END_UPLOAD) {
            m.uploadId = id;
            m.fields.put(S7Fields.UPLOAD_ID, id);
        }
        if (!f.carriesBlockName() || !p.has(1)) {
            return;
        }
        String fileName = p.text(p.u8());
        blockName(m, fileName, 1);
        if (f == S7JobFunction.REQUEST_DOWNLOAD && p.has(1)) {
            PduReader part2 = p.slice(Math.min(p.u8(), p.remaining()), "download_lengths");
            if (part2.has(7)) {
                part2.skip(1); // unknown character
                m.fields.put(S7Fields.LOAD_MEMORY_LENGTH, asciiNumber(part2.text(6)));
            }
        }
    }

    /**
     * A block name: [file id '_' or '$'] + type (2 hex chars) + number (5 digits) + destination file system.
     * {@code typeAt} is where the type starts (1 with the file id, 0 inside PI parameters).
     */
    static Map<String, Object> blockName(S7Message m, String name, int typeAt) {
        if (name.length() < typeAt + 7) {
            m.anomalies.add("short_block_name");
            return null;
        }
        Long type = hexNumber(name.substring(typeAt, typeAt + 2));
        Long number = asciiNumber(name.substring(typeAt + 2, typeAt + 7));
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("block_type", type);
        S7BlockType known = type == null ? null : S7BlockType.of(type.intValue());
        block.put("block_type_name", known == null ? null : known.label);
        block.put("block_number", number);
        if (name.length() > typeAt + 7) {
            block.put("filesystem", name.substring(typeAt + 7, typeAt + 8));
        }
        if (!m.fields.containsKey(S7Fields.BLOCK_TYPE)) {
            m.fields.put(S7Fields.BLOCK_TYPE, type);
            m.fields.put(S7Fields.BLOCK_TYPE_NAME, block.get("block_type_name"));
            m.fields.put(S7Fields.BLOCK_NUMBER, number);
            m.fields.put(S7Fields.BLOCK_FILESYSTEM, block.get("filesystem"));
        }
        return block;
    }

    /** PI-Service: reserved (7), parameter block length (2), parameter block, service name length (1), name. */
    private static void piService(S7Message m, PduReader p) throws MalformedPduException {
        p.skip(7);
        PduReader block = p.slice(p.u16(), "pi_parameter_block");
        String name = p.text(p.u8());
        m.fields.put(S7Fields.PI_SERVICE, name);
        S7PiService service = S7PiService.of(name);
        List<String> arguments = new ArrayList<>();
        if (service != null && service.takesBlockList()) {
            int count = block.u8();
            block.skip(1); // reserved
            List<Map<String, Object>> blocks = new ArrayList<>();
            for (int i = 0; i < count && block.has(8) && blocks.size() < MAX_ITEMS; i++) {
                String blockName = block.text(8);
                arguments.add(blockName);
                Map<String, Object> parsed = blockName(m, blockName, 0);
                if (parsed != null) {
                    blocks.add(parsed);
                }
            }
            m.fields.put(S7Fields.BLOCKS, blocks);
        } else if (service == S7PiService.NC_SERVICE) {
            while (block.has(1) && arguments.size() < MAX_ITEMS) {
                int n = block.u8();
                if (!block.has(n)) {
                    m.anomalies.add("pi_argument_truncated");
                    break;
                }
                arguments.add(block.text(n));
            }
        } else if (block.remaining() > 0) {
            arguments.add(block.text(block.remaining()).strip());
        }
        m.fields.put(S7Fields.PI_ARGUMENTS, arguments);
        if (service == null) {
            m.action = S7PiService.ACTION_UNKNOWN;
        } else {
            m.action = service.action(arguments);
            m.operation = service.operation;
        }
    }

    // ---- Userdata ------------------------------------------------------------------------------

    /**
     * Userdata parameter: head 00 01 12, length (4 or 8), method (11 request / 12 response),
     * type (high nibble) and group (low nibble), subfunction, sequence number
     * [, data unit reference, last data unit, error code]. Data: return code, transport size, length, payload.
     */
    private static void userdata(S7Message m, PduReader p, PduReader d) throws MalformedPduException {
        int head = p.u24();
        if (head != 0x000112) {
            m.anomalies.add("unexpected_userdata_parameter_head");
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
            m.anomalies.add("userdata_method_type_mismatch");
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
                m.anomalies.add("userdata_data_truncated");
            }
            payloadLength = d.remaining();
        }
        PduReader payload = d.slice(payloadLength, "userdata_data");
        m.userdataPayload = payload.bytes(Math.min(payloadLength, MAX_USERDATA_PAYLOAD));
        if (f == null) {
            return;
        }
        PduReader body = new PduReader(m.userdataPayload, 0, m.userdataPayload.length, "userdata_data");
        S7UserdataType type = m.userdataType();
        switch (f) {
            case LIST_BLOCKS_OF_TYPE -> {
                if (type == S7UserdataType.REQUEST && body.has(2)) {
                    Long blockType = hexNumber(body.text(2));
                    m.fields.put(S7Fields.BLOCK_TYPE, blockType);
                    S7BlockType known = blockType == null ? null : S7BlockType.of(blockType.intValue());
                    m.fields.put(S7Fields.BLOCK_TYPE_NAME, known == null ? null : known.label);
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
                    m.fields.put(S7Fields.CYCLIC_JOB_ID, body.u8());
                }
            }
            case READ_CLOCK, READ_CLOCK_FOLLOWING, SET_CLOCK, SET_CLOCK_2 -> {
                if (body.remaining() >= 10) {
                    m.fields.put(S7Fields.CLOCK, clock(m.userdataPayload, 0));
                }
            }
            default -> {
                // SZL payloads are decoded with the flow's reassembly state; passwords are never logged
            }
        }
    }

    /** Cyclic subscription request: item count (2), time base, time factor, var items; pushes: data items. */
    private static void cyclic(S7Message m, S7UserdataType type, PduReader body) throws MalformedPduException {
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
                m.fields.put(S7Fields.CYCLIC_INTERVAL_MS, unitMs * factor);
            }
            m.items = varItems(m, body, count);
        } else if (type != S7UserdataType.REQUEST && body.has(2)) {
            m.items = dataItems(m, body, body.u16(), true);
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
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03d", year < 90 ? 2000 + year : 1900 + year,
                month, day, hour, minute, second, millis);
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
