package io.linewatch.dissectors.modbus;

import static io.linewatch.testkit.WireFeeder.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.Fields;
import io.linewatch.model.schema.ModbusFields;
import io.linewatch.model.transaction.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per function code: request and response layouts, byte by byte. */
class ModbusDecoderTest {
    private static ModbusMessage request(String adu) {
        byte[] b = hex(adu);
        return ModbusDecoder.decode(true, b, 0, b.length, 1L, null);
    }

    private static ModbusMessage response(String adu, ModbusMessage request) {
        byte[] b = hex(adu);
        return ModbusDecoder.decode(false, b, 0, b.length, 2L, request);
    }

    @Test
    void readCoilsRequestAndResponseKeepOnlyTheRequestedBits() {
        ModbusMessage req = request("0001 0000 0006 11" // tid 1, protocol 0, length 6, unit 17
                + "01 0013 000a");                        // read coils, address 19, quantity 10
        assertNull(req.layoutError());
        assertEquals(1, req.transactionId);
        assertEquals(17, req.unitId);
        assertEquals("read_coils", req.action());
        assertEquals(Operation.READ, req.operation());
        assertEquals(19, req.field(ModbusFields.ADDRESS));
        assertEquals(10, req.field(ModbusFields.QUANTITY));
        ModbusMessage resp = response("0001 0000 0005 11"
                + "01 02 cd 01", req);                    // byte count 2, coils 27-20 = 0xcd, 29-28 = 0x01
        assertNull(resp.layoutError());
        assertEquals(List.of(1, 0, 1, 1, 0, 0, 1, 1, 1, 0), resp.field(ModbusFields.VALUES));
    }

    @Test
    void readDiscreteInputs() {
        ModbusMessage req = request("0002 0000 0006 01 02 00c4 0016"); // address 196, quantity 22
        assertEquals("read_discrete_inputs", req.action());
        assertEquals(196, req.field(ModbusFields.ADDRESS));
        ModbusMessage resp = response("0002 0000 0006 01 02 03 ac db 35", req); // 3 bytes of inputs
        assertEquals(22, ((List<?>) resp.field(ModbusFields.VALUES)).size());
    }

    @Test
    void readHoldingRegisters() {
        ModbusMessage req = request("0003 0000 0006 01 03 006b 0003"); // address 107, 3 registers
        assertEquals("read_holding_registers", req.action());
        assertEquals(3, req.field(ModbusFields.QUANTITY));
        ModbusMessage resp = response("0003 0000 0009 01 03 06 022b 0000 0064", req); // 555, 0, 100
        assertEquals(List.of(555, 0, 100), resp.field(ModbusFields.VALUES));
    }

    @Test
    void readInputRegisters() {
        ModbusMessage req = request("0004 0000 0006 01 04 0008 0001"); // address 8, 1 register
        assertEquals("read_input_registers", req.action());
        ModbusMessage resp = response("0004 0000 0005 01 04 02 000a", req); // value 10
        assertEquals(List.of(10), resp.field(ModbusFields.VALUES));
    }

    @Test
    void writeSingleCoilOnOffAndInvalid() {
        ModbusMessage on = request("0005 0000 0006 01 05 00ac ff00"); // address 172, ON
        assertEquals("write_single_coil", on.action());
        assertEquals(Operation.WRITE, on.operation());
        assertEquals(172, on.field(ModbusFields.ADDRESS));
        assertEquals(List.of(1), on.field(ModbusFields.VALUES));
        assertEquals(List.of(0), request("0005 0000 0006 01 05 00ac 0000").field(ModbusFields.VALUES)); // OFF
        ModbusMessage odd = request("0005 0000 0006 01 05 00ac 1234"); // neither ON nor OFF
        assertTrue(odd.anomalies().contains(ModbusAnomaly.INVALID_COIL_VALUE));
    }

    @Test
    void writeSingleRegister() {
        ModbusMessage req = request("0006 0000 0006 01 06 0001 0003"); // address 1, value 3
        assertEquals(List.of(3), req.field(ModbusFields.VALUES));
        assertNull(response("0006 0000 0006 01 06 0001 0003", req).layoutError()); // echo
    }

    @Test
    void readExceptionStatus() {
        ModbusMessage req = request("0007 0000 0002 01 07"); // no data
        assertEquals(Operation.DIAGNOSTIC, req.operation());
        assertEquals(0x6d, response("0007 0000 0003 01 07 6d", req).field(ModbusFields.EXCEPTION_STATUS));
    }

