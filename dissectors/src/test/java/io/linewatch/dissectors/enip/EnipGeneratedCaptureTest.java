package io.linewatch.dissectors.enip;

import static io.linewatch.dissectors.enip.EnipBytes.io;
import static io.linewatch.dissectors.enip.EnipBytes.sendRRData;
import static io.linewatch.dissectors.enip.EnipBytes.sockaddr;
import static io.linewatch.testkit.WireFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linewatch.dissectors.testing.DissectorWiring;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.model.schema.CipFields;
import io.linewatch.model.schema.Schema;
import io.linewatch.testkit.CaptureRunner;
import io.linewatch.testkit.Conversation;
import io.linewatch.testkit.Golden;
import io.linewatch.testkit.PcapWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Implicit I/O on the ports a Forward_Open negotiated, with the class 1 CIP sequence count, and service 0x52 in both
 * of its meanings, through the whole capture path, on a capture generated here: the public captures hold I/O on
 * UDP 2222 only and no Forward_Open with Sockaddr Info items. The capture is left in {@code target/generated-captures/}
 * for Wireshark ({@code tshark -r enip_forward_open_io_endpoints.pcap}).
 */
class EnipGeneratedCaptureTest {
    static final Path CAPTURE = Path.of("target/generated-captures/enip_forward_open_io_endpoints.pcap");
    private static final long START = 1_700_000_000_000_000_000L;
    private static final String SCANNER = "192.168.20.5";
    private static final String ADAPTER = "192.168.20.10";
    private static final long RPI_NANOS = 10_000_000L;
    private static final long O_T_ID = 0x22222222L;
    private static final long T_O_ID = 0x11111111L;

    /** Class 1 I/O data: CIP sequence count(2) run/idle header(4) data(2). */
    private static byte[] classOne(int cipSequence, int value) {
        return bytes(cipSequence & 0xFF, cipSequence >> 8, 0x01, 0x00, 0x00, 0x00, value, 0x00);
    }

    static Path generate() throws Exception {
        Files.createDirectories(CAPTURE.getParent());
        try (PcapWriter w = PcapWriter.create(CAPTURE, PcapWriter.Resolution.MICROS)) {
            Conversation explicit = new Conversation(w::frame, START, SCANNER, ADAPTER);
            Conversation.Tcp tcp = explicit.tcp(50100, 44818).handshake();
            // Forward_Open, class 1 cyclic: the scanner wants T->O on its port 4660; the adapter takes O->T on 5000
            tcp.toServer(sendRRData(1, 1, EnipDissectorTest.FORWARD_OPEN, sockaddr(0x8001, 4660, 192, 168, 20, 5)));
            tcp.toClient(sendRRData(1, 1, EnipDissectorTest.FORWARD_OPEN_REPLY, sockaddr(0x8000, 5000, 0, 0, 0, 0)));
            // 0x52 on a symbolic tag: Read_Tag_Fragmented of "Tank" (1 element from offset 0), and its reply
            tcp.toServer(sendRRData(1, 2, bytes(0x52, 0x03, 0x91, 0x04, 'T', 'a', 'n', 'k', 0x01, 0x00, 0, 0, 0, 0)));
            tcp.toClient(sendRRData(1, 2, bytes(0xD2, 0x00, 0x00, 0x00, 0xC4, 0x00, 0x2A, 0x00, 0x00, 0x00)));
            // 0x52 on the Connection Manager: Unconnected Send of Get_Attribute_Single (identity 1, attribute 7) to slot 0
            tcp.toServer(sendRRData(1, 3, bytes(0x52, 0x02, 0x20, 0x06, 0x24, 0x01, 0x0A, 0x0E, 0x08, 0x00,
                    0x0E, 0x03, 0x20, 0x01, 0x24, 0x01, 0x30, 0x07, 0x01, 0x00, 0x01, 0x00)));
            tcp.toClient(sendRRData(1, 3, bytes(0x8E, 0x00, 0x00, 0x00, 0x05, 'L', '7', '5', 'x', 'x')));
            tcp.end();

            // T->O from port 2222, as the specification has I/O sent (Vol. 2, 3-3.9.4), to the scanner's negotiated port;
            // O->T from an ephemeral port (devices that do not keep to 2222): only the negotiated endpoint makes it I/O
            Conversation io = new Conversation(w::frame, START + 1_000_000_000L, ADAPTER, SCANNER);
            int[] tToO = {1, 2, 3, 3, 4, 7, 8, 9, 10, 11}; // a repeat (3) and a jump (4 -> 7: two updates not seen)
            for (int i = 0; i < tToO.length; i++) {
                io.at(START + 1_000_000_000L + i * RPI_NANOS)
                        .udpToServer(2222, 4660, io(T_O_ID, i + 1, classOne(tToO[i], i)));
                io.at(START + 1_000_000_000L + i * RPI_NANOS + RPI_NANOS / 2)
                        .udpToClient(41001, 5000, io(O_T_ID, i + 1, classOne(100 + i, i))); // scanner:41001 -> adapter:5000
            }
        }
        return CAPTURE;
    }

    @Test
    void ioOnNegotiatedEndpointsWithItsCipSequenceCount() throws Exception {
        CaptureRunner r = CaptureRunner.run(generate(), DissectorWiring.of(EnipFactory.factories()));
        Golden.assertMatches("enip/generated_forward_open_io_endpoints.ndjson", r.transactions());
        for (EventDoc e : r.transactions()) {
            assertEquals(List.of(), Schema.problems(e.asMap()));
        }
        List<EventDoc> cip = r.protocol("cip");
        assertEquals(List.of("forward_open", "read_tag_fragmented", "get_attribute_single"),
                cip.stream().map(e -> e.getString(Fields.EVENT_ACTION)).toList());
        assertEquals(SCANNER + ":4660", cip.get(0).getString(CipFields.CONNECTION_T_O_ENDPOINT));
        assertEquals(ADAPTER + ":5000", cip.get(0).getString(CipFields.CONNECTION_O_T_ENDPOINT));
        List<EventDoc> io = r.protocol("cip_io");
        assertEquals(2, io.size());
        EventDoc in = io.stream().filter(e -> "t_o".equals(e.getString(CipFields.IO_DIRECTION))).findFirst().orElseThrow();
        assertEquals(10L, in.getLong(CipFields.IO_PACKETS));
        assertEquals(1L, in.getLong(CipFields.IO_CIP_SEQUENCE_GAPS));
        assertEquals(2L, in.getLong(CipFields.IO_CIP_SEQUENCE_LOST));
        assertEquals(1L, in.getLong(CipFields.IO_CIP_SEQUENCE_REPEATS));
        assertEquals(10_000L, in.getLong(CipFields.IO_RPI_MEASURED_US));
    }
}
