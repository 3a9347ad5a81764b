package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packets around an alert: bounded per-flow rings, before and after the alert, drops counted. */
class PacketEvidenceTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path out;

    private static Frame frame(long ts, int size) {
        Frame f = new Frame();
        byte[] b = new byte[size];
        b[0] = (byte) (ts / S);
        f.set(ts, 1, b, 0, size, size);
        return f;
    }

    private List<Long> times(Path pcap) throws Exception {
        List<Long> ts = new ArrayList<>();
        try (CaptureFileReader r = new CaptureFileReader(pcap)) {
            Frame f = new Frame();
            while (r.next(f)) {
                ts.add(f.timestampNanos / S);
            }
        }
        return ts;
    }

    @Test
    void anAlertGetsItsFlowsPacketsFromTenSecondsBeforeToTenSecondsAfter() throws Exception {
        PacketEvidence e = new PacketEvidence(out);
        for (int t = 0; t <= 30; t++) {
            e.packet("a", frame(t * S, 100));
            e.packet("b", frame(t * S, 100)); // another flow: not in the file
            if (t == 20) {
                assertEquals("evidence/alert1.pcap", e.record("alert1", List.of("a"), t * S));
            }
        }
        e.finish();
        List<Long> ts = times(out.resolve("evidence/alert1.pcap"));
        List<Long> expected = new ArrayList<>();
        for (long t = 10; t <= 30; t++) {
            expected.add(t);
        }
        assertEquals(expected, ts);
        assertEquals(1L, e.counters().get("evidence.files"));
    }

    @Test
    void ringsAndFilesAreBoundedAndDropsCounted() throws Exception {
        // 1 KiB per flow ring, 2 KiB over all, 1 KiB per file
        PacketEvidence e = new PacketEvidence(out, 10 * S, 10 * S, 1024, 2048, 1024);
        for (int t = 0; t < 5; t++) {
            for (String flow : Set.of("a", "b", "c")) {
                e.packet(flow, frame(t * S, 300));
            }
        }
        assertTrue(e.bufferedBytes() <= 2048, "buffered " + e.bufferedBytes());
        assertTrue(e.counters().get("evidence.ring_packets_dropped") > 0);
        e.record("x", List.of("c"), 5 * S);
        for (int t = 5; t < 10; t++) {
            e.packet("c", frame(t * S, 300));
        }
        e.finish();
        assertTrue(out.resolve("evidence/x.pcap").toFile().length() <= 24 + 1024 + 16 * 4);
        assertTrue(e.counters().get("evidence.file_packets_dropped") > 0);
    }

    @Test
    void theRingsMemoryIsAShareOfTheHeapWithAFloor() {
        assertEquals(32L << 20, PacketEvidence.totalBytes(512L << 20), "a sixteenth of -Xmx512m");
        assertEquals(48L << 20, PacketEvidence.totalBytes(768L << 20), "the launcher's default heap");
        assertEquals(PacketEvidence.MIN_TOTAL_BYTES, PacketEvidence.totalBytes(64L << 20), "a small heap keeps the floor");
        long xmx = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        assertTrue(PacketEvidence.DEFAULT_TOTAL_BYTES >= PacketEvidence.totalBytes(xmx),
                "the default follows this JVM's -Xmx (at least what the collector reports usable)");
    }

    @Test
    void tooManyPendingFilesAreCountedNotKept() {
        PacketEvidence e = new PacketEvidence(out);
        for (int i = 0; i < PacketEvidence.MAX_PENDING; i++) {
            e.record("a" + i, List.of("f"), 0);
        }
        assertNull(e.record("over", List.of("f"), 0));
        assertEquals(1L, e.counters().get("evidence.files_not_kept"));
    }

    /**
     * Files collecting are counted in capture time, not by whether their parts were delivered yet: with workers,
     * when a part arrives depends on how far each worker ran ahead, and the alerts that keep a file must not.
     */
    @Test
    void pendingFilesAreCountedInCaptureTimeNotByDelivery() {
        long s = 1_000_000_000L;
        EvidenceFiles files = new EvidenceFiles(out, 1 << 20);
        for (int i = 0; i < EvidenceFiles.MAX_PENDING; i++) {
            assertNotNull(files.open("a" + i, 1, 0, 10 * s)); // no part ever delivered
        }
        assertNull(files.open("during", 1, 10 * s, 20 * s), "at the deadline the first files still collect");
        for (int i = 0; i < EvidenceFiles.MAX_PENDING; i++) {
            assertNotNull(files.open("b" + i, 1, 11 * s, 21 * s), "the first files' time is over, delivered or not");
        }
        assertNull(files.open("held", 1, 30 * s, 40 * s), "but no more parts are held than the memory bound");
        assertEquals(2L, files.counters().get("evidence.files_not_kept"));

        EvidenceFiles late = new EvidenceFiles(out, 1 << 20);
        for (int i = 0; i < EvidenceFiles.MAX_PENDING; i++) {
            assertNotNull(late.open("c" + i, 1, 0, 10 * s));
        }
        assertNotNull(late.open("now", 1, 11 * s, 21 * s), "the first files' time is over");
        assertNotNull(late.open("earlier", 1, 5 * s, 15 * s), "an alert dated earlier does not turn the clock back");
    }
}