    @Test
    void diagnosticsSubFunctionsDecideActionAndOperation() {
        ModbusMessage echo = request("0008 0000 0006 01 08 0000 a537"); // return query data, data 0xa537
        assertEquals("return_query_data", echo.action());
        assertEquals(List.of(0xa537), echo.field(ModbusFields.DIAGNOSTIC_DATA));
        ModbusMessage restart = request("0008 0000 0006 01 08 0001 ff00"); // restart communications, clear log
        assertEquals("restart_communications_option", restart.action());
        assertEquals(Operation.CONTROL, restart.operation());
        ModbusMessage listenOnly = request("0008 0000 0006 01 08 0004 0000"); // force listen only mode
        assertEquals("force_listen_only_mode", listenOnly.action());
        assertEquals(Operation.CONTROL, listenOnly.operation());
        assertEquals(4, listenOnly.field(ModbusFields.DIAGNOSTIC_SUBFUNCTION));
        for (ModbusDiagnostic d : ModbusDiagnostic.values()) {
            ModbusMessage m = request(String.format("0008 0000 0006 01 08 %04x 0000", d.code));
            assertEquals(d.action, m.action());
        }
        assertTrue(request("0008 0000 0006 01 08 0063 0000").anomalies().contains(ModbusAnomaly.UNKNOWN_DIAGNOSTIC_SUBFUNCTION));
    }

    @Test
    void commEventCounterAndLog() {
        ModbusMessage counter = request("000b 0000 0002 01 0b");
        assertEquals("get_comm_event_counter", counter.action());
        ModbusMessage counterResp = response("000b 0000 0006 01 0b ffff 0108", counter); // busy, 264 events
        assertEquals(0xffff, counterResp.field(ModbusFields.COMM_EVENT_STATUS));
        assertEquals(264, counterResp.field(ModbusFields.COMM_EVENT_COUNT));
        ModbusMessage log = request("000c 0000 0002 01 0c");
        ModbusMessage logResp = response("000c 0000 000b 01 0c 08 0000 0108 0121 20 00", log);
        // byte count 8, status 0, event count 264, message count 289, events 0x20 0x00
        assertEquals(289, logResp.field(ModbusFields.COMM_MESSAGE_COUNT));
        assertEquals(List.of(0x20, 0x00), logResp.field(ModbusFields.COMM_EVENTS));
    }

    @Test
    void writeMultipleCoils() {
        ModbusMessage req = request("000f 0000 0009 01 0f 0013 000a 02 cd 01");
        // address 19, quantity 10, byte count 2, coils 0xcd 0x01
        assertNull(req.layoutError());
        assertEquals(List.of(1, 0, 1, 1, 0, 0, 1, 1, 1, 0), req.field(ModbusFields.VALUES));
        ModbusMessage resp = response("000f 0000 0006 01 0f 0013 000a", req); // echo address, quantity
        assertEquals(10, resp.field(ModbusFields.QUANTITY));
    }

    @Test
    void writeMultipleRegistersAndByteCountMismatch() {
        ModbusMessage req = request("0010 0000 000b 01 10 0001 0002 04 000a 0102");
        // address 1, 2 registers, 4 bytes, values 10 and 258
        assertEquals(List.of(10, 258), req.field(ModbusFields.VALUES));
        ModbusMessage bad = request("0010 0000 000b 01 10 0001 0003 04 000a 0102"); // says 3 registers, carries 2
        assertTrue(bad.anomalies().contains(ModbusAnomaly.BYTE_COUNT_MISMATCH));
    }

    @Test
    void reportServerId() {
        ModbusMessage req = request("0011 0000 0002 01 11");
        assertEquals(Operation.DISCOVERY, req.operation());
        ModbusMessage resp = response("0011 0000 000a 01 11 07 504c432d3130 ff", req);
        // byte count 7, server id "PLC-10", run indicator ON
        assertEquals("504c432d3130ff", resp.field(ModbusFields.SERVER_ID_DATA));
        assertEquals("PLC-10", resp.field(ModbusFields.SERVER_ID_TEXT));
    }

