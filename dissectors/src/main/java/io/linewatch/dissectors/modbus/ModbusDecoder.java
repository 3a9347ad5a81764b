package io.linewatch.dissectors.modbus;

import static io.linewatch.model.schema.ModbusFields.*;

import io.linewatch.dissectors.common.ByteReader;
import io.linewatch.dissectors.common.Bytes;
import io.linewatch.dissectors.common.DecodeException;
import io.linewatch.dissectors.modbus.ModbusFunction.Area;
import io.linewatch.model.Fields;
import io.linewatch.model.transaction.ObjectRef;
import io.linewatch.model.transaction.Operation;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Decodes one complete Modbus/TCP ADU into a {@link ModbusMessage}. Pure: no state, never throws on
 * any input. Lenient where Wireshark is: a body longer or shorter than its function's layout is still a
 * message of that function, with a {@code data_longer_than_layout} / {@code data_shorter_than_layout} anomaly
 * and the reason in {@link ModbusMessage#layoutError()} (a short body ends decoding with a
 * {@link DecodeException} from the reader, caught here and nowhere else).
 * Layouts are those of the MODBUS Application Protocol Specification V1.1b3 (section numbers below).
 */
public final class ModbusDecoder {
    /** MBAP header (7 bytes) + function code. */
    public static final int HEADER_WITH_FUNCTION = 8;
    /** MBAP header through the unit id: transaction id(2) protocol id(2) length(2) unit id(1). */
    private static final int MBAP_UNIT_LENGTH = 7;
    /** At most this many values per list on a document (a write of 1968 coils stays readable). */
    public static final int MAX_VALUES = 256;
    /** Raw payload shown in {@code modbus.data} is cut to this many bytes. */
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
    /** Part name of the PDU data for the reader. */
    private static final String PDU_DATA = "modbus_pdu_data";

    /** Member names inside the {@code modbus.file_records} and {@code other_objects} lists. */
    private static final String RECORD_REFERENCE_TYPE = member(FILE_RECORDS, FILE_RECORDS_REFERENCE_TYPE);
    private static final String RECORD_FILE_NUMBER = member(FILE_RECORDS, FILE_RECORDS_FILE_NUMBER);
    private static final String RECORD_NUMBER = member(FILE_RECORDS, FILE_RECORDS_RECORD_NUMBER);
    private static final String RECORD_LENGTH = member(FILE_RECORDS, FILE_RECORDS_RECORD_LENGTH);
    private static final String RECORD_VALUES = member(FILE_RECORDS, FILE_RECORDS_VALUES);
    private static final String OTHER_OBJECT_ID = member(DEVICE_ID_OTHER_OBJECTS, DEVICE_ID_OTHER_OBJECTS_ID);
    private static final String OTHER_OBJECT_VALUE = member(DEVICE_ID_OTHER_OBJECTS, DEVICE_ID_OTHER_OBJECTS_VALUE);

    private ModbusDecoder() {
    }

    private static String member(String list, String field) {
        return field.substring(list.length() + 1);
    }

    /**
     * @param adu     the whole ADU at {@code b[off..off+len)}, {@code len >= 8}
     * @param request the request this response answers (null for requests or when unknown)
     */
    public static ModbusMessage decode(boolean isRequest, byte[] adu, int off, int len, long ts, ModbusMessage request) {
        return decodePdu(isRequest, Bytes.u16be(adu, off), Bytes.u8(adu, off + 6), adu, off + MBAP_UNIT_LENGTH,
                len - MBAP_UNIT_LENGTH, ts, request);
    }

    /**
     * Decodes one complete RTU frame (unit id, PDU, CRC-16: {@link ModbusRtu}); it has no transaction id
     * ({@link ModbusMessage#NO_TRANSACTION_ID}). The CRC is not checked here: the framing only cuts frames whose CRC holds.
     *
     * @param len the whole frame, {@code len >= 4}
     */
    public static ModbusMessage decodeRtu(boolean isRequest, byte[] frame, int off, int len, long ts, ModbusMessage request) {
        return decodePdu(isRequest, ModbusMessage.NO_TRANSACTION_ID, Bytes.u8(frame, off), frame, off + 1,
                len - 1 - ModbusRtu.CRC_LENGTH, ts, request);
    }

