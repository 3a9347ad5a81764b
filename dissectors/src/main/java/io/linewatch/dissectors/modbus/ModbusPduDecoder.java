package io.linewatch.dissectors.modbus;

import static io.linewatch.dissectors.modbus.ModbusFields.*;

import io.linewatch.dissectors.common.Bytes;
import io.linewatch.model.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one complete Modbus/TCP ADU into a {@link ModbusMessage}. Pure: no state, never throws on
 * any input; a body that does not fit its function's layout sets {@link ModbusMessage#error()}.
 * Layouts are those of the MODBUS Application Protocol Specification V1.1b3 (section numbers below).
 */
public final class ModbusPduDecoder {
    /** MBAP header (7 bytes) + function code. */
    public static final int HEADER_WITH_FUNCTION = 8;
    /** At most this many values per list on an event (a write of 1968 coils stays readable). */
    public static final int MAX_VALUES = 256;
    /** Raw payload shown in {@link ModbusFields#DATA} is cut to this many bytes. */
    public static final int MAX_DATA_BYTES = 64;
    /** Coil value of Write Single Coil meaning ON (6.5); 0x0000 means OFF. */
    private static final int COIL_ON = 0xFF00;
    /** Quantity limits per request (6.1-6.4, 6.11, 6.12, 6.17). */
    private static final int MAX_READ_BITS = 2000;
    private static final int MAX_READ_REGISTERS = 125;
    private static final int MAX_WRITE_BITS = 1968;
    private static final int MAX_WRITE_REGISTERS = 123;
    private static final int MAX_RW_WRITE_REGISTERS = 121;
    /** Reference type of every file record sub-request (6.14, 6.15). */
    private static final int FILE_REFERENCE_TYPE = 6;
    private static final int FILE_SUB_REQUEST_BYTES = 7;
    /** Read Device Identification codes (6.21): 1 basic, 2 regular, 3 extended stream, 4 one object. */
    private static final int READ_DEVICE_ID_SPECIFIC = 4;

    private ModbusPduDecoder() {
    }

    /**
     * @param adu     the whole ADU at {@code b[off..off+len)}, {@code len >= 8}
     * @param request the request this response answers (null for requests or when unknown)
     */
    public static ModbusMessage decode(boolean isRequest, byte[] adu, int off, int len, long ts, ModbusMessage request) {
        ModbusMessage m = new ModbusMessage(isRequest, Bytes.u16be(adu, off), Bytes.u8(adu, off + 6),
                Bytes.u8(adu, off + 7), ts);
        Body body = new Body(adu, off + HEADER_WITH_FUNCTION, len - HEADER_WITH_FUNCTION);
        int fc = m.function();
        ModbusFunction function = ModbusFunction.of(fc);
        classify(m, function, fc);
        if (m.isException()) {
            if (body.len != 1) {
                m.error = "exception response of " + (body.len + 1) + " bytes, expected 2";
            }
            if (body.len >= 1) {
                m.exceptionCode = body.u8(0);
                m.put(EXCEPTION_CODE, m.exceptionCode);
                m.put(EXCEPTION_NAME, ModbusExceptionCode.nameOf(m.exceptionCode));
            }
            return m;
        }
        if (function == null) {
            m.put(DATA, body.hex(0, body.len));
            return m;
        }
        try {
            if (isRequest) {
                request(m, function, body);
            } else {
                response(m, function, body, request);
            }
        } catch (BadLength t) {
            m.error = function.action + (isRequest ? " request " : " response ") + t.getMessage();
        }
        return m;
    }

    /** Sets action and operation from the function (refined by sub-functions while decoding). */
    private static void classify(ModbusMessage m, ModbusFunction function, int fc) {
        if (function != null) {
            m.action = function.action;
            m.operation = function.operation;
        } else if (ModbusFunction.isUserDefined(fc)) {
            m.action = ModbusFunction.ACTION_USER_DEFINED;
            m.operation = Values.OP_OTHER;
        } else {
            m.action = ModbusFunction.ACTION_UNKNOWN;
            m.operation = Values.OP_OTHER;
            m.anomaly("unknown_function_code");
        }
    }

    // ---- requests (client to server) ----

