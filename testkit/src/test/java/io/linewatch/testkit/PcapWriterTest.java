package io.linewatch.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.decode.DecodedPacket;
import io.linewatch.capture.decode.PacketDecoder;
import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.capture.source.LinkTypes;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A written capture reads back frame for frame with CaptureFileReader, and tshark (when installed) accepts it. */
class PcapWriterTest {
    private static final long START = 1_700_000_000_123_456_789L;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(PcapWriter.Resolution.class)
    void writtenConversationReadsBack(PcapWriter.Resolution resolution) throws Exception {
        Path file = tmp.resolve("conversation-" + resolution + ".pcap");
        List<Long> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        byte[] request = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] response = "world!".getBytes(StandardCharsets.US_ASCII);
        try (PcapWriter w = PcapWriter.create(file, resolution)) {
            Conversation c = new Conversation((ts, f) -> {
                times.add(ts);
                frames.add(f);
                w.frame(ts, f);
            }, START, "10.0.0.1", "10.0.0.2");
            c.tcp(40000, 502).handshake().toServer(request).toClient(response).close();
            c.udpToServer(47808, 47808, new byte[] {1, 2, 3});
            assertEquals(9, w.frames());
        }

        long unit = resolution == PcapWriter.Resolution.MICROS ? 1000 : 1;
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        Frame f = new Frame();
        List<String> seen = new ArrayList<>();
        try (CaptureFileReader reader = new CaptureFileReader(file)) {
            for (int i = 0; reader.next(f); i++) {
                assertEquals(LinkTypes.ETHERNET, f.linkType);
                assertEquals(times.get(i) / unit * unit, f.timestampNanos, "timestamp of frame " + (i + 1));
                byte[] data = new byte[f.capturedLength];
                System.arraycopy(f.data, 0, data, 0, f.capturedLength);
                assertArrayEquals(frames.get(i), data);
                assertEquals(f.capturedLength, f.originalLength);
                assertTrue(decoder.decode(f, p), "frame " + (i + 1) + " decodes");
                seen.add(p.ipProtocol == 6
                        ? String.format("tcp %d>%d %02x %d/%d %d", p.srcPort, p.dstPort, p.tcpFlags, p.tcpSeq, p.tcpAck, p.payloadLength)
                        : String.format("udp %d>%d %d", p.srcPort, p.dstPort, p.payloadLength));
            }
        }
        assertEquals(List.of(
                "tcp 40000>502 02 1000/0 0",        // SYN
                "tcp 502>40000 12 70000/1001 0",    // SYN/ACK
                "tcp 40000>502 10 1001/70001 0",    // ACK
                "tcp 40000>502 18 1001/70001 5",    // request
                "tcp 502>40000 18 70001/1006 6",    // response
                "tcp 40000>502 11 1006/70007 0",    // FIN/ACK
                "tcp 502>40000 11 70007/1007 0",    // FIN/ACK
                "tcp 40000>502 10 1007/70008 0",    // last ACK
                "udp 47808>47808 3"), seen);

        // tshark is the reference: no expert warnings about sequence numbers, checksums or malformed packets
        Assumptions.assumeTrue(tsharkInstalled(), "tshark not installed");
        Process t = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-o", "tcp.check_checksum:TRUE",
                "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-z", "expert,note", "-q")
                .redirectErrorStream(true).start();
        String out = new String(t.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(t.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, t.exitValue(), out);
        for (String bad : List.of("Malformed", "Bad checksum", "checksum", "Previous segment", "out-of-order",
                "Retransmission", "ACKed unseen", "Error")) {
            assertTrue(!out.toLowerCase().contains(bad.toLowerCase()), "tshark reports '" + bad + "':\n" + out);
        }
    }

    private static boolean tsharkInstalled() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, "tshark").canExecute()) {
                return true;
            }
        }
        return false;
    }
}