    @Test
    void readFileRecord() {
        ModbusMessage req = request("0014 0000 0011 01 14 0e 06 0004 0001 0002 06 0003 0009 0002");
        // byte count 14; sub-requests: (ref 6, file 4, record 1, length 2), (ref 6, file 3, record 9, length 2)
        List<?> records = (List<?>) req.field(ModbusFields.FILE_RECORDS);
        assertEquals(2, records.size());
        assertEquals(Map.of("reference_type", 6, "file_number", 4, "record_number", 1, "record_length", 2), records.get(0));
        assertEquals(1, req.field(ModbusFields.ADDRESS));
        ModbusMessage resp = response("0014 0000 000f 01 14 0c 05 06 0df8 46e0 05 06 33cd 0040", req);
        // data length 12; sub-responses: (length 5, ref 6, 0x0df8 0x46e0), (length 5, ref 6, 0x33cd 0x0040)
        assertNull(resp.layoutError());
        assertEquals(List.of(0x33cd, 0x0040), ((Map<?, ?>) ((List<?>) resp.field(ModbusFields.FILE_RECORDS)).get(1)).get("values"));
    }

    @Test
    void writeFileRecord() {
        ModbusMessage req = request("0015 0000 0010 01 15 0d 06 0004 0007 0003 06af 04be 100d");
        // byte count 13; ref 6, file 4, record 7, length 3, values 0x06af 0x04be 0x100d
        assertNull(req.layoutError());
        assertEquals(List.of(0x06af, 0x04be, 0x100d), ((Map<?, ?>) ((List<?>) req.field(ModbusFields.FILE_RECORDS)).get(0)).get("values"));
        assertNull(response("0015 0000 0010 01 15 0d 06 0004 0007 0003 06af 04be 100d", req).layoutError()); // echo
    }

    @Test
    void maskWriteRegister() {
        ModbusMessage req = request("0016 0000 0008 01 16 0004 00f2 0025"); // address 4, AND 0x00f2, OR 0x0025
        assertEquals(0x00f2, req.field(ModbusFields.AND_MASK));
        assertEquals(0x0025, req.field(ModbusFields.OR_MASK));
        assertEquals(Operation.WRITE, req.operation());
    }

    @Test
    void readWriteMultipleRegisters() {
        ModbusMessage req = request("0017 0000 0011 01 17 0003 0006 000e 0003 06 00ff 00ff 00ff");
        // read 6 from 3; write 3 to 14, 6 bytes of 0x00ff
        assertEquals(3, req.field(ModbusFields.READ_ADDRESS));
        assertEquals(6, req.field(ModbusFields.READ_QUANTITY));
        assertEquals(14, req.field(ModbusFields.ADDRESS));
        assertEquals(List.of(255, 255, 255), req.field(ModbusFields.VALUES));
        ModbusMessage resp = response("0017 0000 000f 01 17 0c 00fe 0acd 0001 0003 000d 00ff", req);
        assertEquals(List.of(0xfe, 0xacd, 1, 3, 13, 255), resp.field(ModbusFields.READ_VALUES));
    }

    @Test
    void readFifoQueue() {
        ModbusMessage req = request("0018 0000 0004 01 18 04de"); // FIFO pointer 1246
        assertEquals(1246, req.field(ModbusFields.ADDRESS));
        ModbusMessage resp = response("0018 0000 000a 01 18 0006 0002 01b8 1284", req);
        // byte count 6, FIFO count 2, values 440 4740
        assertEquals(List.of(440, 4740), resp.field(ModbusFields.VALUES));
        assertEquals(2, resp.field(ModbusFields.FIFO_COUNT));
    }

    @Test
    void readDeviceIdentificationGivesIdentityFacts() {
        ModbusMessage req = request("002b 0000 0005 01 2b 0e 01 00"); // MEI 14, basic stream, from object 0
        assertEquals("read_device_identification", req.action());
        assertEquals(Operation.DISCOVERY, req.operation());
        ModbusMessage resp = response("002b 0000 0023 01 2b 0e 01 01 00 00 04"
                // read code 1, conformity 1, no more, next 0, 4 objects:
                + "00 07 41636d6520436f"   // vendor name "Acme Co"
                + "01 05 5831303030"       // product code "X1000"
                + "02 05 56322e3130"       // revision "V2.10"
                + "81 02 4142", req);      // extended object 0x81 "AB"
        assertNull(resp.layoutError());
        assertEquals("Acme Co", resp.field("modbus.device_identification.vendor_name"));
        assertEquals("X1000", resp.field("modbus.device_identification.product_code"));
        assertEquals("V2.10", resp.field("modbus.device_identification.revision"));
        assertEquals(List.of(Map.of("id", 0x81, "value", "AB")), resp.field(ModbusFields.DEVICE_ID_OTHER_OBJECTS));
        String source = ModbusDissector.IDENTITY_SOURCE;
        assertEquals(List.of(new ModbusMessage.Identity(Fields.DEVICE_MANUFACTURER, "Acme Co", source),
                new ModbusMessage.Identity(Fields.DEVICE_PRODUCT_CODE, "X1000", source),
                new ModbusMessage.Identity(Fields.DEVICE_FIRMWARE_VERSION, "V2.10", source)), resp.identities());
    }

