package io.linewatch.capture.source;

import static io.linewatch.capture.testing.Packets.Buf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.testing.Packets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileReaderTest {
    @TempDir
    Path dir;

    private static final byte[] FRAME_1 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final byte[] FRAME_2 = {9, 9, 9};

    @Test
    void readsClassicPcapWithMicrosecondTimestamps() throws Exception {
        Path f = dir.resolve("a.pcap");
        Packets.writePcap(f, LinkTypes.ETHERNET, List.of(
                new Packets.Record(1_600_000_000_123_456L, FRAME_1),
                new Packets.Record(1_600_000_001_000_001L, FRAME_2)));
        try (CaptureFileReader r = new CaptureFileReader(f)) {
            Frame fr = new Frame();
            assertTrue(r.next(fr));
            assertEquals(1_600_000_000_123_456_000L, fr.timestampNanos);
            assertEquals(LinkTypes.ETHERNET, fr.linkType);
            assertArrayEquals(FRAME_1, Arrays.copyOf(fr.data, fr.capturedLength));
            assertTrue(r.next(fr));
            assertEquals(1_600_000_001_000_001_000L, fr.timestampNanos);
            assertEquals(3, fr.capturedLength);
            assertFalse(r.next(fr));
            assertEquals(1.0, r.progress());
        }
    }

    @Test
    void readsBigEndianNanosecondPcap() throws Exception {
        byte[] file = new Buf()
                .u32(0xa1b23c4dL).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(LinkTypes.LINUX_SLL) // header, big-endian, ns magic
                .u32(10).u32(999_999_999).u32(3).u32(60).bytes(FRAME_2)                              // one record, cut by snaplen
                .done();
        Path f = dir.resolve("be.pcap");
        Files.write(f, file);
        try (CaptureFileReader r = new CaptureFileReader(f)) {
            Frame fr = new Frame();
            assertTrue(r.next(fr));
            assertEquals(10_999_999_999L, fr.timestampNanos);
            assertEquals(LinkTypes.LINUX_SLL, fr.linkType);
            assertEquals(3, fr.capturedLength);
            assertEquals(60, fr.originalLength);
        }
    }

    @Test
    void readsPcapngWithTimestampResolutionAndSkipsUnknownBlocks() throws Exception {
        Buf b = new Buf();
        // Section header block: type, length 28, byte-order magic, version 1.0, section length -1
        b.u32le(0x0a0d0d0a).u32le(28).u32le(0x1a2b3c4d).u16le(1).u16le(0).u32le(0xffffffffL).u32le(0xffffffffL).u32le(28);
        // Interface description: linktype 1, snaplen 0, option if_tsresol=9 (ns), end of options
        b.u32le(1).u32le(32).u16le(1).u16le(0).u32le(0).u16le(9).u16le(1).u8(9).u8(0).u8(0).u8(0).u16le(0).u16le(0).u32le(32);
        // A custom block the reader must skip (type 0x00000bad, 12 bytes)
        b.u32le(0x00000bad).u32le(12).u32le(12);
        // Enhanced packet: interface 0, ts = 1.5 s in ns, caplen 3 (padded to 4), origlen 3
        long ts = 1_500_000_000L;
        b.u32le(6).u32le(36).u32le(0).u32le(ts >>> 32).u32le(ts & 0xffffffffL).u32le(3).u32le(3).bytes(FRAME_2).u8(0).u32le(36);
        Path f = dir.resolve("a.pcapng");
        Files.write(f, b.done());
        try (CaptureFileReader r = new CaptureFileReader(f)) {
            Frame fr = new Frame();
            assertTrue(r.next(fr));
            assertEquals(1_500_000_000L, fr.timestampNanos);
            assertEquals(LinkTypes.ETHERNET, fr.linkType);
            assertArrayEquals(FRAME_2, Arrays.copyOf(fr.data, fr.capturedLength));
            assertFalse(r.next(fr));
        }
    }

    @Test
    void truncatedCaptureNamesTheProblemAfterDeliveringWhatIsWhole() throws Exception {
        Path f = dir.resolve("t.pcap");
        Packets.writePcap(f, LinkTypes.ETHERNET, List.of(new Packets.Record(0, FRAME_1), new Packets.Record(1, FRAME_1)));
        byte[] whole = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(whole, whole.length - 5));
        try (CaptureFileReader r = new CaptureFileReader(f)) {
            Frame fr = new Frame();
            assertTrue(r.next(fr));
            CaptureException e = assertThrows(CaptureException.class, () -> r.next(fr));
            assertTrue(e.getMessage().contains("truncated capture"), e.getMessage());
            assertTrue(e.getMessage().contains("t.pcap"), e.getMessage());
        }
    }

    @Test
    void garbageEmptyMissingAndCorruptFilesAreClearErrors() throws Exception {
        Path garbage = dir.resolve("notes.txt");
        Files.writeString(garbage, "this is not a capture file at all\n");
        assertTrue(assertThrows(CaptureException.class, () -> new CaptureFileReader(garbage)).getMessage()
                .contains("not a pcap or pcapng file"));

        Path empty = dir.resolve("empty.pcap");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(CaptureException.class, () -> new CaptureFileReader(empty)).getMessage()
                .contains("not a capture file"));

        assertTrue(assertThrows(CaptureException.class, () -> new CaptureFileReader(dir.resolve("nope.pcap"))).getMessage()
                .contains("no such file"));

        Path corrupt = dir.resolve("corrupt.pcap");
        Files.write(corrupt, new Buf().bytes(Packets.pcapHeader(1)).u32le(0).u32le(0).u32le(0x7fffffff).u32le(0x7fffffff).done());
        try (CaptureFileReader r = new CaptureFileReader(corrupt)) {
            CaptureException e = assertThrows(CaptureException.class, () -> r.next(new Frame()));
            assertTrue(e.getMessage().contains("corrupt record"), e.getMessage());
        }
    }

    @Test
    void mergedSourceInterleavesFilesByTime() throws Exception {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        Packets.writePcap(a, 1, List.of(new Packets.Record(1, new byte[] {1}), new Packets.Record(4, new byte[] {4})));
        Packets.writePcap(b, 1, List.of(new Packets.Record(2, new byte[] {2}), new Packets.Record(3, new byte[] {3})));
        try (MergedSource m = new MergedSource(List.of(new CaptureFileReader(a), new CaptureFileReader(b)))) {
            Frame fr = new Frame();
            StringBuilder order = new StringBuilder();
            while (m.next(fr)) {
                order.append(fr.data[0]);
            }
            assertEquals("1234", order.toString());
        }
    }
}