    /** The PDU at {@code b[pdu..pdu+pduLen)} (function code first, {@code pduLen >= 1}), whatever framed it. */
    private static ModbusMessage decodePdu(boolean isRequest, int transactionId, int unitId, byte[] b, int pdu, int pduLen,
                                           long ts, ModbusMessage request) {
        ModbusMessage m = new ModbusMessage(isRequest, transactionId, unitId, Bytes.u8(b, pdu), ts);
        ByteReader body = new ByteReader(b, pdu + 1, Math.max(0, pduLen - 1), PDU_DATA);
        int fc = m.function();
        ModbusFunction function = ModbusFunction.of(fc);
        classify(m, function, fc);
        if (m.isException()) {
            int bodyLength = body.remaining();
            if (bodyLength != 1) {
                layoutMismatch(m, bodyLength == 0 ? ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT : ModbusAnomaly.DATA_LONGER_THAN_LAYOUT,
                        "is an exception of " + (bodyLength + 1) + " bytes, expected 2");
            }
            if (bodyLength >= 1) {
                m.exceptionCode = body.u8();
                m.put(EXCEPTION_CODE, m.exceptionCode);
                m.put(EXCEPTION_NAME, ModbusExceptionCode.nameOf(m.exceptionCode));
            }
            return m;
        }
        if (function == null) {
            m.put(DATA, hexOfRest(body));
            return m;
        }
        try {
            if (isRequest) {
                request(m, function, body);
            } else {
                response(m, function, body, request);
            }
        } catch (DecodeException e) {
            // too short for its function: still a transaction of that function (it pairs with its reply)
            layoutMismatch(m, ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT, e.reason());
            m.put(DATA, hex(b, pdu + 1, Math.max(0, pduLen - 1)));
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
            m.operation = Operation.OTHER;
        } else {
            m.action = ModbusFunction.ACTION_UNKNOWN;
            m.operation = Operation.OTHER;
            m.anomaly(ModbusAnomaly.UNKNOWN_FUNCTION_CODE);
        }
    }

    // ---- requests (client to server) ----

    private static void request(ModbusMessage m, ModbusFunction f, ByteReader d) {
        switch (f) {
            case READ_COILS, READ_DISCRETE_INPUTS -> readRequest(m, f, d, MAX_READ_BITS);
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> readRequest(m, f, d, MAX_READ_REGISTERS);
            case WRITE_SINGLE_COIL -> singleCoil(m, d);
            case WRITE_SINGLE_REGISTER -> singleRegister(m, d);
            case READ_EXCEPTION_STATUS, GET_COMM_EVENT_COUNTER, GET_COMM_EVENT_LOG, REPORT_SERVER_ID -> expect(m, d, 0);
            case DIAGNOSTICS -> diagnostics(m, d);
            case WRITE_MULTIPLE_COILS -> {
                // 6.11: address, quantity, byte count, packed coils
                int byteCount = writeMultipleHeader(m, f, d, MAX_WRITE_BITS, true);
                bits(m, d, byteCount, m.quantity, true);
            }
            case WRITE_MULTIPLE_REGISTERS -> {
                // 6.12: address, quantity, byte count, registers
                int byteCount = writeMultipleHeader(m, f, d, MAX_WRITE_REGISTERS, false);
                registers(m, VALUES, d, byteCount, true);
            }
            case READ_FILE_RECORD -> readFileRequest(m, d);
            case WRITE_FILE_RECORD -> writeFile(m, d);
            case MASK_WRITE_REGISTER -> maskWrite(m, d);
            case READ_WRITE_MULTIPLE_REGISTERS -> {
                // 6.17: read address, read quantity, write address, write quantity, byte count, values
                atLeast(d, 9);
                int readAddress = d.u16();
                int readQuantity = d.u16();
                int writeAddress = d.u16();
                int writeQuantity = d.u16();
                int byteCount = d.u8();
                m.put(READ_ADDRESS, readAddress);
                m.put(READ_QUANTITY, readQuantity);
                m.put(WRITE_ADDRESS, writeAddress);
                m.put(WRITE_QUANTITY, writeQuantity);
                // the shared fields describe the write: it is what changes the process
                m.address = writeAddress;
                m.quantity = writeQuantity;
                m.put(ADDRESS, writeAddress);
                m.put(QUANTITY, writeQuantity);
                m.put(BYTE_COUNT, byteCount);
                m.objects = new ObjectRef[] {
                    ObjectRef.range(Area.HOLDING_REGISTERS, readAddress, readQuantity),
                    ObjectRef.range(Area.HOLDING_REGISTERS, writeAddress, writeQuantity)};
                checkQuantity(m, readQuantity, MAX_READ_REGISTERS);
                checkQuantity(m, writeQuantity, MAX_RW_WRITE_REGISTERS);
                expect(m, d, 9 + byteCount);
                if (byteCount != writeQuantity * 2) {
                    m.anomaly(ModbusAnomaly.BYTE_COUNT_MISMATCH);
                }
                registers(m, VALUES, d, byteCount, true);
            }
            case READ_FIFO_QUEUE -> {
                // 6.18: FIFO pointer address (how many values are queued is in the response)
                expect(m, d, 2);
                m.address = d.u16();
                m.put(ADDRESS, m.address);
                m.objects = new ObjectRef[] {ObjectRef.range(Area.FIFO, m.address, -1)};
            }
            case ENCAPSULATED_INTERFACE_TRANSPORT -> meiRequest(m, d);
            case UMAS -> umasRequest(m, d);
            default -> m.put(DATA, hexOfRest(d));
        }
    }