    private static void request(ModbusMessage m, ModbusFunction f, Body d) {
        switch (f) {
            case READ_COILS, READ_DISCRETE_INPUTS -> readRequest(m, d, MAX_READ_BITS);
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> readRequest(m, d, MAX_READ_REGISTERS);
            case WRITE_SINGLE_COIL -> singleCoil(m, d);
            case WRITE_SINGLE_REGISTER -> singleRegister(m, d);
            case READ_EXCEPTION_STATUS, GET_COMM_EVENT_COUNTER, GET_COMM_EVENT_LOG, REPORT_SERVER_ID -> d.expect(0);
            case DIAGNOSTICS -> diagnostics(m, d);
            case WRITE_MULTIPLE_COILS -> {
                // 6.11: address, quantity, byte count, packed coils
                int byteCount = writeMultipleHeader(m, d, MAX_WRITE_BITS, true);
                bits(m, VALUES, d, 5, byteCount, d.u16(2));
            }
            case WRITE_MULTIPLE_REGISTERS -> {
                // 6.12: address, quantity, byte count, registers
                int byteCount = writeMultipleHeader(m, d, MAX_WRITE_REGISTERS, false);
                registers(m, VALUES, d, 5, byteCount);
            }
            case READ_FILE_RECORD -> readFileRequest(m, d);
            case WRITE_FILE_RECORD -> writeFile(m, d);
            case MASK_WRITE_REGISTER -> maskWrite(m, d);
            case READ_WRITE_MULTIPLE_REGISTERS -> {
                // 6.17: read address, read quantity, write address, write quantity, byte count, values
                int readQuantity = d.u16(2);
                int writeQuantity = d.u16(6);
                int byteCount = d.u8(8);
                m.put(READ_ADDRESS, d.u16(0));
                m.put(READ_QUANTITY, readQuantity);
                m.put(WRITE_ADDRESS, d.u16(4));
                m.put(WRITE_QUANTITY, writeQuantity);
                // the shared fields describe the write: it is what changes the process
                m.put(ADDRESS, d.u16(4));
                m.put(QUANTITY, writeQuantity);
                m.put(BYTE_COUNT, byteCount);
                checkQuantity(m, readQuantity, MAX_READ_REGISTERS);
                checkQuantity(m, writeQuantity, MAX_RW_WRITE_REGISTERS);
                d.expect(9 + byteCount);
                if (byteCount != writeQuantity * 2) {
                    m.anomaly("byte_count_mismatch");
                }
                registers(m, VALUES, d, 9, byteCount);
            }
            case READ_FIFO_QUEUE -> {
                // 6.18: FIFO pointer address
                m.put(ADDRESS, d.u16(0));
                d.expect(2);
            }
            case ENCAPSULATED_INTERFACE_TRANSPORT -> meiRequest(m, d);
            case UMAS -> umasRequest(m, d);
            default -> m.put(DATA, d.hex(0, d.len));
        }
    }

    private static void readRequest(ModbusMessage m, Body d, int maxQuantity) {
        // 6.1-6.4: starting address, quantity
        m.put(ADDRESS, d.u16(0));
        int quantity = d.u16(2);
        m.put(QUANTITY, quantity);
        checkQuantity(m, quantity, maxQuantity);
        d.expect(4);
    }

    private static void singleCoil(ModbusMessage m, Body d) {
        // 6.5: output address, value 0xFF00 (on) or 0x0000 (off); the response echoes it
        m.put(ADDRESS, d.u16(0));
        int value = d.u16(2);
        m.put(QUANTITY, 1);
        if (value == COIL_ON) {
            m.put(VALUES, List.of(1));
        } else if (value == 0) {
            m.put(VALUES, List.of(0));
        } else {
            m.put(VALUES, List.of(value));
            m.anomaly("invalid_coil_value");
        }
        d.expect(4);
    }

    private static void singleRegister(ModbusMessage m, Body d) {
        // 6.6: register address, value; the response echoes it
        m.put(ADDRESS, d.u16(0));
        m.put(QUANTITY, 1);
        m.put(VALUES, List.of(d.u16(2)));
        d.expect(4);
    }

