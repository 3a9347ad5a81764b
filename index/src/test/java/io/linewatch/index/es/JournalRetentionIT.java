package io.linewatch.index.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.index.journal.Journal;
import io.linewatch.index.journal.Retention;
import io.linewatch.model.EventDoc;
import io.linewatch.model.JournalSegments;
import io.linewatch.model.Json;
import io.linewatch.model.schema.JournalFields;
import io.linewatch.testkit.ElasticsearchNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal segments and the disk budget against a real node ({@link ElasticsearchNode}): the shipper follows a stream
 * through its sealed segments and resumes from (segment, offset) after a restart; retention removes shipped segments
 * first, then (only when the budget forces it) the oldest unshipped ones, counted and alerted, and the shipper goes
 * on past the gap. An outage's backlog is reported across segments.
 */
class JournalRetentionIT {
    private static final long SEGMENT = 8192;
    static ElasticsearchNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void node() {
        node = ElasticsearchNode.shared();
    }

    private EsSettings.Builder writer(String sensor) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, node.writerPassword() + "\n");
        return EsSettings.builder().urls(node.url().toString()).caCertificate(node.caFile())
                .username(ElasticsearchNode.WRITER).passwordFile(pw).sensorName(sensor);
    }

    /** Journal lines of month 2001-06 for this test's index only. */
    private static byte[] events(String sensor, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("{\"@timestamp\":\"2001-06-01T00:00:00.").append(String.format("%06d", i))
                    .append("Z\",\"event\":{\"id\":\"").append(sensor).append('-').append(i)
                    .append("\",\"kind\":\"event\"},\"message\":\"").append("y".repeat(120)).append("\"}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Journal j, String sensor, int from, int to) {
        for (int i = from; i < to; i++) { // one line per call, as the pipeline's batches are: seals fall between them
            byte[] b = events(sensor, i, i + 1);
            j.appendEncoded(Journal.Stream.EVENTS, b, 0, b.length, 1);
        }
        j.sync();
    }

    private Set<String> indexed(String sensor) throws Exception {
        node.refresh("linewatch-events-2001.06");
        return new HashSet<>(node.ids("linewatch-events-2001.06", "{\"term\":{\"observer.name\":\"" + sensor + "\"}}"));
    }

    private static Set<String> ids(String sensor, int from, int to) {
        Set<String> s = new HashSet<>();
        for (int i = from; i < to; i++) {
            s.add(sensor + "-" + i);
        }
        return s;
    }

    @Test
    void theShipperFollowsSegmentsAndResumesFromSegmentAndOffset() throws Exception {
        String sensor = "segments-" + System.nanoTime();
        try (Journal j = new Journal(dir, true, SEGMENT)) {
            write(j, sensor, 0, 300);
            assertTrue(JournalSegments.sealed(dir, "events.ndjson").size() >= 4);
            try (EsShipper s = EsShipper.connect(writer(sensor).build())) {
                s.start(dir, false);
                DrainResult r = s.drain(Duration.ofSeconds(60));
                assertTrue(r.complete(), r.status().summary());
                assertEquals(300, r.status().streams().get("events").stored());
                long[] at = s.shippedUpTo(Journal.Stream.EVENTS);
                assertEquals(JournalSegments.activeNumber(dir, "events.ndjson"), at[0], "the cursor is in the active file");
            }
            // the sensor journals on (more seals) while no shipper runs, then a new one resumes where the old one was
            write(j, sensor, 300, 500);
            try (EsShipper s = EsShipper.connect(writer(sensor).build())) {
                s.start(dir, false);
                assertEquals(200, s.status().documentsBehind(), "the backlog counts every segment past the cursor");
                DrainResult r = s.drain(Duration.ofSeconds(60));
                assertTrue(r.complete(), r.status().summary());
                assertEquals(200, r.status().streams().get("events").stored(), "only what was not yet shipped");
                assertEquals(0, r.status().streams().get("events").alreadyPresent(), "nothing sent twice");
            }
        }
        assertEquals(ids(sensor, 0, 500), indexed(sensor));
        node.delete("linewatch-*", "{\"term\":{\"observer.name\":\"" + sensor + "\"}}");
    }

    @Test
    void theBudgetRemovesShippedSegmentsFirstThenUnshippedOnesCountedAndAlerted() throws Exception {
        String sensor = "budget-" + System.nanoTime();
        try (Journal j = new Journal(dir, true, SEGMENT)) {
            write(j, sensor, 0, 200);
            List<JournalSegments.Segment> shippedSegments = JournalSegments.sealed(dir, "events.ndjson");
            try (EsShipper s = EsShipper.connect(writer(sensor).build())) {
                s.start(dir, false);
                assertTrue(s.drain(Duration.ofSeconds(60)).complete());
            }
            // an outage: the sensor journals on and nothing is shipped
            write(j, sensor, 200, 600);
            EsShipper stopped = EsShipper.connect(writer(sensor).build());
            stopped.open(dir, false); // its cursor, no thread: what is shipped stays as it is
            List<JournalSegments.Segment> sealed = JournalSegments.sealed(dir, "events.ndjson");
            List<JournalSegments.Segment> unshipped = sealed.stream()
                    .filter(g -> g.number() >= stopped.shippedUpTo(Journal.Stream.EVENTS)[0]).toList();
            assertTrue(unshipped.size() >= 3, "unshipped sealed segments " + unshipped.size());
            long shippedBytes = 0;
            for (JournalSegments.Segment g : shippedSegments) {
                shippedBytes += Files.size(g.file());
            }
            long total = Retention.usage(dir);

            // a budget that removing the shipped segments meets: nothing unshipped goes
            Retention r = j.retain(total - shippedBytes, stopped::shippedUpTo);
            Retention.Stats st = r.enforce();
            assertEquals(shippedSegments.size(), st.shippedSegmentsRemoved());
            assertEquals(0, st.unshippedSegmentsRemoved());
            assertEquals(0, st.unshippedDocumentsRemoved());
            for (JournalSegments.Segment g : unshipped) {
                assertTrue(Files.exists(g.file()), "unshipped " + g + " kept");
            }
            assertFalse(Files.exists(dir.resolve("alerts.ndjson")) && Files.size(dir.resolve("alerts.ndjson")) > 0,
                    "no alert when nothing unshipped was lost");

            // a lower budget forces the two oldest unshipped segments out: counted, alerted
            long oldestTwo = Files.size(unshipped.get(0).file()) + Files.size(unshipped.get(1).file());
            Set<String> lostIds = new HashSet<>();
            for (JournalSegments.Segment g : unshipped.subList(0, 2)) {
                for (String line : Files.readAllLines(g.file())) {
                    lostIds.add(Json.readDoc(line).id());
                }
            }
            // the oldest of them was the active file when shipping stopped: its first lines are shipped, not lost
            lostIds.removeAll(ids(sensor, 0, 200));
            long lost = lostIds.size();
            st = r.enforce(); // nothing more to do at the same budget
            assertEquals(0, st.unshippedSegmentsRemoved());
            r = j.retain(Retention.usage(dir) - oldestTwo, stopped::shippedUpTo);
            st = r.enforce();
            assertEquals(2, st.unshippedSegmentsRemoved());
            assertEquals(lost, st.unshippedDocumentsRemoved());
            assertFalse(Files.exists(unshipped.get(0).file()));
            assertTrue(Files.exists(unshipped.get(2).file()), "the newer unshipped segments stay");
            j.sync();
            List<String> alerts = Files.readAllLines(dir.resolve("alerts.ndjson"));
            assertEquals(1, alerts.size());
            EventDoc a = Json.readDoc(alerts.get(0));
            assertEquals("LW-SYS-001", a.getString("rule.id"));
            assertEquals(lost, a.getLong(JournalFields.DOCUMENTS_REMOVED));
            stopped.close();

            // the cluster is back: the shipper skips the gap and sends the rest, and the alert
            try (EsShipper s = EsShipper.connect(writer(sensor).build())) {
                s.start(dir, false);
                DrainResult d = s.drain(Duration.ofSeconds(60));
                assertTrue(d.complete(), d.status().summary());
            }
            Set<String> expected = ids(sensor, 0, 600);
            expected.removeAll(lostIds); // what the two removed segments held is lost, and only that
            Set<String> got = indexed(sensor);
            assertEquals(600 - lost, got.size());
            assertEquals(expected, got);
            node.refresh("linewatch-alerts-*");
            assertEquals(1, node.ids("linewatch-alerts-*", "{\"term\":{\"observer.name\":\"" + sensor + "\"}}").size());
        }
        node.delete("linewatch-*", "{\"term\":{\"observer.name\":\"" + sensor + "\"}}");
    }

    @Test
    void anOutagesBacklogIsCountedAcrossSegments() throws Exception {
        String sensor = "outage-" + System.nanoTime();
        try (Journal j = new Journal(dir, true, SEGMENT);
             EsShipper s = EsShipper.connect(writer(sensor).urls("https://127.0.0.1:1").build())) {
            assertTrue(s.notConnectedReason() != null);
            s.start(dir, false);
            write(j, sensor, 0, 100);
            ShipperStatus first = s.status();
            write(j, sensor, 100, 400);
            ShipperStatus second = s.status();
            assertEquals(100, first.documentsBehind());
            assertEquals(400, second.documentsBehind(), "every segment of the backlog counts");
            assertEquals(JournalSegments.size(dir, "events.ndjson"), second.bytesBehind());
            assertTrue(second.retrying());
        }
    }
}