    private static void readRequest(ModbusMessage m, ModbusFunction f, ByteReader d, int maxQuantity) {
        // 6.1-6.4: starting address, quantity
        expect(m, d, 4);
        m.address = d.u16();
        m.quantity = d.u16();
        m.put(ADDRESS, m.address);
        m.put(QUANTITY, m.quantity);
        m.objects = new ObjectRef[] {ObjectRef.range(f.area, m.address, m.quantity)};
        checkQuantity(m, m.quantity, maxQuantity);
    }

    private static void singleCoil(ModbusMessage m, ByteReader d) {
        // 6.5: output address, value 0xFF00 (on) or 0x0000 (off); the response echoes it
        expect(m, d, 4);
        m.address = d.u16();
        int value = d.u16();
        m.quantity = 1;
        m.put(ADDRESS, m.address);
        m.put(QUANTITY, 1);
        if (value == COIL_ON) {
            value = 1;
        } else if (value != 0) {
            m.anomaly(ModbusAnomaly.INVALID_COIL_VALUE);
        }
        values(m, VALUES, new long[] {value}, true);
        m.objects = new ObjectRef[] {ObjectRef.range(Area.COILS, m.address, 1)};
    }

    private static void singleRegister(ModbusMessage m, ByteReader d) {
        // 6.6: register address, value; the response echoes it
        expect(m, d, 4);
        m.address = d.u16();
        int value = d.u16();
        m.quantity = 1;
        m.put(ADDRESS, m.address);
        m.put(QUANTITY, 1);
        values(m, VALUES, new long[] {value}, true);
        m.objects = new ObjectRef[] {ObjectRef.range(Area.HOLDING_REGISTERS, m.address, 1)};
    }

    private static void diagnostics(ModbusMessage m, ByteReader d) {
        // 6.8: sub-function, then data words (echoed in the response)
        atLeast(d, 2);
        int sub = d.u16();
        m.subfunction = sub;
        m.put(DIAGNOSTIC_SUBFUNCTION, sub);
        ModbusDiagnostic diagnostic = ModbusDiagnostic.of(sub);
        if (diagnostic != null) {
            m.action = diagnostic.action;
            m.operation = diagnostic.operation;
        } else {
            m.anomaly(ModbusAnomaly.UNKNOWN_DIAGNOSTIC_SUBFUNCTION);
        }
        if (d.remaining() % 2 == 0) {
            List<Integer> words = new ArrayList<>();
            while (d.has(2) && words.size() < MAX_VALUES) {
                words.add(d.u16());
            }
            m.put(DIAGNOSTIC_DATA, words);
        } else {
            m.put(DATA, hexOfRest(d));
            m.anomaly(ModbusAnomaly.ODD_DIAGNOSTIC_DATA_LENGTH);
        }
    }