    private static void diagnostics(ModbusMessage m, Body d) {
        // 6.8: sub-function, then data words (echoed in the response)
        int sub = d.u16(0);
        m.put(DIAGNOSTIC_SUBFUNCTION, sub);
        ModbusDiagnostic diagnostic = ModbusDiagnostic.of(sub);
        if (diagnostic != null) {
            m.action = diagnostic.action;
            m.operation = diagnostic.operation;
        } else {
            m.anomaly("unknown_diagnostic_subfunction");
        }
        if ((d.len - 2) % 2 == 0) {
            List<Integer> words = new ArrayList<>();
            for (int i = 2; i + 1 < d.len && words.size() < MAX_VALUES; i += 2) {
                words.add(d.u16(i));
            }
            m.put(DIAGNOSTIC_DATA, words);
        } else {
            m.put(DATA, d.hex(2, d.len - 2));
            m.anomaly("odd_diagnostic_data_length");
        }
    }

    private static void readFileRequest(ModbusMessage m, Body d) {
        // 6.14: byte count, then 7-byte sub-requests: reference type, file, record, record length
        int byteCount = d.u8(0);
        m.put(BYTE_COUNT, byteCount);
        d.expect(1 + byteCount);
        if (byteCount % FILE_SUB_REQUEST_BYTES != 0) {
            m.error = "read_file_record request byte count " + byteCount + " is not a multiple of 7";
            return;
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (int at = 1; at < 1 + byteCount; at += FILE_SUB_REQUEST_BYTES) {
            records.add(fileRecord(m, d, at));
        }
        m.put(FILE_RECORDS, records);
        firstRecordAsAddress(m, records);
    }

    private static void writeFile(ModbusMessage m, Body d) {
        // 6.15: byte count, then sub-requests: reference type, file, record, record length, data;
        // the response echoes the request
        int byteCount = d.u8(0);
        m.put(BYTE_COUNT, byteCount);
        d.expect(1 + byteCount);
        List<Map<String, Object>> records = new ArrayList<>();
        int at = 1;
        while (at < 1 + byteCount) {
            Map<String, Object> record = fileRecord(m, d, at);
            int length = (Integer) record.get("record_length");
            at += FILE_SUB_REQUEST_BYTES;
            if (at + length * 2 > 1 + byteCount) {
                m.error = "write_file_record sub-request overruns its byte count";
                return;
            }
            List<Integer> values = new ArrayList<>();
            for (int i = 0; i < length && values.size() < MAX_VALUES; i++) {
                values.add(d.u16(at + i * 2));
            }
            record.put("values", values);
            records.add(record);
            at += length * 2;
        }
        m.put(FILE_RECORDS, records);
        firstRecordAsAddress(m, records);
    }

    private static Map<String, Object> fileRecord(ModbusMessage m, Body d, int at) {
        Map<String, Object> record = new LinkedHashMap<>();
        int referenceType = d.u8(at);
        record.put("reference_type", referenceType);
        record.put("file_number", d.u16(at + 1));
        record.put("record_number", d.u16(at + 3));
        record.put("record_length", d.u16(at + 5));
        if (referenceType != FILE_REFERENCE_TYPE) {
            m.anomaly("invalid_file_reference_type");
        }
        return record;
    }

    /** The first sub-request's record number and length stand for address and quantity. */
    private static void firstRecordAsAddress(ModbusMessage m, List<Map<String, Object>> records) {
        if (!records.isEmpty()) {
            m.put(ADDRESS, records.get(0).get("record_number"));
            m.put(QUANTITY, records.get(0).get("record_length"));
        }
    }

    private static void maskWrite(ModbusMessage m, Body d) {
        // 6.16: reference address, AND mask, OR mask; the response echoes it
        m.put(ADDRESS, d.u16(0));
        m.put(QUANTITY, 1);
        m.put(AND_MASK, d.u16(2));
        m.put(OR_MASK, d.u16(4));
        d.expect(6);
    }

    /**
     * The header functions 15 and 16 share (address, quantity, byte count), checked against the quantity.
     *
     * @return the byte count of the values that follow
     */
    private static int writeMultipleHeader(ModbusMessage m, Body d, int maxQuantity, boolean bits) {
        int quantity = d.u16(2);
        int byteCount = d.u8(4);
        m.put(ADDRESS, d.u16(0));
        m.put(QUANTITY, quantity);
        m.put(BYTE_COUNT, byteCount);
        checkQuantity(m, quantity, maxQuantity);
        d.expect(5 + byteCount);
        if (byteCount != (bits ? (quantity + 7) / 8 : quantity * 2)) {
            m.anomaly("byte_count_mismatch");
        }
        return byteCount;
    }

    /** The MEI type byte both directions start with; null (kept as an anomaly with the raw data) when unknown. */
    private static ModbusMeiType meiType(ModbusMessage m, Body d) {
        int meiType = d.u8(0);
        m.put(MEI_TYPE, meiType);
        ModbusMeiType mei = ModbusMeiType.of(meiType);
        if (mei == null) {
            m.anomaly("unknown_mei_type");
            m.put(DATA, d.hex(1, d.len - 1));
            return null;
        }
        m.action = mei.action;
        m.operation = mei.operation;
        return mei;
    }

    private static void meiRequest(ModbusMessage m, Body d) {
        // 6.19-6.21: MEI type, then type-specific data
        ModbusMeiType mei = meiType(m, d);
        if (mei == null) {
            return;
        }
        if (mei == ModbusMeiType.READ_DEVICE_IDENTIFICATION) {
            // read device id code, object id
            int readCode = d.u8(1);
            m.put(DEVICE_ID_READ_CODE, readCode);
            m.put(DEVICE_ID_OBJECT_ID, d.u8(2));
            if (readCode < 1 || readCode > READ_DEVICE_ID_SPECIFIC) {
                m.anomaly("invalid_read_device_id_code");
            }
            d.expect(3);
        } else {
            m.put(DATA, d.hex(1, d.len - 1));
        }
    }

    private static void umasRequest(ModbusMessage m, Body d) {
        // session (pairing) byte, UMAS function code, function data
        m.put(UMAS_SESSION, d.u8(0));
        int code = d.u8(1);
        m.put(UMAS_FUNCTION_CODE, code);
        UmasFunction umas = UmasFunction.of(code);
        if (umas != null) {
            m.action = umas.action();
            m.operation = umas.operation;
        } else {
            m.action = "umas_unknown_function";
            m.anomaly("unknown_umas_function_code");
        }
        if (d.len > 2) {
            m.put(DATA, d.hex(2, d.len - 2));
        }
    }

    // ---- responses (server to client) ----

    private static void response(ModbusMessage m, ModbusFunction f, Body d, ModbusMessage request) {
        switch (f) {
            case READ_COILS, READ_DISCRETE_INPUTS -> {
                // 6.1, 6.2: byte count, packed bits (the request's quantity says how many count)
                int byteCount = d.u8(0);
                m.put(BYTE_COUNT, byteCount);
                d.expect(1 + byteCount);
                Object q = request == null ? null : request.field(QUANTITY);
                int quantity = q instanceof Integer n && n <= byteCount * 8 ? n : byteCount * 8;
                bits(m, VALUES, d, 1, byteCount, quantity);
            }
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> {
                // 6.3, 6.4: byte count, registers
                int byteCount = d.u8(0);
                m.put(BYTE_COUNT, byteCount);
                d.expect(1 + byteCount);
                oddByteCount(m, byteCount);
                registers(m, VALUES, d, 1, byteCount);
            }
            case WRITE_SINGLE_COIL -> singleCoil(m, d);
            case WRITE_SINGLE_REGISTER -> singleRegister(m, d);
            case READ_EXCEPTION_STATUS -> {
                // 6.7: eight exception status outputs in one byte
                m.put(EXCEPTION_STATUS, d.u8(0));
                d.expect(1);
            }
            case DIAGNOSTICS -> diagnostics(m, d);
            case GET_COMM_EVENT_COUNTER -> {
                // 6.9: status (0xFFFF busy), event count
                m.put(COMM_EVENT_STATUS, d.u16(0));
                m.put(COMM_EVENT_COUNT, d.u16(2));
                d.expect(4);
            }
            case GET_COMM_EVENT_LOG -> {
                // 6.10: byte count, status, event count, message count, events (newest first)
                int byteCount = d.u8(0);
                m.put(BYTE_COUNT, byteCount);
                d.expect(1 + byteCount);
                m.put(COMM_EVENT_STATUS, d.u16(1));
                m.put(COMM_EVENT_COUNT, d.u16(3));
                m.put(COMM_MESSAGE_COUNT, d.u16(5));
                List<Integer> events = new ArrayList<>();
                for (int i = 7; i < 1 + byteCount && events.size() < MAX_VALUES; i++) {
                    events.add(d.u8(i));
                }
                m.put(COMM_EVENTS, events);
            }
            case WRITE_MULTIPLE_COILS, WRITE_MULTIPLE_REGISTERS -> {
                // 6.11, 6.12: address and quantity echoed
                m.put(ADDRESS, d.u16(0));
                m.put(QUANTITY, d.u16(2));
                d.expect(4);
            }
            case REPORT_SERVER_ID -> {
                // 6.13: byte count, server id (device specific), run indicator, additional data
                int byteCount = d.u8(0);
                m.put(BYTE_COUNT, byteCount);
                d.expect(1 + byteCount);
                m.put(SERVER_ID_DATA, d.hex(1, byteCount));
                String text = printable(d, 1, byteCount);
                m.put(SERVER_ID_TEXT, text);
            }
            case READ_FILE_RECORD -> readFileResponse(m, d);
            case WRITE_FILE_RECORD -> writeFile(m, d);
            case MASK_WRITE_REGISTER -> maskWrite(m, d);
            case READ_WRITE_MULTIPLE_REGISTERS -> {
                // 6.17: byte count, registers read
                int byteCount = d.u8(0);
                m.put(BYTE_COUNT, byteCount);
                d.expect(1 + byteCount);
                oddByteCount(m, byteCount);
                registers(m, READ_VALUES, d, 1, byteCount);
            }
            case READ_FIFO_QUEUE -> {
                // 6.18: byte count (2 bytes), FIFO count, FIFO values (at most 31)
                int byteCount = d.u16(0);
                int count = d.u16(2);
                m.put(BYTE_COUNT, byteCount);
                m.put(FIFO_COUNT, count);
                m.put(QUANTITY, count);
                d.expect(2 + byteCount);
                if (byteCount != 2 + count * 2) {
                    m.anomaly("byte_count_mismatch");
                }
                registers(m, VALUES, d, 4, Math.min(count * 2, byteCount - 2));
            }
            case ENCAPSULATED_INTERFACE_TRANSPORT -> meiResponse(m, d);
            case UMAS -> {
                // session byte echoed, then status 0xFE (ok) or 0xFD (error), then data
                m.put(UMAS_SESSION, d.u8(0));
                m.umasStatus = d.u8(1);
                m.put(UMAS_STATUS, m.umasStatus);
                if (m.umasStatus != UmasFunction.RESPONSE_OK && m.umasStatus != UmasFunction.RESPONSE_ERROR) {
                    m.anomaly("unknown_umas_status");
                }
            }
            default -> m.put(DATA, d.hex(0, d.len));
        }
    }

    private static void readFileResponse(ModbusMessage m, Body d) {
        // 6.14: response data length, then per sub-request: file response length, reference type, data
        int byteCount = d.u8(0);
        m.put(BYTE_COUNT, byteCount);
        d.expect(1 + byteCount);
        List<Map<String, Object>> records = new ArrayList<>();
        int at = 1;
        while (at < 1 + byteCount) {
            int length = d.u8(at);
            if (length < 1 || at + 1 + length > 1 + byteCount) {
                m.error = "read_file_record sub-response length " + length + " overruns its byte count";
                return;
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("reference_type", d.u8(at + 1));
            List<Integer> values = new ArrayList<>();
            for (int i = at + 2; i + 1 < at + 1 + length && values.size() < MAX_VALUES; i += 2) {
                values.add(d.u16(i));
            }
            record.put("values", values);
            records.add(record);
            at += 1 + length;
        }
        m.put(FILE_RECORDS, records);
    }

    private static void meiResponse(ModbusMessage m, Body d) {
        ModbusMeiType mei = meiType(m, d);
        if (mei == null) {
            return;
        }
        if (mei != ModbusMeiType.READ_DEVICE_IDENTIFICATION) {
            m.put(DATA, d.hex(1, d.len - 1));
            return;
        }
        // 6.21: read code, conformity level, more follows, next object id, object count, objects (id, length, value)
        m.put(DEVICE_ID_READ_CODE, d.u8(1));
        m.put(DEVICE_ID_CONFORMITY, d.u8(2));
        m.put(DEVICE_ID_MORE_FOLLOWS, d.u8(3) != 0);
        m.put(DEVICE_ID_NEXT_OBJECT, d.u8(4));
        int count = d.u8(5);
        int at = 6;
        List<Map<String, Object>> others = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int id = d.u8(at);
            int length = d.u8(at + 1);
            String value = Bytes.text(d.b, d.at(at + 2, length), length).strip();
            at += 2 + length;
            ModbusDeviceObject object = ModbusDeviceObject.of(id);
            if (object != null) {
                m.put(DEVICE_ID_PREFIX + object.field, value);
                if (object.assetField != null) {
                    m.identities.add(new ModbusMessage.Identity(object.assetField, value));
                }
            } else if (others.size() < MAX_VALUES) {
                Map<String, Object> other = new LinkedHashMap<>();
                other.put("id", id);
                other.put("value", value);
                others.add(other);
            }
        }
        if (!others.isEmpty()) {
            m.put(DEVICE_ID_OTHER_OBJECTS, others);
        }
        d.expect(at);
    }

    // ---- helpers ----

    private static void checkQuantity(ModbusMessage m, int quantity, int max) {
        if (quantity < 1 || quantity > max) {
            m.anomaly("quantity_out_of_range");
        }
    }

    private static void oddByteCount(ModbusMessage m, int byteCount) {
        if (byteCount % 2 != 0) {
            m.anomaly("odd_register_byte_count");
        }
    }

    private static void bits(ModbusMessage m, String field, Body d, int at, int byteCount, int quantity) {
        int n = Math.min(quantity, byteCount * 8);
        List<Integer> values = new ArrayList<>(Math.min(n, MAX_VALUES));
        for (int i = 0; i < n && i < MAX_VALUES; i++) {
            values.add((d.u8(at + i / 8) >> (i % 8)) & 1);
        }
        m.put(field, values);
        if (n > MAX_VALUES) {
            m.put(VALUES_TRUNCATED, true);
        }
    }

    private static void registers(ModbusMessage m, String field, Body d, int at, int byteCount) {
        int n = byteCount / 2;
        List<Integer> values = new ArrayList<>(Math.min(n, MAX_VALUES));
        for (int i = 0; i < n && i < MAX_VALUES; i++) {
            values.add(d.u16(at + i * 2));
        }
        m.put(field, values);
        if (n > MAX_VALUES) {
            m.put(VALUES_TRUNCATED, true);
        }
    }

    /** The bytes as text when they are mostly printable (a server id often holds a model string). */
    private static String printable(Body d, int at, int len) {
        int printable = 0;
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int c = d.u8(at + i);
            if (c >= 0x20 && c < 0x7F) {
                printable++;
                sb.append((char) c);
            } else {
                sb.append(' ');
            }
        }
        String text = sb.toString().strip().replaceAll(" {2,}", " ");
        return printable >= 4 && printable * 2 >= len ? text : null;
    }

