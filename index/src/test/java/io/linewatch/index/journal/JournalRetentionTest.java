package io.linewatch.index.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linewatch.model.EventDoc;
import io.linewatch.model.JournalSegments;
import io.linewatch.model.Json;
import io.linewatch.model.schema.JournalFields;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal segments (sealed at the segment size, read back whole and in order, torn tails still repaired on the active
 * file) and retention without Elasticsearch: nothing is shipped, so the oldest segments go, counted and alerted.
 */
class JournalRetentionTest {
    @TempDir
    Path dir;

    private static final long SEGMENT = 4096;

    private static EventDoc doc(int i) {
        EventDoc d = new EventDoc();
        d.put("event.id", "ev" + i);
        d.put("message", "x".repeat(100));
        return d;
    }

    private List<String> ids(String stream) throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(JournalSegments.read(dir, stream),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(Json.readDoc(line).id());
            }
        }
        return out;
    }

    @Test
    void aStreamIsSealedAtTheSegmentSizeAndReadBackWholeInOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        try (Journal j = new Journal(dir, true, SEGMENT)) {
            for (int i = 0; i < 200; i++) {
                j.append(Journal.Stream.EVENTS, doc(i));
                expected.add("ev" + i);
            }
            assertTrue(j.segmentsSealed() >= 4, "sealed " + j.segmentsSealed());
        }
        List<JournalSegments.Segment> segments = JournalSegments.all(dir, "events.ndjson");
        assertEquals("events-000001.ndjson", segments.get(0).file().getFileName().toString());
        assertEquals("events.ndjson", segments.get(segments.size() - 1).file().getFileName().toString());
        for (JournalSegments.Segment s : segments.subList(0, segments.size() - 1)) {
            byte[] b = Files.readAllBytes(s.file());
            assertEquals('\n', b[b.length - 1], "a sealed segment ends on a line boundary: " + s);
            assertTrue(b.length >= SEGMENT && b.length < SEGMENT + 8192, s + " " + b.length);
        }
        assertEquals(expected, ids("events.ndjson"));

        // a restart goes on with the next number; a torn tail on the active file is still set aside
        Files.writeString(dir.resolve("events.ndjson"), "{\"event\":{\"id\":\"torn", StandardOpenOption.APPEND);
        long before = JournalSegments.activeNumber(dir, "events.ndjson");
        try (Journal j = new Journal(dir, false, SEGMENT)) {
            assertEquals(1, j.tornTails());
            for (int i = 200; i < 300; i++) {
                j.append(Journal.Stream.EVENTS, doc(i));
                expected.add("ev" + i);
            }
        }
        assertTrue(JournalSegments.activeNumber(dir, "events.ndjson") > before);
        assertEquals(expected, ids("events.ndjson"));

        // a fresh journal (a new analysis) replaces the whole stream, sealed segments included
        try (Journal j = new Journal(dir, true, SEGMENT)) {
            j.append(Journal.Stream.EVENTS, doc(1000));
        }
        assertEquals(List.of("ev1000"), ids("events.ndjson"));
        assertEquals(List.of(), JournalSegments.sealed(dir, "events.ndjson"));
    }

    @Test
    void withoutElasticsearchTheOldestSegmentsAreRemovedCountedAndAlerted() throws Exception {
        try (Journal j = new Journal(dir, true, SEGMENT)) {
            for (int i = 0; i < 400; i++) {
                j.append(Journal.Stream.EVENTS, doc(i));
            }
            j.sync();
            List<JournalSegments.Segment> sealed = JournalSegments.sealed(dir, "events.ndjson");
            long total = Retention.usage(dir);
            Retention r = j.retain(total + 1, null);
            Retention.Stats untouched = r.enforce();
            assertEquals(0, untouched.unshippedSegmentsRemoved() + untouched.shippedSegmentsRemoved(), "under budget");
            assertFalse(untouched.overBudget());

            long oldestTwo = Files.size(sealed.get(0).file()) + Files.size(sealed.get(1).file());
            long docsInOldestTwo = Files.readAllLines(sealed.get(0).file()).size()
                    + Files.readAllLines(sealed.get(1).file()).size();
            r = j.retain(total - oldestTwo, null); // exactly the two oldest must go
            Retention.Stats st = r.enforce();
            assertEquals(2, st.unshippedSegmentsRemoved());
            assertEquals(docsInOldestTwo, st.unshippedDocumentsRemoved());
            assertEquals(0, st.shippedSegmentsRemoved(), "nothing is shipped without Elasticsearch");
            assertFalse(Files.exists(sealed.get(0).file()));
            assertFalse(Files.exists(sealed.get(1).file()));
            assertTrue(Files.exists(sealed.get(2).file()), "the third oldest stays");
            j.sync();

            List<String> alerts = Files.readAllLines(dir.resolve("alerts.ndjson"));
            assertEquals(1, alerts.size());
            EventDoc a = Json.readDoc(alerts.get(0));
            assertEquals(Retention.RULE_ID, a.getString("rule.id"));
            assertEquals("alert", a.getString("event.kind"));
            assertEquals(docsInOldestTwo, a.getLong(JournalFields.DOCUMENTS_REMOVED));
            assertTrue(a.getString("message").startsWith(docsInOldestTwo + " unshipped documents removed to keep the "
                    + "disk budget"), a.getString("message"));

            // a budget below the active files: every sealed segment goes, the newest kept empty for its number
            long newest = sealed.get(sealed.size() - 1).number();
            r = j.retain(1, null);
            st = r.enforce();
            assertTrue(st.overBudget());
            assertEquals(0, Files.size(dir.resolve(JournalSegments.sealedName("events.ndjson", newest))));
            assertEquals(newest + 1, JournalSegments.activeNumber(dir, "events.ndjson"), "numbers never go back");
        }
    }

    @Test
    void unshippedAlertsGoOnlyAfterEveryUnshippedEventsSegment() throws Exception {
        try (Journal j = new Journal(dir, true, SEGMENT)) {
            for (int i = 0; i < 100; i++) { // the alerts' segments are sealed first: the oldest
                j.append(Journal.Stream.ALERTS, doc(i));
            }
            for (int i = 0; i < 100; i++) {
                j.append(Journal.Stream.EVENTS, doc(i));
            }
            j.sync();
            List<JournalSegments.Segment> alerts = JournalSegments.sealed(dir, "alerts.ndjson");
            List<JournalSegments.Segment> events = JournalSegments.sealed(dir, "events.ndjson");
            Files.setLastModifiedTime(alerts.get(0).file(), java.nio.file.attribute.FileTime.fromMillis(0));
            Retention.Stats st = j.retain(Retention.usage(dir) - Files.size(events.get(0).file()), null).enforce();
            assertEquals(1, st.unshippedSegmentsRemoved());
            assertFalse(Files.exists(events.get(0).file()), "an events segment went");
            assertTrue(Files.exists(alerts.get(0).file()), "the older alerts segment stayed");
        }
    }
}