    private static void readFileRequest(ModbusMessage m, ByteReader d) {
        // 6.14: byte count, then 7-byte sub-requests: reference type, file, record, record length
        atLeast(d, 1);
        int byteCount = d.u8();
        m.put(BYTE_COUNT, byteCount);
        expect(m, d, 1 + byteCount);
        if (byteCount % FILE_SUB_REQUEST_BYTES != 0) {
            layoutMismatch(m, ModbusAnomaly.BYTE_COUNT_MISMATCH, "byte count " + byteCount + " is not a multiple of 7");
            return;
        }
        int n = byteCount / FILE_SUB_REQUEST_BYTES;
        List<Map<String, Object>> records = new ArrayList<>(n);
        ObjectRef[] objects = new ObjectRef[n];
        for (int i = 0; i < n; i++) {
            objects[i] = fileRecord(m, d, records);
        }
        m.put(FILE_RECORDS, records);
        firstRecordAsAddress(m, objects);
    }

    private static void writeFile(ModbusMessage m, ByteReader d) {
        // 6.15: byte count, then sub-requests: reference type, file, record, record length, data;
        // the response echoes the request
        atLeast(d, 1);
        int byteCount = d.u8();
        m.put(BYTE_COUNT, byteCount);
        expect(m, d, 1 + byteCount);
        List<Map<String, Object>> records = new ArrayList<>();
        List<ObjectRef> objects = new ArrayList<>();
        while (d.remaining() > 0) {
            need(d, FILE_SUB_REQUEST_BYTES);
            ObjectRef record = fileRecord(m, d, records);
            int length = (int) record.count();
            if (!d.has(length * 2)) {
                layoutMismatch(m, ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT, "sub-request overruns its byte count");
                return;
            }
            List<Integer> values = new ArrayList<>(Math.min(length, MAX_VALUES));
            for (int i = 0; i < length; i++) {
                int value = d.u16();
                if (values.size() < MAX_VALUES) {
                    values.add(value);
                }
            }
            records.get(records.size() - 1).put(RECORD_VALUES, values);
            objects.add(record);
        }
        m.put(FILE_RECORDS, records);
        firstRecordAsAddress(m, objects.toArray(new ObjectRef[0]));
    }

    /** One 7-byte file sub-request: its document entry is added to {@code records}, its object returned. */
    private static ObjectRef fileRecord(ModbusMessage m, ByteReader d, List<Map<String, Object>> records) {
        int referenceType = d.u8();
        int file = d.u16();
        int record = d.u16();
        int length = d.u16();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(RECORD_REFERENCE_TYPE, referenceType);
        entry.put(RECORD_FILE_NUMBER, file);
        entry.put(RECORD_NUMBER, record);
        entry.put(RECORD_LENGTH, length);
        records.add(entry);
        if (referenceType != FILE_REFERENCE_TYPE) {
            m.anomaly(ModbusAnomaly.INVALID_FILE_REFERENCE_TYPE);
        }
        return ObjectRef.range(Area.FILE_RECORDS, file, record, length);
    }

    /** The first sub-request's record number and length stand for address and quantity. */
    private static void firstRecordAsAddress(ModbusMessage m, ObjectRef[] records) {
        m.objects = records;
        if (records.length > 0) {
            m.address = (int) records[0].start();
            m.quantity = (int) records[0].count();
            m.put(ADDRESS, m.address);
            m.put(QUANTITY, m.quantity);
        }
    }

    private static void maskWrite(ModbusMessage m, ByteReader d) {
        // 6.16: reference address, AND mask, OR mask; the response echoes it
        expect(m, d, 6);
        m.address = d.u16();
        m.quantity = 1;
        m.put(ADDRESS, m.address);
        m.put(QUANTITY, 1);
        m.put(AND_MASK, d.u16());
        m.put(OR_MASK, d.u16());
        m.objects = new ObjectRef[] {ObjectRef.range(Area.HOLDING_REGISTERS, m.address, 1)};
    }

    /**
     * The header functions 15 and 16 share (address, quantity, byte count), checked against the quantity.
     *
     * @return the byte count of the values that follow
     */
    private static int writeMultipleHeader(ModbusMessage m, ModbusFunction f, ByteReader d, int maxQuantity, boolean bits) {
        atLeast(d, 5);
        m.address = d.u16();
        m.quantity = d.u16();
        int byteCount = d.u8();
        m.put(ADDRESS, m.address);
        m.put(QUANTITY, m.quantity);
        m.put(BYTE_COUNT, byteCount);
        m.objects = new ObjectRef[] {ObjectRef.range(f.area, m.address, m.quantity)};
        checkQuantity(m, m.quantity, maxQuantity);
        expect(m, d, 5 + byteCount);
        if (byteCount != (bits ? (m.quantity + 7) / 8 : m.quantity * 2)) {
            m.anomaly(ModbusAnomaly.BYTE_COUNT_MISMATCH);
        }
        return byteCount;
    }

