package io.linewatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * The Java file reader against real libpcap (through pcap4j) on every checked-in capture: the same
 * frames, bytes, lengths, link types and nanosecond timestamps.
 */
class CaptureFileReaderLibpcapTest {
    static Stream<Path> captures() throws IOException {
        Path root = testdata();
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = s.filter(p -> p.toString().matches(".*\\.pcap(ng)?$")).sorted().toList();
            return files.stream();
        }
    }

    static Path testdata() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("testdata/pcaps"))) {
            dir = dir.getParent();
        }
        return dir.resolve("testdata/pcaps");
    }

    @ParameterizedTest
    @MethodSource("captures")
    void sameFramesAsLibpcap(Path capture) throws Exception {
        Libpcap.configure();
        int frames = 0;
        try (CaptureFileReader ours = new CaptureFileReader(capture);
             PcapHandle pcap = Pcaps.openOffline(capture.toString(), PcapHandle.TimestampPrecision.NANO)) {
            Frame f = new Frame();
            while (true) {
                byte[] raw;
                try {
                    raw = pcap.getNextRawPacketEx();
                } catch (EOFException end) {
                    assertFalse(ours.next(f), "libpcap ended but we have more at frame " + frames);
                    break;
                }
                assertTrue(ours.next(f), "we ended early at frame " + frames);
                Timestamp ts = pcap.getTimestamp();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                assertEquals(nanos, f.timestampNanos, "timestamp of frame " + frames);
                assertEquals(pcap.getDlt().value(), f.linkType, "link type of frame " + frames);
                assertEquals(pcap.getOriginalLength(), f.originalLength, "original length of frame " + frames);
                assertArrayEquals(raw, Arrays.copyOf(f.data, f.capturedLength), "bytes of frame " + frames);
                frames++;
            }
        }
        assertTrue(frames > 0);
    }
}
