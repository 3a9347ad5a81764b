package io.linewatch.dissectors;

import static io.linewatch.testkit.WireFeeder.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import io.linewatch.testkit.WireFeeder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flow's application is what a dissector recognised in its bytes, not what its port suggests. */
class FlowApplicationTest {
    // Modbus/TCP read holding registers (tid 1, unit 1, address 107, 3 registers) and its reply
    private static final byte[] MODBUS_REQUEST = hex("0001 0000 0006 01 03 006b 0003");
    private static final byte[] MODBUS_REPLY = hex("0001 0000 0009 01 03 06 022b 0000 0064");
    // TPKT (version 3, length 22) + COTP connection request (LI 17, CR, dst ref 0, src ref 1, class 0,
    // calling TSAP 0x0100, called TSAP 0x0102, TPDU size 1024)
    private static final byte[] COTP_CR = hex("0300 0016 11 e0 0000 0001 00 c1020100 c2020102 c0010a");
    // EtherNet/IP ListIdentity request: command 0x0063, length 0, session 0, status 0, context, options 0
    private static final byte[] ENIP_LIST_IDENTITY = hex("6300 0000 00000000 00000000 0000000000000000 00000000");

    private static WireFeeder feeder() {
        return new WireFeeder(DissectorWiring.of(Dissectors.all()));
    }

    private static EventDoc flowRecord(WireFeeder c) {
        return c.events.stream().filter(e -> Values.DATASET_FLOW.equals(e.getString(Fields.EVENT_DATASET)))
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aFlowOnAnIndustrialPortWithoutAValidPduHasNoApplication() {
        for (int port : new int[] {502, 102, 44818}) {
            WireFeeder c = feeder().tcp("10.0.0.1", 40000, "10.0.0.2", port).handshake().close();
            assertNull(flowRecord(c).get(Fields.NETWORK_APPLICATION), "port " + port + ": handshake only");
        }
        byte[] text = "hello, this is not an industrial protocol at all, just text\r\n".repeat(12)
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int port : new int[] {502, 102, 44818}) {
            WireFeeder c = feeder().tcp("10.0.0.1", 40000, "10.0.0.2", port).handshake().toServer(text).close();
            assertNull(flowRecord(c).get(Fields.NETWORK_APPLICATION), "port " + port + ": text");
        }
    }

    @Test
    void theFirstValidPduNamesTheApplication() {
        assertEquals("modbus", flowRecord(feeder().tcp("10.0.0.1", 40000, "10.0.0.2", 502).handshake()
                .toServer(MODBUS_REQUEST).toClient(MODBUS_REPLY).close()).get(Fields.NETWORK_APPLICATION));
        assertEquals("s7comm", flowRecord(feeder().tcp("10.0.0.1", 40000, "10.0.0.2", 102).handshake()
                .toServer(COTP_CR).close()).get(Fields.NETWORK_APPLICATION));
        assertEquals("enip", flowRecord(feeder().tcp("10.0.0.1", 40000, "10.0.0.2", 44818).handshake()
                .toServer(ENIP_LIST_IDENTITY).close()).get(Fields.NETWORK_APPLICATION));
    }

    @Test
    void aStreamJoinedMidwayIsNamedOnlyOnceAnAduFrames() {
        WireFeeder c = feeder().tcp("10.0.0.1", 40000, "10.0.0.2", 502)
                .toServer(hex("0203 0405"))           // tail of an ADU whose start was not captured
                .toServer(MODBUS_REQUEST).toClient(MODBUS_REPLY).close();
        assertEquals("modbus", flowRecord(c).get(Fields.NETWORK_APPLICATION));
        List<EventDoc> modbus = c.protocol("modbus");
        assertEquals(1, modbus.stream().filter(e -> Values.SEEN_BOTH.equals(e.getString(Fields.OT_SEEN))).count());
    }
}