    /** The MEI type byte both directions start with; null (kept as an anomaly with the raw data) when unknown. */
    private static ModbusMeiType meiType(ModbusMessage m, ByteReader d) {
        atLeast(d, 1);
        int meiType = d.u8();
        m.put(MEI_TYPE, meiType);
        ModbusMeiType mei = ModbusMeiType.of(meiType);
        if (mei == null) {
            m.anomaly(ModbusAnomaly.UNKNOWN_MEI_TYPE);
            m.put(DATA, hexOfRest(d));
            return null;
        }
        m.action = mei.action;
        m.operation = mei.operation;
        return mei;
    }

    private static void meiRequest(ModbusMessage m, ByteReader d) {
        // 6.19-6.21: MEI type, then type-specific data
        ModbusMeiType mei = meiType(m, d);
        if (mei == null) {
            return;
        }
        if (mei == ModbusMeiType.READ_DEVICE_IDENTIFICATION) {
            // read device id code, object id
            expect(m, d, 3);
            int readCode = d.u8();
            m.put(DEVICE_ID_READ_CODE, readCode);
            m.put(DEVICE_ID_OBJECT_ID, d.u8());
            if (readCode < 1 || readCode > READ_DEVICE_ID_SPECIFIC) {
                m.anomaly(ModbusAnomaly.INVALID_READ_DEVICE_ID_CODE);
            }
        } else {
            m.put(DATA, hexOfRest(d));
        }
    }

    private static void umasRequest(ModbusMessage m, ByteReader d) {
        // session (pairing) byte, UMAS function code, function data
        atLeast(d, 2);
        m.put(UMAS_SESSION, d.u8());
        int code = d.u8();
        m.subfunction = code;
        m.put(UMAS_FUNCTION_CODE, code);
        UmasFunction umas = UmasFunction.of(code);
        if (umas != null) {
            m.action = umas.action();
            m.operation = umas.operation;
        } else {
            m.action = "umas_unknown_function";
            m.anomaly(ModbusAnomaly.UNKNOWN_UMAS_FUNCTION_CODE);
        }
        m.put(DATA, hexOfRest(d));
    }

    /** UMAS data offsets of the read-id (0x02) reply, counted after the status byte. */
    private static final int UMAS_ID_FIRMWARE = 8;
    private static final int UMAS_ID_NAME_LENGTH = 22;

    /**
     * The reply to UMAS read-id (0x02): after the status, a range and hardware id, the firmware version as a
     * little-endian word of two hex-coded bytes (0x0270 is "2.70") at data offset 8, and at offset 22 the
     * length of the CPU's commercial reference followed by its text ("140 CPU 311 10", "BMX P34 2020").
     * Layout as read by the open-source client chakalou/FluentModbusUmas ({@code SendUmasREAD_PLC_ID}: PDU
     * bytes 11-12 and 25-26), checked against ITI's modicon_test.pcap. The CPU reference is the device's
     * order number; the protocol itself says the vendor (UMAS is Schneider Electric's).
     */
    private static void umasReadId(ModbusMessage m, ByteReader d) {
        if (!d.has(UMAS_ID_NAME_LENGTH + 1)) {
            layoutMismatch(m, ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT, "umas read_id reply of " + d.remaining() + " data bytes");
            return;
        }
        byte[] data = d.bytes(d.remaining());
        int firmware = Bytes.u8(data, UMAS_ID_FIRMWARE + 1);
        String version = Integer.toHexString(firmware) + "." + String.format("%02x", Bytes.u8(data, UMAS_ID_FIRMWARE));
        int nameLength = Bytes.u8(data, UMAS_ID_NAME_LENGTH);
        if (UMAS_ID_NAME_LENGTH + 1 + nameLength > data.length || nameLength == 0) {
            layoutMismatch(m, ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT,
                    "umas read_id reference length " + nameLength + " overruns the reply");
            return;
        }
        String reference = new String(data, UMAS_ID_NAME_LENGTH + 1, nameLength, StandardCharsets.ISO_8859_1).strip();
        m.put(UMAS_CPU_REFERENCE, reference);
        m.put(UMAS_FIRMWARE_VERSION, version);
        m.identity(new ModbusMessage.Identity(Fields.DEVICE_MODEL_IDENTIFIER, reference, UMAS_IDENTITY_SOURCE));
        m.identity(new ModbusMessage.Identity(Fields.DEVICE_FIRMWARE_VERSION, version, UMAS_IDENTITY_SOURCE));
        m.identity(new ModbusMessage.Identity(Fields.DEVICE_MANUFACTURER, UMAS_VENDOR, UMAS_IDENTITY_SOURCE));
    }