    @Test
    void canopenAndUnknownMeiTypes() {
        assertEquals("canopen_general_reference", request("002b 0000 0006 01 2b 0d 0102 03").action());
        ModbusMessage unknown = request("002b 0000 0006 01 2b 00 000000");
        assertEquals("encapsulated_interface_transport", unknown.action());
        assertTrue(unknown.anomalies().contains(ModbusAnomaly.UNKNOWN_MEI_TYPE));
    }

    @Test
    void umasSubFunctions() {
        ModbusMessage stop = request("0001 0000 0005 00 5a 01 41 ff"); // session 1, UMAS stop PLC
        assertEquals("umas_stop_plc", stop.action());
        assertEquals(Operation.CONTROL, stop.operation());
        assertEquals(0x41, stop.field(ModbusFields.UMAS_FUNCTION_CODE));
        assertEquals(Operation.PROGRAM, request("0001 0000 0004 00 5a 01 34").operation()); // download block
        assertEquals("umas_read_id", request("0001 0000 0004 00 5a 00 02").action());
        ModbusMessage refused = response("0001 0000 0005 00 5a 01 fd 00", stop); // status 0xfd: refused
        assertEquals(UmasFunction.RESPONSE_ERROR, refused.field(ModbusFields.UMAS_STATUS));
        assertEquals("umas_unknown_function", request("0001 0000 0004 00 5a 01 ee").action());
        // UMAS names PC-to-PLC transfers "upload": the actions say download, the usual sense
        assertEquals("umas_begin_program_download", request("0001 0000 0006 00 5a 01 30 0001").action());
        assertEquals("umas_program_upload_block", request("0001 0000 0004 00 5a 01 34").action());
        assertEquals(Operation.CONTROL, request("0001 0000 0004 00 5a 00 10").operation()); // take reservation
        assertEquals(Operation.CONTROL, request("0001 0000 0004 00 5a 01 11").operation()); // release reservation
        assertEquals(Operation.CONTROL, request("0001 0000 0004 00 5a 01 40").operation()); // start
        assertEquals(Operation.SESSION, request("0001 0000 0004 00 5a 01 12").operation()); // keep-alive
    }

    @Test
    void umasReadIdReplyGivesTheCpuReferenceAndFirmware() {
        ModbusMessage readId = request("0002 0000 0004 00 5a 00 02");
        // the reply of ITI's modicon_test.pcap, frame 6: session 0, status 0xfe, range 0x10ff,
        // hardware id, firmware 0x0270 at data offset 8, reference length 14 at offset 22, "140 CPU 311 10"
        ModbusMessage reply = response("0002 0000 0032 00 5a 00 fe"
                + "10ff 5a010100 0000 7002 0000 2700 0900 0800 0000 0000"
                + "0e 3134302043505520333131203130 010101000000001100", readId);
        assertNull(reply.layoutError());
        assertEquals("140 CPU 311 10", reply.field(ModbusFields.UMAS_CPU_REFERENCE));
        assertEquals("2.70", reply.field(ModbusFields.UMAS_FIRMWARE_VERSION));
        String source = ModbusDecoder.UMAS_IDENTITY_SOURCE;
        assertEquals(List.of(new ModbusMessage.Identity(Fields.DEVICE_MODEL_IDENTIFIER, "140 CPU 311 10", source),
                new ModbusMessage.Identity(Fields.DEVICE_FIRMWARE_VERSION, "2.70", source),
                new ModbusMessage.Identity(Fields.DEVICE_MANUFACTURER, "Schneider Electric", source)), reply.identities());
        // the same bytes answering another sub-function say nothing about identity
        assertTrue(response("0002 0000 0032 00 5a 00 fe"
                + "10ff 5a010100 0000 7002 0000 2700 0900 0800 0000 0000"
                + "0e 3134302043505520333131203130 010101000000001100", request("0002 0000 0004 00 5a 00 04")).identities().isEmpty());
        // cut short: an anomaly, no identity
        ModbusMessage cut = response("0002 0000 0008 00 5a 00 fe 10ff 5a01", readId);
        assertTrue(cut.anomalies().contains(ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT));
        assertTrue(cut.identities().isEmpty());
    }

