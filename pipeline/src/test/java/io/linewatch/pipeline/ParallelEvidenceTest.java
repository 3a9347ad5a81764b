package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.Frame;
import io.linewatch.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence pcaps with worker threads: the packets stay in the workers' rings; the files are those of one thread. */
class ParallelEvidenceTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void twoThreadsWriteTheSameEvidenceFilesAsOne() throws Exception {
        Path[] captures = Analyze.alerting();
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        Analyze.run(one, 1, captures);
        ParallelPipeline parallel = (ParallelPipeline) Analyze.run(two, 2, captures);
        Map<String, byte[]> single = files(one.resolve("evidence"));
        Map<String, byte[]> threads = files(two.resolve("evidence"));
        assertTrue(single.size() >= 5, "evidence files " + single.keySet());
        assertEquals(single.keySet(), threads.keySet());
        for (String name : single.keySet()) {
            assertTrue(single.get(name).length > 24, name + " holds packets");
            assertArrayEquals(single.get(name), threads.get(name), name);
        }
        // every alert that names a file has it, in both runs
        for (Path dir : List.of(one, two)) {
            Set<String> named = new java.util.TreeSet<>();
            for (String line : Files.readAllLines(dir.resolve("alerts.ndjson"))) {
                Object pcap = Json.readDoc(line).get("linewatch.evidence.pcap");
                if (pcap != null) {
                    named.add(String.valueOf(pcap).substring("evidence/".length()));
                }
            }
            assertEquals(single.keySet(), named, dir.toString());
        }
        // both workers held packets of the alerts' flows
        for (int i = 0; i < 2; i++) {
            assertTrue(parallel.evidenceForTest().rings(i).bufferedBytes() > 0, "worker " + i + " kept packets");
        }
        assertEquals((long) single.size(), parallel.dissectorCounters().get("evidence.files"));
    }

    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    out.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    /**
     * A worker runs ahead of the merger: by the time the alert for packet 6 arrives its ring has evicted packets
     * (1 KiB per flow) that were there when packet 6 arrived. It kept them aside, so the file is the one-thread file.
     */
    @Test
    void aWorkerAheadOfTheMergerStillGivesThePacketsOfThatMoment() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        EvidenceFiles fa = new EvidenceFiles(a, 1 << 20);
        EvidenceFiles fb = new EvidenceFiles(b, 1 << 20);
        EvidenceRings now = new EvidenceRings(10 * S, 10 * S, 1024, 1 << 20, 1 << 20, false, fa::deliver);
        EvidenceRings ahead = new EvidenceRings(10 * S, 10 * S, 1024, 1 << 20, 1 << 20, true, fb::deliver);
        byte[] data = new byte[300];
        EvidenceRings.Request q = new EvidenceRings.Request("x", Set.of("f"), 6, 5 * S, 15 * S);
        fa.open("x", 1, q.timestampNanos(), q.deadline());
        fb.open("x", 1, q.timestampNanos(), q.deadline());
        for (int i = 1; i <= 12; i++) {
            if (i == 6) {
                now.open(q); // one thread: asked while packet 6 is processed
            }
            data[0] = (byte) i;
            now.packet(i, "f", "10.0.0.1", "10.0.0.2", i * S, data, data.length, data.length, 1);
            ahead.packet(i, "f", "10.0.0.1", "10.0.0.2", i * S, data, data.length, data.length, 1);
        }
        ahead.open(q); // the worker hears of the alert after packet 12
        ahead.prune(5); // the merger had applied up to packet 5: nothing the alert needs is forgotten
        now.finish();
        ahead.finish();
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), seconds(a.resolve("evidence/x.pcap")));
        assertArrayEquals(Files.readAllBytes(a.resolve("evidence/x.pcap")), Files.readAllBytes(b.resolve("evidence/x.pcap")));
        assertFalse(ahead.counters().isEmpty());
    }

    private static List<Long> seconds(Path pcap) throws Exception {
        List<Long> ts = new ArrayList<>();
        try (CaptureFileReader r = new CaptureFileReader(pcap)) {
            Frame f = new Frame();
            while (r.next(f)) {
                ts.add(f.timestampNanos / S);
            }
        }
        return ts;
    }
}