    /** Source of identity facts from the UMAS read-id reply. */
    public static final String UMAS_IDENTITY_SOURCE = "modbus.umas.read_id";
    /** The vendor UMAS identifies (it is Schneider Electric's own protocol). */
    static final String UMAS_VENDOR = "Schneider Electric";

    // ---- responses (server to client) ----

    private static void response(ModbusMessage m, ModbusFunction f, ByteReader d, ModbusMessage request) {
        switch (f) {
            case READ_COILS, READ_DISCRETE_INPUTS -> {
                // 6.1, 6.2: byte count, packed bits (the request's quantity says how many count)
                int byteCount = byteCount(m, d);
                int quantity = request != null && request.quantity >= 0 && request.quantity <= byteCount * 8
                        ? request.quantity : byteCount * 8;
                bits(m, d, byteCount, quantity, false);
            }
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> {
                // 6.3, 6.4: byte count, registers
                int byteCount = byteCount(m, d);
                oddByteCount(m, byteCount);
                registers(m, VALUES, d, byteCount, false);
            }
            case WRITE_SINGLE_COIL -> singleCoil(m, d);
            case WRITE_SINGLE_REGISTER -> singleRegister(m, d);
            case READ_EXCEPTION_STATUS -> {
                // 6.7: eight exception status outputs in one byte
                expect(m, d, 1);
                m.put(EXCEPTION_STATUS, d.u8());
            }
            case DIAGNOSTICS -> diagnostics(m, d);
            case GET_COMM_EVENT_COUNTER -> {
                // 6.9: status (0xFFFF busy), event count
                expect(m, d, 4);
                m.put(COMM_EVENT_STATUS, d.u16());
                m.put(COMM_EVENT_COUNT, d.u16());
            }
            case GET_COMM_EVENT_LOG -> {
                // 6.10: byte count, status, event count, message count, events (newest first)
                byteCount(m, d);
                atLeast(d, 7);
                m.put(COMM_EVENT_STATUS, d.u16());
                m.put(COMM_EVENT_COUNT, d.u16());
                m.put(COMM_MESSAGE_COUNT, d.u16());
                List<Integer> events = new ArrayList<>();
                while (d.remaining() > 0 && events.size() < MAX_VALUES) {
                    events.add(d.u8());
                }
                m.put(COMM_EVENTS, events);
            }
            case WRITE_MULTIPLE_COILS, WRITE_MULTIPLE_REGISTERS -> {
                // 6.11, 6.12: address and quantity echoed
                expect(m, d, 4);
                m.address = d.u16();
                m.quantity = d.u16();
                m.put(ADDRESS, m.address);
                m.put(QUANTITY, m.quantity);
                m.objects = new ObjectRef[] {ObjectRef.range(f.area, m.address, m.quantity)};
            }
            case REPORT_SERVER_ID -> {
                // 6.13: byte count, server id (device specific), run indicator, additional data
                int byteCount = byteCount(m, d);
                byte[] id = d.bytes(byteCount);
                m.put(SERVER_ID_DATA, hex(id, 0, byteCount));
                m.put(SERVER_ID_TEXT, printable(id));
            }
            case READ_FILE_RECORD -> readFileResponse(m, d);
            case WRITE_FILE_RECORD -> writeFile(m, d);
            case MASK_WRITE_REGISTER -> maskWrite(m, d);
            case READ_WRITE_MULTIPLE_REGISTERS -> {
                // 6.17: byte count, registers read
                int byteCount = byteCount(m, d);
                oddByteCount(m, byteCount);
                registers(m, READ_VALUES, d, byteCount, false);
            }
            case READ_FIFO_QUEUE -> {
                // 6.18: byte count (2 bytes), FIFO count, FIFO values (at most 31)
                atLeast(d, 4);
                int byteCount = d.u16();
                int count = d.u16();
                m.quantity = count;
                m.put(BYTE_COUNT, byteCount);
                m.put(FIFO_COUNT, count);
                m.put(QUANTITY, count);
                expect(m, d, 2 + byteCount);
                if (byteCount != 2 + count * 2) {
                    m.anomaly(ModbusAnomaly.BYTE_COUNT_MISMATCH);
                }
                registers(m, VALUES, d, Math.min(count * 2, byteCount - 2), false);
            }
            case ENCAPSULATED_INTERFACE_TRANSPORT -> meiResponse(m, d);
            case UMAS -> {
                // session byte echoed, then status 0xFE (ok) or 0xFD (error), then data
                atLeast(d, 2);
                m.put(UMAS_SESSION, d.u8());
                m.umasStatus = d.u8();
                m.put(UMAS_STATUS, m.umasStatus);
                if (m.umasStatus != UmasFunction.RESPONSE_OK && m.umasStatus != UmasFunction.RESPONSE_ERROR) {
                    m.anomaly(ModbusAnomaly.UNKNOWN_UMAS_STATUS);
                }
                if (request != null && request.subfunction == UmasFunction.READ_ID.code
                        && m.umasStatus == UmasFunction.RESPONSE_OK) {
                    umasReadId(m, d);
                }
            }
            default -> m.put(DATA, hexOfRest(d));
        }
    }