    /** Thrown inside the decoder only: the body is shorter or longer than its layout. */
    private static final class BadLength extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadLength(String message) {
            super(message, null, false, false);
        }
    }

    /** Bounds-checked view of the PDU data after the function code. */
    private static final class Body {
        final byte[] b;
        final int off;
        final int len;

        Body(byte[] b, int off, int len) {
            this.b = b;
            this.off = off;
            this.len = Math.max(0, len);
        }

        int at(int pos, int n) {
            if (pos < 0 || n < 0 || pos + n > len) {
                throw new BadLength("needs " + (pos + n) + " data bytes, has " + len);
            }
            return off + pos;
        }

        int u8(int pos) {
            return Bytes.u8(b, at(pos, 1));
        }

        int u16(int pos) {
            return Bytes.u16be(b, at(pos, 2));
        }

        String hex(int pos, int n) {
            int shown = Math.max(0, Math.min(n, Math.min(MAX_DATA_BYTES, len - pos)));
            return shown == 0 ? null : Bytes.hex(b, off + pos, shown);
        }

        /** The body must be exactly {@code n} bytes long. */
        void expect(int n) {
            if (len < n) {
                throw new BadLength("needs " + n + " data bytes, has " + len);
            }
            if (len > n) {
                throw new BadLength("has " + len + " data bytes, layout takes " + n);
            }
        }
    }
}
