package io.linewatch.dissectors.modbus;

import static io.linewatch.testkit.WireFeeder.concat;
import static io.linewatch.testkit.WireFeeder.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import io.linewatch.model.schema.ModbusFields;
import io.linewatch.model.schema.Schema;
import io.linewatch.testkit.WireFeeder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Modbus framings besides MBAP over TCP: RTU frames over TCP (found by their CRC on the flow's first PDU), MBAP
 * over UDP and RTU over UDP. Each gives the same transactions as Modbus/TCP, with {@code modbus.framing} saying how
 * they were framed.
 */
class ModbusFramingTest {
    private static final String CLIENT = "10.0.0.1";
    private static final String SERVER = "10.0.0.2";

    /** An RTU frame: the unit id and PDU given, the CRC computed (pinned by {@link #crcOfKnownFrames}). */
    private static byte[] rtu(String unitAndPdu) {
        byte[] body = hex(unitAndPdu);
        int crc = ModbusRtu.crc16(body, 0, body.length);
        return concat(body, new byte[] {(byte) crc, (byte) (crc >>> 8)});
    }

    private static WireFeeder feeder() {
        return new WireFeeder(DissectorWiring.of(List.of(new ModbusFactory())));
    }

    private static WireFeeder.Tcp tcp() {
        return feeder().tcp(CLIENT, 40000, SERVER, 502);
    }

    private static void assertDeclared(List<EventDoc> events) {
        for (EventDoc e : events) {
            assertEquals(List.of(), Schema.problems(e.asMap()));
        }
    }

    @Test
    void crcOfKnownFrames() {
        // MODBUS over Serial Line V1.02 / the application protocol's example: unit 0x11 reads 3 registers from 0x6B
        byte[] spec = hex("11 03 006B 0003 7687");
        assertTrue(ModbusRtu.crcHolds(spec, 0, spec.length));
        // Wireshark packet-mbtcp.c's comment: unit 1 reads 30 registers from 0, CRC C5 C2 (low byte first)
        assertEquals(0xC2C5, ModbusRtu.crc16(hex("01 03 0000 001E"), 0, 6));
        byte[] corrupt = hex("11 03 006B 0003 7688");
        assertTrue(!ModbusRtu.crcHolds(corrupt, 0, corrupt.length));
    }

    @Test
    void rtuOverTcpPairsByUnitAndDecodesLikeModbusTcp() {
        // the specification's exchange: read 3 holding registers from 107; reply 0xAE41 0x5652 0x4340
        WireFeeder c = tcp().handshake()
                .toServer(hex("11 03 006B 0003 7687"))
                .toClient(hex("11 03 06 AE41 5652 4340 49AD"))
                .close();
        EventDoc e = c.only("modbus");
        assertEquals("read_holding_registers", e.getString(Fields.EVENT_ACTION));
        assertEquals(Values.SEEN_BOTH, e.getString(Fields.OT_SEEN));
        assertEquals(Values.OUTCOME_SUCCESS, e.getString(Fields.EVENT_OUTCOME));
        assertEquals(17L, e.getLong(ModbusFields.UNIT_ID));
        assertEquals(107L, e.getLong(ModbusFields.ADDRESS));
        assertEquals(3L, e.getLong(ModbusFields.QUANTITY));
        assertEquals(List.of(0xAE41, 0x5652, 0x4340), e.get(ModbusFields.VALUES));
        assertEquals("rtu_over_tcp", e.getString(ModbusFields.FRAMING));
        // RTU frames carry no transaction id
        assertNull(e.get(ModbusFields.TRANSACTION_ID));
        assertEquals(0L, c.counter("modbus.malformed"));
        assertDeclared(c.transactions());
    }

    @Test
    void rtuFrameThatIsAlsoWellFormedMbapIsTakenForRtu() {
        // unit 1 reads 2 registers from 0: as MBAP this is tid 0x0103, protocol 0, length 2, unit 0xC4, function 11
        byte[] request = hex("01 03 0000 0002 C40B");
        WireFeeder c = tcp().handshake().toServer(request).toClient(rtu("01 03 04 0001 0002")).close();
        EventDoc e = c.only("modbus");
        assertEquals("read_holding_registers", e.getString(Fields.EVENT_ACTION));
        assertEquals(List.of(1, 2), e.get(ModbusFields.VALUES));
        assertEquals("rtu_over_tcp", e.getString(ModbusFields.FRAMING));
    }

    @Test
    void rtuFramesMergedSplitAndExceptions() {
        byte[] write = rtu("05 10 0001 0002 04 000A 0102");   // write 2 registers from 1 := 10, 258
        byte[] writeEcho = rtu("05 10 0001 0002");
        byte[] read = rtu("05 01 0000 0008");                // read 8 coils
        byte[] illegal = rtu("05 81 02");                    // exception: illegal data address
        byte[] coilsReq = rtu("06 05 0003 FF00");            // unit 6 (RTU: one request open per unit): coil 3 ON
        WireFeeder c = tcp().handshake()
                .toServer(write)
                .toClient(Arrays.copyOfRange(writeEcho, 0, 3), Arrays.copyOfRange(writeEcho, 3, writeEcho.length))
                .toServer(concat(read, coilsReq))
                .toClient(concat(illegal, coilsReq))
                .close();
        List<EventDoc> events = c.protocol("modbus");
        assertEquals(List.of("write_multiple_registers", "read_coils", "write_single_coil"),
                events.stream().map(e -> e.getString(Fields.EVENT_ACTION)).toList());
        assertEquals(List.of(10, 258), events.get(0).get(ModbusFields.VALUES));
        assertEquals(Values.OUTCOME_FAILURE, events.get(1).getString(Fields.EVENT_OUTCOME));
        assertEquals(2L, events.get(1).getLong(ModbusFields.EXCEPTION_CODE));
        assertTrue(events.stream().allMatch(e -> Values.SEEN_BOTH.equals(e.getString(Fields.OT_SEEN))));
        assertEquals(0L, c.counter("modbus.malformed"));
    }

    @Test
    void rtuResynchronisesAfterACaptureGap() {
        byte[] read = rtu("02 04 0010 0002");
        WireFeeder c = tcp().handshake()
                .toServer(read).toClient(rtu("02 04 04 0000 0001"))
                .toServer(Arrays.copyOfRange(read, 0, 3)).lostToServer(read.length - 3)
                .toServer(rtu("02 06 0007 0009")).toClient(rtu("02 06 0007 0009"))
                .close();
        List<EventDoc> both = c.protocol("modbus").stream()
                .filter(e -> Values.SEEN_BOTH.equals(e.getString(Fields.OT_SEEN))).toList();
        assertEquals(List.of("read_input_registers", "write_single_register"),
                both.stream().map(e -> e.getString(Fields.EVENT_ACTION)).toList());
        assertEquals(1L, c.counter("modbus.malformed"));
    }

    @Test
    void mbapFlowsKeepTheirTransactionIdAndNoFramingField() {
        WireFeeder c = tcp().handshake().toServer(hex("0001 0000 0006 01 03 006b 0003"))
                .toClient(hex("0001 0000 0009 01 03 06 022b 0000 0064")).close();
        EventDoc e = c.only("modbus");
        assertEquals(1L, e.getLong(ModbusFields.TRANSACTION_ID));
        assertNull(e.get(ModbusFields.FRAMING));
    }

    @Test
    void mbapOverUdpPairsByTransactionId() {
        WireFeeder c = feeder()
                .udp(CLIENT, 50000, SERVER, 502, hex("0007 0000 0006 01 06 0001 0003"))
                .udp(CLIENT, 50000, SERVER, 502, hex("0008 0000 0006 01 03 0000 0001"))
                .udp(SERVER, 502, CLIENT, 50000, hex("0008 0000 0005 01 03 02 0007"))
                .udp(SERVER, 502, CLIENT, 50000, hex("0007 0000 0006 01 06 0001 0003"))
                .finish();
        List<EventDoc> events = c.protocol("modbus");
        assertEquals(List.of("read_holding_registers", "write_single_register"),
                events.stream().map(e -> e.getString(Fields.EVENT_ACTION)).sorted().toList());
        for (EventDoc e : events) {
            assertEquals(Values.SEEN_BOTH, e.getString(Fields.OT_SEEN));
            assertEquals("mbap_over_udp", e.getString(ModbusFields.FRAMING));
            assertEquals("udp", e.getString(Fields.NETWORK_TRANSPORT));
            assertEquals(CLIENT, e.getString(Fields.SOURCE_IP));
        }
        assertDeclared(c.transactions());
    }

    @Test
    void rtuOverUdp() {
        WireFeeder c = feeder()
                .udp(CLIENT, 50000, SERVER, 502, hex("11 03 006B 0003 7687"))
                .udp(SERVER, 502, CLIENT, 50000, hex("11 03 06 AE41 5652 4340 49AD"))
                .udp(SERVER, 502, CLIENT, 50000, hex("11 03 06 AE41 5652 4340 49AE")) // CRC broken
                .finish();
        EventDoc e = c.only("modbus");
        assertEquals("rtu_over_udp", e.getString(ModbusFields.FRAMING));
        assertEquals(Values.SEEN_BOTH, e.getString(Fields.OT_SEEN));
        assertEquals(1L, c.counter("modbus.malformed"));
    }

    @Test
    void otherTrafficOnUdp502IsLeftAlone() {
        WireFeeder c = feeder()
                .udp(CLIENT, 50000, SERVER, 502, "hello, not modbus".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .udp(CLIENT, 50000, SERVER, 502, hex("0008 0000 0006 01 03 0000 0001"))
                .finish();
        assertEquals(List.of(), c.protocol("modbus"));
        assertEquals(1L, c.counter("modbus.non_modbus_flows"));
    }
}