    /** A leading one-byte byte count that must cover the rest of the body exactly. */
    private static int byteCount(ModbusMessage m, ByteReader d) {
        atLeast(d, 1);
        int byteCount = d.u8();
        m.put(BYTE_COUNT, byteCount);
        expect(m, d, 1 + byteCount);
        return byteCount;
    }

    private static void readFileResponse(ModbusMessage m, ByteReader d) {
        // 6.14: response data length, then per sub-request: file response length, reference type, data
        byteCount(m, d);
        List<Map<String, Object>> records = new ArrayList<>();
        while (d.remaining() > 0) {
            int length = d.u8();
            if (length < 1 || length > d.remaining()) {
                layoutMismatch(m, ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT, "sub-response length " + length + " overruns its byte count");
                return;
            }
            ByteReader sub = d.slice(length, PDU_DATA);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put(RECORD_REFERENCE_TYPE, sub.u8());
            List<Integer> values = new ArrayList<>();
            while (sub.has(2) && values.size() < MAX_VALUES) {
                values.add(sub.u16());
            }
            record.put(RECORD_VALUES, values);
            records.add(record);
        }
        m.put(FILE_RECORDS, records);
    }

    private static void meiResponse(ModbusMessage m, ByteReader d) {
        ModbusMeiType mei = meiType(m, d);
        if (mei == null) {
            return;
        }
        if (mei != ModbusMeiType.READ_DEVICE_IDENTIFICATION) {
            m.put(DATA, hexOfRest(d));
            return;
        }
        // 6.21: read code, conformity level, more follows, next object id, object count, objects (id, length, value)
        atLeast(d, 6);
        m.put(DEVICE_ID_READ_CODE, d.u8());
        m.put(DEVICE_ID_CONFORMITY, d.u8());
        m.put(DEVICE_ID_MORE_FOLLOWS, d.u8() != 0);
        m.put(DEVICE_ID_NEXT_OBJECT, d.u8());
        int count = d.u8();
        List<Map<String, Object>> others = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            need(d, 2);
            int id = d.u8();
            int length = d.u8();
            need(d, length);
            String value = d.paddedText(length).strip();
            ModbusDeviceObject object = ModbusDeviceObject.of(id);
            if (object != null) {
                m.put(object.field, value);
                if (object.assetField != null) {
                    m.identity(new ModbusMessage.Identity(object.assetField, value, ModbusDissector.IDENTITY_SOURCE));
                }
            } else if (others.size() < MAX_VALUES) {
                Map<String, Object> other = new LinkedHashMap<>();
                other.put(OTHER_OBJECT_ID, id);
                other.put(OTHER_OBJECT_VALUE, value);
                others.add(other);
            }
        }
        if (!others.isEmpty()) {
            m.put(DEVICE_ID_OTHER_OBJECTS, others);
        }
        expect(m, d, d.consumed());
    }

    // ---- helpers ----

    /** The body's whole length, read or not. */
    private static int length(ByteReader d) {
        return d.consumed() + d.remaining();
    }

    /** The body must hold at least {@code n} bytes (the fixed part of a layout). */
    private static void atLeast(ByteReader d, int n) {
        if (length(d) < n) {
            throw new DecodeException("needs " + n + " data bytes, has " + length(d));
        }
    }

    /**
     * The body should be exactly {@code n} bytes long: shorter stops the decoding (a {@link DecodeException}),
     * longer is kept as an anomaly and decoding goes on (Wireshark decodes such a PDU as its function too).
     */
    private static void expect(ModbusMessage m, ByteReader d, int n) {
        atLeast(d, n);
        if (length(d) > n) {
            layoutMismatch(m, ModbusAnomaly.DATA_LONGER_THAN_LAYOUT, "has " + length(d) + " data bytes, layout takes " + n);
        }
    }

    /** The data does not fit the function's layout: an anomaly with the reason; the PDU stays a transaction of its function. */
    private static void layoutMismatch(ModbusMessage m, ModbusAnomaly anomaly, String reason) {
        m.anomaly(anomaly);
        if (m.layoutError == null) {
            m.layoutError = m.action + (m.request ? " request " : " response ") + reason;
            m.put(LAYOUT_ERROR, m.layoutError);
        }
    }

    /** The next {@code n} bytes must be there (a variable part). */
    private static void need(ByteReader d, int n) {
        atLeast(d, d.consumed() + n);
    }

    private static void checkQuantity(ModbusMessage m, int quantity, int max) {
        if (quantity < 1 || quantity > max) {
            m.anomaly(ModbusAnomaly.QUANTITY_OUT_OF_RANGE);
        }
    }

    private static void oddByteCount(ModbusMessage m, int byteCount) {
        if (byteCount % 2 != 0) {
            m.anomaly(ModbusAnomaly.ODD_REGISTER_BYTE_COUNT);
        }
    }

    /** {@code quantity} coils or inputs packed LSB first into {@code byteCount} bytes. */
    private static void bits(ModbusMessage m, ByteReader d, int byteCount, int quantity, boolean written) {
        int n = Math.max(0, Math.min(quantity, byteCount * 8));
        long[] values = new long[n];
        for (int i = 0; i < byteCount; i++) {
            int octet = d.u8();
            for (int bit = 0; bit < 8 && i * 8 + bit < n; bit++) {
                values[i * 8 + bit] = (octet >> bit) & 1;
            }
        }
        values(m, VALUES, values, written);
    }

    /** {@code byteCount / 2} registers (an odd last byte is skipped). */
    private static void registers(ModbusMessage m, String field, ByteReader d, int byteCount, boolean written) {
        int n = Math.max(0, byteCount / 2);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = d.u16();
        }
        values(m, field, values, written);
    }

    /** All values go to the message; the document shows the first {@link #MAX_VALUES} and says when cut. */
    private static void values(ModbusMessage m, String field, long[] values, boolean written) {
        m.values = values;
        m.valuesWritten = written;
        m.put(field, new ShownValues(values));
        if (values.length > MAX_VALUES) {
            m.put(VALUES_TRUNCATED, true);
        }
    }

    /** Hex of what is left of the body (at most {@link #MAX_DATA_BYTES}), null when nothing is. */
    private static String hexOfRest(ByteReader d) {
        int shown = Math.min(d.remaining(), MAX_DATA_BYTES);
        return shown == 0 ? null : d.peekHex(shown);
    }

    private static String hex(byte[] b, int off, int len) {
        int shown = Math.min(len, MAX_DATA_BYTES);
        return shown == 0 ? null : Bytes.hex(b, off, shown);
    }

    /** The bytes as text when they are mostly printable (a server id often holds a model string). */
    private static String printable(byte[] b) {
        int printable = 0;
        StringBuilder sb = new StringBuilder(b.length);
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7F) {
                printable++;
                sb.append((char) c);
            } else {
                sb.append(' ');
            }
        }
        String text = sb.toString().strip().replaceAll(" {2,}", " ");
        return printable >= 4 && printable * 2 >= b.length ? text : null;
    }

    /** The first {@link #MAX_VALUES} of the values as the document's list of numbers, without copying them. */
    private static final class ShownValues extends AbstractList<Integer> implements RandomAccess {
        private final long[] values;

        ShownValues(long[] values) {
            this.values = values;
        }

        @Override
        public Integer get(int i) {
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException(i);
            }
            return (int) values[i];
        }

        @Override
        public int size() {
            return Math.min(values.length, MAX_VALUES);
        }
    }
}