    @Test
    void exceptionResponsesOfEveryCode() {
        ModbusMessage req = request("0003 0000 0006 01 03 006b 0003");
        for (ModbusExceptionCode code : ModbusExceptionCode.values()) {
            ModbusMessage resp = response(String.format("0003 0000 0003 01 83 %02x", code.code), req);
            assertTrue(resp.isException());
            assertEquals(3, resp.function());
            assertEquals(code.code, resp.exceptionCode());
            assertEquals(code.label, resp.field(ModbusFields.EXCEPTION_NAME));
        }
        assertEquals("unknown_exception_99", response("0003 0000 0003 01 83 63", req).field(ModbusFields.EXCEPTION_NAME));
    }

    @Test
    void legacyVendorUserDefinedAndUnknownFunctions() {
        assertEquals(Operation.PROGRAM, request("0001 0000 0004 01 7e 0102").operation()); // program 584/984-2
        assertEquals(Operation.FIRMWARE, request("0001 0000 0002 01 7d").operation());     // firmware replacement
        ModbusMessage user = request("0001 0000 0004 01 41 0102");                           // 65: user-defined
        assertEquals(ModbusFunction.ACTION_USER_DEFINED, user.action());
        assertFalse(user.anomalies().contains(ModbusAnomaly.UNKNOWN_FUNCTION_CODE));
        ModbusMessage unknown = request("0001 0000 0006 01 1d 00000000");                  // 29: unassigned
        assertEquals(ModbusFunction.ACTION_UNKNOWN, unknown.action());
        assertTrue(unknown.anomalies().contains(ModbusAnomaly.UNKNOWN_FUNCTION_CODE));
        assertEquals("00000000", unknown.field(ModbusFields.DATA));
        assertNull(unknown.layoutError());
    }

    @Test
    void dataLongerOrShorterThanTheLayoutIsStillATransactionOfItsFunction() {
        ModbusMessage shortRead = request("0001 0000 0004 01 03 006b"); // quantity missing
        assertEquals("read_holding_registers", shortRead.action());
        assertEquals(Operation.READ, shortRead.operation());
        assertTrue(shortRead.anomalies().contains(ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT));
        assertTrue(shortRead.layoutError().startsWith("read_holding_registers request needs 4"), shortRead.layoutError());
        assertEquals("006b", shortRead.field(ModbusFields.DATA));                 // what there was, raw
        ModbusMessage longRead = request("0001 0000 0008 01 03 006b 0001 0000"); // two bytes too many
        assertTrue(longRead.layoutError().contains("layout takes 4"), longRead.layoutError());
        assertTrue(longRead.anomalies().contains(ModbusAnomaly.DATA_LONGER_THAN_LAYOUT));
        assertEquals(107, longRead.field(ModbusFields.ADDRESS));                 // the layout is decoded
        assertEquals(1, longRead.field(ModbusFields.QUANTITY));
        ModbusMessage truncatedWrite = request("0001 0000 0009 01 10 0001 0002 04 000a"); // byte count 4, 2 present
        assertEquals("write_multiple_registers", truncatedWrite.action());
        assertTrue(truncatedWrite.anomalies().contains(ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT));
        ModbusMessage exception = response("0001 0000 0004 01 83 02 00", null); // exception with a spare byte
        assertEquals(2, exception.exceptionCode());
        assertTrue(exception.anomalies().contains(ModbusAnomaly.DATA_LONGER_THAN_LAYOUT));
        ModbusMessage bareException = response("0001 0000 0002 01 83", null);   // no exception code
        assertTrue(bareException.anomalies().contains(ModbusAnomaly.DATA_SHORTER_THAN_LAYOUT));
        ModbusMessage coil = request("0001 0000 0002 01 05");                    // function code alone (a scan)
        assertEquals("write_single_coil", coil.action());
        assertEquals(Operation.WRITE, coil.operation());
        assertNull(coil.field(ModbusFields.DATA));
        assertNull(request("0001 0000 0006 01 03 006b 0001").layoutError());    // exact: no anomaly
        assertTrue(request("0001 0000 0006 01 03 006b 0000").anomalies().contains(ModbusAnomaly.QUANTITY_OUT_OF_RANGE)); // 0 registers
    }
}
