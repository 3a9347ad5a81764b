package io.linewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.capture.source.CaptureFileReader;
import io.linewatch.capture.source.PacketSource;
import io.linewatch.index.journal.Journal;
import io.linewatch.model.EventDoc;
import io.linewatch.model.Fields;
import io.linewatch.rules.AssetDirectory;
import io.linewatch.rules.EvidenceRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Snapshots taken from another thread while a pipeline runs are consistent, immutable and end up complete. */
class PipelineSnapshotTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "threads {0}")
    @ValueSource(ints = {1, 3})
    void snapshotsWhileRunningAndAfterTheEnd(int threads) throws Exception {
        Path capture = Analyze.capture("enip/quickdraw_cl5000eip_reboot_or_restart.pcap");
        try (Journal journal = new Journal(tmp, true); PacketSource source = new CaptureFileReader(capture)) {
            PacketPipeline p = threads > 1 ? new ParallelPipeline(journal, Analyze.rules(), null, threads, false)
                    : new Pipeline(journal, Analyze.rules(), null);
            assertTrue(p.snapshot().health().running());
            AtomicReference<String> error = new AtomicReference<>();
            Thread reader = new Thread(() -> error.set(new Run(source, p, (n, f) -> { }, 0).execute()));
            reader.start();
            List<PipelineSnapshot> taken = new ArrayList<>();
            while (reader.isAlive()) {
                taken.add(p.snapshot());
            }
            reader.join();
            assertNull(error.get());

            long packets = 0;
            long events = 0;
            for (PipelineSnapshot s : taken) {
                assertTrue(s.counters().packets() >= packets, "packets never go back");
                assertTrue(s.counters().events() >= events, "events never go back");
                packets = s.counters().packets();
                events = s.counters().events();
                assertEquals(s.counters().events(),
                        s.counters().eventsByDataset().values().stream().mapToLong(Long::longValue).sum());
            }

            PipelineSnapshot end = p.snapshot();
            assertFalse(end.health().running());
            assertTrue(end.health().errors().isEmpty(), end.health().errors().toString());
            assertEquals(p.packets(), end.counters().packets());
            assertEquals(p.decodeStats().bytes, end.counters().bytes());
            assertEquals(p.lastTimestamp(), end.health().lastPacketNanos());
            assertEquals(p.flowStats().created, end.counters().flows());
            assertEquals(p.dissectorCounters(), end.counters().dissectorCounters());
            assertEquals(p.eventsByDataset(), end.counters().eventsByDataset());
            assertEquals(journal.count(Journal.Stream.EVENTS), end.counters().events());
            // alerts are distinct ids: an open alert is journaled again as it repeats
            assertEquals(java.nio.file.Files.readAllLines(tmp.resolve(Journal.Stream.ALERTS.fileName)).stream()
                    .map(l -> io.linewatch.model.Json.readDoc(l).id()).distinct().count(), end.counters().alerts());
            assertEquals(Math.min(end.counters().alerts(), PipelineSnapshot.RECENT_ALERTS), end.recentAlerts().size());
            assertEquals(p.assets(), end.assets().size());
            assertTrue(end.assets().size() > 0);

            // immutable, all the way down
            assertThrows(UnsupportedOperationException.class, () -> end.assets().clear());
            assertThrows(UnsupportedOperationException.class, () -> end.assets().get(0).put("x", 1));
            assertThrows(UnsupportedOperationException.class, () -> end.counters().eventsByDataset().clear());
            assertThrows(UnsupportedOperationException.class, () -> end.counters().dissectorCounters().clear());
            Object ips = end.assets().get(0).get("host");
            assertTrue(ips instanceof Map<?, ?>);
            assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) ips).clear());
        }
    }

    @Test
    void recentAlertsAreTheNewestTwoHundred() throws Exception {
        try (Journal journal = new Journal(tmp, true)) {
            RulesStage d = new RulesStage(journal, Analyze.rules(), doc -> { }, AssetDirectory.NONE,
                    EvidenceRecorder.NONE, message -> { }, false);
            for (int i = 0; i < 250; i++) {
                d.alert(new EventDoc().put(Fields.EVENT_ID, "a" + i).put(Fields.ALERT_COUNT, 1L));
            }
            // a repeat of an open alert: the same id with a higher count replaces it, and is not a new alert
            d.alert(new EventDoc().put(Fields.EVENT_ID, "a100").put(Fields.ALERT_COUNT, 2L));
            assertEquals(250, d.alerts());
            List<Map<String, Object>> recent = d.recentAlerts();
            assertEquals(PipelineSnapshot.RECENT_ALERTS, recent.size());
            assertEquals(Map.of("event", Map.of("id", "a50"), "linewatch", Map.of("alert", Map.of("count", 1L))),
                    recent.get(0));
            assertEquals(Map.of("event", Map.of("id", "a100"), "linewatch", Map.of("alert", Map.of("count", 2L))),
                    recent.get(199));
        }
    }

    @Test
    void errorsTheRunStoppedOnAreInTheHealth() throws Exception {
        try (Journal journal = new Journal(tmp, true)) {
            Pipeline p = new Pipeline(journal, Analyze.rules(), null);
            p.reportError("disk full");
            p.finish();
            assertEquals(List.of("disk full"), p.snapshot().health().errors());
        }
    }
}
