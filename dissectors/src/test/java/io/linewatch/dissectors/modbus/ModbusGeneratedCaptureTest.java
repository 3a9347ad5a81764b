package io.linewatch.dissectors.modbus;

import static io.linewatch.testkit.WireFeeder.concat;
import static io.linewatch.testkit.WireFeeder.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.Values;
import io.linewatch.model.schema.ModbusFields;
import io.linewatch.model.schema.Schema;
import io.linewatch.testkit.CaptureRunner;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.Golden;
import io.linewatch.testkit.PcapWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * RTU over TCP and Modbus over UDP through the whole capture path (pcap file, decoding, flows, reassembly, the
 * dissector), on a capture generated here: no public capture of either framing was found. The capture is left in
 * {@code target/generated-captures/} so it can be read with Wireshark, which decodes the same frames when told the
 * port carries RTU: {@code tshark -r modbus_rtu_and_udp.pcap -d tcp.port==502,mbrtu} (UDP 502 is Modbus/UDP to it by
 * default; the RTU-over-UDP flow needs {@code -d udp.port==502,mbrtu} instead).
 */
class ModbusGeneratedCaptureTest {
    static final Path CAPTURE = Path.of("target/generated-captures/modbus_rtu_and_udp.pcap");
    private static final long START = 1_700_000_000_000_000_000L;
    private static final String MASTER = "192.168.10.5";

    /** An RTU frame: unit id and PDU, then the CRC-16 (low byte first). */
    static byte[] rtu(String unitAndPdu) {
        byte[] body = hex(unitAndPdu);
        int crc = ModbusRtu.crc16(body, 0, body.length);
        return concat(body, new byte[] {(byte) crc, (byte) (crc >>> 8)});
    }

    /** A master polling a serial gateway over TCP with RTU frames, and two devices answering Modbus over UDP. */
    static Path generate() throws Exception {
        Files.createDirectories(CAPTURE.getParent());
        try (PcapWriter w = PcapWriter.create(CAPTURE, PcapWriter.Resolution.MICROS)) {
            Conversation gateway = new Conversation(w::frame, START, MASTER, "192.168.10.20");
            gateway.tcp(49200, 502).handshake()
                    .toServer(hex("11 03 006B 0003 7687"))                       // unit 17: read 3 holding registers at 107
                    .toClient(hex("11 03 06 AE41 5652 4340 49AD"))
                    .toServer(rtu("03 06 0001 0003"))                            // unit 3: register 1 := 3
                    .toClient(rtu("03 06 0001 0003"))
                    .toServer(rtu("03 0F 0013 000A 02 CD01"))                    // unit 3: 10 coils from 19
                    .toClient(rtu("03 0F 0013 000A"))
                    .toServer(rtu("04 04 0008 0001"))                            // unit 4: input register 8 ...
                    .toClient(rtu("04 84 02"))                                   // ... illegal data address
                    .toServer(rtu("05 08 0000 A537"))                            // unit 5: diagnostics, return query data
                    .toClient(rtu("05 08 0000 A537"))
                    .close();
            Conversation udpDevice = new Conversation(w::frame, START + 1_000_000_000L, MASTER, "192.168.10.21");
            udpDevice.udpToServer(50100, 502, hex("0101 0000 0006 01 01 0000 0010"))   // read 16 coils
                    .udpToClient(502, 50100, hex("0101 0000 0005 01 01 02 FF00"))
                    .udpToServer(50100, 502, hex("0102 0000 0006 01 05 0004 FF00"))   // coil 4 ON
                    .udpToClient(502, 50100, hex("0102 0000 0006 01 05 0004 FF00"));
            Conversation udpRtu = new Conversation(w::frame, START + 2_000_000_000L, MASTER, "192.168.10.22");
            // also a well-formed MBAP ADU (tid 0x0903, length 2): the CRC decides
            udpRtu.udpToServer(50200, 502, rtu("09 03 0000 0002"))
                    .udpToClient(502, 50200, rtu("09 03 04 0102 0304"));
        }
        return CAPTURE;
    }

    @Test
    void rtuOverTcpAndModbusOverUdp() throws Exception {
        CaptureRunner r = CaptureRunner.run(generate(), DissectorWiring.of(List.of(new ModbusFactory())));
        List<EventDoc> modbus = r.protocol("modbus");
        Golden.assertMatches("modbus/generated_modbus_rtu_and_udp.ndjson", r.transactions());
        for (EventDoc e : r.transactions()) {
            assertEquals(List.of(), Schema.problems(e.asMap()));
        }
        Map<String, Long> byFraming = modbus.stream()
                .collect(Collectors.groupingBy(e -> e.getString(ModbusFields.FRAMING), TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("rtu_over_tcp", 5L, "mbap_over_udp", 2L, "rtu_over_udp", 1L), byFraming);
        assertEquals(8, modbus.stream().filter(e -> Values.SEEN_BOTH.equals(e.getString(Fields.OT_SEEN))).count());
        assertEquals(List.of("read_holding_registers", "write_single_register", "write_multiple_coils",
                        "read_input_registers", "return_query_data"),
                modbus.subList(0, 5).stream().map(e -> e.getString(Fields.EVENT_ACTION)).toList());
        assertEquals(0L, r.counters().getOrDefault("modbus.malformed", 0L));
    }
}
